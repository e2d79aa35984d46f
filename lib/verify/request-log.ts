/**
 * What happened to every request of a `verify` run, in compact typed arrays: a run never holds more
 * than `VERIFY_LIMITS.maxRequests` requests, at 23 bytes each.
 */
import { FAILURE_CLASSES, FailureClass } from './classify';
import { ConnectionMode, ProbeOutcome } from './http-probe';

/** The state of one request. */
export type RequestState = 'pending' | 'ok' | 'failed' | 'cancelled';

/** Distinct error details (`ECONNREFUSED`, `HTTP 503`) counted; more are counted under `(more)`. */
export const MAX_ERROR_DETAILS = 20;
/** Distinct versions tracked; more are counted under `(more versions)`. */
export const MAX_VERSIONS = 100;

const MORE_VERSIONS = '(more versions)';
const PENDING = 0;
const OK = 1;
const CANCELLED = 2;
/** Outcome codes 3.. are the failure classes, in `FAILURE_CLASSES` order. */
const FIRST_FAILURE = 3;

/**
 * The connection mode of the request with this index: even indexes go on fresh connections, odd
 * ones over the kept-alive pool, so both see the same moments of a rollout.
 */
export function modeOf(index: number): ConnectionMode {
  return index % 2 === 0 ? 'fresh' : 'keepalive';
}

/** Counters of a run so far, for the progress display. */
export interface RunningCounts {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly inFlight: number;
  readonly byClass: Readonly<Record<FailureClass, number>>;
  /** The version of the latest successful answer that had one. */
  readonly lastVersion?: string;
}

/** Records requests in the order they were sent; times are milliseconds since the run started. */
export class RequestLog {
  /** How many requests were sent. */
  public length = 0;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly outcomes: Uint8Array;
  private readonly versionIds: Uint16Array;
  private readonly connections: Uint32Array;
  private readonly versionNames: string[] = [];
  private readonly versionIdByName = new Map<string, number>();
  private readonly details = new Map<string, number>();
  private readonly byClass: Record<FailureClass, number> = { refused: 0, reset: 0, timeout: 0, http5xx: 0, other: 0 };
  private ok = 0;
  private failed = 0;
  private cancelled = 0;
  private lastVersion?: string;

  /** @param capacity the most requests the run may send (its request budget). */
  constructor(public readonly capacity: number) {
    this.starts = new Float64Array(capacity);
    this.ends = new Float64Array(capacity);
    this.outcomes = new Uint8Array(capacity);
    this.versionIds = new Uint16Array(capacity);
    this.connections = new Uint32Array(capacity);
  }

  /** Records that a request was sent at `startMs`; returns its index. Throws past the capacity. */
  public add(startMs: number): number {
    if (this.length >= this.capacity) throw new Error(`request log is full (${this.capacity} requests)`);
    const index = this.length++;
    this.starts[index] = startMs;
    return index;
  }

  /** Records the outcome of request `index`, which ended at `endMs`. */
  public complete(index: number, endMs: number, outcome: ProbeOutcome): void {
    if (index >= this.length || this.outcomes[index] !== PENDING) return;
    this.ends[index] = endMs;
    if (outcome.kind !== 'cancelled') {
      if (outcome.connection !== undefined) this.connections[index] = outcome.connection;
      if (outcome.version !== undefined) this.versionIds[index] = this.versionId(outcome.version);
    }
    if (outcome.kind === 'ok') {
      this.outcomes[index] = OK;
      this.ok++;
      if (outcome.version !== undefined) this.lastVersion = outcome.version;
    } else if (outcome.kind === 'cancelled') {
      this.outcomes[index] = CANCELLED;
      this.cancelled++;
    } else {
      this.outcomes[index] = FIRST_FAILURE + FAILURE_CLASSES.indexOf(outcome.failure.cls);
      this.failed++;
      this.byClass[outcome.failure.cls]++;
      const key = this.details.has(outcome.failure.detail) || this.details.size < MAX_ERROR_DETAILS ? outcome.failure.detail : '(more)';
      this.details.set(key, (this.details.get(key) ?? 0) + 1);
    }
  }

  /** The state of request `index`. */
  public state(index: number): RequestState {
    const o = this.outcomes[index];
    return o === PENDING ? 'pending' : o === OK ? 'ok' : o === CANCELLED ? 'cancelled' : 'failed';
  }

  /** The failure class of request `index`, if it failed. */
  public failureClass(index: number): FailureClass | undefined {
    const o = this.outcomes[index];
    return o >= FIRST_FAILURE ? FAILURE_CLASSES[o - FIRST_FAILURE] : undefined;
  }

  /** When request `index` was sent. */
  public startMs(index: number): number {
    return this.starts[index];
  }

  /** Milliseconds from sending request `index` to the end of its answer (or its failure). */
  public latencyMs(index: number): number {
    return this.ends[index] - this.starts[index];
  }

  /**
   * The version named by the answer to request `index`, if one was found: a successful answer, or a
   * failed one (`5xx`, `4xx`) that names it.
   */
  public version(index: number): string | undefined {
    const id = this.versionIds[index];
    return id === 0 ? undefined : this.versionNames[id - 1];
  }

  /** The connection request `index` went on (1, 2, ... in the order first used); 0 when it got none. */
  public connection(index: number): number {
    return this.connections[index];
  }

  /** Counts of each error detail (`ECONNREFUSED`, `HTTP 503`, ...), most frequent first. */
  public errorDetails(): Array<[string, number]> {
    return [...this.details.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }

  /** Counters so far. */
  public counts(): RunningCounts {
    return {
      sent: this.length,
      ok: this.ok,
      failed: this.failed,
      cancelled: this.cancelled,
      inFlight: this.length - this.ok - this.failed - this.cancelled,
      byClass: { ...this.byClass },
      lastVersion: this.lastVersion,
    };
  }

  private versionId(name: string): number {
    let id = this.versionIdByName.get(name);
    if (id !== undefined) return id;
    if (this.versionNames.length >= MAX_VERSIONS && name !== MORE_VERSIONS) return this.versionId(MORE_VERSIONS);
    this.versionNames.push(name);
    id = this.versionNames.length;
    this.versionIdByName.set(name, id);
    return id;
  }
}
