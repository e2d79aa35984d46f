/**
 * The zero-downtime rules, by stable id. Ids reuse the linters' names where one fits
 * (kube-score, Polaris, kube-linter), so a finding reads the same everywhere.
 *
 * Every rule is checked at synth time on every `ZeroDowntimeWebsite`. To accept a risk on purpose,
 * exempt one rule with a reason: `exemptions: [{ rule: GuardrailRule.RECREATE_STRATEGY, reason: '...' }]`.
 * The exemption is visible in the rendered YAML as the annotation `zero-downtime.cdk8s.io/exempt-<id>`.
 */
export enum GuardrailRule {
  /** No readiness probe: new pods get traffic before they can serve it. */
  READINESS_PROBE_MISSING = 'readiness-probe-missing',
  /** Readiness probe on a port the container does not declare (kube-linter `readiness-port`). */
  READINESS_PORT = 'readiness-port',
  /** `maxUnavailable` lets available pods fall below `replicas` during a rollout. */
  ROLLING_UPDATE_MAX_UNAVAILABLE = 'rolling-update-max-unavailable',
  /** `Recreate` stops every old pod before a new one is Ready (kube-linter `no-rolling-update-strategy`). */
  RECREATE_STRATEGY = 'recreate-strategy',
  /** Fewer than 2 replicas (or HPA `minReplicas` < 2): a node drain takes the site down (kube-score `deployment-replicas`). */
  DEPLOYMENT_REPLICAS = 'deployment-replicas',
  /** No preStop delay: the server stops while proxies still send it requests. */
  PRESTOP_DELAY_MISSING = 'prestop-delay-missing',
  /** preStop delay plus drain time does not fit in `terminationGracePeriodSeconds`. */
  PRESTOP_EXCEEDS_GRACE_PERIOD = 'prestop-exceeds-grace-period',
  /** Liveness identical to readiness (kube-score `pod-probes-identical`). */
  POD_PROBES_IDENTICAL = 'pod-probes-identical',
  /** `progressDeadlineSeconds` too short for one surge wave. */
  PROGRESS_DEADLINE_TOO_SHORT = 'progress-deadline-too-short',
  /** PodDisruptionBudget allows no eviction at all (Polaris `pdbDisruptionsIsZero`). */
  PDB_DISRUPTIONS_IS_ZERO = 'pdb-disruptions-is-zero',
  /** PDB `minAvailable` above HPA `minReplicas` (Polaris `pdbMinAvailableGreaterThanHPAMinReplicas`). */
  PDB_MIN_AVAILABLE_ABOVE_HPA_MIN = 'pdb-min-available-above-hpa-min',
  /** Mutable tag (`latest` or none) without `imagePullPolicy: Always`: nodes run stale images. */
  MUTABLE_IMAGE_TAG = 'mutable-image-tag',
  /** Service selector does not select the site's pods. */
  SERVICE_SELECTOR_MISMATCH = 'service-selector-mismatch',
  /** Service `targetPort` is not a port the container declares. */
  SERVICE_TARGET_PORT_MISMATCH = 'service-target-port-mismatch',
  /** A route backend (HTTPRoute backendRef, Ingress backend) on a port the Service does not have. */
  ROUTE_BACKEND_PORT_MISMATCH = 'route-backend-port-mismatch',
  /** Hard anti-affinity with fewer schedulable nodes than `replicas + maxSurge`: the rollout stalls. */
  HARD_ANTI_AFFINITY_CAPACITY = 'hard-anti-affinity-capacity',
  /** `spec.replicas` set on a Deployment an HPA scales: every apply or GitOps sync resets the HPA's count (kube-score `deployment-targeted-by-hpa-does-not-have-replicas-configured`). */
  HPA_REPLICAS_CONFLICT = 'hpa-replicas-conflict',
  /** PDB `minAvailable` not below the replica count: no eviction is ever allowed, every drain blocks. */
  PDB_MIN_AVAILABLE_BLOCKS_DRAIN = 'pdb-min-available-blocks-drain',
  /** preStop delay shorter than the time the traffic path (kube-proxy, ingress, load balancer) takes to stop sending requests. */
  PRESTOP_SHORTER_THAN_PATH = 'prestop-shorter-than-path',
  /** A NodePort or LoadBalancer Service whose pods' NetworkPolicy admits only pod or namespace peers: node-forwarded traffic is dropped. */
  NETWORK_POLICY_BLOCKS_EXTERNAL = 'network-policy-blocks-external',
  /** The same `nodePort` on two Services: the API server refuses the second. */
  NODE_PORT_CONFLICT = 'node-port-conflict',
  /** The same kind, namespace and name twice: the second silently replaces the first on apply. */
  DUPLICATE_OBJECT = 'duplicate-object',
  /** `metadata.namespace` that is not an RFC 1123 label: the API server refuses the object. */
  INVALID_NAMESPACE = 'invalid-namespace',
  /** A version's share of an HTTPRoute's requests (its backendRef weight) above its share of the pods by more than 10 %: its pods run hotter than the site is sized for. */
  TRAFFIC_SHARE_EXCEEDS_CAPACITY = 'traffic-share-exceeds-capacity',

