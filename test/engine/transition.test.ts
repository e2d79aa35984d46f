import fc from 'fast-check';
import { RuleEngine } from '../../lib/engine/check';
import { GuardrailRule } from '../../lib/engine/rule-ids';
import { ZeroDowntimeRules } from '../../lib/zero-downtime-rules';
import { TransitionState, WorkloadChangeKind } from '../../lib/engine/transition';
import { GuardrailRule as Rule, ServiceType, ZeroDowntimeWebsiteProps } from '../../lib';
import { renderableProps, renderSite } from '../fuzz/arbitraries';
import { render } from '../support/render';
import * as fs from 'fs';
import * as path from 'path';
import { transitionTable } from '../../scripts/guardrail-docs';

/*
 * The transition rules (lib/engine/transition-rules.ts) on hand-written before/after pairs: one site
 * (Deployment, Service, PodDisruptionBudget, Ingress, StatefulSet, Job), changed one way per case,
 * and the same change made safe (ordered, exempted, or left alone). Then two properties over rendered
 * `ZeroDowntimeWebsite`s.
 */

/** A fresh copy of the baseline site, to edit per case. */
function site(): any[] {
  return structuredClone([
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'blog', namespace: 'web', annotations: {} },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'blog' } },
        template: {
          metadata: { labels: { app: 'blog', tier: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27.3', ports: [{ name: 'http', containerPort: 8080 }] }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'blog', namespace: 'web' },
      spec: { selector: { app: 'blog' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'blog', namespace: 'web' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'blog' } } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'blog', namespace: 'web' },
      spec: { rules: [{ host: 'blog.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'blog', port: { number: 80 } } } }] } }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'cache', namespace: 'web' },
      spec: {
        serviceName: 'cache',
        replicas: 1,
        selector: { matchLabels: { app: 'cache' } },
        template: { metadata: { labels: { app: 'cache' } }, spec: { containers: [{ name: 'redis', image: 'redis:7.4' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'web' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'app/migrate:1' }] } } },
    },
  ]);
}

const D = 0; // Deployment
const S = 1; // Service
const P = 2; // PodDisruptionBudget
const I = 3; // Ingress
const SS = 4; // StatefulSet
const J = 5; // Job

/** The second workload of a rename: the site's Deployment under another name (same pods). */
function renamed(objects: any[], name: string): void {
  objects[D].metadata.name = name;
}

const HPA = (min: number) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'blog', namespace: 'web' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'blog' }, minReplicas: min, maxReplicas: 10 },
});

const ROUTE = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'blog', namespace: 'web' },
  spec: { parentRefs: [{ name: 'gw' }], hostnames: ['blog.example.com'], rules: [{ backendRefs: [{ name: 'blog', port: 80 }] }] },
};

/** Adds a canary: a Deployment `blog-canary` (1 pod, labels no other selector matches) and its Service. */
function addCanary(o: any[]): void {
  const d = structuredClone(o[D]);
  d.metadata.name = 'blog-canary';
  d.spec.replicas = 1;
  d.spec.selector.matchLabels = { app: 'blog-canary' };
  d.spec.template.metadata.labels = { app: 'blog-canary' };
  const s = structuredClone(o[S]);
  s.metadata.name = 'blog-canary';
  s.spec.selector = { app: 'blog-canary' };
  o.push(d, s);
}

/** Sets the HTTPRoute's backendRefs to `blog` and `blog-canary` with these weights. */
function weights(o: any[], stable: number, canary: number): void {
  o.find((x) => x.kind === 'HTTPRoute').spec.rules[0].backendRefs = [{ name: 'blog', port: 80, weight: stable }, { name: 'blog-canary', port: 80, weight: canary }];
}

/** Removes the canary's Deployment and Service and its HTTPRoute backend. */
function removeCanary(o: any[]): void {
  for (let i = o.length - 1; i >= 0; i--) if (o[i].metadata.name === 'blog-canary') o.splice(i, 1);
  o.find((x) => x.kind === 'HTTPRoute').spec.rules[0].backendRefs = [{ name: 'blog', port: 80 }];
}

