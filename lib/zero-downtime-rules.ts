import type { FindingLocation } from './engine/check';
import type { EngineRule } from './engine/engine-rule';
import { GuardrailRule } from './engine/rule-ids';
import { RULE_DEFINITIONS, RuleDefinition } from './engine/rules';
import { TRANSITION_RULE_DEFINITIONS } from './engine/transition-rules';

/*
 * The zero-downtime rules as this library's constructs present them. The engine (lib/engine) speaks
 * Kubernetes only: its findings name objects and JSON paths, and its fixes are manifest fixes. This
 * file is the one table that maps each rule's findings to the prop of `ZeroDowntimeWebsite` that sets
 * the field, and gives the fix in the construct's terms; `ZeroDowntimeRules` joins both for users and
 * docs. test/zero-downtime-rules.test.ts checks the table against every rule.
 */

/** A zero-downtime rule: what it refuses, why, and how to fix it. */
export interface ZeroDowntimeRule {
  /** Stable id: the exemption key. */
  readonly id: GuardrailRule;
  /** One line: why this drops requests. */
  readonly reason: string;
  /** The fix, for users of `ZeroDowntimeWebsite`. */
  readonly fix: string;
  /** The fix, in manifest terms, for users of plain YAML. */
  readonly manifestFix: string;
  /** Where the behaviour behind the rule is documented: a Kubernetes doc or a public issue. */
  readonly source: string;
  /**
   * False for rules about objects the API server refuses or overwrites (names, namespaces, node ports):
   * an exemption cannot make those work, so exemption annotations are ignored.
   */
  readonly exemptible: boolean;
  /**
   * What the rule judges, in words: the workload kinds (and whether only those a Service in the input
   * selects, for traffic rules), `the whole input`, or `the change between two renders`.
   */
  readonly scope: string;
}

/** The construct's words for one rule: the prop that sets the field a finding names, and the fix. */
interface ConstructText {
  /** The `ZeroDowntimeWebsite` prop behind a finding of this rule (from its object kind and path). */
  property(f: FindingLocation): string;
  /** The fix, as a user of the construct writes it. */
  readonly fix: string;
}

/** PodDisruptionBudget findings name the budget field: `spec.maxUnavailable` is `disruptionBudget.maxUnavailable`. */
const budgetField = (f: FindingLocation): string => `disruptionBudget.${f.path.replace(/^spec\./, '')}`;
/** A route finding is about the prop that renders the route: `httpRoute` or `ingress`. */
const route = (f: FindingLocation): string => (f.objectRef.kind === 'Ingress' ? 'ingress' : 'httpRoute');

