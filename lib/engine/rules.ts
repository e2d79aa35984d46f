import { allowedDisruptions, parsePercent, resolveIntOrPercent, resolveMaxSurge, resolveMaxUnavailable } from '../internal/rollout-math';
import { isFloatingImage } from '../internal/image-reference';
import { checkDnsLabel } from '../internal/validators';
import {
  drainSeconds,
  graceSeconds,
  hardHostAntiAffinity,
  hostBound,
  podSpec,
  portMatches,
  preStopFact,
  probeCheck,
  rolloutPeakPods,
  schedulableNodes,
  serviceTargetPort,
  servingContainer,
  slowestPath,
  strategyType,
} from './facts';
import { progressDeadlineSeconds, waveSeconds } from './timing';
import { checkTrafficShare } from './traffic-share';
import { asArray, asIntOrString, asNumber, asObject, asString, get, JsonObject } from './json';
import { isEmptySelector, mapSelector } from './label-selector';
import { apiGroup, describeRef } from './object-ref';
import { GuardrailRule } from './rule-ids';
import type { EngineRule } from './engine-rule';
import type { RuleViolation } from './finding';

import { IndexedObject, Inventory, namespaceKey, Workload, WorkloadKind } from './workloads';

/**
 * Which objects a workload rule judges: the workload kinds it applies to, and whether it needs a
 * Service in the input that selects the workload's pods (a traffic rule: without a Service nothing
 * sends the pods requests, so nothing can be dropped). The engine runs the rule only on those
 * workloads and reports the served-only rules it could not run (`Skip`).
 */
export interface WorkloadScope {
  readonly kinds: readonly WorkloadKind[];
  readonly served: boolean;
}

/** A rule about one workload at a time. */
export interface WorkloadRuleDefinition extends EngineRule {
  readonly appliesTo: WorkloadScope;
  /** The violations of one workload (the engine has checked its kind and, for traffic rules, its Services). */
  checkWorkload(w: Workload, inventory: Inventory): RuleViolation[];
}

/** A rule about the input as a whole (names, Services, node ports). */
export interface InputRuleDefinition extends EngineRule {
  readonly appliesTo: 'input';
  check(inventory: Inventory): RuleViolation[];
}

/** A zero-downtime rule: its description (`EngineRule`), what it applies to, and a pure function of the objects. */
export type RuleDefinition = WorkloadRuleDefinition | InputRuleDefinition;

// ---- helpers ---------------------------------------------------------------------------------------

const ALL_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet'];
/** Kinds with a replica count (a DaemonSet runs one pod per node). */
const REPLICATED: readonly WorkloadKind[] = ['Deployment', 'StatefulSet'];
const served = (kinds: readonly WorkloadKind[]): WorkloadScope => ({ kinds, served: true });
const any = (kinds: readonly WorkloadKind[]): WorkloadScope => ({ kinds, served: false });

/** Gives `fn` the workload's serving container and its index too. */
function withServingContainer(fn: (w: Workload, container: JsonObject, index: number) => RuleViolation[]): (w: Workload) => RuleViolation[] {
  return (w) => {
    const { container, index } = servingContainer(w);
    return fn(w, container, index);
  };
}

const CONTAINERS = 'spec.template.spec.containers';

function spec(w: Workload): JsonObject {
  return asObject(get(w.controller.object, 'spec')) ?? {};
}

/**
 * Kubernetes' default of a HorizontalPodAutoscaler's `spec.minReplicas` (autoscaling/v2
 * HorizontalPodAutoscalerSpec: "It defaults to 1 pod"), and of a Deployment's or StatefulSet's `spec.replicas`.
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
 * the count, whatever `spec.replicas` says), else `spec.replicas`, else 1 (Kubernetes' defaults). A
 * DaemonSet counts as 1: it runs one pod per node, and how many nodes there are is not in the input.
 */
export function effectiveReplicas(w: Workload): number {
  if (w.kind === 'DaemonSet') return 1;
  return autoscalerMinReplicas(w) ?? asNumber(spec(w).replicas) ?? DEFAULT_REPLICAS;
}

/** Replicas at the largest size: the HPA's `maxReplicas`, else `effectiveReplicas`. */
export function largestReplicas(w: Workload): number {
  return asNumber(get(w.autoscaler?.object, 'spec', 'maxReplicas')) ?? effectiveReplicas(w);
}

