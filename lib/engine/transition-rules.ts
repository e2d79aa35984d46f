import { LABEL_SERVES } from '../internal/labels';
import { allowedDisruptions } from '../internal/rollout-math';
import { serviceTargetPort } from './facts';
import { asArray, asIntOrString, asNumber, asObject, asString, asStringMap, get } from './json';
import { isEmptySelector, mapSelector, matches } from './label-selector';
import { apiGroup } from './object-ref';
import { GuardrailRule } from './rule-ids';
import {
  canonical,
  change,
  describe,
  differingPaths,
  isServed,
  podIdentity,
  pruneLast,
  runningPodLabels,
  TransitionContext,
  TransitionRuleDefinition,
  TransitionState,
  TransitionViolation,
  workloadOf,
} from './transition';
import { IndexedObject, namespaceKey, Workload } from './workloads';

/*
 * The transition rules: each compares the baseline render with the new one (transition.ts pairs them).
 * A violation names the object of the new render that carries the change (or the baseline object when
 * the change removes it), the field, the change as `before → after`, and what would be safe.
 */

const K8S = 'https://kubernetes.io/docs';
const NEW = TransitionState.NEW;
const KEEP_BOTH = 'run both until the new one is Ready, then remove the old one in a later commit';

function v(object: IndexedObject, path: string, value: unknown, allowed: string, workload?: IndexedObject): TransitionViolation {
  return { object, state: NEW, path, value, allowed, ...(workload ? { workload } : {}) };
}

function spec(o: IndexedObject): Record<string, unknown> {
  return (asObject(get(o.object, 'spec')) ?? {}) as Record<string, unknown>;
}

function kept(ctx: TransitionContext, kind: string): Array<{ before: IndexedObject; after: IndexedObject }> {
  return ctx.kept.filter((p) => p.after.ref.kind === kind);
}

// ---- immutable fields ----------------------------------------------------------------------------

/** Controllers whose `spec.selector` is immutable (apps/v1). */
const SELECTOR_IMMUTABLE = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);

/**
 * The StatefulSet spec fields the API server lets an update change; every other one is refused with
 * "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template',
 * 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden".
 */
const STATEFULSET_MUTABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'selector']);

/** Defaults of the immutable StatefulSet fields, so that writing a default out is no change. */
const STATEFULSET_DEFAULTS: Record<string, unknown> = { podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10, serviceName: '', volumeClaimTemplates: [] };

/** Hooks are created again on every sync (Argo CD, Helm): their spec may change. */
function isHook(o: IndexedObject): boolean {
  const a = asStringMap(get(o.object, 'metadata', 'annotations'));
  return a['argocd.argoproj.io/hook'] !== undefined || a['helm.sh/hook'] !== undefined;
}

function checkImmutableFields(ctx: TransitionContext): TransitionViolation[] {
  const out: TransitionViolation[] = [];
  for (const { before, after } of ctx.kept) {
    const kind = after.ref.kind;
    const group = apiGroup(after.ref.apiVersion);
    const b = spec(before);
    const a = spec(after);
    if (SELECTOR_IMMUTABLE.has(kind) && (group === 'apps' || group === 'extensions')) {
      if (b.selector !== undefined && a.selector !== undefined && canonical(b.selector) !== canonical(a.selector)) {
        out.push(v(after, 'spec.selector', change(b.selector, a.selector),
          `the selector of the running ${kind}; to change it, create a ${kind} with a new name and the new selector, ${KEEP_BOTH}`, after));
      }
    }
    if (kind === 'StatefulSet' && group === 'apps') {
      for (const field of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
        if (STATEFULSET_MUTABLE.has(field)) continue;
        const bv = b[field] ?? STATEFULSET_DEFAULTS[field];
        const av = a[field] ?? STATEFULSET_DEFAULTS[field];
        if (canonical(bv) === canonical(av)) continue;
        out.push(v(after, `spec.${field}`, field === 'volumeClaimTemplates' ? `${differingPaths(bv, av, 'spec.volumeClaimTemplates', 3).join(', ')} changed` : change(b[field], a[field]),
          `the value of the running StatefulSet (only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds may change); to change ${field}, create a StatefulSet with a new name, ${KEEP_BOTH}`, after));
      }
    }
    if (kind === 'Job' && group === 'batch' && !isHook(after) && !isHook(before)) {
      for (const field of ['template', 'selector'] as const) {
        if (b[field] === undefined || canonical(b[field]) === canonical(a[field])) continue;
        out.push(v(after, `spec.${field}`, `${differingPaths(b[field], a[field], `spec.${field}`, 3).join(', ')} changed`,
          'an unchanged Job: a changed Job is another run, so give it a new name (e.g. with a content hash), or make it an Argo CD hook (argocd.argoproj.io/hook with hook-delete-policy BeforeHookCreation)'));
      }
    }
    if (kind === 'PersistentVolumeClaim' && group === '') {
      for (const field of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
        if (field === 'volumeAttributesClassName') continue;
        const bv = field === 'resources' ? { ...asObject(b.resources), requests: undefined } : b[field];
        const av = field === 'resources' ? { ...asObject(a.resources), requests: undefined } : a[field];
        if (bv === undefined || canonical(bv) === canonical(av)) continue;
        out.push(v(after, `spec.${field}`, change(b[field], a[field]),
          'only spec.resources.requests (a larger size) may change on a bound claim; for anything else, create a claim with a new name and move the data'));
      }
    }
  }
  return out;
}

