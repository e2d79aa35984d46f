import { Chart, Duration } from 'cdk8s';
import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { autoscalerSpec } from './autoscaling';
import { CONFIG_CHECKSUM_ANNOTATION, configWiring } from './config';
import { DisruptionBudget } from './disruption-budget';
import { ProblemList } from './errors';
import { HttpRoute } from '../imports/gateway.networking.k8s.io';
import { httpRouteSpec, ingressSpec, serviceAnnotations, serviceSpec, ServiceType } from './exposure';
import { checkWebsiteProps } from './website-validation';
import { DEREGISTRATION_SECONDS_ANNOTATION, DRAIN_SECONDS_ANNOTATION, EXEMPTION_ANNOTATION_PREFIX, PRESTOP_SECONDS_ANNOTATION, SCHEDULABLE_NODES_ANNOTATION } from './engine/annotations';
import { PATH_SECONDS, TrafficPath } from './engine/facts';
import { GuardrailRule } from './engine/rule-ids';
import { AppChecks } from './internal/app-checks';
import { ImageReference, imageVersionLabel, parseImageReference } from './image-reference';
import { KubernetesVersion } from './kubernetes-version';
import { COMPONENT_RESTART, COMPONENT_WEB, recommendedLabels, selectorLabels, sortKeys } from './internal/labels';
import { deploymentLinterExemptions } from './internal/linter-exemptions';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './internal/security';
import { Deployment } from './internal/api-objects';
import { seconds } from './internal/duration';
import { networkPolicySpec } from './network-policy';
import { HealthCheck, HTTP_PORT_NAME } from './probes';
import { resourceRequirements } from './resources';
import { ScheduledRestart } from './restart-schedule';
import { RolloutStrategy } from './rollout/strategy';
import { PreStopHook, PreStopKind } from './shutdown';
import { AntiAffinityMode, PodAntiAffinity, zoneSpreadConstraint } from './spreading';
import { ImagePullPolicy, ZeroDowntimeWebsiteProps } from './website-props';

/** Pod template annotation `kubectl rollout restart` writes; `restartToken` writes the same one. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Name of the website container. */
export const CONTAINER_NAME = 'web';

/**
 * A website on Kubernetes that rolls out new versions and survives node drains without dropping a
 * request.
 *
 * Renders a Deployment (rolling update with `maxUnavailable: 0`, readiness/liveness probes, preStop
 * delay, hardened pod), a Service, a PodDisruptionBudget, a NetworkPolicy, and on request an Ingress,
 * a Gateway API HTTPRoute, a HorizontalPodAutoscaler, a ConfigMap and a scheduled restart, for the
 * Kubernetes version `kubernetesVersion`. Every object is named after the site
 * (`name`, default the construct id), so names and selectors never change when the app is refactored.
 *
 * @example
 * new ZeroDowntimeWebsite(chart, 'website', { image: 'repo/site:1.2.3' });
 */
export class ZeroDowntimeWebsite extends Construct {
  /** The site name: name of every object and value of `app.kubernetes.io/name`. */
  public readonly name: string;
  /** Labels selecting the site's pods (stable forever: name and component only). */
  public readonly selector: Record<string, string>;
  /** The Deployment (escape hatch: `ApiObject.of(site.deployment).addJsonPatch(...)`). */
  public readonly deployment: k8s.KubeDeployment;
  /** The Service. */
  public readonly service: k8s.KubeService;
  /** The PodDisruptionBudget, unless disabled. */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The NetworkPolicy, unless disabled. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;
  /** The Ingress, when `ingress` is set. */
  public readonly ingress?: k8s.KubeIngress;
  /** The Gateway API HTTPRoute, when `httpRoute` is set. */
  public readonly httpRoute?: HttpRoute;
  /** The Kubernetes version the objects are rendered for (`kubernetesVersion`, `KubernetesVersion.setDefault`, or the default). */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The HorizontalPodAutoscaler, when `autoscaling` is set. */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** The ConfigMap, when `config` is set. */
  public readonly configMap?: k8s.KubeConfigMap;
  /** The scheduled restart, when `restartSchedule` is set. */
  public readonly scheduledRestart?: ScheduledRestart;
  /** The parsed image reference (undefined when `image` is invalid; synth then fails). */
  public readonly imageReference?: ImageReference;

  private readonly problems = new ProblemList();

