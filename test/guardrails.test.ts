import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import {
  ContainerImage,
  ArgoCdApplication,
  DisruptionBudget,
  GuardrailExemption,
  GuardrailRule,
  HealthCheck,
  ImagePullPolicy,
  KubernetesVersion,
  NetworkPeer,
  PodAntiAffinity,
  PreStopHook,
  Release,
  RolloutStrategy,
  ServiceType,
  ZeroDowntimeRules,
  ZeroDowntimeWebsite,
  ZeroDowntimeWebsiteProps,
} from '../lib';
import { ruleTable } from '../scripts/guardrail-docs';
import { validateManifests } from './support/schema';
import { freshChart } from './support/chart';

const RULES = ZeroDowntimeRules.all();

/*
 * Every zero-downtime rule of lib/engine/rules.ts, produced through public props (or the escape
 * hatch, for the Service rules), with its whole message line; and the same config exempted on purpose.
 */

/** A config that breaks exactly the rules named in `lines` (by default only its own rule). */
interface Violation {
  /** "throws if <title>" */
  readonly title: string;
  readonly props: Partial<ZeroDowntimeWebsiteProps>;
  /** Escape-hatch edits after construction. */
  readonly patch?: (site: ZeroDowntimeWebsite) => void;
  /** Every problem line of the synth error, without the two-space indent, in order. */
  readonly lines: readonly string[];
  /** Other rules the same config also breaks (exempted together with this one). */
  readonly alsoBreaks?: readonly GuardrailRule[];
  /**
   * For rules about the whole app: builds the app (the violating construct at path `lines` name) instead
   * of one site at `test/website`. Such rules are not exemptible: the API server refuses the objects.
   */
  readonly app?: (app: App) => void;
}

const P = '[test/website]';
const exempt = (key: keyof typeof GuardrailRule) => `or exempt it on purpose with exemptions: [{ rule: GuardrailRule.${key}, reason: '...' }].`;

const PDB_MIN_AVAILABLE_3_OF_3 =
  `${P} disruptionBudget.minAvailable breaks zero-downtime rule pdb-min-available-blocks-drain (a minAvailable that is not below the replica count allows no eviction: every node drain and cluster upgrade blocks), ` +
  `got 3; allowed: a budget that lets at least 1 of 3 pods be evicted. Fix: use disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1)), or a minAvailable below replicas, ${exempt('PDB_MIN_AVAILABLE_BLOCKS_DRAIN')}`;

/** A single canary pod behind its own Service (the HTTPRoute path) is a single pod for deployment-replicas. */
const VIOLATIONS_DEPLOYMENT_REPLICAS_LINE =
  `${P} release.replicas breaks zero-downtime rule deployment-replicas (with a single pod every node drain, eviction or crash takes the site down), got 1; allowed: 2 or more. ` +
  `Fix: set replicas (or autoscaling.minReplicas) to 2 or more, ${exempt('DEPLOYMENT_REPLICAS')}`;

const ARGO_PROPS = { repoUrl: 'https://github.com/example/gitops.git', path: 'dist', destinationNamespace: 'web' };

/** The rules of the end state: the transition rules (`ZeroDowntimeRules.transitions()`) have their table in test/engine/transition.test.ts. */
type StateRule = Exclude<
  GuardrailRule,
  | GuardrailRule.IMMUTABLE_FIELD_CHANGED
  | GuardrailRule.SERVICE_CLUSTER_IP_CHANGED
  | GuardrailRule.SERVING_WORKLOAD_REPLACED
  | GuardrailRule.NAMESPACE_CHANGED
  | GuardrailRule.SERVICE_SELECTOR_DROPS_ENDPOINTS
  | GuardrailRule.SERVICE_TARGET_PORT_CHANGED
  | GuardrailRule.SERVICE_PORT_REMOVED
  | GuardrailRule.ROUTE_TO_UNREADY_BACKEND
  | GuardrailRule.NODE_PORT_CHANGED
  | GuardrailRule.SERVICE_TYPE_NARROWED
  | GuardrailRule.INGRESS_REMOVED_FOR_HTTPROUTE
  | GuardrailRule.REPLICAS_DROP
  | GuardrailRule.HPA_REPLICAS_HANDOVER
  | GuardrailRule.ROUTED_BACKEND_REMOVED
>;

