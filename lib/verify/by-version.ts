/**
 * The results of a `verify` run per version: requests, failures by class, latency and connections of
 * each version; the independent samples of the versions' shares; and the findings that name a version
 * failing while another is fine.
 */
import { FAILURE_CLASSES, FailureClass } from './classify';
import { LatencySummary, summarizeLatency } from './stats';

/** The version of failed requests that no answer names: connections that never answered. */
export const UNKNOWN_VERSION = 'unknown';

/** What `byVersion` reads from the request log. */
export interface AttributableSequence {
  readonly length: number;
  state(index: number): 'pending' | 'ok' | 'failed' | 'cancelled';
  failureClass(index: number): FailureClass | undefined;
  latencyMs(index: number): number;
  version(index: number): string | undefined;
  /** 0 when the request got no connection. */
  connection(index: number): number;
}

/** One version's results (JSON `byVersion[]`). */
export interface VersionResult {
  /** As the answers name it; `unknown` for failed requests on connections that never answered. */
  readonly version: string;
  /** Requests attributed to it (cancelled ones excluded). */
  readonly requests: number;
  readonly succeeded: number;
  readonly failures: number;
  readonly byClass: Record<FailureClass, number>;
  /** Of its successful requests, in milliseconds. */
  readonly latency: LatencySummary;
  /** Connections that carried its requests. */
  readonly connections: number;
  /** New connections whose first answer named it: its samples for `--expect-share`. */
  readonly samples: number;
}

/** The per-version view of a run. */
export interface VersionBreakdown {
  /** Versions in the order first attributed, `unknown` last. */
  readonly versions: VersionResult[];
  /** Independent samples: connections whose first answer named a version (see share.ts). */
  readonly samples: number;
}

/**
 * Attributes every finished request to a version and sums them up per version:
 * 1. the version its own answer names (a success, or a failed answer such as an app's 500 that names it);
 * 2. else, for a failed request without such an answer (refused, reset, timeout, a proxy's 502), the
 *    version last answered on the same connection before it: a kept-alive connection stays with the
 *    backend it was opened to; if none came before it, the first answered on that connection after it;
 * 3. else `unknown`: the connection never answered with a version (a fresh connection that failed).
 *
 * A connection's sample is the version of its first answer that names one: the first answer on each
 * new connection is one independent draw of the backend, the answers after it on a kept-alive
 * connection are not.
 */
export function versionBreakdown(seq: AttributableSequence): VersionBreakdown {
  // one pass in request order (requests on one connection are sequential: HTTP/1.1 without
  // pipelining): the version last answered on each connection, and the failures waiting for the
  // first answer of a connection that had none yet
  const attributed: Array<string | undefined> = new Array(seq.length);
  const last = new Map<number, string>();
  const waiting = new Map<number, number[]>();
  const sampleOf = new Map<number, string>();
  for (let i = 0; i < seq.length; i++) {
    const state = seq.state(i);
    if (state !== 'ok' && state !== 'failed') continue;
    const c = seq.connection(i);
    const v = seq.version(i);
    if (v !== undefined) {
      attributed[i] = v;
      if (c === 0) continue;
      if (!sampleOf.has(c)) sampleOf.set(c, v);
      last.set(c, v);
      const before = waiting.get(c);
      if (before) {
        for (const j of before) attributed[j] = v;
        waiting.delete(c);
      }
    } else if (state === 'failed') {
      if (c === 0) continue;
      const known = last.get(c);
      if (known !== undefined) attributed[i] = known;
      else {
        const w = waiting.get(c);
        if (w) w.push(i);
        else waiting.set(c, [i]);
      }
    }
  }

  interface Acc {
    requests: number;
    succeeded: number;
    failures: number;
    byClass: Record<FailureClass, number>;
    latencies: number[];
    connections: Set<number>;
    samples: number;
  }
  const acc = new Map<string, Acc>();
  const get = (v: string): Acc => {
    let a = acc.get(v);
    if (!a) {
      a = { requests: 0, succeeded: 0, failures: 0, byClass: { refused: 0, reset: 0, timeout: 0, http5xx: 0, other: 0 }, latencies: [], connections: new Set(), samples: 0 };
      acc.set(v, a);
    }
    return a;
  };
  for (let i = 0; i < seq.length; i++) {
    const state = seq.state(i);
    if (state !== 'ok' && state !== 'failed') continue;
    const version = attributed[i];
    if (version === undefined && state === 'ok') continue; // an unversioned success: counted in `unversioned`
    const a = get(version ?? UNKNOWN_VERSION);
    a.requests++;
    const c = seq.connection(i);
    if (c !== 0) a.connections.add(c);
    if (state === 'ok') {
      a.succeeded++;
      a.latencies.push(seq.latencyMs(i));
    } else {
      a.failures++;
      a.byClass[seq.failureClass(i)!]++;
    }
  }
  for (const v of sampleOf.values()) get(v).samples++;
  const order = [...acc.keys()].filter((v) => v !== UNKNOWN_VERSION);
  if (acc.has(UNKNOWN_VERSION)) order.push(UNKNOWN_VERSION);
  const versions = order.map((version) => {
    const a = acc.get(version)!;
    return {
      version,
      requests: a.requests,
      succeeded: a.succeeded,
      failures: a.failures,
      byClass: a.byClass,
      latency: summarizeLatency(a.latencies),
      connections: a.connections.size,
      samples: a.samples,
    };
  });
  return { versions, samples: sampleOf.size };
}

/**
 * The findings that name a version: each version with failed requests, with its count and classes,
 * and the versions that had none (`v2: 7 of 412 requests failed (reset 7) while v1 had none`); failed
 * requests of no known version last. Empty without failures.
 */
export function versionFailureFindings(versions: readonly VersionResult[]): string[] {
  const known = versions.filter((v) => v.version !== UNKNOWN_VERSION);
  const clean = known.filter((v) => v.failures === 0).map((v) => v.version);
  const findings: string[] = [];
  for (const v of known) {
    if (v.failures === 0) continue;
    const others = clean.length > 0 ? ` while ${joinAnd(clean)} had none` : '';
    findings.push(`${v.version}: ${v.failures} of ${v.requests} requests failed (${classes(v.byClass)})${others}`);
  }
  const unknown = versions.find((v) => v.version === UNKNOWN_VERSION);
  if (unknown && unknown.failures > 0) {
    findings.push(
      `${unknown.failures} failed request${unknown.failures === 1 ? '' : 's'} (${classes(unknown.byClass)}) came on connections that never answered with a version: their version is unknown`,
    );
  }
  return findings;
}

function classes(byClass: Record<FailureClass, number>): string {
  return FAILURE_CLASSES.filter((k) => byClass[k] > 0)
    .map((k) => `${k} ${byClass[k]}`)
    .join(', ');
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
