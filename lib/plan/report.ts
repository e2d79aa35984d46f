/**
 * The plan as JSON: what `cdk8s-zero-downtime plan --format json` prints and `planDeployments`
 * returns. Stable: fields are only ever added, never renamed or removed (docs/plan.md documents them).
 */
import { DrainPlan } from './drain';
import { QuotaCheck, ResourceName } from './surge-resources';
import { SecondsRange, TerminationTiming, WaveTiming } from '../engine/timing';
import { formatDuration } from '../verify/duration';
import { tailForGracePeriod, VERIFY_DEFAULTS } from '../verify/options';

/**
 * The plan of every workload of the input. `deployments` holds Deployments only, as it always did;
 * StatefulSets and DaemonSets have their own lists, since their controllers roll differently.
 */
export interface PlanReport {
  /** One entry per Deployment, in input order. */
  readonly deployments: readonly DeploymentPlan[];
  /** One entry per StatefulSet, in input order. */
  readonly statefulSets: readonly StatefulSetPlan[];
  /** One entry per DaemonSet, in input order. */
  readonly daemonSets: readonly DaemonSetPlan[];
  /**
   * One entry per release: two versions of a site behind one Service (pod ratio) or one HTTPRoute rule
   * (weights), with each version's share of the requests and of the pods, and what promote, abort and
   * a new share will do. HTTPRoute releases first, then Services, in input order.
   */
  readonly releases: readonly ReleasePlan[];
  /** What the time estimates do not count (image pull, start-up beyond the probes, ...). */
  readonly leavesOut: readonly string[];
}

/** Requests (or counts) per resource, as Kubernetes quantities (`50m`, `64Mi`); null when unknown. */
export interface ResourceQuantities {
  readonly cpu: string | null;
  readonly memory: string | null;
  readonly ephemeralStorage: string | null;
}

/** What the surge pods request at the rollout's peak. */
export interface SurgeRequests extends ResourceQuantities {
  /** Extra pods at the peak: `peakPods - replicas`. */
  readonly pods: number;
  /** One pod's requests (the pod's containers, sidecars and init containers as Kubernetes sums them). */
  readonly perPod: ResourceQuantities;
  /** Resources some container requests nothing of, even after LimitRange defaults (counted as 0). */
  readonly missing: readonly ResourceName[];
  /** LimitRanges of the namespace whose defaults filled a missing request or limit. */
  readonly limitRanges: readonly string[];
  /** One verdict per ResourceQuota of the namespace in the input; empty without one. */
  readonly quota: readonly QuotaCheck[];
}