/** Every rule, state and transition, in the construct's words. */
const CONSTRUCT_TEXT: Readonly<Record<GuardrailRule, ConstructText>> = {
  [GuardrailRule.READINESS_PROBE_MISSING]: { property: () => 'readiness', fix: "set readiness: HealthCheck.httpGet('/')" },
  [GuardrailRule.READINESS_PORT]: { property: () => 'readiness.port', fix: "probe the container port by its name 'http'" },
  [GuardrailRule.RECREATE_STRATEGY]: { property: () => 'strategy', fix: 'use strategy: RolloutStrategy.rollingUpdate()' },
  [GuardrailRule.ROLLING_UPDATE_MAX_UNAVAILABLE]: { property: () => 'strategy.maxUnavailable', fix: 'set maxUnavailable: PercentOrAbsolute.absolute(0) and let maxSurge add pods instead' },
  [GuardrailRule.DEPLOYMENT_REPLICAS]: { property: (f) => (f.objectRef.kind === 'HorizontalPodAutoscaler' ? 'autoscaling.minReplicas' : 'replicas'), fix: 'set replicas (or autoscaling.minReplicas) to 2 or more' },
  [GuardrailRule.PRESTOP_DELAY_MISSING]: { property: () => 'preStop', fix: 'set preStop: PreStopHook.execSleep(Duration.seconds(5)) (or PreStopHook.sleep() on Kubernetes >= 1.30)' },
  [GuardrailRule.PRESTOP_EXCEEDS_GRACE_PERIOD]: { property: () => 'terminationGracePeriod', fix: 'raise terminationGracePeriod above preStop delay + drainTimeout, or shorten them' },
  [GuardrailRule.POD_PROBES_IDENTICAL]: { property: () => 'liveness', fix: 'use a different liveness check, e.g. liveness: HealthCheck.tcpSocket() or another path' },
  [GuardrailRule.PROGRESS_DEADLINE_TOO_SHORT]: { property: () => 'progressDeadline', fix: 'raise progressDeadline or shorten the probe timings and minReady' },
  [GuardrailRule.PDB_DISRUPTIONS_IS_ZERO]: { property: budgetField, fix: 'use disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1))' },
  [GuardrailRule.PDB_MIN_AVAILABLE_BLOCKS_DRAIN]: { property: budgetField, fix: 'use disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1)), or a minAvailable below replicas' },
  [GuardrailRule.PDB_MIN_AVAILABLE_ABOVE_HPA_MIN]: { property: () => 'disruptionBudget.minAvailable', fix: 'lower disruptionBudget minAvailable below autoscaling.minReplicas, or use maxUnavailable' },
  [GuardrailRule.MUTABLE_IMAGE_TAG]: { property: () => 'imagePullPolicy', fix: 'pin a version tag or digest (recommended), or set imagePullPolicy: ImagePullPolicy.ALWAYS' },
  [GuardrailRule.SERVICE_SELECTOR_MISMATCH]: { property: () => 'service.spec.selector', fix: 'do not edit the Service selector; it must equal the Deployment selector' },
  [GuardrailRule.SERVICE_TARGET_PORT_MISMATCH]: { property: () => 'service.spec.ports.targetPort', fix: "target the container port by its name 'http'" },
  [GuardrailRule.ROUTE_BACKEND_PORT_MISMATCH]: { property: route, fix: 'leave the route backend to the construct (it targets servicePort); do not patch the backend port' },
  [GuardrailRule.HARD_ANTI_AFFINITY_CAPACITY]: { property: () => 'antiAffinity.schedulableNodes', fix: 'use PodAntiAffinity.preferred(), or declare enough schedulableNodes' },
  [GuardrailRule.HPA_REPLICAS_CONFLICT]: { property: () => 'replicas', fix: 'leave replicas unset when autoscaling is set (autoscaling.minReplicas is the starting size)' },
  [GuardrailRule.PRESTOP_SHORTER_THAN_PATH]: { property: () => 'preStop', fix: 'lengthen preStop to at least the path time, or declare the real deregistration delay with deregistrationDelay' },
  [GuardrailRule.NETWORK_POLICY_BLOCKS_EXTERNAL]: { property: () => 'networkPolicy.allowFrom', fix: 'add NetworkPeer.ipBlock(<node or client CIDR>) to networkPolicy.allowFrom, or leave allowFrom empty' },
  [GuardrailRule.NODE_PORT_CONFLICT]: { property: () => 'nodePort', fix: 'give each site its own nodePort, or leave nodePort unset and let the cluster choose' },
  [GuardrailRule.DUPLICATE_OBJECT]: { property: () => 'name', fix: 'give one of them another name or namespace' },
  [GuardrailRule.TRAFFIC_SHARE_EXCEEDS_CAPACITY]: { property: () => 'release.weight', fix: 'give the canary more pods (release replicas) or a smaller release weight' },
  [GuardrailRule.INVALID_NAMESPACE]: { property: () => 'namespace', fix: 'use a lowercase chart namespace of letters, digits and -, e.g. new Chart(app, id, { namespace: "web" })' },
  [GuardrailRule.IMMUTABLE_FIELD_CHANGED]: { property: (f) => f.path, fix: 'keep the field as it is; to change it, create the object under a new name, run both until the new one is Ready, then remove the old one in a later commit' },
  [GuardrailRule.SERVICE_CLUSTER_IP_CHANGED]: { property: () => 'spec.clusterIP', fix: 'leave clusterIP unset; for another address, create a Service with a new name and move the clients' },
  [GuardrailRule.SERVING_WORKLOAD_REPLACED]: { property: () => 'name', fix: 'keep the site name; to rename it, add the new site in one commit and remove the old one in the next (or sync with PruneLast=true)' },
  [GuardrailRule.NAMESPACE_CHANGED]: { property: () => 'namespace', fix: 'keep the chart namespace; to move the site, render it in both namespaces until clients use the new address, then remove the old one' },
  [GuardrailRule.SERVICE_SELECTOR_DROPS_ENDPOINTS]: { property: () => 'labels', fix: 'keep the site name, labels and component; change pod labels in one commit and the selector in the next' },
  [GuardrailRule.SERVICE_TARGET_PORT_CHANGED]: { property: () => 'containerPort', fix: 'keep the container port name http' },
  [GuardrailRule.SERVICE_PORT_REMOVED]: { property: () => 'servicePort', fix: 'keep servicePort, or add the new port next to the old one and remove the old one in a later commit' },
  [GuardrailRule.ROUTE_TO_UNREADY_BACKEND]: { property: route, fix: 'add the new site first, and move the route to it in a later commit' },
  [GuardrailRule.NODE_PORT_CHANGED]: { property: () => 'nodePort', fix: 'keep nodePort; to move it, serve both ports until clients moved' },
  [GuardrailRule.SERVICE_TYPE_NARROWED]: { property: () => 'serviceType', fix: 'keep serviceType until external clients use the new entry point' },
  [GuardrailRule.INGRESS_REMOVED_FOR_HTTPROUTE]: { property: () => 'httpRoute.hostnames', fix: 'keep ingress next to httpRoute until DNS points at the Gateway, then remove ingress in a later commit' },
  [GuardrailRule.REPLICAS_DROP]: { property: () => 'replicas', fix: 'lower replicas in steps (at most what the disruption budget allows, or half the pods, per commit), or use autoscaling' },
  [GuardrailRule.ROUTED_BACKEND_REMOVED]: { property: () => 'release', fix: 'set the canary\'s release weight to 0 in one commit, remove the release in the next' },
  [GuardrailRule.HPA_REPLICAS_HANDOVER]: { property: () => 'autoscaling', fix: 'add autoscaling while keeping replicas for one commit, then remove replicas' },
};

