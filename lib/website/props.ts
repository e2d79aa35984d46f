import { Duration } from 'cdk8s';
import { AutoscalingOptions } from '../autoscaling';
import { WebsiteConfig } from '../config';
import { ContainerImage, ImagePullPolicy } from '../container-image';
import { DisruptionBudget } from '../disruption-budget';
import { HttpRouteOptions, IngressOptions, ServiceType } from '../exposure';
import { GuardrailExemption } from '../engine/rule-ids';
import { KubernetesVersion } from '../kubernetes-version';
import { NetworkPolicyOptions } from '../network-policy';
import { HealthCheck } from '../probes';
import { WebsiteResources } from '../resources';
import { RestartSchedule } from '../restart-schedule';
import { RolloutStrategy } from '../rollout/strategy';
import { PreStopHook } from '../shutdown';
import { Release } from '../release';
import { PodAntiAffinity } from '../spreading';

/**
 * Properties of a `ZeroDowntimeWebsite`. Only `image` is required: every default is chosen so that a
 * rollout or a node drain never drops a request, and each one says why.
 */
export interface ZeroDowntimeWebsiteProps {
  /**
   * The container image, e.g. `ContainerImage.fromRegistry('user/site:42')`.
   * A digest is the safest reference (what runs is exactly what was tested). A mutable tag such as
   * `latest` is accepted only with `imagePullPolicy: Always` (the default for tags).
   */
  readonly image: ContainerImage;

  /**
   * Name of the Deployment, Service and every other object of the site (a DNS-1035 label: lowercase
   * letters, digits and `-`, starting with a letter, at most 63 characters). It is also the value of
   * the selector label `app.kubernetes.io/name`, which can never change on a live Deployment.
   * @default - the construct id, so the same id gives the same names forever
   */
  readonly name?: string;

  /**
   * Pods to run. Three keep the site up during a node drain while another pod is being replaced.
   * Must be at least 1; fewer than 2 is refused by the guardrail `deployment-replicas` (one pod means
   * downtime on every node drain) unless exempted. Leave it out when `autoscaling` is set.
   * @default 3
   */
  readonly replicas?: number;

  /**
   * How pods are replaced during a rollout.
   * @default RolloutStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: 0 }) - full capacity throughout
   */
  readonly strategy?: RolloutStrategy;

  /**
   * How long a new pod must stay Ready before it counts as available (`minReadySeconds`): a pod that
   * crashes right after its first good probe does not let the rollout remove an old pod.
   * @default Duration.seconds(5)
   */
  readonly minReady?: Duration;

  /**
   * How long a rollout may make no progress before the Deployment reports `ProgressDeadlineExceeded`
   * (`kubectl rollout status` fails, Argo CD shows Degraded). Must exceed `minReady` and one surge wave.
   * @default Duration.minutes(5) - the Kubernetes default of 10 minutes hides a stuck rollout for too long
   */
  readonly progressDeadline?: Duration;

  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;

  /**
   * Port the server listens on inside the container, declared as the named port `http`. Non-root
   * servers cannot bind below 1024 unless the runtime allows it, hence 8080.
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * When the kubelet pulls the image.
   * @default - `Always` for a tag (a re-pushed tag is picked up), `IfNotPresent` for a digest
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Secrets (type `kubernetes.io/dockerconfigjson`) the kubelet uses to pull the image from a private
   * registry, by name, in the site's namespace.
   * @default - none: a public image, or credentials from the node or the namespace's ServiceAccount
   */
  readonly imagePullSecrets?: string[];

  /**
   * Environment variables of the container, rendered sorted by name.
   * @default - none
   */
  readonly env?: Record<string, string>;

  /**
   * Readiness probe: the Service sends requests only to pods that pass it.
   * @default HealthCheck.httpGet('/') on port `http`, every 5 s, timeout 2 s
   */
  readonly readiness?: HealthCheck;

