import { ApiObject } from 'cdk8s';
import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HttpRoute } from '../../imports/gateway.networking.k8s.io';
import { AppChecks } from '../app-checks';
import { ContainerImage, ImagePullPolicy } from '../container-image';
import { DisruptionBudget } from '../disruption-budget';
import { DEREGISTRATION_SECONDS_ANNOTATION, DRAIN_SECONDS_ANNOTATION, EXEMPTION_ANNOTATION_PREFIX, PRESTOP_SECONDS_ANNOTATION, SCHEDULABLE_NODES_ANNOTATION } from '../engine/annotations';
import { GuardrailRule } from '../engine/rule-ids';
import { Deployment } from '../internal/api-objects';
import { seconds } from '../internal/duration';
import { COMPONENT_RESTART, COMPONENT_WEB, LABEL_NAME, LABEL_SERVES, LABEL_TRACK, POLARIS_INSTANCE_MISMATCH_EXEMPT, recommendedLabels, selectorLabels, sortKeys, TRACK_STABLE } from '../internal/labels';
import { Problem } from '../internal/problems';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../internal/security';
import { KubernetesVersion } from '../kubernetes-version';
import { ReleaseKind } from '../release';
import { ServiceType } from '../exposure';
import { HTTP_PORT_NAME } from '../probes';
import { ScheduledRestart } from '../restart-schedule';
import { PreStopKind } from '../shutdown';
import { AntiAffinityMode } from '../spreading';
import { deploymentLinterExemptions } from './linter-exemptions';
import { ZeroDowntimeWebsiteProps } from './props';
import {
  autoscalerSpec,
  CONFIG_CHECKSUM_ANNOTATION,
  configWiring,
  httpRouteSpec,
  ingressSpec,
  networkPolicySpec,
  resourceRequirements,
  serviceAnnotations,
  serviceSpec,
  zoneSpreadConstraint,
} from './render';
import { ResolvedRelease, resolveWebsite } from './resolve';

/** Pod template annotation `kubectl rollout restart` writes; `restartToken` writes the same one. */
const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Name of the website container. */
const CONTAINER_NAME = 'web';

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
 * new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') });
 */
export class ZeroDowntimeWebsite extends Construct {
  /** The site name: name of every object and value of `app.kubernetes.io/name`. */
  public readonly name: string;
  /** Labels selecting the site's pods (stable forever: name and component only). */
  public readonly selector: Record<string, string>;
  /** The container image. */
  public readonly image: ContainerImage;
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
  /** The Gateway API HTTPRoute (gateway.networking.k8s.io/v1), when `httpRoute` is set and valid. */
  public readonly httpRoute?: ApiObject;
  /** The Kubernetes version the objects are rendered for (`kubernetesVersion`, `KubernetesVersion.setDefault`, or the default). */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The HorizontalPodAutoscaler, when `autoscaling` is set. */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** The ConfigMap, when `config` is set. */
  public readonly configMap?: k8s.KubeConfigMap;
  /** The scheduled restart, when `restartSchedule` is set (and the other props are valid). */
  public readonly scheduledRestart?: ScheduledRestart;
  /** The candidate's Deployment (`<name>-canary` or `<name>-preview`), when `release` is set. */
  public readonly candidateDeployment?: k8s.KubeDeployment;
  /**
   * The candidate's own Service, when it has one: `<name>-preview` (blue-green), `<name>-canary` (a
   * canary behind an HTTPRoute). A canary without a route has none: the site's Service selects both sets.
   */
  public readonly candidateService?: k8s.KubeService;
  /**
   * The candidate's share of the requests in percent, when `release` is set: the HTTPRoute weight, the
   * pod ratio without a route (1 candidate pod next to 3 stable pods is 25), 0 or 100 for blue-green.
   */
  public readonly candidateShare?: number;

  /** Every problem with the props, reported at synth with the rule findings. */
  private readonly problems: Problem[];

