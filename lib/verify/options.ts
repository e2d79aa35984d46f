/**
 * The options of `cdk8s-zero-downtime verify`: their defaults, their limits, and their validation.
 *
 * Every problem names the option, the value given, what is allowed and the fix, in the library's one
 * error format (`formatProblem` in `lib/errors.ts`).
 */
import { Problem } from '../internal/problems';
import { formatDuration, parseDuration } from './duration';
import { ExpectedShare } from './share';

/** How the final report is printed on stdout. */
export type OutputFormat = 'text' | 'json';

/** The validated options of one `verify` run. Times are in milliseconds. */
export interface VerifyOptions {
  /** The page requested, `http:` or `https:`. */
  readonly url: URL;
  /** The shell command run alongside (`sh -c CMD`), e.g. a rollout; absent for a fixed-length run. */
  readonly during?: string;
  /** Requests per second, split evenly between fresh and kept-alive connections. */
  readonly rate: number;
  /** How long requests are sent when there is no `during` command; `undefined` with one. */
  readonly durationMs?: number;
  /** The cap on the whole run, the `during` command included. */
  readonly timeoutMs: number;
  /** How long requests keep going after the `during` command has exited (see `tailForGracePeriod`). */
  readonly tailMs: number;
  /** `default` when `tailMs` is `VERIFY_DEFAULTS.tailMs`, `option` when `--tail` gave it. */
  readonly tailOrigin: TailOrigin;
  /** How long one request may take, from the moment it is sent to the last byte of the answer. */
  readonly requestTimeoutMs: number;
  /** Response header holding the served version, lower-cased (e.g. `x-app-version`). */
  readonly versionHeader?: string;
  /** Pattern finding the version in the header (with `versionHeader`) or else in the body. */
  readonly versionPattern?: RegExp;
  /**
   * `--expect-share VERSION=PERCENT`, each version once: the share of new connections each version
   * must answer, judged with a binomial tolerance (see share.ts); empty when not given.
   */
  readonly expectShares: readonly ExpectedShare[];
  /** `text` (default) or `json`. */
  readonly format: OutputFormat;
}

/** Where the tail of a run comes from: the default termination window, or `--tail`. */
export type TailOrigin = 'default' | 'option';

/** The options as typed on the command line, before validation; absent when not given. */
export interface RawVerifyOptions {
  readonly url?: string;
  readonly during?: string;
  readonly rate?: string;
  readonly duration?: string;
  readonly timeout?: string;
  readonly tail?: string;
  readonly requestTimeout?: string;
  readonly versionHeader?: string;
  readonly versionPattern?: string;
  /** Every `--expect-share`, as typed (the option is repeatable). */
  readonly expectShare?: readonly string[];
  /** Already one of the choices: the command's `--format` option (`formatOption`) refuses anything else. */
  readonly format?: OutputFormat;
}

/**
 * Kubernetes' default `terminationGracePeriodSeconds`, in milliseconds: how long a pod that is not told
 * otherwise may take to terminate.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
 */
export const DEFAULT_GRACE_PERIOD_MS = 30_000;

/**
 * Added to the grace period to make the tail: the kubelet learns of the deletion a moment after
 * `kubectl rollout status` returns, gives a preStop hook still running at the end of the grace period
 * a one-off 2 s extension, and proxies apply endpoint changes late (1.5 s measured); and a few requests
 * must still be sent after the last old pod is gone, to see it go.
 */
export const TAIL_MARGIN_MS = 5_000;

/**
 * The tail that covers the termination window of pods with this grace period: the grace period plus
 * `marginMs`.
 *
 * When `kubectl rollout status` returns, the last old pod has only been deleted: it runs its preStop
 * hook, gets SIGTERM and drains, for up to `terminationGracePeriodSeconds` (the kubelet kills it then).
 * A server that mishandles SIGTERM drops the requests on its kept-alive connections at that moment,
 * seconds after the command: a run that stops at the command misses it.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
 */
export function tailForGracePeriod(graceMs: number, marginMs: number = TAIL_MARGIN_MS): number {
  return graceMs + marginMs;
}

/**
 * Why a run watches `tailMs` after the `--during` command, in one sentence for the report and the
 * progress log: what the tail covers.
 */
