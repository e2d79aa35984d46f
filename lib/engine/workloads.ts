import { asArray, asObject, asString, asStringMap, get, JsonObject } from './json';
import { isEmptySelector, LabelSelector, mapSelector, matches, readLabelSelector } from './label-selector';
import { ObjectRef, refOf } from './object-ref';

/** One input object with its position in the input and its reference. */
export interface IndexedObject {
  /** Position in the array given to the engine. */
  readonly index: number;
  readonly object: JsonObject;
  readonly ref: ObjectRef;
}

/**
 * A Deployment and everything that decides whether its rollouts and drains drop requests: the Services
 * that select its pods, the PodDisruptionBudgets and NetworkPolicies that select them, the
 * HorizontalPodAutoscaler that scales it, and the Ingresses and HTTPRoutes that send traffic to those
 * Services. Pairing is by label selector and name within one namespace, as the controllers do it.
 */
export interface Workload {
  readonly deployment: IndexedObject;
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
  readonly objects: readonly IndexedObject[];
  readonly workloads: readonly Workload[];
  /** Pod labels of every pod template of any kind (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, custom resources with `spec.template`), per namespace key. */
  readonly podTemplates: ReadonlyMap<string, ReadonlyArray<Readonly<Record<string, string>>>>;
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
  const byKind = new Map<string, IndexedObject[]>();
  input.forEach((raw, index) => {
    const object = asObject(raw);
    if (!object) return;
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
    if (asString(get(target, 'kind')) === 'Deployment') {
      autoscalers.set(`${namespaceKey(h)}/${asString(get(target, 'name')) ?? ''}`, h);
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
  const workloads: Workload[] = [];
  for (const o of objects) {
    const labels = podTemplateLabels(o.object);
    if (!labels) continue;
    const ns = namespaceKey(o);
    let list = podTemplates.get(ns);
    if (!list) podTemplates.set(ns, (list = []));
    list.push(labels);
    if (o.ref.kind !== 'Deployment') continue;
    const selected = services.lookup(ns, labels);
    const viaService = (k: string) => selected.flatMap((s) => ingressesByService.get(`${k}/${ns}/${s.ref.name}`) ?? []);
    workloads.push({
      deployment: o,
      podLabels: labels,
      services: selected,
      budgets: budgets.lookup(ns, labels),
      networkPolicies: policies.lookup(ns, labels),
      autoscaler: autoscalers.get(`${ns}/${o.ref.name}`),
      ingresses: unique(viaService('Ingress')),
      routes: unique(viaService('HTTPRoute')),
    });
  }
  return { objects, workloads, podTemplates, byKind };
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
