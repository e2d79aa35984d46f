import { allowedDisruptions, resolveIntOrPercent, resolveMaxSurge, resolveMaxUnavailable } from '../internal/rollout-math';
import { isFloatingImage } from '../internal/image-reference';
import { checkDnsLabel } from '../internal/validators';
import {
  drainSeconds,
  graceSeconds,
  hardHostAntiAffinity,
  podSpec,
  portMatches,
  preStopFact,
  rolloutPeakPods,
  schedulableNodes,
  servingContainer,
  slowestPath,
  strategyType,
} from './facts';
import { progressDeadlineSeconds, waveSeconds } from './timing';
import { asArray, asIntOrString, asNumber, asObject, asString, get, JsonObject } from './json';
import { isEmptySelector, mapSelector } from './label-selector';
import { apiGroup, describeRef } from './object-ref';
import { GuardrailRule } from './rule-ids';
import type { ZeroDowntimeRule } from './rule-table';
import { IndexedObject, Inventory, namespaceKey, Workload } from './workloads';

/** One violation, before exemptions and formatting. */
export interface RuleViolation {
  /** The object holding the offending field. */
  readonly object: IndexedObject;
  /** The Deployment the violation is about, for workload rules (its exemption annotations count too). */
  readonly workload?: Workload;
  /** JSON path of the offending field in `object`, e.g. `spec.strategy.type`. */
  readonly path: string;
  /** The `ZeroDowntimeWebsite` property that sets the field, as a user of the construct spells it. */
  readonly property: string;
  /** The offending value. */
  readonly value: unknown;
  /** What would pass. */
  readonly allowed: string;
}

/** A zero-downtime rule: its description (`ZeroDowntimeRule`) and a pure function of the objects. */
export interface RuleDefinition extends ZeroDowntimeRule {
  /** Returns the violations in the inventory. */
  check(inventory: Inventory): RuleViolation[];
}

// ---- helpers ---------------------------------------------------------------------------------------

/** Runs `fn` for every workload; the rules that only apply to workloads a Service sends traffic to use `servedWorkloads`. */
function workloads(fn: (w: Workload) => RuleViolation[]): (inv: Inventory) => RuleViolation[] {
  return (inv) => inv.workloads.flatMap(fn);
}
function servedWorkloads(fn: (w: Workload) => RuleViolation[]): (inv: Inventory) => RuleViolation[] {
  return (inv) => inv.workloads.filter((w) => w.services.length > 0).flatMap(fn);
}
/** Runs `fn` for every object `pick` finds in every workload (its budgets, its Services, ...). */
function eachOf(pick: (w: Workload) => readonly IndexedObject[], fn: (w: Workload, o: IndexedObject) => RuleViolation[]): (inv: Inventory) => RuleViolation[] {
  return (inv) => inv.workloads.flatMap((w) => pick(w).flatMap((o) => fn(w, o)));
}
/** Gives `fn` the workload's serving container and its index too. */
function withServingContainer(fn: (w: Workload, container: JsonObject, index: number) => RuleViolation[]): (w: Workload) => RuleViolation[] {
  return (w) => {
    const { container, index } = servingContainer(w);
    return fn(w, container, index);
  };
}

const CONTAINERS = 'spec.template.spec.containers';

function spec(w: Workload): JsonObject {
  return asObject(get(w.deployment.object, 'spec')) ?? {};
}

/**
 * Kubernetes' default of a HorizontalPodAutoscaler's `spec.minReplicas` (autoscaling/v2
 * HorizontalPodAutoscalerSpec: "It defaults to 1 pod"), and of a Deployment's `spec.replicas`.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/#HorizontalPodAutoscalerSpec
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas
 */
const DEFAULT_REPLICAS = 1;

/** The autoscaler's `spec.minReplicas`, else Kubernetes' default 1; undefined without an autoscaler. */
function autoscalerMinReplicas(w: Workload): number | undefined {
  if (!w.autoscaler) return undefined;
  return asNumber(get(w.autoscaler.object, 'spec', 'minReplicas')) ?? DEFAULT_REPLICAS;
}

/**
 * Replicas at the smallest size: with an autoscaler its `minReplicas` (default 1: the autoscaler owns
 * the count, whatever `spec.replicas` says), else `spec.replicas`, else 1 (Kubernetes' defaults).
 */
export function effectiveReplicas(w: Workload): number {
  return autoscalerMinReplicas(w) ?? asNumber(spec(w).replicas) ?? DEFAULT_REPLICAS;
}

