/**
 * The rollout arithmetic of the Deployment controller: how `maxSurge` and `maxUnavailable` resolve,
 * and what a rollout does step by step, counted in pods.
 *
 * The model is the controller's rolling-update loop (kubernetes/kubernetes
 * `pkg/controller/deployment/rolling.go`), run on counts:
 *
 * 1. scale the new ReplicaSet up, so that old + new pods (the ReplicaSets' `spec.replicas`; terminating
 *    pods do not count) are at most `replicas + maxSurge`, and new pods at most `replicas`;
 * 2. scale the old ReplicaSets down, so that available pods stay at least `replicas - maxUnavailable`;
 *    a new pod is not available before it has been Ready for `minReadySeconds`;
 * 3. repeat 1 and 2 until neither changes anything, then wait until every new pod is available.
 *
 * Each wait in step 3 is one **wave**: `waves` counts the times the rollout waits for new pods to become
 * available. Assumptions: every old pod is available when the rollout starts, every new pod becomes
 * available after the same time (one wave), nothing fails and nobody scales the Deployment meanwhile.
 *
 * What it gives (and `docs/plan.md` shows): 3 replicas with maxSurge 1 and maxUnavailable 0 take 3 waves
 * (one new pod at a time); 4 replicas with the default 25%/25% (surge 1, unavailable 1) take 2 waves
 * (2 new pods, then the other 2); 10 replicas with 25%/25% (surge 3, unavailable 2) take 2 waves (5,
 * then 5): the Kubernetes docs' proportional-scaling example shows the same first step (new 5, old 8).
 * In general `waves = ceil(replicas / (surge + unavailable))`.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */
import { rolloutPeakPods } from '../engine/facts';
import { isIntOrPercent, parsePercent, resolveMaxSurge, resolveMaxUnavailable } from '../internal/rollout-math';

/** `maxSurge` and `maxUnavailable` as the controller uses them, and whether the API server accepts them. */
export interface Fenceposts {
  /** Pods the controller may create above `replicas`. */
  readonly surge: number;
  /** Pods that may be unavailable; at most `replicas`. */
  readonly unavailable: number;
  /** False when the API server refuses the Deployment (the reasons are in `problems`). */
  readonly valid: boolean;
  /** True when both resolved to 0 and the controller fell back to `maxUnavailable` 1. */
  readonly fallback: boolean;
  /** Plain sentences: why the API server refuses the values, or what the fallback means. */
  readonly problems: readonly string[];
}

/** Largest `spec.replicas` the API server accepts (int32). */
export const MAX_REPLICAS = 2147483647;

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** Whether an int-or-percent is one the API server accepts: an integer >= 0 or `N%`. */
function checkIntOrPercent(field: string, value: unknown, problems: string[]): boolean {
  // counts are int32 too
  if (isIntOrPercent(value) && (typeof value === 'string' || value <= MAX_REPLICAS)) return true;
  problems.push(`${field} ${describe(value)} is not a whole number >= 0 or a percentage such as "25%": the API server refuses the Deployment.`);
  return false;
}

/**
 * Resolves `maxSurge` and `maxUnavailable` against `replicas` exactly as the Deployment controller
 * does (`ResolveFenceposts`, then `MaxUnavailable`): a surge percentage rounds up, an unavailable
 * percentage rounds down; when both resolve to 0 the controller uses 1 unavailable pod; unavailable
 * is at most `replicas`. Values the API server refuses (both explicitly 0, negative, a string that is
 * not a percentage, `maxUnavailable` above 100%) give `valid: false`. Never throws.
 * @param maxSurge `spec.strategy.rollingUpdate.maxSurge`. @default '25%'
 * @param maxUnavailable `spec.strategy.rollingUpdate.maxUnavailable`. @default '25%'
 */
export function resolveFenceposts(maxSurge: unknown, maxUnavailable: unknown, replicas: number): Fenceposts {
  const problems: string[] = [];
  const surgeOk = checkIntOrPercent('maxSurge', maxSurge, problems);
  const unavailableOk = checkIntOrPercent('maxUnavailable', maxUnavailable, problems);
  let valid = surgeOk && unavailableOk;
  if (unavailableOk && typeof maxUnavailable === 'string' && (parsePercent(maxUnavailable) ?? 0) > 100) {
    problems.push(`maxUnavailable ${describe(maxUnavailable)} is above 100%: the API server refuses the Deployment.`);
    valid = false;
  }
  const declared = (v: unknown) => (typeof v === 'number' ? v : parsePercent(v));
  if (surgeOk && unavailableOk && declared(maxSurge) === 0 && declared(maxUnavailable) === 0) {
    problems.push('maxSurge and maxUnavailable are both 0: invalid, the API server refuses the Deployment (one of them must allow progress).');
    valid = false;
  }
  const r = Math.max(0, replicas);
  const surge = surgeOk ? resolveMaxSurge(maxSurge as number | string, r) : 0;
  let unavailable = unavailableOk ? resolveMaxUnavailable(maxUnavailable as number | string, r) : 0;
  let fallback = false;
  if (valid && surge === 0 && unavailable === 0) {
    unavailable = 1;
    fallback = true;
    problems.push(
      `maxSurge ${describe(maxSurge)} and maxUnavailable ${describe(maxUnavailable)} both resolve to 0 of ${r} replicas: ` +
        'the controller then takes 1 pod down at a time, so one pod fewer serves during the rollout.',
    );
  }
  if (r === 0) unavailable = 0;
  unavailable = Math.min(unavailable, r);
  return { surge, unavailable, valid, fallback, problems };
}

