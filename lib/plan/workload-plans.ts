/**
 * The plans of StatefulSets and DaemonSets: their controllers replace pods differently from a
 * Deployment's, so each has its own arithmetic (docs/plan.md, "StatefulSets" and "DaemonSets").
 *
 * - StatefulSet `RollingUpdate` (`pkg/controller/statefulset/stateful_set_control.go`): deletes the
 *   pod with the highest ordinal not yet updated, waits until it is gone and recreated under the same
 *   name, Running and Ready, then the next one; ordinals below `partition` stay; with
 *   `podManagementPolicy: OrderedReady` (the default) it also waits `minReadySeconds` (a pod must be
 *   available); `OnDelete` replaces nothing by itself.
 * - DaemonSet `RollingUpdate` (`pkg/controller/daemon/update.go`): without surge, deletes the old pods
 *   of up to `maxUnavailable` nodes and creates the new ones at once (a deleted pod does not count as
 *   unavailable); with `maxSurge`, creates the new pod of up to `maxSurge` nodes next to the old one
 *   and deletes the old one once the new one is available. Both resolve against the node count,
 *   rounding up; when both resolve to 0 the controller uses `maxUnavailable` 1.
 */
import { hostBound, schedulableNodes } from '../engine/facts';
import { asNumber, asString, get } from '../engine/json';
import { effectiveReplicas, largestReplicas, rollingParameters } from '../engine/rules';
import { SecondsRange, terminationSeconds, TerminationTiming, waveSeconds, WaveTiming } from '../engine/timing';
import { Workload } from '../engine/workloads';
import { isIntOrPercent, parsePercent, resolveIntOrPercent } from '../internal/rollout-math';
import { DRAIN_NOTE_KINDS, planDrain } from './drain';
import { DaemonSetPlan, StatefulSetPlan } from './report';
import { MAX_REPLICAS } from './rollout-plan';

/** Nodes a DaemonSet is planned for when the manifest does not declare them. */
export const ASSUMED_NODES = 3;

