import { Chart, Duration, Size } from 'cdk8s';
import { Cpu, PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AutoscalingOptions } from '../autoscaling';
import { WebsiteConfig } from '../config';
import { ContainerImage, ImagePullPolicy } from '../container-image';
import { DisruptionBudget } from '../disruption-budget';
import { GuardrailExemption } from '../engine/rule-ids';
import { PATH_SECONDS } from '../engine/facts';
import { HttpRouteOptions, IngressOptions, ServiceType } from '../exposure';
import { seconds } from '../internal/duration';
import { candidateComponent, TRACK_CANARY, TRACK_PREVIEW } from '../internal/labels';
import { nestProblems, Problem, ProblemList } from '../internal/problems';
import { checkDns1035Label, checkDnsSubdomain, checkEnvName, checkIntegerRange, checkLabelValue, checkMapKeys, checkNodePort, checkPort, checkWholeSeconds, MAX_INT32 } from '../internal/validators';
import { KubernetesVersion } from '../kubernetes-version';
import { NetworkEgress } from '../network-policy';
import { HealthCheck } from '../probes';
import { WebsiteResources } from '../resources';
import { PodIdentity, RestartSchedule } from '../restart-schedule';
import { Release, ReleaseKind } from '../release';
import { RolloutStrategy } from '../rollout/strategy';
import { PreStopHook, PreStopKind } from '../shutdown';
import { PodAntiAffinity } from '../spreading';
import {
  configProblems,
  exemptionProblems,
  httpRouteProblems,
  imageTypeProblem,
  ingressProblems,
  labelProblems,
  networkPolicyProblems,
  optionProblems,
  probeProblems,
  repeatedPullSecrets,
  resourceProblems,
  writablePathProblems,
} from './checks';
import { ResolvedConfig, ResolvedNetworkPolicy, ResolvedResources } from './resolved';
import { ZeroDowntimeWebsiteProps } from './props';

/*
 * A `ZeroDowntimeWebsite`'s props with every default applied, once: the input checks below and the
 * rendering (render.ts, website.ts) read the same values, so a default can never differ between the two.
 *
 * Option classes (strategy, probes, preStop, budget, anti-affinity, network peers, restart schedule,
 * image) check their own values where they are built; their problems are put under the prop name, and
 * the props that are plain structs (ports, durations, ingress, resources, config, labels, ...) are
 * checked by checks.ts; here too the checks that span several props (replicas with autoscaling, native
 * sleep with the target version). Nothing here throws: the site reports every problem at synth.
 */

/** `release` with its defaults: the candidate set and how traffic reaches it. */
export interface ResolvedRelease {
  readonly kind: ReleaseKind;
  /** `canary` or `preview`: the track label value and the suffix of the candidate's object names. */
  readonly track: string;
  /** Name of the candidate's objects: `<site>-canary` or `<site>-preview`. */
  readonly name: string;
  /** `app.kubernetes.io/component` of the candidate's pods: `web-canary` or `web-preview`. */
  readonly component: string;
  readonly image: ContainerImage;
  readonly imagePullPolicy: ImagePullPolicy;
  /** `app.kubernetes.io/version` of the candidate pods; undefined when the image gives no valid label value. */
  readonly version?: string;
  /** Candidate pods; undefined with `autoscaling` (the candidate's own autoscaler owns the count). */
  readonly replicas?: number;
  /** The candidate's autoscaler, when the site has one. */
  readonly autoscaling?: Required<AutoscalingOptions>;
  /** True behind an HTTPRoute: a canary then has its own Service and an exact weight. */
  readonly weighted: boolean;
  /** The candidate's HTTPRoute weight in percent (weighted canary only). */
  readonly weight?: number;
  /** Blue-green: the live Service sends to the candidate set. */
  readonly live: boolean;
  /**
   * The candidate's share of the requests in percent: the weight, the pod ratio (at the smallest
   * size with autoscaling), or 0/100 for blue-green; undefined when the counts are not valid.
   */
  readonly share?: number;
  /** How `share` comes about, in words, e.g. `1 of 4 pods behind Service web (pod ratio)`. */
  readonly shareBasis: string;
}