interface Case {
  /** What the change is. */
  readonly title: string;
  /** Edits the baseline (optional), then a copy of it, the new render. */
  readonly before?: (o: any[]) => void;
  readonly after: (o: any[]) => void;
  /** Findings as `rule@state:Kind/name:path`, in report order. */
  readonly expected: string[];
}

const CASES: Case[] = [
  // immutable fields
  { title: 'a Deployment selector changes', after: (o) => (o[D].spec.selector.matchLabels = { app: 'blog', tier: 'web' }),
    expected: ['immutable-field-changed@new:Deployment/blog:spec.selector'] },
  { title: 'a StatefulSet serviceName and volume size change', after: (o) => { o[SS].spec.serviceName = 'cache-headless'; o[SS].spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi'; },
    expected: ['immutable-field-changed@new:StatefulSet/cache:spec.serviceName', 'immutable-field-changed@new:StatefulSet/cache:spec.volumeClaimTemplates'] },
  { title: 'a StatefulSet writes out its default podManagementPolicy (no change)', after: (o) => (o[SS].spec.podManagementPolicy = 'OrderedReady'), expected: [] },
  { title: 'a Job gets another image', after: (o) => (o[J].spec.template.spec.containers[0].image = 'app/migrate:2'),
    expected: ['immutable-field-changed@new:Job/migrate:spec.template'] },
  { title: 'an Argo CD hook Job gets another image (created again on every sync)',
    before: (o) => (o[J].metadata.annotations = { 'argocd.argoproj.io/hook': 'PreSync' }),
    after: (o) => { o[J].metadata.annotations = { 'argocd.argoproj.io/hook': 'PreSync' }; o[J].spec.template.spec.containers[0].image = 'app/migrate:2'; }, expected: [] },
  { title: 'a Service clusterIP changes', before: (o) => (o[S].spec.clusterIP = '10.0.0.10'), after: (o) => (o[S].spec.clusterIP = '10.0.0.11'),
    expected: ['service-cluster-ip-changed@new:Service/blog:spec.clusterIP'] },
  { title: 'a Service becomes headless', after: (o) => (o[S].spec.clusterIP = 'None'), expected: ['service-cluster-ip-changed@new:Service/blog:spec.clusterIP'] },
  { title: 'a Service drops its explicit clusterIP (the API server keeps it)', before: (o) => (o[S].spec.clusterIP = '10.0.0.10'), after: () => {}, expected: [] },
  // renames and moves
  { title: 'a serving Deployment is renamed', after: (o) => renamed(o, 'blog-v2'), expected: ['serving-workload-replaced@new:Deployment/blog-v2:metadata.name'] },
  { title: 'a rename with PruneLast on the old Deployment',
    before: (o) => (o[D].metadata.annotations['argocd.argoproj.io/sync-options'] = 'PruneLast=true'), after: (o) => renamed(o, 'blog-v2'), expected: [] },
  { title: 'a rename with the old Deployment in a later sync wave (prune tasks swap their waves: gitops-engine#538)',
    before: (o) => (o[D].metadata.annotations['argocd.argoproj.io/sync-wave'] = '1'),
    after: (o) => { renamed(o, 'blog-v2'); delete o[D].metadata.annotations['argocd.argoproj.io/sync-wave']; },
    expected: ['serving-workload-replaced@new:Deployment/blog-v2:metadata.name'] },
  { title: 'a rename exempted on the new Deployment',
    after: (o) => { renamed(o, 'blog-v2'); o[D].metadata.annotations['zero-downtime.cdk8s.io/exempt-serving-workload-replaced'] = 'maintenance window'; }, expected: [] },
  { title: 'a Deployment becomes a StatefulSet', after: (o) => { o[D].kind = 'StatefulSet'; o[D].spec.serviceName = 'blog'; delete o[D].spec.strategy; },
    expected: ['serving-workload-replaced@new:StatefulSet/blog:metadata.name'] },
  { title: 'a site is renamed as a whole (Deployment, Service, Ingress backend)',
    after: (o) => { renamed(o, 'journal'); o[S].metadata.name = 'journal'; o[I].spec.rules[0].http.paths[0].backend.service.name = 'journal'; },
    expected: ['serving-workload-replaced@new:Deployment/journal:metadata.name'] },
  { title: 'a serving workload moves to another namespace', after: (o) => { for (const x of [o[D], o[S], o[P], o[I]]) x.metadata.namespace = 'blog'; },
    expected: ['namespace-changed@new:Deployment/blog:metadata.namespace'] },
  // Services
  { title: 'a Service selector moves to labels no running pod has', after: (o) => { o[S].spec.selector = { app: 'blog', tier: 'frontend' }; o[D].spec.template.metadata.labels.tier = 'frontend'; },
    expected: ['service-selector-drops-endpoints@new:Service/blog:spec.selector'] },
  { title: 'a Service selector narrowed to labels the running pods have', after: (o) => (o[S].spec.selector = { app: 'blog', tier: 'web' }), expected: [] },
  { title: 'a targetPort renamed with the container port', after: (o) => { o[S].spec.ports[0].targetPort = 'web'; o[D].spec.template.spec.containers[0].ports[0].name = 'web'; },
    expected: ['service-target-port-changed@new:Service/blog:spec.ports[0].targetPort'] },
  { title: 'a Service port moves while the Ingress moves with it', after: (o) => { o[S].spec.ports[0].port = 8080; o[I].spec.rules[0].http.paths[0].backend.service.port.number = 8080; },
    expected: ['service-port-removed@new:Service/blog:spec.ports'] },
  { title: 'a route moves to a Service whose pods do not run yet',
    after: (o) => {
      const d2 = structuredClone(o[D]);
      d2.metadata.name = 'blog-next';
      d2.spec.selector.matchLabels = { app: 'blog-next' };
      d2.spec.template.metadata.labels = { app: 'blog-next' };
      const s2 = structuredClone(o[S]);
      s2.metadata.name = 'blog-next';
      s2.spec.selector = { app: 'blog-next' };
      o.push(d2, s2);
      o[I].spec.rules[0].http.paths[0].backend.service.name = 'blog-next';
    },
    expected: ['route-to-unready-backend@new:Ingress/blog:spec.rules[0].http.paths[0].backend.service.name'] },
  { title: 'a nodePort moves', before: (o) => { o[S].spec.type = 'NodePort'; o[S].spec.ports[0].nodePort = 31000; }, after: (o) => { o[S].spec.type = 'NodePort'; o[S].spec.ports[0].nodePort = 31001; },
    expected: ['node-port-changed@new:Service/blog:spec.ports[0].nodePort'] },
  { title: 'a LoadBalancer becomes a ClusterIP Service', before: (o) => (o[S].spec.type = 'LoadBalancer'), after: (o) => delete o[S].spec.type,
    expected: ['service-type-narrowed@new:Service/blog:spec.type'] },
  { title: 'a ClusterIP Service becomes a NodePort (wider)', after: (o) => (o[S].spec.type = 'NodePort'), expected: [] },
  { title: 'an Ingress replaced by an HTTPRoute for its host', after: (o) => o.splice(I, 1, structuredClone(ROUTE)),
    expected: ['ingress-removed-for-httproute@new:HTTPRoute/blog:spec.hostnames[0]'] },
  { title: 'an HTTPRoute added next to the Ingress', after: (o) => o.push(structuredClone(ROUTE)), expected: [] },
  // HTTPRoute weights (a canary behind a Gateway)
  { title: 'an HTTPRoute backend added with weight 0 next to its new pods (the first of two commits)',
    before: (o) => o.push(structuredClone(ROUTE)), after: (o) => { addCanary(o); weights(o, 100, 0); }, expected: [] },
  { title: 'an HTTPRoute backend added with weight 25 in the commit that creates its pods',
    before: (o) => o.push(structuredClone(ROUTE)), after: (o) => { addCanary(o); weights(o, 75, 25); },
    expected: ['route-to-unready-backend@new:HTTPRoute/blog:spec.rules[0].backendRefs[1].name'] },
  { title: 'an HTTPRoute backend weight raised from 0 once its pods run',
    before: (o) => { o.push(structuredClone(ROUTE)); addCanary(o); weights(o, 100, 0); }, after: (o) => weights(o, 75, 25), expected: [] },
  { title: 'a weighted HTTPRoute backend removed with its pods in one commit',
    before: (o) => { o.push(structuredClone(ROUTE)); addCanary(o); weights(o, 75, 25); }, after: removeCanary,
    expected: ['routed-backend-removed@new:HTTPRoute/blog:spec.rules'] },
  { title: 'an HTTPRoute backend at weight 0 removed with its pods (the second of two commits)',
    before: (o) => { o.push(structuredClone(ROUTE)); addCanary(o); weights(o, 100, 0); }, after: removeCanary, expected: [] },
  // replicas
  { title: 'replicas drop by more than the budget allows', before: (o) => (o[D].spec.replicas = 10), after: (o) => (o[D].spec.replicas = 5),
    expected: ['replicas-drop@new:Deployment/blog:spec.replicas'] },
  { title: 'replicas drop by what the budget allows', before: (o) => (o[D].spec.replicas = 10), after: (o) => (o[D].spec.replicas = 9), expected: [] },
  { title: 'replicas halve without a budget', before: (o) => { o[D].spec.replicas = 10; o.splice(P, 1); }, after: (o) => { o[D].spec.replicas = 5; o.splice(P, 1); }, expected: [] },
  { title: 'replicas drop below half without a budget', before: (o) => { o[D].spec.replicas = 10; o.splice(P, 1); }, after: (o) => { o[D].spec.replicas = 4; o.splice(P, 1); },
    expected: ['replicas-drop@new:Deployment/blog:spec.replicas'] },
  { title: 'replicas removed when an autoscaler appears', after: (o) => { delete o[D].spec.replicas; o.push(HPA(3)); },
    expected: ['hpa-replicas-handover@new:Deployment/blog:spec.replicas'] },
  { title: 'replicas kept when an autoscaler appears (the first of two commits)', after: (o) => o.push(HPA(3)), expected: [] },
  { title: 'replicas set below minReplicas when the autoscaler goes', before: (o) => { delete o[D].spec.replicas; o.push(HPA(4)); }, after: (o) => { o.pop(); o[D].spec.replicas = 2; },
    expected: ['hpa-replicas-handover@new:Deployment/blog:spec.replicas'] },
  // nothing but a rollout
  { title: 'a new image (a rollout, judged by the rules of the end state)', after: (o) => (o[D].spec.template.spec.containers[0].image = 'nginx:1.27.4'), expected: [] },
];

const summary = (before: any[], after: any[]) =>
  RuleEngine.compare(before, after).map((f) => `${f.rule}@${f.state}:${f.objectRef.kind}/${f.objectRef.name}:${f.path}`);

describe.each(CASES)('$title', ({ before, after, expected }) => {
  test(expected.length === 0 ? 'has no transition finding' : `is reported as ${expected.map((e) => e.split('@')[0]).join(', ')}`, () => {
    const b = site();
    before?.(b);
    const a = structuredClone(b);
    after(a);
    expect(summary(b, a)).toEqual(expected);
  });
});

describe('the transition rule table', () => {
  test('every transition rule has a case, a source and an exemption', () => {
    const covered = new Set(CASES.flatMap((c) => c.expected.map((e) => e.split('@')[0])));
    for (const r of ZeroDowntimeRules.transitions()) {
      expect({ id: r.id, covered: covered.has(r.id) }).toEqual({ id: r.id, covered: true });
      expect(r.source).toMatch(/^https:\/\//);
      expect(r.reason).not.toMatch(/\.$/);
      expect(ZeroDowntimeRules.byId(r.id)).toEqual(r);
    }
  });

  test('docs/guardrails.md holds the generated table of transition rules (run `npx tsx scripts/guardrail-docs.ts --write`)', () => {
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'guardrails.md'), 'utf8')).toContain(transitionTable());
  });

  test('a finding reads as the state rules do, with the change and the exemption in the fix', () => {
    const b = site();
    const a = site();
    a[S].spec.type = 'NodePort';
    b[S].spec.type = 'NodePort';
    b[S].spec.ports[0].nodePort = 31000;
    a[S].spec.ports[0].nodePort = 31001;
    const [f] = RuleEngine.compare(b, a);
    expect(f.message).toBe(
      'spec.ports[0].nodePort breaks zero-downtime rule node-port-changed (a moved nodePort closes the old port on every node: clients, firewalls and load balancers that use it are refused), ' +
        'got 31000 → 31001; allowed: the running nodePort 31000 while clients, firewalls or load balancers use it: open the new port on a second Service, move the clients, then move or remove the old one in a later commit',
    );
    expect(f.fix).toContain('zero-downtime.cdk8s.io/exempt-node-port-changed: "<reason>" on the new object');
    expect(f.objectIndex).toBe(S);
  });

  test("a Service finding is exempt through its workload's annotation (where ZeroDowntimeWebsite writes exemptions)", () => {
    const b = site();
    const a = site();
    b[S].spec.type = 'LoadBalancer';
    a[D].metadata.annotations['zero-downtime.cdk8s.io/exempt-service-type-narrowed'] = 'the load balancer moved to the Gateway last week';
    expect(summary(b, a)).toEqual([]);
  });

  test('options.rules runs only the rules named', () => {
    const b = site();
    const a = site();
    a[D].spec.selector.matchLabels = { app: 'blog', x: 'y' };
    a[S].spec.clusterIP = 'None';
    expect(RuleEngine.compare(b, a, { rules: [GuardrailRule.SERVICE_CLUSTER_IP_CHANGED] }).map((f) => f.rule)).toEqual([GuardrailRule.SERVICE_CLUSTER_IP_CHANGED]);
  });

  test('never throws on objects of any shape', () => {
    fc.assert(fc.property(fc.array(fc.anything()), fc.array(fc.anything()), (b, a) => {
      RuleEngine.compare(b, a);
      RuleEngine.rollouts(b, a);
    }), { numRuns: 100 });
  });
});