  /**
   * Liveness probe: the kubelet restarts a container that fails it. Deliberately not the same check
   * as readiness (a slow moment should take a pod out of the Service, not restart it).
   * `HealthCheck.none()` disables it.
   * @default HealthCheck.tcpSocket() on port `http`, every 10 s, after 10 s
   */
  readonly liveness?: HealthCheck;

  /**
   * Startup probe for slow boots: liveness and readiness wait until it succeeds.
   * @default - none
   */
  readonly startup?: HealthCheck;

  /**
   * The Kubernetes version the objects are rendered for: the oldest version of the clusters the site
   * is applied to. From 1.30 the default preStop is the native `sleep` action (no `sleep` binary
   * needed in the image). See `KubernetesVersion` for everything that depends on it.
   * @default - the version set with `KubernetesVersion.setDefault(app or chart, ...)`, else
   * `KubernetesVersion.V1_27`: a library upgrade never changes, and so never restarts, existing sites
   */
  readonly kubernetesVersion?: KubernetesVersion;

  /**
   * What runs before the server gets SIGTERM, so the pod leaves every load balancer first.
   *
   * The default delay is the time the slowest path to the pod needs to stop sending it requests
   * (docs/guardrails.md, "preStop by traffic path"): 5 s for ClusterIP and NodePort (kube-proxy), 15 s
   * for a LoadBalancer Service, an Ingress or an HTTPRoute (load balancers, ingress controllers and
   * gateways deregister more slowly), or `deregistrationDelay` when set. The rule
   * `prestop-shorter-than-path` refuses a shorter one.
   * `PreStopHook.sleep()` needs `kubernetesVersion` 1.30 or newer when `kubernetesVersion` is set.
   * @default - `PreStopHook.sleep(<path time>)` for `kubernetesVersion` >= 1.30 (no binary needed);
   * `PreStopHook.execSleep(<path time>)` below (needs `sleep` in the image)
   */
  readonly preStop?: PreStopHook;

  /**
   * How long your load balancer, ingress or gateway path keeps sending requests to a terminating pod,
   * e.g. an AWS target group's deregistration delay. Written on the Service as the annotation
   * `zero-downtime.cdk8s.io/deregistration-seconds`; it replaces the per-path default in the preStop
   * delay and in the rule `prestop-shorter-than-path`.
   * @default - the per-path default (5 s ClusterIP/NodePort, 15 s LoadBalancer/Ingress/HTTPRoute)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * Time the server needs after SIGTERM to finish in-flight requests.
   * @default Duration.seconds(20)
   */
  readonly drainTimeout?: Duration;

  /**
   * `terminationGracePeriodSeconds`: the whole budget from the start of termination to SIGKILL. It
   * includes the preStop delay, so it must be greater than preStop delay + drainTimeout.
   * @default - preStop delay + drainTimeout + 5 s (30 s with the defaults)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * PodDisruptionBudget for node drains and cluster upgrades.
   * @default DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1)) with unhealthyPodEvictionPolicy AlwaysAllow
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * Anti-affinity on `kubernetes.io/hostname`.
   * @default PodAntiAffinity.preferred() - soft: never leaves the surge pod Pending
   */
  readonly antiAffinity?: PodAntiAffinity;

  /**
   * Spread pods across zones with a soft `topologySpreadConstraints` entry (`ScheduleAnyway`,
   * `matchLabelKeys: [pod-template-hash]`).
   * @default true
   */
  readonly zoneSpread?: boolean;

  /**
   * Service type.
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: ServiceType;

  /**
   * Port the Service listens on; it forwards to the container port named `http`.
   * @default 80
   */
  readonly servicePort?: number;

  /**
   * Fixed node port (30000–32767) for `ServiceType.NODE_PORT`, e.g. 31000 behind an external balancer.
   * @default - Kubernetes picks a free one
   */
  readonly nodePort?: number;

  /**
   * An Ingress in front of the Service.
   * @default - none
   */
  readonly ingress?: IngressOptions;