function checkClusterIp(ctx: TransitionContext): TransitionViolation[] {
  return kept(ctx, 'Service').flatMap(({ before, after }) => {
    const bt = asString(spec(before).type) ?? 'ClusterIP';
    const at = asString(spec(after).type) ?? 'ClusterIP';
    if (bt === 'ExternalName' || at === 'ExternalName') return []; // to and from ExternalName the address may change
    const bIp = asString(spec(before).clusterIP);
    const aIp = asString(spec(after).clusterIP);
    const explicit = aIp !== undefined && aIp !== '';
    if ((explicit && aIp !== bIp) || (!explicit && bIp === 'None')) {
      return [v(after, 'spec.clusterIP', change(bIp, aIp),
        `the running clusterIP (${bIp === undefined || bIp === '' ? 'the allocated address: leave clusterIP unset' : bIp}); for another address or a headless Service, create a Service with a new name, move the clients to it, then remove the old one`)];
    }
    return [];
  });
}

// ---- workloads replaced, renamed, moved -------------------------------------------------------------

/**
 * True when Argo CD prunes the old workload after every other resource is synced and healthy
 * (`PruneLast=true` on it). A later sync wave is no such order: prune tasks swap their waves among
 * themselves (argoproj/gitops-engine#538), so the old workload may be pruned in an early wave.
 */
function replacementIsOrdered(old: IndexedObject): boolean {
  return pruneLast(old);
}

const REPLACE_ALLOWED = (old: IndexedObject) =>
  `${describe(old)} kept until the new pods are Ready: add the new workload in one commit and remove the old one in the next, or in one commit with the Argo CD sync option PruneLast=true on the old one`;

/** Workloads of the baseline that move to another namespace (same kind and name), by the new workload. */
function namespaceMoves(ctx: TransitionContext): Array<{ old: Workload; fresh: IndexedObject }> {
  const out: Array<{ old: Workload; fresh: IndexedObject }> = [];
  for (const removed of ctx.removed) {
    const old = workloadOf(ctx.before, removed);
    if (!isServed(old)) continue;
    const fresh = ctx.added.find((a) => a.ref.kind === removed.ref.kind && a.ref.name === removed.ref.name && namespaceKey(a) !== namespaceKey(removed));
    if (fresh) out.push({ old, fresh });
  }
  return out;
}

function checkReplaced(ctx: TransitionContext): TransitionViolation[] {
  const out: TransitionViolation[] = [];
  const moved = new Set(namespaceMoves(ctx).map((m) => m.old.controller));
  const report = (old: IndexedObject, fresh: IndexedObject) => {
    if (moved.has(old) || replacementIsOrdered(old)) return;
    const what = old.ref.kind === fresh.ref.kind ? `${describe(old)} → ${describe(fresh)}` : `${describe(old)} → ${describe(fresh)} (another kind)`;
    out.push(v(fresh, 'metadata.name', what, REPLACE_ALLOWED(old), fresh));
  };
  // The same Service before and after, with other workloads behind it.
  for (const { before, after } of kept(ctx, 'Service')) {
    const gone = (ctx.before.servingSets.get(before.index) ?? []).filter((w) => !ctx.counterpart(w.controller, 'after'));
    const fresh = (ctx.after.servingSets.get(after.index) ?? []).filter((w) => !ctx.counterpart(w.controller, 'before'));
    for (const g of gone) for (const f of fresh) report(g.controller, f.controller);
  }
  // The Service renamed too (a site renamed as a whole): the same containers and images under another name.
  for (const removed of ctx.removed) {
    const old = workloadOf(ctx.before, removed);
    if (!isServed(old) || podIdentity(removed) === '') continue;
    for (const added of ctx.added) {
      if (namespaceKey(added) !== namespaceKey(removed) || !isServed(workloadOf(ctx.after, added))) continue;
      if (podIdentity(added) === podIdentity(removed)) report(removed, added);
    }
  }
  return out;
}