  constructor(scope: Construct, id: string, props: ZeroDowntimeWebsiteProps) {
    super(scope, id);
    const p = props ?? ({} as ZeroDowntimeWebsiteProps);

    // ---- defaults -------------------------------------------------------------------------------
    this.name = p.name ?? id;
    const replicas = p.replicas ?? (p.autoscaling ? undefined : 3);
    const strategy = p.strategy ?? RolloutStrategy.rollingUpdate();
    const minReady = p.minReady ?? Duration.seconds(5);
    const progressDeadline = p.progressDeadline ?? Duration.minutes(5);
    const containerPort = p.containerPort ?? 8080;
    const readiness = p.readiness ?? HealthCheck.httpGet('/');
    const liveness = p.liveness ?? HealthCheck.tcpSocket({ initialDelay: Duration.seconds(10) });
    const contextVersion = KubernetesVersion._fromContext(this);
    const target = p.kubernetesVersion ?? contextVersion;
    this.kubernetesVersion = target instanceof KubernetesVersion && KubernetesVersion.ALL.includes(target) ? target : KubernetesVersion.DEFAULT;
    const serviceType = p.serviceType ?? ServiceType.CLUSTER_IP;
    const pathDelay = Duration.seconds(defaultPreStopSeconds(serviceType, Boolean(p.ingress), Boolean(p.httpRoute), p.deregistrationDelay));
    // From 1.30 the native sleep action: no `sleep` binary needed, so distroless and scratch images work too.
    const preStop = p.preStop ?? (this.kubernetesVersion.isAtLeast(KubernetesVersion.NATIVE_SLEEP) ? PreStopHook.sleep(pathDelay) : PreStopHook.execSleep(pathDelay));
    const drainTimeout = p.drainTimeout ?? Duration.seconds(20);
    const grace = p.terminationGracePeriod ?? Duration.seconds(seconds(preStop.delay) + seconds(drainTimeout) + 5);
    const budget = p.disruptionBudget ?? DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1));
    const antiAffinity = p.antiAffinity ?? PodAntiAffinity.preferred();
    const identity = { runAsUser: p.runAsUser ?? 10001, runAsGroup: p.runAsGroup ?? 10001 };
    const writablePaths = p.writablePaths ?? ['/tmp'];
    const resources = p.resources ?? {};

    // ---- input validation (all problems collected, reported at synth with the construct path) ----
    checkWebsiteProps(this.problems, p, this.name, id, contextVersion);
    registerSiteName(this, this.name, this.problems);
    this.imageReference = this.problems.capture(() => parseImageReference(p.image, 'image'));
    const ref = this.imageReference;
    const pullPolicy = p.imagePullPolicy ?? (ref?.digest ? ImagePullPolicy.IF_NOT_PRESENT : ImagePullPolicy.ALWAYS);
    const version = p.version ?? (ref ? imageVersionLabel(ref) : undefined);

    // ---- labels ----------------------------------------------------------------------------------
    this.selector = selectorLabels(this.name, COMPONENT_WEB);
    const labelsFor = (component: string) =>
      recommendedLabels({ site: this.name, component, partOf: p.partOf ?? this.name, instance: this.name, version, extra: p.labels });
    const labels = labelsFor(COMPONENT_WEB);
    const metadata = (annotations?: Record<string, string>): k8s.ObjectMeta => ({
      name: this.name,
      labels,
      annotations: annotations && Object.keys(annotations).length > 0 ? sortKeys(annotations) : undefined,
    });

    // ---- ConfigMap, restart token, writable paths -----------------------------------------------
    const templateAnnotations: Record<string, string> = {};
    const volumes: k8s.Volume[] = [];
    const mounts: k8s.VolumeMount[] = [];
    const env: k8s.EnvVar[] = Object.keys(p.env ?? {}).sort().map((k) => ({ name: k, value: p.env![k] }));
    if (p.config) {
      const configName = `${this.name}-config`;
      const wiring = configWiring(configName, p.config);
      this.configMap = new k8s.KubeConfigMap(this, 'Config', { metadata: { name: configName, labels }, data: wiring.data });
      templateAnnotations[CONFIG_CHECKSUM_ANNOTATION] = wiring.checksum;
      volumes.push(...wiring.volumes);
      mounts.push(...wiring.mounts);
      env.push(...wiring.env);
    }
    if (p.restartToken !== undefined) {
      templateAnnotations[RESTARTED_AT_ANNOTATION] = p.restartToken;
    }
    const volumeNames = new Set<string>();
    writablePaths.forEach((path, i) => {
      const volume = writableVolumeName(path, i, volumeNames);
      volumes.push({ name: volume, emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } });
      mounts.push({ name: volume, mountPath: path });
    });

    // ---- Deployment ------------------------------------------------------------------------------
    const deploymentAnnotations = deploymentLinterExemptions({
      priorityClassName: p.priorityClassName,
      hasCpuLimit: resources.cpuLimit !== undefined,
      image: ref,
      imagePullPolicy: pullPolicy,
    });
    for (const e of p.exemptions ?? []) {
      deploymentAnnotations[`${EXEMPTION_ANNOTATION_PREFIX}${e.rule}`] = e.reason;
    }
    // Facts the rule engine cannot read from Kubernetes fields (lib/engine/annotations.ts).
    deploymentAnnotations[DRAIN_SECONDS_ANNOTATION] = String(seconds(drainTimeout));
    if (preStop.kind === PreStopKind.CUSTOM) deploymentAnnotations[PRESTOP_SECONDS_ANNOTATION] = String(seconds(preStop.delay));
    if (antiAffinity.mode === AntiAffinityMode.REQUIRED) deploymentAnnotations[SCHEDULABLE_NODES_ANNOTATION] = String(antiAffinity.schedulableNodes ?? 0);
    const container: k8s.Container = {
      name: CONTAINER_NAME,
      image: p.image,
      imagePullPolicy: pullPolicy,
      ports: [{ name: HTTP_PORT_NAME, containerPort, protocol: 'TCP' }],
      env: env.length > 0 ? env : undefined,
      startupProbe: p.startup?._toKube('startup'),
      readinessProbe: readiness._toKube('readiness'),
      livenessProbe: liveness._toKube('liveness'),
      lifecycle: preStop._toKube(),
      resources: resourceRequirements(resources),
      securityContext: restrictedContainerSecurityContext(identity),
      volumeMounts: mounts.length > 0 ? mounts : undefined,
    };

    const deployment = new Deployment(this, 'Deployment', {
      metadata: metadata(deploymentAnnotations),
      spec: {
        replicas,
        selector: { matchLabels: this.selector },
        strategy: strategy._toKube(),
        minReadySeconds: seconds(minReady),
        progressDeadlineSeconds: seconds(progressDeadline),
        revisionHistoryLimit: p.revisionHistoryLimit ?? 10,
        template: {
          metadata: {
            labels,
            // Never an empty `annotations: {}` (Argo CD would never converge after a restart).
            annotations: Object.keys(templateAnnotations).length > 0 ? sortKeys(templateAnnotations) : undefined,
          },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: seconds(grace),
            priorityClassName: p.priorityClassName,
            imagePullSecrets: p.imagePullSecrets && p.imagePullSecrets.length > 0 ? p.imagePullSecrets.map((name) => ({ name })) : undefined,
            securityContext: {
              ...restrictedPodSecurityContext(identity),
              // A non-root server may bind a port below 1024 (e.g. 80) through this namespaced sysctl,
              // which Kubernetes counts as safe (allowed by the "restricted" Pod Security profile).
              sysctls: containerPort < 1024 ? [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] : undefined,
            },
            affinity: antiAffinity._toKube(this.selector),
            topologySpreadConstraints: p.zoneSpread ?? true ? [zoneSpreadConstraint(this.selector, 1)] : undefined,
            containers: [container],
            volumes: volumes.length > 0 ? volumes : undefined,
          },
        },
      },
    });
    const nativeSleep = preStop._nativeSleepPatch('/spec/template/spec/containers/0');
    if (nativeSleep) deployment.addPatchAfterSchemaFilter(nativeSleep);
    this.deployment = deployment;

    // ---- Service, PodDisruptionBudget, NetworkPolicy, Ingress, HorizontalPodAutoscaler ------------
    const serviceAnnotationMap: Record<string, string> = { ...serviceAnnotations(serviceType) };
    if (p.deregistrationDelay !== undefined) serviceAnnotationMap[DEREGISTRATION_SECONDS_ANNOTATION] = String(seconds(p.deregistrationDelay));
    for (const e of p.exemptions ?? []) {
      // A Service that selects no pods belongs to no Deployment: the engine reads this exemption on the Service.
      if (e.rule === GuardrailRule.SERVICE_SELECTOR_MISMATCH) serviceAnnotationMap[`${EXEMPTION_ANNOTATION_PREFIX}${e.rule}`] = e.reason;
    }
    const servicePort = p.servicePort ?? 80;
    const service = new k8s.KubeService(this, 'Service', {
      metadata: metadata(serviceAnnotationMap),
      spec: serviceSpec({ type: serviceType, selector: this.selector, port: servicePort, nodePort: p.nodePort }),
    });
    const budgetObject = budget.enabled
      ? new k8s.KubePodDisruptionBudget(this, 'Budget', { metadata: metadata(), spec: budget._toKube(this.selector) })
      : undefined;
    const networkPolicy = p.networkPolicy ?? {};
    if (networkPolicy.enabled ?? true) {
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', { metadata: metadata(), spec: networkPolicySpec(this.name, networkPolicy) });
    }
    if (p.ingress) {
      this.ingress = new k8s.KubeIngress(this, 'Ingress', { metadata: metadata(p.ingress.annotations), spec: ingressSpec(this.name, p.ingress) });
    }
    if (p.httpRoute && this.problems.all.every((x) => !x.property.startsWith('httpRoute'))) {
      // Typed from the Gateway API v1.4.1 CRD (imports/): every field it renders is known, nothing is filtered.
      this.httpRoute = new HttpRoute(this, 'HttpRoute', { metadata: metadata(p.httpRoute.annotations), spec: httpRouteSpec(this.name, servicePort, p.httpRoute) });
    }
    const autoscaler = p.autoscaling
      ? new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', { metadata: metadata(), spec: autoscalerSpec(this.name, p.autoscaling) })
      : undefined;

    // ---- scheduled restart -----------------------------------------------------------------------
    if (p.restartSchedule && this.problems.all.length === 0) {
      // With bad input the restart would only repeat the same problems under other names.
      const schedule = p.restartSchedule;
      this.scheduledRestart = this.problems.capture(() => new ScheduledRestart(this, 'Restart', {
        deploymentName: this.name,
        schedule,
        labels: labelsFor(COMPONENT_RESTART),
        identity,
      }));
    }

    this.service = service;
    this.podDisruptionBudget = budgetObject;
    this.autoscaler = autoscaler;
    const checks = AppChecks.of(this);
    checks.register(this, deployment, service, budgetObject, this.networkPolicy, this.ingress, this.httpRoute, autoscaler, this.configMap);
    const restart = this.scheduledRestart;
    if (restart) checks.register(this, restart.serviceAccount, restart.role, restart.roleBinding, restart.cronJob);
    this.node.addValidation({ validate: () => this.validate(checks) });
  }

  /** Every problem of this site in one report: input problems and rule findings (see `AppChecks.report`). */
  private validate(checks: AppChecks): string[] {
    return checks.report(this, this.problems.all);
  }
}

