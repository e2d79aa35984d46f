/**
 * Annotations the engine reads for facts Kubernetes has no field for. `ZeroDowntimeWebsite` writes them
 * on the Deployment; in hand-written or Helm YAML, add them to the Deployment's `metadata.annotations`
 * (values are strings of whole or decimal seconds, e.g. `"20"`).
 */

/** Prefix of the annotation that exempts an object from one rule: `zero-downtime.cdk8s.io/exempt-<rule id>: <reason>`. */
export const EXEMPTION_ANNOTATION_PREFIX = 'zero-downtime.cdk8s.io/exempt-';

/**
 * Seconds the server needs after SIGTERM to finish in-flight requests.
 * Default without the annotation: `DEFAULT_DRAIN_SECONDS`.
 */
export const DRAIN_SECONDS_ANNOTATION = 'zero-downtime.cdk8s.io/drain-seconds';

/** Seconds a preStop hook keeps the server serving, for hooks whose duration cannot be read from the command (a script, an HTTP call). */
export const PRESTOP_SECONDS_ANNOTATION = 'zero-downtime.cdk8s.io/prestop-seconds';

/**
 * Seconds the server keeps accepting new requests on its own after SIGTERM before it stops listening
 * (an in-app shutdown delay, e.g. podinfo fails its readiness and waits 3 s). It stands for a preStop
 * delay when the pod has no preStop hook: the traffic path has that long to stop sending requests.
 * Kubernetes has no field for it, and the YAML cannot show what the binary does at SIGTERM.
 */
export const SHUTDOWN_DELAY_SECONDS_ANNOTATION = 'zero-downtime.cdk8s.io/shutdown-delay-seconds';

/** Nodes the Deployment's pods can be scheduled on, for hard (required) pod anti-affinity. */
export const SCHEDULABLE_NODES_ANNOTATION = 'zero-downtime.cdk8s.io/schedulable-nodes';

/**
 * On a Service: seconds its load balancer or ingress path takes to stop sending requests to a pod that
 * is terminating (e.g. an AWS target group's deregistration delay). Overrides the per-path default.
 */
export const DEREGISTRATION_SECONDS_ANNOTATION = 'zero-downtime.cdk8s.io/deregistration-seconds';

/**
 * Drain time assumed for a Deployment without `DRAIN_SECONDS_ANNOTATION`: 0, i.e. the server is assumed
 * to exit as soon as it gets SIGTERM. The engine cannot know more from plain YAML; with it, the grace
 * period check only requires the preStop delay to fit.
 */
export const DEFAULT_DRAIN_SECONDS = 0;