function checkNamespaceChanged(ctx: TransitionContext): TransitionViolation[] {
  return namespaceMoves(ctx).map(({ old, fresh }) =>
    v(fresh, 'metadata.namespace', change(old.controller.ref.namespaceName, fresh.ref.namespaceName),
      `${describe(old.controller)} and its Service kept until every client uses the new address (<service>.${fresh.ref.namespaceName ?? '<namespace>'}.svc) and the new pods are Ready; remove the old ones in a later commit`, fresh));
}

// ---- Services: selectors, ports, types --------------------------------------------------------------

function describeLabels(labels: ReadonlyArray<Readonly<Record<string, string>>>): string {
  return labels.slice(0, 3).map((l) => canonical(l)).join(', ') + (labels.length > 3 ? `, and ${labels.length - 3} more` : '');
}

function checkSelectorDropsEndpoints(ctx: TransitionContext): TransitionViolation[] {
  return kept(ctx, 'Service').flatMap(({ before, after }) => {
    const bSel = mapSelector(spec(before).selector);
    const aSel = mapSelector(spec(after).selector);
    if (isEmptySelector(aSel) || isEmptySelector(bSel) || canonical(bSel.matchLabels) === canonical(aSel.matchLabels)) return [];
    const running = runningPodLabels(ctx, namespaceKey(before));
    const served = running.filter((l) => matches(bSel, l));
    if (served.length === 0 || running.some((l) => matches(aSel, l))) return []; // it had no endpoint, or keeps some
    // A ZeroDowntimeWebsite canary by pod ratio selects its pods by their serving label: name the two commits.
    const serving = aSel.matchLabels[LABEL_SERVES] !== undefined
      ? `; for a release of a ZeroDowntimeWebsite: render the site with this library version without a release first (its pods get the label ${LABEL_SERVES}), start the release in the next commit`
      : '';
    return [v(after, 'spec.selector', change(bSel.matchLabels, aSel.matchLabels),
      `a selector that still matches the running pods (${describeLabels(served)}) until pods with the new labels are Ready: add the new labels to the pods first (a rollout), change the selector in a later commit${serving}`)];
  });
}

interface ServicePort {
  readonly index: number;
  readonly name?: string;
  readonly port?: number;
  readonly nodePort?: number;
  readonly target?: number | string;
}

function servicePorts(o: IndexedObject): ServicePort[] {
  return asArray(get(o.object, 'spec', 'ports')).map((p, index) => ({
    index,
    name: asString(get(p, 'name')),
    port: asNumber(get(p, 'port')),
    nodePort: asNumber(get(p, 'nodePort')),
    target: serviceTargetPort(p),
  }));
}

/** The baseline port an after port continues: the one of the same name, else of the same number. */
function previousPort(before: ServicePort[], p: ServicePort): ServicePort | undefined {
  return (p.name !== undefined ? before.find((b) => b.name === p.name) : undefined) ?? before.find((b) => b.port === p.port && (b.name === undefined || p.name === undefined));
}

function declaredPortNames(w: Workload): string[] {
  return asArray(get(w.controller.object, 'spec', 'template', 'spec', 'containers')).flatMap((c) =>
    asArray(get(c, 'ports')).flatMap((p) => (asString(get(p, 'name')) !== undefined ? [asString(get(p, 'name')) as string] : [])),
  );
}

function checkTargetPortChanged(ctx: TransitionContext): TransitionViolation[] {
  return kept(ctx, 'Service').flatMap(({ before, after }) => {
    const running = ctx.before.servingSets.get(before.index) ?? [];
    if (running.length === 0) return [];
    const old = servicePorts(before);
    return servicePorts(after).flatMap((p) => {
      const prev = previousPort(old, p);
      if (!prev || typeof p.target !== 'string' || p.target === prev.target) return [];
      const lacking = running.filter((w) => !declaredPortNames(w).includes(p.target as string));
      if (lacking.length === 0) return [];
      return [v(after, `spec.ports[${p.index}].targetPort`, change(prev.target, p.target),
        `a port name the running pods declare (${[...new Set(lacking.flatMap(declaredPortNames))].join(', ') || 'none'} on ${describe(lacking[0].controller)}): declare the new name on the pods first (a rollout), switch targetPort in a later commit`)];
    });
  });
}

