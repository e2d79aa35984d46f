/**
 * The expected share of a version (`--expect-share v2=25%`), judged over independent samples.
 *
 * What the share is a share *of*: kube-proxy picks a backend per new connection (iptables and
 * nftables at random, IPVS in turn) and every request on that connection then reaches the same pod.
 * So the independent samples are connections, not requests: the first versioned answer on each new
 * connection is one sample, and the requests that follow on a kept-alive connection add nothing
 * (verify's kept-alive pool of 4 connections is 4 samples, however many requests it carries). An L7
 * proxy (a Gateway API implementation, an ingress controller) picks per request instead; counting
 * connections is right there too, only more cautious than it needs to be.
 *
 * The test: with `n` samples of which `seen` name the version, the observed share `seen / n` must lie
 * in the expected share `p` ± `z·sqrt(p(1-p)/n)` (the normal approximation of the binomial
 * distribution under the expectation, two-sided, 99 %: z = 2.576). The approximation needs at least
 * 10 expected samples on each side (`n·p ≥ 10` and `n·(1-p) ≥ 10`); with fewer, the share cannot be
 * judged. A share of 0 % or 100 % is exact: one sample of the other kind fails it, at any `n`.
 */

/** One `--expect-share VERSION=PERCENT`. */
export interface ExpectedShare {
  /** The version as the answers name it (`--version-header` / `--version-pattern`). */
  readonly version: string;
  /** 0 to 100. */
  readonly percent: number;
}

/** Two-sided confidence of the share check. */
export const SHARE_CONFIDENCE = 0.99;
/** The standard normal quantile for `SHARE_CONFIDENCE` two-sided (Φ⁻¹(0.995) = 2.5758). */
export const SHARE_Z = 2.576;
/**
 * Expected samples needed on each side (the version, the others) for the normal approximation: the
 * textbook success-failure condition, `n·p ≥ 10` and `n·(1-p) ≥ 10`.
 */
export const MIN_EXPECTED_PER_SIDE = 10;

/** How one expected share was judged. */
export type ShareVerdict = 'pass' | 'fail' | 'cannot-judge';

/** One expected share in the report. Percentages are rounded to 0.1. */
export interface ShareResult {
  readonly version: string;
  readonly expectedPercent: number;
  /** `seen / samples`; `null` without samples. */
  readonly observedPercent: number | null;
  /** Independent samples: connections whose first answer named a version. */
  readonly samples: number;
  /** Those of them naming this version. */
  readonly seen: number;
  /** Half the width of the interval: `z·sqrt(p(1-p)/n)`; `null` without samples. */
  readonly tolerancePercent: number | null;
  readonly lowPercent: number | null;
  readonly highPercent: number | null;
  /** `SHARE_CONFIDENCE`. */
  readonly confidence: number;
  /** The fewest samples that can judge this share (see `minSamplesFor`). */
  readonly minSamples: number;
  readonly verdict: ShareVerdict;
  /** The verdict in one sentence, with the numbers. */
  readonly reason: string;
}

/**
 * The fewest samples for which the normal approximation holds at expected share `p` (0 to 1):
 * `ceil(10 / min(p, 1-p))`; 10 for an exact share (0 or 1).
 */
export function minSamplesFor(p: number): number {
  const rarer = Math.min(p, 1 - p);
  if (rarer <= 0) return MIN_EXPECTED_PER_SIDE;
  // the epsilon keeps e.g. 10 / 0.1 at 100 despite floating point
  return Math.ceil(MIN_EXPECTED_PER_SIDE / rarer - 1e-9);
}

/**
 * The interval the observed share must lie in, for expected share `p` (0 to 1) and `n` samples:
 * `p ± z·sqrt(p(1-p)/n)`, clipped to [0, 1].
 */
export function shareInterval(p: number, n: number, z: number = SHARE_Z): { low: number; high: number; tolerance: number } {
  if (!(n > 0)) throw new RangeError(`samples must be above 0, got ${n}`);
  const tolerance = z * Math.sqrt((p * (1 - p)) / n);
  return { low: Math.max(0, p - tolerance), high: Math.min(1, p + tolerance), tolerance };
}

/** Judges one expected share from `seen` of `samples` independent samples. */
export function judgeShare(expected: ExpectedShare, seen: number, samples: number): ShareResult {
  const p = expected.percent / 100;
  const minSamples = minSamplesFor(p);
  const base = { version: expected.version, expectedPercent: expected.percent, samples, seen, confidence: SHARE_CONFIDENCE, minSamples };
  const expectedText = `${fmtPercent(expected.percent)} expected`;
  if (samples === 0) {
    return {
      ...base,
      observedPercent: null,
      tolerancePercent: null,
      lowPercent: null,
      highPercent: null,
      verdict: 'cannot-judge',
      reason: `${expected.version}: cannot judge the share (${expectedText}): no new connection answered with a version; at least ${minSamples} needed`,
    };
  }
  const observed = seen / samples;
  const { low, high, tolerance } = shareInterval(p, samples);
  const observedText = `${fmtPercent(observed * 100)} of ${samples} new connections (${seen})`;
  const result = {
    ...base,
    observedPercent: round1(observed * 100),
    tolerancePercent: round1(tolerance * 100),
    lowPercent: round1(low * 100),
    highPercent: round1(high * 100),
  };
  const exact = p === 0 || p === 1;
  if (exact && observed !== p) {
    return { ...result, verdict: 'fail', reason: `${expected.version}: ${observedText}, ${expectedText} exactly` };
  }
  if (samples < minSamples) {
    const why = exact ? `at least ${minSamples} needed` : `at least ${minSamples} needed for ${fmtPercent(expected.percent)} (${MIN_EXPECTED_PER_SIDE} expected on each side)`;
    return { ...result, verdict: 'cannot-judge', reason: `${expected.version}: cannot judge the share (${expectedText}): ${observedText}, too few samples; ${why}` };
  }
  const interval = exact ? 'exactly' : `${SHARE_CONFIDENCE * 100} % interval ${fmtPercent(low * 100)} to ${fmtPercent(high * 100)} (± ${fmtPercent(tolerance * 100)})`;
  // compared in counts with a little slack, so that a share printed on a bound is inside
  const inside = observed >= low - 1e-9 && observed <= high + 1e-9;
  return {
    ...result,
    verdict: inside ? 'pass' : 'fail',
    reason: `${expected.version}: ${observedText}, ${expectedText}, ${interval}: ${inside ? 'inside' : 'outside'}`,
  };
}

/** `25 %`, `24.3 %`. */
export function fmtPercent(percent: number): string {
  return `${round1(percent)} %`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
