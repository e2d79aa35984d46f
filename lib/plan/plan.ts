/**
 * `planDeployments`: for every Deployment of the input, what a rollout and a node drain will do,
 * before they happen. Pure: objects in, a JSON-able report out; never throws.
 */
import { hardHostAntiAffinity, rolloutPeakPods, schedulableNodes, strategyType } from '../engine/facts';
import { get } from '../engine/json';
import { buildInventory, IndexedObject, Inventory, namespaceKey, Workload } from '../engine/workloads';
import { effectiveReplicas, largestReplicas, rollingParameters } from '../engine/rules';
import { DRAIN_NOTE_KINDS, planDrain } from './drain';
import { DeploymentPlan, PlanReport, ResourceQuantities, ScaledPlan, SurgeRequests, verifyCommands, WorkloadPlan } from './report';
import { planDaemonSet, planStatefulSet } from './workload-plans';
import { planReleases } from './release-plan';
import { Fenceposts, MAX_REPLICAS, resolveFenceposts, RolloutSimulation, simulateRecreate, simulateRollingUpdate } from './rollout-plan';
import {
  checkQuotas,
  formatAmount,
  KUBERNETES_RESOURCE,
  limitRangeDefaults,
  PodResources,
  podResources,
  QuotaCheck,
  RESOURCE_NAMES,
  ResourceAmounts,
  ResourceName,
  scaleAmounts,
} from './surge-resources';
import { peakPodsWithTerminating, rolloutTimeline } from './timeline';
import {
  ESTIMATE_LEAVES_OUT,
  formatRange as range,
  progressDeadlineConflict,
  progressDeadlineSeconds,
  SecondsRange,
  terminationSeconds,
  TerminationTiming,
  waveSeconds,
  WaveTiming,
} from '../engine/timing';

/** Options of `planDeployments`. */
export interface PlanOptions {
  /**
   * Where each input object was read, by position in `objects`; when given, each plan carries the
   * `source` of its Deployment.
   * @default - no `source` in the plans
   */
  readonly sources?: ReadonlyArray<{ readonly file: string; readonly line: number } | undefined>;
}

/**
 * Plans a rollout and a node drain for every Deployment, StatefulSet and DaemonSet in `objects` (plain
 * JSON objects, as read from YAML). Deployments are paired with their Services, PodDisruptionBudgets and HorizontalPodAutoscaler
 * by the rule engine; ResourceQuotas and LimitRanges of the same namespace are taken into account.
 * Never throws, whatever the objects look like.
 */
export function planDeployments(objects: readonly unknown[], options: PlanOptions = {}): PlanReport {
  return planInventory(buildInventory(objects), options);
}