/**
 * The rolling-update parameters with Kubernetes' defaults, or undefined when the controller does not
 * roll with them: a Deployment's `spec.strategy.rollingUpdate` (defaults 25% / 25%), a DaemonSet's
 * `spec.updateStrategy.rollingUpdate` (defaults maxSurge 0, maxUnavailable 1); undefined for
 * `Recreate`, `OnDelete` and StatefulSets (which replace one pod at a time, deleting it first).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 * @see https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/#performing-a-rolling-update
 */
export function rollingParameters(w: Workload): { maxSurge: number | string; maxUnavailable: number | string } | undefined {
  if (w.kind === 'StatefulSet') return undefined;
  if (w.kind === 'DaemonSet') {
    const strategy = spec(w).updateStrategy;
    if (asString(get(strategy, 'type')) === 'OnDelete') return undefined;
    return {
      maxSurge: asIntOrString(get(strategy, 'rollingUpdate', 'maxSurge')) ?? 0,
      maxUnavailable: asIntOrString(get(strategy, 'rollingUpdate', 'maxUnavailable')) ?? 1,
    };
  }
  if (strategyType(w).type === 'Recreate') return undefined;
  const strategy = spec(w).strategy;
  return {
    maxSurge: asIntOrString(get(strategy, 'rollingUpdate', 'maxSurge')) ?? '25%',
    maxUnavailable: asIntOrString(get(strategy, 'rollingUpdate', 'maxUnavailable')) ?? '25%',
  };
}

/**
 * The pods of each Service of `w` other than `w`'s own: the other workloads of its serving set, at
 * their smallest size. A Service load-balances over the ready pods of every workload it selects
 * (bookinfo's reviews-v1, v2 and v3 behind Service reviews), so a rollout or a drain of one of them is
 * survived when the others still serve.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 */
function otherServingPods(w: Workload, inv: Inventory): Array<{ service: IndexedObject; pods: number }> {
  return w.services.map((service) => ({
    service,
    pods: (inv.servingSets.get(service.index) ?? []).filter((o) => o !== w).reduce((sum, o) => sum + effectiveReplicas(o), 0),
  }));
}

function declaredPorts(container: JsonObject): string {
  return asArray(container.ports).map((p) => `${asString(get(p, 'name')) ?? '-'}/${asNumber(get(p, 'containerPort')) ?? '?'}`).join(', ');
}

function probeTarget(probe: unknown): unknown {
  return get(probe, 'httpGet', 'port') ?? get(probe, 'tcpSocket', 'port') ?? get(probe, 'grpc', 'port');
}

function violation(w: Workload, path: string, value: unknown, allowed: string, object: IndexedObject = w.controller): RuleViolation {
  return { object, workload: w, path, value, allowed };
}

/** The workload's PodDisruptionBudgets whose `field` (when set) lets no pod be evicted at its replica count. */
function budgetsAllowingNoEviction(w: Workload, field: 'maxUnavailable' | 'minAvailable'): RuleViolation[] {
  const replicas = effectiveReplicas(w);
  return w.budgets.flatMap((b) => {
    const value = asIntOrString(get(b.object, 'spec', field));
    if (value === undefined || allowedDisruptions({ [field]: value }, replicas) > 0) return [];
    return [violation(w, `spec.${field}`, value, `a budget that lets at least 1 of ${replicas} pods be evicted`, b)];
  });
}

// ---- the rules -------------------------------------------------------------------------------------

const K8S = 'https://kubernetes.io/docs';

type WorkloadCheck = (w: Workload, inventory: Inventory) => RuleViolation[];
type InputCheck = (inventory: Inventory) => RuleViolation[];

const checkReadinessProbeMissing: WorkloadCheck = withServingContainer((w, container, index) => {
  if (container.readinessProbe) return [];
  // A Service with publishNotReadyAddresses sends to pods whether they are Ready or not: readiness does not gate it.
  if (w.services.every((s) => get(s.object, 'spec', 'publishNotReadyAddresses') === true)) return [];
  return [violation(w, `${CONTAINERS}[${index}].readinessProbe`, 'none', 'a readiness probe')];
});

const checkReadinessPort: WorkloadCheck = withServingContainer((w, container, index) => {
  const port = probeTarget(container.readinessProbe);
  // The kubelet probes a number as it is, declared or not; a name must be one of the container's ports, or the probe fails.
  if (typeof port !== 'string' || asArray(container.ports).some((p) => portMatches(p, port))) return [];
  return [violation(w, `${CONTAINERS}[${index}].readinessProbe`, port, `a port name the container declares (${declaredPorts(container) || 'none declared'}), or a port number`)];
});