describe('rollouts', () => {
  test('which workloads roll, with the fields, and which are unchanged, created or removed', () => {
    const b = site();
    const a = site();
    a[D].spec.template.spec.containers[0].image = 'nginx:1.27.4';
    a[SS].metadata.name = 'cache-2';
    expect(RuleEngine.rollouts(b, a).map((r) => [r.change, r.state, `${r.workloadRef.kind}/${r.workloadRef.name}`, r.fields])).toEqual([
      [WorkloadChangeKind.ROLLS, TransitionState.NEW, 'Deployment/blog', ['spec.template.spec.containers[0].image']],
      [WorkloadChangeKind.CREATED, TransitionState.NEW, 'StatefulSet/cache-2', []],
      [WorkloadChangeKind.REMOVED, TransitionState.BASELINE, 'StatefulSet/cache', []],
    ]);
  });

  test('an OnDelete StatefulSet waits for its pods to be deleted', () => {
    const b = site();
    b[SS].spec.updateStrategy = { type: 'OnDelete' };
    const a = structuredClone(b);
    a[SS].spec.template.spec.containers[0].image = 'redis:7.5';
    expect(RuleEngine.rollouts(b, a).map((r) => r.change)).toEqual([WorkloadChangeKind.UNCHANGED, WorkloadChangeKind.WAITS_FOR_DELETE]);
  });
});

