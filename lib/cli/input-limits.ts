import { constants as bufferConstants, isUtf8 } from 'buffer';

/**
 * Bounds on what `check` and `plan` read, so that hostile or broken input (a 100,000-deep `[[[...]]]`,
 * a "billion laughs" alias bomb, a huge or binary file) ends with an input problem (exit 2) in bounded
 * time and memory, instead of a stack overflow, an out-of-memory crash or a hang. Real manifests stay
 * far inside every bound (README.md, "Limits of the input").
 */
export interface InputLimits {
  /**
   * Largest file, or stdin, read, in bytes. Reading costs about eight times the file's size in memory
   * (the bytes, the text, then its objects) and about 3 s per 50 MB (`npm run bench -- --only
   * hostile`): ~550 MB for a file at the limit. The output of a Helm chart is rarely 5 MB.
   * @default 64 MiB - raise it with CDK8S_ZD_MAX_INPUT_MIB
   */
  readonly maxFileBytes: number;
  /**
   * Deepest nesting of maps and lists in a document, YAML aliases expanded. libyaml's default; js-yaml's
   * own default (100) rejects deep but real documents, and js-yaml runs out of Node's default stack at
   * about 1,700 levels of `[[...]]`. Rendered Kubernetes objects, CRD schemas included, nest a few dozen.
   * @default 1000
   */
  readonly maxDepth: number;
  /**
   * Nodes (maps, lists and scalars) that YAML aliases may add to all the documents of a run, counted as
   * expanded: js-yaml keeps an alias as a shared reference, so parsing an alias bomb is cheap, but every
   * walk over its objects (the rules, JSON output) visits each reference again. Without aliases a
   * document has fewer nodes than characters, so this is the only way input can grow past its size.
   * @default 1,000,000
   */
  readonly maxAliasNodes: number;
}

/** The limits `check` and `plan` run with, unless CDK8S_ZD_MAX_INPUT_MIB raises `maxFileBytes`. */
export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxFileBytes: 64 * 1024 * 1024,
  maxDepth: 1000,
  maxAliasNodes: 1_000_000,
};

/** The environment variable that sets `maxFileBytes`, in MiB. */
export const MAX_INPUT_ENV = 'CDK8S_ZD_MAX_INPUT_MIB';

/** The most `maxFileBytes` can be: Node's longest string (a text is decoded into one), ~511 MiB. */
const MAX_INPUT_MIB = Math.floor(bufferConstants.MAX_STRING_LENGTH / (1024 * 1024));

/**
 * The limits for an environment: the defaults, with `maxFileBytes` from CDK8S_ZD_MAX_INPUT_MIB when set.
 * A value that is not a whole number of MiB from 1 to ~511 is returned as a message to print.
 */
export function inputLimitsFromEnv(env: NodeJS.ProcessEnv): InputLimits | string {
  const raw = env[MAX_INPUT_ENV];
  if (raw === undefined || raw === '') return DEFAULT_INPUT_LIMITS;
  const mib = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(mib >= 1 && mib <= MAX_INPUT_MIB)) {
    return `${MAX_INPUT_ENV} must be a whole number of MiB from 1 to ${MAX_INPUT_MIB}, got ${JSON.stringify(raw)}`;
  }
  return { ...DEFAULT_INPUT_LIMITS, maxFileBytes: mib * 1024 * 1024 };
}

/** An input problem found by a limit: a message, and where in the file when known. */
export interface LimitProblem {
  readonly message: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
}

/** The message for a file (or stdin) larger than `maxFileBytes`; `bytes` when known (stdin stops reading at the limit). */
export function tooLargeMessage(maxFileBytes: number, bytes?: number): string {
  const size = bytes === undefined ? 'larger than' : `${formatMiB(bytes)}, more than`;
  return `input is ${size} the limit of ${formatMiB(maxFileBytes)} per file; split it, or raise the limit with ${MAX_INPUT_ENV}=<MiB>`;
}

/** 64 MiB, 80.5 MiB; under 1 MiB in bytes. */
function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib < 1) return `${formatCount(bytes)} bytes`;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

/**
 * Decodes a file's bytes as UTF-8 text, or says why it is not YAML: a NUL byte or bytes that are not
 * UTF-8 (a binary file, an image, a `.tar.gz` named `.yaml`), or UTF-16 text. A UTF-8 byte order mark is
 * dropped (js-yaml drops it too; the `---` after it then starts a line).
 */
export function decodeText(data: Buffer): string | LimitProblem {
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
    return { line: 1, column: 1, message: 'UTF-16 text, not UTF-8: convert it first, e.g. iconv -f UTF-16 -t UTF-8' };
  }
  // the first byte at fault: a NUL, or one that is not UTF-8
  const nul = data.indexOf(0);
  const bad = isUtf8(data) ? -1 : firstInvalidUtf8(data);
  if (nul >= 0 && (bad < 0 || nul < bad)) return { ...positionOf(data, nul), message: 'binary file, not YAML (a NUL byte)' };
  if (bad >= 0) {
    return { ...positionOf(data, bad), message: `binary file, not YAML (byte 0x${data[bad].toString(16).toUpperCase().padStart(2, '0')} is not UTF-8; YAML text is UTF-8)` };
  }
  const text = data.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Line and column (1-based; the column counts bytes) of a byte offset. */