/**
 * The preStop delay the slowest traffic path needs (engine `PATH_SECONDS`, the same numbers the rule
 * `prestop-shorter-than-path` checks), or the declared deregistration delay when set.
 */
function defaultPreStopSeconds(serviceType: ServiceType, ingress: boolean, httpRoute: boolean, deregistrationDelay: Duration | undefined): number {
  const own = serviceType === ServiceType.LOAD_BALANCER ? TrafficPath.LOAD_BALANCER : serviceType === ServiceType.NODE_PORT ? TrafficPath.NODE_PORT : TrafficPath.CLUSTER_IP;
  const path = Math.max(
    PATH_SECONDS[own],
    ingress ? PATH_SECONDS[TrafficPath.INGRESS] : 0,
    httpRoute ? PATH_SECONDS[TrafficPath.HTTP_ROUTE] : 0,
  );
  if (deregistrationDelay === undefined) return path;
  const declared = seconds(deregistrationDelay);
  return Number.isFinite(declared) && declared >= 0 ? Math.ceil(declared) : path;
}

/** `emptyDir` volume name for a writable path: readable, stable, a valid DNS label, unique in the pod. */
function writableVolumeName(path: string, index: number, taken: Set<string>): string {
  const slug = String(path).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  let name = slug ? `writable-${slug}` : `writable-${index}`;
  if (taken.has(name)) name = `${name}-${index}`;
  taken.add(name);
  return name;
}

/** Site names per namespace across the app: O(1) duplicate detection however many sites there are. */
const siteRegistry = new WeakMap<object, Map<string, string>>();

function registerSiteName(site: Construct, name: string, problems: ProblemList): void {
  const root = site.node.root;
  let names = siteRegistry.get(root);
  if (!names) {
    names = new Map();
    siteRegistry.set(root, names);
  }
  let namespace = 'default';
  try {
    namespace = Chart.of(site).namespace ?? 'default';
  } catch {
    // not inside a Chart: cdk8s itself will refuse to synthesize
  }
  const key = `${namespace}/${name}`;
  const other = names.get(key);
  if (other !== undefined) {
    problems.add({
      property: 'name',
      problem: `is already used by the website at ${other} in namespace ${namespace}`,
      value: name,
      allowed: 'a site name unique per namespace',
      fix: 'give one of the sites another id or name',
    });
  } else {
    names.set(key, site.node.path);
  }
}