describe('ZeroDowntimeWebsite changes that synth refuses against the previous output', () => {
  const rules = (before: Partial<ZeroDowntimeWebsiteProps>, after: Partial<ZeroDowntimeWebsiteProps>) =>
    RuleEngine.compare(render(before).objects, render(after).objects).map((f) => `${f.rule}@${f.objectRef.kind}/${f.objectRef.name}`);

  test("a site's name changes: the Deployment is replaced", () => {
    expect(rules({ name: 'shop' }, { name: 'store' })).toEqual(['serving-workload-replaced@Deployment/store']);
  });

  test('a rename exempted with a reason passes (the annotation is on the new Deployment)', () => {
    expect(rules({ name: 'shop' }, { name: 'store', exemptions: [{ rule: Rule.SERVING_WORKLOAD_REPLACED, reason: 'shop closed on Sunday for the move' }] })).toEqual([]);
  });

  test('a nodePort moves, and a NodePort site becomes ClusterIP', () => {
    const nodePort = { serviceType: ServiceType.NODE_PORT, nodePort: 31000 };
    expect(rules(nodePort, { ...nodePort, nodePort: 31001 })).toEqual(['node-port-changed@Service/website']);
    expect(rules(nodePort, {})).toEqual(['service-type-narrowed@Service/website']);
  });
});