/** Every prop of a site, defaults applied. */
export interface ResolvedWebsite {
  readonly name: string;
  readonly image: ContainerImage;
  readonly imagePullPolicy: ImagePullPolicy;
  /** Undefined with `autoscaling`: the autoscaler owns the count. */
  readonly replicas?: number;
  readonly strategy: RolloutStrategy;
  readonly minReady: Duration;
  readonly progressDeadline: Duration;
  readonly revisionHistoryLimit: number;
  readonly containerPort: number;
  readonly readiness: HealthCheck;
  readonly liveness: HealthCheck;
  readonly startup?: HealthCheck;
  readonly kubernetesVersion: KubernetesVersion;
  readonly serviceType: ServiceType;
  readonly servicePort: number;
  readonly nodePort?: number;
  readonly preStop: PreStopHook;
  readonly deregistrationDelay?: Duration;
  readonly drainTimeout: Duration;
  readonly terminationGracePeriod: Duration;
  readonly disruptionBudget: DisruptionBudget;
  readonly antiAffinity: PodAntiAffinity;
  readonly zoneSpread: boolean;
  readonly identity: PodIdentity;
  readonly writablePaths: string[];
  readonly resources: ResolvedResources;
  readonly autoscaling?: Required<AutoscalingOptions>;
  readonly config?: ResolvedConfig;
  readonly networkPolicy: ResolvedNetworkPolicy;
  readonly env: Record<string, string>;
  readonly partOf: string;
  /** `app.kubernetes.io/version`; undefined when the image gives no valid label value. */
  readonly version?: string;
  readonly labels: Record<string, string>;
  readonly exemptions: GuardrailExemption[];
  /** `restartToken`, as given. */
  readonly restartToken?: string;
  readonly priorityClassName?: string;
  /** `imagePullSecrets`; undefined when empty (nothing to render). */
  readonly imagePullSecrets?: string[];
  readonly ingress?: IngressOptions;
  /** `httpRoute` when it has no problem of its own: an invalid route is reported, never rendered half-valid. */
  readonly httpRoute?: HttpRouteOptions;
  readonly restartSchedule?: RestartSchedule;
  /** `release` when it is a valid `Release`. */
  readonly release?: ResolvedRelease;
  /** Every problem with the props, in the order they are reported. */
  readonly problems: Problem[];
}

const DEFAULT_IDENTITY_ID = 10001;