/** Replicas at the largest size: the HPA's `maxReplicas`, else `effectiveReplicas`. */
export function largestReplicas(w: Workload): number {
  return asNumber(get(w.autoscaler?.object, 'spec', 'maxReplicas')) ?? effectiveReplicas(w);
}

/** The rolling-update parameters with Kubernetes' defaults, or undefined for `Recreate`. */
export function rollingParameters(w: Workload): { maxSurge: number | string; maxUnavailable: number | string } | undefined {
  if (strategyType(w).type === 'Recreate') return undefined;
  const strategy = spec(w).strategy;
  return {
    maxSurge: asIntOrString(get(strategy, 'rollingUpdate', 'maxSurge')) ?? '25%',
    maxUnavailable: asIntOrString(get(strategy, 'rollingUpdate', 'maxUnavailable')) ?? '25%',
  };
}

function declaredPorts(container: JsonObject): string {
  return asArray(container.ports).map((p) => `${asString(get(p, 'name')) ?? '-'}/${asNumber(get(p, 'containerPort')) ?? '?'}`).join(', ');
}

function probeTarget(probe: unknown): unknown {
  return get(probe, 'httpGet', 'port') ?? get(probe, 'tcpSocket', 'port') ?? get(probe, 'grpc', 'port');
}

function violation(w: Workload, path: string, property: string, value: unknown, allowed: string, object: IndexedObject = w.deployment): RuleViolation {
  return { object, workload: w, path, property, value, allowed };
}

/** The workload's PodDisruptionBudgets whose `field` (when set) lets no pod be evicted at its replica count. */
function budgetsAllowingNoEviction(w: Workload, field: 'maxUnavailable' | 'minAvailable'): RuleViolation[] {
  const replicas = effectiveReplicas(w);
  return w.budgets.flatMap((b) => {
    const value = asIntOrString(get(b.object, 'spec', field));
    if (value === undefined || allowedDisruptions({ [field]: value }, replicas) > 0) return [];
    return [violation(w, `spec.${field}`, `disruptionBudget.${field}`, value, `a budget that lets at least 1 of ${replicas} pods be evicted`, b)];
  });
}

// ---- the rules -------------------------------------------------------------------------------------

const K8S = 'https://kubernetes.io/docs';

type RuleCheck = (inventory: Inventory) => RuleViolation[];

const checkReadinessProbeMissing: RuleCheck = servedWorkloads(withServingContainer((w, container, index) => {
  return container.readinessProbe ? [] : [violation(w, `${CONTAINERS}[${index}].readinessProbe`, 'readiness', 'none', 'a readiness probe')];
}));

const checkReadinessPort: RuleCheck = workloads(withServingContainer((w, container, index) => {
  const port = probeTarget(container.readinessProbe);
  if (port === undefined || asArray(container.ports).some((p) => portMatches(p, port))) return [];
  // A numeric port that no container declares still works when the server listens on it: judge names only then.
  if (typeof port === 'number' && asArray(container.ports).length === 0) return [];
  return [violation(w, `${CONTAINERS}[${index}].readinessProbe`, 'readiness.port', port, `a declared container port (${declaredPorts(container)})`)];
}));

const checkRecreateStrategy: RuleCheck = servedWorkloads((w) =>
  strategyType(w).type === 'Recreate' ? [violation(w, 'spec.strategy.type', 'strategy', 'Recreate', 'RollingUpdate')] : []);

const checkRollingUpdateMaxUnavailable: RuleCheck = servedWorkloads((w) => {
  const r = rollingParameters(w);
  if (!r) return [];
  // A percentage grows with the replica count: check it at the largest size the site can reach.
  const replicas = largestReplicas(w);
  const down = resolveMaxUnavailable(r.maxUnavailable, replicas);
  return down > 0 ? [violation(w, 'spec.strategy.rollingUpdate.maxUnavailable', 'strategy.maxUnavailable', r.maxUnavailable, `a value that resolves to 0 of ${replicas} replicas`)] : [];
});

const checkDeploymentReplicas: RuleCheck = servedWorkloads((w) => {
  const replicas = effectiveReplicas(w);
  if (replicas >= 2) return [];
  return w.autoscaler
    ? [violation(w, 'spec.minReplicas', 'autoscaling.minReplicas', replicas, '2 or more', w.autoscaler)]
    : [violation(w, 'spec.replicas', 'replicas', replicas, '2 or more')];
});

