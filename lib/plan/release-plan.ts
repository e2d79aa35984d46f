/**
 * Releases in plain YAML: two versions of a site serving side by side, and what the next step of the
 * release (promote, abort, a new share) will roll and how long it takes. Pure: an inventory and the
 * Deployment plans in, JSON-able release plans out; never throws.
 *
 * A release is either
 * - two or more Deployments behind one Service (a canary by pod ratio): kube-proxy picks a ready
 *   endpoint per new connection, so each version's traffic share is its share of the pods;
 * - an HTTPRoute rule with weighted backendRefs to two or more Services (`weightedBackends`): a
 *   backend's share is `weight / sum(weights)`, split among the Deployments behind its Service by pods.
 * See docs/plan.md ("Releases").
 */
import { servingContainer } from '../engine/facts';
import { asString, get } from '../engine/json';
import { SecondsRange } from '../engine/timing';
import { TRAFFIC_SHARE_TOLERANCE, weightedBackends } from '../engine/traffic-share';
import { IndexedObject, Inventory, Workload } from '../engine/workloads';
import { LABEL_TRACK, LABEL_VERSION, TRACK_STABLE } from '../internal/labels';
import { DeploymentPlan, ReleaseNewShare, ReleaseNext, ReleasePlan, ReleaseRemoval, ReleaseRoll, ReleaseStep, ReleaseVersion } from './report';

/** A version before its shares are known. */
interface Member {
  readonly w: Workload;
  readonly plan: DeploymentPlan;
  readonly service: IndexedObject;
  readonly weight: number | null;
  /** The share of the requests its backend gets (1 for a pod ratio). */
  readonly backendShare: number;
  /** Pods of its backend Service (all the release's pods for a pod ratio). */
  readonly backendPods: number;
}

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

function label(w: Workload, key: string): string | null {
  return w.podLabels[key] ?? asString(get(w.controller.object, 'metadata', 'labels', key)) ?? null;
}

function imageOf(w: Workload): string | null {
  return asString(get(servingContainer(w).container, 'image')) ?? null;
}

/** Until a removed pod is gone: its preStop at least, preStop + drain within the grace period at most. */
export function goneSeconds(t: DeploymentPlan['termination']): SecondsRange {
  const preStop = t.preStopSeconds === null ? t.seconds : Math.min(t.preStopSeconds, t.seconds);
  return { min: preStop, max: t.seconds };
}

const sum = (a: SecondsRange, b: SecondsRange): SecondsRange => ({ min: a.min + b.min, max: a.max + b.max });
const ZERO: SecondsRange = { min: 0, max: 0 };
const pods = (n: number) => `${n} pod${n === 1 ? '' : 's'}`;
const range = (r: SecondsRange) => (r.min === r.max ? `${r.min} s` : `${r.min}-${r.max} s`);

/**
 * The releases of the input: every HTTPRoute rule that splits its requests by weight among Services
 * whose pods are planned Deployments, then every Service that selects two or more Deployments (and is
 * not a backend of such a rule, and selects another set than a Service already reported).
 * `plans` maps a Deployment's input position to its plan.
 */