/** Applies every default of `props` and checks them; `id` is the site's construct id. */
export function resolveWebsite(site: Construct, id: string, props: ZeroDowntimeWebsiteProps): ResolvedWebsite {
  const problems = new ProblemList();
  const isObject = props !== undefined && props !== null && typeof props === 'object';
  if (!isObject) {
    problems.add({ property: 'props', problem: 'are required', value: props, allowed: 'an object with at least `image`', fix: "pass { image: ContainerImage.fromRegistry('repo/site:1.2.3') }" });
  }
  const p: ZeroDowntimeWebsiteProps = isObject ? props : ({} as ZeroDowntimeWebsiteProps);

  // ---- defaults, once ---------------------------------------------------------------------------
  const name = p.name ?? id;
  const contextVersion = KubernetesVersion._fromContext(site);
  const target = p.kubernetesVersion ?? contextVersion;
  const kubernetesVersion = isKnownVersion(target) ? target : KubernetesVersion.DEFAULT;
  const serviceType = p.serviceType ?? ServiceType.CLUSTER_IP;
  const pathDelay = Duration.seconds(defaultPreStopSeconds(serviceType, Boolean(p.ingress), Boolean(p.httpRoute), p.deregistrationDelay));
  // From 1.30 the native sleep action: no `sleep` binary needed, so distroless and scratch images work too.
  const preStop = p.preStop ?? (kubernetesVersion.isAtLeast(KubernetesVersion.NATIVE_SLEEP) ? PreStopHook.sleep(pathDelay) : PreStopHook.execSleep(pathDelay));
  const drainTimeout = p.drainTimeout ?? Duration.seconds(20);
  const image = p.image instanceof ContainerImage ? p.image : ContainerImage.fromRegistry(p.image as unknown as string);
  const autoscaling = p.autoscaling ? resolveAutoscaling(p.autoscaling) : undefined;
  const config = p.config ? resolveConfig(p.config) : undefined;
  const r: ResolvedWebsite = {
    name,
    image,
    imagePullPolicy: p.imagePullPolicy ?? (image.digest !== undefined ? ImagePullPolicy.IF_NOT_PRESENT : ImagePullPolicy.ALWAYS),
    replicas: p.replicas ?? (p.autoscaling ? undefined : 3),
    strategy: p.strategy ?? RolloutStrategy.rollingUpdate(),
    minReady: p.minReady ?? Duration.seconds(5),
    progressDeadline: p.progressDeadline ?? Duration.minutes(5),
    revisionHistoryLimit: p.revisionHistoryLimit ?? 10,
    containerPort: p.containerPort ?? 8080,
    readiness: p.readiness ?? HealthCheck.httpGet('/'),
    liveness: p.liveness ?? HealthCheck.tcpSocket({ initialDelay: Duration.seconds(10) }),
    startup: p.startup,
    kubernetesVersion,
    serviceType,
    servicePort: p.servicePort ?? 80,
    nodePort: p.nodePort,
    preStop,
    deregistrationDelay: p.deregistrationDelay,
    drainTimeout,
    terminationGracePeriod: p.terminationGracePeriod ?? Duration.seconds(seconds(preStop.delay) + seconds(drainTimeout) + 5),
    disruptionBudget: p.disruptionBudget ?? DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1)),
    antiAffinity: p.antiAffinity ?? PodAntiAffinity.preferred(),
    zoneSpread: p.zoneSpread ?? true,
    identity: { runAsUser: p.runAsUser ?? DEFAULT_IDENTITY_ID, runAsGroup: p.runAsGroup ?? DEFAULT_IDENTITY_ID },
    writablePaths: p.writablePaths ?? ['/tmp'],
    resources: resolveResources(p.resources),
    autoscaling,
    config,
    networkPolicy: { enabled: p.networkPolicy?.enabled ?? true, allowFrom: p.networkPolicy?.allowFrom ?? [], egress: p.networkPolicy?.egress ?? NetworkEgress.allowAll() },
    env: p.env ?? {},
    partOf: p.partOf ?? name,
    version: p.version ?? image.versionLabel,
    labels: p.labels ?? {},
    exemptions: p.exemptions ?? [],
    restartToken: p.restartToken,
    priorityClassName: p.priorityClassName,
    imagePullSecrets: p.imagePullSecrets && p.imagePullSecrets.length > 0 ? p.imagePullSecrets : undefined,
    ingress: p.ingress,
    httpRoute: undefined,
    restartSchedule: p.restartSchedule,
    problems: [],
  };
  if (!isObject) return { ...r, problems: problems.all };

  // ---- checks -----------------------------------------------------------------------------------
  const nameProblem = checkDns1035Label(name, p.name !== undefined ? 'name' : 'id');
  if (nameProblem) {
    problems.add(p.name !== undefined ? nameProblem : { ...nameProblem, fix: `pass \`name\` explicitly, or ${nameProblem.fix.replace(/^use /, 'use the construct id ')}` });
  }

  if (p.replicas !== undefined) {
    // The fix names a value the deployment-replicas guardrail also accepts (1 is refused unless exempted).
    const x = checkIntegerRange(p.replicas, 'replicas', 1, MAX_INT32);
    problems.add(x && { ...x, fix: 'use 2 or more, e.g. replicas: 3 (the deployment-replicas guardrail refuses 1 unless exempted)' });
  }
  if (p.replicas !== undefined && p.autoscaling !== undefined) {
    problems.add({
      property: 'replicas',
      problem: 'conflicts with autoscaling (the autoscaler owns the replica count)',
      value: p.replicas,
      allowed: 'replicas or autoscaling, not both',
      fix: 'remove replicas and set autoscaling.minReplicas instead',
    });
  }
  if (autoscaling) {
    const { minReplicas: min, maxReplicas: max, cpuUtilization } = autoscaling;
    problems.add(checkIntegerRange(min, 'autoscaling.minReplicas', 1, MAX_INT32));
    problems.add(checkIntegerRange(max, 'autoscaling.maxReplicas', 1, MAX_INT32));
    if (Number.isInteger(min) && Number.isInteger(max) && max < min) {
      problems.add({ property: 'autoscaling.maxReplicas', problem: 'is below minReplicas', value: max, allowed: `at least minReplicas (${min})`, fix: 'raise maxReplicas or lower minReplicas' });
    }
    if (p.autoscaling?.cpuUtilization !== undefined) problems.add(checkIntegerRange(cpuUtilization, 'autoscaling.cpuUtilization', 1, 1000));
  }

  problems.addAll(optionProblems(p.strategy, RolloutStrategy, 'strategy', 'RolloutStrategy.rollingUpdate()'));

  problems.add(p.minReady === undefined ? undefined : checkWholeSeconds(p.minReady, 'minReady', 0));
  problems.add(p.progressDeadline === undefined ? undefined : checkWholeSeconds(p.progressDeadline, 'progressDeadline', 1));
  problems.add(p.drainTimeout === undefined ? undefined : checkWholeSeconds(p.drainTimeout, 'drainTimeout', 0));
  problems.add(p.deregistrationDelay === undefined ? undefined : checkWholeSeconds(p.deregistrationDelay, 'deregistrationDelay', 0));
  problems.add(p.terminationGracePeriod === undefined ? undefined : checkWholeSeconds(p.terminationGracePeriod, 'terminationGracePeriod', 1));
  problems.addAll(optionProblems(p.preStop, PreStopHook, 'preStop', 'PreStopHook.execSleep(Duration.seconds(5))'));
  if (p.revisionHistoryLimit !== undefined) problems.add(checkIntegerRange(p.revisionHistoryLimit, 'revisionHistoryLimit', 0, MAX_INT32));

  // The Kubernetes version: a known one; the native preStop sleep only on a declared target that has it.
  const known = KubernetesVersion.ALL.map((v) => v.name).join(', ');
  if (p.kubernetesVersion !== undefined && !isKnownVersion(p.kubernetesVersion)) {
    problems.add({ property: 'kubernetesVersion', problem: 'is not a Kubernetes version this library renders for', value: p.kubernetesVersion, allowed: known, fix: 'use a KubernetesVersion constant, e.g. KubernetesVersion.V1_33' });
  } else if (p.kubernetesVersion === undefined && contextVersion !== undefined && !isKnownVersion(contextVersion)) {
    problems.add({ property: 'kubernetesVersion', problem: 'set with KubernetesVersion.setDefault() is not a Kubernetes version this library renders for', value: contextVersion, allowed: known, fix: 'pass a KubernetesVersion constant to KubernetesVersion.setDefault(), e.g. KubernetesVersion.V1_33' });
  }
  if (p.preStop?.kind === PreStopKind.NATIVE_SLEEP && isKnownVersion(target) && !target.isAtLeast(KubernetesVersion.NATIVE_SLEEP)) {
    // Without a declared target the native sleep is accepted as before: choosing it says the cluster has it.
    problems.add({
      property: 'preStop',
      problem: `is the native sleep action, which a Kubernetes ${target.name} API server rejects (it needs ${KubernetesVersion.NATIVE_SLEEP.name} or newer)`,
      value: 'PreStopHook.sleep()',
      allowed: `PreStopHook.execSleep() or PreStopHook.custom() below Kubernetes ${KubernetesVersion.NATIVE_SLEEP.name}`,
      fix: `use PreStopHook.execSleep(), or set kubernetesVersion to the clusters' real version if it is ${KubernetesVersion.NATIVE_SLEEP.name} or newer`,
    });
  }

  if (p.containerPort !== undefined) problems.add(checkPort(p.containerPort, 'containerPort'));
  if (p.servicePort !== undefined) problems.add(checkPort(p.servicePort, 'servicePort'));
  if (p.nodePort !== undefined) {
    problems.add(checkNodePort(p.nodePort, 'nodePort'));
    if (serviceType === ServiceType.CLUSTER_IP) {
      problems.add({ property: 'nodePort', problem: 'needs serviceType NodePort or LoadBalancer', value: p.nodePort, allowed: 'nodePort with ServiceType.NODE_PORT', fix: 'set serviceType: ServiceType.NODE_PORT' });
    }
  }
  if (p.serviceType !== undefined && !Object.values(ServiceType).includes(p.serviceType)) {
    problems.add({ property: 'serviceType', problem: 'is not a Service type', value: p.serviceType, allowed: Object.values(ServiceType).join(', '), fix: 'use the ServiceType enum' });
  }

  problems.addAll(probeProblems(p.readiness, 'readiness'));
  problems.addAll(probeProblems(p.liveness, 'liveness'));
  problems.addAll(probeProblems(p.startup, 'startup'));

  problems.addAll(optionProblems(p.disruptionBudget, DisruptionBudget, 'disruptionBudget', 'DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1))'));
  problems.addAll(optionProblems(p.antiAffinity, PodAntiAffinity, 'antiAffinity', 'PodAntiAffinity.preferred()'));

  if (p.ingress) problems.addAll(ingressProblems(p.ingress, 'ingress'));
  const routeProblems = p.httpRoute !== undefined ? httpRouteProblems(p.httpRoute, 'httpRoute') : [];
  problems.addAll(routeProblems);

  problems.addAll(resourceProblems(r.resources));

  if (p.runAsUser !== undefined) problems.add(checkIntegerRange(p.runAsUser, 'runAsUser', 1, MAX_INT32));
  if (p.runAsGroup !== undefined) problems.add(checkIntegerRange(p.runAsGroup, 'runAsGroup', 1, MAX_INT32));

  const writable = writablePathProblems(r.writablePaths);
  problems.addAll(writable.problems);
  if (config && p.config) problems.addAll(configProblems(config, p.config, writable.paths));

  for (const key of Object.keys(r.env)) {
    problems.add(checkEnvName(key, `env[${JSON.stringify(key)}]`));
    const value: unknown = r.env[key];
    if (typeof value !== 'string') {
      problems.add({ property: `env[${JSON.stringify(key)}]`, problem: 'must be a string', value, allowed: 'a string', fix: `quote the value, e.g. "${String(value)}"` });
    }
  }

  if (p.restartToken !== undefined && (typeof p.restartToken !== 'string' || p.restartToken.trim() === '' || p.restartToken.length > 256)) {
    problems.add({
      property: 'restartToken',
      problem: 'must be a non-empty string of at most 256 characters',
      value: p.restartToken,
      allowed: 'e.g. "2026-11-23" or a build id',
      fix: 'commit a new value each time the pods should restart, e.g. the date',
    });
  }

  problems.addAll(checkMapKeys(p.labels, 'labels'));
  problems.addAll(checkMapKeys(p.env, 'env'));
  problems.addAll(checkMapKeys(p.config?.files, 'config.files'));
  problems.addAll(checkMapKeys(p.config?.env, 'config.env'));

  problems.addAll(networkPolicyProblems(r.networkPolicy));

  if (p.restartSchedule !== undefined) {
    problems.addAll(nestProblems('restartSchedule', p.restartSchedule?._problems ?? []));
    // The restart CronJob is named `<name>-restart` and its Jobs get 11 more characters (limit 63).
    if (typeof name === 'string' && name.length > 44) {
      problems.add({
        property: p.name !== undefined ? 'name' : 'id',
        problem: 'is too long for a scheduled restart (the CronJob `<name>-restart` must leave 11 characters for its Jobs)',
        value: name,
        allowed: 'at most 44 characters with restartSchedule',
        fix: 'shorten the name',
      });
    }
  }

  (p.imagePullSecrets ?? []).forEach((secret, i) => problems.add(checkDnsSubdomain(secret, `imagePullSecrets[${i}]`)));
  problems.addAll(repeatedPullSecrets(p.imagePullSecrets ?? []));

  if (p.priorityClassName !== undefined) problems.add(checkDnsSubdomain(p.priorityClassName, 'priorityClassName'));
  if (p.partOf !== undefined) problems.add(checkLabelValue(p.partOf, 'partOf'));
  if (p.version !== undefined) problems.add(checkLabelValue(p.version, 'version'));
  problems.addAll(labelProblems(r.labels));
  problems.addAll(exemptionProblems(r.exemptions));

  const releaseProblems = p.release !== undefined ? resolveReleaseProblems(p.release, r, p) : [];
  problems.addAll(releaseProblems);

  problems.add(siteNameProblem(site, name));
  problems.addAll(p.image instanceof ContainerImage ? nestProblems('image', image._problems) : [imageTypeProblem(p.image, image)]);

  const httpRoute = p.httpRoute !== undefined && routeProblems.length === 0 ? p.httpRoute : undefined;
  // A release with problems of its own is reported, never rendered half-valid (the site stays as it was).
  const release = p.release instanceof Release && p.release._problems.length === 0 ? resolveRelease(p.release, { ...r, httpRoute }, p) : undefined;
  return { ...r, httpRoute, release, problems: problems.all };
}

