/**
 * The plan as JSON: what `cdk8s-zero-downtime plan --format json` prints and `planDeployments`
 * returns. Stable: fields are only ever added, never renamed or removed (docs/plan.md documents them).
 */
import { DrainPlan } from './drain';
import { QuotaCheck, ResourceName } from './surge-resources';
import { SecondsRange, TerminationTiming, WaveTiming } from '../engine/timing';
import { formatDuration } from '../verify/duration';
import { tailForGracePeriod, VERIFY_DEFAULTS } from '../verify/options';

/** The plan of every Deployment of the input. */
export interface PlanReport {
  /** One entry per Deployment, in input order. */
  readonly deployments: readonly DeploymentPlan[];
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

/** The plan of one Deployment. */
export interface DeploymentPlan {
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
   * @default - not set by `planDeployments` yet: `verifyCommands(plan)` computes it
   */
  readonly verify?: VerifyCommands | null;
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

/**
 * The `verify` commands of a planned Deployment, computed from the plan's own figures: the tail from
 * `termination.graceSeconds`, the timeouts from `estimatedSeconds` and `progressDeadlineSeconds`.
 * Null when the API server refuses the Deployment (no rollout happens) or its name or namespace is
 * not a DNS name.
 */
export function verifyCommands(d: DeploymentPlan): VerifyCommands | null {
  if (!d.valid || !SHELL_SAFE_NAME.test(d.name) || (d.namespace !== null && !SHELL_SAFE_NAME.test(d.namespace))) return null;
  const tailSeconds = Math.min(MAX_TAIL_SECONDS, tailForGracePeriod(d.termination.graceSeconds * 1000) / 1000);
  const rolloutStatusTimeoutSeconds = Math.min(MAX_COMMAND_TIMEOUT_SECONDS, ceilMinutes(d.estimatedSeconds.max + d.progressDeadlineSeconds));
  const drainTimeoutSeconds = Math.max(300, rolloutStatusTimeoutSeconds);
  // the longer command, its tail, and a minute for kubectl itself
  const needed = ceilMinutes(Math.max(rolloutStatusTimeoutSeconds, drainTimeoutSeconds) + tailSeconds + 60);
  const verifyTimeoutSeconds = needed * 1000 > VERIFY_DEFAULTS.timeoutMs ? needed : null;
  const ns = d.namespace === null ? '' : ` -n ${d.namespace}`;
  const verify = `cdk8s-zero-downtime verify --url "$URL" --tail ${seconds(tailSeconds)}${verifyTimeoutSeconds === null ? '' : ` --timeout ${seconds(verifyTimeoutSeconds)}`}`;
  const deployment = `deployment/${d.name}${ns}`;
  return {
    tailSeconds,
    rolloutStatusTimeoutSeconds,
    drainTimeoutSeconds,
    verifyTimeoutSeconds,
    rollout: `${verify} --during "kubectl rollout restart ${deployment} && kubectl rollout status ${deployment} --timeout=${seconds(rolloutStatusTimeoutSeconds)}"`,
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