  constructor(scope: Construct, id: string, props: ZeroDowntimeWebsiteProps) {
    super(scope, id);
    // Defaults applied once and every input checked (nothing thrown: reported at synth with the path).
    const o = resolveWebsite(this, id, props);
    this.problems = o.problems;
    this.name = o.name;
    this.image = o.image;
    this.kubernetesVersion = o.kubernetesVersion;

    // ---- labels ----------------------------------------------------------------------------------
    this.selector = selectorLabels(this.name, COMPONENT_WEB);
    const labelsFor = (component: string) =>
      recommendedLabels({ site: this.name, component, partOf: o.partOf, instance: this.name, version: o.version, extra: o.labels });
    const labels = labelsFor(COMPONENT_WEB);
    // Every serving pod carries `serves` (the Service selects by it while a canary shares by pod ratio)
    // and its track; the restart Job's pods carry neither.
    const podLabelsOf = (base: Record<string, string>, track: string) => sortKeys({ ...base, [LABEL_SERVES]: this.name, [LABEL_TRACK]: track });
    const release = o.release;
    const metadata = (annotations?: Record<string, string>): k8s.ObjectMeta => ({
      name: this.name,
      labels,
      annotations: annotations && Object.keys(annotations).length > 0 ? sortKeys(annotations) : undefined,
    });

    // ---- ConfigMap, restart token, writable paths -----------------------------------------------
    const templateAnnotations: Record<string, string> = {};
    const volumes: k8s.Volume[] = [];
    const mounts: k8s.VolumeMount[] = [];
    // An empty value is left out: the API server drops `value: ""` (omitempty), so the manifest would differ from what it reads back.
    const env: k8s.EnvVar[] = Object.keys(o.env).sort().map((k) => ({ name: k, value: o.env[k] === '' ? undefined : o.env[k] }));
    if (o.config) {
      const configName = `${this.name}-config`;
      const wiring = configWiring(configName, o.config);
      this.configMap = new k8s.KubeConfigMap(this, 'Config', { metadata: { name: configName, labels }, data: wiring.data });
      templateAnnotations[CONFIG_CHECKSUM_ANNOTATION] = wiring.checksum;
      volumes.push(...wiring.volumes);
      mounts.push(...wiring.mounts);
      env.push(...wiring.env);
    }
    if (o.restartToken !== undefined) {
      templateAnnotations[RESTARTED_AT_ANNOTATION] = o.restartToken;
    }
    const volumeNames = new Set<string>();
    o.writablePaths.forEach((path, i) => {
      const volume = writableVolumeName(path, i, volumeNames);
      volumes.push({ name: volume, emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } });
      mounts.push({ name: volume, mountPath: path });
    });

    // ---- Deployment ------------------------------------------------------------------------------
    // Linter exemptions depend on the image: added per Deployment (renderDeployment).
    const deploymentAnnotations: Record<string, string> = {};
    for (const e of o.exemptions) {
      deploymentAnnotations[`${EXEMPTION_ANNOTATION_PREFIX}${e.rule}`] = e.reason;
    }
    // Facts the rule engine cannot read from Kubernetes fields (lib/engine/annotations.ts).
    deploymentAnnotations[DRAIN_SECONDS_ANNOTATION] = String(seconds(o.drainTimeout));
    if (o.preStop.kind === PreStopKind.CUSTOM) deploymentAnnotations[PRESTOP_SECONDS_ANNOTATION] = String(seconds(o.preStop.delay));
    if (o.antiAffinity.mode === AntiAffinityMode.REQUIRED) deploymentAnnotations[SCHEDULABLE_NODES_ANNOTATION] = String(o.antiAffinity.schedulableNodes ?? 0);
    /** The Deployment of one set of pods: the stable one, or the release's candidate. */
    const renderDeployment = (id: string, d: DeploymentInputs): Deployment => {
      const container: k8s.Container = {
        name: CONTAINER_NAME,
        image: d.image.reference,
        imagePullPolicy: d.imagePullPolicy,
        ports: [{ name: HTTP_PORT_NAME, containerPort: o.containerPort, protocol: 'TCP' }],
        env: env.length > 0 ? env : undefined,
        startupProbe: o.startup?._toKube('startup'),
        readinessProbe: o.readiness._toKube('readiness'),
        livenessProbe: o.liveness._toKube('liveness'),
        lifecycle: o.preStop._toKube(),
        resources: resourceRequirements(o.resources),
        securityContext: restrictedContainerSecurityContext(o.identity),
        volumeMounts: mounts.length > 0 ? mounts : undefined,
      };
      const annotations = {
        ...deploymentAnnotations,
        ...deploymentLinterExemptions({ priorityClassName: o.priorityClassName, hasCpuLimit: o.resources.cpuLimit !== undefined, image: d.image, imagePullPolicy: d.imagePullPolicy }),
        ...(d.annotations ?? {}),
      };
      const made = new Deployment(this, id, {
        metadata: { name: d.name, labels: d.labels, annotations: sortKeys(annotations) },
        spec: {
          replicas: d.replicas,
          selector: { matchLabels: d.selector },
          strategy: o.strategy._toKube(),
          minReadySeconds: seconds(o.minReady) || undefined, // 0 is the API server's default and is dropped
          progressDeadlineSeconds: seconds(o.progressDeadline),
          revisionHistoryLimit: o.revisionHistoryLimit,
          template: {
            metadata: {
              labels: d.podLabels,
              // Never an empty `annotations: {}` (Argo CD would never converge after a restart).
              annotations: Object.keys(templateAnnotations).length > 0 ? sortKeys(templateAnnotations) : undefined,
            },
            spec: {
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              terminationGracePeriodSeconds: seconds(o.terminationGracePeriod),
              priorityClassName: o.priorityClassName,
              imagePullSecrets: o.imagePullSecrets?.map((name) => ({ name })),
              securityContext: {
                ...restrictedPodSecurityContext(o.identity),
                // A non-root server may bind a port below 1024 (e.g. 80) through this namespaced sysctl,
                // which Kubernetes counts as safe (allowed by the "restricted" Pod Security profile).
                sysctls: o.containerPort < 1024 ? [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] : undefined,
              },
              affinity: o.antiAffinity._toKube(d.selector),
              topologySpreadConstraints: o.zoneSpread ? [zoneSpreadConstraint(d.selector, 1)] : undefined,
              containers: [container],
              volumes: volumes.length > 0 ? volumes : undefined,
            },
          },
        },
      });
      const nativeSleep = o.preStop._nativeSleepPatch('/spec/template/spec/containers/0');
      if (nativeSleep) made.addPatchAfterSchemaFilter(nativeSleep);
      return made;
    };
    const deployment = renderDeployment('Deployment', {
      name: this.name,
      image: o.image,
      imagePullPolicy: o.imagePullPolicy,
      replicas: o.replicas,
      selector: this.selector,
      labels,
      podLabels: podLabelsOf(labels, TRACK_STABLE),
    });
    this.deployment = deployment;