/** `planDeployments` on an inventory already built. */
export function planInventory(inventory: Inventory, options: PlanOptions = {}): PlanReport {
  const byNamespace = (kind: string) => {
    const map = new Map<string, IndexedObject[]>();
    for (const o of inventory.byKind.get(kind) ?? []) {
      const key = namespaceKey(o);
      const list = map.get(key);
      if (list) list.push(o);
      else map.set(key, [o]);
    }
    return map;
  };
  const limitRanges = new Map([...byNamespace('LimitRange')].map(([ns, list]) => [ns, limitRangeDefaults(list)]));
  const quotas = byNamespace('ResourceQuota');
  const contexts = inventory.workloads.filter((w) => w.kind === 'Deployment').map((w) => {
    const replicas = checkedReplicas(effectiveReplicas(w));
    return { w, replicas, pod: podResources(w, limitRanges.get(namespaceKey(w.controller)) ?? []) };
  });
  // What each namespace runs before a rollout: the input's Deployments at their planned size.
  const totals = new Map<string, { pods: number; requests: ResourceAmounts; limits: ResourceAmounts }>();
  for (const c of contexts) {
    const key = namespaceKey(c.w.controller);
    const t = totals.get(key) ?? { pods: 0, requests: {}, limits: {} };
    totals.set(key, {
      pods: t.pods + c.replicas.value,
      requests: addAmounts(t.requests, scaleAmounts(c.pod.requests, c.replicas.value)),
      limits: addAmounts(t.limits, scaleAmounts(c.pod.limits, c.replicas.value)),
    });
  }
  const deployments = contexts.map((c) => {
    const key = namespaceKey(c.w.controller);
    const source = options.sources?.[c.w.controller.index];
    const plan = planOne(c.w, c.replicas, c.pod, quotas.get(key) ?? [], totals.get(key)!);
    return withVerify(withSource(plan, source));
  });
  const sourceOf = (w: Workload) => options.sources?.[w.controller.index];
  const statefulSets = inventory.workloads.filter((w) => w.kind === 'StatefulSet').map((w) => withVerify(withSource(planStatefulSet(w), sourceOf(w))));
  const daemonSets = inventory.workloads.filter((w) => w.kind === 'DaemonSet').map((w) => withVerify(withSource(planDaemonSet(w), sourceOf(w))));
  const byIndex = new Map(contexts.map((c, i) => [c.w.controller.index, deployments[i]]));
  const releases = planReleases(inventory, byIndex, options.sources);
  return { deployments, statefulSets, daemonSets, releases, leavesOut: ESTIMATE_LEAVES_OUT };
}

/** The plan with its ready-to-run `verify` commands (computed from the plan's own figures), last. */
function withVerify<T extends WorkloadPlan>(plan: T): T {
  return { ...plan, verify: verifyCommands(plan) };
}

/** The plan with `source` after its name, when the CLI knows where the workload was read. */
function withSource<T extends { kind: string; namespace: string | null; name: string }>(plan: T, source: { file: string; line: number } | undefined): T {
  if (!source) return plan;
  const { kind, namespace, name, ...rest } = plan;
  return { kind, namespace, name, source: { file: source.file, line: source.line }, ...rest } as unknown as T;
}

interface CheckedReplicas {
  readonly value: number;
  readonly problem?: string;
}

function checkedReplicas(raw: number): CheckedReplicas {
  if (Number.isInteger(raw) && raw >= 0 && raw <= MAX_REPLICAS) return { value: raw };
  const value = Number.isFinite(raw) ? Math.min(MAX_REPLICAS, Math.max(0, Math.floor(raw))) : 1;
  return { value, problem: `replicas ${raw} is not a whole number from 0 to ${MAX_REPLICAS}: the API server refuses the Deployment (planned at ${value}).` };
}

function addAmounts(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  const out: ResourceAmounts = { ...a };
  for (const r of RESOURCE_NAMES) if (b[r] !== undefined) out[r] = (out[r] ?? 0n) + b[r]!;
  return out;
}

function quantities(amounts: ResourceAmounts): ResourceQuantities {
  const q = (r: ResourceName) => (amounts[r] === undefined ? null : formatAmount(r, amounts[r]!));
  return { cpu: q('cpu'), memory: q('memory'), ephemeralStorage: q('ephemeralStorage') };
}

/** The rollout at one replica count: resolved fenceposts, the simulation and its timing. */
interface Rollout {
  readonly replicas: number;
  readonly fenceposts: Fenceposts;
  readonly sim: RolloutSimulation;
  readonly estimated: SecondsRange;
  readonly oldPodsGone: SecondsRange;
  /** Longest time without progress, for the progress deadline. */
  readonly longestGap: number;
  readonly peakWithTerminating: number | null;
  readonly quota: QuotaCheck[];
}

