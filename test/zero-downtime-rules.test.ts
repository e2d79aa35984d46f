import { Testing } from 'cdk8s';
import { ContainerImage, Release, ZeroDowntimeWebsite } from '../lib';
import { GuardrailRule } from '../lib/engine/rule-ids';
import { findingProperty, ZeroDowntimeRules } from '../lib/zero-downtime-rules';
import { freshChart } from './support/chart';

/*
 * The construct's one table over the engine's rules (lib/zero-downtime-rules.ts): the engine names
 * objects and JSON paths only; the table names the `ZeroDowntimeWebsite` prop behind each finding and
 * the fix in the construct's terms. Every rule, state and transition, is listed here with the kinds
 * and paths it reports and the prop expected for each (written by hand from the rules).
 */

const at = (rule: GuardrailRule, kind: string, path: string) => findingProperty({ rule, objectRef: { apiVersion: 'v1', kind, name: 'site' }, path });

const EXPECTED: ReadonlyArray<readonly [GuardrailRule, string, string, string]> = [
  [GuardrailRule.READINESS_PROBE_MISSING, 'Deployment', 'spec.template.spec.containers[0].readinessProbe', 'readiness'],
  [GuardrailRule.READINESS_PORT, 'Deployment', 'spec.template.spec.containers[0].readinessProbe', 'readiness.port'],
  [GuardrailRule.RECREATE_STRATEGY, 'Deployment', 'spec.strategy.type', 'strategy'],
  [GuardrailRule.ROLLING_UPDATE_MAX_UNAVAILABLE, 'Deployment', 'spec.strategy.rollingUpdate.maxUnavailable', 'strategy.maxUnavailable'],
  [GuardrailRule.DEPLOYMENT_REPLICAS, 'Deployment', 'spec.replicas', 'replicas'],
  [GuardrailRule.DEPLOYMENT_REPLICAS, 'HorizontalPodAutoscaler', 'spec.minReplicas', 'autoscaling.minReplicas'],
  [GuardrailRule.PRESTOP_DELAY_MISSING, 'Deployment', 'spec.template.spec.containers[0].lifecycle.preStop', 'preStop'],
  [GuardrailRule.PRESTOP_EXCEEDS_GRACE_PERIOD, 'Deployment', 'spec.template.spec.terminationGracePeriodSeconds', 'terminationGracePeriod'],
  [GuardrailRule.POD_PROBES_IDENTICAL, 'Deployment', 'spec.template.spec.containers[0].livenessProbe', 'liveness'],
  [GuardrailRule.PROGRESS_DEADLINE_TOO_SHORT, 'Deployment', 'spec.progressDeadlineSeconds', 'progressDeadline'],
  [GuardrailRule.PDB_DISRUPTIONS_IS_ZERO, 'PodDisruptionBudget', 'spec.maxUnavailable', 'disruptionBudget.maxUnavailable'],
  [GuardrailRule.PDB_MIN_AVAILABLE_BLOCKS_DRAIN, 'PodDisruptionBudget', 'spec.minAvailable', 'disruptionBudget.minAvailable'],
  [GuardrailRule.PDB_MIN_AVAILABLE_ABOVE_HPA_MIN, 'PodDisruptionBudget', 'spec.minAvailable', 'disruptionBudget.minAvailable'],
  [GuardrailRule.MUTABLE_IMAGE_TAG, 'Deployment', 'spec.template.spec.containers[0].imagePullPolicy', 'imagePullPolicy'],
  [GuardrailRule.SERVICE_SELECTOR_MISMATCH, 'Service', 'spec.selector', 'service.spec.selector'],
  [GuardrailRule.SERVICE_TARGET_PORT_MISMATCH, 'Service', 'spec.ports[0].targetPort', 'service.spec.ports.targetPort'],
  [GuardrailRule.ROUTE_BACKEND_PORT_MISMATCH, 'HTTPRoute', 'spec.rules[0].backendRefs[0].port', 'httpRoute'],
  [GuardrailRule.ROUTE_BACKEND_PORT_MISMATCH, 'Ingress', 'spec.rules[0].http.paths[0].backend.service.port', 'ingress'],
  [GuardrailRule.HARD_ANTI_AFFINITY_CAPACITY, 'Deployment', 'spec.template.spec.affinity.podAntiAffinity', 'antiAffinity.schedulableNodes'],
  [GuardrailRule.HPA_REPLICAS_CONFLICT, 'Deployment', 'spec.replicas', 'replicas'],
  [GuardrailRule.PRESTOP_SHORTER_THAN_PATH, 'Deployment', 'spec.template.spec.containers[0].lifecycle.preStop', 'preStop'],
  [GuardrailRule.NETWORK_POLICY_BLOCKS_EXTERNAL, 'NetworkPolicy', 'spec.ingress', 'networkPolicy.allowFrom'],
  [GuardrailRule.NODE_PORT_CONFLICT, 'Service', 'spec.ports[0].nodePort', 'nodePort'],
  [GuardrailRule.DUPLICATE_OBJECT, 'Deployment', 'metadata.name', 'name'],
  [GuardrailRule.INVALID_NAMESPACE, 'Deployment', 'metadata.namespace', 'namespace'],
  [GuardrailRule.TRAFFIC_SHARE_EXCEEDS_CAPACITY, 'HTTPRoute', 'spec.rules[0].backendRefs[1].weight', 'release.weight'],
  [GuardrailRule.IMMUTABLE_FIELD_CHANGED, 'Deployment', 'spec.selector', 'spec.selector'],
  [GuardrailRule.SERVICE_CLUSTER_IP_CHANGED, 'Service', 'spec.clusterIP', 'spec.clusterIP'],
  [GuardrailRule.SERVING_WORKLOAD_REPLACED, 'Deployment', 'metadata.name', 'name'],
  [GuardrailRule.NAMESPACE_CHANGED, 'Deployment', 'metadata.namespace', 'namespace'],
  [GuardrailRule.SERVICE_SELECTOR_DROPS_ENDPOINTS, 'Service', 'spec.selector', 'labels'],
  [GuardrailRule.SERVICE_TARGET_PORT_CHANGED, 'Service', 'spec.ports[0].targetPort', 'containerPort'],
  [GuardrailRule.SERVICE_PORT_REMOVED, 'Service', 'spec.ports', 'servicePort'],
  [GuardrailRule.ROUTE_TO_UNREADY_BACKEND, 'HTTPRoute', 'spec.rules[0].backendRefs[0]', 'httpRoute'],
  [GuardrailRule.ROUTE_TO_UNREADY_BACKEND, 'Ingress', 'spec.defaultBackend', 'ingress'],
  [GuardrailRule.NODE_PORT_CHANGED, 'Service', 'spec.ports[0].nodePort', 'nodePort'],
  [GuardrailRule.SERVICE_TYPE_NARROWED, 'Service', 'spec.type', 'serviceType'],
  [GuardrailRule.INGRESS_REMOVED_FOR_HTTPROUTE, 'HTTPRoute', 'spec.hostnames[0]', 'httpRoute.hostnames'],
  [GuardrailRule.REPLICAS_DROP, 'Deployment', 'spec.replicas', 'replicas'],
  [GuardrailRule.HPA_REPLICAS_HANDOVER, 'Deployment', 'spec.replicas', 'autoscaling'],
  [GuardrailRule.ROUTED_BACKEND_REMOVED, 'HTTPRoute', 'spec.rules[0].backendRefs[1].weight', 'release'],
];