export function tailReason(tailMs: number, origin: TailOrigin): string {
  const margin = formatDuration(TAIL_MARGIN_MS);
  if (origin === 'default') {
    return (
      `default: Kubernetes' default terminationGracePeriodSeconds, ${formatDuration(DEFAULT_GRACE_PERIOD_MS)}, plus a ${margin} margin: ` +
      'the longest an old pod can hold connections after kubectl rollout status returns'
    );
  }
  if (tailMs === 0) return '--tail 0s: requests stop when the command exits; old pods still terminating are not watched';
  const given = `--tail ${formatDuration(tailMs)}`;
  if (tailMs <= TAIL_MARGIN_MS) return `${given}: at most the ${margin} margin; old pods still terminating after the command are not watched`;
  return `${given}: covers old pods with a terminationGracePeriodSeconds up to ${formatDuration(tailMs - TAIL_MARGIN_MS)}, plus a ${margin} margin`;
}

/** Defaults of the options that have one. */
export const VERIFY_DEFAULTS = {
  /** 10 requests per second: 5 on fresh connections, 5 over kept-alive ones. */
  rate: 10,
  /** 30 s without `--during`. */
  durationMs: 30_000,
  /** 10 min: the whole run, `--during` command included. */
  timeoutMs: 600_000,
  /**
   * 35 s after the `--during` command exits: the termination window of a pod with Kubernetes' default
   * grace period (30 s) plus the 5 s margin (`tailForGracePeriod`). `plan` prints the tail for each
   * Deployment's own grace period.
   */
  tailMs: tailForGracePeriod(DEFAULT_GRACE_PERIOD_MS),
  /** 2 s per request: the readiness probe's default timeout too. */
  requestTimeoutMs: 2_000,
  format: 'text' as OutputFormat,
} as const;

/** Limits of the options: anything outside is refused before a single request is sent. */
export const VERIFY_LIMITS = {
  minRate: 0.1,
  maxRate: 1000,
  minDurationMs: 100,
  maxTimeoutMs: 24 * 3_600_000,
  /** As long as `--timeout` may be: a grace period can be an hour (long-lived connections). */
  maxTailMs: 24 * 3_600_000,
  minRequestTimeoutMs: 10,
  maxRequestTimeoutMs: 5 * 60_000,
  /** rate × (duration or timeout): bounds memory (a few bytes per request) and load. */
  maxRequests: 1_000_000,
  maxPatternLength: 1000,
} as const;

/** HTTP header names are RFC 9110 tokens. */
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The most requests a run with these options can send: `floor(rate × duration)` without a `during`
 * command, `floor(rate × timeout)` with one. The load generator never goes past it.
 */
export function requestBudget(options: Pick<VerifyOptions, 'rate' | 'durationMs' | 'timeoutMs'>): number {
  const windowMs = options.durationMs ?? options.timeoutMs;
  // the epsilon keeps e.g. 0.3/s × 10 s at 3 despite 0.3 × 10000 / 1000 = 2.9999999999999996
  return Math.floor((options.rate * windowMs) / 1000 + 1e-9);
}

/** The result of validating the raw options: the options, or every problem found. */
export type ParsedVerifyOptions = { readonly ok: true; readonly options: VerifyOptions } | { readonly ok: false; readonly problems: Problem[] };

/**
 * Validates the raw command-line options. Collects every problem rather than stopping at the first,
 * so that one run shows everything to fix.
 */