  // ---- transition rules: the change between two renders (`RuleEngine.compare(before, after)`) ----

  /** A field the API server refuses to change (a workload's `spec.selector`, StatefulSet `serviceName`/`volumeClaimTemplates`/`podManagementPolicy`, a Job's `template`): the apply fails halfway. */
  IMMUTABLE_FIELD_CHANGED = 'immutable-field-changed',
  /** A Service's `clusterIP` set to another address, or headless changed to not headless: the API server refuses it. */
  SERVICE_CLUSTER_IP_CHANGED = 'service-cluster-ip-changed',
  /** A serving workload renamed (or replaced by another kind): the old pods may be pruned before the new ones are Ready. */
  SERVING_WORKLOAD_REPLACED = 'serving-workload-replaced',
  /** A serving workload moved to another namespace: a delete and a create, and a new Service address. */
  NAMESPACE_CHANGED = 'namespace-changed',
  /** A Service's selector changed so that it selects none of the pods running when the change is applied. */
  SERVICE_SELECTOR_DROPS_ENDPOINTS = 'service-selector-drops-endpoints',
  /** A Service `targetPort` changed to a port name the running pods do not declare. */
  SERVICE_TARGET_PORT_CHANGED = 'service-target-port-changed',
  /** A Service port removed or renamed while an Ingress or HTTPRoute used it. */
  SERVICE_PORT_REMOVED = 'service-port-removed',
  /** A route backend moved to a Service whose pods do not run yet. */
  ROUTE_TO_UNREADY_BACKEND = 'route-to-unready-backend',
  /** A Service's `nodePort` moved: clients of the old port are refused. */
  NODE_PORT_CHANGED = 'node-port-changed',
  /** A NodePort or LoadBalancer Service changed to a narrower type: external clients lose the address. */
  SERVICE_TYPE_NARROWED = 'service-type-narrowed',
  /** An Ingress removed in the change that adds an HTTPRoute for its host: clients reach the old load balancer until DNS moves. */
  INGRESS_REMOVED_FOR_HTTPROUTE = 'ingress-removed-for-httproute',
  /** `replicas` lowered by more than the PodDisruptionBudget (or half the pods) in one step. */
  REPLICAS_DROP = 'replicas-drop',
  /** `spec.replicas` removed in the change that adds an autoscaler (the apply resets it to 1), or set below the count when the autoscaler goes. */
  HPA_REPLICAS_HANDOVER = 'hpa-replicas-handover',
  /** An HTTPRoute backend that still gets requests (weight above 0) whose pods are removed in the same change: its share fails until the gateway drops it. */
  ROUTED_BACKEND_REMOVED = 'routed-backend-removed',
}

/** The `GuardrailRule` member name of a rule id, e.g. `RECREATE_STRATEGY` for `recreate-strategy`. */
export function guardrailRuleKey(id: GuardrailRule): string {
  return (Object.keys(GuardrailRule) as Array<keyof typeof GuardrailRule>).find((k) => GuardrailRule[k] === id) ?? id;
}


/** A rule the user deliberately turns off for one website. */
export interface GuardrailExemption {
  /** The rule. */
  readonly rule: GuardrailRule;
  /** Why the risk is acceptable; rendered as the annotation's value, so reviewers see it. */
  readonly reason: string;
}