/** Longest site name that leaves room for `-preview` in a DNS-1035 label of 63 characters. */
const MAX_RELEASE_SITE_NAME = 63 - '-preview'.length;

/** The problems of `release` that span other props (its own are in `release._problems`). */
function resolveReleaseProblems(release: Release, r: ResolvedWebsite, p: ZeroDowntimeWebsiteProps): Problem[] {
  const own = optionProblems(release, Release, 'release', "Release.canary({ image: ContainerImage.fromRegistry('repo/site:2.0.0') })");
  if (!(release instanceof Release)) return own;
  const problems = new ProblemList();
  problems.addAll(own);
  if (release.kind === ReleaseKind.CANARY && release.weight !== undefined && p.httpRoute === undefined) {
    const stable = typeof r.replicas === 'number' ? r.replicas : 3;
    problems.add({
      property: 'release.weight',
      problem: 'needs httpRoute: without a route the Service picks pods at random, so the candidate\'s share is its share of the pods',
      value: release.weight,
      allowed: 'weight with httpRoute; replicas without',
      fix: `remove weight and set release replicas (1 candidate pod next to ${stable} stable pods is ${Math.round(100 / (stable + 1))} %), or route the site with httpRoute`,
    });
  }
  if (typeof r.name === 'string' && r.name.length > MAX_RELEASE_SITE_NAME) {
    problems.add({
      property: p.name !== undefined ? 'name' : 'id',
      problem: 'is too long for a release (the candidate\'s objects are named `<name>-canary` or `<name>-preview`)',
      value: r.name,
      allowed: `at most ${MAX_RELEASE_SITE_NAME} characters with release`,
      fix: 'shorten the name',
    });
  }
  return problems.all;
}

