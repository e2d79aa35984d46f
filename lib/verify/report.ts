/**
 * The report of a `verify` run: its figures, its verdict and exit code, as text or JSON.
 */
import { ExitCode } from '../internal/exit-codes';
import { UNKNOWN_VERSION, versionBreakdown, versionFailureFindings, VersionResult } from './by-version';
import { FAILURE_CLASSES, FailureClass } from './classify';
import { CommandOutcome } from './during-command';
import { formatDuration } from './duration';
import { CONNECTION_MODES, ConnectionMode } from './http-probe';
import { tailReason, VerifyOptions } from './options';
import { longestOutage, Outage } from './outage';
import { modeOf, RequestLog } from './request-log';
import { ExpectedShare, judgeShare, SHARE_CONFIDENCE, ShareResult } from './share';
import { LatencySummary, summarizeLatency } from './stats';
import { versionTimeline, VersionSeen, VersionSwitch } from './version-timeline';

/**
 * Why requests stopped: `duration` (`--duration` elapsed), `during-exited` (the `--during` command
 * exited and `--tail` elapsed), `timeout` (`--timeout` reached), `interrupted` (Ctrl-C or SIGTERM).
 */
export type EndReason = 'duration' | 'during-exited' | 'timeout' | 'interrupted';

/** Counts for one connection mode. */
export interface ModeCounts {
  readonly requests: number;
  readonly succeeded: number;
  readonly failures: number;
  readonly byClass: Record<FailureClass, number>;
}

/** The `--during` command in the report; times in seconds since the run started. */
export interface DuringReport {
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly startedSeconds: number;
  readonly endedSeconds: number;
  readonly durationSeconds: number;
  /** Why it could not start, if it could not. */
  readonly error: string | null;
  /** `timeout` or `interrupt` when `verify` stopped it. */
  readonly stoppedBy: 'timeout' | 'interrupt' | null;
  /** Whether it counts as failed (exit code other than 0, a signal, or no start): exit code 2. */
  readonly failed: boolean;
}

/**
 * What the run watched after the `--during` command exited: the tail, which covers the termination of
 * the last old pods (they serve on, and can drop connections, after `kubectl rollout status` returns).
 */
export interface TailReport {
  /** The tail asked for, in seconds: `--tail`, or the default. */
  readonly seconds: number;
  /** `default` (no `--tail` given) or `option` (`--tail`). */
  readonly origin: 'default' | 'option';
  /** Why that long, in one sentence (see `tailReason`). */
  readonly reason: string;
  /**
   * How long requests really went on after the command exited: `seconds`, or less when `--timeout`
   * or an interruption came first; 0 when the command did not exit by itself.
   */
  readonly watchedSeconds: number;
  /** Requests sent after the command exited. */
  readonly requests: number;
  /** Those of them that failed, and by class: drops by old pods still terminating show here. */
  readonly failures: number;
  readonly byClass: Record<FailureClass, number>;
}

/**
 * The report, as printed by `--format json`. Times are seconds since the first request (`...Seconds`)
 * or milliseconds (`latency`).
 */
