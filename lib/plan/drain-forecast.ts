/**
 * A node drain as the eviction API and `kubectl drain` perform it, counted in pods and seconds.
 *
 * The model (docs/plan.md, "drain", cites each step):
 *
 * 1. `kubectl drain` cordons the node and evicts every pod on it at once, one goroutine per pod; an
 *    eviction the API server refuses with 429 (the PodDisruptionBudget allows no disruption now) is
 *    retried by that goroutine 5 s later, again and again (kubectl `pkg/drain/drain.go`, `evictPods`).
 *    So every retry falls on a 5 s grid from the drain's start, and a second eviction never comes less
 *    than 5 s after the first.
 * 2. The API server lets an eviction through while the budget's `status.disruptionsAllowed` is above
 *    0, and decrements it (`pkg/registry/core/pod/storage/eviction.go`, `checkAndDecrement`). The
 *    disruption controller sets it to `currentHealthy - desiredHealthy`, where `currentHealthy` counts
 *    the selected pods that are **Ready** and not terminating (`pkg/controller/disruption`,
 *    `countHealthyPods`): `minReadySeconds` plays no part, so a replacement lets the next eviction
 *    through the moment it is Ready, before the Deployment counts it as available.
 * 3. An evicted pod is deleted with its grace period: it terminates (preStop, then the server's drain
 *    after SIGTERM) and `kubectl drain` waits until it is gone. A Deployment's ReplicaSet creates the
 *    replacement at once (a terminating pod is no longer active); a StatefulSet recreates the pod,
 *    under the same name, only once the old one is gone.
 *
 * Assumptions: every pod is Ready when the drain starts, the replacements have a node to go to (the
 * node is cordoned), and every replacement takes as long as the next; scheduling, image pull and the
 * API calls' own latency are left out, like in the rollout estimate.
 */
import { SecondsRange } from '../engine/timing';

/** `kubectl drain` retries an eviction refused with 429 after this many seconds (`evictPods`). */
export const KUBECTL_EVICTION_RETRY_SECONDS = 5;

/** What the forecast needs to know about one workload and one node. */
export interface DrainModel {
  /** Pods of the workload, all Ready when the drain starts. */
  readonly replicas: number;
  /** Pods of the workload on the drained node (at most `replicas`). */
  readonly podsOnNode: number;
  /** Evictions the budget allows while every pod is Ready; null when no budget selects the pods (no limit). */
  readonly allowed: number | null;
  /** From a replacement pod's start until it is Ready (its probes; without `minReadySeconds`). */
  readonly ready: SecondsRange;
  /** `spec.minReadySeconds`: a Ready pod counts as available this much later. */
  readonly minReadySeconds: number;
  /** From the eviction until the evicted pod is gone: preStop (min), preStop and the server's drain within the grace period (max). */
  readonly termination: SecondsRange;
  /** True for a StatefulSet: the replacement is created only once the evicted pod is gone (it takes its name). */
  readonly replacementAfterTermination: boolean;
}

/** The drain of one node, for one workload. */
export interface DrainForecast {
  /** Pods of the workload on the drained node (in `DrainPlan`: the worst case, every pod; 1 with required anti-affinity on kubernetes.io/hostname). */
  readonly podsOnNode: number;
  /** Evictions the API server lets through at once (the budget's allowance, or every pod on the node without a budget). */
  readonly evictionsAtOnce: number;
  /** Fewest Ready pods, the ones the Service sends requests to (and the ones the budget counts). */
  readonly minReady: number;
  /** Fewest available pods as the Deployment (or StatefulSet) counts them: Ready for `minReadySeconds`. */
  readonly minAvailable: number;
  /** Most evicted pods terminating at once (preStop, drain). */
  readonly terminatingAtOnce: number;
  /** From the first eviction until the last evicted pod is gone (what `kubectl drain` waits for); null when the drain never ends. */
  readonly estimatedSeconds: SecondsRange | null;
}

/** One moment of a drain's fastest schedule; the counts hold until the next point. */
export interface DrainPoint {
  /** Seconds since the drain started. */
  readonly t: number;
  /** Ready pods (old ones not yet evicted, and replacements that are Ready). */
  readonly ready: number;
  /** Available pods: Ready for `minReadySeconds`. */
  readonly available: number;
  /** Evicted pods still terminating. */
  readonly terminating: number;
  /** Pods evicted at this moment (0 when something else changed). */
  readonly evicted: number;
}