function positionOf(data: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = data.indexOf(10); i >= 0 && i < offset; i = data.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (only called when there is one). */
function firstInvalidUtf8(data: Buffer): number {
  let i = 0;
  while (i < data.length) {
    const b = data[i];
    // lead byte: sequence length and the allowed range of its second byte (no overlong forms, no surrogates, <= U+10FFFF)
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) n = 1;
    else if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k < n; k++) {
      const c = data[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n;
  }
  return data.length - 1;
}

/** What the documents of one run have used of `maxAliasNodes`. */
export interface AliasBudget {
  /** Nodes added by aliases so far. */
  used: number;
}

/**
 * Checks one parsed document against `maxDepth` and `maxAliasNodes`, with YAML aliases expanded, and
 * finds alias cycles (`&a [*a]`: js-yaml builds an object that contains itself, on which JSON output and
 * the rules would never end). Adds the nodes its aliases add to `budget`. Returns the problem, if any.
 *
 * One walk over the distinct maps and lists, linear in the document's size whatever its aliases: each
 * one's expanded node count and height are computed once and reused wherever an alias refers to it.
 * The recursion never goes deeper than `maxDepth` + 1 calls.
 */
export function checkExpansion(value: unknown, limits: InputLimits, budget: AliasBudget): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const seen = new Map<object, { nodes: number; height: number }>();
  const open = new Set<object>();
  const keys: Array<string | number> = [];
  let distinct = 0;
  let problem: string | undefined;

  /** Expanded nodes and height of `node` found at nesting `depth` (1 for the document); undefined once a problem is found. */
  const visit = (node: object, depth: number): { nodes: number; height: number } | undefined => {
    const known = seen.get(node);
    if (known) {
      if (depth - 1 + known.height > limits.maxDepth) problem = deeperThan(limits, keys, true);
      return problem === undefined ? known : undefined;
    }
    if (open.has(node)) {
      problem = `YAML alias at ${formatKeys(keys)} refers to a map or list that contains it (a cycle); a Kubernetes object is a tree`;
      return undefined;
    }
    if (depth > limits.maxDepth) {
      problem = deeperThan(limits, keys, false);
      return undefined;
    }
    open.add(node);
    let nodes = 1;
    let height = 1;
    distinct++;
    const child = (key: string | number, value: unknown): boolean => {
      if (typeof value !== 'object' || value === null) {
        // a scalar is a level too, as for js-yaml's maxDepth (which counts the same document as deep or
        // one level deeper, so that whatever js-yaml reads passes here when it has no alias)
        if (depth + 1 > limits.maxDepth) {
          problem = deeperThan(limits, [...keys, key], false);
          return false;
        }
        nodes++;
        distinct++;
        height = Math.max(height, 2);
        return true;
      }
      keys.push(key);
      const sub = visit(value, depth + 1);
      keys.pop();
      if (!sub) return false;
      nodes += sub.nodes;
      height = Math.max(height, sub.height + 1);
      return true;
    };
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (!child(i, node[i])) return undefined;
    } else {
      for (const key of Object.keys(node)) if (!child(key, (node as Record<string, unknown>)[key])) return undefined;
    }
    open.delete(node);
    const shape = { nodes, height };
    seen.set(node, shape);
    return shape;
  };

  const root = visit(value, 1);
  if (!root) return problem;
  const added = root.nodes - distinct;
  if (added === 0) return undefined;
  if (budget.used + added > limits.maxAliasNodes) {
    return `YAML aliases expand this document to ${formatCount(root.nodes)} nodes from ${formatCount(distinct)} (an alias bomb?); aliases may add at most ${formatCount(limits.maxAliasNodes)} nodes to all inputs`;
  }
  budget.used += added;
  return undefined;
}

function deeperThan(limits: InputLimits, keys: ReadonlyArray<string | number>, throughAlias: boolean): string {
  return `nesting deeper than ${formatCount(limits.maxDepth)} levels${throughAlias ? ' through YAML aliases' : ''}, at ${formatKeys(keys)}`;
}

/** `spec.template.containers[0]`; the whole document is `the document's top`. */
function formatKeys(keys: ReadonlyArray<string | number>): string {
  if (keys.length === 0) return "the document's top";
  // a long path is cut in the middle: the start says where, the end what
  const shown = keys.length > 12 ? [...keys.slice(0, 6), '…', ...keys.slice(-5)] : keys;
  let out = '';
  for (const k of shown) {
    if (k === '…') out += `…(${keys.length - 11} more)…`;
    else if (typeof k === 'number') out += `[${k}]`;
    else out += /^[A-Za-z_$][\w$-]*$/.test(k) ? `${out === '' ? '' : '.'}${k}` : `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** 1,000,000; astronomical counts (a deep alias chain) as 1.2e+25. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return 'more than 1e+308';
  return n < 1e15 ? n.toLocaleString('en-US') : n.toPrecision(2);
}