  /**
   * A Gateway API HTTPRoute (gateway.networking.k8s.io/v1) in front of the Service, attached to your
   * Gateway; it can run alongside `ingress` while you migrate. Defaults the API server would fill in
   * are written out, so GitOps diffs stay clean.
   * @default - none
   */
  readonly httpRoute?: HttpRouteOptions;

  /**
   * A HorizontalPodAutoscaler; then `replicas` is left out of the Deployment.
   * @default - none: a fixed `replicas`
   */
  readonly autoscaling?: AutoscalingOptions;

  /**
   * The NetworkPolicy admitting traffic only to the `http` port.
   * @default - rendered, ingress from anywhere to `http` only, egress open
   */
  readonly networkPolicy?: NetworkPolicyOptions;

  /**
   * Requests and limits of the container.
   * @default - 50m CPU and 64Mi memory requested, 128Mi memory limit, no CPU limit, 64Mi/256Mi ephemeral storage
   */
  readonly resources?: WebsiteResources;

  /**
   * Numeric user id the container runs as. Numeric so that `runAsNonRoot` can be verified by the
   * kubelet even when the image names a user; 10000 or more keeps clear of host users.
   * @default 10001
   */
  readonly runAsUser?: number;

  /**
   * Numeric group id (also the `fsGroup` of writable volumes).
   * @default 10001
   */
  readonly runAsGroup?: number;

  /**
   * Directories that stay writable (each an `emptyDir`) while the root filesystem is read-only.
   * nginx needs `['/tmp', '/var/cache/nginx', '/var/run']`.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];

  /**
   * Files and environment variables from a ConfigMap owned by the site; a content change rolls the pods.
   * @default - no ConfigMap
   */
  readonly config?: WebsiteConfig;

  /**
   * GitOps restart token: written to the pod template annotation `kubectl.kubernetes.io/restartedAt`,
   * exactly where `kubectl rollout restart` writes. Commit a new value (e.g. the date, or a build id)
   * to roll the pods; the same value never restarts anything. No timestamp is generated at synth.
   * @default - none
   */
  readonly restartToken?: string;

  /**
   * Restart the site on a schedule (a CronJob doing `kubectl rollout restart` on this Deployment
   * only), e.g. to pick up a `latest` image rebuilt every night.
   * @default - none
   */
  readonly restartSchedule?: RestartSchedule;

  /**
   * `priorityClassName` of the pods. Unset by default because a PriorityClass is cluster-scoped and may
   * not exist in your cluster (pods would then be rejected); Polaris `priorityClassNotSet` is marked
   * exempt for that reason until you set one.
   * @default - none
   */
  readonly priorityClassName?: string;

  /**
   * `app.kubernetes.io/part-of`: the larger application, e.g. `gethue`. Useful for
   * `kubectl get all -l app.kubernetes.io/part-of=gethue`.
   * @default - the site name
   */
  readonly partOf?: string;

  /**
   * `app.kubernetes.io/version`.
   * @default - the image tag when it is a valid label value, else the start of the digest
   */
  readonly version?: string;

  /**
   * Extra labels on every object and pod. They cannot override the `app.kubernetes.io/*` labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * A release in progress: the candidate version next to the stable one, as a canary
   * (`Release.canary({ image, replicas, weight })`) or blue-green (`Release.blueGreen({ image, live })`).
   * Every step is a commit: start (add it), change the share, promote (set `image` to the candidate
   * image, then remove the release), abort (remove it). The candidate gets every zero-downtime default;
   * its objects are named `<name>-canary` or `<name>-preview`. Steps and commits per traffic path:
   * docs/release.md.
   * @default - no release: the stable set only
   */
  readonly release?: Release;

  /**
   * Zero-downtime rules you turn off on purpose, each with a reason (rendered as an annotation).
   * @default - every rule is enforced
   */
  readonly exemptions?: GuardrailExemption[];
}
