/**
 * What a node drain (`kubectl drain`, a cluster upgrade, the cluster autoscaler) does to a Deployment's
 * pods: the eviction API lets a PodDisruptionBudget decide how many may go at once.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/#how-api-initiated-eviction-works
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages
 */
import { hardHostAntiAffinity, schedulableNodes } from '../engine/facts';
import { asIntOrString, get } from '../engine/json';
import { Workload } from '../engine/workloads';
import { allowedDisruptions, isIntOrPercent } from '../internal/rollout-math';

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

/** The drain verdict. */
export interface DrainPlan {
  /** The budgets that select the pods, in input order. */
  readonly budgets: readonly BudgetPlan[];
  /** Pods evictions may take at once; null when no budget limits it (a drain evicts them all). */
  readonly allowedDisruptions: number | null;
  /** True when draining a node can stall or leave a pod with nowhere to go (see `reasons`). */
  readonly stalls: boolean;
  /** Plain sentences: why it stalls, or what to watch. */
  readonly reasons: readonly string[];
}

/**
 * What one sentence of `DrainPlan.reasons` is about: no budget selects the pods; several do; the
 * budget is unreadable; it allows no eviction; it allows evicting every pod; hard anti-affinity with an
 * undeclared node count; hard anti-affinity without a spare node.
 */
export type DrainReasonKind =
  | 'no-budget'
  | 'several-budgets'
  | 'unreadable-budget'
  | 'budget-allows-none'
  | 'budget-allows-all'
  | 'node-count-unknown'
  | 'no-spare-node';

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

/**
 * Plans a drain at `replicas` pods, all healthy: the budgets' allowed disruptions (the rule engine's
 * pairing and `allowedDisruptions`), several budgets on one pod (the eviction API then refuses every
 * eviction), and hard anti-affinity on `kubernetes.io/hostname` (each pod needs a node of its own; a
 * pod evicted from a drained node needs a spare one). Never throws.
 */
export function planDrain(w: Workload, replicas: number): DrainVerdict {
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
  if (budgets.length === 0) {
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
  if (hardHostAntiAffinity(w) && replicas > 0) {
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
  return { plan: { budgets, allowedDisruptions: allowed, stalls, reasons: reasons.map((r) => r.text) }, reasons };
}