/*
 * Properties over rendered sites. Each case renders the construct (about 10 ms), so the run counts
 * are small; `FUZZ_RUNS` raises them.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 12;

/** The transition rules a change of one prop may trigger; every other prop changes nothing they judge. */
const MAY_TRIGGER: Partial<Record<keyof ZeroDowntimeWebsiteProps, GuardrailRule[]>> = {
  name: [GuardrailRule.SERVING_WORKLOAD_REPLACED],
  replicas: [GuardrailRule.REPLICAS_DROP, GuardrailRule.HPA_REPLICAS_HANDOVER],
  autoscaling: [GuardrailRule.REPLICAS_DROP, GuardrailRule.HPA_REPLICAS_HANDOVER],
  serviceType: [GuardrailRule.SERVICE_TYPE_NARROWED, GuardrailRule.NODE_PORT_CHANGED],
  nodePort: [GuardrailRule.NODE_PORT_CHANGED],
  servicePort: [GuardrailRule.SERVICE_PORT_REMOVED],
  ingress: [GuardrailRule.INGRESS_REMOVED_FOR_HTTPROUTE],
};

const PROP_KEYS: Array<keyof ZeroDowntimeWebsiteProps> = [
  'name', 'replicas', 'autoscaling', 'serviceType', 'nodePort', 'servicePort', 'containerPort', 'ingress', 'httpRoute', 'image',
  'labels', 'version', 'partOf', 'resources', 'config', 'env', 'writablePaths', 'kubernetesVersion', 'restartToken', 'networkPolicy',
];