/** The `ZeroDowntimeWebsite` prop behind a finding: the one table, for the construct's messages. */
export function findingProperty(f: FindingLocation): string {
  return CONSTRUCT_TEXT[f.rule].property(f);
}

/**
 * The table of zero-downtime rules that `RuleEngine.check()` runs (and every `ZeroDowntimeWebsite` at
 * synth), in the order findings are reported. docs/guardrails.md is generated from it.
 */
export class ZeroDowntimeRules {
  /** Every rule of the end state, in report order. */
  public static all(): ZeroDowntimeRule[] {
    return RULE_DEFINITIONS.map((r) => describe(r, describeScope(r)));
  }

  /**
   * The transition rules `RuleEngine.compare()` runs on the change between two renders (and
   * `cdk8s-zero-downtime synth` against the previous output), in report order.
   */
  public static transitions(): ZeroDowntimeRule[] {
    return TRANSITION_RULE_DEFINITIONS.map((r) => describe(r, r.scope));
  }

  /** The rule with this id (a rule of the end state or a transition rule). */
  public static byId(id: GuardrailRule): ZeroDowntimeRule {
    const rule = [...ZeroDowntimeRules.all(), ...ZeroDowntimeRules.transitions()].find((r) => r.id === id);
    if (!rule) throw new Error(`unknown zero-downtime rule ${JSON.stringify(id)}; allowed: ${Object.values(GuardrailRule).join(', ')}`);
    return rule;
  }

  private constructor() {}
}

function describe(r: EngineRule, scope: string): ZeroDowntimeRule {
  return { id: r.id, reason: r.reason, fix: CONSTRUCT_TEXT[r.id].fix, manifestFix: r.manifestFix, source: r.source, exemptible: r.exemptible, scope };
}

function describeScope(r: RuleDefinition): string {
  if (r.appliesTo === 'input') return 'the whole input';
  const kinds = r.appliesTo.kinds.join(', ');
  return r.appliesTo.served ? `${kinds} that a Service selects` : kinds;
}
