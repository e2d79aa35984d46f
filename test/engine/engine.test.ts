import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { RuleEngine } from '../../lib/engine/check';
import { GuardrailRule } from '../../lib/engine/rule-ids';
import { execSleepSeconds, rolloutPeakPods } from '../../lib/engine/facts';
import { buildInventory } from '../../lib/engine/workloads';

/*
 * The rule engine on plain objects, as `check` reads them from YAML: pairing, the facts read from hooks
 * and annotations, exemptions, and kinds the rules do not know.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'manifests');
/** The documents of a fixture, parsed once per file: each call returns a fresh deep copy, to edit per test. */
const parsed = new Map<string, any[]>();
const load = (file: string): any[] => {
  let docs = parsed.get(file);
  if (docs === undefined) {
    docs = parseAllDocuments(fs.readFileSync(path.join(FIXTURES, file), 'utf8')).map((d) => d.toJS()).filter((o) => o !== null);
    parsed.set(file, docs);
  }
  return structuredClone(docs);
};
const rules = (objects: unknown[]) => RuleEngine.check(objects).map((f) => f.rule);

/** A fresh copy of the good site (Deployment, Service, PDB, StatefulSet, CronJob), to edit per test. */
function goodSite(): any[] {
  return load('good.yaml');
}

describe('preStop delay read from the hook', () => {
  test.each([
    [['sleep', '5'], 5],
    [['/bin/sleep', '12'], 12],
    [['/usr/bin/sleep', '2.5'], 2.5],
    [['sleep', '7s'], 7],
    [['sh', '-c', 'sleep 5 && nginx -s quit'], 5],
    [['/bin/sh', '-c', 'sleep 10; kill -QUIT 1'], 10],
    [['bash', '-lc', 'exec sleep 3'], 3],
    [['busybox', 'sh', '-c', 'sleep 4'], 4],
  ])('%j keeps the server serving %p s', (command, seconds) => {
    expect(execSleepSeconds(command as string[])).toBe(seconds);
  });

  test.each([
    [['nginx', '-s', 'quit']],
    [['sh', '-c', 'nginx -s quit && sleep 5']], // the server stops first: the sleep does not keep it serving
    [['sleep']],
    [['sleep', 'infinity']],
    [['sh', 'sleep 5']],
    [[]],
  ])('%j has no readable delay', (command) => {
    expect(execSleepSeconds(command as string[])).toBeUndefined();
  });

  test('the native sleep action counts; a hook of unknown duration needs the annotation', () => {
    const objects = goodSite();
    const container = objects[0].spec.template.spec.containers[0];
    container.lifecycle.preStop = { sleep: { seconds: 6 } };
    expect(rules(objects)).toEqual([]);
    container.lifecycle.preStop = { exec: { command: ['/app/drain'] } };
    expect(rules(objects)).toEqual([]); // unknown duration: neither missing nor too short
    objects[0].metadata.annotations['zero-downtime.cdk8s.io/prestop-seconds'] = '3';
    expect(rules(objects)).toEqual([GuardrailRule.PRESTOP_SHORTER_THAN_PATH]);
  });
});

describe('drain time and grace period', () => {
  test('the drain annotation counts against the grace period; without it the drain is 0 s', () => {
    const objects = goodSite();
    objects[0].spec.template.spec.terminationGracePeriodSeconds = 15; // preStop 5 + drain 10 = 15: not more
    const findings = RuleEngine.check(objects);
    expect(findings.map((f) => [f.rule, f.path, f.value, f.allowed])).toEqual([
      [GuardrailRule.PRESTOP_EXCEEDS_GRACE_PERIOD, 'spec.template.spec.terminationGracePeriodSeconds', '15s', 'more than preStop delay + drainTimeout = 15s'],
    ]);
    delete objects[0].metadata.annotations['zero-downtime.cdk8s.io/drain-seconds'];
    expect(rules(objects)).toEqual([]);
  });
});