/** One violation per rule: the `Record` type makes the compiler refuse a rule without a case. */
const VIOLATIONS: Record<StateRule, Violation> = {
  [GuardrailRule.READINESS_PROBE_MISSING]: {
    title: 'there is no readiness probe',
    props: { readiness: HealthCheck.none() },
    lines: [
      `${P} readiness breaks zero-downtime rule readiness-probe-missing (without a readiness probe a new pod gets requests before it can serve them), got "none"; allowed: a readiness probe. ` +
        `Fix: set readiness: HealthCheck.httpGet('/'), ${exempt('READINESS_PROBE_MISSING')}`,
    ],
  },
  [GuardrailRule.READINESS_PORT]: {
    title: 'the readiness probe targets a port name the container does not declare',
    props: { readiness: HealthCheck.httpGet('/', { port: 'admin' }) },
    lines: [
      `${P} readiness.port breaks zero-downtime rule readiness-port (a readiness probe on a port name the container does not declare always fails: the pod never becomes Ready), got "admin"; allowed: a port name the container declares (http/8080), or a port number. ` +
        `Fix: probe the container port by its name 'http', ${exempt('READINESS_PORT')}`,
    ],
  },
  [GuardrailRule.ROLLING_UPDATE_MAX_UNAVAILABLE]: {
    title: 'maxUnavailable lets a serving pod go before its replacement is Ready',
    props: { strategy: RolloutStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(1) }) },
    lines: [
      `${P} strategy.maxUnavailable breaks zero-downtime rule rolling-update-max-unavailable (maxUnavailable above 0 removes serving pods before their replacements are Ready), got 1; allowed: a value that resolves to 0 of 3 replicas. ` +
        `Fix: set maxUnavailable: PercentOrAbsolute.absolute(0) and let maxSurge add pods instead, ${exempt('ROLLING_UPDATE_MAX_UNAVAILABLE')}`,
    ],
  },
  [GuardrailRule.RECREATE_STRATEGY]: {
    title: 'the strategy is Recreate',
    props: { strategy: RolloutStrategy.recreate() },
    lines: [
      `${P} strategy breaks zero-downtime rule recreate-strategy (Recreate stops every old pod before any new pod is Ready), got "Recreate"; allowed: RollingUpdate. ` +
        `Fix: use strategy: RolloutStrategy.rollingUpdate(), ${exempt('RECREATE_STRATEGY')}`,
    ],
  },
  [GuardrailRule.DEPLOYMENT_REPLICAS]: {
    title: 'there is a single replica',
    props: { replicas: 1 },
    lines: [
      `${P} replicas breaks zero-downtime rule deployment-replicas (with a single pod every node drain, eviction or crash takes the site down), got 1; allowed: 2 or more. ` +
        `Fix: set replicas (or autoscaling.minReplicas) to 2 or more, ${exempt('DEPLOYMENT_REPLICAS')}`,
    ],
  },
  [GuardrailRule.PRESTOP_DELAY_MISSING]: {
    title: 'there is no preStop delay',
    props: { preStop: PreStopHook.none() },
    lines: [
      `${P} preStop breaks zero-downtime rule prestop-delay-missing (the server gets SIGTERM while kube-proxy and load balancers still send it requests), got "none"; allowed: a delay of 1 second or more. ` +
        `Fix: set preStop: PreStopHook.execSleep(Duration.seconds(5)) (or PreStopHook.sleep() on Kubernetes >= 1.30), ${exempt('PRESTOP_DELAY_MISSING')}`,
    ],
  },
  [GuardrailRule.PRESTOP_EXCEEDS_GRACE_PERIOD]: {
    title: 'the grace period does not exceed preStop delay + drain time',
    props: { terminationGracePeriod: Duration.seconds(25) }, // default preStop 5 s + drainTimeout 20 s
    lines: [
      `${P} terminationGracePeriod breaks zero-downtime rule prestop-exceeds-grace-period (the kubelet kills the server before the preStop delay and the drain time are over), got "25s"; allowed: more than preStop delay + drainTimeout = 25s. ` +
        `Fix: raise terminationGracePeriod above preStop delay + drainTimeout, or shorten them, ${exempt('PRESTOP_EXCEEDS_GRACE_PERIOD')}`,
    ],
  },
  [GuardrailRule.POD_PROBES_IDENTICAL]: {
    title: 'liveness is the same check as readiness',
    props: { liveness: HealthCheck.httpGet('/') }, // readiness defaults to httpGet('/'); only timings differ
    lines: [
      `${P} liveness breaks zero-downtime rule pod-probes-identical (when readiness and liveness are the same check, a slow moment restarts pods instead of just taking them out of the Service), got "/"; allowed: a check different from readiness. ` +
        `Fix: use a different liveness check, e.g. liveness: HealthCheck.tcpSocket() or another path, ${exempt('POD_PROBES_IDENTICAL')}`,
    ],
  },
  [GuardrailRule.PROGRESS_DEADLINE_TOO_SHORT]: {
    title: 'progressDeadline is shorter than one surge wave',
    props: { progressDeadline: Duration.seconds(5) }, // readiness 5 s x 1 + one more 5 s period (probe phase) + minReady 5 s
    lines: [
      `${P} progressDeadline breaks zero-downtime rule progress-deadline-too-short (a deadline shorter than one surge wave marks every rollout failed (Argo CD shows the Deployment Degraded)), got "5s"; ` +
        `allowed: more than one surge wave = startup 0s + readiness 10s + minReady 5s = 15s. Fix: raise progressDeadline or shorten the probe timings and minReady, ${exempt('PROGRESS_DEADLINE_TOO_SHORT')}`,
    ],
  },
  [GuardrailRule.PDB_DISRUPTIONS_IS_ZERO]: {
    title: 'the PodDisruptionBudget allows no eviction (maxUnavailable 0)',
    props: { disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(0)) },
    lines: [
      `${P} disruptionBudget.maxUnavailable breaks zero-downtime rule pdb-disruptions-is-zero (a budget that allows no eviction blocks every node drain and cluster upgrade), got 0; allowed: a budget that lets at least 1 of 3 pods be evicted. ` +
        `Fix: use disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1)), ${exempt('PDB_DISRUPTIONS_IS_ZERO')}`,
    ],
  },
  [GuardrailRule.PDB_MIN_AVAILABLE_ABOVE_HPA_MIN]: {
    title: 'PDB minAvailable is not below the autoscaler minReplicas',
    props: { autoscaling: { minReplicas: 3 }, disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.absolute(3)) },
    // Reported by this rule alone (pdb-disruptions-is-zero leaves minAvailable with an autoscaler to it).
    lines: [
      `${P} disruptionBudget.minAvailable breaks zero-downtime rule pdb-min-available-above-hpa-min (when the autoscaler sits at minReplicas, a larger minAvailable blocks every eviction), got 3; allowed: less than autoscaling.minReplicas (3). ` +
        `Fix: lower disruptionBudget minAvailable below autoscaling.minReplicas, or use maxUnavailable, ${exempt('PDB_MIN_AVAILABLE_ABOVE_HPA_MIN')}`,
    ],
  },
  [GuardrailRule.MUTABLE_IMAGE_TAG]: {
    title: 'the image tag is latest and the pull policy is not Always',
    props: { image: ContainerImage.fromRegistry('repo/site:latest'), imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT },
    lines: [
      `${P} imagePullPolicy breaks zero-downtime rule mutable-image-tag (a \`latest\` or missing tag is only re-pulled with imagePullPolicy Always; otherwise nodes keep running different stale images), got "IfNotPresent"; allowed: 'Always' for a mutable tag. ` +
        `Fix: pin a version tag or digest (recommended), or set imagePullPolicy: ImagePullPolicy.ALWAYS, ${exempt('MUTABLE_IMAGE_TAG')}`,
    ],
  },
  [GuardrailRule.SERVICE_SELECTOR_MISMATCH]: {
    title: 'an escape hatch points the Service selector away from the pods',
    props: {},
    patch: (site) => ApiObject.of(site.service).addJsonPatch(JsonPatch.replace('/spec/selector', { app: 'other' })),
    lines: [
      `${P} service.spec.selector breaks zero-downtime rule service-selector-mismatch (a Service whose selector does not match the pod labels has no endpoints), got {"app":"other"}; ` +
        'allowed: a subset of the pod labels {"app.kubernetes.io/component":"web","app.kubernetes.io/instance":"website","app.kubernetes.io/managed-by":"cdk8s-zero-downtime","app.kubernetes.io/name":"website","app.kubernetes.io/part-of":"website","app.kubernetes.io/version":"1.2.3","zero-downtime.cdk8s.io/serves":"website","zero-downtime.cdk8s.io/track":"stable"}. ' +
        `Fix: do not edit the Service selector; it must equal the Deployment selector, ${exempt('SERVICE_SELECTOR_MISMATCH')}`,
    ],
  },
  [GuardrailRule.SERVICE_TARGET_PORT_MISMATCH]: {
    title: 'an escape hatch points the Service targetPort at an undeclared port',
    props: {},
    patch: (site) => ApiObject.of(site.service).addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', k8s.IntOrString.fromString('web'))),
    lines: [
      `${P} service.spec.ports.targetPort breaks zero-downtime rule service-target-port-mismatch (a Service targetPort name the pods do not declare gives the Service no endpoint for that port), got "web"; allowed: a port name a container declares (http/8080), or a port number. ` +
        `Fix: target the container port by its name 'http', ${exempt('SERVICE_TARGET_PORT_MISMATCH')}`,
    ],
  },
  [GuardrailRule.HARD_ANTI_AFFINITY_CAPACITY]: {
    title: 'hard anti-affinity has fewer nodes than replicas + maxSurge',
    props: { antiAffinity: PodAntiAffinity.required(3) }, // 3 replicas + 1 surge pod
    lines: [
      `${P} antiAffinity.schedulableNodes breaks zero-downtime rule hard-anti-affinity-capacity (with hard anti-affinity each pod needs its own node; without a free node the surge pod stays Pending and the rollout stalls), got 3; allowed: at least replicas + maxSurge = 4. ` +
        `Fix: use PodAntiAffinity.preferred(), or declare enough schedulableNodes, ${exempt('HARD_ANTI_AFFINITY_CAPACITY')}`,
    ],
  },
  [GuardrailRule.ROUTE_BACKEND_PORT_MISMATCH]: {
    title: 'an escape hatch points the HTTPRoute backend at a port the Service does not have',
    props: { httpRoute: { parentRefs: [{ name: 'public' }] } },
    patch: (site) => ApiObject.of(site.httpRoute!).addJsonPatch(JsonPatch.replace('/spec/rules/0/backendRefs/0/port', 8080)),
    lines: [
      `${P} httpRoute breaks zero-downtime rule route-backend-port-mismatch (a route whose backend port is not a port of the Service resolves to no endpoint: the gateway or ingress controller answers every request with an error), got 8080; allowed: a port of Service website: 80. ` +
        `Fix: leave the route backend to the construct (it targets servicePort); do not patch the backend port, ${exempt('ROUTE_BACKEND_PORT_MISMATCH')}`,
    ],
  },
  [GuardrailRule.HPA_REPLICAS_CONFLICT]: {
    title: 'an escape hatch sets replicas on a Deployment the autoscaler scales',
    props: { autoscaling: { minReplicas: 2, maxReplicas: 4 } },
    patch: (site) => ApiObject.of(site.deployment).addJsonPatch(JsonPatch.add('/spec/replicas', 3)),
    lines: [
      `${P} replicas breaks zero-downtime rule hpa-replicas-conflict (spec.replicas on a Deployment an autoscaler scales resets the autoscaled count on every apply or GitOps sync), got 3; allowed: no replicas field on a Deployment an autoscaler scales. ` +
        `Fix: leave replicas unset when autoscaling is set (autoscaling.minReplicas is the starting size), ${exempt('HPA_REPLICAS_CONFLICT')}`,
    ],
  },
  [GuardrailRule.PDB_MIN_AVAILABLE_BLOCKS_DRAIN]: {
    title: 'PDB minAvailable equals the replica count',
    props: { disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.absolute(3)) },
    lines: [PDB_MIN_AVAILABLE_3_OF_3],
  },
  [GuardrailRule.PRESTOP_SHORTER_THAN_PATH]: {
    title: 'the preStop delay is shorter than a LoadBalancer needs',
    props: { serviceType: ServiceType.LOAD_BALANCER, preStop: PreStopHook.execSleep(Duration.seconds(5)) },
    lines: [
      `${P} preStop breaks zero-downtime rule prestop-shorter-than-path (the server stops while the traffic path (kube-proxy, load balancer, ingress controller) still sends it requests), got "5s"; allowed: at least 15s, the time the LoadBalancer path needs to stop sending requests. ` +
        `Fix: lengthen preStop to at least the path time, or declare the real deregistration delay with deregistrationDelay, ${exempt('PRESTOP_SHORTER_THAN_PATH')}`,
    ],
  },
  [GuardrailRule.NETWORK_POLICY_BLOCKS_EXTERNAL]: {
    title: 'a NodePort site admits only a namespace in its NetworkPolicy',
    props: { serviceType: ServiceType.NODE_PORT, networkPolicy: { allowFrom: [NetworkPeer.namespaceNamed('ingress')] } },
    lines: [
      `${P} networkPolicy.allowFrom breaks zero-downtime rule network-policy-blocks-external (NodePort and LoadBalancer traffic reaches the pod from node or client addresses, which pod and namespace selectors never match), ` +
        'got [{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"ingress"}}}]; allowed: an ipBlock peer or no from restriction, since Service website is NodePort. ' +
        `Fix: add NetworkPeer.ipBlock(<node or client CIDR>) to networkPolicy.allowFrom, or leave allowFrom empty, ${exempt('NETWORK_POLICY_BLOCKS_EXTERNAL')}`,
    ],
  },
  [GuardrailRule.NODE_PORT_CONFLICT]: {
    title: 'two sites in different namespaces of one app use the same nodePort',
    props: {},
    app: (app) => {
      for (const [id, namespace] of [['one', 'web'], ['two', 'docs']]) {
        new ZeroDowntimeWebsite(new Chart(app, id, { namespace }), 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3'), serviceType: ServiceType.NODE_PORT, nodePort: 31000 });
      }
    },
    lines: [
      '[two/website] nodePort breaks zero-downtime rule node-port-conflict (a nodePort is one port on every node of the cluster: the API server refuses a second Service with the same one), got 31000; ' +
        'allowed: a nodePort no other Service uses (Service web/website has it). Fix: give each site its own nodePort, or leave nodePort unset and let the cluster choose.',
    ],
  },
  [GuardrailRule.DUPLICATE_OBJECT]: {
    title: 'two Argo CD Applications have the same name in one namespace',
    props: {},
    app: (app) => {
      new ArgoCdApplication(new Chart(app, 'one'), 'site', { ...ARGO_PROPS, name: 'shop' });
      new ArgoCdApplication(new Chart(app, 'two'), 'site', { ...ARGO_PROPS, name: 'shop' });
    },
    lines: [
      '[two/site] name breaks zero-downtime rule duplicate-object (two objects with the same kind, namespace and name are one object to the API server: the second silently replaces the first), got "shop"; ' +
        'allowed: a name not already used by Application argocd/shop (object 1 of the input). Fix: give one of them another name or namespace.',
    ],
  },
  [GuardrailRule.INVALID_NAMESPACE]: {
    title: 'the chart namespace is not an RFC 1123 label',
    props: {},
    app: (app) => new ZeroDowntimeWebsite(new Chart(app, 'test', { namespace: 'Bad_NS' }), 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') }),
    lines: [
      `${P} namespace breaks zero-downtime rule invalid-namespace (the API server refuses an object whose namespace is not an RFC 1123 label), got "Bad_NS"; ` +
        "allowed: at most 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit (RFC 1123 label). " +
        'Fix: use a lowercase chart namespace of letters, digits and -, e.g. new Chart(app, id, { namespace: "web" }).',
    ],
  },
  [GuardrailRule.TRAFFIC_SHARE_EXCEEDS_CAPACITY]: {
    title: 'a canary gets 50 % of the requests with 1 pod next to 3 stable pods',
    props: {
      httpRoute: { parentRefs: [{ name: 'public' }] },
      release: Release.canary({ image: ContainerImage.fromRegistry('repo/site:2.0.0'), replicas: 1, weight: 50 }),
    },
    alsoBreaks: [GuardrailRule.DEPLOYMENT_REPLICAS],
    lines: [
      VIOLATIONS_DEPLOYMENT_REPLICAS_LINE,
      `${P} release.weight breaks zero-downtime rule traffic-share-exceeds-capacity (a version whose HTTPRoute weight gives it a larger share of the requests than of the pods, by more than 10 %, runs each of its pods hotter than the site is sized for), ` +
        'got "50% of the requests on 1 pod of Service website-canary: 1.5× the load per pod of the 3 pods of Service website at 100%"; allowed: at most 37% (its capacity share 33%: 1 of 3 pods, plus a tolerance of 10%). ' +
        `Fix: give the canary more pods (release replicas) or a smaller release weight, ${exempt('TRAFFIC_SHARE_EXCEEDS_CAPACITY')}`,
    ],
  },
};

/** Builds a site in a fresh chart (path `test/website`) and synthesizes it. */
function synth(props: Partial<ZeroDowntimeWebsiteProps>, patch?: (site: ZeroDowntimeWebsite) => void): any[] {
  const chart = freshChart();
  const site = new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3'), ...props });
  patch?.(site);
  return Testing.synth(chart);
}

/** The problem lines of the synth error (fails the test when synth succeeds). */
function problemLines(props: Partial<ZeroDowntimeWebsiteProps>, patch?: (site: ZeroDowntimeWebsite) => void): string[] {
  try {
    synth(props, patch);
  } catch (e) {
    const [header, ...lines] = (e as Error).message.split('\n');
    expect(header).toBe('Validation failed with the following errors:');
    return lines.map((l) => l.replace(/^ {2}/, ''));
  }
  throw new Error('expected synth to fail');
}

const REASON = 'accepted on purpose in this test';

/** The problem lines of an app's synth error (fails the test when synth succeeds). */
function appProblemLines(build: (app: App) => void): string[] {
  const app = Testing.app();
  build(app);
  try {
    app.synthYaml();
  } catch (e) {
    const [header, ...lines] = (e as Error).message.split('\n');
    expect(header).toBe('Validation failed with the following errors:');
    return lines.map((l) => l.replace(/^ {2}/, ''));
  }
  throw new Error('expected synth to fail');
}

const siteRules = (Object.entries(VIOLATIONS) as Array<[GuardrailRule, Violation]>).filter(([, v]) => v.app === undefined);
const appRules = (Object.entries(VIOLATIONS) as Array<[GuardrailRule, Violation]>).filter(([, v]) => v.app !== undefined);

describe.each(appRules)('app-wide rule %s', (rule, v) => {
  test(`throws if ${v.title}`, () => {
    expect(appProblemLines(v.app!)).toEqual(v.lines);
  });

  test('is not exemptible (the API server refuses or overwrites the objects)', () => {
    expect(RULES.find((r) => r.id === rule)!.exemptible).toBe(false);
  });
});

describe.each(siteRules)('rule %s', (rule, v) => {
  test(`throws if ${v.title}`, () => {
    expect(problemLines(v.props, v.patch)).toEqual(v.lines);
  });

  test('the same config synthesizes when the rule is exempted, and the exemption is visible', () => {
    const exemptions: GuardrailExemption[] = [rule, ...(v.alsoBreaks ?? [])].map((r) => ({ rule: r, reason: `${REASON}: ${r}` }));
    const objects = synth({ ...v.props, exemptions }, v.patch);
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.metadata.annotations[`zero-downtime.cdk8s.io/exempt-${rule}`]).toBe(`${REASON}: ${rule}`);
    expect(validateManifests(objects)).toEqual([]);
  });
});