const checkPrestopDelayMissing: RuleCheck = servedWorkloads(withServingContainer((w, container, index) => {
  const fact = preStopFact(w, container);
  return fact.kind === 'none' || fact.seconds === 0
    ? [violation(w, `${CONTAINERS}[${index}].lifecycle.preStop`, 'preStop', 'none', 'a delay of 1 second or more')]
    : [];
}));

const checkPrestopExceedsGracePeriod: RuleCheck = workloads((w) => {
  const { container } = servingContainer(w);
  const fact = preStopFact(w, container);
  if (fact.seconds === undefined) return [];
  const grace = graceSeconds(w);
  const needed = fact.seconds + drainSeconds(w);
  return grace > needed
    ? []
    : [violation(w, 'spec.template.spec.terminationGracePeriodSeconds', 'terminationGracePeriod', `${grace}s`, `more than preStop delay + drainTimeout = ${needed}s`)];
});

const checkPodProbesIdentical: RuleCheck = workloads(withServingContainer((w, container, index) => {
  const r = asObject(container.readinessProbe);
  const l = asObject(container.livenessProbe);
  if (!r || !l) return [];
  const strip = (p: JsonObject) => JSON.stringify({ ...p, successThreshold: undefined, failureThreshold: undefined, periodSeconds: undefined, initialDelaySeconds: undefined, timeoutSeconds: undefined });
  return strip(r) === strip(l)
    ? [violation(w, `${CONTAINERS}[${index}].livenessProbe`, 'liveness', asString(get(l, 'httpGet', 'path')) ?? 'same as readiness', 'a check different from readiness')]
    : [];
}));

const checkProgressDeadlineTooShort: RuleCheck = workloads((w) => {
  // The same wave time the plan shows (engine/timing.ts), at its upper bound.
  const deadline = progressDeadlineSeconds(w);
  const wave = waveSeconds(w);
  const startup = wave.startup?.max ?? 0;
  const ready = wave.max - wave.minReadySeconds - startup;
  return deadline > wave.max
    ? []
    : [violation(w, 'spec.progressDeadlineSeconds', 'progressDeadline', `${deadline}s`, `more than one surge wave = startup ${startup}s + readiness ${ready}s + minReady ${wave.minReadySeconds}s = ${wave.max}s`)];
});

// minAvailable: pdb-min-available-blocks-drain and pdb-min-available-above-hpa-min
const checkPdbDisruptionsIsZero: RuleCheck = workloads((w) => budgetsAllowingNoEviction(w, 'maxUnavailable'));

// with an autoscaler: pdb-min-available-above-hpa-min
const checkPdbMinAvailableBlocksDrain: RuleCheck = workloads((w) => (w.autoscaler ? [] : budgetsAllowingNoEviction(w, 'minAvailable')));

const checkPdbMinAvailableAboveHpaMin: RuleCheck = eachOf((w) => w.budgets, (w, b) => {
  const min = asIntOrString(get(b.object, 'spec', 'minAvailable'));
  const minReplicas = autoscalerMinReplicas(w);
  if (min === undefined || minReplicas === undefined) return [];
  const needed = resolveIntOrPercent(min, minReplicas, 'up');
  return needed >= minReplicas
    ? [violation(w, 'spec.minAvailable', 'disruptionBudget.minAvailable', min, `less than autoscaling.minReplicas (${minReplicas})`, b)]
    : [];
});

const checkMutableImageTag: RuleCheck = workloads((w) =>
  asArray(get(podSpec(w), 'containers')).flatMap((c, i) => {
    if (!isFloatingImage(get(c, 'image'))) return [];
    // Without an explicit policy the API server defaults a `latest` or untagged image to Always.
    const policy = asString(get(c, 'imagePullPolicy'));
    return policy === undefined || policy === 'Always'
      ? []
      : [violation(w, `${CONTAINERS}[${i}].imagePullPolicy`, 'imagePullPolicy', policy, "'Always' for a mutable tag")];
  }));

const checkServiceSelectorMismatch: RuleCheck = (inv) =>
  (inv.byKind.get('Service') ?? []).flatMap((s) => {
    const type = asString(get(s.object, 'spec', 'type'));
    if (type === 'ExternalName') return [];
    const selector = readLabelSelectorOfService(s.object);
    if (selector === undefined) return []; // no selector: endpoints are managed by hand
    const templates = inv.podTemplates.get(namespaceKey(s)) ?? [];
    if (templates.length === 0) return []; // the pods come from elsewhere (another file, an operator)
    const selects = templates.some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v));
    if (selects) return [];
    const closest = nearestTemplate(templates, selector);
    return [{ object: s, path: 'spec.selector', property: 'service.spec.selector', value: selector, allowed: `a subset of the pod labels ${JSON.stringify(closest)}` }];
  });