/** `release` with its defaults, from the resolved site. */
function resolveRelease(release: Release, r: ResolvedWebsite, p: ZeroDowntimeWebsiteProps): ResolvedRelease {
  const canary = release.kind === ReleaseKind.CANARY;
  const track = canary ? TRACK_CANARY : TRACK_PREVIEW;
  const weighted = canary && r.httpRoute !== undefined;
  const image = release.image instanceof ContainerImage ? release.image : r.image;
  const imagePullPolicy = p.imagePullPolicy ?? (image.digest !== undefined ? ImagePullPolicy.IF_NOT_PRESENT : ImagePullPolicy.ALWAYS);
  const stableMin = r.autoscaling ? r.autoscaling.minReplicas : r.replicas;
  const candidateCount = canary ? release.replicas ?? (weighted ? 2 : 1) : stableMin;
  const autoscaling = r.autoscaling && candidateCount !== undefined
    ? { ...r.autoscaling, minReplicas: candidateCount, maxReplicas: Math.max(candidateCount, r.autoscaling.maxReplicas) }
    : undefined;
  const weight = weighted ? release.weight ?? 0 : undefined;
  let share: number | undefined;
  let shareBasis: string;
  if (!canary) {
    share = release.live ? 100 : 0;
    shareBasis = release.live ? `every request: Service ${r.name} selects the candidate set` : `none: the candidate set is on Service ${r.name}-preview only`;
  } else if (weighted) {
    share = weight;
    shareBasis = `HTTPRoute ${r.name} weight ${weight} of 100`;
  } else {
    const valid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;
    const total = valid(stableMin) && valid(candidateCount) ? stableMin + candidateCount : undefined;
    share = total !== undefined ? Math.round((1000 * (candidateCount as number)) / total) / 10 : undefined;
    shareBasis = `pod ratio: ${candidateCount} of ${total ?? '?'} pods behind Service ${r.name}${r.autoscaling ? ', at the autoscalers\' minReplicas' : ''}`;
  }
  return {
    kind: release.kind,
    track,
    name: `${r.name}-${track}`,
    component: candidateComponent(track),
    image,
    imagePullPolicy,
    version: release.version ?? image.versionLabel,
    replicas: autoscaling ? undefined : candidateCount,
    autoscaling,
    weighted,
    weight,
    live: release.live === true,
    share,
    shareBasis,
  };
}