function rollout(
  w: Workload,
  replicas: number,
  wave: WaveTiming,
  term: TerminationTiming,
  pod: PodResources,
  quotas: readonly IndexedObject[],
  ns: { pods: number; requests: ResourceAmounts; limits: ResourceAmounts },
  planned: number,
): Rollout {
  const params = rollingParameters(w);
  let fenceposts: Fenceposts;
  let sim: RolloutSimulation;
  let estimated: SecondsRange;
  let oldPodsGone: SecondsRange;
  let longestGap: number;
  if (!params) {
    fenceposts = { surge: 0, unavailable: replicas, valid: true, fallback: false, problems: [] };
    sim = simulateRecreate(replicas);
    estimated = sim.waves === 0 ? { min: 0, max: 0 } : { min: term.seconds + wave.min, max: term.seconds + wave.max };
    oldPodsGone = sim.waves === 0 ? { min: 0, max: 0 } : { min: term.seconds, max: term.seconds };
    longestGap = Math.max(term.seconds, wave.max);
  } else {
    fenceposts = resolveFenceposts(params.maxSurge, params.maxUnavailable, replicas);
    sim = fenceposts.valid ? simulateRollingUpdate(replicas, fenceposts.surge, fenceposts.unavailable) : { waves: 0, minAvailable: replicas, peakPods: replicas, steps: [] };
    estimated = { min: sim.waves * wave.min, max: sim.waves * wave.max };
    oldPodsGone = sim.waves === 0 ? estimated : { min: estimated.min + term.seconds, max: estimated.max + term.seconds };
    longestGap = sim.waves === 0 ? 0 : wave.max;
  }
  // terminating old pods overlap most when waves are fastest
  const points = rolloutTimeline(sim, wave.min, term.seconds);
  // (steps at the same moment collapse into one point: the controller's own peak still counts)
  const peakWithTerminating = sim.waves === 0 ? sim.peakPods : points.length > 0 ? Math.max(sim.peakPods, peakPodsWithTerminating(points)) : null;
  const extra = replicas - planned;
  const quota = checkQuotas(quotas, {
    pod,
    namespaceTotal: (kind, r) => ((kind === 'requests' ? ns.requests : ns.limits)[r] ?? 0n) + (pod[kind][r] ?? 0n) * BigInt(extra),
    namespacePods: ns.pods + extra,
    surgePods: sim.peakPods - replicas,
    surgePodsWithTerminating: peakWithTerminating === null ? null : peakWithTerminating - replicas,
  });
  return { replicas, fenceposts, sim, estimated, oldPodsGone, longestGap, peakWithTerminating, quota };
}

