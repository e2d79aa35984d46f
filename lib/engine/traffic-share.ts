import { asArray, asNumber, asString, get } from './json';
import type { RuleViolation } from './finding';
import { IndexedObject, Inventory, namespaceKey, Workload } from './workloads';

/*
 * Traffic share versus capacity: an HTTPRoute rule splits its requests among its backendRefs by
 * weight (a backend's share is `weight / sum(weights)` of the rule's requests, Gateway API
 * HTTPBackendRef), whatever the number of pods behind each Service. A version that gets a larger share
 * of the requests than its share of the pods can carry runs its pods hotter than the site is sized for.
 * Pure functions over the inventory: the rule `traffic-share-exceeds-capacity` and the plan read them.
 */

/** How far a version's traffic share may exceed its capacity share: 10 % (of the capacity share). */
export const TRAFFIC_SHARE_TOLERANCE = 0.1;

/** One backend of a weighted HTTPRoute rule: its share of the requests and of the capacity. */
export interface BackendShare {
  /** The route. */
  readonly route: IndexedObject;
  /** Position of the rule in `spec.rules`. */
  readonly rule: number;
  /** Position of the backendRef in the rule's `backendRefs`. */
  readonly ref: number;
  /** The Service the backendRef names (in the route's namespace or its own). */
  readonly service: IndexedObject;
  /** The backendRef's weight (Gateway API default 1). */
  readonly weight: number;
  /** Share of the rule's requests, 0 to 1: `weight / sum(weights)`. */
  readonly trafficShare: number;
  /** The workloads behind the Service. */
  readonly workloads: readonly Workload[];
  /** Pods behind the Service: `spec.replicas` (an autoscaler's `maxReplicas`: it adds pods as the load comes). */
  readonly pods: number;
  /**
   * Share of the load the backend's pods can carry, 0 to 1: its pods over the pods of the rule's
   * largest backend, the set the site is sized with (3 candidate pods next to 3 stable pods: 100 %;
   * 1 next to 3: 33 %).
   */
  readonly capacityShare: number;
  /** `trafficShare / capacityShare`: the load on each of its pods relative to a pod of the largest set carrying every request. */
  readonly loadFactor: number;
}

/** Backend Services a route rule sends to, with their weights (Gateway API defaults: kind Service, group "", weight 1). */
function ruleBackends(route: IndexedObject, rule: unknown): Array<{ ref: number; namespace: string; name: string; weight: number }> {
  return asArray(get(rule, 'backendRefs')).flatMap((b, ref) => {
    const name = asString(get(b, 'name'));
    if ((asString(get(b, 'kind')) ?? 'Service') !== 'Service' || (asString(get(b, 'group')) ?? '') !== '' || name === undefined) return [];
    const weight = get(b, 'weight') === undefined ? 1 : asNumber(get(b, 'weight'));
    if (weight === undefined || weight < 0) return [];
    return [{ ref, namespace: asString(get(b, 'namespace')) ?? namespaceKey(route), name, weight }];
  });
}

/** Pods a workload runs to carry load: its autoscaler's `maxReplicas`, else `spec.replicas` (default 1). */
function capacityPods(w: Workload): number {
  if (w.autoscaler) return asNumber(get(w.autoscaler.object, 'spec', 'maxReplicas')) ?? 1;
  if (w.kind === 'DaemonSet') return 1;
  return asNumber(get(w.controller.object, 'spec', 'replicas')) ?? 1;
}

/**
 * The backends of every HTTPRoute (and GRPCRoute) rule that splits its requests among two or more
 * Services by weight, when the pods behind each of them are in the input. A rule whose Services or
 * pods are not all in the input is left out: its capacity cannot be judged.
 */
export function weightedBackends(inv: Inventory): BackendShare[][] {
  const out: BackendShare[][] = [];
  const services = inv.byKind.get('Service') ?? [];
  for (const route of [...(inv.byKind.get('HTTPRoute') ?? []), ...(inv.byKind.get('GRPCRoute') ?? [])]) {
    asArray(get(route.object, 'spec', 'rules')).forEach((rule, ruleIndex) => {
      const backends = ruleBackends(route, rule);
      if (backends.length < 2) return;
      const total = backends.reduce((sum, b) => sum + b.weight, 0);
      if (total <= 0) return;
      const resolved = backends.map((b) => {
        const service = services.find((s) => s.ref.name === b.name && namespaceKey(s) === b.namespace);
        const workloads = service ? inv.servingSets.get(service.index) ?? [] : [];
        return { ...b, service, workloads, pods: workloads.reduce((sum, w) => sum + capacityPods(w), 0) };
      });
      if (resolved.some((b) => b.service === undefined || b.pods <= 0)) return;
      const largest = Math.max(...resolved.map((b) => b.pods));
      out.push(resolved.map((b) => {
        const trafficShare = b.weight / total;
        const capacityShare = b.pods / largest;
        return {
          route,
          rule: ruleIndex,
          ref: b.ref,
          service: b.service as IndexedObject,
          weight: b.weight,
          trafficShare,
          capacityShare,
          workloads: b.workloads,
          pods: b.pods,
          loadFactor: trafficShare / capacityShare,
        };
      }));
    });
  }
  return out;
}

/** A share as a whole percent, e.g. `33%`. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The rule `traffic-share-exceeds-capacity`: a backend whose traffic share exceeds its capacity share by more than the tolerance. */
export function checkTrafficShare(inv: Inventory): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const backends of weightedBackends(inv)) {
    const largest = backends.reduce((a, b) => (b.pods > a.pods ? b : a));
    for (const b of backends) {
      // A small epsilon: 40 % of the requests on a 2-of-5 set is not over because of rounding.
      if (b.trafficShare <= b.capacityShare * (1 + TRAFFIC_SHARE_TOLERANCE) + 1e-9) continue;
      const pods = `${b.pods} pod${b.pods === 1 ? '' : 's'}`;
      out.push({
        object: b.route,
        workload: b.workloads[0],
        path: `spec.rules[${b.rule}].backendRefs[${b.ref}].weight`,
        value: `${percent(b.trafficShare)} of the requests on ${pods} of Service ${b.service.ref.name}: ${b.loadFactor.toFixed(1)}× the load per pod of the ${largest.pods} pods of Service ${largest.service.ref.name} at 100%`,
        allowed: `at most ${percent(b.capacityShare * (1 + TRAFFIC_SHARE_TOLERANCE))} (its capacity share ${percent(b.capacityShare)}: ${b.pods} of ${largest.pods} pods, plus a tolerance of ${Math.round(TRAFFIC_SHARE_TOLERANCE * 100)}%)`,
      } as RuleViolation);
    }
  }
  return out;
}