export function parseVerifyOptions(raw: RawVerifyOptions): ParsedVerifyOptions {
  const problems: Problem[] = [];
  const add = (property: string, problem: string, value: unknown, allowed: string, fix: string): void => {
    problems.push({ property, problem, value, allowed, fix });
  };

  // --url
  let url: URL | undefined;
  const urlAllowed = 'an absolute http:// or https:// URL of a page that answers 2xx or 3xx';
  if (raw.url === undefined || raw.url.trim() === '') {
    add('--url', 'is required', raw.url ?? '', urlAllowed, 'give the page to watch, e.g. --url http://127.0.0.1:8080/');
  } else {
    try {
      url = new URL(raw.url.trim());
    } catch {
      add('--url', 'is not a URL', raw.url, urlAllowed, 'write the scheme and host, e.g. --url http://127.0.0.1:8080/');
    }
    if (url && url.protocol !== 'http:' && url.protocol !== 'https:') {
      add('--url', `has the scheme ${url.protocol.replace(/:$/, '')}`, raw.url, urlAllowed, 'use http:// or https://');
      url = undefined;
    }
  }

  // --during
  const during = raw.during;
  if (during !== undefined && during.trim() === '') {
    add('--during', 'is empty', during, 'a shell command, run with sh -c', 'give the command, e.g. --during "kubectl rollout restart deployment/myapp"');
  }
  const hasDuring = during !== undefined && during.trim() !== '';

  // --rate
  let rate: number = VERIFY_DEFAULTS.rate;
  if (raw.rate !== undefined) {
    const n = Number(raw.rate.trim());
    const allowed = `requests per second, a number from ${VERIFY_LIMITS.minRate} to ${VERIFY_LIMITS.maxRate} (default ${VERIFY_DEFAULTS.rate})`;
    if (raw.rate.trim() === '' || !Number.isFinite(n)) {
      add('--rate', 'is not a number', raw.rate, allowed, 'give e.g. --rate 20');
    } else if (n < VERIFY_LIMITS.minRate || n > VERIFY_LIMITS.maxRate) {
      add('--rate', 'is out of range', raw.rate, allowed, `give a rate between ${VERIFY_LIMITS.minRate} and ${VERIFY_LIMITS.maxRate}`);
    } else {
      rate = n;
    }
  }

  // durations
  const duration = (option: string, text: string | undefined, min: number, max: number, fallback: number, example: string): number => {
    if (text === undefined) return fallback;
    const allowed = `a duration from ${formatDuration(min)} to ${formatDuration(max)} with a unit: ms, s, m or h (e.g. ${example}, 1m30s)`;
    const ms = parseDuration(text);
    if (ms === undefined) {
      const fix = /^\s*\d+(\.\d+)?\s*$/.test(text) ? `add a unit, e.g. ${option} ${text.trim()}s` : `write it like ${option} ${example}`;
      add(option, 'is not a duration', text, allowed, fix);
      return fallback;
    }
    if (ms < min || ms > max) {
      add(option, 'is out of range', text, allowed, `give a duration between ${formatDuration(min)} and ${formatDuration(max)}`);
      return fallback;
    }
    return ms;
  };
  const timeoutMs = duration('--timeout', raw.timeout, 1000, VERIFY_LIMITS.maxTimeoutMs, VERIFY_DEFAULTS.timeoutMs, '15m');
  const timeoutOk = problems.length === 0 || problems[problems.length - 1].property !== '--timeout';
  const requestTimeoutMs = duration(
    '--request-timeout',
    raw.requestTimeout,
    VERIFY_LIMITS.minRequestTimeoutMs,
    VERIFY_LIMITS.maxRequestTimeoutMs,
    VERIFY_DEFAULTS.requestTimeoutMs,
    '2s',
  );
  let durationMs: number | undefined;
  if (hasDuring && raw.duration !== undefined) {
    add(
      '--duration',
      'cannot be combined with --during',
      raw.duration,
      '--duration without --during (a fixed-length run); with --during the run lasts while CMD runs, plus --tail, capped by --timeout',
      'drop --duration, and use --timeout to cap the run',
    );
  } else if (!hasDuring) {
    const before = problems.length;
    durationMs = duration('--duration', raw.duration, VERIFY_LIMITS.minDurationMs, VERIFY_LIMITS.maxTimeoutMs, VERIFY_DEFAULTS.durationMs, '30s');
    if (timeoutOk && problems.length === before && durationMs >= timeoutMs) {
      add(
        '--duration',
        `must be shorter than --timeout (${formatDuration(timeoutMs)})`,
        raw.duration,
        'a --duration below --timeout, which caps the whole run',
        `shorten --duration, or raise --timeout, e.g. --timeout ${formatDuration(durationMs + 60_000)}`,
      );
    }
  }
  let tailMs: number = VERIFY_DEFAULTS.tailMs;
  if (raw.tail !== undefined && !hasDuring) {
    add('--tail', 'only applies with --during', raw.tail, '--tail together with --during CMD', 'drop --tail, or add --during "CMD"');
  } else {
    const before = problems.length;
    tailMs = duration('--tail', raw.tail, 0, VERIFY_LIMITS.maxTailMs, VERIFY_DEFAULTS.tailMs, '35s');
    if (timeoutOk && problems.length === before && raw.tail !== undefined && tailMs >= timeoutMs) {
      add('--tail', `must be shorter than --timeout (${formatDuration(timeoutMs)})`, raw.tail, 'a --tail below --timeout', 'shorten --tail, or raise --timeout');
    } else if (timeoutOk && hasDuring && raw.tail === undefined && tailMs >= timeoutMs) {
      // the run could never watch its whole tail: refused now rather than cut short at the end
      add(
        '--timeout',
        `must be longer than the default --tail (${formatDuration(tailMs)}), which it includes`,
        raw.timeout,
        'a --timeout above the --tail, which covers the termination of the last old pods',
        `raise --timeout, e.g. --timeout ${formatDuration(tailMs + 5 * 60_000)}, or give a --tail shorter than it`,
      );
    }
  }

  // --version-header, --version-pattern
  let versionHeader: string | undefined;
  if (raw.versionHeader !== undefined) {
    if (!HEADER_TOKEN.test(raw.versionHeader.trim())) {
      add('--version-header', 'is not an HTTP header name', raw.versionHeader, 'a header name such as X-App-Version (letters, digits, - and _)', 'give the header that carries the version, e.g. --version-header X-App-Version');
    } else {
      versionHeader = raw.versionHeader.trim().toLowerCase();
    }
  }
  let versionPattern: RegExp | undefined;
  if (raw.versionPattern !== undefined) {
    const allowed = `a JavaScript regular expression of at most ${VERIFY_LIMITS.maxPatternLength} characters; with a capture group, the group is the version`;
    if (raw.versionPattern === '') {
      add('--version-pattern', 'is empty', raw.versionPattern, allowed, 'give e.g. --version-pattern "(v\\d+)"');
    } else if (raw.versionPattern.length > VERIFY_LIMITS.maxPatternLength) {
      add('--version-pattern', 'is too long', `${raw.versionPattern.slice(0, 40)}...`, allowed, 'shorten the pattern');
    } else {
      try {
        versionPattern = new RegExp(raw.versionPattern);
      } catch (e) {
        const reason = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
        add('--version-pattern', `is not a valid regular expression (${reason})`, raw.versionPattern, allowed, 'fix the pattern, e.g. --version-pattern "(v\\d+)"');
      }
    }
  }

  // --expect-share VERSION=PERCENT (repeatable)
  const expectShares: ExpectedShare[] = [];
  const shareAllowed = 'VERSION=PERCENT, a version as the answers name it and a share from 0 to 100 (e.g. v2=25%), each version once, the shares adding up to at most 100%';
  for (const text of raw.expectShare ?? []) {
    const m = /^\s*(.+?)\s*=\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
    if (!m) {
      add('--expect-share', 'is not VERSION=PERCENT', text, shareAllowed, 'write it like --expect-share v2=25%');
      continue;
    }
    const percent = Number(m[2]);
    if (percent > 100) {
      add('--expect-share', 'is above 100%', text, shareAllowed, `give a share from 0 to 100, e.g. --expect-share ${m[1]}=25%`);
    } else if (expectShares.some((e) => e.version === m[1])) {
      add('--expect-share', `names ${m[1]} twice`, text, shareAllowed, `give one --expect-share per version`);
    } else {
      expectShares.push({ version: m[1], percent });
    }
  }
  const shareSum = expectShares.reduce((sum, e) => sum + e.percent, 0);
  if (shareSum > 100 + 1e-9) {
    add('--expect-share', `adds up to ${Math.round(shareSum * 10) / 10}%`, (raw.expectShare ?? []).join(' '), shareAllowed, 'give shares that add up to at most 100%');
  }
  if (expectShares.length > 0 && raw.versionHeader === undefined && raw.versionPattern === undefined) {
    add(
      '--expect-share',
      'needs the version of each answer',
      (raw.expectShare ?? []).join(' '),
      '--expect-share together with --version-header and/or --version-pattern',
      'add --version-header NAME (e.g. X-App-Version) or --version-pattern REGEX',
    );
  }

  const format: OutputFormat = raw.format ?? VERIFY_DEFAULTS.format;

  // the request budget: never zero, never huge
  if (problems.length === 0) {
    const budget = requestBudget({ rate, durationMs, timeoutMs });
    const windowOption = durationMs === undefined ? '--timeout' : '--duration';
    const windowText = formatDuration(durationMs ?? timeoutMs);
    if (budget < 1) {
      add(
        '--rate',
        `× ${windowOption} (${windowText}) allows no request`,
        raw.rate ?? String(rate),
        'a rate and a duration whose product is at least 1 request',
        `raise --rate or ${windowOption}`,
      );
    } else if (budget > VERIFY_LIMITS.maxRequests) {
      add(
        '--rate',
        `× ${windowOption} (${windowText}) allows ${budget} requests`,
        raw.rate ?? String(rate),
        `at most ${VERIFY_LIMITS.maxRequests} requests per run`,
        `lower --rate or ${windowOption}`,
      );
    }
  }

  if (problems.length > 0 || url === undefined) return { ok: false, problems };
  return {
    ok: true,
    options: {
      url,
      during: hasDuring ? during : undefined,
      rate,
      durationMs,
      timeoutMs,
      tailMs,
      tailOrigin: raw.tail === undefined ? 'default' : 'option',
      requestTimeoutMs,
      versionHeader,
      versionPattern,
      expectShares,
      format,
    },
  };
}
