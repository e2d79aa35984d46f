/**
 * One problem found in the input of a construct.
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
  /** The property at fault, as the user spells it (e.g. `maxSurge`, `readiness.path`). */
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
 * The error this library throws for bad input.
 *
 * Pure helpers (such as `parseImageReference`) throw it without a construct path; constructs collect
 * their problems and report them all at synth time through cdk8s validation, which adds the path.
 */
export class ValidationError extends Error {
  /** The problems, in the order they were found. */
  public readonly problems: Problem[];

  constructor(problems: Problem[], path?: string) {
    const lines = problems.map(formatProblem);
    const prefix = path ? `${path}: ` : '';
    super(lines.length === 1 ? `${prefix}${lines[0]}` : `${prefix}${lines.length} problems:\n  ${lines.join('\n  ')}`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** Collects problems so that all of them can be reported together. */
export class ProblemList {
  private readonly items: Problem[] = [];

  /** Records a problem. */
  public add(problem: Problem): void {
    this.items.push(problem);
  }

  /** Records the problems of a `ValidationError`, rethrows anything else. */
  public capture<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ValidationError) {
        e.problems.forEach((p) => this.add(p));
        return undefined;
      }
      throw e;
    }
  }

  /** The problems so far, formatted. */
  public messages(): string[] {
    return this.items.map(formatProblem);
  }

  /** The problems so far. */
  public get all(): readonly Problem[] {
    return this.items;
  }

  /** Throws a `ValidationError` if any problem was recorded. */
  public throwIfAny(path?: string): void {
    if (this.items.length > 0) {
      throw new ValidationError([...this.items], path);
    }
  }
}
