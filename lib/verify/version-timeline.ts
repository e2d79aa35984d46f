/**
 * The versions served during a `verify` run, over time: when each was first and last seen, and where
 * the answers switched from one version to another.
 */
import { RequestState } from './request-log';

/** Switch points listed in a report; more are counted in `switchCount` only. */
export const MAX_LISTED_SWITCHES = 50;

/** Successful requests in the order they were sent, with the version each answered. */
export interface VersionedSequence {
  readonly length: number;
  startMs(index: number): number;
  state(index: number): RequestState;
  version(index: number): string | undefined;
}

/** One version seen during the run. */
export interface VersionSeen {
  readonly version: string;
  /** Successful answers carrying it. */
  readonly count: number;
  /** When the first and the last request answered with it were sent (seconds since the run started). */
  readonly firstSeenSeconds: number;
  readonly lastSeenSeconds: number;
}

/** A point where an answer's version differs from the previous answer's. */
export interface VersionSwitch {
  /** When the request with the new version was sent (seconds since the run started). */
  readonly atSeconds: number;
  readonly from: string;
  readonly to: string;
}

/** The versions of a run. */
export interface VersionTimeline {
  /** In the order they were first seen. */
  readonly versions: VersionSeen[];
  /** The first `MAX_LISTED_SWITCHES` switches, in order. */
  readonly switches: VersionSwitch[];
  /** Every switch, listed or not. During a rolling update old and new pods answer side by side, so expect several. */
  readonly switchCount: number;
  /** Successful answers in which no version was found. */
  readonly unversioned: number;
}

/**
 * Builds the timeline from the successful requests, in the order they were sent. A switch is
 * counted each time a versioned answer's version differs from the previous versioned answer's.
 */
export function versionTimeline(seq: VersionedSequence): VersionTimeline {
  const seen = new Map<string, { count: number; first: number; last: number }>();
  const switches: VersionSwitch[] = [];
  let switchCount = 0;
  let unversioned = 0;
  let previous: string | undefined;
  for (let i = 0; i < seq.length; i++) {
    if (seq.state(i) !== 'ok') continue;
    const version = seq.version(i);
    if (version === undefined) {
      unversioned++;
      continue;
    }
    const at = seq.startMs(i);
    const entry = seen.get(version);
    if (entry) {
      entry.count++;
      entry.last = at;
    } else {
      seen.set(version, { count: 1, first: at, last: at });
    }
    if (previous !== undefined && previous !== version) {
      switchCount++;
      if (switches.length < MAX_LISTED_SWITCHES) switches.push({ atSeconds: seconds(at), from: previous, to: version });
    }
    previous = version;
  }
  const versions = [...seen.entries()].map(([version, e]) => ({
    version,
    count: e.count,
    firstSeenSeconds: seconds(e.first),
    lastSeenSeconds: seconds(e.last),
  }));
  return { versions, switches, switchCount, unversioned };
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
