import { describeValue } from '../internal/problems';
import type { Finding } from './finding';
import { asArray, asObject, asString, asStringMap, get } from './json';
import { describeRef, ObjectRef } from './object-ref';
import { GuardrailRule } from './rule-ids';
import { EngineRule, hasExemption, manifestFixOf } from './engine-rule';
import { buildInventory, IndexedObject, Inventory, isWorkloadKind, Workload } from './workloads';

/*
 * Transition rules: the change between two renders (the baseline, e.g. the committed dist/ of the
 * target branch, and the new render), not only the end state. Objects are paired by kind, namespace and
 * name, and by what selects what (a Service and the workloads it serves, a route and its Services).
 * Each rule is data (transition-rules.ts) plus one pure function of the pair of inventories.
 */

/** Which render an object of a transition finding is in. */
export enum TransitionState {
  /** The object is in the new render (it was added or changed). */
  NEW = 'new',
  /** The object is only in the baseline: the change removes it. */
  BASELINE = 'baseline',
}

/** A finding of a transition rule: `objectRef`/`objectIndex` refer to the new render, or to the baseline when `state` is `BASELINE`. */
export interface TransitionFinding extends Finding {
  /** Which render `objectRef` and `objectIndex` refer to. */
  readonly state: TransitionState;
}

/** How a workload's pods change between the baseline and the new render. */
export enum WorkloadChangeKind {
  /** The pod template changed: applying the change starts a rollout. */
  ROLLS = 'rolls',
  /** The pod template changed, but the update strategy is `OnDelete`: pods change only when they are deleted. */
  WAITS_FOR_DELETE = 'waits-for-delete',
  /** The pod template is the same: no pod is replaced. */
  UNCHANGED = 'unchanged',
  /** The workload is new: its pods start from nothing. */
  CREATED = 'created',
  /** The workload is removed: its pods are deleted when it is pruned. */
  REMOVED = 'removed',
}

/** A workload (Deployment, StatefulSet, DaemonSet) and what the change does to its pods. */
export interface WorkloadChange {
  readonly change: WorkloadChangeKind;
  /** The workload: in the new render, or in the baseline when it is removed. */
  readonly workloadRef: ObjectRef;
  /** Its position in the new render's input, or in the baseline's when it is removed. */
  readonly objectIndex: number;
  /** Which render `workloadRef` and `objectIndex` refer to. */
  readonly state: TransitionState;
  /** The pod template fields that differ, e.g. `spec.template.spec.containers[0].image` (at most 10; empty unless it rolls). */
  readonly fields: string[];
}

/** One object in both renders, or in one of them. */
export interface Pair {
  readonly before?: IndexedObject;
  readonly after?: IndexedObject;
}

/** The two inventories and the objects paired by kind, namespace and name. */
export interface TransitionContext {
  readonly before: Inventory;
  readonly after: Inventory;
  /** Objects in both renders, in the new render's order. */
  readonly kept: ReadonlyArray<Required<Pair>>;
  /** Objects only in the baseline, in its order. */
  readonly removed: readonly IndexedObject[];
  /** Objects only in the new render, in its order. */
  readonly added: readonly IndexedObject[];
  /** The counterpart of an object of either render (kind, namespace and name), if any. */
  counterpart(o: IndexedObject, side: 'before' | 'after'): IndexedObject | undefined;
}

/** One transition violation, before exemptions and formatting. */
export interface TransitionViolation {
  readonly object: IndexedObject;
  readonly state: TransitionState;
  /** The workload the violation is about, if any (its exemption annotations count too). */
  readonly workload?: IndexedObject;
  readonly path: string;
  /** The change, e.g. `{"app":"web"} → {"app":"web-v2"}`. */
  readonly value: unknown;
  readonly allowed: string;
}

/** A transition rule: its description and a pure function of the two renders. */
export interface TransitionRuleDefinition extends EngineRule {
  /** What the rule compares, in words (for the docs). */
  readonly scope: string;
  check(ctx: TransitionContext): TransitionViolation[];
}

/** The pairing key of an object: kind, namespace and name (the API group is left out: an Ingress of `extensions` is the one of `networking.k8s.io`). */
export function objectKey(o: IndexedObject): string {
  return `${o.ref.kind}\u0000${o.ref.namespaceName ?? ''}\u0000${o.ref.name}`;
}

