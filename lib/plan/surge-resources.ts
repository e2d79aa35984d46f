/**
 * What the surge pods request, and whether they fit the namespace's ResourceQuota.
 *
 * A pod's requests are what Kubernetes charges for it: each container's request, else its limit (the
 * API server copies a limit into a missing request), else the namespace's LimitRange default; for the
 * pod, the sum over its containers (sidecars included), or the largest init container if that is more.
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/#requests-vs-limits
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers
 */
import { podSpec } from '../engine/facts';
import { asArray, asObject, asString, get, JsonObject } from '../engine/json';
import { IndexedObject, Workload } from '../engine/workloads';
import { formatBytes, formatCpu, Nano, parseQuantity } from '../internal/quantity';

/** The resources the plan counts. */
export type ResourceName = 'cpu' | 'memory' | 'ephemeralStorage';

/** Every `ResourceName`, in report order. */
export const RESOURCE_NAMES: readonly ResourceName[] = ['cpu', 'memory', 'ephemeralStorage'];

/** The Kubernetes spelling of each resource. */
export const KUBERNETES_RESOURCE: Readonly<Record<ResourceName, string>> = { cpu: 'cpu', memory: 'memory', ephemeralStorage: 'ephemeral-storage' };

/** An amount per resource; a resource is absent when no container declares it and no default gives it. */
export type ResourceAmounts = Partial<Record<ResourceName, Nano>>;

/** What one pod of a Deployment requests and is limited to. */
export interface PodResources {
  readonly requests: ResourceAmounts;
  readonly limits: ResourceAmounts;
  /** Resources some container has no request for, even after LimitRange defaults (counted as 0). */
  readonly missingRequests: ReadonlyArray<ResourceName>;
  /** Resources some container has no limit for, even after LimitRange defaults. */
  readonly missingLimits: ReadonlyArray<ResourceName>;
  /** Names of the LimitRanges whose defaults filled a missing request or limit. */
  readonly limitRanges: ReadonlyArray<string>;
}

/** Defaults a namespace's LimitRanges give containers (`limitRangeDefaults`). */
export interface ContainerDefaults {
  readonly request: Partial<Record<ResourceName, { value: Nano; from: string }>>;
  readonly limit: Partial<Record<ResourceName, { value: Nano; from: string }>>;
}

/**
 * The defaults `type: Container` LimitRanges give a container without a request or limit, as the API
 * server fills a LimitRange: `default` from `max`, `defaultRequest` from `default`, then from `min`.
 * With several LimitRanges the first one in the input that has a default wins.
 */
export function limitRangeDefaults(limitRanges: readonly IndexedObject[]): ContainerDefaults {
  const request: ContainerDefaults['request'] = {};
  const limit: ContainerDefaults['limit'] = {};
  for (const lr of limitRanges) {
    for (const item of asArray(get(lr.object, 'spec', 'limits'))) {
      if (asString(get(item, 'type')) !== 'Container') continue;
      for (const r of RESOURCE_NAMES) {
        const k = KUBERNETES_RESOURCE[r];
        const max = parseQuantity(get(item, 'max', k));
        const defLimit = parseQuantity(get(item, 'default', k)) ?? max;
        const defRequest = parseQuantity(get(item, 'defaultRequest', k)) ?? defLimit ?? parseQuantity(get(item, 'min', k));
        if (defLimit !== undefined && limit[r] === undefined) limit[r] = { value: defLimit, from: lr.ref.name };
        if (defRequest !== undefined && request[r] === undefined) request[r] = { value: defRequest, from: lr.ref.name };
      }
    }
  }
  return { request, limit };
}

interface ContainerAmounts {
  readonly requests: ResourceAmounts;
  readonly limits: ResourceAmounts;
}

function containerAmounts(c: unknown, defaults: ContainerDefaults, used: Set<string>): ContainerAmounts {
  const requests: ResourceAmounts = {};
  const limits: ResourceAmounts = {};
  for (const r of RESOURCE_NAMES) {
    const k = KUBERNETES_RESOURCE[r];
    let limit = parseQuantity(get(c, 'resources', 'limits', k));
    let request = parseQuantity(get(c, 'resources', 'requests', k)) ?? limit;
    if (limit === undefined && defaults.limit[r]) {
      limit = defaults.limit[r]!.value;
      used.add(defaults.limit[r]!.from);
    }
    if (request === undefined && defaults.request[r]) {
      request = defaults.request[r]!.value;
      used.add(defaults.request[r]!.from);
    }
    if (request !== undefined) requests[r] = request;
    if (limit !== undefined) limits[r] = limit;
  }
  return { requests, limits };
}