/** The autoscaler that scales the Deployment. */
export interface AutoscalerRange {
  readonly name: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/** The rollout numbers at another replica count (the autoscaler's `maxReplicas`). */
export interface ScaledPlan {
  readonly replicas: number;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly waves: number;
  readonly minAvailable: number;
  readonly peakPods: number;
  readonly surgeRequests: ResourceQuantities & { readonly pods: number };
  readonly estimatedSeconds: SecondsRange;
  /** Whether the surge fits every ResourceQuota of the namespace at this size; null without a quota. */
  readonly quotaFits: boolean | null;
}

/** Which workload a plan is about, and where it was read (every plan starts with these fields). */
export interface PlannedWorkload {
  /** `metadata.namespace`; null when the manifest sets none (the namespace `kubectl apply` uses then). */
  readonly namespace: string | null;
  readonly name: string;
  /** Where the CLI read the workload: file and line of its document. */
  readonly source?: { readonly file: string; readonly line: number };
}

/** What every plan ends with: how an old pod terminates, a node drain, notes, risks and the verify commands. */
export interface PlanVerdict {
  readonly termination: TerminationTiming;
  readonly drain: DrainPlan;
  /** Plain sentences about how the workload rolls that are not risks. */
  readonly notes: readonly string[];
  /** Plain sentences, most important first. */
  readonly risks: readonly string[];
  /**
   * Ready-to-run `verify` commands (`verifyCommands`); null when the API server refuses the workload, or
   * its name or namespace is not a DNS name that can go into a shell command as is.
   */
  readonly verify?: VerifyCommands | null;
}

/** The plan of one Deployment. */
export interface DeploymentPlan {
  /** The workload's kind (every entry of `deployments` is a Deployment). */
  readonly kind: 'Deployment';
  /** `metadata.namespace`; null when the manifest sets none (the namespace `kubectl apply` uses then). */
  readonly namespace: string | null;
  readonly name: string;
  /** Where the Deployment was read (the CLI sets it). */
  readonly source?: { readonly file: string; readonly line: number };
  /** `spec.strategy.type`. @default 'RollingUpdate' */
  readonly strategy: 'RollingUpdate' | 'Recreate';
  /** The replica count planned: `spec.replicas`, or the autoscaler's `minReplicas`. @default 1 */
  readonly replicas: number;
  /** The HorizontalPodAutoscaler's range, when one scales the Deployment. */
  readonly autoscaler: AutoscalerRange | null;
  /** maxSurge and maxUnavailable as written, with Kubernetes' defaults (`25%`); null for Recreate. */
  readonly declared: { readonly maxSurge: number | string | null; readonly maxUnavailable: number | string | null };
  /** maxSurge resolved to pods (percentages round up). 0 for Recreate. */
  readonly maxSurge: number;
  /** maxUnavailable resolved to pods (percentages round down; 1 when both resolve to 0). `replicas` for Recreate. */
  readonly maxUnavailable: number;
  /** False when the API server refuses the Deployment as written (see `risks`); the rollout numbers then describe no change. */
  readonly valid: boolean;
  /** Times the rollout waits for new pods to become available. */
  readonly waves: number;
  /** Fewest available pods during the rollout. */
  readonly minAvailable: number;
  /** Most pods at once (old and new, not counting terminating old pods). */
  readonly peakPods: number;
  /** Most pods at once counting old pods still terminating (fastest waves); null when not simulated. */
  readonly peakPodsWithTerminating: number | null;
  readonly surgeRequests: SurgeRequests;
  /** One wave: the time a new pod takes to become available after its containers start. */
  readonly waveSeconds: WaveTiming;
  /** The rollout, from the first new pod to the last old pod removed: `waves` x `waveSeconds` (Recreate: termination + one wave). */
  readonly estimatedSeconds: SecondsRange;
  /** Until the last old pod is gone: `estimatedSeconds` plus the termination of the last old pods. */
  readonly oldPodsGoneSeconds: SecondsRange;
  /** How long a removed old pod keeps serving. */
  readonly termination: TerminationTiming;
  /** `spec.progressDeadlineSeconds`. @default 600 */
  readonly progressDeadlineSeconds: number;
  /** What a node drain does to the pods. */
  readonly drain: DrainPlan;
  /** The rollout at the autoscaler's `maxReplicas`; null without an autoscaler (or when it equals `replicas`). */
  readonly atMaxReplicas: ScaledPlan | null;
  /** Plain sentences, most important first. */
  readonly risks: readonly string[];
  /**
   * Ready-to-run `verify` commands for this Deployment (`verifyCommands`); null when the API server
   * refuses it, or its name or namespace is not a DNS name that can go into a shell command as is.
   */
  readonly verify?: VerifyCommands | null;
}

/**
 * The plan of one StatefulSet. Its rolling update deletes a pod before its replacement exists, one
 * ordinal at a time from the highest, waiting for each replacement to be Running and Ready (and, with
 * `podManagementPolicy: OrderedReady`, available for `minReadySeconds`) before the next.
 */
export interface StatefulSetPlan extends PlannedWorkload, PlanVerdict {
  readonly kind: 'StatefulSet';
  /** `spec.updateStrategy.type`: `OnDelete` never replaces a pod by itself. @default 'RollingUpdate' */
  readonly strategy: 'RollingUpdate' | 'OnDelete';
  /** `spec.podManagementPolicy`. @default 'OrderedReady' */
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel';
  /** `spec.replicas`, or the autoscaler's `minReplicas`. @default 1 */
  readonly replicas: number;
  readonly autoscaler: AutoscalerRange | null;
  /** `spec.updateStrategy.rollingUpdate.partition`: ordinals below it keep the old revision. @default 0 */
  readonly partition: number;
  /** `spec.updateStrategy.rollingUpdate.maxUnavailable` as written (feature gate MaxUnavailableStatefulSet); null when unset. The plan replaces one pod at a time. */
  readonly maxUnavailable: number | string | null;
  /** False when the API server refuses the StatefulSet as written (see `risks`). */
  readonly valid: boolean;
  /** Pods a rollout replaces: `replicas - partition`; 0 with `OnDelete`. */
  readonly updatedPods: number;
  /** Times the rollout waits for a replacement: one per updated pod. */
  readonly waves: number;
  /** Fewest available pods during the rollout. */
  readonly minAvailable: number;
  /** Most pods at once: `replicas` (no surge: the old pod is gone before its replacement is created). */
  readonly peakPods: number;
  /** A replacement's start until it is available. */
  readonly waveSeconds: WaveTiming;
  /** One pod: the old one's termination, then its replacement's start until Ready (and available, with OrderedReady). */
  readonly podSeconds: SecondsRange;
  /** The rollout: `updatedPods` x `podSeconds`. */
  readonly estimatedSeconds: SecondsRange;
}

/**
 * The plan of one DaemonSet: one pod per node, replaced node by node, `maxUnavailable` nodes at a time
 * (the old pod goes first) or `maxSurge` nodes at a time (the new pod first). Both resolve against the
 * node count, percentages rounding up.
 */
export interface DaemonSetPlan extends PlannedWorkload, PlanVerdict {
  readonly kind: 'DaemonSet';
  /** `spec.updateStrategy.type`: `OnDelete` never replaces a pod by itself. @default 'RollingUpdate' */
  readonly strategy: 'RollingUpdate' | 'OnDelete';
  /** Nodes the DaemonSet runs on: the annotation `zero-downtime.cdk8s.io/schedulable-nodes`, else an assumed 3. */
  readonly nodes: number;
  /** True when `nodes` comes from the annotation. */
  readonly nodesDeclared: boolean;
  /** maxSurge and maxUnavailable as written, with Kubernetes' defaults (0 and 1); null values for OnDelete. */
  readonly declared: { readonly maxSurge: number | string | null; readonly maxUnavailable: number | string | null };
  /** maxSurge resolved to nodes (percentages round up). */
  readonly maxSurge: number;
  /** maxUnavailable resolved to nodes (percentages round up; 1 when both resolve to 0). */
  readonly maxUnavailable: number;
  readonly valid: boolean;
  /** True when the pod binds a host port (`hostNetwork` or a `hostPort`): a second pod cannot run on its node. */
  readonly hostBound: boolean;
  /** True when the rollout cannot finish as written: a surge whose new pod cannot be scheduled next to the old one. */
  readonly stalls: boolean;
  /** Times the rollout waits for new pods to become available. */
  readonly waves: number;
  /** Fewest available pods during the rollout. */
  readonly minAvailable: number;
  /** Most pods at once (not counting terminating ones). */
  readonly peakPods: number;
  readonly waveSeconds: WaveTiming;
  /** The rollout, from the first node until the last node's new pod is available. */
  readonly estimatedSeconds: SecondsRange;
  /** Until the last old pod is gone. */
  readonly oldPodsGoneSeconds: SecondsRange;
}

/** Any workload's plan. */
export type WorkloadPlan = DeploymentPlan | StatefulSetPlan | DaemonSetPlan;

/** Every plan of the report, Deployments first, then StatefulSets, then DaemonSets. */
export function allPlans(report: PlanReport): WorkloadPlan[] {
  return [...report.deployments, ...(report.statefulSets ?? []), ...(report.daemonSets ?? [])];
}

/**
 * `cdk8s-zero-downtime verify` during a rollout and during a node drain of one Deployment, with the
 * tail for its own grace period. The site's address is the shell variable `$URL`, the node to drain
 * `$NODE`: set both, then paste.
 */
export interface VerifyCommands {
  /**
   * `--tail`, in seconds: `terminationGracePeriodSeconds` + 5 s (`tailForGracePeriod`). When
   * `kubectl rollout status` returns, the last old pod is deleted but still terminating, for up to its
   * grace period: requests go on until it is gone.
   */
  readonly tailSeconds: number;
  /** `kubectl rollout status --timeout`: the estimated rollout (max) + one `progressDeadlineSeconds`, rounded up to a minute. */
  readonly rolloutStatusTimeoutSeconds: number;
  /** `kubectl drain --timeout`: as the rollout's, and at least 5 minutes. */
  readonly drainTimeoutSeconds: number;
  /** `verify --timeout` when its default (10 minutes) is too short for the command and the tail; null otherwise. */
  readonly verifyTimeoutSeconds: number | null;
  /** `verify` during `kubectl rollout restart` then `kubectl rollout status`. */
  readonly rollout: string;
  /** `verify` during `kubectl drain` of a node that runs the pods (`kubectl drain` waits until the evicted pods are gone). */
  readonly drain: string;
}

/** A DNS label or subdomain, as Kubernetes names are: safe in a shell command without quoting. */
const SHELL_SAFE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** Bounds that keep the printed command within what `verify` accepts (a tail and a timeout of at most 24 h). */
const MAX_TAIL_SECONDS = 12 * 3600;
const MAX_COMMAND_TIMEOUT_SECONDS = 6 * 3600;

/** The margin given to `kubectl rollout status` of a StatefulSet or DaemonSet, which have no progress deadline. */
const NO_DEADLINE_MARGIN_SECONDS = 300;

/**
 * The `verify` commands of a planned workload, computed from the plan's own figures: the tail from
 * `termination.graceSeconds`, the timeouts from `estimatedSeconds` and `progressDeadlineSeconds` (5
 * minutes for a StatefulSet or DaemonSet, which have none). Null when the API server refuses the
 * workload (no rollout happens), when it rolls only `OnDelete`, or when its name or namespace is not a
 * DNS name.
 */
export function verifyCommands(d: WorkloadPlan): VerifyCommands | null {
  if (!d.valid || !SHELL_SAFE_NAME.test(d.name) || (d.namespace !== null && !SHELL_SAFE_NAME.test(d.namespace))) return null;
  if (d.kind !== 'Deployment' && d.strategy === 'OnDelete') return null;
  const deadline = d.kind === 'Deployment' ? d.progressDeadlineSeconds : NO_DEADLINE_MARGIN_SECONDS;
  const tailSeconds = Math.min(MAX_TAIL_SECONDS, tailForGracePeriod(d.termination.graceSeconds * 1000) / 1000);
  const rolloutStatusTimeoutSeconds = Math.min(MAX_COMMAND_TIMEOUT_SECONDS, ceilMinutes(d.estimatedSeconds.max + deadline));
  const drainTimeoutSeconds = Math.max(300, rolloutStatusTimeoutSeconds);
  // the longer command, its tail, and a minute for kubectl itself
  const needed = ceilMinutes(Math.max(rolloutStatusTimeoutSeconds, drainTimeoutSeconds) + tailSeconds + 60);
  const verifyTimeoutSeconds = needed * 1000 > VERIFY_DEFAULTS.timeoutMs ? needed : null;
  const ns = d.namespace === null ? '' : ` -n ${d.namespace}`;
  const verify = `cdk8s-zero-downtime verify --url "$URL" --tail ${seconds(tailSeconds)}${verifyTimeoutSeconds === null ? '' : ` --timeout ${seconds(verifyTimeoutSeconds)}`}`;
  const workload = `${d.kind.toLowerCase()}/${d.name}${ns}`;
  return {
    tailSeconds,
    rolloutStatusTimeoutSeconds,
    drainTimeoutSeconds,
    verifyTimeoutSeconds,
    rollout: `${verify} --during "kubectl rollout restart ${workload} && kubectl rollout status ${workload} --timeout=${seconds(rolloutStatusTimeoutSeconds)}"`,
    drain: `${verify} --during "kubectl drain $NODE --ignore-daemonsets --delete-emptydir-data --timeout=${seconds(drainTimeoutSeconds)}"`,
  };
}

function ceilMinutes(s: number): number {
  return Math.ceil(s / 60) * 60;
}

/** `45s`, `6m`, `1h30m`: a duration both `verify` and kubectl read. */
function seconds(s: number): string {
  return formatDuration(s * 1000);
}

// ---- releases (release-plan.ts computes them) ------------------------------------------------------

/** One version of a release: a Deployment and its share of the requests and of the pods. */
export interface ReleaseVersion {
  /** The Deployment's name. */
  readonly workload: string;
  /** The Service its requests come through (the shared one for a pod ratio; its backend for an HTTPRoute). */
  readonly service: string;
  /** `app.kubernetes.io/version` of its pods (else of the Deployment); null when neither has one. */
  readonly version: string | null;
  /** `zero-downtime.cdk8s.io/track` of its pods; null when they have none. */
  readonly track: string | null;
  /** `stable`: the version the release started from; `candidate`: the one being tried. */
  readonly role: 'stable' | 'candidate';
  /** The serving container's image. */
  readonly image: string | null;
  /** The backendRef's weight (HTTPRoute); null for a pod ratio. */
  readonly weight: number | null;
  /** Pods: the Deployment plan's `replicas` (`spec.replicas`, or the autoscaler's `minReplicas`). */
  readonly pods: number;
  /** Share of the requests, 0 to 1 (4 decimals). */
  readonly trafficShare: number;
  /** Share of the release's pods, 0 to 1: `pods / all pods of the release` (4 decimals). */
  readonly capacityShare: number;
  /** `trafficShare / capacityShare`: the load on each of its pods relative to an even spread over all pods (1: even); null without pods. */
  readonly loadFactor: number | null;
}

/** A Deployment rolled by a step of the release. */
export interface ReleaseRoll {
  readonly workload: string;
  readonly pods: number;
  readonly waves: number;
  /** The serving container's image now, and after the step. */
  readonly from: string | null;
  readonly to: string | null;
  /** The rollout: the Deployment plan's `estimatedSeconds`. */
  readonly estimatedSeconds: SecondsRange;
}

/** A Deployment removed by a step of the release: its pods leave the endpoints and terminate. */
export interface ReleaseRemoval {
  readonly workload: string;
  readonly pods: number;
  /** Until its pods are gone: the preStop hook (min) up to preStop + drain within the grace period (max). */
  readonly goneSeconds: SecondsRange;
}

/** What a step of the release (promote, abort) changes, one manifest change (commit) after the other. */
export interface ReleaseStep {
  /** One plain sentence per change, in the order to make them. */
  readonly changes: readonly string[];
  readonly rolls: readonly ReleaseRoll[];
  readonly removes: readonly ReleaseRemoval[];
  /** The changes' rollouts and removals one after the other (the time between commits left out). */
  readonly estimatedSeconds: SecondsRange;
}

/** The candidate at another replica count: a canary by pod ratio gets its new share by scaling. */
export interface ReleaseScale {
  readonly replicas: number;
  readonly trafficShare: number;
  /** Scaling up: one wave (the new pods start together); scaling down: the removed pods' `goneSeconds`. */
  readonly estimatedSeconds: SecondsRange;
}

/** How the candidate's share changes: the weights (nothing rolls) or its replicas (a scale). */
export interface ReleaseNewShare {
  readonly change: 'weight' | 'replicas';
  /** Always empty: a new share rolls no pod. */
  readonly rolls: readonly ReleaseRoll[];
  /** A weight change: 0 (the gateway applies it; no pod changes); a scale: the one-pod-up step's. */
  readonly estimatedSeconds: SecondsRange;
  /** A weight change: the largest traffic share the candidate's pods may get under `traffic-share-exceeds-capacity`; null for a scale. */
  readonly maxTrafficShare: number | null;
  /** A scale: the candidate with one pod more; null for a weight change. */
  readonly up: ReleaseScale | null;
  /** A scale: the candidate with one pod fewer; null for a weight change or a single candidate pod. */
  readonly down: ReleaseScale | null;
}

/** What the next step of the release will do. */
export interface ReleaseNext {
  readonly stable: string;
  readonly candidate: string;
  /** The stable Deployment rolls to the candidate's image, then the candidate goes. */
  readonly promote: ReleaseStep;
  /** The candidate goes (behind an HTTPRoute: its weight to 0 first). */
  readonly abort: ReleaseStep;
  readonly newShare: ReleaseNewShare;
}

/** A release found in the input. */
export interface ReleasePlan {
  readonly namespace: string | null;
  /** How the requests are split: `Service` (pod ratio) or `HTTPRoute` (weights). */
  readonly path: 'Service' | 'HTTPRoute';
  /** The shared Service (pod ratio); null for an HTTPRoute. */
  readonly service: string | null;
  /** The HTTPRoute; null for a pod ratio. */
  readonly route: string | null;
  /** Position of the route's rule in `spec.rules`; null for a pod ratio. */
  readonly rule: number | null;
  /** Where the Service or the HTTPRoute was read (CLI only). */
  readonly source?: { readonly file: string; readonly line: number };
  /** The stable version first, then the candidates in input order. */
  readonly versions: readonly ReleaseVersion[];
  /** Promote, abort, a new share; null unless there is exactly one candidate and both are planned Deployments. */
  readonly next: ReleaseNext | null;
  /** Plain sentences: how the stable version was told apart, what was not judged. */
  readonly notes: readonly string[];
}
