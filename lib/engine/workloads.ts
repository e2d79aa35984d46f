import { asArray, asObject, asString, asStringMap, get, JsonObject } from './json';
import { isEmptySelector, LabelSelector, mapSelector, matches, readLabelSelector } from './label-selector';
import { apiGroup, ObjectRef, refOf } from './object-ref';

/** One input object with its position in the input and its reference. */
export interface IndexedObject {
  /** Position in the array given to the engine. */
  readonly index: number;
  readonly object: JsonObject;
  readonly ref: ObjectRef;
}

/** The workload kinds the rules read: the controllers that keep pods behind a Service running. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** Every `WorkloadKind`, in the order the docs list them. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * A workload (Deployment, StatefulSet or DaemonSet) and everything that decides whether its rollouts
 * and drains drop requests: the Services that select its pods, the PodDisruptionBudgets and
 * NetworkPolicies that select them, the HorizontalPodAutoscaler that scales it, and the Ingresses and
 * HTTPRoutes that send traffic to those Services. Pairing is by label selector and name within one
 * namespace, as the controllers do it.
 */
export interface Workload {
  /** Which controller runs the pods (it decides how a rollout replaces them). */
  readonly kind: WorkloadKind;
  /** The workload object itself. */
  readonly controller: IndexedObject;
  /** `spec.template.metadata.labels`. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly services: readonly IndexedObject[];
  readonly budgets: readonly IndexedObject[];
  readonly networkPolicies: readonly IndexedObject[];
  readonly autoscaler?: IndexedObject;
  readonly ingresses: readonly IndexedObject[];
  readonly routes: readonly IndexedObject[];
}

/** Every object of the input, grouped the ways the rules need. */
export interface Inventory {
  /** The Kubernetes objects of the input: JSON objects with a string `apiVersion` and `kind`. */
  readonly objects: readonly IndexedObject[];
  /** Input positions of the documents that are not Kubernetes objects (no `apiVersion` or `kind`): no rule reads them. */
  readonly notObjects: readonly number[];
  readonly workloads: readonly Workload[];
  /**
   * The workloads each Service selects (a Service's serving set: several Deployments behind one
   * Service, e.g. the v1, v2 and v3 of one app, are one set of endpoints), keyed by the Service's input
   * position.
   */
  readonly servingSets: ReadonlyMap<number, readonly Workload[]>;
  /**
   * Pod labels of every pod source of any kind, per namespace key: pod templates (Deployment,
   * StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, Pod, custom resources with `spec.template`) and
   * the pod labels operators read from their custom resources (`spec.podMetadata.labels` of the
   * prometheus-operator's Prometheus, Alertmanager and ThanosRuler).
   */
  readonly podTemplates: ReadonlyMap<string, ReadonlyArray<Readonly<Record<string, string>>>>;
  /**
   * Custom resources whose pods the engine cannot see, per namespace key: an operator may create pods
   * from them with labels the input does not show, so a Service there may select pods that exist only
   * in the cluster.
   */
  readonly opaquePodSources: ReadonlyMap<string, readonly IndexedObject[]>;
  /** Objects with a pod template of a kind the rules do not read (Pod, ReplicaSet, Job, a custom resource...) whose pods a Service selects. */
  readonly unreadServed: readonly IndexedObject[];
  /** Objects per kind. */
  readonly byKind: ReadonlyMap<string, readonly IndexedObject[]>;
}

/** The namespace key used for pairing: objects without a namespace pair with each other. */
export function namespaceKey(o: IndexedObject): string {
  return o.ref.namespaceName ?? '';
}

/** Builds the inventory. Never throws, whatever the objects look like. */
export function buildInventory(input: readonly unknown[]): Inventory {
  const objects: IndexedObject[] = [];
  const notObjects: number[] = [];
  const byKind = new Map<string, IndexedObject[]>();
  input.forEach((raw, index) => {
    const object = asObject(raw);
    if (!object || !isKubernetesObject(object)) {
      notObjects.push(index);
      return;
    }
    const o: IndexedObject = { index, object, ref: refOf(object) };
    objects.push(o);
    let list = byKind.get(o.ref.kind);
    if (!list) byKind.set(o.ref.kind, (list = []));
    list.push(o);
  });
  const kind = (k: string) => byKind.get(k) ?? [];

  const services = new SelectorIndex<IndexedObject>();
  for (const s of kind('Service')) {
    const selector = mapSelector(get(s.object, 'spec', 'selector'));
    // A Service without a selector has hand-managed endpoints: it selects no pods.
    if (!isEmptySelector(selector)) services.add(namespaceKey(s), selector, s);
  }
  const budgets = new SelectorIndex<IndexedObject>();
  for (const b of kind('PodDisruptionBudget')) {
    const selector = readLabelSelector(get(b.object, 'spec', 'selector'));
    if (selector.present) budgets.add(namespaceKey(b), selector, b); // policy/v1: {} selects every pod of the namespace
  }
  const policies = new SelectorIndex<IndexedObject>();
  for (const p of kind('NetworkPolicy')) {
    policies.add(namespaceKey(p), readLabelSelector(get(p.object, 'spec', 'podSelector')), p);
  }
  const autoscalers = new Map<string, IndexedObject>();
  for (const h of kind('HorizontalPodAutoscaler')) {
    const target = get(h.object, 'spec', 'scaleTargetRef');
    const targetKind = asString(get(target, 'kind'));
    if (targetKind === 'Deployment' || targetKind === 'StatefulSet') {
      autoscalers.set(`${namespaceKey(h)}/${targetKind}/${asString(get(target, 'name')) ?? ''}`, h);
    }
  }
  const ingressesByService = new Map<string, IndexedObject[]>();
  const add = (key: string, o: IndexedObject) => {
    let list = ingressesByService.get(key);
    if (!list) ingressesByService.set(key, (list = []));
    if (!list.includes(o)) list.push(o);
  };
  for (const i of kind('Ingress')) {
    for (const name of ingressBackendServices(i.object)) add(`Ingress/${namespaceKey(i)}/${name}`, i);
  }
  for (const r of kind('HTTPRoute')) {
    for (const ref of asArray(get(r.object, 'spec', 'rules')).flatMap((rule) => asArray(get(rule, 'backendRefs')))) {
      const kindOf = asString(get(ref, 'kind')) ?? 'Service';
      const group = asString(get(ref, 'group')) ?? '';
      const name = asString(get(ref, 'name'));
      if (kindOf !== 'Service' || group !== '' || name === undefined) continue;
      add(`HTTPRoute/${asString(get(ref, 'namespace')) ?? namespaceKey(r)}/${name}`, r);
    }
  }

  const podTemplates = new Map<string, Array<Record<string, string>>>();
  const opaquePodSources = new Map<string, IndexedObject[]>();
  const workloads: Workload[] = [];
  const servingSets = new Map<number, Workload[]>();
  const unreadServed: IndexedObject[] = [];
  for (const o of objects) {
    const ns = namespaceKey(o);
    if (mayCreatePods(o)) push(opaquePodSources, ns, o);
    const labels = podTemplateLabels(o.object) ?? operatorPodLabels(o.object);
    if (!labels) continue;
    push(podTemplates, ns, labels);
    const selected = services.lookup(ns, labels);
    if (!isWorkloadKind(o.ref.kind) || !isBuiltInGroup(apiGroup(o.ref.apiVersion))) {
      if (selected.length > 0) unreadServed.push(o);
      continue;
    }
    const viaService = (k: string) => selected.flatMap((s) => ingressesByService.get(`${k}/${ns}/${s.ref.name}`) ?? []);
    const workload: Workload = {
      kind: o.ref.kind,
      controller: o,
      podLabels: labels,
      services: selected,
      budgets: budgets.lookup(ns, labels),
      networkPolicies: policies.lookup(ns, labels),
      autoscaler: autoscalers.get(`${ns}/${o.ref.kind}/${o.ref.name}`),
      ingresses: unique(viaService('Ingress')),
      routes: unique(viaService('HTTPRoute')),
    };
    workloads.push(workload);
    for (const s of selected) push(servingSets, s.index, workload);
  }
  return { objects, notObjects, workloads, servingSets, podTemplates, opaquePodSources, unreadServed, byKind };
}

/** True for the kinds whose pods the rules judge. */
export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

/**
 * A Kubernetes object as the API server takes it: a JSON object with a non-empty string `apiVersion`
 * and `kind`. Anything else (a Helm values file, a config file in the same folder, a stray scalar) is
 * no object: `kubectl apply` refuses it.
 */
export function isKubernetesObject(object: JsonObject): boolean {
  return typeof object.apiVersion === 'string' && object.apiVersion !== '' && typeof object.kind === 'string' && object.kind !== '';
}

/**
 * API groups served by the Kubernetes API server itself: `` (core), `*.k8s.io` groups of the project
 * (apps, batch, policy, autoscaling, networking.k8s.io...). Every other group comes from a
 * CustomResourceDefinition or an aggregated API.
 * @see https://kubernetes.io/docs/reference/using-api/#api-groups
 */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'autoscaling', 'extensions']);