/**
 * One pod's requests and limits, with the LimitRange defaults of its namespace (`limitRanges` are the
 * LimitRange objects of that namespace, or their `limitRangeDefaults` computed once). Never throws;
 * unreadable quantities count as missing.
 */
export function podResources(w: Workload, limitRanges: readonly IndexedObject[] | ContainerDefaults): PodResources {
  const spec = podSpec(w);
  const defaults = Array.isArray(limitRanges) ? limitRangeDefaults(limitRanges) : (limitRanges as ContainerDefaults);
  const used = new Set<string>();
  const app = asArray(get(spec, 'containers')).filter((c) => asObject(c)).map((c) => containerAmounts(c, defaults, used));
  const inits = asArray(get(spec, 'initContainers'))
    .filter((c) => asObject(c))
    .map((c) => ({ sidecar: asString(get(c, 'restartPolicy')) === 'Always', amounts: containerAmounts(c, defaults, used) }));
  const sidecars = inits.filter((i) => i.sidecar).map((i) => i.amounts);
  const pick = (kind: keyof ContainerAmounts): { total: ResourceAmounts; missing: ResourceName[] } => {
    const total: ResourceAmounts = {};
    const missing: ResourceName[] = [];
    const running = [...app, ...sidecars];
    for (const r of RESOURCE_NAMES) {
      const declared = [...running, ...inits.map((i) => i.amounts)].filter((a) => a[kind][r] !== undefined);
      if (declared.length === 0) {
        if (running.length + inits.length > 0) missing.push(r);
        continue;
      }
      if (running.some((a) => a[kind][r] === undefined) || inits.some((i) => i.amounts[kind][r] === undefined)) missing.push(r);
      let amount = sum(running.map((a) => a[kind][r]));
      // an init container runs alone, beside the sidecars started before it
      let sidecarsBefore = 0n;
      for (const i of inits) {
        if (i.sidecar) {
          sidecarsBefore += i.amounts[kind][r] ?? 0n;
        } else {
          const peak = sidecarsBefore + (i.amounts[kind][r] ?? 0n);
          if (peak > amount) amount = peak;
        }
      }
      total[r] = amount;
    }
    return { total, missing };
  };
  const requests = pick('requests');
  const limits = pick('limits');
  return {
    requests: requests.total,
    limits: limits.total,
    missingRequests: requests.missing,
    missingLimits: limits.missing,
    limitRanges: [...used].sort(),
  };
}

function sum(values: ReadonlyArray<Nano | undefined>): Nano {
  return values.reduce<Nano>((a, v) => a + (v ?? 0n), 0n);
}

/** An amount as Kubernetes prints it: CPU in cores or millicores, bytes with the shortest suffix. */
export function formatAmount(resource: ResourceName, amount: Nano): string {
  return resource === 'cpu' ? formatCpu(amount) : formatBytes(amount);
}

/** `amounts` times `count`. */
export function scaleAmounts(amounts: ResourceAmounts, count: number): ResourceAmounts {
  const out: ResourceAmounts = {};
  const n = BigInt(Math.max(0, Math.floor(count)));
  for (const r of RESOURCE_NAMES) {
    const v = amounts[r];
    if (v !== undefined) out[r] = v * n;
  }
  return out;
}

// ---- ResourceQuota -----------------------------------------------------------------------------------

/** One quota line the surge is charged against. */
export interface QuotaResourceCheck {
  /** The quota key, e.g. `requests.cpu`, `pods`. */
  readonly resource: string;
  /** `spec.hard`. */
  readonly hard: string;
  /** Charged before the rollout: the quota's `status.used` when the input has it, else the input's Deployments in the namespace. */
  readonly used: string;
  /** Where `used` comes from. */
  readonly usedFrom: 'status' | 'input';
  /** What the surge pods add at the rollout's peak. */
  readonly surge: string;
  /** used + surge <= hard. */
  readonly fits: boolean;
  /** used + surge + old pods still terminating <= hard (the quota charges terminating pods too). */
  readonly fitsWhileOldPodsTerminate: boolean;
  /** Why the pods are refused outright, e.g. a container without the request the quota tracks. */
  readonly refused?: string;
}

/** The verdict for one ResourceQuota of the namespace. */
export interface QuotaCheck {
  readonly name: string;
  /** False when any line does not fit, or the quota refuses the pods. */
  readonly fits: boolean;
  readonly fitsWhileOldPodsTerminate: boolean;
  /** Lines of `spec.hard` about pods, CPU, memory or ephemeral storage; others are not judged. */
  readonly resources: readonly QuotaResourceCheck[];
  /** Set when the quota is not judged (a scoped quota). */
  readonly note?: string;
}