    // ---- Service, PodDisruptionBudget, NetworkPolicy, Ingress, HorizontalPodAutoscaler ------------
    const serviceAnnotationMap: Record<string, string> = { ...serviceAnnotations(o.serviceType) };
    if (o.deregistrationDelay !== undefined) serviceAnnotationMap[DEREGISTRATION_SECONDS_ANNOTATION] = String(seconds(o.deregistrationDelay));
    for (const e of o.exemptions) {
      // A Service that selects no pods belongs to no Deployment: the engine reads this exemption on the Service.
      if (e.rule === GuardrailRule.SERVICE_SELECTOR_MISMATCH) serviceAnnotationMap[`${EXEMPTION_ANNOTATION_PREFIX}${e.rule}`] = e.reason;
    }
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: metadata(serviceAnnotationMap),
      spec: serviceSpec({ type: o.serviceType, selector: liveSelector(this.name, this.selector, release), port: o.servicePort, nodePort: o.nodePort }),
    });
    this.podDisruptionBudget = o.disruptionBudget.enabled
      ? new k8s.KubePodDisruptionBudget(this, 'Budget', { metadata: metadata(), spec: o.disruptionBudget._toKube(this.selector) })
      : undefined;
    if (o.networkPolicy.enabled) {
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', { metadata: metadata(), spec: networkPolicySpec(this.name, o.networkPolicy) });
    }
    if (o.ingress) {
      this.ingress = new k8s.KubeIngress(this, 'Ingress', { metadata: metadata(o.ingress.annotations), spec: ingressSpec(this.name, o.ingress) });
    }
    if (o.httpRoute) {
      // Typed from the Gateway API v1.4.1 CRD (imports/): every field it renders is known, nothing is filtered.
      const candidate = release?.weighted ? { service: release.name, weight: release.weight ?? 0 } : undefined;
      this.httpRoute = new HttpRoute(this, 'HttpRoute', { metadata: metadata(o.httpRoute.annotations), spec: httpRouteSpec(this.name, o.servicePort, o.httpRoute, candidate) });
    }
    this.autoscaler = o.autoscaling
      ? new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', { metadata: metadata(), spec: autoscalerSpec(this.name, o.autoscaling) })
      : undefined;

    // ---- the release's candidate set: the same pods, other labels and names --------------------------
    const candidateObjects: Array<ApiObject | undefined> = [];
    if (release) {
      const candidateSelector = selectorLabels(this.name, release.component);
      const candidateLabels = recommendedLabels({ site: this.name, component: release.component, partOf: o.partOf, instance: this.name, version: release.version, extra: o.labels });
      const candidateMetadata = (name: string, annotations?: Record<string, string>): k8s.ObjectMeta => ({
        name,
        labels: candidateLabels,
        annotations: annotations && Object.keys(annotations).length > 0 ? sortKeys(annotations) : undefined,
      });
      this.candidateShare = release.share;
      this.candidateDeployment = renderDeployment('CandidateDeployment', {
        name: release.name,
        image: release.image,
        imagePullPolicy: release.imagePullPolicy,
        replicas: release.replicas,
        selector: candidateSelector,
        labels: candidateLabels,
        podLabels: podLabelsOf(candidateLabels, release.track),
        annotations: {
          [RELEASE_ANNOTATION]: release.kind,
          [TRAFFIC_SHARE_ANNOTATION]: release.share === undefined ? release.shareBasis : `${release.share}% (${release.shareBasis})`,
          // `app.kubernetes.io/instance` names the site, which the candidate set is part of (as the restart CronJob is).
          [POLARIS_INSTANCE_MISMATCH_EXEMPT]: 'true',
        },
      });
      if (release.kind === ReleaseKind.BLUE_GREEN || release.weighted) {
        this.candidateService = new k8s.KubeService(this, 'CandidateService', {
          metadata: candidateMetadata(release.name, o.deregistrationDelay !== undefined ? { [DEREGISTRATION_SECONDS_ANNOTATION]: String(seconds(o.deregistrationDelay)) } : undefined),
          spec: serviceSpec({ type: ServiceType.CLUSTER_IP, selector: candidateSelector, port: o.servicePort }),
        });
      }
      const budget = release.kind === ReleaseKind.CANARY ? DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1), { unhealthyPodEvictionPolicy: o.disruptionBudget.unhealthyPodEvictionPolicy }) : o.disruptionBudget;
      const candidateBudget = o.disruptionBudget.enabled
        ? new k8s.KubePodDisruptionBudget(this, 'CandidateBudget', { metadata: candidateMetadata(release.name), spec: budget._toKube(candidateSelector) })
        : undefined;
      const candidatePolicy = o.networkPolicy.enabled
        ? new k8s.KubeNetworkPolicy(this, 'CandidateNetworkPolicy', { metadata: candidateMetadata(release.name), spec: networkPolicySpec(this.name, o.networkPolicy, release.component) })
        : undefined;
      const candidateAutoscaler = release.autoscaling
        ? new k8s.KubeHorizontalPodAutoscalerV2(this, 'CandidateAutoscaler', { metadata: candidateMetadata(release.name), spec: autoscalerSpec(release.name, release.autoscaling) })
        : undefined;
      candidateObjects.push(this.candidateDeployment, this.candidateService, candidateBudget, candidatePolicy, candidateAutoscaler);
    }

    // ---- scheduled restart (its own objects and findings) -----------------------------------------
    if (o.restartSchedule) {
      // Rendered whatever the other props' problems, so that its findings come in the same report. The
      // site has checked every input it hands on (name, labels, identity, schedule): the restart reports
      // its findings only, never those problems again under other names.
      this.scheduledRestart = ScheduledRestart._inherited(this, 'Restart', {
        deploymentName: this.name,
        schedule: o.restartSchedule,
        labels: labelsFor(COMPONENT_RESTART),
        identity: o.identity,
      });
    }

    const checks = AppChecks.of(this);
    checks.register(this, deployment, this.service, this.podDisruptionBudget, this.networkPolicy, this.ingress, this.httpRoute, this.autoscaler, this.configMap);
    // The candidate's findings name the release prop: `release.replicas`, not the stable `replicas`.
    checks.registerUnder(this, 'release', ...candidateObjects);
    this.node.addValidation({ validate: () => checks.report(this, this.problems) });
  }
}