const checkServiceTargetPortMismatch: RuleCheck = eachOf((w) => w.services, (w, s) =>
  asArray(get(s.object, 'spec', 'ports')).flatMap((p, i) => {
    const target = get(p, 'targetPort') ?? get(p, 'port');
    const containers = asArray(get(podSpec(w), 'containers'));
    const declared = containers.some((c) => asArray(get(c, 'ports')).some((cp) => portMatches(cp, target)));
    // A number no container declares still reaches a server listening on it; a name never resolves.
    if (declared || (typeof target === 'number' && containers.every((c) => asArray(get(c, 'ports')).length === 0))) return [];
    return [violation(w, `spec.ports[${i}].targetPort`, 'service.spec.ports.targetPort', target, "a declared container port, e.g. 'http'", s)];
  }));

const checkRouteBackendPortMismatch: RuleCheck = eachOf((w) => w.services, (w, s) => {
  const ports = asArray(get(s.object, 'spec', 'ports'));
  const numbers = ports.map((p) => asNumber(get(p, 'port'))).filter((n): n is number => n !== undefined);
  const names = ports.map((p) => asString(get(p, 'name'))).filter((n): n is string => n !== undefined);
  const allowed = `a port of Service ${s.ref.name}: ${numbers.join(', ') || 'none'}`;
  const out: RuleViolation[] = [];
  for (const r of w.routes) {
    asArray(get(r.object, 'spec', 'rules')).forEach((rule, i) =>
      asArray(get(rule, 'backendRefs')).forEach((b, j) => {
        if ((asString(get(b, 'kind')) ?? 'Service') !== 'Service' || (asString(get(b, 'group')) ?? '') !== '') return;
        if (asString(get(b, 'name')) !== s.ref.name || (asString(get(b, 'namespace')) ?? namespaceKey(r)) !== namespaceKey(s)) return;
        const port = get(b, 'port');
        if (typeof port !== 'number' || !numbers.includes(port)) {
          out.push(violation(w, `spec.rules[${i}].backendRefs[${j}].port`, 'httpRoute', port ?? 'none', allowed, r));
        }
      }));
  }
  for (const ing of w.ingresses) {
    const backends: Array<[string, unknown]> = [['spec.defaultBackend', get(ing.object, 'spec', 'defaultBackend')]];
    asArray(get(ing.object, 'spec', 'rules')).forEach((rule, i) =>
      asArray(get(rule, 'http', 'paths')).forEach((p, j) => backends.push([`spec.rules[${i}].http.paths[${j}].backend`, get(p, 'backend')])));
    for (const [at, b] of backends) {
      if (!asObject(b) || asString(get(b, 'service', 'name')) !== s.ref.name) continue;
      const n = asNumber(get(b, 'service', 'port', 'number'));
      const nm = asString(get(b, 'service', 'port', 'name'));
      if ((n !== undefined && numbers.includes(n)) || (nm !== undefined && names.includes(nm))) continue;
      out.push(violation(w, `${at}.service.port`, 'ingress', asObject(get(b, 'service', 'port')) ?? 'none', `${allowed} (or by name: ${names.join(', ') || 'none'})`, ing));
    }
  }
  return out;
});

const checkHardAntiAffinityCapacity: RuleCheck = workloads((w) => {
  if (!hardHostAntiAffinity(w)) return [];
  const replicas = largestReplicas(w);
  const r = rollingParameters(w);
  const surge = r ? resolveMaxSurge(r.maxSurge, replicas) : 0;
  const needed = rolloutPeakPods(replicas, surge);
  const nodes = schedulableNodes(w) ?? 0;
  // a maxSurge above replicas adds no more than replicas new pods
  const formula = surge > replicas ? 'replicas + min(maxSurge, replicas)' : 'replicas + maxSurge';
  return nodes >= needed
    ? []
    : [violation(w, 'spec.template.spec.affinity.podAntiAffinity', 'antiAffinity.schedulableNodes', nodes, `at least ${formula} = ${needed}`)];
});

