/**
 * One problem found in the input of a construct or an option.
 *
 * Every check of this library reports problems in the same shape, so that a person reading a failed
 * synth always finds the property, the bad value, what is allowed and how to fix it:
 *
 * `<prop> <problem>, got <value>; allowed: <allowed>. Fix: <fix>.`
 *
 * cdk8s prefixes each message with the construct path (`[chart/website] ...`) when it collects the
 * validation errors of a whole app, so every message names where, what and how to fix.
 */
export interface Problem {
  /**
   * The property at fault, as the user spells it (e.g. `maxSurge`, `readiness.path`). An option
   * checking itself names its own fields (`period`) and uses `''` for its whole value; the construct
   * that takes the option puts the prop name in front (`nestProblems`).
   */
  readonly property: string;
  /** What is wrong, as a short phrase (e.g. `must be at least 1`). */
  readonly problem: string;
  /** The value the user gave. */
  readonly value: unknown;
  /** What would be accepted. */
  readonly allowed: string;
  /** What the user should do. */
  readonly fix: string;
}

/** Renders a value for an error message: strings quoted, everything else as JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value); // NaN, Infinity stay readable
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    // bigint inside an object, cycles, objects without a prototype: never let formatting throw
    try {
      return String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
}

/** Formats one problem in the library's single error format. */
export function formatProblem(p: Problem): string {
  const fix = p.fix.endsWith('.') ? p.fix : `${p.fix}.`;
  return `${p.property} ${p.problem}, got ${describeValue(p.value)}; allowed: ${p.allowed}. Fix: ${fix}`;
}

/**
 * The problems of an option, named from the construct that takes it as `prefix`: its own fields become
 * `prefix.field`, list entries `prefix[0]`, its whole value `prefix`. Properties that start with `$`
 * (an environment variable an image was read from) name something outside the props and stay as they are.
 */
export function nestProblems(prefix: string, problems: readonly Problem[]): Problem[] {
  return problems.map((x) => ({ ...x, property: nestProperty(prefix, x.property) }));
}

function nestProperty(prefix: string, property: string): string {
  if (property === '') return prefix;
  if (property.startsWith('$')) return property;
  return property.startsWith('[') ? `${prefix}${property}` : `${prefix}.${property}`;
}

/** Collects problems so that all of them can be reported together. */
export class ProblemList {
  private readonly items: Problem[] = [];

  /** Records a problem; `undefined` (a check that passed) is ignored. */
  public add(problem: Problem | undefined): void {
    if (problem !== undefined) this.items.push(problem);
  }

  /** Records several problems. */
  public addAll(problems: readonly Problem[]): void {
    this.items.push(...problems);
  }

  /** The problems so far. */
  public get all(): Problem[] {
    return [...this.items];
  }

  /** The number of problems so far. */
  public get length(): number {
    return this.items.length;
  }
}