/** A Service port a route sends traffic to. */
interface BackendRef {
  readonly namespace: string;
  readonly service: string;
  readonly port?: number | string;
  /** Path of the reference in the route. */
  readonly path: string;
  /** The HTTPRoute backendRef weight (Gateway API default 1; an Ingress backend always gets requests: 1). */
  readonly weight: number;
}

function routeBackends(route: IndexedObject): BackendRef[] {
  const ns = namespaceKey(route);
  if (route.ref.kind === 'Ingress') {
    const one = (b: unknown, path: string): BackendRef[] => {
      const service = asString(get(b, 'service', 'name')) ?? asString(get(b, 'serviceName'));
      if (service === undefined) return [];
      const port = asNumber(get(b, 'service', 'port', 'number')) ?? asString(get(b, 'service', 'port', 'name')) ?? asIntOrString(get(b, 'servicePort'));
      return [{ namespace: ns, service, port, path: `${path}.${get(b, 'serviceName') !== undefined ? 'serviceName' : 'service.name'}`, weight: 1 }];
    };
    return [
      ...one(get(route.object, 'spec', 'defaultBackend'), 'spec.defaultBackend'),
      ...one(get(route.object, 'spec', 'backend'), 'spec.backend'),
      ...asArray(get(route.object, 'spec', 'rules')).flatMap((r, i) =>
        asArray(get(r, 'http', 'paths')).flatMap((p, j) => one(get(p, 'backend'), `spec.rules[${i}].http.paths[${j}].backend`))),
    ];
  }
  if (route.ref.kind === 'HTTPRoute') {
    return asArray(get(route.object, 'spec', 'rules')).flatMap((r, i) =>
      asArray(get(r, 'backendRefs')).flatMap((ref, j) => {
        const name = asString(get(ref, 'name'));
        if ((asString(get(ref, 'kind')) ?? 'Service') !== 'Service' || (asString(get(ref, 'group')) ?? '') !== '' || name === undefined) return [];
        return [{ namespace: asString(get(ref, 'namespace')) ?? ns, service: name, port: asNumber(get(ref, 'port')), path: `spec.rules[${i}].backendRefs[${j}].name`, weight: asNumber(get(ref, 'weight')) ?? 1 }];
      }));
  }
  return [];
}

const ROUTE_KINDS = ['Ingress', 'HTTPRoute'];

function findService(objects: readonly IndexedObject[] | undefined, namespace: string, name: string): IndexedObject | undefined {
  return (objects ?? []).find((s) => namespaceKey(s) === namespace && s.ref.name === name);
}

function hasPort(service: IndexedObject, port: number | string): boolean {
  return servicePorts(service).some((p) => (typeof port === 'number' ? p.port === port : p.name === port));
}

function checkPortRemoved(ctx: TransitionContext): TransitionViolation[] {
  const out: TransitionViolation[] = [];
  for (const route of ctx.before.objects.filter((o) => ROUTE_KINDS.includes(o.ref.kind))) {
    const now = ctx.counterpart(route, 'after');
    const nowRefs = now ? routeBackends(now) : [];
    for (const ref of routeBackends(route)) {
      if (ref.port === undefined) continue;
      const service = findService(ctx.after.byKind.get('Service'), ref.namespace, ref.service);
      if (!service || !findService(ctx.before.byKind.get('Service'), ref.namespace, ref.service) || hasPort(service, ref.port)) continue;
      // A route that still uses the port is broken in the new render itself: route-backend-port-mismatch reports it.
      if (nowRefs.some((r) => r.namespace === ref.namespace && r.service === ref.service && r.port === ref.port)) continue;
      out.push(v(service, 'spec.ports', `port ${JSON.stringify(ref.port)} removed (used by ${describe(route)})`,
        `port ${JSON.stringify(ref.port)} kept until no route uses it: add the new port next to it and move the routes in one commit, remove the old port in a later one`));
    }
  }
  return out;
}