const checkRecreateStrategy: WorkloadCheck = (w, inv) => {
  if (strategyType(w).type !== 'Recreate') return [];
  // Another workload behind every Service keeps serving while this one has no pod.
  if (otherServingPods(w, inv).every((o) => o.pods >= 1)) return [];
  return [violation(w, 'spec.strategy.type', 'Recreate', 'RollingUpdate')];
};

const checkRollingUpdateMaxUnavailable: WorkloadCheck = (w) => {
  const r = rollingParameters(w);
  if (!r) return [];
  if (w.kind === 'DaemonSet') {
    // A DaemonSet resolves percentages against the node count, rounding up: any value above 0 takes a node's pod down first.
    const down = typeof r.maxUnavailable === 'number' ? r.maxUnavailable : parsePercent(r.maxUnavailable) ?? 0;
    if (down === 0 || hostBound(w)) return [];
    return [violation(w, 'spec.updateStrategy.rollingUpdate.maxUnavailable', r.maxUnavailable, 'maxUnavailable: 0 with maxSurge: 1 (Kubernetes >= 1.25), so the new pod of a node is Ready before the old one stops')];
  }
  // A percentage grows with the replica count: check it at the largest size the site can reach.
  const replicas = largestReplicas(w);
  const down = resolveMaxUnavailable(r.maxUnavailable, replicas);
  return down > 0 ? [violation(w, 'spec.strategy.rollingUpdate.maxUnavailable', r.maxUnavailable, `a value that resolves to 0 of ${replicas} replicas`)] : [];
};

const checkDeploymentReplicas: WorkloadCheck = (w, inv) => {
  const replicas = effectiveReplicas(w);
  if (replicas >= 2) return [];
  // Judged per Service: the pods of the other workloads it selects serve while this one's single pod is replaced.
  const thin = otherServingPods(w, inv).filter((o) => replicas + o.pods < 2);
  if (thin.length === 0) return [];
  const allowed = thin[0].pods === 0 ? '2 or more' : `2 or more pods behind ${describeRef(thin[0].service.ref)} (now ${replicas + thin[0].pods})`;
  return w.autoscaler
    ? [violation(w, 'spec.minReplicas', replicas, allowed, w.autoscaler)]
    : [violation(w, 'spec.replicas', replicas, allowed)];
};

const checkPrestopDelayMissing: WorkloadCheck = withServingContainer((w, container, index) => {
  const fact = preStopFact(w, container);
  return fact.kind === 'none' || fact.seconds === 0
    ? [violation(w, `${CONTAINERS}[${index}].lifecycle.preStop`, 'none', 'a delay of 1 second or more')]
    : [];
});

const checkPrestopExceedsGracePeriod: WorkloadCheck = (w) => {
  const { container } = servingContainer(w);
  const fact = preStopFact(w, container);
  if (fact.seconds === undefined) return [];
  const grace = graceSeconds(w);
  const needed = fact.seconds + drainSeconds(w);
  return grace > needed
    ? []
    : [violation(w, 'spec.template.spec.terminationGracePeriodSeconds', `${grace}s`, `more than preStop delay + drainTimeout = ${needed}s`)];
};

const checkPodProbesIdentical: WorkloadCheck = withServingContainer((w, container, index) => {
  const r = probeCheck(container.readinessProbe, container);
  const l = probeCheck(container.livenessProbe, container);
  if (r === undefined || l === undefined || r !== l) return [];
  return [violation(w, `${CONTAINERS}[${index}].livenessProbe`, asString(get(container.livenessProbe, 'httpGet', 'path')) ?? 'same as readiness', 'a check different from readiness')];
});

const checkProgressDeadlineTooShort: WorkloadCheck = (w) => {
  // The same wave time the plan shows (engine/timing.ts), at its upper bound.
  const deadline = progressDeadlineSeconds(w);
  const wave = waveSeconds(w);
  const startup = wave.startup?.max ?? 0;
  const ready = wave.max - wave.minReadySeconds - startup;
  return deadline > wave.max
    ? []
    : [violation(w, 'spec.progressDeadlineSeconds', `${deadline}s`, `more than one surge wave = startup ${startup}s + readiness ${ready}s + minReady ${wave.minReadySeconds}s = ${wave.max}s`)];
};