function isBuiltInGroup(group: string): boolean {
  return BUILT_IN_GROUPS.has(group) || (group.endsWith('.k8s.io') && !group.endsWith('.x-k8s.io') && group !== 'gateway.networking.k8s.io');
}

/**
 * Custom resource groups known not to create pods (routing, certificates, monitoring configuration):
 * a custom resource of another group may be the input of an operator that creates pods.
 */
const NO_POD_GROUPS = new Set(['gateway.networking.k8s.io', 'cert-manager.io', 'acme.cert-manager.io', 'networking.istio.io', 'security.istio.io', 'policy.linkerd.io', 'argoproj.io']);

/** Custom resources of these kinds only configure (they are no pod source, whatever their group). */
const NO_POD_KINDS = new Set(['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe', 'ScrapeConfig', 'AlertmanagerConfig', 'CustomResourceDefinition', 'APIService']);

/** True for a custom resource an operator may create pods from, with labels the input does not show. */
function mayCreatePods(o: IndexedObject): boolean {
  const group = apiGroup(o.ref.apiVersion);
  if (isBuiltInGroup(group) || NO_POD_GROUPS.has(group) || NO_POD_KINDS.has(o.ref.kind)) return false;
  if (group === 'argoproj.io') return o.ref.kind === 'Rollout';
  return true;
}

