/**
 * What a node drain (`kubectl drain`, a cluster upgrade, the cluster autoscaler) does to a Deployment's
 * pods: the eviction API lets a PodDisruptionBudget decide how many may go at once.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/#how-api-initiated-eviction-works
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages
 */
import { hardHostAntiAffinity, schedulableNodes } from '../engine/facts';
import { asIntOrString, get } from '../engine/json';
import { Workload } from '../engine/workloads';
import { allowedDisruptions } from '../internal/rollout-math';

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

function isIntOrPercent(v: number | string | undefined): boolean {
  return v === undefined || (typeof v === 'number' ? Number.isInteger(v) && v >= 0 : /^\d{1,9}%$/.test(v));
}

/**
 * Plans a drain at `replicas` pods, all healthy: the budgets' allowed disruptions (the rule engine's
 * pairing and `allowedDisruptions`), several budgets on one pod (the eviction API then refuses every
 * eviction), and hard anti-affinity on `kubernetes.io/hostname` (each pod needs a node of its own; a
 * pod evicted from a drained node needs a spare one). Never throws.
 */
export function planDrain(w: Workload, replicas: number): DrainPlan {
  const budgets: BudgetPlan[] = w.budgets.map((b) => {
    const min = asIntOrString(get(b.object, 'spec', 'minAvailable'));
    const max = asIntOrString(get(b.object, 'spec', 'maxUnavailable'));
    const readable = isIntOrPercent(min) && isIntOrPercent(max) && !(min !== undefined && max !== undefined);
    const allowed = readable ? allowedDisruptions({ minAvailable: min, maxUnavailable: max }, replicas) : null;
    return {
      name: b.ref.name,
      ...(min !== undefined ? { minAvailable: min } : {}),
      ...(max !== undefined ? { maxUnavailable: max } : {}),
      allowedDisruptions: allowed === null || !Number.isFinite(allowed) ? null : Math.min(allowed, replicas),
    };
  });
  const reasons: string[] = [];
  let stalls = false;
  let allowed: number | null = null;
  if (budgets.length === 0) {
    if (replicas > 0) {
      reasons.push('No PodDisruptionBudget selects these pods: a node drain evicts all of them on that node at once, and draining several nodes can take every pod.');
    }
  } else if (budgets.length > 1) {
    allowed = 0;
    stalls = true;
    reasons.push(
      `${budgets.length} PodDisruptionBudgets select these pods (${budgets.map((b) => b.name).join(', ')}): the eviction API refuses every eviction ` +
        '(500, "more than one PodDisruptionBudget"), so a node drain stalls.',
    );
  } else {
    const b = budgets[0];
    allowed = b.allowedDisruptions;
    if (allowed === null) {
      reasons.push(`PodDisruptionBudget ${b.name} sets neither a readable minAvailable nor maxUnavailable (or both): the API server refuses it.`);
    } else if (allowed === 0 && replicas > 0) {
      stalls = true;
      reasons.push(`PodDisruptionBudget ${b.name} allows 0 evictions of ${replicas} pods: every node drain and cluster upgrade waits for it forever.`);
    } else if (replicas > 0 && allowed >= replicas) {
      reasons.push(`PodDisruptionBudget ${b.name} allows evicting all ${replicas} pods at once: a drain can take the whole site down.`);
    }
  }
  if (hardHostAntiAffinity(w) && replicas > 0) {
    const nodes = schedulableNodes(w);
    if (nodes === undefined) {
      reasons.push(
        'Required pod anti-affinity on kubernetes.io/hostname gives each pod a node of its own: a pod evicted from a drained node needs a spare node, ' +
          'and a rollout\'s surge pods need more. Declare the node count (annotation zero-downtime.cdk8s.io/schedulable-nodes) to check it.',
      );
    } else if (nodes < replicas + 1) {
      stalls = true;
      reasons.push(
        `Required pod anti-affinity on kubernetes.io/hostname with ${nodes} schedulable nodes and ${replicas} pods leaves no spare node: a pod evicted ` +
          'from a drained node stays Pending, the budget then allows one eviction fewer, and the next drain (a cluster upgrade) stalls.',
      );
    }
  }
  return { budgets, allowedDisruptions: allowed, stalls, reasons };
}