export interface VerifyReport {
  /**
   * `pass` (exit 0); `fail` (exit 1): some request failed, or a version's share is outside its
   * interval; `error` (exit 2): the run itself failed, or an expected share cannot be judged (too few
   * samples) while nothing failed.
   */
  readonly verdict: 'pass' | 'fail' | 'error';
  readonly exitCode: ExitCode;
  /** Why the verdict is `error`: a failed `--during` command, an interruption, a share that cannot be judged... */
  readonly problems: string[];
  /**
   * What failed, one sentence each, the version named: `v2: 7 of 412 requests failed (reset 7) while
   * v1 had none`, a share outside its interval. Empty on a pass.
   */
  readonly findings: string[];
  readonly url: string;
  /** Wall-clock time of the first request (ISO 8601). */
  readonly startedAt: string;
  readonly endReason: EndReason;
  /** Requests per second asked for. */
  readonly rate: number;
  /** How long requests were sent. */
  readonly sendSeconds: number;
  /** The whole run, until the last answer or cancellation. */
  readonly runSeconds: number;
  /** Requests sent (= succeeded + failures + cancelled). */
  readonly requests: number;
  readonly succeeded: number;
  readonly failures: number;
  /** Requests still in flight when `--timeout` or an interruption stopped the run: not counted as failures. */
  readonly cancelled: number;
  readonly byClass: Record<FailureClass, number>;
  /** Failures by error code or HTTP status, e.g. `{"ECONNREFUSED": 11, "HTTP 503": 2}`. */
  readonly errors: Record<string, number>;
  /** The same counts for fresh connections and for the kept-alive pool. */
  readonly byMode: Record<ConnectionMode, ModeCounts>;
  /** The longest run of consecutive failures, in seconds (0 without failures); see `longestOutage`. */
  readonly longestOutageSeconds: number;
  readonly longestOutage: Outage | null;
  /** Latency of the successful requests, in milliseconds. */
  readonly latency: LatencySummary;
  /** Versions seen (with `--version-header` / `--version-pattern`), in the order first seen. */
  readonly versions: VersionSeen[];
  readonly versionSwitches: VersionSwitch[];
  readonly versionSwitchCount: number;
  /** Successful answers in which no version was found (0 without a version option). */
  readonly unversioned: number;
  /**
   * Per version (with `--version-header` / `--version-pattern`; empty without): requests, failures,
   * latency, connections and share samples. A failed request counts for the version its answer names,
   * else the version last answered on its connection, else `unknown` (see `versionBreakdown`).
   */
  readonly byVersion: VersionResult[];
  /** Each `--expect-share`, judged over new connections (see share.ts); empty without. */
  readonly shares: ShareResult[];
  readonly during: DuringReport | null;
  /** What was watched after the `--during` command; null without one. */
  readonly tail: TailReport | null;
}

/** What a finished run hands to `buildReport`. */
export interface RunRecord {
  readonly options: Pick<VerifyOptions, 'url' | 'rate' | 'versionHeader' | 'versionPattern' | 'tailMs' | 'tailOrigin'> & {
    readonly expectShares?: readonly ExpectedShare[];
  };
  readonly log: RequestLog;
  readonly startedAt: Date;
  readonly endReason: EndReason;
  /** Milliseconds since the run started. */
  readonly sendStoppedMs: number;
  readonly endedMs: number;
  readonly during?: CommandOutcome;
  /** `--timeout`, for the message when it stopped the `--during` command. */
  readonly timeoutMs?: number;
}