function objectsOf(props: ZeroDowntimeWebsiteProps): any[] | undefined {
  const outcome = renderSite(props);
  return 'objects' in outcome ? outcome.objects : undefined;
}

describe('properties of rendered sites', () => {
  test('a render compared with itself has no transition finding, and nothing rolls', () => {
    fc.assert(fc.property(renderableProps, (props) => {
      const objects = objectsOf(props);
      if (!objects) return;
      expect(RuleEngine.compare(objects, structuredClone(objects))).toEqual([]);
      expect(RuleEngine.rollouts(objects, objects).every((r) => r.change === WorkloadChangeKind.UNCHANGED)).toBe(true);
    }), { numRuns: RUNS });
  });

  test('a change of one prop that the construct accepts is finding-free, or names a rule that prop can trigger', () => {
    fc.assert(fc.property(renderableProps, renderableProps, fc.constantFrom(...PROP_KEYS), (p, q, key) => {
      const changed = { ...p, [key]: q[key] } as ZeroDowntimeWebsiteProps;
      if (changed.replicas !== undefined && changed.autoscaling !== undefined) return;
      const before = objectsOf(p);
      const after = before && objectsOf(changed);
      if (!before || !after) return;
      const rules = RuleEngine.compare(before, after).map((f) => f.rule);
      expect({ key, rules: rules.filter((r) => !(MAY_TRIGGER[key] ?? []).includes(r)) }).toEqual({ key, rules: [] });
    }), { numRuns: RUNS });
  });
});