describe('the rule table', () => {
  test('every rule id has a rule and every rule has a test', () => {
    const transitions = new Set<string>(ZeroDowntimeRules.transitions().map((r) => r.id));
    const ids = Object.values(GuardrailRule).filter((id) => !transitions.has(id)).sort();
    expect(RULES.map((r) => r.id).sort()).toEqual(ids);
    expect(Object.keys(VIOLATIONS).sort()).toEqual(ids);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  test('every rule has a one-line reason and a fix', () => {
    for (const r of RULES) {
      expect(r.reason).toMatch(/^[a-zA-Z`].*[^.]$/);
      expect(r.reason).not.toContain('\n');
      expect(r.fix.length).toBeGreaterThan(10);
    }
  });

  test('the exemption annotation carries the reason verbatim', () => {
    const reason = 'Single-node dev cluster: downtime on drain is fine (ticket #42).';
    const d = synth({ replicas: 1, exemptions: [{ rule: GuardrailRule.DEPLOYMENT_REPLICAS, reason }] }).find((o) => o.kind === 'Deployment');
    expect(d.metadata.annotations['zero-downtime.cdk8s.io/exempt-deployment-replicas']).toBe(reason);
    expect(d.spec.replicas).toBe(1);
  });

  test('an exemption of one rule does not silence another', () => {
    expect(problemLines({ replicas: 1, strategy: RolloutStrategy.recreate(), exemptions: [{ rule: GuardrailRule.RECREATE_STRATEGY, reason: REASON }] }))
      .toEqual(VIOLATIONS[GuardrailRule.DEPLOYMENT_REPLICAS].lines);
  });

  test('every violated rule is reported in one synth error, in table order', () => {
    const lines = problemLines({ replicas: 1, strategy: RolloutStrategy.recreate(), readiness: HealthCheck.none(), preStop: PreStopHook.none() });
    expect(lines).toEqual([
      ...VIOLATIONS[GuardrailRule.READINESS_PROBE_MISSING].lines,
      ...VIOLATIONS[GuardrailRule.RECREATE_STRATEGY].lines,
      ...VIOLATIONS[GuardrailRule.DEPLOYMENT_REPLICAS].lines,
      ...VIOLATIONS[GuardrailRule.PRESTOP_DELAY_MISSING].lines,
    ]);
  });

  test('the defaults break no rule', () => {
    expect(validateManifests(synth({}))).toEqual([]);
  });
});

describe('rule arithmetic', () => {
  test('maxUnavailable 25% of 3 replicas rounds down to 0 and passes', () => {
    const d = synth({ replicas: 3, strategy: RolloutStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.percent(25) }) }).find((o) => o.kind === 'Deployment');
    expect(d.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: '25%' });
  });

  test('throws if maxUnavailable 25% of 4 replicas resolves to 1', () => {
    expect(problemLines({ replicas: 4, strategy: RolloutStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.percent(25) }) })).toEqual([
      `${P} strategy.maxUnavailable breaks zero-downtime rule rolling-update-max-unavailable (maxUnavailable above 0 removes serving pods before their replacements are Ready), got "25%"; allowed: a value that resolves to 0 of 4 replicas. ` +
        `Fix: set maxUnavailable: PercentOrAbsolute.absolute(0) and let maxSurge add pods instead, ${exempt('ROLLING_UPDATE_MAX_UNAVAILABLE')}`,
    ]);
  });

  test('throws if PDB minAvailable is 100%', () => {
    expect(problemLines({ disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.percent(100)) })).toEqual([
      PDB_MIN_AVAILABLE_3_OF_3.replace('got 3;', 'got "100%";'),
    ]);
  });

  test('PDB minAvailable 2 of 3, and maxUnavailable 10% (rounds up to 1), pass', () => {
    expect(synth({ disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.absolute(2)) }).find((o) => o.kind === 'PodDisruptionBudget').spec.minAvailable).toBe(2);
    expect(synth({ disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.percent(10)) }).find((o) => o.kind === 'PodDisruptionBudget').spec.maxUnavailable).toBe('10%');
  });

  test('throws if the autoscaler minReplicas is 1, naming autoscaling.minReplicas', () => {
    expect(problemLines({ autoscaling: { minReplicas: 1 } })).toEqual([
      `${P} autoscaling.minReplicas breaks zero-downtime rule deployment-replicas (with a single pod every node drain, eviction or crash takes the site down), got 1; allowed: 2 or more. ` +
        `Fix: set replicas (or autoscaling.minReplicas) to 2 or more, ${exempt('DEPLOYMENT_REPLICAS')}`,
    ]);
  });

  test('hard anti-affinity with replicas + maxSurge nodes passes; with the autoscaler it counts maxReplicas', () => {
    // synth throws on any finding: that it returns is the pass; the rendered term shows hard anti-affinity was on.
    const hard = synth({ antiAffinity: PodAntiAffinity.required(4) }).find((o) => o.kind === 'Deployment');
    expect(hard.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(problemLines({ autoscaling: { minReplicas: 2, maxReplicas: 5 }, antiAffinity: PodAntiAffinity.required(5) })).toEqual([
      `${P} antiAffinity.schedulableNodes breaks zero-downtime rule hard-anti-affinity-capacity (with hard anti-affinity each pod needs its own node; without a free node the surge pod stays Pending and the rollout stalls), got 5; allowed: at least replicas + maxSurge = 6. ` +
        `Fix: use PodAntiAffinity.preferred(), or declare enough schedulableNodes, ${exempt('HARD_ANTI_AFFINITY_CAPACITY')}`,
    ]);
  });

  test('a startup probe counts in the surge wave', () => {
    // startup 0 + 10 s x 30, readiness 5 s x 1 + one more 5 s period, minReady 5 s: 315 s > the default deadline of 300 s
    expect(problemLines({ startup: HealthCheck.httpGet('/healthz') })).toEqual([
      `${P} progressDeadline breaks zero-downtime rule progress-deadline-too-short (a deadline shorter than one surge wave marks every rollout failed (Argo CD shows the Deployment Degraded)), got "300s"; ` +
        `allowed: more than one surge wave = startup 300s + readiness 10s + minReady 5s = 315s. Fix: raise progressDeadline or shorten the probe timings and minReady, ${exempt('PROGRESS_DEADLINE_TOO_SHORT')}`,
    ]);
    expect(synth({ startup: HealthCheck.httpGet('/healthz'), progressDeadline: Duration.minutes(10) }).find((o) => o.kind === 'Deployment').spec.progressDeadlineSeconds).toBe(600);
  });

  test('a digest needs no pull policy Always; an untagged image does', () => {
    const pinned = synth({ image: ContainerImage.fromRegistry(`repo/site@sha256:${'a'.repeat(64)}`), imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT });
    expect(pinned.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(problemLines({ image: ContainerImage.fromRegistry('repo/site'), imagePullPolicy: ImagePullPolicy.NEVER })).toEqual([
      `${P} imagePullPolicy breaks zero-downtime rule mutable-image-tag (a \`latest\` or missing tag is only re-pulled with imagePullPolicy Always; otherwise nodes keep running different stale images), got "Never"; allowed: 'Always' for a mutable tag. ` +
        `Fix: pin a version tag or digest (recommended), or set imagePullPolicy: ImagePullPolicy.ALWAYS, ${exempt('MUTABLE_IMAGE_TAG')}`,
    ]);
  });

  test('input problems and rule findings come in one report; a finding about a property with an input problem is left out', () => {
    expect(problemLines({ replicas: 0, strategy: RolloutStrategy.recreate() })).toEqual([
      `${P} replicas must be at least 1, got 0; allowed: an integer from 1 to 2147483647. Fix: use 2 or more, e.g. replicas: 3 (the deployment-replicas guardrail refuses 1 unless exempted).`,
      ...VIOLATIONS[GuardrailRule.RECREATE_STRATEGY].lines,
    ]);
  });

  test('an Ingress needs the Ingress path time (15 s); the default preStop follows the path', () => {
    const ingress = { host: 'www.example.com' };
    expect(problemLines({ ingress, preStop: PreStopHook.execSleep(Duration.seconds(5)) })).toEqual([
      VIOLATIONS[GuardrailRule.PRESTOP_SHORTER_THAN_PATH].lines[0].replace('the LoadBalancer path', 'the Ingress path'),
    ]);
    const d = synth({ ingress }).find((o) => o.kind === 'Deployment');
    expect(d.spec.template.spec.containers[0].lifecycle.preStop.exec.command).toEqual(['sleep', '15']);
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(40); // 15 + drain 20 + 5
  });

  test('deregistrationDelay replaces the path default, on the Service and in the default preStop', () => {
    const objects = synth({ serviceType: ServiceType.LOAD_BALANCER, deregistrationDelay: Duration.seconds(30) });
    expect(objects.find((o) => o.kind === 'Service').metadata.annotations['zero-downtime.cdk8s.io/deregistration-seconds']).toBe('30');
    expect(objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].lifecycle.preStop.exec.command).toEqual(['sleep', '30']);
    expect(problemLines({ serviceType: ServiceType.LOAD_BALANCER, deregistrationDelay: Duration.seconds(30), preStop: PreStopHook.execSleep(Duration.seconds(20)) })[0])
      .toContain('got "20s"; allowed: at least 30s, the time the LoadBalancer path needs (declared on the Service) to stop sending requests.');
  });
});

describe('preStop by traffic path: HTTPRoute and the native sleep (Kubernetes >= 1.30)', () => {
  const httpRoute = { parentRefs: [{ name: 'public' }] };

  test('an HTTPRoute needs the HTTPRoute path time (15 s); the default preStop follows the path', () => {
    expect(problemLines({ httpRoute, preStop: PreStopHook.execSleep(Duration.seconds(5)) })).toEqual([
      VIOLATIONS[GuardrailRule.PRESTOP_SHORTER_THAN_PATH].lines[0].replace('the LoadBalancer path', 'the HTTPRoute path'),
    ]);
    const d = synth({ httpRoute }).find((o) => o.kind === 'Deployment');
    expect(d.spec.template.spec.containers[0].lifecycle.preStop.exec.command).toEqual(['sleep', '15']);
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(40); // 15 + drain 20 + 5
  });

  test('the HTTPRoute path is exemptible like every path; the exempted objects pass their strict schemas', () => {
    const objects = synth({ httpRoute, preStop: PreStopHook.execSleep(Duration.seconds(5)), exemptions: [{ rule: GuardrailRule.PRESTOP_SHORTER_THAN_PATH, reason: REASON }] });
    expect(objects.find((o) => o.kind === 'HTTPRoute').spec.parentRefs[0].name).toBe(httpRoute.parentRefs[0].name);
    expect(objects.find((o) => o.kind === 'Deployment').metadata.annotations['zero-downtime.cdk8s.io/exempt-prestop-shorter-than-path']).toBe(REASON);
    expect(validateManifests(objects)).toEqual([]);
  });

  test('a native sleep counts as the preStop delay: too short for the path is refused, the default is never', () => {
    const v133 = KubernetesVersion.V1_33;
    expect(problemLines({ kubernetesVersion: v133, serviceType: ServiceType.LOAD_BALANCER, preStop: PreStopHook.sleep(Duration.seconds(5)) })).toEqual(
      VIOLATIONS[GuardrailRule.PRESTOP_SHORTER_THAN_PATH].lines,
    );
    // the path times of docs/guardrails.md: 5 s ClusterIP, 15 s HTTPRoute, LoadBalancer and Ingress
    for (const [props, seconds] of [[{}, 5], [{ httpRoute }, 15], [{ serviceType: ServiceType.LOAD_BALANCER }, 15], [{ ingress: { host: 'www.example.com' } }, 15]] as const) {
      const objects = synth({ kubernetesVersion: v133, ...props });
      expect(objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds } });
      expect(validateManifests(objects, { kubernetesVersion: '1.33' })).toEqual([]);
    }
  });

  test('the defaults break no rule on any Kubernetes version target', () => {
    for (const kubernetesVersion of KubernetesVersion.ALL) {
      expect(() => synth({ kubernetesVersion, httpRoute, ingress: { host: 'www.example.com' } })).not.toThrow();
    }
  });
});

describe('escape hatches are judged on the rendered objects', () => {
  test('a patch that removes the lifecycle is refused (prestop-delay-missing)', () => {
    expect(problemLines({}, (site) => ApiObject.of(site.deployment).addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/lifecycle'))))
      .toEqual(VIOLATIONS[GuardrailRule.PRESTOP_DELAY_MISSING].lines);
  });

  test('latest plus imagePullPolicy IfNotPresent set by patch is refused (mutable-image-tag)', () => {
    expect(problemLines({ image: ContainerImage.fromRegistry('repo/site:latest') }, (site) =>
      ApiObject.of(site.deployment).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/imagePullPolicy', 'IfNotPresent'))))
      .toEqual(VIOLATIONS[GuardrailRule.MUTABLE_IMAGE_TAG].lines);
  });

  test('a patch after a first synth is seen by the next synth', () => {
    const chart = freshChart();
    const site = new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') });
    expect(Testing.synth(chart).length).toBe(4);
    ApiObject.of(site.deployment).addJsonPatch(JsonPatch.replace('/spec/strategy', { type: 'Recreate' }));
    expect(() => Testing.synth(chart)).toThrow('breaks zero-downtime rule recreate-strategy');
  });
});

describe('README.md', () => {
  test('lists every rule with its id, reason and opt-out (run `npx tsx scripts/guardrail-docs.ts --readme`)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(ruleTable());
  });
});

describe('docs/guardrails.md', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'guardrails.md'), 'utf8');

  test('contains the rule table generated from RULES (run `npx tsx scripts/guardrail-docs.ts --write`)', () => {
    expect(doc).toContain(ruleTable());
  });

  test('names every rule id, reason and fix', () => {
    for (const r of RULES) {
      expect(doc).toContain(`\`${r.id}\``);
      expect(doc).toContain(r.reason.replace(/\|/g, '\\|'));
      expect(doc).toContain(r.fix.replace(/\|/g, '\\|'));
    }
  });
});
