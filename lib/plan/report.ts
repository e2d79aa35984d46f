/**
 * The plan as JSON: what `cdk8s-zero-downtime plan --format json` prints and `planDeployments`
 * returns. Stable: fields are only ever added, never renamed or removed (docs/plan.md documents them).
 */
import { DrainPlan } from './drain';
import { QuotaCheck, ResourceName } from './surge-resources';
import { SecondsRange, TerminationTiming, WaveTiming } from '../engine/timing';

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
}