/** Pairs the objects of two renders. Never throws. */
export function buildTransitionContext(before: readonly unknown[], after: readonly unknown[]): TransitionContext {
  const b = buildInventory(before);
  const a = buildInventory(after);
  const index = (inv: Inventory) => {
    const map = new Map<string, IndexedObject>();
    for (const o of inv.objects) if (!map.has(objectKey(o))) map.set(objectKey(o), o);
    return map;
  };
  const beforeByKey = index(b);
  const afterByKey = index(a);
  const kept: Array<Required<Pair>> = [];
  const added: IndexedObject[] = [];
  for (const o of afterByKey.values()) {
    const old = beforeByKey.get(objectKey(o));
    if (old) kept.push({ before: old, after: o });
    else added.push(o);
  }
  const removed = [...beforeByKey.values()].filter((o) => !afterByKey.has(objectKey(o)));
  return {
    before: b,
    after: a,
    kept,
    added,
    removed,
    counterpart: (o, side) => (side === 'before' ? beforeByKey : afterByKey).get(objectKey(o)),
  };
}

/** Options of `compareRenders`. */
export interface CompareOptions {
  /** @default - every transition rule */
  readonly rules?: readonly GuardrailRule[];
}

/** The transition findings of the change from `before` to `after`, in rule order. Never throws. */
export function compareRenders(before: readonly unknown[], after: readonly unknown[], definitions: readonly TransitionRuleDefinition[], options: CompareOptions = {}): TransitionFinding[] {
  const ctx = buildTransitionContext(before, after);
  const wanted = options.rules === undefined ? undefined : new Set<string>(options.rules);
  const findings: TransitionFinding[] = [];
  for (const rule of definitions) {
    if (wanted && !wanted.has(rule.id)) continue;
    const seen = new Set<string>();
    for (const v of rule.check(ctx)) {
      const key = `${v.state}\u0000${v.object.index}\u0000${v.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (rule.exemptible && isExempt(v, rule.id, v.state === TransitionState.BASELINE ? ctx.before : ctx.after)) continue;
      findings.push(toTransitionFinding(rule, v));
    }
  }
  return findings;
}

/**
 * Exempt when the object, the workload of the violation, or a workload the object sends traffic to or
 * guards (a Service, route, budget or autoscaler of it) has the exemption annotation: `ZeroDowntimeWebsite`
 * writes its exemptions on the Deployment.
 */
function isExempt(v: TransitionViolation, id: GuardrailRule, inv: Inventory): boolean {
  if (hasExemption(v.object.object, id) || (v.workload && hasExemption(v.workload.object, id))) return true;
  return relatedWorkloads(v.object, inv).some((w) => hasExemption(w.controller.object, id));
}

/** The workloads an object belongs to: itself, or the workloads a Service, route, budget, policy or autoscaler is about. */
export function relatedWorkloads(o: IndexedObject, inv: Inventory): Workload[] {
  return inv.workloads.filter(
    (w) =>
      w.controller === o ||
      w.services.includes(o) ||
      w.budgets.includes(o) ||
      w.networkPolicies.includes(o) ||
      w.autoscaler === o ||
      w.ingresses.includes(o) ||
      w.routes.includes(o),
  );
}

function toTransitionFinding(rule: TransitionRuleDefinition, v: TransitionViolation): TransitionFinding {
  const where = v.state === TransitionState.BASELINE ? ' (in the baseline)' : '';
  return {
    rule: rule.id,
    state: v.state,
    objectRef: v.object.ref,
    objectIndex: v.object.index,
    ...(v.workload ? { workloadRef: v.workload.ref, workloadIndex: v.workload.index } : {}),
    path: v.path,
    value: v.value,
    allowed: v.allowed,
    reason: rule.reason,
    fix: manifestFixOf(rule, ' on the new object'),
    message: `${v.path}${where} breaks zero-downtime rule ${rule.id} (${rule.reason}), got ${typeof v.value === 'string' ? v.value : describeValue(v.value)}; allowed: ${v.allowed}`,
  };
}

// ---- helpers the rules share -------------------------------------------------------------------

/** JSON with object keys sorted, for comparing fields as the API server does (lists keep their order). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const o = asObject(value);
  if (o) {
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** `before → after`, each value as JSON (`unset` for a missing field). */
export function change(before: unknown, after: unknown): string {
  const show = (v: unknown) => (v === undefined ? 'unset' : canonical(v));
  return `${show(before)} → ${show(after)}`;
}

/**
 * Paths of the fields that differ between two JSON values (objects by key, lists by position), at
 * most `limit`, e.g. `spec.template.spec.containers[0].image`.
 */
export function differingPaths(before: unknown, after: unknown, prefix: string, limit = 10): string[] {
  const out: string[] = [];
  const walk = (b: unknown, a: unknown, path: string): void => {
    if (out.length >= limit || canonical(b) === canonical(a)) return;
    const bo = asObject(b);
    const ao = asObject(a);
    if (bo && ao) {
      for (const k of [...new Set([...Object.keys(bo), ...Object.keys(ao)])].sort()) walk(bo[k], ao[k], `${path}.${k}`);
      return;
    }
    if (Array.isArray(b) && Array.isArray(a) && b.length === a.length) {
      b.forEach((item, i) => walk(item, a[i], `${path}[${i}]`));
      return;
    }
    out.push(path);
  };
  walk(before, after, prefix);
  return out;
}

/** True when the object has Argo CD's `PruneLast=true` sync option (annotation `argocd.argoproj.io/sync-options`). */
export function pruneLast(o: IndexedObject): boolean {
  const options = asStringMap(get(o.object, 'metadata', 'annotations'))['argocd.argoproj.io/sync-options'] ?? '';
  return options.split(',').some((s) => s.trim() === 'PruneLast=true');
}

/** Pod labels of the baseline's pod sources in a namespace: the pods that run while the change is applied. */
export function runningPodLabels(ctx: TransitionContext, namespace: string): ReadonlyArray<Readonly<Record<string, string>>> {
  return ctx.before.podTemplates.get(namespace) ?? [];
}

/** The workload of an inventory whose controller is `o`. */
export function workloadOf(inv: Inventory, o: IndexedObject | undefined): Workload | undefined {
  return o === undefined ? undefined : inv.workloads.find((w) => w.controller === o);
}

/** True for workloads a Service selects (they take traffic). */
export function isServed(w: Workload | undefined): w is Workload {
  return w !== undefined && w.services.length > 0;
}

/** Container names and image repositories (without tag or digest) of a pod template: what a renamed workload keeps. */
export function podIdentity(o: IndexedObject): string {
  const containers = asArray(get(o.object, 'spec', 'template', 'spec', 'containers'));
  return containers
    .map((c) => `${asString(get(c, 'name')) ?? ''}=${(asString(get(c, 'image')) ?? '').replace(/@.*$/, '').replace(/:[^:/]*$/, '')}`)
    .sort()
    .join(',');
}

/** `describeRef` of an indexed object. */
export function describe(o: IndexedObject): string {
  return describeRef(o.ref);
}

/** The rollouts a change triggers: for each workload, whether its pod template changed. Pure; never throws. */
export function workloadChanges(before: readonly unknown[], after: readonly unknown[]): WorkloadChange[] {
  const ctx = buildTransitionContext(before, after);
  const out: WorkloadChange[] = [];
  const isWorkload = (o: IndexedObject) => isWorkloadKind(o.ref.kind) && asObject(get(o.object, 'spec', 'template')) !== undefined;
  for (const { before: b, after: a } of ctx.kept) {
    if (!isWorkload(a)) continue;
    const fields = differingPaths(get(b.object, 'spec', 'template'), get(a.object, 'spec', 'template'), 'spec.template');
    const onDelete = asString(get(a.object, 'spec', 'updateStrategy', 'type')) === 'OnDelete';
    const kind = fields.length === 0 ? WorkloadChangeKind.UNCHANGED : onDelete ? WorkloadChangeKind.WAITS_FOR_DELETE : WorkloadChangeKind.ROLLS;
    out.push({ change: kind, workloadRef: a.ref, objectIndex: a.index, state: TransitionState.NEW, fields });
  }
  for (const a of ctx.added) {
    if (isWorkload(a)) out.push({ change: WorkloadChangeKind.CREATED, workloadRef: a.ref, objectIndex: a.index, state: TransitionState.NEW, fields: [] });
  }
  for (const b of ctx.removed) {
    if (isWorkload(b)) out.push({ change: WorkloadChangeKind.REMOVED, workloadRef: b.ref, objectIndex: b.index, state: TransitionState.BASELINE, fields: [] });
  }
  return out;
}