type QuotaKey = { readonly kind: 'pods' } | { readonly kind: 'requests' | 'limits'; readonly resource: ResourceName };

/** The quota keys the plan judges. */
function quotaKey(key: string): QuotaKey | undefined {
  if (key === 'pods' || key === 'count/pods') return { kind: 'pods' };
  const m = /^(?:(requests|limits)\.)?(cpu|memory|ephemeral-storage)$/.exec(key);
  if (!m) return undefined;
  const resource = RESOURCE_NAMES.find((r) => KUBERNETES_RESOURCE[r] === m[2])!;
  return { kind: (m[1] as 'requests' | 'limits' | undefined) ?? 'requests', resource };
}

const ONE_POD: Nano = 1_000_000_000n;

/** What is charged against a quota key: per pod, or in total for the namespace. */
export interface QuotaUsage {
  /** One pod of this Deployment. */
  readonly pod: PodResources;
  /** Charged for the whole namespace before the rollout, from the input's Deployments. */
  readonly namespaceTotal: (kind: 'requests' | 'limits', resource: ResourceName) => Nano;
  /** Pods the namespace runs before the rollout, from the input's Deployments. */
  readonly namespacePods: number;
  /** Extra pods at the rollout's peak. */
  readonly surgePods: number;
  /** Extra pods at the peak counting old pods that are still terminating (null: not simulated). */
  readonly surgePodsWithTerminating: number | null;
}

/**
 * Checks the surge against each ResourceQuota of the namespace. A scoped quota (`scopes`,
 * `scopeSelector`) is listed with a note and not judged. Never throws.
 */
export function checkQuotas(quotas: readonly IndexedObject[], usage: QuotaUsage): QuotaCheck[] {
  return quotas.map((q) => checkQuota(q.ref.name, q.object, usage));
}

function format(key: QuotaKey, amount: Nano): string {
  return key.kind === 'pods' ? String(amount / ONE_POD) : formatAmount(key.resource, amount);
}

function checkQuota(name: string, quota: JsonObject, usage: QuotaUsage): QuotaCheck {
  const scoped = asArray(get(quota, 'spec', 'scopes')).length > 0 || asObject(get(quota, 'spec', 'scopeSelector')) !== undefined;
  if (scoped) return { name, fits: true, fitsWhileOldPodsTerminate: true, resources: [], note: 'scoped quota (scopes or scopeSelector): not judged' };
  const hard = asObject(get(quota, 'spec', 'hard')) ?? {};
  const statusUsed = asObject(get(quota, 'status', 'used')) ?? {};
  const resources: QuotaResourceCheck[] = [];
  for (const k of Object.keys(hard).sort()) {
    const key = quotaKey(k);
    const limit = parseQuantity(hard[k]);
    if (!key || limit === undefined) continue;
    const perPod = key.kind === 'pods' ? ONE_POD : (key.kind === 'requests' ? usage.pod.requests : usage.pod.limits)[key.resource] ?? 0n;
    const fromStatus = parseQuantity(statusUsed[k]);
    const used =
      fromStatus ?? (key.kind === 'pods' ? BigInt(Math.max(0, Math.floor(usage.namespacePods))) * ONE_POD : usage.namespaceTotal(key.kind, key.resource));
    const surge = perPod * BigInt(Math.max(0, usage.surgePods));
    const withTerminating = perPod * BigInt(Math.max(0, usage.surgePodsWithTerminating ?? usage.surgePods));
    let refused: string | undefined;
    if (key.kind !== 'pods' && key.resource !== 'ephemeralStorage') {
      const missing = key.kind === 'requests' ? usage.pod.missingRequests : usage.pod.missingLimits;
      if (missing.includes(key.resource)) {
        refused = `the quota tracks ${k}, so every container must declare a ${key.kind === 'requests' ? 'request' : 'limit'} for ${KUBERNETES_RESOURCE[key.resource]}; without one (and without a LimitRange default) each new pod is refused`;
      }
    }
    resources.push({
      resource: k,
      hard: format(key, limit),
      used: format(key, used),
      usedFrom: fromStatus !== undefined ? 'status' : 'input',
      surge: format(key, surge),
      fits: refused === undefined && used + surge <= limit,
      fitsWhileOldPodsTerminate: refused === undefined && used + withTerminating <= limit,
      ...(refused !== undefined ? { refused } : {}),
    });
  }
  return {
    name,
    fits: resources.every((r) => r.fits),
    fitsWhileOldPodsTerminate: resources.every((r) => r.fitsWhileOldPodsTerminate),
    resources,
  };
}