describe('pairing', () => {
  test('a Service, PDB or HPA in another namespace does not pair', () => {
    const objects = goodSite();
    objects[0].metadata.namespace = 'other';
    const inventory = buildInventory(objects);
    // the Deployment moved away, and the StatefulSet cache stays in `web`: neither has a Service
    expect(inventory.workloads.map((w) => [w.kind, w.controller.ref.name, w.services])).toEqual([
      ['Deployment', 'blog', []],
      ['StatefulSet', 'cache', []],
    ]);
    expect(inventory.workloads[0].budgets).toEqual([]);
    // without a Service nobody sends it traffic: the traffic rules do not apply; the Service left
    // behind in `web` selects none of the pods there (StatefulSet, CronJob) and is reported
    objects[0].spec.template.spec.containers[0].readinessProbe = undefined;
    expect(RuleEngine.check(objects).map((f) => [f.rule, f.objectRef.name, f.allowed])).toEqual([
      [GuardrailRule.SERVICE_SELECTOR_MISMATCH, 'blog', 'a subset of the pod labels {"app":"cache"}'],
    ]);
  });

  test('PDB matchExpressions select pods; an HPA pairs by scaleTargetRef name', () => {
    const objects = goodSite();
    objects[2].spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['blog', 'shop'] }] };
    objects.push({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'blog-hpa', namespace: 'web' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'blog' }, minReplicas: 2, maxReplicas: 6 } });
    const w = buildInventory(objects).workloads[0];
    expect(w.budgets.map((b) => b.ref.name)).toEqual(['blog']);
    expect(w.autoscaler?.ref.name).toBe('blog-hpa');
    expect(rules(objects)).toEqual([GuardrailRule.HPA_REPLICAS_CONFLICT]);
  });

  test('Ingresses and HTTPRoutes pair through the Service they name', () => {
    const objects = goodSite();
    objects.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'blog', namespace: 'web' }, spec: { rules: [{ backendRefs: [{ name: 'blog', port: 80 }] }] } });
    const w = buildInventory(objects).workloads[0];
    expect(w.routes.map((r) => r.ref.name)).toEqual(['blog']);
    expect(RuleEngine.check(objects).map((f) => [f.rule, f.value, f.allowed])).toEqual([
      [GuardrailRule.PRESTOP_SHORTER_THAN_PATH, '5s', 'at least 15s, the time the HTTPRoute path needs to stop sending requests'],
    ]);
    objects[1].metadata.annotations = { 'zero-downtime.cdk8s.io/deregistration-seconds': '4' };
    expect(rules(objects)).toEqual([]);
  });

  test('the serving container is the one whose port the Service targets, not a sidecar listed first', () => {
    const objects = goodSite();
    const spec = objects[0].spec.template.spec;
    spec.containers.unshift({ name: 'proxy-sidecar', image: 'envoy:1.31.0', ports: [{ name: 'admin', containerPort: 9901 }] });
    expect(rules(objects)).toEqual([]);
  });
});

describe('exemptions', () => {
  test('an annotation on the Deployment exempts its findings, also those on its Service', () => {
    const objects = load('rollout-unsafe.yaml');
    objects[0].metadata.annotations = {
      'zero-downtime.cdk8s.io/exempt-recreate-strategy': 'single-writer app',
      'zero-downtime.cdk8s.io/exempt-service-target-port-mismatch': 'port added by a mutating webhook',
    };
    expect(rules(objects)).toEqual([
      GuardrailRule.READINESS_PROBE_MISSING,
      GuardrailRule.DEPLOYMENT_REPLICAS,
      GuardrailRule.PRESTOP_DELAY_MISSING,
      GuardrailRule.MUTABLE_IMAGE_TAG,
    ]);
  });

  test('the API server refuses duplicates whatever the annotations say: not exemptible', () => {
    const objects = load('conflicts.yaml');
    objects[3].metadata.annotations = { 'zero-downtime.cdk8s.io/exempt-duplicate-object': 'please' };
    expect(rules(objects)).toEqual([GuardrailRule.NODE_PORT_CONFLICT, GuardrailRule.DUPLICATE_OBJECT]);
  });
});

describe('kinds and defaults', () => {
  test('an image without tag and without pull policy is pulled Always by default: no finding', () => {
    const objects = goodSite();
    objects[0].spec.template.spec.containers[0].image = 'nginx';
    expect(rules(objects)).toEqual([]);
    objects[0].spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent';
    expect(rules(objects)).toEqual([GuardrailRule.MUTABLE_IMAGE_TAG]);
  });

  test('default strategy (25%/25%) on 4 replicas lets one pod go: rolling-update-max-unavailable', () => {
    const objects = goodSite();
    delete objects[0].spec.strategy;
    objects[0].spec.replicas = 4;
    expect(RuleEngine.check(objects).map((f) => [f.rule, f.value, f.allowed])).toEqual([
      [GuardrailRule.ROLLING_UPDATE_MAX_UNAVAILABLE, '25%', 'a value that resolves to 0 of 4 replicas'],
    ]);
  });

  test('custom resources, StatefulSets, Jobs and objects without kind are never judged by workload rules', () => {
    const objects = [
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' }, spec: { replicas: 1, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { replicas: 1, template: { spec: {} } } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ image: 'x:latest', imagePullPolicy: 'Never' }] } } } },
      { metadata: { name: 'no-kind' } },
      'a string document',
      42,
      null,
    ];
    expect(RuleEngine.check(objects)).toEqual([]);
  });
});

