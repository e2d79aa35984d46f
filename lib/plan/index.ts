/**
 * `plan`: what a rollout and a node drain will do to each Deployment, StatefulSet and DaemonSet,
 * before they happen, and what the next step of each release (promote, abort, a new share) will do.
 * See docs/plan.md.
 */
export { planDeployments, planInventory, PlanOptions } from './plan';
export {
  PlanReport,
  DeploymentPlan,
  StatefulSetPlan,
  DaemonSetPlan,
  WorkloadPlan,
  allPlans,
  verifyCommands,
  VerifyCommands,
  SurgeRequests,
  ResourceQuantities,
  AutoscalerRange,
  ScaledPlan,
} from './report';
export { renderPlanText, releaseLines } from './text';
export { planReleases, goneSeconds } from './release-plan';
export type { ReleasePlan, ReleaseVersion, ReleaseNext, ReleaseStep, ReleaseRoll, ReleaseRemoval, ReleaseNewShare, ReleaseScale } from './report';
export { renderPlanSvg, escapeXml, SVG_WIDTH, SVG_PANEL_HEIGHT } from './svg';
export {
  resolveFenceposts,
  Fenceposts,
  simulateRollingUpdate,
  simulateRecreate,
  RolloutSimulation,
  RolloutStep,
  MAX_SIMULATED_WAVES,
  MAX_REPLICAS,
} from './rollout-plan';
export { rolloutTimeline, peakPodsWithTerminating, TimelinePoint } from './timeline';
export {
  waveSeconds,
  terminationSeconds,
  progressDeadlineSeconds,
  formatRange,
  ESTIMATE_LEAVES_OUT,
  SecondsRange,
  WaveTiming,
  TerminationTiming,
} from '../engine/timing';
export { planDrain, DrainPlan, BudgetPlan, DrainVerdict, DrainReason, DrainReasonKind, DrainTiming, MAX_LISTED_PODS_ON_NODE } from './drain';
export { forecastDrain, drainTimeline, simulateDrain, DrainModel, DrainForecast, DrainPoint, DrainExtremes, MAX_SIMULATED_BATCHES, KUBECTL_EVICTION_RETRY_SECONDS } from './drain-forecast';
export { planStatefulSet, planDaemonSet, ASSUMED_NODES } from './workload-plans';
export {
  podResources,
  limitRangeDefaults,
  checkQuotas,
  PodResources,
  ContainerDefaults,
  QuotaCheck,
  QuotaResourceCheck,
  QuotaUsage,
  ResourceName,
  ResourceAmounts,
  RESOURCE_NAMES,
  KUBERNETES_RESOURCE,
} from './surge-resources';