function checkRouteToUnreadyBackend(ctx: TransitionContext): TransitionViolation[] {
  const out: TransitionViolation[] = [];
  for (const { before, after } of ctx.kept.filter((p) => ROUTE_KINDS.includes(p.after.ref.kind))) {
    // A backend with weight 0 gets no request (Gateway API HTTPBackendRef): it may point at pods that
    // do not run yet, and raising its weight later is the move to it.
    const old = routeBackends(before).filter((r) => r.weight > 0);
    const oldKeys = new Set(old.map((r) => `${r.namespace}/${r.service}`));
    for (const ref of routeBackends(after)) {
      if (ref.weight <= 0 || oldKeys.has(`${ref.namespace}/${ref.service}`)) continue;
      const service = findService(ctx.after.byKind.get('Service'), ref.namespace, ref.service);
      if (!service) continue;
      const selector = mapSelector(spec(service).selector);
      if (isEmptySelector(selector) || runningPodLabels(ctx, ref.namespace).some((l) => matches(selector, l))) continue;
      out.push(v(after, ref.path, change([...oldKeys].join(', ') || undefined, `${ref.namespace}/${ref.service}`),
        `a backend whose pods run already: add the new Service and its workload first (an HTTPRoute backendRef may come with weight 0), move the route or raise the weight in a later commit once they are Ready`));
    }
  }
  return out;
}

/**
 * HTTPRoute backends that got requests in the baseline (weight above 0) and whose pods the change
 * removes while the route stays: the gateway sends the backend's share to a Service with no ready
 * endpoint until it has applied the new route, and the route and the pods' removal reach it in no set
 * order (kubectl apply --prune deletes right after applying; Argo CD's PruneLast waits for health, and
 * an HTTPRoute is healthy at once).
 */
function checkRoutedBackendRemoved(ctx: TransitionContext): TransitionViolation[] {
  const out: TransitionViolation[] = [];
  for (const { before, after } of ctx.kept.filter((p) => p.after.ref.kind === 'HTTPRoute')) {
    for (const ref of routeBackends(before)) {
      if (ref.weight <= 0) continue;
      const service = findService(ctx.before.byKind.get('Service'), ref.namespace, ref.service);
      const served = service ? ctx.before.servingSets.get(service.index) ?? [] : [];
      if (served.length === 0) continue;
      const gone = served.filter((w) => !ctx.counterpart(w.controller, 'after'));
      if (gone.length < served.length) continue; // some of its pods stay
      // The Service moved to other pods that run already (a blue-green switch back): it keeps ready endpoints.
      const next = findService(ctx.after.byKind.get('Service'), ref.namespace, ref.service);
      const stays = next ? (ctx.after.servingSets.get(next.index) ?? []).filter((w) => ctx.counterpart(w.controller, 'before')) : [];
      if (stays.length > 0) continue;
      const now = routeBackends(after).find((r) => r.namespace === ref.namespace && r.service === ref.service);
      out.push(v(after, now ? now.path.replace(/\.name$/, '.weight') : 'spec.rules',
        `Service ${ref.service}: weight ${ref.weight} → ${now ? now.weight : 'removed'}, and its pods (${gone.map((w) => describe(w.controller)).join(', ')}) removed`,
        `weight 0 for ${ref.service} in one commit (the gateway stops sending to it while its pods still serve), the backend and its pods removed in the next`));
    }
  }
  return out;
}

function checkNodePortChanged(ctx: TransitionContext): TransitionViolation[] {
  return kept(ctx, 'Service').flatMap(({ before, after }) => {
    const old = servicePorts(before);
    return servicePorts(after).flatMap((p) => {
      const prev = previousPort(old, p);
      if (!prev || prev.nodePort === undefined || p.nodePort === undefined || prev.nodePort === p.nodePort) return [];
      return [v(after, `spec.ports[${p.index}].nodePort`, change(prev.nodePort, p.nodePort),
        `the running nodePort ${prev.nodePort} while clients, firewalls or load balancers use it: open the new port on a second Service, move the clients, then move or remove the old one in a later commit`)];
    });
  });
}

const TYPE_RANK: Record<string, number> = { ExternalName: -1, ClusterIP: 0, NodePort: 1, LoadBalancer: 2 };

function checkTypeNarrowed(ctx: TransitionContext): TransitionViolation[] {
  return kept(ctx, 'Service').flatMap(({ before, after }) => {
    const bt = asString(spec(before).type) ?? 'ClusterIP';
    const at = asString(spec(after).type) ?? 'ClusterIP';
    if ((bt !== 'NodePort' && bt !== 'LoadBalancer') || (TYPE_RANK[at] ?? 0) >= TYPE_RANK[bt]) return [];
    const address = bt === 'LoadBalancer' ? 'the load balancer address' : 'the node ports';
    return [v(after, 'spec.type', change(bt, at),
      `${bt} while external clients use ${address}: move them to the new entry point (DNS, another Service or an Ingress) first, narrow the type in a later commit`)];
  });
}

