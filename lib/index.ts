/*
 * The public API of cdk8s-zero-downtime, listed one by one: every type here is in the jsii assembly
 * (.jsii), so it is what TypeScript, Python, Java, Go and .NET users get. Everything else under lib/ is
 * internal: the rule engine's inventory and facts, the validators, the CLI (`cdk8s-zero-downtime`
 * check | plan | verify | synth), which is the package's command, not its API.
 */

// The website and what it is made of.
export { ZeroDowntimeWebsite } from './website/website';
export type { ZeroDowntimeWebsiteProps } from './website/props';
export { ContainerImage, ImagePullPolicy } from './container-image';
export type { ImageFromEnvironmentOptions } from './container-image';
export { RolloutStrategy, RolloutStrategyKind } from './rollout/strategy';
export type { RollingUpdateOptions } from './rollout/strategy';
export { HealthCheck, HealthCheckKind } from './probes';
export type { HealthCheckOptions, HealthCheckTarget, HttpGetHealthCheckOptions, TcpSocketHealthCheckOptions } from './probes';
export { PreStopHook, PreStopKind } from './shutdown';
export { DisruptionBudget, DisruptionBudgetKind, UnhealthyPodEvictionPolicy } from './disruption-budget';
export type { DisruptionBudgetOptions } from './disruption-budget';
export { AntiAffinityMode, PodAntiAffinity } from './spreading';
export { HttpRoutePathType, ServiceType } from './exposure';
export type { HttpRouteOptions, HttpRouteParentRef, HttpRoutePathMatch, IngressOptions } from './exposure';
export { NetworkEgress, NetworkPeer } from './network-policy';
export type { NetworkPolicyOptions } from './network-policy';
export type { AutoscalingOptions } from './autoscaling';
export type { WebsiteResources } from './resources';
export type { WebsiteConfig } from './config';
export { KubernetesVersion } from './kubernetes-version';

// Releases: canary and blue-green as commits.
export { Release, ReleaseKind } from './release';
export type { BlueGreenReleaseOptions, CanaryReleaseOptions } from './release';

// Restarts on a schedule.
export { RestartSchedule, ScheduledRestart } from './restart-schedule';
export type { DailyRestartScheduleOptions, PodIdentity, RestartScheduleOptions, ScheduledRestartProps } from './restart-schedule';

// Delivery with Argo CD.
export { ArgoCdApplication, CascadeDeletion, PrunePropagationPolicy, SyncMode } from './argocd-application';
export { SyncOption } from './argocd-sync-option';
export type { ArgoCdApplicationProps, AutomatedSyncOptions } from './argocd-application';

// The zero-downtime rules, for any Kubernetes objects.
export { RuleEngine } from './engine/check';
export type { Analysis, CheckOptions, Finding, InputProblem, Skip } from './engine/check';
export type { ObjectRef } from './engine/object-ref';
export { GuardrailRule } from './engine/rule-ids';
export type { GuardrailExemption } from './engine/rule-ids';
export { ZeroDowntimeRules } from './zero-downtime-rules';
export type { ZeroDowntimeRule } from './zero-downtime-rules';
export { TransitionState, WorkloadChangeKind } from './engine/transition';
export type { TransitionFinding, WorkloadChange } from './engine/transition';

// Writing the manifests.
export { ZeroDowntimeApp } from './synth-app';