/** Computes the report of a finished run, its verdict and its exit code. */
export function buildReport(run: RunRecord): VerifyReport {
  const log = run.log;
  const counts = log.counts();
  const byMode = {} as Record<ConnectionMode, { requests: number; succeeded: number; failures: number; byClass: Record<FailureClass, number> }>;
  for (const mode of CONNECTION_MODES) byMode[mode] = { requests: 0, succeeded: 0, failures: 0, byClass: zeroClasses() };
  const latencies: number[] = [];
  for (let i = 0; i < log.length; i++) {
    const m = byMode[modeOf(i)];
    m.requests++;
    const state = log.state(i);
    if (state === 'ok') {
      m.succeeded++;
      latencies.push(log.latencyMs(i));
    } else if (state === 'failed') {
      m.failures++;
      m.byClass[log.failureClass(i)!]++;
    }
  }
  const outage = longestOutage(log, run.sendStoppedMs) ?? null;
  const timeline = versionTimeline(log);

  let during: DuringReport | null = null;
  let tail: TailReport | null = null;
  const problems: string[] = [];
  if (run.during) {
    const d = run.during;
    const failed = d.error !== undefined || d.exitCode !== 0;
    during = {
      command: d.command,
      exitCode: d.exitCode,
      signal: d.signal,
      startedSeconds: seconds(d.startedMs),
      endedSeconds: seconds(d.endedMs),
      durationSeconds: seconds(d.endedMs - d.startedMs),
      error: d.error ?? null,
      stoppedBy: d.stoppedBy ?? null,
      failed,
    };
    if (d.error !== undefined) problems.push(`the --during command could not start: ${d.error}`);
    else if (d.stoppedBy === 'timeout') problems.push(`the --during command was still running at --timeout (${formatDuration(run.timeoutMs ?? 0)}) and was stopped`);
    else if (d.stoppedBy === 'interrupt') problems.push('the --during command was stopped by the interruption');
    else if (d.exitCode !== 0) problems.push(`the --during command ${describeExit(d)}`);
    tail = tailReport(run, d);
    if (run.endReason === 'timeout' && d.stoppedBy === undefined && tail.watchedSeconds < tail.seconds) {
      problems.push(
        `--timeout (${formatDuration(run.timeoutMs ?? 0)}) was reached ${fmtSeconds(tail.watchedSeconds)} into the ${formatDuration(run.options.tailMs)} tail: ` +
          'old pods still terminating were not watched to the end; raise --timeout',
      );
    }
  }
  if (run.endReason === 'interrupted') problems.unshift('interrupted (Ctrl-C or SIGTERM) before the end of the run');
  if (log.length === 0) problems.push('no request was sent');

  // per version: with a version option, or when answers named versions anyway
  const versioned = run.options.versionHeader !== undefined || run.options.versionPattern !== undefined || timeline.versions.length > 0;
  const breakdown = versioned ? versionBreakdown(log) : { versions: [], samples: 0 };
  const shares = (run.options.expectShares ?? []).map((e) =>
    judgeShare(e, breakdown.versions.find((v) => v.version === e.version)?.samples ?? 0, breakdown.samples),
  );
  const findings: string[] = [];
  if (counts.failed > 0) {
    const named = breakdown.versions.some((v) => v.version !== UNKNOWN_VERSION);
    findings.push(...(named ? versionFailureFindings(breakdown.versions) : [`${counts.failed} of ${log.length} requests failed`]));
  }
  for (const sh of shares) {
    if (sh.verdict !== 'fail') continue;
    const seenNames = breakdown.versions.filter((v) => v.samples > 0).map((v) => v.version);
    const hint = sh.seen === 0 && sh.expectedPercent > 0 ? `; no new connection answered ${sh.version} (seen: ${seenNames.join(', ') || 'none'})` : '';
    findings.push(`${sh.reason}${hint}`);
  }
  // a failed request is evidence at any sample size: it fails the run even when a share cannot be judged
  const undecided = shares.filter((sh) => sh.verdict === 'cannot-judge');
  const exitCode =
    problems.length > 0
      ? ExitCode.USAGE
      : findings.length > 0
        ? ExitCode.FINDINGS
        : undecided.length > 0
          ? ExitCode.USAGE
          : ExitCode.OK;
  if (problems.length === 0 && findings.length === 0) {
    for (const sh of undecided) problems.push(`${sh.reason}: raise --rate or --duration (half the requests open a new connection)`);
  }
  return {
    verdict: exitCode === ExitCode.OK ? 'pass' : exitCode === ExitCode.FINDINGS ? 'fail' : 'error',
    exitCode,
    problems,
    findings,
    url: run.options.url.toString(),
    startedAt: run.startedAt.toISOString(),
    endReason: run.endReason,
    rate: run.options.rate,
    sendSeconds: seconds(run.sendStoppedMs),
    runSeconds: seconds(run.endedMs),
    requests: log.length,
    succeeded: counts.ok,
    failures: counts.failed,
    cancelled: counts.cancelled,
    byClass: { ...counts.byClass },
    errors: Object.fromEntries(log.errorDetails()),
    byMode,
    longestOutageSeconds: outage?.seconds ?? 0,
    longestOutage: outage,
    latency: summarizeLatency(latencies),
    versions: timeline.versions,
    versionSwitches: timeline.switches,
    versionSwitchCount: timeline.switchCount,
    unversioned: timeline.unversioned,
    byVersion: breakdown.versions,
    shares,
    during,
    tail,
  };
}