// ---- Ingress to Gateway API ---------------------------------------------------------------------------

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  const wild = (p: string, h: string) => p.startsWith('*.') && h.endsWith(p.slice(1)) && h.split('.').length === p.split('.').length;
  return wild(pattern, host) || wild(host, pattern);
}

function ingressHosts(ingress: IndexedObject): string[] {
  return [
    ...asArray(get(ingress.object, 'spec', 'rules')).map((r) => asString(get(r, 'host'))),
    ...asArray(get(ingress.object, 'spec', 'tls')).flatMap((t) => asArray(get(t, 'hosts')).map(asString)),
  ].filter((x): x is string => x !== undefined);
}

function checkIngressReplacedByRoute(ctx: TransitionContext): TransitionViolation[] {
  const out: TransitionViolation[] = [];
  const removed = ctx.removed.filter((o) => o.ref.kind === 'Ingress');
  if (removed.length === 0) return out;
  // A host an Ingress of the new render still serves (a renamed Ingress) keeps its load balancer.
  const stillServed = (ctx.after.byKind.get('Ingress') ?? []).flatMap(ingressHosts);
  for (const route of ctx.added.filter((o) => o.ref.kind === 'HTTPRoute')) {
    asArray(get(route.object, 'spec', 'hostnames')).forEach((h, j) => {
      if (typeof h !== 'string' || stillServed.some((x) => hostMatches(x, h))) return;
      for (const ingress of removed) {
        if (!ingressHosts(ingress).some((x) => hostMatches(x, h))) continue;
        out.push(v(route, `spec.hostnames[${j}]`, `${JSON.stringify(h)}: ${describe(ingress)} removed, ${describe(route)} added`,
          `${describe(ingress)} kept until DNS for ${h} points at the Gateway and the old record's TTL has passed; remove it in a later commit`));
        break;
      }
    });
  }
  return out;
}

// ---- replicas -----------------------------------------------------------------------------------------

const REPLICATED = new Set(['Deployment', 'StatefulSet']);

function checkReplicasDrop(ctx: TransitionContext): TransitionViolation[] {
  return ctx.kept.flatMap(({ before, after }) => {
    if (!REPLICATED.has(after.ref.kind)) return [];
    const wb = workloadOf(ctx.before, before);
    const wa = workloadOf(ctx.after, after);
    if (!wb || !wa || wb.autoscaler || wa.autoscaler) return [];
    const from = asNumber(spec(before).replicas) ?? 1;
    const to = asNumber(spec(after).replicas) ?? 1; // a removed replicas field is reset to the default, 1, by the apply
    if (to >= from) return [];
    const budget = wa.budgets[0] ?? wb.budgets[0];
    const maxUnavailable = budget ? asIntOrString(get(budget.object, 'spec', 'maxUnavailable')) : undefined;
    const minAvailable = budget ? asIntOrString(get(budget.object, 'spec', 'minAvailable')) : undefined;
    const need = budget && (maxUnavailable !== undefined || minAvailable !== undefined)
      ? from - allowedDisruptions(maxUnavailable !== undefined ? { maxUnavailable } : { minAvailable }, from)
      : Math.ceil(from / 2);
    if (to >= need) return [];
    const why = budget ? `${describe(budget)} lets ${from - need} of ${from} pods go at once` : 'without a PodDisruptionBudget: at most half the pods in one step';
    return [v(after, 'spec.replicas', change(asNumber(spec(before).replicas), asNumber(spec(after).replicas)),
      `at least ${need} of ${from} replicas in one step (${why}); lower replicas over several commits, or let an autoscaler do it`, after)];
  });
}