export function planReleases(
  inv: Inventory,
  plans: ReadonlyMap<number, DeploymentPlan>,
  sources: ReadonlyArray<{ readonly file: string; readonly line: number } | undefined> = [],
): ReleasePlan[] {
  const out: ReleasePlan[] = [];
  const routedServices = new Set<number>();
  for (const backends of weightedBackends(inv)) {
    if (backends.some((b) => b.workloads.some((w) => !plans.has(w.controller.index)))) continue;
    const members: Member[] = backends.flatMap((b) => {
      const backendPods = b.workloads.reduce((n, w) => n + plans.get(w.controller.index)!.replicas, 0);
      return b.workloads.map((w) => ({ w, plan: plans.get(w.controller.index)!, service: b.service, weight: b.weight, backendShare: b.trafficShare, backendPods }));
    });
    if (new Set(members.map((m) => m.w.controller.index)).size !== members.length) continue; // one Deployment behind two backends: no versions to tell apart
    for (const b of backends) routedServices.add(b.service.index);
    const route = backends[0].route;
    const candidateBackend = (workload: Workload) => backends.find((b) => b.workloads.includes(workload))!;
    out.push(
      release(members, {
        namespace: route.ref.namespaceName ?? null,
        path: 'HTTPRoute',
        service: null,
        route: route.ref.name,
        rule: backends[0].rule,
        source: sources[route.index],
        maxShare: (w) => Math.min(1, candidateBackend(w).capacityShare * (1 + TRAFFIC_SHARE_TOLERANCE)),
      }),
    );
  }
  const reportedSets: string[] = [];
  for (const service of inv.byKind.get('Service') ?? []) {
    if (routedServices.has(service.index)) continue;
    const set = inv.servingSets.get(service.index) ?? [];
    if (set.length < 2 || set.some((w) => w.kind !== 'Deployment' || !plans.has(w.controller.index))) continue;
    const key = set.map((w) => w.controller.index).join(',');
    if (reportedSets.includes(key)) continue;
    reportedSets.push(key);
    const total = set.reduce((n, w) => n + plans.get(w.controller.index)!.replicas, 0);
    const members = set.map((w) => ({ w, plan: plans.get(w.controller.index)!, service, weight: null, backendShare: 1, backendPods: total }));
    out.push(release(members, { namespace: service.ref.namespaceName ?? null, path: 'Service', service: service.ref.name, route: null, rule: null, source: sources[service.index] }));
  }
  return out;
}

interface ReleaseContext {
  readonly namespace: string | null;
  readonly path: 'Service' | 'HTTPRoute';
  readonly service: string | null;
  readonly route: string | null;
  readonly rule: number | null;
  readonly source: { readonly file: string; readonly line: number } | undefined;
  /** HTTPRoute: the largest traffic share a workload's backend may get under the traffic-share rule. */
  readonly maxShare?: (w: Workload) => number;
}

/**
 * Which member is the stable version: the one whose pods carry `track: stable`; else the one whose
 * name every other name starts with (`web`, `web-canary`); else the largest traffic share, then the
 * most pods, then the first in the input.
 */
function stableOf(members: readonly Member[], share: (m: Member) => number): { stable: Member; by: string | undefined } {
  const tracked = members.filter((m) => label(m.w, LABEL_TRACK) === TRACK_STABLE);
  if (tracked.length === 1) return { stable: tracked[0], by: undefined };
  const prefix = members.filter((m) => members.every((o) => o === m || o.w.controller.ref.name.startsWith(`${m.w.controller.ref.name}-`)));
  if (prefix.length === 1) return { stable: prefix[0], by: `every other Deployment's name starts with ${prefix[0].w.controller.ref.name}-` };
  const best = [...members].sort((a, b) => share(b) - share(a) || b.plan.replicas - a.plan.replicas || a.w.controller.index - b.w.controller.index)[0];
  return { stable: best, by: 'it gets the largest share of the requests (then: the most pods, the first in the input)' };
}

function release(members: readonly Member[], ctx: ReleaseContext): ReleasePlan {
  const total = members.reduce((n, m) => n + m.plan.replicas, 0);
  const share = (m: Member) => (m.backendPods > 0 ? (m.backendShare * m.plan.replicas) / m.backendPods : 0);
  const { stable, by } = stableOf(members, share);
  const ordered = [stable, ...members.filter((m) => m !== stable)];
  const notes: string[] = [];
  if (by !== undefined) notes.push(`Stable: ${stable.w.controller.ref.name} (no pods with ${LABEL_TRACK}: ${TRACK_STABLE} on exactly one version; ${by}).`);
  for (const s of new Set(members.filter((m) => m.backendPods === 0 && m.backendShare > 0).map((m) => m.service.ref.name))) {
    notes.push(`Service ${s} has no pods at the planned size: its share of the requests fails.`);
  }
  const versions: ReleaseVersion[] = ordered.map((m) => {
    const trafficShare = share(m);
    const capacityShare = total > 0 ? m.plan.replicas / total : 0;
    return {
      workload: m.w.controller.ref.name,
      service: m.service.ref.name,
      version: label(m.w, LABEL_VERSION),
      track: label(m.w, LABEL_TRACK),
      role: m === stable ? 'stable' : 'candidate',
      image: imageOf(m.w),
      weight: m.weight,
      pods: m.plan.replicas,
      trafficShare: round4(trafficShare),
      capacityShare: round4(capacityShare),
      loadFactor: capacityShare > 0 ? round4(trafficShare / capacityShare) : null,
    };
  });
  let next: ReleaseNext | null = null;
  if (ordered.length === 2) next = nextSteps(stable, ordered[1], ctx, total);
  else notes.push(`${ordered.length - 1} candidates: promote and abort are planned for one candidate at a time.`);
  return {
    namespace: ctx.namespace,
    path: ctx.path,
    service: ctx.service,
    route: ctx.route,
    rule: ctx.rule,
    ...(ctx.source ? { source: { file: ctx.source.file, line: ctx.source.line } } : {}),
    versions,
    next,
    notes,
  };
}