/** The tail of a run whose `--during` command ran: what was sent after it exited, and how it went. */
function tailReport(run: RunRecord, d: CommandOutcome): TailReport {
  const byClass = zeroClasses();
  let requests = 0;
  let failures = 0;
  // a command stopped by verify (--timeout, Ctrl-C) ended after sending stopped: no tail
  const exitedByItself = d.stoppedBy === undefined;
  if (exitedByItself) {
    for (let i = 0; i < run.log.length; i++) {
      if (run.log.startMs(i) < d.endedMs) continue;
      requests++;
      const cls = run.log.failureClass(i);
      if (cls !== undefined) {
        failures++;
        byClass[cls]++;
      }
    }
  }
  return {
    seconds: seconds(run.options.tailMs),
    origin: run.options.tailOrigin,
    reason: tailReason(run.options.tailMs, run.options.tailOrigin),
    watchedSeconds: exitedByItself ? seconds(Math.max(0, run.sendStoppedMs - d.endedMs)) : 0,
    requests,
    failures,
    byClass,
  };
}

/** The report as JSON, one object, pretty-printed, with a final newline. */
export function formatJsonReport(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const END_REASONS: Record<EndReason, string> = {
  'duration': '--duration elapsed',
  'during-exited': '--during command done, then --tail',
  'timeout': '--timeout reached',
  'interrupted': 'interrupted',
};

/** The report for people: a verdict line, then one labelled line per figure. */
export function formatTextReport(report: VerifyReport): string {
  const lines: string[] = [];
  const row = (label: string, ...values: string[]): void => {
    values.forEach((v, i) => lines.push(`  ${(i === 0 ? label : '').padEnd(16)}${v}`));
  };
  const verdict = report.verdict.toUpperCase();
  const failedShares = report.shares.filter((sh) => sh.verdict === 'fail').map((sh) => sh.version);
  const counted = `${report.failures} of ${report.requests} requests failed`;
  const headline =
    report.verdict === 'error'
      ? `${report.problems.join('; ')}; ${counted}`
      : failedShares.length > 0
        ? `${counted}; the share of ${failedShares.join(' and ')} is outside its interval`
        : counted;
  lines.push(`verify ${verdict}: ${headline} (exit ${report.exitCode})`);
  // the findings that name a version (the bare count is the headline already)
  if (report.byVersion.length > 0 || report.shares.length > 0) report.findings.forEach((f) => lines.push(`  ! ${f}`));
  row('url', report.url);
  row(
    'run',
    `${report.requests} requests at ${report.rate}/s for ${fmtSeconds(report.sendSeconds)} (${END_REASONS[report.endReason]}), ${fmtSeconds(report.runSeconds)} in all`,
  );
  row('results', `${report.succeeded} ok, ${report.failures} failed${report.cancelled > 0 ? `, ${report.cancelled} cancelled (in flight at the end, not counted)` : ''}`);
  row('failures', FAILURE_CLASSES.map((k) => `${k} ${report.byClass[k]}`).join(', '));
  const errors = Object.entries(report.errors);
  if (errors.length > 0) row('errors', errors.map(([k, n]) => `${k} ×${n}`).join(', '));
  row(
    'by connection',
    ...CONNECTION_MODES.map((mode) => {
      const m = report.byMode[mode];
      const classes = FAILURE_CLASSES.filter((k) => m.byClass[k] > 0).map((k) => `${k} ${m.byClass[k]}`);
      return `${(mode === 'fresh' ? 'fresh' : 'kept-alive').padEnd(11)}${m.requests} sent, ${m.failures} failed${classes.length > 0 ? ` (${classes.join(', ')})` : ''}`;
    }),
  );
  const o = report.longestOutage;
  row(
    'longest outage',
    o
      ? `${fmtSeconds(o.seconds)}: ${o.requests} request${o.requests === 1 ? '' : 's'} failed in a row, from t+${fmtSeconds(o.fromSeconds)} to t+${fmtSeconds(o.toSeconds)}${o.endedBy === 'end-of-run' ? ' (still failing at the end)' : ''}`
      : 'none',
  );
  const l = report.latency;
  row('latency', l.count > 0 ? `p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms (of ${l.count} successful requests)` : 'no successful request');
  if (report.versions.length > 0) {
    const width = Math.max(...report.versions.map((v) => v.version.length));
    row(
      'versions',
      ...report.versions.map(
        (v) => `${v.version.padEnd(width)}  ${v.count} answer${v.count === 1 ? '' : 's'}, t+${fmtSeconds(v.firstSeenSeconds)} to t+${fmtSeconds(v.lastSeenSeconds)}`,
      ),
    );
    if (report.versionSwitchCount > 0) {
      const listed = report.versionSwitches.slice(0, 5).map((s) => `${s.from} → ${s.to} at t+${fmtSeconds(s.atSeconds)}`);
      const more = report.versionSwitchCount - listed.length;
      row('switches', `${report.versionSwitchCount}: ${listed.join(', ')}${more > 0 ? `, and ${more} more` : ''}`);
    }
    if (report.unversioned > 0) row('unversioned', `${report.unversioned} successful answers had no version`);
  } else if (report.unversioned > 0) {
    row('versions', `none found in ${report.unversioned} successful answers (check --version-header / --version-pattern)`);
  }
  if (report.byVersion.length > 0) {
    const width = Math.max(...report.byVersion.map((v) => v.version.length));
    const attributed = report.byVersion.some((v) => v.failures > 0);
    row(
      'by version',
      ...report.byVersion.map((v) => {
        const classes = FAILURE_CLASSES.filter((k) => v.byClass[k] > 0).map((k) => `${k} ${v.byClass[k]}`);
        const l = v.latency;
        const latency = l.count > 0 ? `; p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms` : '';
        return (
          `${v.version.padEnd(width)}  ${v.requests} request${v.requests === 1 ? '' : 's'}, ${v.failures} failed${classes.length > 0 ? ` (${classes.join(', ')})` : ''}` +
          `${latency}; ${v.connections} connection${v.connections === 1 ? '' : 's'}`
        );
      }),
      ...(attributed
        ? ['a failed request without an answer counts for the version last answered on its connection; unknown: its connection never answered']
        : []),
    );
  }
  if (report.shares.length > 0) {
    row(
      'share',
      ...report.shares.map((sh) => sh.reason),
      `samples: new connections, the first versioned answer on each (a backend is picked per connection: a kept-alive connection is one sample, not one per request); ${SHARE_CONFIDENCE * 100} % two-sided`,
    );
  }
  if (report.during) {
    const d = report.during;
    const how = d.error !== null ? `could not start: ${d.error}` : d.stoppedBy ? `stopped (${d.stoppedBy}) after ${fmtSeconds(d.durationSeconds)}` : `${describeExit(d)} after ${fmtSeconds(d.durationSeconds)}`;
    row('during', `${JSON.stringify(d.command)} ${how}`);
  }
  if (report.tail) {
    const t = report.tail;
    const classes = FAILURE_CLASSES.filter((k) => t.byClass[k] > 0).map((k) => `${k} ${t.byClass[k]}`);
    const lines = [
      `${fmtSeconds(t.watchedSeconds)} watched after the --during command exited: ${t.requests} request${t.requests === 1 ? '' : 's'}, ` +
        `${t.failures} failed${classes.length > 0 ? ` (${classes.join(', ')})` : ''}`,
      `why: ${t.reason}`,
    ];
    if (t.failures > 0) {
      const resets = t.byClass.reset > 0 ? `: ${t.byClass.reset} reset by an old pod that cut its connections while terminating` : '';
      lines.push(`! the rollout was not over for clients when the command returned${resets} (docs/verify.md, "The termination window")`);
    }
    row('tail', ...lines);
  }
  return `${lines.join('\n')}\n`;
}

function describeExit(d: { exitCode: number | null; signal: string | null }): string {
  if (d.signal) return `was ended by ${d.signal}`;
  return `exited with code ${d.exitCode}`;
}

function zeroClasses(): Record<FailureClass, number> {
  return { refused: 0, reset: 0, timeout: 0, http5xx: 0, other: 0 };
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function fmtSeconds(s: number): string {
  return `${s.toFixed(2)} s`;
}
