/**
 * Pure rollout arithmetic, exactly as the Deployment controller does it.
 *
 * `maxSurge` percentages round **up**, `maxUnavailable` percentages round **down**, both of the desired
 * replica count.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */

/** An absolute count or a percentage of the desired replicas, as Kubernetes' int-or-string. */
export type IntOrPercent = number | string;

/** Parses `'25%'` into 25; returns undefined for anything that is not a whole percentage string. */
export function parsePercent(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,9})%$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/**
 * True when `value` has the shape of an int-or-percent the API server accepts: a whole number >= 0, or
 * a whole percentage string such as `'25%'` (read by `parsePercent`). Bounds that depend on the field
 * (int32, `maxUnavailable` at most 100%) are the caller's. The one place that decides it for the
 * rollout and drain arithmetic.
 */
export function isIntOrPercent(value: unknown): value is IntOrPercent {
  return typeof value === 'number' ? Number.isInteger(value) && value >= 0 : parsePercent(value) !== undefined;
}

/** Resolves an int-or-percent against `replicas`, rounding up (surge) or down (unavailable). */
export function resolveIntOrPercent(value: IntOrPercent, replicas: number, round: 'up' | 'down'): number {
  const percent = parsePercent(value);
  if (percent === undefined) {
    return typeof value === 'number' ? value : NaN;
  }
  const exact = (percent * replicas) / 100;
  return round === 'up' ? Math.ceil(exact) : Math.floor(exact);
}

/** Extra pods the controller may create above `replicas` during a rollout (percent rounds up). */
export function resolveMaxSurge(maxSurge: IntOrPercent, replicas: number): number {
  return resolveIntOrPercent(maxSurge, replicas, 'up');
}

/** Pods that may be unavailable during a rollout (percent rounds down). */
export function resolveMaxUnavailable(maxUnavailable: IntOrPercent, replicas: number): number {
  return resolveIntOrPercent(maxUnavailable, replicas, 'down');
}

/**
 * Pods a PodDisruptionBudget lets an eviction take at once. PDB percentages round **up** for both
 * `minAvailable` and `maxUnavailable` (policy/v1).
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages
 */
export function allowedDisruptions(
  budget: { maxUnavailable?: IntOrPercent; minAvailable?: IntOrPercent },
  replicas: number,
): number {
  if (budget.maxUnavailable !== undefined) {
    return Math.max(0, resolveIntOrPercent(budget.maxUnavailable, replicas, 'up'));
  }
  if (budget.minAvailable !== undefined) {
    return Math.max(0, replicas - resolveIntOrPercent(budget.minAvailable, replicas, 'up'));
  }
  return replicas;
}