describe('autoscaler minReplicas', () => {
  const hpa = (spec: Record<string, unknown>) => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'blog-hpa', namespace: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'blog' }, maxReplicas: 6, ...spec },
  });

  test('without minReplicas the autoscaler runs at 1 (its default), not at the 3 of spec.replicas: deployment-replicas', () => {
    const objects = goodSite();
    objects.push(hpa({}));
    expect(RuleEngine.check(objects).map((f) => [f.rule, f.objectRef.kind, f.path, f.value, f.allowed])).toEqual([
      [GuardrailRule.DEPLOYMENT_REPLICAS, 'HorizontalPodAutoscaler', 'spec.minReplicas', 1, '2 or more'],
      [GuardrailRule.HPA_REPLICAS_CONFLICT, 'Deployment', 'spec.replicas', 3, 'no replicas field on a Deployment an autoscaler scales'],
    ]);
  });

  test('a minReplicas of 2 is the count: only the replicas conflict', () => {
    const objects = goodSite();
    objects.push(hpa({ minReplicas: 2 }));
    expect(rules(objects)).toEqual([GuardrailRule.HPA_REPLICAS_CONFLICT]);
  });
});

describe('hard anti-affinity capacity: the pods a rollout runs at once', () => {
  test.each([
    // replicas, surge -> pods at the peak
    [3, 1, 4],
    [4, 0, 4],
    [2, 2, 4],
    [2, 5, 4], // never more than replicas new pods
    [0, 1, 0],
  ])('%p replicas, surge %p: %p pods at once', (replicas, surge, peak) => {
    expect(rolloutPeakPods(replicas, surge)).toBe(peak);
  });

  /** The good site with required anti-affinity on kubernetes.io/hostname and the given replicas, maxSurge and node count. */
  function antiAffine(replicas: number, maxSurge: number, nodes?: string): any[] {
    const objects = goodSite();
    const d = objects[0];
    d.spec.replicas = replicas;
    d.spec.strategy.rollingUpdate = { maxSurge, maxUnavailable: 0 };
    d.spec.template.spec.affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'blog' } } }] },
    };
    if (nodes !== undefined) d.metadata.annotations['zero-downtime.cdk8s.io/schedulable-nodes'] = nodes;
    return objects;
  }

  test('a maxSurge above replicas adds at most replicas pods: 2 replicas with maxSurge 5 need 4 nodes, not 7', () => {
    expect(rules(antiAffine(2, 5, '4'))).toEqual([]);
    expect(RuleEngine.check(antiAffine(2, 5, '3')).map((f) => [f.rule, f.value, f.allowed])).toEqual([
      [GuardrailRule.HARD_ANTI_AFFINITY_CAPACITY, 3, 'at least replicas + min(maxSurge, replicas) = 4'],
    ]);
    expect(RuleEngine.check(antiAffine(3, 1, '3')).map((f) => [f.rule, f.value, f.allowed])).toEqual([
      [GuardrailRule.HARD_ANTI_AFFINITY_CAPACITY, 3, 'at least replicas + maxSurge = 4'],
    ]);
  });

  test('0 replicas run no pod and need no node', () => {
    expect(rules(antiAffine(0, 1))).toEqual([GuardrailRule.DEPLOYMENT_REPLICAS]);
  });
});

describe('messages stay on one line', () => {
  test('an object name with a line break is quoted where a message names the object', () => {
    const objects = load('conflicts.yaml');
    objects[2].metadata.name = 'set\ntings';
    objects[3].metadata.name = 'set\ntings';
    const dup = RuleEngine.check(objects).find((f) => f.rule === GuardrailRule.DUPLICATE_OBJECT)!;
    expect(dup.allowed).toBe('a name not already used by ConfigMap one/"set\\ntings" (object 3 of the input)');
    expect(dup.message).not.toContain('\n');
  });
});