/**
 * The preStop delay the slowest traffic path needs (engine `PATH_SECONDS`, the same numbers the rule
 * `prestop-shorter-than-path` checks), or the declared deregistration delay when set.
 */
function defaultPreStopSeconds(serviceType: ServiceType, ingress: boolean, httpRoute: boolean, deregistrationDelay: Duration | undefined): number {
  // The Service types are traffic paths of their own (an unknown type is reported by the checks).
  const path = Math.max(PATH_SECONDS[serviceType] ?? PATH_SECONDS.ClusterIP, ingress ? PATH_SECONDS.Ingress : 0, httpRoute ? PATH_SECONDS.HTTPRoute : 0);
  if (deregistrationDelay === undefined) return path;
  let declared = NaN;
  try {
    declared = seconds(deregistrationDelay);
  } catch {
    // not a Duration: reported by the checks
  }
  return Number.isFinite(declared) && declared >= 0 ? Math.ceil(declared) : path;
}

function isKnownVersion(v: unknown): v is KubernetesVersion {
  return v instanceof KubernetesVersion && KubernetesVersion.ALL.includes(v);
}

/** The defaults of `WebsiteResources`. */
function resolveResources(r: WebsiteResources = {}): ResolvedResources {
  return {
    cpuRequest: r.cpuRequest ?? Cpu.millis(50),
    cpuLimit: r.cpuLimit,
    memoryRequest: r.memoryRequest ?? Size.mebibytes(64),
    memoryLimit: r.memoryLimit ?? Size.mebibytes(128),
    ephemeralStorageRequest: r.ephemeralStorageRequest ?? Size.mebibytes(64),
    ephemeralStorageLimit: r.ephemeralStorageLimit ?? Size.mebibytes(256),
  };
}

/** The defaults of `AutoscalingOptions`. */
function resolveAutoscaling(o: AutoscalingOptions): Required<AutoscalingOptions> {
  return { minReplicas: o.minReplicas ?? 3, maxReplicas: o.maxReplicas ?? 10, cpuUtilization: o.cpuUtilization ?? 70 };
}

/** The defaults of `WebsiteConfig`. */
function resolveConfig(config: WebsiteConfig): ResolvedConfig {
  return { files: config.files ?? {}, env: config.env ?? {}, mountPath: config.mountPath ?? '/etc/website' };
}

/** Site names per namespace across the app: O(1) duplicate detection however many sites there are. */
const siteRegistry = new WeakMap<object, Map<string, string>>();

function siteNameProblem(site: Construct, name: string): Problem | undefined {
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
  if (other === undefined) {
    names.set(key, site.node.path);
    return undefined;
  }
  return {
    property: 'name',
    problem: `is already used by the website at ${other} in namespace ${namespace}`,
    value: name,
    allowed: 'a site name unique per namespace',
    fix: 'give one of the sites another id or name',
  };
}
