/**
 * The longest outage of a `verify` run: its longest run of consecutive failed requests.
 */
import { RequestState } from './request-log';

/** Requests in the order they were sent: when each was sent, and how it ended. */
export interface RequestSequence {
  readonly length: number;
  /** Milliseconds since the run started. */
  startMs(index: number): number;
  state(index: number): RequestState;
}

/** The longest run of consecutive failed requests. */
export interface Outage {
  /** When the run's first failed request was sent (seconds since the run started). */
  readonly fromSeconds: number;
  /** When the next successful request was sent, or when sending stopped (seconds since the run started). */
  readonly toSeconds: number;
  /** `toSeconds - fromSeconds`. */
  readonly seconds: number;
  /** How many requests failed in a row. */
  readonly requests: number;
  /** `success`: a successful request ended it; `end-of-run`: it lasted until sending stopped. */
  readonly endedBy: 'success' | 'end-of-run';
}

/**
 * Finds the longest outage: the run of consecutive failed requests, in the order they were sent
 * (fresh and kept-alive together), that lasted longest. It lasts from the moment its first failed
 * request was sent to the moment the next successful request was sent, or to `sendStoppedMs` when no
 * request succeeded after it. So one failed request among successes lasts about one interval
 * (1 / rate): the resolution of the measure. Cancelled requests (stopped by `--timeout` or Ctrl-C)
 * neither break nor extend a run. Ties go to the run with more failed requests, then the earlier one.
 * `undefined` when no request failed.
 */
export function longestOutage(seq: RequestSequence, sendStoppedMs: number): Outage | undefined {
  let best: Outage | undefined;
  let runStart = -1;
  let runCount = 0;
  const close = (endMs: number, endedBy: Outage['endedBy']): void => {
    const from = seq.startMs(runStart);
    const candidate: Outage = {
      fromSeconds: seconds(from),
      toSeconds: seconds(endMs),
      seconds: seconds(Math.max(0, endMs - from)),
      requests: runCount,
      endedBy,
    };
    if (!best || candidate.seconds > best.seconds || (candidate.seconds === best.seconds && candidate.requests > best.requests)) {
      best = candidate;
    }
    runStart = -1;
    runCount = 0;
  };
  for (let i = 0; i < seq.length; i++) {
    const state = seq.state(i);
    if (state === 'failed') {
      if (runStart < 0) runStart = i;
      runCount++;
    } else if (state === 'ok' && runStart >= 0) {
      close(seq.startMs(i), 'success');
    }
  }
  if (runStart >= 0) close(Math.max(sendStoppedMs, seq.startMs(runStart)), 'end-of-run');
  return best;
}

/** Milliseconds to seconds, rounded to the millisecond. */
function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
