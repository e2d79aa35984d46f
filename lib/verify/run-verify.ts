/**
 * One `verify` run: the load, the `--during` command, the progress display and the report, within
 * the run's bounds.
 */
import { performance } from 'perf_hooks';
import { DuringCommand, startDuringCommand } from './during-command';
import { formatDuration } from './duration';
import { KEEPALIVE_POOL_SIZE } from './http-probe';
import { LoadGenerator } from './load-generator';
import { requestBudget, tailReason, VerifyOptions } from './options';
import { ProgressDisplay, ProgressStream } from './progress';
import { buildReport, EndReason, VerifyReport } from './report';
import { TimerSet, whenAborted } from './timers';
import { makeVersionExtractor } from './version-extractor';

/** Where a run writes its progress, and the environment of the `--during` command. */
export interface VerifyRunIo {
  /** Progress and the `--during` command's output; a terminal (`isTTY`) gets a line redrawn in place. */
  readonly stderr: ProgressStream;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Runs `verify` and resolves with its report (printing it is the caller's job). Never rejects for a
 * server's or the command's behaviour: those are in the report.
 *
 * The run, in order:
 * 1. requests start at once, at `options.rate` (see `LoadGenerator`); the `--during` command starts
 *    right after the first one;
 * 2. sending stops when `--duration` has elapsed and its whole request budget has been sent (no
 *    `--during`; on a loaded machine the last requests can go out a little late), or `--tail` after
 *    the command exits (the termination window of the last old pods, see `tailForGracePeriod`; the
 *    progress line counts it down), or at `--timeout`, or when `signal` aborts (Ctrl-C) - whichever
 *    comes first;
 * 3. requests in flight get their `--request-timeout` to finish, except after `--timeout` or an
 *    abort, which cancel them (reported as `cancelled`, not as failures);
 * 4. a command still running (only after `--timeout` or an abort) is stopped with its process group:
 *    SIGTERM, SIGKILL 2 s later;
 * 5. every timer is cleared, every connection closed, what is left of the command's process group gets
 *    SIGTERM: the process can exit by itself.
 *
 * So a run lasts at most `--timeout` plus 2 s (3 s if the command ignores SIGTERM), and sends at most
 * `requestBudget(options)` requests.
 */
export async function runVerify(options: VerifyOptions, io: VerifyRunIo, signal?: AbortSignal): Promise<VerifyReport> {
  let t0 = performance.now();
  const now = (): number => performance.now() - t0;
  let startedAt = new Date();
  const timers = new TimerSet();
  const abort = whenAborted(signal);
  const generator = new LoadGenerator({
    url: options.url,
    rate: options.rate,
    budget: requestBudget(options),
    requestTimeoutMs: options.requestTimeoutMs,
    extractVersion: makeVersionExtractor(options.versionHeader, options.versionPattern),
    now,
  });
  let during: DuringCommand | undefined;
  let duringState = 'running';
  /** When the command exited by itself: the tail runs from there. */
  let tailFromMs: number | undefined;
  const progress = new ProgressDisplay(io.stderr, () => ({
    elapsedMs: now(),
    counts: generator.log.counts(),
    during: during ? duringState : undefined,
    tailLeftMs: tailFromMs === undefined ? undefined : Math.max(0, tailFromMs + options.tailMs - now()),
  }));

  io.stderr.write(`${startLine(options)}\n`);
  try {
    progress.start();
    // the run's clock starts with the first request: every time in the report is relative to it
    t0 = performance.now();
    startedAt = new Date();
    generator.start();
    if (options.during !== undefined) {
      during = startDuringCommand(options.during, { onLine: (line) => progress.log(`  | ${line}`), env: io.env, now });
      void during.exited.then((o) => {
        if (o.stoppedBy !== undefined) {
          duringState = `stopped (${o.stoppedBy})`;
          progress.log(`verify: stopped the --during command (${o.stoppedBy === 'timeout' ? '--timeout reached' : 'interrupted'})`);
          return;
        }
        duringState = o.error !== undefined ? 'could not start' : o.signal ? `ended by ${o.signal}` : `exited ${o.exitCode}`;
        tailFromMs = o.endedMs;
        const tail = options.tailMs > 0 ? `requests go on for ${formatDuration(options.tailMs)}, while old pods terminate` : 'requests stop';
        progress.log(`verify: the --during command ${duringState}; ${tail} (${tailReason(options.tailMs, options.tailOrigin)})`);
      });
    }

    const deadline = timers.after(options.timeoutMs).then((): EndReason => 'timeout');
    const interrupted = abort.promise.then((): EndReason => 'interrupted');
    const windowEnd: Promise<EndReason> = during
      ? during.exited.then(() => timers.after(options.tailMs)).then((): EndReason => 'during-exited')
      : Promise.all([timers.after(options.durationMs ?? 0), generator.whenBudgetSent()]).then((): EndReason => 'duration');
    let endReason = await Promise.race([windowEnd, deadline, interrupted]);
    generator.stopSending();

    if (endReason === 'timeout' || endReason === 'interrupted') {
      generator.cancelInFlight();
    } else {
      const drained = await Promise.race([generator.whenIdle().then(() => 'idle' as const), deadline, interrupted]);
      if (drained !== 'idle') {
        generator.cancelInFlight();
        if (drained === 'interrupted') endReason = 'interrupted';
      }
    }
    if (during?.running) await during.stop(endReason === 'interrupted' ? 'interrupt' : 'timeout');
    const duringOutcome = during ? await during.exited : undefined;
    await generator.whenIdle();
    const endedMs = now();
    progress.stop();
    return buildReport({
      options,
      log: generator.log,
      startedAt,
      endReason,
      sendStoppedMs: generator.sendStoppedMs,
      endedMs,
      during: duringOutcome,
      timeoutMs: options.timeoutMs,
    });
  } finally {
    progress.stop();
    timers.clearAll();
    abort.dispose();
    generator.dispose();
    during?.release();
  }
}

/** The first line on stderr: what the run will do. */
function startLine(o: VerifyOptions): string {
  const what = `verify: GET ${o.url.toString()} at ${o.rate}/s, alternating fresh connections and a pool of up to ${KEEPALIVE_POOL_SIZE} kept-alive ones`;
  if (o.during !== undefined) {
    const tail = o.tailMs > 0 ? `then ${formatDuration(o.tailMs)} more, while old pods terminate` : 'and stops when it exits';
    return `${what}, while ${JSON.stringify(o.during)} runs, ${tail} (at most ${formatDuration(o.timeoutMs)} in all)`;
  }
  return `${what}, for ${formatDuration(o.durationMs ?? 0)}`;
}