const checkHpaReplicasConflict: RuleCheck = workloads((w) => {
  const replicas = spec(w).replicas;
  return w.autoscaler && replicas !== undefined && replicas !== null
    ? [violation(w, 'spec.replicas', 'replicas', replicas, 'no replicas field on a Deployment an autoscaler scales')]
    : [];
});

const checkPrestopShorterThanPath: RuleCheck = servedWorkloads(withServingContainer((w, container, index) => {
  const fact = preStopFact(w, container);
  const path = slowestPath(w);
  // no hook: prestop-delay-missing; unknown duration: cannot be judged
  if (!path || fact.seconds === undefined || fact.kind === 'none' || fact.seconds === 0) return [];
  return fact.seconds >= path.seconds
    ? []
    : [violation(w, `${CONTAINERS}[${index}].lifecycle.preStop`, 'preStop', `${fact.seconds}s`, `at least ${path.seconds}s, the time the ${path.path} path needs${path.declared ? ' (declared on the Service)' : ''} to stop sending requests`)];
}));

const checkNetworkPolicyBlocksExternal: RuleCheck = workloads((w) => {
  const external = w.services.filter((s) => ['NodePort', 'LoadBalancer'].includes(asString(get(s.object, 'spec', 'type')) ?? ''));
  if (external.length === 0) return [];
  const isolating = w.networkPolicies.filter((p) => policyTypes(p.object).includes('Ingress'));
  if (isolating.length === 0) return [];
  const admitsExternal = isolating.some((p) =>
    asArray(get(p.object, 'spec', 'ingress')).some((rule) => {
      const from = asArray(get(rule, 'from'));
      return from.length === 0 || from.some((peer) => asObject(get(peer, 'ipBlock')) !== undefined);
    }));
  if (admitsExternal) return [];
  const p = isolating[0];
  return [violation(w, 'spec.ingress', 'networkPolicy.allowFrom', asArray(get(p.object, 'spec', 'ingress')).flatMap((r) => asArray(get(r, 'from'))),
    `an ipBlock peer or no from restriction, since ${describeRef(external[0].ref)} is ${asString(get(external[0].object, 'spec', 'type'))}`, p)];
});