function checkHpaHandover(ctx: TransitionContext): TransitionViolation[] {
  return ctx.kept.flatMap(({ before, after }) => {
    if (!REPLICATED.has(after.ref.kind)) return [];
    const wb = workloadOf(ctx.before, before);
    const wa = workloadOf(ctx.after, after);
    if (!wb || !wa) return [];
    const from = asNumber(spec(before).replicas);
    const to = asNumber(spec(after).replicas);
    if (!wb.autoscaler && wa.autoscaler && from !== undefined && from > 1 && to === undefined) {
      return [v(after, 'spec.replicas', `${from} → unset (the apply resets it to 1 until ${describe(wa.autoscaler)} scales up)`,
        'spec.replicas kept in the commit that adds the autoscaler; remove it from the last-applied configuration first (kubectl apply edit-last-applied, or server-side apply field management), then from the manifest in a later commit', after)];
    }
    if (wb.autoscaler && !wa.autoscaler && to !== undefined) {
      const min = asNumber(get(wb.autoscaler.object, 'spec', 'minReplicas')) ?? 1;
      if (to < min) {
        return [v(after, 'spec.replicas', change(`${describe(wb.autoscaler)} (minReplicas ${min})`, to),
          `at least the autoscaler's minReplicas (${min}), better the count it runs now; lower it in later commits`, after)];
      }
    }
    return [];
  });
}

