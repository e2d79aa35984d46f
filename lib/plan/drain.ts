/**
 * What a node drain (`kubectl drain`, a cluster upgrade, the cluster autoscaler) does to a Deployment's
 * pods: the eviction API lets a PodDisruptionBudget decide how many may go at once.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/#how-api-initiated-eviction-works
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages
 */
import { hardHostAntiAffinity, schedulableNodes } from '../engine/facts';
import { asIntOrString, asString, get } from '../engine/json';
import { TerminationTiming, WaveTiming } from '../engine/timing';
import { Workload } from '../engine/workloads';
import { allowedDisruptions, isIntOrPercent } from '../internal/rollout-math';
import { DrainForecast, DrainModel, forecastDrain, KUBECTL_EVICTION_RETRY_SECONDS } from './drain-forecast';

/** One PodDisruptionBudget selecting the pods. */
export interface BudgetPlan {
  readonly name: string;
  /** `spec.minAvailable` as written, when set. */
  readonly minAvailable?: number | string;
  /** `spec.maxUnavailable` as written, when set. */
  readonly maxUnavailable?: number | string;
  /** Pods the budget lets evictions take at once while every pod is healthy; null when the budget is unreadable. */
  readonly allowedDisruptions: number | null;
}

/** The drain verdict: the forecast of the worst case (`DrainForecast`: every pod on the drained node), and more. */
export interface DrainPlan extends DrainForecast {
  /** The budgets that select the pods, in input order. */
  readonly budgets: readonly BudgetPlan[];
  /** Pods evictions may take at once; null when no budget limits it (a drain evicts them all). */
  readonly allowedDisruptions: number | null;
  /** True when draining a node can stall or leave a pod with nowhere to go (see `reasons`). */
  readonly stalls: boolean;
  /** Plain sentences: why it stalls, or what to watch. */
  readonly reasons: readonly string[];
  /** False for a DaemonSet: `kubectl drain --ignore-daemonsets` does not evict its pods (the numbers below are then 0 evictions). */
  readonly evicted: boolean;
  /**
   * The budget's `spec.unhealthyPodEvictionPolicy` (`IfHealthyBudget` when unset): whether a pod that
   * is not Ready may be evicted while the budget is not met. Null without exactly one budget.
   */
  readonly unhealthyPodEvictionPolicy: string | null;
  /** The same numbers for a node holding 1, 2, ... of the pods, up to `podsOnNode` (at most `MAX_LISTED_PODS_ON_NODE` entries, then `podsOnNode`). */
  readonly byPodsOnNode: readonly DrainForecast[];
}

/** `byPodsOnNode` lists a node holding 1 to this many pods, then the worst case. */
export const MAX_LISTED_PODS_ON_NODE = 10;

/**
 * What one sentence of `DrainPlan.reasons` is about: no budget selects the pods; several do; the
 * budget is unreadable; it allows no eviction; it allows evicting every pod; hard anti-affinity with an
 * undeclared node count; hard anti-affinity without a spare node; the budget lets availability fall
 * below its own floor because it counts Ready pods, not available ones; a DaemonSet, whose pods a
 * drain does not evict.
 */
export type DrainReasonKind =
  | 'no-budget'
  | 'several-budgets'
  | 'unreadable-budget'
  | 'budget-allows-none'
  | 'budget-allows-all'
  | 'node-count-unknown'
  | 'no-spare-node'
  | 'min-ready-not-counted'
  | 'not-evicted';

/** Reasons that describe the drain without being a risk of the site: they stay out of the plan's `risks`. */
export const DRAIN_NOTE_KINDS: ReadonlySet<DrainReasonKind> = new Set<DrainReasonKind>(['not-evicted']);

/** One drain reason and what it is about. */
export interface DrainReason {
  readonly kind: DrainReasonKind;
  /** The sentence, as `DrainPlan.reasons` lists it. */
  readonly text: string;
}

/** `planDrain`'s answer: the drain as the report shows it, and its reasons with their kinds. */
export interface DrainVerdict {
  /** The drain as the JSON report shows it. */
  readonly plan: DrainPlan;
  /** `plan.reasons`, in the same order, each with its kind, for callers that pick among them. */
  readonly reasons: readonly DrainReason[];
}