function nextSteps(s: Member, c: Member, ctx: ReleaseContext, total: number): ReleaseNext {
  const sName = s.w.controller.ref.name;
  const cName = c.w.controller.ref.name;
  const from = imageOf(s.w);
  const to = imageOf(c.w);
  const gone = goneSeconds(c.plan.termination);
  const removal: ReleaseRemoval = { workload: cName, pods: c.plan.replicas, goneSeconds: gone };
  const rolls: ReleaseRoll[] =
    from === to || !s.plan.valid ? [] : [{ workload: sName, pods: s.plan.replicas, waves: s.plan.waves, from, to, estimatedSeconds: s.plan.estimatedSeconds }];
  const routed = ctx.path === 'HTTPRoute';
  const weightZero = routed && (c.weight ?? 0) > 0 ? [`set the weight of ${c.service.ref.name} to 0: the gateway stops sending to ${cName}; nothing rolls`] : [];
  const removeSentence = `remove ${cName}${routed ? ` and its Service ${c.service.ref.name} (and the backendRef)` : ''}: its ${pods(c.plan.replicas)} ${c.plan.replicas === 1 ? 'leaves the endpoints and is' : 'leave the endpoints and are'} gone within ${range(gone)}`;
  const promoteChanges = [
    ...rolls.map((r) => `set ${sName}'s image to ${r.to}: its ${pods(r.pods)} roll in ${r.waves} wave${r.waves === 1 ? '' : 's'}, ${range(r.estimatedSeconds)}`),
    ...weightZero,
    removeSentence,
  ];
  if (rolls.length === 0 && from !== to) promoteChanges.unshift(`${sName} is refused by the API server as written: fix it before it can roll to ${to}`);
  if (rolls.length === 0 && from === to) promoteChanges.unshift(`${sName} already runs ${to}: nothing rolls`);
  const promote: ReleaseStep = {
    changes: promoteChanges,
    rolls,
    removes: [removal],
    estimatedSeconds: sum(rolls.reduce((t, r) => sum(t, r.estimatedSeconds), ZERO), gone),
  };
  const abort: ReleaseStep = { changes: [...weightZero, removeSentence], rolls: [], removes: [removal], estimatedSeconds: gone };
  let newShare: ReleaseNewShare;
  if (routed) {
    newShare = { change: 'weight', rolls: [], estimatedSeconds: ZERO, maxTrafficShare: round4(ctx.maxShare!(c.w)), up: null, down: null };
  } else {
    const n = c.plan.replicas;
    const wave = { min: c.plan.waveSeconds.min, max: c.plan.waveSeconds.max };
    newShare = {
      change: 'replicas',
      rolls: [],
      estimatedSeconds: wave,
      maxTrafficShare: null,
      up: { replicas: n + 1, trafficShare: round4((n + 1) / (total + 1)), estimatedSeconds: wave },
      down: n > 1 ? { replicas: n - 1, trafficShare: round4((n - 1) / (total - 1)), estimatedSeconds: gone } : null,
    };
  }
  return { stable: sName, candidate: cName, promote, abort, newShare };
}