// minAvailable: pdb-min-available-blocks-drain and pdb-min-available-above-hpa-min
const checkPdbDisruptionsIsZero: WorkloadCheck = (w) => budgetsAllowingNoEviction(w, 'maxUnavailable');

// with an autoscaler: pdb-min-available-above-hpa-min
const checkPdbMinAvailableBlocksDrain: WorkloadCheck = (w) => (w.autoscaler ? [] : budgetsAllowingNoEviction(w, 'minAvailable'));

const checkPdbMinAvailableAboveHpaMin: WorkloadCheck = (w) => w.budgets.flatMap((b) => {
  const min = asIntOrString(get(b.object, 'spec', 'minAvailable'));
  const minReplicas = autoscalerMinReplicas(w);
  if (min === undefined || minReplicas === undefined) return [];
  const needed = resolveIntOrPercent(min, minReplicas, 'up');
  return needed >= minReplicas
    ? [violation(w, 'spec.minAvailable', min, `less than autoscaling.minReplicas (${minReplicas})`, b)]
    : [];
});

const checkMutableImageTag: WorkloadCheck = (w) =>
  asArray(get(podSpec(w), 'containers')).flatMap((c, i) => {
    if (!isFloatingImage(get(c, 'image'))) return [];
    // Without an explicit policy the API server defaults a `latest` or untagged image to Always.
    const policy = asString(get(c, 'imagePullPolicy'));
    return policy === undefined || policy === 'Always'
      ? []
      : [violation(w, `${CONTAINERS}[${i}].imagePullPolicy`, policy, "'Always' for a mutable tag")];
  });

/**
 * The Services whose selector matches no pod source of the input, with the pod templates of their
 * namespace; Services whose pods may come from a custom resource (an operator) the input does not
 * show are in `unjudged`.
 */
function servicesSelectingNothing(inv: Inventory): { unmatched: Array<{ service: IndexedObject; selector: Record<string, string>; templates: ReadonlyArray<Readonly<Record<string, string>>> }>; unjudged: Array<{ service: IndexedObject; sources: readonly IndexedObject[] }> } {
  const unmatched: ReturnType<typeof servicesSelectingNothing>['unmatched'] = [];
  const unjudged: ReturnType<typeof servicesSelectingNothing>['unjudged'] = [];
  for (const s of inv.byKind.get('Service') ?? []) {
    if (asString(get(s.object, 'spec', 'type')) === 'ExternalName') continue;
    const selector = readLabelSelectorOfService(s.object);
    if (selector === undefined) continue; // no selector: endpoints are managed by hand
    const templates = inv.podTemplates.get(namespaceKey(s)) ?? [];
    const sources = inv.opaquePodSources.get(namespaceKey(s)) ?? [];
    // No pod source at all in its namespace: the pods come from elsewhere (another file, another tool).
    if (templates.length === 0) {
      unjudged.push({ service: s, sources });
      continue;
    }
    if (templates.some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v))) continue;
    if (sources.length > 0) unjudged.push({ service: s, sources });
    else unmatched.push({ service: s, selector, templates });
  }
  return { unmatched, unjudged };
}

const checkServiceSelectorMismatch: InputCheck = (inv) =>
  servicesSelectingNothing(inv).unmatched.map(({ service, selector, templates }) => ({
    object: service,
    path: 'spec.selector',
    value: selector,
    allowed: `a subset of the pod labels ${JSON.stringify(nearestTemplate(templates, selector))}`,
  }));

/** Services `service-selector-mismatch` cannot judge: their pods may come from a custom resource's operator (`sources`), or no pod source of their namespace is in the input (`sources` empty). */
export function unjudgedServiceSelectors(inv: Inventory): Array<{ service: IndexedObject; sources: readonly IndexedObject[] }> {
  return servicesSelectingNothing(inv).unjudged;
}

const checkServiceTargetPortMismatch: WorkloadCheck = (w) => w.services.flatMap((s) =>
  asArray(get(s.object, 'spec', 'ports')).flatMap((p, i) => {
    const target = serviceTargetPort(p);
    // A number reaches the pod IP on that port whether or not a container lists it; only a name must be declared.
    if (typeof target !== 'string') return [];
    const containers = asArray(get(podSpec(w), 'containers'));
    if (containers.some((c) => asArray(get(c, 'ports')).some((cp) => portMatches(cp, target)))) return [];
    return [violation(w, `spec.ports[${i}].targetPort`, target, `a port name a container declares (${containers.map((c) => declaredPorts(asObject(c) ?? {})).filter((d) => d !== '').join(', ') || 'none declared'}), or a port number`, s)];
  }));

