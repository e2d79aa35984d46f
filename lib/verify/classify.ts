/**
 * Sorting failed requests into the classes the `verify` report counts.
 */

/**
 * Why a request failed:
 * - `refused`: nothing listened (ECONNREFUSED): a pod got traffic before its server was up, or after it stopped;
 * - `reset`: the connection was cut (ECONNRESET, EPIPE, "socket hang up", an answer cut short): a
 *   server closed a kept-alive connection, or was killed, with a request on it;
 * - `timeout`: no complete answer within `--request-timeout` (or the OS's connect timeout);
 * - `http5xx`: the server answered 500-599 (e.g. a proxy's 502/503 with no ready backend);
 * - `other`: anything else: a 4xx answer, DNS and routing errors, TLS errors, malformed answers.
 */
export type FailureClass = 'refused' | 'reset' | 'timeout' | 'http5xx' | 'other';

/** Every failure class, in report order. */
export const FAILURE_CLASSES: readonly FailureClass[] = ['refused', 'reset', 'timeout', 'http5xx', 'other'];

/** A classified failure: its class and a short detail for the report (`ECONNREFUSED`, `HTTP 503`). */
export interface Failure {
  readonly cls: FailureClass;
  /** The error code or status, e.g. `ECONNRESET`, `HTTP 503`, `timeout after 2s`. */
  readonly detail: string;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * Classifies an error from Node's HTTP client. Node reports "socket hang up" (the server closed the
 * connection before answering) with the code ECONNRESET, so it counts as a reset. With several
 * addresses to try (e.g. `localhost`), Node 20 raises an `AggregateError` whose inner errors carry
 * the codes; the most telling inner code is used.
 */
export function classifyError(error: unknown): Failure {
  const codes = errorCodes(error);
  if (codes.includes('ECONNREFUSED')) return { cls: 'refused', detail: 'ECONNREFUSED' };
  const reset = codes.find((c) => RESET_CODES.has(c));
  if (reset) return { cls: 'reset', detail: reset };
  const timeout = codes.find((c) => TIMEOUT_CODES.has(c));
  if (timeout) return { cls: 'timeout', detail: timeout };
  if (codes.length > 0) return { cls: 'other', detail: codes[0] };
  const message = error instanceof Error ? error.message : String(error);
  if (/socket hang up/i.test(message)) return { cls: 'reset', detail: 'ECONNRESET' };
  return { cls: 'other', detail: message.split('\n')[0].slice(0, 80) || 'unknown error' };
}

/**
 * Classifies an HTTP status: `undefined` for a success (1xx-3xx; redirects are not followed), a
 * failure for 4xx (`other`) and 5xx (`http5xx`).
 */
export function classifyStatus(status: number): Failure | undefined {
  if (status >= 500 && status <= 599) return { cls: 'http5xx', detail: `HTTP ${status}` };
  if (status >= 400 || status < 100) return { cls: 'other', detail: `HTTP ${status}` };
  return undefined;
}

/** The `code`s of an error and of the errors inside it (AggregateError, `cause`), outermost first. */
function errorCodes(error: unknown): string[] {
  const out: string[] = [];
  const visit = (e: unknown, depth: number): void => {
    if (depth > 3 || typeof e !== 'object' || e === null) return;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !out.includes(code)) out.push(code);
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) inner.forEach((x) => visit(x, depth + 1));
    visit((e as { cause?: unknown }).cause, depth + 1);
  };
  visit(error, 0);
  return out;
}