function whole(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

function nonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The batches of evictions: every pod on the node at once without a budget, else the allowance at a time. */
function batches(model: DrainModel): number[] {
  const k = Math.min(whole(model.podsOnNode), whole(model.replicas));
  if (k === 0) return [];
  const a = model.allowed === null ? k : Math.min(whole(model.allowed), k);
  if (a === 0) return [];
  // too many to list: the caller only needs to know that
  if (Math.ceil(k / a) > MAX_SIMULATED_BATCHES) return new Array<number>(MAX_SIMULATED_BATCHES + 1).fill(a);
  const sizes: number[] = [];
  for (let left = k; left > 0; left -= a) sizes.push(Math.min(a, left));
  return sizes;
}

/** The first retry at or after `seconds` on kubectl's 5 s grid, and never sooner than one retry. */
function retryAtOrAfter(seconds: number): number {
  return Math.max(KUBECTL_EVICTION_RETRY_SECONDS, Math.ceil(seconds / KUBECTL_EVICTION_RETRY_SECONDS) * KUBECTL_EVICTION_RETRY_SECONDS);
}

/** The first retry strictly after `seconds` on kubectl's 5 s grid. */
function retryAfter(seconds: number): number {
  return Math.floor(seconds / KUBECTL_EVICTION_RETRY_SECONDS) * KUBECTL_EVICTION_RETRY_SECONDS + KUBECTL_EVICTION_RETRY_SECONDS;
}

/** The fastest schedule's parameters: seconds between batches, and when a batch's replacements are Ready, available and its pods gone. */
function fastest(model: DrainModel): { step: number; readyAt: number; availableAt: number; goneAt: number } {
  const ready = { min: nonNegative(model.ready.min), max: Math.max(nonNegative(model.ready.min), nonNegative(model.ready.max)) };
  const term = { min: nonNegative(model.termination.min), max: Math.max(nonNegative(model.termination.min), nonNegative(model.termination.max)) };
  // A StatefulSet's replacement starts once the evicted pod is gone: on the fastest schedule, the quickest termination.
  const before = model.replacementAfterTermination ? term.min : 0;
  const step = retryAtOrAfter(before + ready.min);
  // Worst case for availability: the replacement becomes Ready as late as this schedule allows, just before the retry.
  const readyAt = Math.min(step, before + ready.max);
  return {
    step,
    readyAt,
    availableAt: readyAt + nonNegative(model.minReadySeconds),
    // Worst case for pods terminating at once: the slowest termination (a StatefulSet's is the one the schedule assumed).
    goneAt: model.replacementAfterTermination ? term.min : term.max,
  };
}

/** The extremes of a drain's fastest schedule, over every moment (several things may happen at one time). */
export interface DrainExtremes {
  readonly minReady: number;
  readonly minAvailable: number;
  readonly maxTerminating: number;
}

/** Beyond this many batches of evictions the timeline is not listed (the forecast's numbers are exact all the same). */
export const MAX_SIMULATED_BATCHES = 1000;

/**
 * The drain's fastest schedule as points in time: batch j is evicted at `j x step` (the first retry
 * at or after the previous batch's replacements are Ready), its replacements are Ready as late as
 * that schedule allows and available `minReadySeconds` later, and its pods terminate for the longest
 * time. That schedule gives the fewest Ready and available pods and the most pods terminating at
 * once. At one moment, what earlier batches do (a replacement Ready, a pod gone) comes before the
 * next eviction, which it allows; a batch's own replacements come after it. One point per moment,
 * with the counts after it; `extremes` are over every step within a moment too. Empty when nothing is
 * evicted (no pod on the node, or a budget that allows none) or when there are more than
 * `MAX_SIMULATED_BATCHES` batches.
 */
export function simulateDrain(model: DrainModel): { points: DrainPoint[]; extremes: DrainExtremes } {
  const r = whole(model.replicas);
  const sizes = batches(model);
  const extremes = { minReady: r, minAvailable: r, maxTerminating: 0 };
  if (sizes.length === 0 || sizes.length > MAX_SIMULATED_BATCHES) return { points: [], extremes };
  const { step, readyAt, availableAt, goneAt } = fastest(model);
  const events: Array<{ t: number; order: number; ready: number; available: number; terminating: number; evicted: number }> = [];
  sizes.forEach((size, j) => {
    const t = j * step;
    events.push({ t, order: 2 * j + 1, ready: -size, available: -size, terminating: size, evicted: size });
    events.push({ t: t + readyAt, order: 2 * j + 2, ready: size, available: 0, terminating: 0, evicted: 0 });
    events.push({ t: t + availableAt, order: 2 * j + 2, ready: 0, available: size, terminating: 0, evicted: 0 });
    events.push({ t: t + goneAt, order: 2 * j + 2, ready: 0, available: 0, terminating: -size, evicted: 0 });
  });
  events.sort((x, y) => x.t - y.t || x.order - y.order);
  const points: DrainPoint[] = [{ t: 0, ready: r, available: r, terminating: 0, evicted: 0 }];
  let ready = r;
  let available = r;
  let terminating = 0;
  for (const e of events) {
    ready += e.ready;
    available += e.available;
    terminating += e.terminating;
    extremes.minReady = Math.min(extremes.minReady, ready);
    extremes.minAvailable = Math.min(extremes.minAvailable, available);
    extremes.maxTerminating = Math.max(extremes.maxTerminating, terminating);
    const last = points[points.length - 1];
    const point = { t: e.t, ready, available, terminating, evicted: (last.t === e.t ? last.evicted : 0) + e.evicted };
    if (last.t === e.t) points[points.length - 1] = point;
    else points.push(point);
  }
  return { points, extremes };
}

/** `simulateDrain`'s points. */
export function drainTimeline(model: DrainModel): DrainPoint[] {
  return simulateDrain(model).points;
}

/**
 * Forecasts the drain of a node holding `podsOnNode` of the workload's pods (see the module comment),
 * in closed form: the numbers `simulateDrain` reaches, for any number of pods. Never throws: odd
 * numbers read as 0.
 */
export function forecastDrain(model: DrainModel): DrainForecast {
  const r = whole(model.replicas);
  const k = Math.min(whole(model.podsOnNode), r);
  const sizes = batchSizes(model);
  if (sizes === undefined) {
    // nothing evicted: no pod there, or a budget that allows none (the drain waits forever)
    return { podsOnNode: k, evictionsAtOnce: 0, minReady: r, minAvailable: r, terminatingAtOnce: 0, estimatedSeconds: k === 0 ? { min: 0, max: 0 } : null };
  }
  const { a, count } = sizes;
  const term = { min: nonNegative(model.termination.min), max: Math.max(nonNegative(model.termination.min), nonNegative(model.termination.max)) };
  const ready = { min: nonNegative(model.ready.min), max: Math.max(nonNegative(model.ready.min), nonNegative(model.ready.max)) };
  const { step, availableAt, goneAt } = fastest(model);
  // A batch, and the earlier batches still within `seconds` of their eviction when it goes.
  const window = (seconds: number) => Math.max(1, Math.ceil(seconds / step));
  // The slowest schedule: every replacement is Ready as late as it can be, and kubectl's retry comes after that.
  const slowStep = retryAfter((model.replacementAfterTermination ? term.max : 0) + ready.max);
  const waits = count - 1;
  return {
    podsOnNode: k,
    evictionsAtOnce: a,
    minReady: r - a,
    minAvailable: r - Math.min(k, window(availableAt) * a),
    terminatingAtOnce: Math.min(k, window(goneAt) * a),
    estimatedSeconds: { min: waits * step + term.min, max: waits * slowStep + term.max },
  };
}

/** The batch size and the number of batches, without listing them; undefined when nothing is evicted. */
function batchSizes(model: DrainModel): { a: number; count: number } | undefined {
  const k = Math.min(whole(model.podsOnNode), whole(model.replicas));
  if (k === 0) return undefined;
  const a = model.allowed === null ? k : Math.min(whole(model.allowed), k);
  return a === 0 ? undefined : { a, count: Math.ceil(k / a) };
}