function whole(raw: number, fallback: number): { value: number; problem: boolean } {
  if (Number.isInteger(raw) && raw >= 0 && raw <= MAX_REPLICAS) return { value: raw, problem: false };
  return { value: Number.isFinite(raw) ? Math.min(MAX_REPLICAS, Math.max(0, Math.floor(raw))) : fallback, problem: true };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The time an evicted or deleted pod takes to be gone: its preStop (the server exits at once), up to preStop and drain within the grace period. */
function goneSeconds(t: TerminationTiming): SecondsRange {
  const preStop = t.preStopSeconds === null ? t.seconds : Math.min(t.preStopSeconds, t.seconds);
  return { min: preStop, max: t.seconds };
}

function drainRisks(w: Workload, replicas: number, wave: WaveTiming, termination: TerminationTiming): { drain: ReturnType<typeof planDrain>['plan']; risks: string[] } {
  const { plan, reasons } = planDrain(w, replicas, { wave, termination });
  // a single replica's risk already says a drain takes it: the missing budget adds nothing then
  const single = replicas === 1 && !plan.stalls;
  return { drain: plan, risks: reasons.filter((r) => !DRAIN_NOTE_KINDS.has(r.kind) && !(single && r.kind === 'no-budget')).map((r) => r.text) };
}

function terminationRisks(term: TerminationTiming): string[] {
  if (term.preStopSeconds === null) {
    return [`The preStop hook's duration cannot be read: old pods are assumed to keep serving for the whole grace period (${term.graceSeconds} s).`];
  }
  if (term.cutShort) {
    return [
      `preStop ${term.preStopSeconds} s + drain ${term.drainSeconds} s is longer than terminationGracePeriodSeconds ${term.graceSeconds}: ` +
        `the kubelet kills old pods after ${term.graceSeconds} s, cutting requests still in flight.`,
    ];
  }
  return [];
}

/** Plans a StatefulSet's rolling update and a node drain (see the module comment). Never throws. */
export function planStatefulSet(w: Workload): StatefulSetPlan {
  const spec = get(w.controller.object, 'spec');
  const risks: string[] = [];
  const notes: string[] = [];
  let valid = true;
  const raw = effectiveReplicas(w);
  const replicasChecked = whole(raw, 1);
  const r = replicasChecked.value;
  if (replicasChecked.problem) {
    valid = false;
    risks.push(`replicas ${raw} is not a whole number from 0 to ${MAX_REPLICAS}: the API server refuses the StatefulSet (planned at ${r}).`);
  }
  const type = asString(get(spec, 'updateStrategy', 'type'));
  if (type !== undefined && type !== 'RollingUpdate' && type !== 'OnDelete') {
    valid = false;
    risks.push(`updateStrategy.type "${type}" is neither RollingUpdate nor OnDelete: the API server refuses the StatefulSet (planned as RollingUpdate).`);
  }
  const strategy = type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate';
  const policyRaw = asString(get(spec, 'podManagementPolicy'));
  if (policyRaw !== undefined && policyRaw !== 'OrderedReady' && policyRaw !== 'Parallel') {
    valid = false;
    risks.push(`podManagementPolicy "${policyRaw}" is neither OrderedReady nor Parallel: the API server refuses the StatefulSet (planned as OrderedReady).`);
  }
  const podManagementPolicy = policyRaw === 'Parallel' ? 'Parallel' : 'OrderedReady';
  const partitionRaw = get(spec, 'updateStrategy', 'rollingUpdate', 'partition');
  let partition = 0;
  if (partitionRaw !== undefined) {
    const n = asNumber(partitionRaw);
    if (n === undefined || !Number.isInteger(n) || n < 0) {
      valid = false;
      risks.push(`partition ${describe(partitionRaw)} is not a whole number >= 0: the API server refuses the StatefulSet.`);
    } else {
      partition = n;
    }
  }
  const maxUnavailableRaw = get(spec, 'updateStrategy', 'rollingUpdate', 'maxUnavailable');
  const maxUnavailable = typeof maxUnavailableRaw === 'number' || typeof maxUnavailableRaw === 'string' ? maxUnavailableRaw : null;

  const wave = waveSeconds(w);
  const term = terminationSeconds(w);
  const gone = goneSeconds(term);
  const ordered = podManagementPolicy === 'OrderedReady';
  const start = ordered ? { min: wave.min, max: wave.max } : { min: wave.min - wave.minReadySeconds, max: wave.max - wave.minReadySeconds };
  const podSeconds = { min: gone.min + start.min, max: gone.max + start.max };
  const updatedPods = strategy === 'OnDelete' || !valid ? 0 : Math.max(0, r - partition);
  const estimatedSeconds = { min: updatedPods * podSeconds.min, max: updatedPods * podSeconds.max };
  // Parallel moves on once the replacement is Ready: with minReadySeconds the previous one may not be available yet.
  const overlap = !ordered && wave.minReadySeconds > 0 && updatedPods >= 2 ? 1 : 0;
  const minAvailable = updatedPods === 0 ? r : Math.max(0, r - 1 - overlap);

  if (strategy === 'OnDelete' && r > 0) {
    risks.push('updateStrategy OnDelete: a change to the pod template replaces no pod by itself; each pod is updated only when it is deleted (by hand or by a drain).');
  }
  if (valid && strategy === 'RollingUpdate' && partition > 0) {
    if (partition >= r) risks.push(`partition ${partition} is not below replicas ${r}: a change to the pod template replaces no pod (ordinals below the partition keep the old revision).`);
    else notes.push(`partition ${partition}: ordinals 0 to ${partition - 1} keep the old revision; ${plural(updatedPods, 'pod')} from ordinal ${r - 1} down are replaced.`);
  }
  if (maxUnavailable !== null && maxUnavailable !== 1) {
    notes.push(
      `rollingUpdate.maxUnavailable ${describe(maxUnavailable)} takes effect only where the feature gate MaxUnavailableStatefulSet is on (alpha since 1.24): the plan replaces one pod at a time.`,
    );
  }
  if (!ordered && wave.minReadySeconds > 0) {
    notes.push(`podManagementPolicy Parallel: the rolling update moves on once a replacement is Ready; minReadySeconds (${wave.minReadySeconds} s) does not pace it.`);
  }
  if (updatedPods > 0) {
    notes.push(`each replaced pod is deleted before its replacement exists (same name): ${r === 1 ? 'no pod serves' : `one pod fewer serves`} for ${podSeconds.min}-${podSeconds.max} s per pod.`);
  }
  if (r === 1) risks.push('A single replica: each update, a node drain, an eviction or a crash leaves no pod serving.');
  risks.push(...terminationRisks(term));
  const { drain, risks: fromDrain } = drainRisks(w, r, wave, term);
  risks.push(...fromDrain);

  const hpa = w.autoscaler;
  return {
    kind: 'StatefulSet',
    ...plannedWorkload(w),
    strategy,
    podManagementPolicy,
    replicas: r,
    autoscaler: hpa ? { name: hpa.ref.name, minReplicas: r, maxReplicas: Math.max(r, whole(largestReplicas(w), r).value) } : null,
    partition,
    maxUnavailable,
    valid,
    updatedPods,
    waves: updatedPods,
    minAvailable,
    peakPods: r,
    waveSeconds: wave,
    podSeconds,
    estimatedSeconds,
    termination: term,
    drain,
    notes,
    risks,
  };
}

/** A DaemonSet's int-or-percent resolved against the node count, rounding up; undefined when the API server refuses it. */
function daemonValue(field: string, value: number | string, nodes: number, problems: string[]): number | undefined {
  if (!isIntOrPercent(value) || (typeof value === 'number' && value > MAX_REPLICAS)) {
    problems.push(`${field} ${describe(value)} is not a whole number >= 0 or a percentage such as "25%": the API server refuses the DaemonSet.`);
    return undefined;
  }
  if (typeof value === 'string' && (parsePercent(value) ?? 0) > 100) {
    problems.push(`${field} ${describe(value)} is above 100%: the API server refuses the DaemonSet.`);
    return undefined;
  }
  return resolveIntOrPercent(value, nodes, 'up');
}

/** Plans a DaemonSet's rolling update over its nodes and what a node drain does to it (see the module comment). Never throws. */
export function planDaemonSet(w: Workload): DaemonSetPlan {
  const declaredNodes = schedulableNodes(w);
  const nodesDeclared = declaredNodes !== undefined && Number.isInteger(declaredNodes) && declaredNodes <= MAX_REPLICAS;
  const nodes = nodesDeclared ? declaredNodes! : ASSUMED_NODES;
  const risks: string[] = [];
  const notes: string[] = [];
  const type = asString(get(w.controller.object, 'spec', 'updateStrategy', 'type'));
  let valid = true;
  if (type !== undefined && type !== 'RollingUpdate' && type !== 'OnDelete') {
    valid = false;
    risks.push(`updateStrategy.type "${type}" is neither RollingUpdate nor OnDelete: the API server refuses the DaemonSet (planned as RollingUpdate).`);
  }
  const params = rollingParameters(w);
  const strategy = params ? 'RollingUpdate' : 'OnDelete';
  const problems: string[] = [];
  let surge = 0;
  let unavailable = 0;
  if (params) {
    const s = daemonValue('maxSurge', params.maxSurge, nodes, problems);
    const u = daemonValue('maxUnavailable', params.maxUnavailable, nodes, problems);
    const declared = (v: number | string) => (typeof v === 'number' ? v : parsePercent(v));
    if (s !== undefined && u !== undefined && declared(params.maxSurge) === 0 && declared(params.maxUnavailable) === 0) {
      problems.push('maxSurge and maxUnavailable are both 0: invalid, the API server refuses the DaemonSet (one of them must allow progress).');
    }
    if (problems.length > 0) valid = false;
    surge = Math.min(s ?? 0, nodes);
    unavailable = Math.min(u ?? 0, nodes);
    // the controller's fallback for an impossible configuration (`updatedDesiredNodeCounts`)
    if (valid && nodes > 0 && surge === 0 && unavailable === 0) unavailable = 1;
  }
  risks.push(...problems);
  const bound = hostBound(w);
  const wave = waveSeconds(w);
  const term = terminationSeconds(w);
  const gone = goneSeconds(term);
  const rolls = valid && strategy === 'RollingUpdate' && nodes > 0;
  const surges = surge > 0;
  const stalls = rolls && surges && bound;
  const perWave = surges ? surge : unavailable;
  const waves = rolls && !stalls && perWave > 0 ? Math.ceil(nodes / perWave) : 0;
  // Without surge a host-bound pod's replacement stays Pending until the old pod is gone.
  const waveTime = { min: (bound && !surges ? gone.min : 0) + wave.min, max: (bound && !surges ? gone.max : 0) + wave.max };
  const estimatedSeconds = { min: waves * waveTime.min, max: waves * waveTime.max };
  const oldPodsGoneSeconds =
    waves === 0
      ? { min: 0, max: 0 }
      : surges
        ? { min: estimatedSeconds.min + gone.min, max: estimatedSeconds.max + gone.max }
        : bound
          ? { min: estimatedSeconds.min - wave.min, max: estimatedSeconds.max - wave.max }
          : { min: (waves - 1) * waveTime.min + gone.min, max: Math.max(estimatedSeconds.max, (waves - 1) * waveTime.max + gone.max) };

  if (!nodesDeclared) {
    notes.push(
      `planned for ${ASSUMED_NODES} nodes, an assumption: the node count is not in the YAML (declare it with the annotation zero-downtime.cdk8s.io/schedulable-nodes on the DaemonSet).`,
    );
  }
  if (strategy === 'OnDelete') {
    risks.push('updateStrategy OnDelete: a change to the pod template replaces no pod by itself; each node\'s pod is updated only when it is deleted.');
  }
  if (stalls) {
    risks.push(
      `maxSurge ${surge} with a pod that binds a host port (hostNetwork or hostPort): the new pod cannot be scheduled next to the old one and the old one is deleted only ` +
        'once the new one is available, so the rollout stalls on the first node. Fix: maxSurge 0 with maxUnavailable 1 (each node\'s pod is then down while it is replaced).',
    );
  } else if (rolls && !surges) {
    risks.push(
      `maxUnavailable ${unavailable} without maxSurge: the old pod of ${plural(unavailable, 'node')} at a time stops before its replacement is available` +
        `${bound ? ' (a host-bound pod cannot surge: accept it, or run the site on a Deployment)' : '. Fix: maxSurge 1 with maxUnavailable 0 (Kubernetes >= 1.25)'}.`,
    );
  }
  risks.push(...terminationRisks(term));
  const { drain, risks: fromDrain } = drainRisks(w, nodes, wave, term);
  risks.push(...fromDrain);
  return {
    kind: 'DaemonSet',
    ...plannedWorkload(w),
    strategy,
    nodes,
    nodesDeclared,
    declared: { maxSurge: params ? params.maxSurge : null, maxUnavailable: params ? params.maxUnavailable : null },
    maxSurge: surge,
    maxUnavailable: unavailable,
    valid,
    hostBound: bound,
    stalls,
    waves,
    minAvailable: rolls && !surges ? nodes - unavailable : nodes,
    peakPods: nodes + (rolls && surges && !stalls ? surge : 0),
    waveSeconds: wave,
    estimatedSeconds,
    oldPodsGoneSeconds,
    termination: term,
    drain,
    notes,
    risks,
  };
}

/** The namespace and name a plan starts with (the CLI puts `source` after them). */
function plannedWorkload(w: Workload): { namespace: string | null; name: string } {
  return { namespace: w.controller.ref.namespaceName ?? null, name: w.controller.ref.name };
}