/** Deployment annotation naming the kind of release a candidate Deployment belongs to (`canary`, `blue-green`). */
export const RELEASE_ANNOTATION = 'zero-downtime.cdk8s.io/release';

/** Deployment annotation stating the candidate's share of the requests and how it comes about. */
export const TRAFFIC_SHARE_ANNOTATION = 'zero-downtime.cdk8s.io/traffic-share';

/** What differs between the stable Deployment and a candidate's. */
interface DeploymentInputs {
  readonly name: string;
  readonly image: ContainerImage;
  readonly imagePullPolicy: ImagePullPolicy;
  readonly replicas?: number;
  readonly selector: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/**
 * The selector of the site's Service: the stable set (`{name, component: web}`); both sets by their
 * `serves` label during a canary without a route (the share is the pod ratio); the candidate set
 * during a blue-green release that is live.
 */
function liveSelector(site: string, stable: Record<string, string>, release: ResolvedRelease | undefined): Record<string, string> {
  if (!release) return stable;
  if (release.kind === ReleaseKind.CANARY && !release.weighted) return { [LABEL_NAME]: site, [LABEL_SERVES]: site };
  if (release.kind === ReleaseKind.BLUE_GREEN && release.live) return selectorLabels(site, release.component);
  return stable;
}

/** `emptyDir` volume name for a writable path: readable, stable, a valid DNS label, unique in the pod. */
function writableVolumeName(path: string, index: number, taken: Set<string>): string {
  const slug = String(path).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  let name = slug ? `writable-${slug}` : `writable-${index}`;
  if (taken.has(name)) name = `${name}-${index}`;
  taken.add(name);
  return name;
}
