/**
 * Latency statistics of a `verify` run.
 */

/** Latency of the successful requests, in milliseconds (one decimal); `null`s when none succeeded. */
export interface LatencySummary {
  /** How many latencies the figures are computed from (the successful requests). */
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/**
 * The `p`-th percentile of ascending `sorted` values by the nearest-rank method: the smallest value
 * with at least p % of the values at or below it (`sorted[ceil(p/100 × n) - 1]`). Always one of the
 * values, never an interpolation. `undefined` for an empty list.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Summarizes latencies (milliseconds, any order): p50, p95, p99 and max, rounded to 0.1 ms.
 * Failed requests are not given to it: a refused connection is fast and a timeout is the timeout,
 * neither says how fast the site answers.
 */
export function summarizeLatency(latenciesMs: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (p: number): number | null => {
    const v = percentile(sorted, p);
    return v === undefined ? null : round1(v);
  };
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