const checkNodePortConflict: RuleCheck = (inv) => {
  const seen = new Map<string, IndexedObject>();
  const out: RuleViolation[] = [];
  for (const s of inv.byKind.get('Service') ?? []) {
    asArray(get(s.object, 'spec', 'ports')).forEach((p, i) => {
      const port = asNumber(get(p, 'nodePort'));
      if (port === undefined) return;
      const key = `${port}/${asString(get(p, 'protocol')) ?? 'TCP'}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, s);
      } else if (first !== s) {
        out.push({ object: s, path: `spec.ports[${i}].nodePort`, property: 'nodePort', value: port, allowed: `a nodePort no other Service uses (${describeRef(first.ref)} has it)` });
      }
    });
  }
  return out;
};

const checkDuplicateObject: RuleCheck = (inv) => {
  const seen = new Map<string, IndexedObject>();
  const out: RuleViolation[] = [];
  for (const o of inv.objects) {
    if (!o.ref.name || !o.ref.kind) continue;
    const key = `${apiGroup(o.ref.apiVersion)}\u0000${o.ref.kind}\u0000${o.ref.namespaceName ?? ''}\u0000${o.ref.name}`;
    const first = seen.get(key);
    if (!first) seen.set(key, o);
    else out.push({ object: o, path: 'metadata.name', property: 'name', value: o.ref.name, allowed: `a name not already used by ${describeRef(first.ref)} (object ${first.index + 1} of the input)` });
  }
  return out;
};

const checkInvalidNamespace: RuleCheck = (inv) =>
  inv.objects.flatMap((o) => {
    const ns = get(o.object, 'metadata', 'namespace');
    if (ns === undefined || ns === null) return [];
    const problem = checkDnsLabel(ns, 'namespace');
    return problem ? [{ object: o, path: 'metadata.namespace', property: 'namespace', value: ns, allowed: problem.allowed }] : [];
  });

/** The table of zero-downtime rules, in the order they are reported. */
export const RULE_DEFINITIONS: readonly RuleDefinition[] = [
  {
    id: GuardrailRule.READINESS_PROBE_MISSING,
    reason: 'without a readiness probe a new pod gets requests before it can serve them',
    fix: "set readiness: HealthCheck.httpGet('/')",
    manifestFix: 'add a readinessProbe (e.g. httpGet on the serving port) to the serving container',
    source: `${K8S}/concepts/configuration/liveness-readiness-startup-probes/#readiness-probe`,
    exemptible: true,
    check: checkReadinessProbeMissing,
  },
  {
    id: GuardrailRule.READINESS_PORT,
    reason: 'a readiness probe on a port the container does not declare never tells the truth about the server',
    fix: "probe the container port by its name 'http'",
    manifestFix: 'point the readiness probe at a port the container declares in ports[], by name',
    source: 'https://docs.kubelinter.io/#/generated/checks?id=readiness-port',
    exemptible: true,
    check: checkReadinessPort,
  },
  {
    id: GuardrailRule.RECREATE_STRATEGY,
    reason: 'Recreate stops every old pod before any new pod is Ready',
    fix: 'use strategy: RolloutStrategy.rollingUpdate()',
    manifestFix: 'set spec.strategy.type: RollingUpdate with maxUnavailable: 0 and maxSurge: 1',
    source: `${K8S}/concepts/workloads/controllers/deployment/#recreate-deployment`,
    exemptible: true,
    check: checkRecreateStrategy,
  },
  {
    id: GuardrailRule.ROLLING_UPDATE_MAX_UNAVAILABLE,
    reason: 'maxUnavailable above 0 removes serving pods before their replacements are Ready',
    fix: 'set maxUnavailable: PercentOrAbsolute.absolute(0) and let maxSurge add pods instead',
    manifestFix: 'set spec.strategy.rollingUpdate.maxUnavailable: 0 and maxSurge: 1 (the default is 25%, which is 1 pod from 4 replicas on)',
    source: `${K8S}/concepts/workloads/controllers/deployment/#max-unavailable`,
    exemptible: true,
    check: checkRollingUpdateMaxUnavailable,
  },
  {
    id: GuardrailRule.DEPLOYMENT_REPLICAS,
    reason: 'with a single pod every node drain, eviction or crash takes the site down',
    fix: 'set replicas (or autoscaling.minReplicas) to 2 or more',
    manifestFix: 'set spec.replicas (or the HorizontalPodAutoscaler minReplicas) to 2 or more',
    source: 'https://github.com/zegl/kube-score/blob/master/README_CHECKS.md',
    exemptible: true,
    check: checkDeploymentReplicas,
  },
  {
    id: GuardrailRule.PRESTOP_DELAY_MISSING,
    reason: 'the server gets SIGTERM while kube-proxy and load balancers still send it requests',
    fix: 'set preStop: PreStopHook.execSleep(Duration.seconds(5)) (or PreStopHook.sleep() on Kubernetes >= 1.30)',
    manifestFix: 'add lifecycle.preStop to the serving container: sleep: {seconds: 5} (Kubernetes >= 1.30) or exec: {command: [sleep, "5"]}',
    source: `${K8S}/concepts/workloads/pods/pod-lifecycle/#pod-termination`,
    exemptible: true,
    check: checkPrestopDelayMissing,
  },
  {
    id: GuardrailRule.PRESTOP_EXCEEDS_GRACE_PERIOD,
    reason: 'the kubelet kills the server before the preStop delay and the drain time are over',
    fix: 'raise terminationGracePeriod above preStop delay + drainTimeout, or shorten them',
    manifestFix: 'raise spec.template.spec.terminationGracePeriodSeconds above the preStop delay plus the drain time (annotation zero-downtime.cdk8s.io/drain-seconds)',
    source: `${K8S}/concepts/containers/container-lifecycle-hooks/#hook-handler-execution`,
    exemptible: true,
    check: checkPrestopExceedsGracePeriod,
  },
  {
    id: GuardrailRule.POD_PROBES_IDENTICAL,
    reason: 'when readiness and liveness are the same check, a slow moment restarts pods instead of just taking them out of the Service',
    fix: 'use a different liveness check, e.g. liveness: HealthCheck.tcpSocket() or another path',
    manifestFix: 'give livenessProbe a different check than readinessProbe (e.g. tcpSocket, or another path)',
    source: 'https://github.com/zegl/kube-score/blob/master/README_CHECKS.md',
    exemptible: true,
    check: checkPodProbesIdentical,
  },
  {
    id: GuardrailRule.PROGRESS_DEADLINE_TOO_SHORT,
    reason: 'a deadline shorter than one surge wave marks every rollout failed (Argo CD shows the Deployment Degraded)',
    fix: 'raise progressDeadline or shorten the probe timings and minReady',
    manifestFix: 'raise spec.progressDeadlineSeconds above one wave (startup + readiness + minReadySeconds)',
    source: `${K8S}/concepts/workloads/controllers/deployment/#progress-deadline-seconds`,
    exemptible: true,
    check: checkProgressDeadlineTooShort,
  },
  {
    id: GuardrailRule.PDB_DISRUPTIONS_IS_ZERO,
    reason: 'a budget that allows no eviction blocks every node drain and cluster upgrade',
    fix: 'use disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1))',
    manifestFix: 'set the PodDisruptionBudget spec.maxUnavailable: 1',
    source: `${K8S}/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions`,
    exemptible: true,
    check: checkPdbDisruptionsIsZero,
  },
  {
    id: GuardrailRule.PDB_MIN_AVAILABLE_BLOCKS_DRAIN,
    reason: 'a minAvailable that is not below the replica count allows no eviction: every node drain and cluster upgrade blocks',
    fix: 'use disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1)), or a minAvailable below replicas',
    manifestFix: 'use spec.maxUnavailable: 1 in the PodDisruptionBudget, or a minAvailable below the replica count',
    source: `${K8S}/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages`,
    exemptible: true,
    check: checkPdbMinAvailableBlocksDrain,
  },
  {
    id: GuardrailRule.PDB_MIN_AVAILABLE_ABOVE_HPA_MIN,
    reason: 'when the autoscaler sits at minReplicas, a larger minAvailable blocks every eviction',
    fix: 'lower disruptionBudget minAvailable below autoscaling.minReplicas, or use maxUnavailable',
    manifestFix: 'lower the PodDisruptionBudget minAvailable below the HorizontalPodAutoscaler minReplicas, or use maxUnavailable: 1',
    source: 'https://polaris.docs.fairwinds.com/checks/reliability/',
    exemptible: true,
    check: checkPdbMinAvailableAboveHpaMin,
  },
  {
    id: GuardrailRule.MUTABLE_IMAGE_TAG,
    reason: 'a `latest` or missing tag is only re-pulled with imagePullPolicy Always; otherwise nodes keep running different stale images',
    fix: 'pin a version tag or digest (recommended), or set imagePullPolicy: ImagePullPolicy.ALWAYS',
    manifestFix: 'pin a version tag or digest in image (recommended), or set imagePullPolicy: Always',
    source: `${K8S}/concepts/containers/images/#image-pull-policy`,
    exemptible: true,
    check: checkMutableImageTag,
  },
  {
    id: GuardrailRule.SERVICE_SELECTOR_MISMATCH,
    reason: 'a Service whose selector does not match the pod labels has no endpoints',
    fix: 'do not edit the Service selector; it must equal the Deployment selector',
    manifestFix: "make the Service's spec.selector a subset of the pod template labels of the workload it serves",
    source: `${K8S}/concepts/services-networking/service/#defining-a-service`,
    exemptible: true,
    check: checkServiceSelectorMismatch,
  },
  {
    id: GuardrailRule.SERVICE_TARGET_PORT_MISMATCH,
    reason: 'a Service targetPort the container does not declare sends every request to a closed port',
    fix: "target the container port by its name 'http'",
    manifestFix: 'set the Service targetPort to a port name (or number) the serving container declares in ports[]',
    source: `${K8S}/concepts/services-networking/service/#field-spec-ports`,
    exemptible: true,
    check: checkServiceTargetPortMismatch,
  },
  {
    id: GuardrailRule.ROUTE_BACKEND_PORT_MISMATCH,
    reason: 'a route whose backend port is not a port of the Service resolves to no endpoint: the gateway or ingress controller answers every request with an error',
    fix: 'leave the route backend to the construct (it targets servicePort); do not patch the backend port',
    manifestFix: 'set each HTTPRoute backendRefs[].port to a spec.ports[].port of the Service (an Ingress backend service.port: its number or name)',
    source: 'https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref',
    exemptible: true,
    check: checkRouteBackendPortMismatch,
  },
  {
    id: GuardrailRule.HARD_ANTI_AFFINITY_CAPACITY,
    reason: 'with hard anti-affinity each pod needs its own node; without a free node the surge pod stays Pending and the rollout stalls',
    fix: 'use PodAntiAffinity.preferred(), or declare enough schedulableNodes',
    manifestFix: 'use preferredDuringSchedulingIgnoredDuringExecution anti-affinity, or declare the node count in the annotation zero-downtime.cdk8s.io/schedulable-nodes',
    source: `${K8S}/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity`,
    exemptible: true,
    check: checkHardAntiAffinityCapacity,
  },
  {
    id: GuardrailRule.HPA_REPLICAS_CONFLICT,
    reason: 'spec.replicas on a Deployment an autoscaler scales resets the autoscaled count on every apply or GitOps sync',
    fix: 'leave replicas unset when autoscaling is set (autoscaling.minReplicas is the starting size)',
    manifestFix: 'remove spec.replicas from the Deployment manifest; the HorizontalPodAutoscaler owns it',
    source: `${K8S}/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling`,
    exemptible: true,
    check: checkHpaReplicasConflict,
  },
  {
    id: GuardrailRule.PRESTOP_SHORTER_THAN_PATH,
    reason: 'the server stops while the traffic path (kube-proxy, load balancer, ingress controller) still sends it requests',
    fix: 'lengthen preStop to at least the path time, or declare the real deregistration delay with deregistrationDelay',
    manifestFix: 'lengthen the preStop sleep to at least the path time, or declare the path time on the Service with the annotation zero-downtime.cdk8s.io/deregistration-seconds',
    source: 'https://github.com/kubernetes/kubernetes/issues/43576',
    exemptible: true,
    check: checkPrestopShorterThanPath,
  },
  {
    id: GuardrailRule.NETWORK_POLICY_BLOCKS_EXTERNAL,
    reason: 'NodePort and LoadBalancer traffic reaches the pod from node or client addresses, which pod and namespace selectors never match',
    fix: 'add NetworkPeer.ipBlock(<node or client CIDR>) to networkPolicy.allowFrom, or leave allowFrom empty',
    manifestFix: 'add an ipBlock peer (the node or client CIDR) to the NetworkPolicy ingress rule, or admit all sources on the serving port',
    source: `${K8S}/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors`,
    exemptible: true,
    check: checkNetworkPolicyBlocksExternal,
  },
  {
    id: GuardrailRule.NODE_PORT_CONFLICT,
    reason: 'a nodePort is one port on every node of the cluster: the API server refuses a second Service with the same one',
    fix: 'give each site its own nodePort, or leave nodePort unset and let the cluster choose',
    manifestFix: 'give each Service its own nodePort, or remove nodePort and let the cluster allocate one',
    source: `${K8S}/concepts/services-networking/service/#nodeport-custom-port`,
    exemptible: false,
    check: checkNodePortConflict,
  },
  {
    id: GuardrailRule.DUPLICATE_OBJECT,
    reason: 'two objects with the same kind, namespace and name are one object to the API server: the second silently replaces the first',
    fix: 'give one of them another name or namespace',
    manifestFix: 'rename one of the objects or move it to another namespace',
    source: `${K8S}/concepts/overview/working-with-objects/names/`,
    exemptible: false,
    check: checkDuplicateObject,
  },
  {
    id: GuardrailRule.INVALID_NAMESPACE,
    reason: 'the API server refuses an object whose namespace is not an RFC 1123 label',
    fix: 'use a lowercase chart namespace of letters, digits and -, e.g. new Chart(app, id, { namespace: "web" })',
    manifestFix: 'set metadata.namespace to a lowercase RFC 1123 label, e.g. "web"',
    source: `${K8S}/concepts/overview/working-with-objects/names/#dns-label-names`,
    exemptible: false,
    check: checkInvalidNamespace,
  },
];

function policyTypes(policy: JsonObject): string[] {
  const types = asArray(get(policy, 'spec', 'policyTypes')).filter((t): t is string => typeof t === 'string');
  // Without policyTypes a policy always isolates ingress (and egress only when it has egress rules).
  return types.length > 0 ? types : ['Ingress'];
}

function readLabelSelectorOfService(service: JsonObject): Record<string, string> | undefined {
  const selector = mapSelector(get(service, 'spec', 'selector'));
  return isEmptySelector(selector) ? undefined : { ...selector.matchLabels };
}

/** The pod labels sharing the most pairs with the selector (for the message). */
function nearestTemplate(templates: ReadonlyArray<Readonly<Record<string, string>>>, selector: Record<string, string>): Record<string, string> {
  let best = templates[0];
  let score = -1;
  for (const t of templates) {
    const s = Object.entries(selector).filter(([k, v]) => t[k] === v).length;
    if (s > score) {
      best = t;
      score = s;
    }
  }
  return { ...best };
}