function planOne(
  w: Workload,
  replicas: CheckedReplicas,
  pod: PodResources,
  quotas: readonly IndexedObject[],
  ns: { pods: number; requests: ResourceAmounts; limits: ResourceAmounts },
): DeploymentPlan {
  const spec = get(w.controller.object, 'spec');
  const params = rollingParameters(w);
  const wave = waveSeconds(w);
  const term = terminationSeconds(w);
  const deadline = progressDeadlineSeconds(w);
  const r = replicas.value;
  const main = rollout(w, r, wave, term, pod, quotas, ns, r);
  const surgePods = main.sim.peakPods - r;
  const { plan: drain, reasons: drainReasons } = planDrain(w, r, { wave, termination: term });

  const hpa = w.autoscaler;
  const autoscaler = hpa
    ? {
        name: hpa.ref.name,
        minReplicas: r,
        maxReplicas: Math.max(r, checkedReplicas(largestReplicas(w)).value),
      }
    : null;
  let atMax: ScaledPlan | null = null;
  let atMaxRollout: Rollout | undefined;
  if (autoscaler && autoscaler.maxReplicas > r) {
    const m = rollout(w, autoscaler.maxReplicas, wave, term, pod, quotas, ns, r);
    atMaxRollout = m;
    atMax = {
      replicas: m.replicas,
      maxSurge: m.fenceposts.surge,
      maxUnavailable: m.fenceposts.unavailable,
      waves: m.sim.waves,
      minAvailable: m.sim.minAvailable,
      peakPods: m.sim.peakPods,
      surgeRequests: { pods: m.sim.peakPods - m.replicas, ...quantities(scaleAmounts(pod.requests, m.sim.peakPods - m.replicas)) },
      estimatedSeconds: m.estimated,
      quotaFits: m.quota.length === 0 ? null : m.quota.every((q) => q.fits),
    };
  }

  const surgeRequests: SurgeRequests = {
    pods: surgePods,
    ...quantities(scaleAmounts(pod.requests, surgePods)),
    perPod: quantities(pod.requests),
    missing: pod.missingRequests,
    limitRanges: pod.limitRanges,
    quota: main.quota,
  };

  const risks: string[] = [];
  let refused = !main.fenceposts.valid;
  if (replicas.problem) {
    risks.push(replicas.problem);
    refused = true;
  }
  const unknownType = strategyType(w).refused;
  if (unknownType !== undefined) {
    refused = true;
    risks.push(`strategy.type "${unknownType}" is neither RollingUpdate nor Recreate: the API server refuses the Deployment (planned as RollingUpdate).`);
  }
  risks.push(...main.fenceposts.problems);
  if (!params && r > 0) {
    const gap = { min: term.seconds + wave.min, max: term.seconds + wave.max };
    risks.push(
      `Recreate strategy: ${r === 1 ? 'the old pod is' : `all ${r} old pods are`} removed before any new pod starts, so no pod serves ` +
        `${gap.max > 0 ? `for ${range(gap)} plus image pull and start-up` : 'until the new pods have pulled their image and started'} (minAvailable 0).`,
    );
  } else if (params && main.fenceposts.valid && main.fenceposts.unavailable > 0 && r > 0) {
    risks.push(
      `maxUnavailable ${main.fenceposts.unavailable} lets the rollout remove ${plural(main.fenceposts.unavailable, 'serving pod')} before ` +
        `${main.fenceposts.unavailable === 1 ? 'its replacement is' : 'their replacements are'} available: capacity drops to ${main.sim.minAvailable} of ${r}.`,
    );
  }
  if (r === 1) risks.push('A single replica: a node drain, an eviction or a crash leaves no pod serving.');
  if (get(spec, 'paused') === true) risks.push('The Deployment is paused: a change to its pod template starts no rollout until it is resumed.');
  const conflict = progressDeadlineConflict(w);
  if (conflict) {
    refused = true;
    risks.push(
      `progressDeadlineSeconds ${conflict.progressDeadlineSeconds} is not greater than minReadySeconds ${conflict.minReadySeconds}: the API server refuses the Deployment.`,
    );
  }
  if (main.sim.waves > 0 && main.longestGap >= deadline) {
    risks.push(
      `One ${params ? 'wave' : 'step'} can take up to ${main.longestGap} s, not less than progressDeadlineSeconds ${deadline}: the controller marks the rollout ` +
        'failed (ProgressDeadlineExceeded) and Argo CD shows the Deployment Degraded.',
    );
  }
  if (term.preStopSeconds === null) {
    risks.push(`The preStop hook's duration cannot be read: old pods are assumed to keep serving for the whole grace period (${term.graceSeconds} s).`);
  } else if (term.cutShort) {
    risks.push(
      `preStop ${term.preStopSeconds} s + drain ${term.drainSeconds} s is longer than terminationGracePeriodSeconds ${term.graceSeconds}: ` +
        `the kubelet kills old pods after ${term.graceSeconds} s, cutting requests still in flight.`,
    );
  }
  const unrequested = pod.missingRequests.filter((res) => res !== 'ephemeralStorage').map((res) => KUBERNETES_RESOURCE[res]);
  if (unrequested.length > 0) {
    const none = pod.missingRequests.filter((res) => res !== 'ephemeralStorage').every((res) => pod.requests[res] === undefined);
    risks.push(
      `${none ? 'No container of the pod requests' : 'Some containers of the pod request no'} ${unrequested.join(' or ')} (and no LimitRange gives a default): ` +
        `the surge's ${unrequested.join(' and ')} ${unrequested.length === 1 ? 'is' : 'are'} counted as 0, and the scheduler places the pods as if they needed none.`,
    );
  }
  risks.push(...quotaRisks(main.quota, main, term));
  if (atMaxRollout) {
    for (const q of atMaxRollout.quota) {
      if (!q.fits && main.quota.find((m) => m.name === q.name)?.fits) {
        risks.push(`At maxReplicas ${atMaxRollout.replicas} the surge no longer fits ResourceQuota ${q.name}: ${quotaShortfall(q)}.`);
      }
    }
  }
  if (hardHostAntiAffinity(w) && params && main.sim.waves > 0) {
    const nodes = schedulableNodes(w);
    if (nodes !== undefined && nodes < rolloutPeakPods(r, main.fenceposts.surge)) {
      risks.push(
        main.fenceposts.unavailable === 0
          ? `Required pod anti-affinity on kubernetes.io/hostname with ${nodes} schedulable nodes: the surge pod has no free node and maxUnavailable 0 removes no old pod first, so the rollout stalls until the progress deadline.`
          : `Required pod anti-affinity on kubernetes.io/hostname with ${nodes} schedulable nodes: surge pods stay Pending, and the rollout moves only as old pods are removed and gone.`,
      );
    }
  }
  // a single replica's risk above already says a drain takes it: the missing budget adds nothing then
  const singleReplica = r === 1 && !drain.stalls;
  risks.push(...drainReasons.filter((d) => !DRAIN_NOTE_KINDS.has(d.kind) && !(singleReplica && d.kind === 'no-budget')).map((d) => d.text));

  return {
    kind: 'Deployment',
    namespace: w.controller.ref.namespaceName ?? null,
    name: w.controller.ref.name,
    strategy: params ? 'RollingUpdate' : 'Recreate',
    replicas: r,
    autoscaler,
    declared: { maxSurge: params ? params.maxSurge : null, maxUnavailable: params ? params.maxUnavailable : null },
    maxSurge: main.fenceposts.surge,
    maxUnavailable: main.fenceposts.unavailable,
    valid: !refused,
    waves: main.sim.waves,
    minAvailable: main.sim.minAvailable,
    peakPods: main.sim.peakPods,
    peakPodsWithTerminating: main.peakWithTerminating,
    surgeRequests,
    waveSeconds: wave,
    estimatedSeconds: main.estimated,
    oldPodsGoneSeconds: main.oldPodsGone,
    termination: term,
    progressDeadlineSeconds: deadline,
    drain,
    atMaxReplicas: atMax,
    risks,
  };
}

function quotaShortfall(q: QuotaCheck): string {
  return q.resources
    .filter((r) => !r.fits)
    .map((r) => (r.refused ? r.refused : `${r.resource} needs ${r.used} + ${r.surge} at the peak, above the hard limit ${r.hard}`))
    .join('; ');
}

function quotaRisks(quota: readonly QuotaCheck[], main: Rollout, term: TerminationTiming): string[] {
  const out: string[] = [];
  for (const q of quota) {
    if (q.note) continue;
    if (!q.fits) {
      out.push(
        `ResourceQuota ${q.name}: ${quotaShortfall(q)}. The quota refuses the pods (FailedCreate), so the rollout stalls` +
          `${main.fenceposts.unavailable > 0 ? ' or moves only through maxUnavailable' : ''}.`,
      );
    } else if (!q.fitsWhileOldPodsTerminate) {
      const lines = q.resources.filter((r) => !r.fitsWhileOldPodsTerminate).map((r) => r.resource);
      out.push(
        `ResourceQuota ${q.name}: old pods still count against ${lines.join(', ')} while they terminate (up to ${term.seconds} s), ` +
          'so new pods are refused until they are gone: every wave takes longer.',
      );
    }
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