/** The transition rules, in the order their findings are reported. docs/guardrails.md lists them. */
export const TRANSITION_RULE_DEFINITIONS: readonly TransitionRuleDefinition[] = [
  {
    id: GuardrailRule.IMMUTABLE_FIELD_CHANGED,
    reason: 'the API server refuses the change of an immutable field, so the apply or sync fails halfway, after the objects before it were changed',
    manifestFix: 'keep the field of the running object; to change it, create the object under a new name (both running), move the Service or routes to it, and remove the old one in a later commit',
    source: `${K8S}/concepts/workloads/controllers/deployment/#label-selector-updates`,
    exemptible: true,
    scope: 'Deployment, ReplicaSet, DaemonSet, StatefulSet, Job and PersistentVolumeClaim in both renders',
    check: checkImmutableFields,
  },
  {
    id: GuardrailRule.SERVICE_CLUSTER_IP_CHANGED,
    reason: 'the API server refuses a new clusterIP (or headless to not headless) on an existing Service, so the apply fails halfway',
    manifestFix: 'keep the clusterIP of the running Service (or leave it unset); for another address or a headless Service, create a Service with a new name, move the clients, then remove the old one',
    source: `${K8S}/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec`,
    exemptible: true,
    scope: 'Services in both renders',
    check: checkClusterIp,
  },
  {
    id: GuardrailRule.SERVING_WORKLOAD_REPLACED,
    reason: 'a renamed (or re-kinded) workload is a delete plus a create: the old pods may be pruned before the new ones are Ready',
    manifestFix: 'add the new workload in one commit and remove the old one in the next (kubectl apply --prune deletes at once), or do both in one commit with Argo CD PruneLast=true (annotation argocd.argoproj.io/sync-options: PruneLast=true on the old workload)',
    source: 'https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#prune-last',
    exemptible: true,
    scope: 'workloads a Service selects, removed while another one appears behind the same Service (or with the same containers)',
    check: checkReplaced,
  },
  {
    id: GuardrailRule.NAMESPACE_CHANGED,
    reason: 'moving a serving workload to another namespace deletes it and creates it anew, with a new Service address',
    manifestFix: 'run the workload and its Service in both namespaces until every client uses the new address and the new pods are Ready, then remove the old ones in a later commit',
    source: `${K8S}/concepts/services-networking/dns-pod-service/#namespaces-of-services`,
    exemptible: true,
    scope: 'workloads a Service selects that appear with the same kind and name in another namespace',
    check: checkNamespaceChanged,
  },
  {
    id: GuardrailRule.SERVICE_SELECTOR_DROPS_ENDPOINTS,
    reason: 'a Service selector that matches none of the running pods leaves the Service without endpoints until pods with the new labels are Ready',
    manifestFix: 'add the new labels to the pod template first (a rollout), and change the Service selector in a later commit, when pods with them are Ready',
    source: `${K8S}/concepts/services-networking/endpoint-slices/`,
    exemptible: true,
    scope: 'Services in both renders whose selector changes',
    check: checkSelectorDropsEndpoints,
  },
  {
    id: GuardrailRule.SERVICE_TARGET_PORT_CHANGED,
    reason: 'a Service targetPort switched to a port name the running pods do not declare has no endpoint for that port until the new pods are Ready',
    manifestFix: 'declare the new port name on the pods first (a rollout), and switch the Service targetPort in a later commit',
    source: `${K8S}/concepts/services-networking/service/#field-spec-ports`,
    exemptible: true,
    scope: 'Services in both renders',
    check: checkTargetPortChanged,
  },
  {
    id: GuardrailRule.SERVICE_PORT_REMOVED,
    reason: 'a Service port removed or renamed while an Ingress or HTTPRoute sends traffic to it: until every route is updated, its requests fail',
    manifestFix: 'keep the old Service port next to the new one while the routes move to the new one, and remove it in a later commit',
    source: `${K8S}/concepts/services-networking/ingress/#the-ingress-resource`,
    exemptible: true,
    scope: 'Service ports a route of the baseline uses',
    check: checkPortRemoved,
  },
  {
    id: GuardrailRule.ROUTE_TO_UNREADY_BACKEND,
    reason: 'a route moved to a Service whose pods do not run yet sends its requests to no endpoint until they are Ready',
    manifestFix: 'create the new Service and its workload first, and move the Ingress or HTTPRoute backend to it in a later commit (or shift HTTPRoute weights)',
    source: 'https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref',
    exemptible: true,
    scope: 'Ingresses and HTTPRoutes in both renders',
    check: checkRouteToUnreadyBackend,
  },
  {
    id: GuardrailRule.ROUTED_BACKEND_REMOVED,
    reason: 'an HTTPRoute backend that still gets requests loses its pods in the same change: until the gateway applies the new route, its share of the requests goes to a Service with no ready endpoint',
    manifestFix: 'set the backendRef weight to 0 in one commit, and remove the backend, its Service and its workload in the next',
    source: 'https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref',
    exemptible: true,
    scope: 'HTTPRoutes in both renders whose weighted backends lose their pods',
    check: checkRoutedBackendRemoved,
  },
  {
    id: GuardrailRule.NODE_PORT_CHANGED,
    reason: 'a moved nodePort closes the old port on every node: clients, firewalls and load balancers that use it are refused',
    manifestFix: 'keep the nodePort; to move it, open the new port on a second Service, move the clients, then remove the old port in a later commit',
    source: `${K8S}/concepts/services-networking/service/#nodeport-custom-port`,
    exemptible: true,
    scope: 'Service ports in both renders',
    check: checkNodePortChanged,
  },
  {
    id: GuardrailRule.SERVICE_TYPE_NARROWED,
    reason: 'a NodePort or LoadBalancer Service changed to a narrower type closes the address external clients use',
    manifestFix: 'keep the Service type until external clients use the new entry point (DNS, an Ingress or a Gateway), then narrow it in a later commit',
    source: `${K8S}/concepts/services-networking/service/#publishing-services-service-types`,
    exemptible: true,
    scope: 'NodePort and LoadBalancer Services in both renders',
    check: checkTypeNarrowed,
  },
  {
    id: GuardrailRule.INGRESS_REMOVED_FOR_HTTPROUTE,
    reason: "an Ingress removed in the change that adds an HTTPRoute for its host: clients reach the old load balancer until DNS moves, and it no longer routes the host",
    manifestFix: 'keep the Ingress until DNS for the host points at the Gateway and the old record has expired, then remove it in a later commit',
    source: 'https://gateway-api.sigs.k8s.io/guides/migrating-from-ingress/',
    exemptible: true,
    scope: 'Ingresses removed and HTTPRoutes added',
    check: checkIngressReplacedByRoute,
  },
  {
    id: GuardrailRule.REPLICAS_DROP,
    reason: 'a scale-down is no eviction: the PodDisruptionBudget does not limit it, and the pods left get all the traffic at once',
    manifestFix: 'lower spec.replicas in several commits, each by at most what the PodDisruptionBudget allows (or half the pods), or let an autoscaler scale down',
    source: `${K8S}/concepts/workloads/pods/disruptions/#pod-disruption-budgets`,
    exemptible: true,
    scope: 'Deployments and StatefulSets in both renders, without an autoscaler',
    check: checkReplicasDrop,
  },
  {
    id: GuardrailRule.HPA_REPLICAS_HANDOVER,
    reason: 'removing spec.replicas in the change that adds an autoscaler resets the count to 1 on apply (and setting it below the count when the autoscaler goes drops pods at once)',
    manifestFix: 'keep spec.replicas in the commit that adds the HorizontalPodAutoscaler, take it out of the last-applied configuration (kubectl apply edit-last-applied), then remove it from the manifest; when removing the autoscaler, set replicas to at least its current count',
    source: `${K8S}/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling`,
    exemptible: true,
    scope: 'Deployments and StatefulSets whose autoscaler appears or goes',
    check: checkHpaHandover,
  },
];