const checkRouteBackendPortMismatch: WorkloadCheck = (w) => w.services.flatMap((s) => {
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
          out.push(violation(w, `spec.rules[${i}].backendRefs[${j}].port`, port ?? 'none', allowed, r));
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
      out.push(violation(w, `${at}.service.port`, asObject(get(b, 'service', 'port')) ?? 'none', `${allowed} (or by name: ${names.join(', ') || 'none'})`, ing));
    }
  }
  return out;
});

const checkHardAntiAffinityCapacity: WorkloadCheck = (w) => {
  if (!hardHostAntiAffinity(w)) return [];
  const replicas = largestReplicas(w);
  const r = rollingParameters(w);
  if (!r) return [];
  // With maxUnavailable >= 1 the controller scales an old pod down first: its node frees, the surge pod
  // that waited Pending is scheduled, and the rollout completes on `replicas` nodes.
  if (resolveMaxUnavailable(r.maxUnavailable, replicas) >= 1) return [];
  const surge = resolveMaxSurge(r.maxSurge, replicas);
  const needed = rolloutPeakPods(replicas, surge);
  const nodes = schedulableNodes(w);
  // a maxSurge above replicas adds no more than replicas new pods
  const formula = surge > replicas ? 'replicas + min(maxSurge, replicas)' : 'replicas + maxSurge';
  return (nodes ?? 0) >= needed
    ? []
    : [violation(w, 'spec.template.spec.affinity.podAntiAffinity', nodes ?? 'not declared', `at least ${formula} = ${needed}`)];
};

const checkHpaReplicasConflict: WorkloadCheck = (w) => {
  const replicas = spec(w).replicas;
  return w.autoscaler && replicas !== undefined && replicas !== null
    ? [violation(w, 'spec.replicas', replicas, `no replicas field on a ${w.kind} an autoscaler scales`)]
    : [];
};

const checkPrestopShorterThanPath: WorkloadCheck = withServingContainer((w, container, index) => {
  const fact = preStopFact(w, container);
  const path = slowestPath(w);
  // no hook: prestop-delay-missing; unknown duration: cannot be judged
  if (!path || fact.seconds === undefined || fact.kind === 'none' || fact.seconds === 0) return [];
  return fact.seconds >= path.seconds
    ? []
    : [violation(w, `${CONTAINERS}[${index}].lifecycle.preStop`, `${fact.seconds}s`, `at least ${path.seconds}s, the time the ${path.path} path needs${path.declared ? ' (declared on the Service)' : ''} to stop sending requests`)];
});

const checkNetworkPolicyBlocksExternal: WorkloadCheck = (w) => {
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
  return [violation(w, 'spec.ingress', asArray(get(p.object, 'spec', 'ingress')).flatMap((r) => asArray(get(r, 'from'))),
    `an ipBlock peer or no from restriction, since ${describeRef(external[0].ref)} is ${asString(get(external[0].object, 'spec', 'type'))}`, p)];
};

const checkNodePortConflict: InputCheck = (inv) => {
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
        out.push({ object: s, path: `spec.ports[${i}].nodePort`, value: port, allowed: `a nodePort no other Service uses (${describeRef(first.ref)} has it)` });
      }
    });
  }
  return out;
};

const checkDuplicateObject: InputCheck = (inv) => {
  const seen = new Map<string, IndexedObject>();
  const out: RuleViolation[] = [];
  for (const o of inv.objects) {
    if (!o.ref.name || !o.ref.kind) continue;
    const key = `${apiGroup(o.ref.apiVersion)}\u0000${o.ref.kind}\u0000${o.ref.namespaceName ?? ''}\u0000${o.ref.name}`;
    const first = seen.get(key);
    if (!first) seen.set(key, o);
    else out.push({ object: o, path: 'metadata.name', value: o.ref.name, allowed: `a name not already used by ${describeRef(first.ref)} (object ${first.index + 1} of the input)` });
  }
  return out;
};