/** How long a replacement takes and an evicted pod terminates (the rollout plan's own figures). */
export interface DrainTiming {
  readonly wave: WaveTiming;
  readonly termination: TerminationTiming;
}

/**
 * Plans a drain at `replicas` pods, all healthy: the budgets' allowed disruptions (the rule engine's
 * pairing and `allowedDisruptions`), several budgets on one pod (the eviction API then refuses every
 * eviction), and hard anti-affinity on `kubernetes.io/hostname` (each pod needs a node of its own; a
 * pod evicted from a drained node needs a spare one). Never throws.
 */
export function planDrain(w: Workload, replicas: number, timing?: DrainTiming): DrainVerdict {
  const budgets: BudgetPlan[] = w.budgets.map((b) => {
    const min = asIntOrString(get(b.object, 'spec', 'minAvailable'));
    const max = asIntOrString(get(b.object, 'spec', 'maxUnavailable'));
    // unset, or an int-or-percent; exactly one of the two may be set
    const readable = (min === undefined || isIntOrPercent(min)) && (max === undefined || isIntOrPercent(max)) && !(min !== undefined && max !== undefined);
    const allowed = readable ? allowedDisruptions({ minAvailable: min, maxUnavailable: max }, replicas) : null;
    return {
      name: b.ref.name,
      ...(min !== undefined ? { minAvailable: min } : {}),
      ...(max !== undefined ? { maxUnavailable: max } : {}),
      allowedDisruptions: allowed === null || !Number.isFinite(allowed) ? null : Math.min(allowed, replicas),
    };
  });
  const reasons: DrainReason[] = [];
  const reason = (kind: DrainReasonKind, text: string): void => {
    reasons.push({ kind, text });
  };
  let stalls = false;
  let allowed: number | null = null;
  if (w.kind === 'DaemonSet') {
    // `kubectl drain --ignore-daemonsets` evicts none of its pods: no budget decides anything then
  } else if (budgets.length === 0) {
    if (replicas > 0) {
      reason('no-budget', 'No PodDisruptionBudget selects these pods: a node drain evicts all of them on that node at once, and draining several nodes can take every pod.');
    }
  } else if (budgets.length > 1) {
    allowed = 0;
    stalls = true;
    reason(
      'several-budgets',
      `${budgets.length} PodDisruptionBudgets select these pods (${budgets.map((b) => b.name).join(', ')}): the eviction API refuses every eviction ` +
        '(500, "more than one PodDisruptionBudget"), so a node drain stalls.',
    );
  } else {
    const b = budgets[0];
    allowed = b.allowedDisruptions;
    if (allowed === null) {
      reason('unreadable-budget', `PodDisruptionBudget ${b.name} sets neither a readable minAvailable nor maxUnavailable (or both): the API server refuses it.`);
    } else if (allowed === 0 && replicas > 0) {
      stalls = true;
      reason('budget-allows-none', `PodDisruptionBudget ${b.name} allows 0 evictions of ${replicas} pods: every node drain and cluster upgrade waits for it forever.`);
    } else if (replicas > 0 && allowed >= replicas) {
      reason('budget-allows-all', `PodDisruptionBudget ${b.name} allows evicting all ${replicas} pods at once: a drain can take the whole site down.`);
    }
  }
  if (w.kind !== 'DaemonSet' && hardHostAntiAffinity(w) && replicas > 0) {
    // Deliberately not the rollout's peak (`rolloutPeakPods`, replicas + maxSurge): a drain creates no
    // surge pods, it evicts. The other replicas - 1 pods hold a node each, the drained node is cordoned,
    // and the evicted pod's replacement needs one more: replicas + 1 nodes, whatever maxSurge says.
    const nodes = schedulableNodes(w);
    if (nodes === undefined) {
      reason(
        'node-count-unknown',
        'Required pod anti-affinity on kubernetes.io/hostname gives each pod a node of its own: a pod evicted from a drained node needs a spare node, ' +
          'and a rollout\'s surge pods need more. Declare the node count (annotation zero-downtime.cdk8s.io/schedulable-nodes) to check it.',
      );
    } else if (nodes < replicas + 1) {
      stalls = true;
      reason(
        'no-spare-node',
        `Required pod anti-affinity on kubernetes.io/hostname with ${nodes} schedulable nodes and ${replicas} pods leaves no spare node: a pod evicted ` +
          'from a drained node stays Pending, the budget then allows one eviction fewer, and the next drain (a cluster upgrade) stalls.',
      );
    }
  }
  const policy = budgets.length === 1 ? (asString(get(w.budgets[0].object, 'spec', 'unhealthyPodEvictionPolicy')) ?? 'IfHealthyBudget') : null;
  const evicted = w.kind !== 'DaemonSet';
  const worst = evicted ? (hardHostAntiAffinity(w) ? Math.min(1, replicas) : replicas) : 0;
  const model = timing ? drainModel(replicas, allowed, timing, w.kind === 'StatefulSet') : undefined;
  const forecast = (k: number): DrainForecast =>
    model
      ? forecastDrain({ ...model, podsOnNode: k })
      : { podsOnNode: k, evictionsAtOnce: 0, minReady: replicas, minAvailable: replicas, terminatingAtOnce: 0, estimatedSeconds: k === 0 ? { min: 0, max: 0 } : null };
  const main = forecast(worst);
  const listed = Array.from({ length: Math.min(worst, MAX_LISTED_PODS_ON_NODE) }, (_, i) => i + 1);
  if (worst > MAX_LISTED_PODS_ON_NODE) listed.push(worst);
  if (!evicted) {
    reason(
      'not-evicted',
      '`kubectl drain --ignore-daemonsets` does not evict DaemonSet pods: the pod on the drained node keeps serving until the node shuts down ' +
        '(graceful node shutdown then stops it within shutdownGracePeriod; a node that just powers off drops it at once).',
    );
  } else if (budgets.length === 1 && allowed !== null && allowed > 0 && timing && main.minAvailable < main.minReady) {
    const b = budgets[0];
    reason(
      'min-ready-not-counted',
      `During a drain of a node holding ${main.podsOnNode} of the ${replicas} pods, PodDisruptionBudget ${b.name} counts Ready pods and ignores ` +
        `minReadySeconds (${timing.wave.minReadySeconds} s): it lets the next eviction through as soon as a replacement is Ready, so available pods fall to ` +
        `${main.minAvailable} while Ready pods stay at ${main.minReady}, and a replacement that fails right after its first good probe still lets the next ` +
        'eviction through. Fix: make the readiness probe cover the warm-up that minReadySeconds stands for (a higher initialDelaySeconds or successThreshold), ' +
        'or keep one pod per node (required pod anti-affinity, or a DoNotSchedule topology spread, on kubernetes.io/hostname).',
    );
  }
  return {
    plan: {
      budgets,
      allowedDisruptions: allowed,
      stalls,
      reasons: reasons.map((r) => r.text),
      evicted,
      unhealthyPodEvictionPolicy: policy,
      podsOnNode: main.podsOnNode,
      evictionsAtOnce: main.evictionsAtOnce,
      minReady: main.minReady,
      minAvailable: main.minAvailable,
      terminatingAtOnce: main.terminatingAtOnce,
      estimatedSeconds: main.estimatedSeconds,
      byPodsOnNode: evicted ? listed.map(forecast) : [],
    },
    reasons,
  };
}

/**
 * The forecast's inputs from the rollout plan's timing: a replacement is Ready `wave - minReadySeconds`
 * after it starts; an evicted pod is gone after its preStop (min: the server exits at once on SIGTERM)
 * or its preStop and drain within the grace period (max). A hook of unknown length counts as the
 * whole grace period, as in the rollout plan.
 */
export function drainModel(replicas: number, allowed: number | null, timing: DrainTiming, statefulSet: boolean): Omit<DrainModel, 'podsOnNode'> {
  const { wave, termination: t } = timing;
  const preStop = t.preStopSeconds === null ? t.seconds : Math.min(t.preStopSeconds, t.graceSeconds);
  return {
    replicas,
    allowed,
    ready: { min: Math.max(0, wave.min - wave.minReadySeconds), max: Math.max(0, wave.max - wave.minReadySeconds) },
    minReadySeconds: wave.minReadySeconds,
    termination: { min: Math.min(preStop, t.seconds), max: t.seconds },
    replacementAfterTermination: statefulSet,
  };
}

/** kubectl drain's retry interval, for the text and the docs. */
export const DRAIN_RETRY_SECONDS = KUBECTL_EVICTION_RETRY_SECONDS;