/**
 * One moment of a rollout: the controller has just scaled, after `waits` waves (each lasting the
 * time a new pod takes to become available) and `terminations` waits for old pods to be gone
 * (`Recreate` only).
 */
export interface RolloutStep {
  /** Waves completed before this step. */
  readonly waits: number;
  /** Waits for every old pod to be gone before this step (0 or 1; `Recreate` only). */
  readonly terminations: number;
  /** Old pods that exist and are not terminating. */
  readonly old: number;
  /** New pods (created, available or not). */
  readonly new: number;
  /** Available pods: old ones plus new ones that are available. */
  readonly available: number;
  /** Old pods removed at this step; they start terminating now. */
  readonly removed: number;
}

/** The rollout counted in pods. */
export interface RolloutSimulation {
  /** Times the rollout waits for new pods to become available. */
  readonly waves: number;
  /** Fewest available pods at any moment. */
  readonly minAvailable: number;
  /** Most pods (old and new, not counting terminating ones) at any moment. */
  readonly peakPods: number;
  /** Every step, in order; empty when the rollout has more than `MAX_SIMULATED_WAVES` waves. */
  readonly steps: readonly RolloutStep[];
}

/** Beyond this many waves the steps are not listed (the counts are exact all the same). */
export const MAX_SIMULATED_WAVES = 10_000;

/**
 * Runs the controller's rolling-update loop on counts (see the module comment). `surge` and
 * `unavailable` are resolved counts (`resolveFenceposts`). When both are 0 the API server would have
 * refused the Deployment: the result is 0 waves and no change. Never throws; linear in `waves`.
 */
export function simulateRollingUpdate(replicas: number, surge: number, unavailable: number): RolloutSimulation {
  const r = wholeCount(replicas);
  const s = wholeCount(surge);
  const u = Math.min(wholeCount(unavailable), r);
  if (r === 0 || s + u === 0) {
    return { waves: 0, minAvailable: r, peakPods: r, steps: r === 0 ? [] : [{ waits: 0, terminations: 0, old: r, new: 0, available: r, removed: 0 }] };
  }
  // Each wave adds surge + unavailable new pods (the first one: new = min(r, s + u)), so:
  const waves = Math.ceil(r / (s + u));
  if (waves > MAX_SIMULATED_WAVES) {
    return { waves, minAvailable: r - u, peakPods: rolloutPeakPods(r, s), steps: [] };
  }
  let old = r;
  let created = 0;
  let ready = 0; // new pods that are available
  let minAvailable = r;
  let peakPods = r;
  const steps: RolloutStep[] = [];
  const scale = (waits: number) => {
    let removed = 0;
    for (;;) {
      const up = Math.max(0, Math.min(r + s - (old + created), r - created));
      created += up;
      peakPods = Math.max(peakPods, old + created);
      const down = Math.max(0, Math.min(old, old + ready - (r - u)));
      old -= down;
      removed += down;
      minAvailable = Math.min(minAvailable, old + ready);
      if (up === 0 && down === 0) break;
    }
    steps.push({ waits, terminations: 0, old, new: created, available: old + ready, removed });
  };
  scale(0);
  let done = 0;
  while (!(old === 0 && ready === r) && created > ready && done <= waves) {
    ready = created;
    done++;
    scale(done);
  }
  return { waves: done, minAvailable, peakPods, steps };
}

/**
 * The `Recreate` strategy: every old pod is removed at once; new pods are created only once all old
 * pods are gone, and become available one wave later. 1 wave, no pod available in between.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment
 */
export function simulateRecreate(replicas: number): RolloutSimulation {
  const r = wholeCount(replicas);
  if (r === 0) return { waves: 0, minAvailable: 0, peakPods: 0, steps: [] };
  return {
    waves: 1,
    minAvailable: 0,
    peakPods: r,
    steps: [
      { waits: 0, terminations: 0, old: 0, new: 0, available: 0, removed: r },
      { waits: 0, terminations: 1, old: 0, new: r, available: 0, removed: 0 },
      { waits: 1, terminations: 1, old: 0, new: r, available: r, removed: 0 },
    ],
  };
}

function wholeCount(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), MAX_REPLICAS) : 0;
}