describe('the construct table over the engine rules', () => {
  test.each(EXPECTED.map(([rule, kind, path, prop]) => [rule, kind, path, prop]))('%s on %s %s is the prop %s', (rule, kind, path, prop) => {
    expect(at(rule as GuardrailRule, kind, path)).toBe(prop);
  });

  test('every rule, state and transition, is in the table above and has a construct fix', () => {
    const ids = [...ZeroDowntimeRules.all(), ...ZeroDowntimeRules.transitions()].map((r) => r.id).sort();
    expect(ids).toEqual([...Object.values(GuardrailRule)].sort());
    expect([...new Set(EXPECTED.map(([rule]) => rule))].sort()).toEqual(ids);
    for (const r of [...ZeroDowntimeRules.all(), ...ZeroDowntimeRules.transitions()]) {
      expect([r.id, r.fix.length > 10, r.manifestFix.length > 10, r.fix !== r.manifestFix]).toEqual([r.id, true, true, true]);
    }
  });
});

describe('findings about objects a prop renders name that prop', () => {
  test("a canary of 1 pod behind its own Service (the HTTPRoute path): the finding names release.replicas, not the stable replicas", () => {
    const chart = freshChart();
    new ZeroDowntimeWebsite(chart, 'web', {
      image: ContainerImage.fromRegistry('repo/site:1.0.0'),
      httpRoute: { parentRefs: [{ name: 'public' }] },
      release: Release.canary({ image: ContainerImage.fromRegistry('repo/site:2.0.0'), replicas: 1, weight: 10 }),
    });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/web\] release\.replicas breaks zero-downtime rule deployment-replicas .*got 1; allowed: 2 or more/);
  });
});