/**
 * Pod labels an operator copies from its custom resource: the prometheus-operator gives the pods of a
 * Prometheus, Alertmanager or ThanosRuler the labels of `spec.podMetadata.labels`. It adds labels of
 * its own too, which the input does not show: such a resource stays an opaque pod source as well.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.EmbeddedObjectMetadata
 */
function operatorPodLabels(object: JsonObject): Record<string, string> | undefined {
  if (apiGroup(asString(object.apiVersion) ?? '') !== 'monitoring.coreos.com') return undefined;
  const kind = asString(object.kind);
  if (kind !== 'Prometheus' && kind !== 'Alertmanager' && kind !== 'ThanosRuler') return undefined;
  const labels = asObject(get(object, 'spec', 'podMetadata', 'labels'));
  return labels ? asStringMap(labels) : undefined;
}

/** Pod labels of an object's pod template, or undefined when it has none. */
function podTemplateLabels(object: JsonObject): Record<string, string> | undefined {
  const kind = asString(object.kind);
  if (kind === 'Pod') return asStringMap(get(object, 'metadata', 'labels'));
  const template = get(object, 'spec', 'template') ?? get(object, 'spec', 'jobTemplate', 'spec', 'template');
  const t = asObject(template);
  if (!t || !asObject(get(t, 'spec'))) return undefined;
  return asStringMap(get(t, 'metadata', 'labels'));
}

/** Names of the Services an Ingress (networking.k8s.io/v1 or v1beta1) sends traffic to. */
function ingressBackendServices(ingress: JsonObject): string[] {
  const backends = [
    get(ingress, 'spec', 'defaultBackend'),
    get(ingress, 'spec', 'backend'),
    ...asArray(get(ingress, 'spec', 'rules')).flatMap((r) => asArray(get(r, 'http', 'paths')).map((p) => get(p, 'backend'))),
  ];
  return backends.flatMap((b) => {
    const name = asString(get(b, 'service', 'name')) ?? asString(get(b, 'serviceName'));
    return name === undefined ? [] : [name];
  });
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

/**
 * Objects with label selectors, per namespace, found by the pod labels they select without comparing
 * every selector with every pod template: a selector with `matchLabels` is filed under one of its
 * pairs; the rest (expressions only, or empty) are scanned.
 */
class SelectorIndex<T extends IndexedObject> {
  private readonly keyed = new Map<string, Array<{ selector: LabelSelector; value: T }>>();
  private readonly scanned = new Map<string, Array<{ selector: LabelSelector; value: T }>>();

  public add(namespace: string, selector: LabelSelector, value: T): void {
    const keys = Object.keys(selector.matchLabels);
    const entry = { selector, value };
    if (keys.length > 0) {
      const k = keys.sort()[0];
      push(this.keyed, `${namespace}\u0000${k}\u0000${selector.matchLabels[k]}`, entry);
    } else {
      push(this.scanned, namespace, entry);
    }
  }

  public lookup(namespace: string, labels: Readonly<Record<string, string>>): T[] {
    const out: T[] = [];
    for (const [k, v] of Object.entries(labels)) {
      for (const e of this.keyed.get(`${namespace}\u0000${k}\u0000${v}`) ?? []) {
        if (matches(e.selector, labels)) out.push(e.value);
      }
    }
    for (const e of this.scanned.get(namespace) ?? []) {
      if (matches(e.selector, labels)) out.push(e.value);
    }
    return out.sort((a, b) => a.index - b.index);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(value);
}