const checkInvalidNamespace: InputCheck = (inv) =>
  inv.objects.flatMap((o) => {
    const ns = get(o.object, 'metadata', 'namespace');
    if (ns === undefined || ns === null) return [];
    const problem = checkDnsLabel(ns, 'namespace');
    return problem ? [{ object: o, path: 'metadata.namespace', value: ns, allowed: problem.allowed }] : [];
  });

/** The table of zero-downtime rules, in the order they are reported. */
export const RULE_DEFINITIONS: readonly RuleDefinition[] = [
  {
    id: GuardrailRule.READINESS_PROBE_MISSING,
    reason: 'without a readiness probe a new pod gets requests before it can serve them',
    manifestFix: 'add a readinessProbe (e.g. httpGet on the serving port) to the serving container',
    source: `${K8S}/concepts/configuration/liveness-readiness-startup-probes/#readiness-probe`,
    exemptible: true,
    appliesTo: served(ALL_KINDS),
    checkWorkload: checkReadinessProbeMissing,
  },
  {
    id: GuardrailRule.READINESS_PORT,
    reason: 'a readiness probe on a port name the container does not declare always fails: the pod never becomes Ready',
    manifestFix: 'declare the port name in the container\'s ports[], or probe the port by number',
    source: 'https://docs.kubelinter.io/#/generated/checks?id=readiness-port',
    exemptible: true,
    appliesTo: any(ALL_KINDS),
    checkWorkload: checkReadinessPort,
  },
  {
    id: GuardrailRule.RECREATE_STRATEGY,
    reason: 'Recreate stops every old pod before any new pod is Ready',
    manifestFix: 'set spec.strategy.type: RollingUpdate with maxUnavailable: 0 and maxSurge: 1',
    source: `${K8S}/concepts/workloads/controllers/deployment/#recreate-deployment`,
    exemptible: true,
    appliesTo: served(['Deployment']),
    checkWorkload: checkRecreateStrategy,
  },
  {
    id: GuardrailRule.ROLLING_UPDATE_MAX_UNAVAILABLE,
    reason: 'maxUnavailable above 0 removes serving pods before their replacements are Ready',
    manifestFix: 'set spec.strategy.rollingUpdate.maxUnavailable: 0 and maxSurge: 1 (the default is 25%, which is 1 pod from 4 replicas on)',
    source: `${K8S}/concepts/workloads/controllers/deployment/#max-unavailable`,
    exemptible: true,
    appliesTo: served(['Deployment', 'DaemonSet']),
    checkWorkload: checkRollingUpdateMaxUnavailable,
  },
  {
    id: GuardrailRule.DEPLOYMENT_REPLICAS,
    reason: 'with a single pod every node drain, eviction or crash takes the site down',
    manifestFix: 'set spec.replicas (or the HorizontalPodAutoscaler minReplicas) to 2 or more (a single-writer store such as a database needs its own replication instead: exempt it until then)',
    source: 'https://github.com/zegl/kube-score/blob/master/README_CHECKS.md',
    exemptible: true,
    appliesTo: served(REPLICATED),
    checkWorkload: checkDeploymentReplicas,
  },
  {
    id: GuardrailRule.PRESTOP_DELAY_MISSING,
    reason: 'the server gets SIGTERM while kube-proxy and load balancers still send it requests',
    manifestFix: 'add lifecycle.preStop to the serving container: sleep: {seconds: 5} (Kubernetes >= 1.30) or exec: {command: [sleep, "5"]}; a server that keeps serving on its own after SIGTERM declares it with the annotation zero-downtime.cdk8s.io/shutdown-delay-seconds',
    source: `${K8S}/concepts/workloads/pods/pod-lifecycle/#pod-termination`,
    exemptible: true,
    appliesTo: served(ALL_KINDS),
    checkWorkload: checkPrestopDelayMissing,
  },
  {
    id: GuardrailRule.PRESTOP_EXCEEDS_GRACE_PERIOD,
    reason: 'the kubelet kills the server before the preStop delay and the drain time are over',
    manifestFix: 'raise spec.template.spec.terminationGracePeriodSeconds above the preStop delay plus the drain time (annotation zero-downtime.cdk8s.io/drain-seconds)',
    source: `${K8S}/concepts/containers/container-lifecycle-hooks/#hook-handler-execution`,
    exemptible: true,
    appliesTo: any(ALL_KINDS),
    checkWorkload: checkPrestopExceedsGracePeriod,
  },
  {
    id: GuardrailRule.POD_PROBES_IDENTICAL,
    reason: 'when readiness and liveness are the same check, a slow moment restarts pods instead of just taking them out of the Service',
    manifestFix: 'give livenessProbe a different check than readinessProbe (e.g. tcpSocket, or another path)',
    source: 'https://github.com/zegl/kube-score/blob/master/README_CHECKS.md',
    exemptible: true,
    appliesTo: any(ALL_KINDS),
    checkWorkload: checkPodProbesIdentical,
  },
  {
    id: GuardrailRule.PROGRESS_DEADLINE_TOO_SHORT,
    reason: 'a deadline shorter than one surge wave marks every rollout failed (Argo CD shows the Deployment Degraded)',
    manifestFix: 'raise spec.progressDeadlineSeconds above one wave (startup + readiness + minReadySeconds)',
    source: `${K8S}/concepts/workloads/controllers/deployment/#progress-deadline-seconds`,
    exemptible: true,
    appliesTo: any(['Deployment']),
    checkWorkload: checkProgressDeadlineTooShort,
  },
  {
    id: GuardrailRule.PDB_DISRUPTIONS_IS_ZERO,
    reason: 'a budget that allows no eviction blocks every node drain and cluster upgrade',
    manifestFix: 'set the PodDisruptionBudget spec.maxUnavailable: 1',
    source: `${K8S}/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions`,
    exemptible: true,
    appliesTo: any(REPLICATED),
    checkWorkload: checkPdbDisruptionsIsZero,
  },
  {
    id: GuardrailRule.PDB_MIN_AVAILABLE_BLOCKS_DRAIN,
    reason: 'a minAvailable that is not below the replica count allows no eviction: every node drain and cluster upgrade blocks',
    manifestFix: 'use spec.maxUnavailable: 1 in the PodDisruptionBudget, or a minAvailable below the replica count',
    source: `${K8S}/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages`,
    exemptible: true,
    appliesTo: any(REPLICATED),
    checkWorkload: checkPdbMinAvailableBlocksDrain,
  },
  {
    id: GuardrailRule.PDB_MIN_AVAILABLE_ABOVE_HPA_MIN,
    reason: 'when the autoscaler sits at minReplicas, a larger minAvailable blocks every eviction',
    manifestFix: 'lower the PodDisruptionBudget minAvailable below the HorizontalPodAutoscaler minReplicas, or use maxUnavailable: 1',
    source: 'https://polaris.docs.fairwinds.com/checks/reliability/',
    exemptible: true,
    appliesTo: any(REPLICATED),
    checkWorkload: checkPdbMinAvailableAboveHpaMin,
  },
  {
    id: GuardrailRule.MUTABLE_IMAGE_TAG,
    reason: 'a `latest` or missing tag is only re-pulled with imagePullPolicy Always; otherwise nodes keep running different stale images',
    manifestFix: 'pin a version tag or digest in image (recommended), or set imagePullPolicy: Always',
    source: `${K8S}/concepts/containers/images/#image-pull-policy`,
    exemptible: true,
    appliesTo: any(ALL_KINDS),
    checkWorkload: checkMutableImageTag,
  },
  {
    id: GuardrailRule.SERVICE_SELECTOR_MISMATCH,
    reason: 'a Service whose selector does not match the pod labels has no endpoints',
    manifestFix: "make the Service's spec.selector a subset of the pod template labels of the workload it serves",
    source: `${K8S}/concepts/services-networking/service/#defining-a-service`,
    exemptible: true,
    appliesTo: 'input',
    check: checkServiceSelectorMismatch,
  },
  {
    id: GuardrailRule.SERVICE_TARGET_PORT_MISMATCH,
    reason: 'a Service targetPort name the pods do not declare gives the Service no endpoint for that port',
    manifestFix: 'declare the port name in the serving container\'s ports[], or set the Service targetPort to the port number',
    source: `${K8S}/concepts/services-networking/service/#field-spec-ports`,
    exemptible: true,
    appliesTo: served(ALL_KINDS),
    checkWorkload: checkServiceTargetPortMismatch,
  },
  {
    id: GuardrailRule.ROUTE_BACKEND_PORT_MISMATCH,
    reason: 'a route whose backend port is not a port of the Service resolves to no endpoint: the gateway or ingress controller answers every request with an error',
    manifestFix: 'set each HTTPRoute backendRefs[].port to a spec.ports[].port of the Service (an Ingress backend service.port: its number or name)',
    source: 'https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref',
    exemptible: true,
    appliesTo: served(ALL_KINDS),
    checkWorkload: checkRouteBackendPortMismatch,
  },
  {
    id: GuardrailRule.HARD_ANTI_AFFINITY_CAPACITY,
    reason: 'with hard anti-affinity each pod needs its own node; without a free node the surge pod stays Pending and the rollout stalls',
    manifestFix: 'use preferredDuringSchedulingIgnoredDuringExecution anti-affinity, or declare the node count in the annotation zero-downtime.cdk8s.io/schedulable-nodes',
    source: `${K8S}/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity`,
    exemptible: true,
    appliesTo: any(['Deployment']),
    checkWorkload: checkHardAntiAffinityCapacity,
  },
  {
    id: GuardrailRule.HPA_REPLICAS_CONFLICT,
    reason: 'spec.replicas on a Deployment an autoscaler scales resets the autoscaled count on every apply or GitOps sync',
    manifestFix: 'remove spec.replicas from the Deployment manifest; the HorizontalPodAutoscaler owns it',
    source: `${K8S}/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling`,
    exemptible: true,
    appliesTo: any(REPLICATED),
    checkWorkload: checkHpaReplicasConflict,
  },
  {
    id: GuardrailRule.PRESTOP_SHORTER_THAN_PATH,
    reason: 'the server stops while the traffic path (kube-proxy, load balancer, ingress controller) still sends it requests',
    manifestFix: 'lengthen the preStop sleep to at least the path time, or declare the path time on the Service with the annotation zero-downtime.cdk8s.io/deregistration-seconds',
    source: 'https://github.com/kubernetes/kubernetes/issues/43576',
    exemptible: true,
    appliesTo: served(ALL_KINDS),
    checkWorkload: checkPrestopShorterThanPath,
  },
  {
    id: GuardrailRule.NETWORK_POLICY_BLOCKS_EXTERNAL,
    reason: 'NodePort and LoadBalancer traffic reaches the pod from node or client addresses, which pod and namespace selectors never match',
    manifestFix: 'add an ipBlock peer (the node or client CIDR) to the NetworkPolicy ingress rule, or admit all sources on the serving port',
    source: `${K8S}/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors`,
    exemptible: true,
    appliesTo: served(ALL_KINDS),
    checkWorkload: checkNetworkPolicyBlocksExternal,
  },
  {
    id: GuardrailRule.NODE_PORT_CONFLICT,
    reason: 'a nodePort is one port on every node of the cluster: the API server refuses a second Service with the same one',
    manifestFix: 'give each Service its own nodePort, or remove nodePort and let the cluster allocate one',
    source: `${K8S}/concepts/services-networking/service/#nodeport-custom-port`,
    exemptible: false,
    appliesTo: 'input',
    check: checkNodePortConflict,
  },
  {
    id: GuardrailRule.DUPLICATE_OBJECT,
    reason: 'two objects with the same kind, namespace and name are one object to the API server: the second silently replaces the first',
    manifestFix: 'rename one of the objects or move it to another namespace',
    source: `${K8S}/concepts/overview/working-with-objects/names/`,
    exemptible: false,
    appliesTo: 'input',
    check: checkDuplicateObject,
  },
  {
    id: GuardrailRule.INVALID_NAMESPACE,
    reason: 'the API server refuses an object whose namespace is not an RFC 1123 label',
    manifestFix: 'set metadata.namespace to a lowercase RFC 1123 label, e.g. "web"',
    source: `${K8S}/concepts/overview/working-with-objects/names/#dns-label-names`,
    exemptible: false,
    appliesTo: 'input',
    check: checkInvalidNamespace,
  },
  {
    id: GuardrailRule.TRAFFIC_SHARE_EXCEEDS_CAPACITY,
    reason: 'a version whose HTTPRoute weight gives it a larger share of the requests than of the pods, by more than 10 %, runs each of its pods hotter than the site is sized for',
    manifestFix: 'give the backend more pods (spec.replicas of its workload) or a smaller backendRefs weight, so that weight / sum of weights stays within 1.1 × its pods / the pods of the largest backend',
    source: 'https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref',
    exemptible: true,
    appliesTo: 'input',
    check: checkTrafficShare,
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
