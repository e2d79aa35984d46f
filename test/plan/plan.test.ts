import fc from 'fast-check';
import { buildInventory } from '../../lib/engine/workloads';
import { DeploymentPlan, planDeployments, planDrain, renderPlanSvg, renderPlanText } from '../../lib/plan';
import { autoscaler, budget, DEMO, deployment, limitRange, quota, readYaml } from './objects';

/** dist/myapp.k8s.yaml, parsed once: each call returns a fresh deep copy, as a new parse would. */
let demoObjects: unknown[] | undefined;
const readDemo = (): unknown[] => structuredClone((demoObjects ??= readYaml(DEMO)));

function planOf(...objects: unknown[]): DeploymentPlan {
  const report = planDeployments(objects);
  expect(report.deployments).toHaveLength(1);
  return report.deployments[0];
}

describe('the demo app (dist/myapp.k8s.yaml as committed)', () => {
  const report = planDeployments(readDemo());
  const d = report.deployments[0];

  test('3 replicas, 3 waves, minAvailable 3, peakPods 4', () => {
    expect(report.deployments).toHaveLength(1);
    expect(d).toMatchObject({ namespace: 'myapp', name: 'myapp', replicas: 3, maxSurge: 1, maxUnavailable: 0, waves: 3, minAvailable: 3, peakPods: 4, valid: true });
  });

  test('surge requests, time, deadline, termination and drain', () => {
    expect(d.surgeRequests).toMatchObject({ pods: 1, cpu: '50m', memory: '64Mi', ephemeralStorage: '64Mi', missing: [], quota: [] });
    // readiness 5 s delay + 5 s x 1 (+5 s at most) + minReadySeconds 5 s, three times
    expect(d.waveSeconds).toMatchObject({ min: 15, max: 20, minReadySeconds: 5, container: 'web' });
    expect(d.estimatedSeconds).toEqual({ min: 45, max: 60 });
    // preStop sleep 15 + drain 20 (annotation), within the grace period 40
    expect(d.termination).toEqual({ preStopSeconds: 15, drainSeconds: 20, graceSeconds: 40, seconds: 35, cutShort: false });
    expect(d.oldPodsGoneSeconds).toEqual({ min: 80, max: 95 });
    expect(d.peakPodsWithTerminating).toBe(6);
    expect(d.progressDeadlineSeconds).toBe(300);
    expect(d.drain).toMatchObject({ allowedDisruptions: 1, stalls: false, budgets: [{ name: 'myapp', maxUnavailable: 1, allowedDisruptions: 1 }] });
    // a node may hold all 3 pods (the spreading is soft): 1 eviction at a time, Ready never below 2, available down to 1
    expect(d.drain).toMatchObject({ evicted: true, unhealthyPodEvictionPolicy: 'AlwaysAllow', podsOnNode: 3, evictionsAtOnce: 1, minReady: 2, minAvailable: 1 });
    expect(d.autoscaler).toBeNull();
    // the budget counts Ready pods and ignores minReadySeconds: the one risk of the demo app
    expect(d.risks).toEqual([expect.stringMatching(/^During a drain of a node holding 3 of the 3 pods, PodDisruptionBudget myapp counts Ready pods and ignores minReadySeconds \(5 s\)/)]);
  });

  test('the text report: one table for the namespace, then the details', () => {
    const text = renderPlanText(report);
    expect(text).toMatch(/^namespace myapp\n {2}DEPLOYMENT +REPLICAS +SURGE +UNAVAILABLE +WAVES +MIN AVAILABLE +PEAK PODS +SURGE REQUESTS +ROLLOUT +DEADLINE +DRAIN\n/);
    expect(text).toMatch(/\n {2}myapp +3 +\+1 +0 +3 +3 +4 +cpu 50m, memory 64Mi +45-60 s +300 s +1 at a time\n/);
    expect(text).toContain('3 waves: 45-60 s; deadline 300 s per wave');
    expect(text).toContain('    drain: PodDisruptionBudget myapp allows 1 eviction at a time (it counts Ready pods, not minReadySeconds; unhealthyPodEvictionPolicy AlwaysAllow)\n');
    expect(text).toMatch(/\n {6}2 +1 +2 +1 +2 +25-55 s\n/);
    expect(text).toContain('Times leave out: scheduling and image pull');
  });

  test('sources are carried when given', () => {
    const objects = readDemo();
    const withSources = planDeployments(objects, { sources: objects.map((_, i) => ({ file: 'x.yaml', line: i * 10 + 1 })) });
    expect(withSources.deployments[0].source).toEqual({ file: 'x.yaml', line: 1 });
  });
});

describe('the default strategy (25% / 25%)', () => {
  test('4 replicas: surge 1, unavailable 1, minAvailable 3, peakPods 5', () => {
    const d = planOf(deployment({ replicas: 4 }));
    expect(d).toMatchObject({ declared: { maxSurge: '25%', maxUnavailable: '25%' }, maxSurge: 1, maxUnavailable: 1, minAvailable: 3, peakPods: 5, waves: 2 });
    expect(d.risks).toContainEqual(expect.stringMatching(/^maxUnavailable 1 lets the rollout remove 1 serving pod .* capacity drops to 3 of 4\.$/));
  });

  test('10 replicas: surge 3, unavailable 2, minAvailable 8, peakPods 13', () => {
    expect(planOf(deployment({ replicas: 10 }))).toMatchObject({ maxSurge: 3, maxUnavailable: 2, minAvailable: 8, peakPods: 13, waves: 2 });
  });

  test('no replicas field: 1 replica (Kubernetes default), surge 1, unavailable 0', () => {
    const d = planOf(deployment());
    expect(d).toMatchObject({ replicas: 1, maxSurge: 1, maxUnavailable: 0, waves: 1, minAvailable: 1, peakPods: 2 });
    expect(d.risks).toContainEqual(expect.stringMatching(/single replica/));
  });
});

describe('autoscaled', () => {
  test('planned at minReplicas, with what changes at maxReplicas', () => {
    const d = planOf(deployment({ annotations: {} }), autoscaler('web', 2, 10));
    expect(d).toMatchObject({ replicas: 2, autoscaler: { name: 'web', minReplicas: 2, maxReplicas: 10 }, maxSurge: 1, maxUnavailable: 0, waves: 2, peakPods: 3 });
    expect(d.atMaxReplicas).toMatchObject({ replicas: 10, maxSurge: 3, maxUnavailable: 2, waves: 2, minAvailable: 8, peakPods: 13, quotaFits: null });
    expect(renderPlanText(planDeployments([deployment(), autoscaler('web', 2, 10)]))).toContain('autoscaled 2..10 by HorizontalPodAutoscaler web: planned at 2; at 10: surge +3, unavailable 2, 2 waves');
  });

  test('an autoscaler without minReplicas plans at 1 (its default), whatever spec.replicas says', () => {
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    const d = planOf(deployment({ replicas: 3, strategy }), autoscaler('web', undefined, 6));
    expect(d).toMatchObject({ replicas: 1, autoscaler: { name: 'web', minReplicas: 1, maxReplicas: 6 }, maxSurge: 1, maxUnavailable: 0, waves: 1, minAvailable: 1, peakPods: 2 });
    expect(d.atMaxReplicas).toMatchObject({ replicas: 6, maxSurge: 1, maxUnavailable: 0, waves: 6, minAvailable: 6, peakPods: 7 });
    expect(d.risks).toContainEqual('A single replica: a node drain, an eviction or a crash leaves no pod serving.');
  });
});

describe('Recreate', () => {
  test('its own plan: every old pod goes first, minAvailable 0, a risk', () => {
    const d = planOf(
      deployment({
        replicas: 3,
        strategy: { type: 'Recreate' },
        readinessProbe: { httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 5, periodSeconds: 5 },
        preStop: { sleep: { seconds: 10 } },
        terminationGracePeriodSeconds: 30,
      }),
    );
    expect(d).toMatchObject({ strategy: 'Recreate', declared: { maxSurge: null, maxUnavailable: null }, maxSurge: 0, maxUnavailable: 3, waves: 1, minAvailable: 0, peakPods: 3 });
    // the old pods terminate (10 s), then one wave (10-15 s)
    expect(d.estimatedSeconds).toEqual({ min: 20, max: 25 });
    expect(d.risks[0]).toMatch(/^Recreate strategy: all 3 old pods are removed before any new pod starts, so no pod serves for 20-25 s plus image pull and start-up \(minAvailable 0\)\.$/);
  });
});

describe('invalid strategies', () => {
  test('maxSurge and maxUnavailable both 0: refused by the API server, no rollout', () => {
    const d = planOf(deployment({ replicas: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }));
    expect(d).toMatchObject({ valid: false, waves: 0, minAvailable: 3, peakPods: 3 });
    expect(d.risks).toContainEqual(expect.stringMatching(/both 0: invalid, the API server refuses the Deployment/));
  });

  test('a strategy type other than RollingUpdate and Recreate: refused, planned as RollingUpdate', () => {
    const d = planOf(deployment({ replicas: 2, strategy: { type: 'BlueGreen' } }));
    expect(d).toMatchObject({ valid: false, strategy: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 });
    expect(d.risks[0]).toBe('strategy.type "BlueGreen" is neither RollingUpdate nor Recreate: the API server refuses the Deployment (planned as RollingUpdate).');
  });

  test('progressDeadlineSeconds not greater than minReadySeconds: refused', () => {
    const refused = planOf(deployment({ replicas: 2, progressDeadlineSeconds: 10, minReadySeconds: 10 }));
    expect(refused.valid).toBe(false);
    expect(refused.risks).toContainEqual('progressDeadlineSeconds 10 is not greater than minReadySeconds 10: the API server refuses the Deployment.');
    const accepted = planOf(deployment({ replicas: 2, progressDeadlineSeconds: 10, minReadySeconds: 9 }));
    expect(accepted.valid).toBe(true);
    expect(accepted.risks.join(' ')).not.toMatch(/progressDeadlineSeconds/);
    // without the field the default 600 applies, and the API server checks nothing
    expect(planOf(deployment({ replicas: 2, minReadySeconds: 600 })).risks.join(' ')).not.toMatch(/is not greater than minReadySeconds/);
  });

  test('strings where numbers belong never throw', () => {
    const d = planOf(deployment({ replicas: 'three', strategy: { rollingUpdate: { maxSurge: 'one', maxUnavailable: '50' } } }));
    expect(d.valid).toBe(false);
    expect(d.replicas).toBe(1);
  });
});

describe('timing', () => {
  test('a wave that can exceed progressDeadlineSeconds is a risk', () => {
    const d = planOf(
      deployment({ replicas: 2, progressDeadlineSeconds: 100, readinessProbe: { initialDelaySeconds: 80, periodSeconds: 10 }, minReadySeconds: 10 }),
    );
    expect(d.waveSeconds).toMatchObject({ min: 100, max: 110 });
    expect(d.risks).toContainEqual(
      'One wave can take up to 110 s, not less than progressDeadlineSeconds 100: the controller marks the rollout failed (ProgressDeadlineExceeded) and Argo CD shows the Deployment Degraded.',
    );
  });

  test('progressDeadlineSeconds defaults to 600; probe defaults are 10 s periods', () => {
    const d = planOf(deployment({ replicas: 2, readinessProbe: { httpGet: { path: '/', port: 80 } } }));
    expect(d.progressDeadlineSeconds).toBe(600);
    expect(d.waveSeconds).toMatchObject({ min: 10, max: 20, readiness: { initialDelaySeconds: 0, periodSeconds: 10, successThreshold: 1 } });
  });

  test('a startup probe holds readiness back; the slowest container counts', () => {
    const d = planOf(
      deployment({
        replicas: 2,
        startupProbe: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 6 },
        readinessProbe: { periodSeconds: 2, successThreshold: 2 },
        extraContainers: [{ name: 'sidecar', image: 'busybox', readinessProbe: { initialDelaySeconds: 1, periodSeconds: 1 } }],
      }),
    );
    // startup 15..40 s, then 2 s x 2, up to one more period
    expect(d.waveSeconds).toMatchObject({ min: 19, max: 46, container: 'web', startup: { min: 15, max: 40 } });
  });

  test('preStop + drain beyond the grace period is cut short', () => {
    const d = planOf(
      deployment({
        replicas: 2,
        preStop: { exec: { command: ['sleep', '20'] } },
        terminationGracePeriodSeconds: 25,
        annotations: { 'zero-downtime.cdk8s.io/drain-seconds': '10' },
      }),
    );
    expect(d.termination).toEqual({ preStopSeconds: 20, drainSeconds: 10, graceSeconds: 25, seconds: 25, cutShort: true });
    expect(d.risks).toContainEqual(expect.stringMatching(/^preStop 20 s \+ drain 10 s is longer than terminationGracePeriodSeconds 25/));
  });
});

describe('surge requests, LimitRange and ResourceQuota', () => {
  const shop = (extra: Parameters<typeof deployment>[0] = {}) =>
    deployment({
      namespace: 'shop',
      replicas: 3,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      resources: { requests: { cpu: '200m', memory: '256Mi' } },
      ...extra,
    });

  test('the surge does not fit: a risk naming the quota line', () => {
    const d = planOf(shop(), quota('compute', 'shop', { 'requests.cpu': '700m', 'requests.memory': '4Gi' }));
    expect(d.surgeRequests).toMatchObject({ pods: 1, cpu: '200m', memory: '256Mi' });
    expect(d.surgeRequests.quota).toEqual([
      {
        name: 'compute',
        fits: false,
        fitsWhileOldPodsTerminate: false,
        resources: [
          { resource: 'requests.cpu', hard: '700m', used: '600m', usedFrom: 'input', surge: '200m', fits: false, fitsWhileOldPodsTerminate: false },
          { resource: 'requests.memory', hard: '4Gi', used: '768Mi', usedFrom: 'input', surge: '256Mi', fits: true, fitsWhileOldPodsTerminate: true },
        ],
      },
    ]);
    expect(d.risks).toContainEqual(expect.stringMatching(/^ResourceQuota compute: requests.cpu needs 600m \+ 200m at the peak, above the hard limit 700m\. The quota refuses/));
  });

  test('old pods still terminating count against the quota', () => {
    const d = planOf(
      shop({ readinessProbe: { initialDelaySeconds: 5, periodSeconds: 5 }, preStop: { sleep: { seconds: 20 } } }),
      quota('compute', 'shop', { cpu: '1100m', pods: '10' }),
    );
    expect(d.peakPodsWithTerminating).toBe(6); // waves every 10 s, each old pod terminating for 20 s
    expect(d.surgeRequests.quota[0]).toMatchObject({ fits: true, fitsWhileOldPodsTerminate: false });
    expect(d.risks).toContainEqual(expect.stringMatching(/^ResourceQuota compute: old pods still count against cpu while they terminate \(up to 20 s\)/));
  });

  test('pods quota, status.used, and other namespaces do not count', () => {
    const report = planDeployments([
      shop(),
      deployment({ name: 'other', namespace: 'elsewhere', replicas: 50 }),
      quota('count', 'shop', { pods: '4' }),
      quota('mem', 'shop', { 'requests.memory': '1Gi' }, { 'requests.memory': '900Mi' }),
    ]);
    const d = report.deployments[0];
    expect(report.deployments[1].surgeRequests.quota).toEqual([]);
    expect(d.surgeRequests.quota.map((q) => [q.name, q.fits])).toEqual([
      ['count', true],
      ['mem', false],
    ]);
    expect(d.surgeRequests.quota[1].resources[0]).toMatchObject({ used: '900Mi', usedFrom: 'status' });
  });

  test('a quota on requests.cpu refuses pods whose containers request no cpu', () => {
    const d = planOf(deployment({ namespace: 'shop', replicas: 2 }), quota('compute', 'shop', { 'requests.cpu': '10' }));
    expect(d.surgeRequests.quota[0].resources[0].refused).toMatch(/every container must declare a request for cpu/);
    expect(d.risks).toContainEqual(expect.stringMatching(/No container of the pod requests cpu or memory/));
  });

  test('a scoped quota is listed, not judged', () => {
    const q = quota('scoped', 'shop', { pods: '1' });
    (q.spec as Record<string, unknown>).scopes = ['BestEffort'];
    expect(planOf(shop(), q).surgeRequests.quota[0]).toMatchObject({ name: 'scoped', fits: true, note: expect.stringMatching(/not judged/) });
  });

  test('LimitRange defaults fill missing requests (defaultRequest, else default)', () => {
    const d = planOf(
      deployment({ namespace: 'shop', replicas: 2 }),
      limitRange('defaults', 'shop', { defaultRequest: { cpu: '100m' }, default: { memory: '512Mi' } }),
      limitRange('other-ns', 'elsewhere', { defaultRequest: { cpu: '9' } }),
    );
    expect(d.surgeRequests).toMatchObject({ perPod: { cpu: '100m', memory: '512Mi', ephemeralStorage: null }, limitRanges: ['defaults'], missing: ['ephemeralStorage'] });
    expect(d.risks.join(' ')).not.toMatch(/requests cpu/);
  });

  test('a limit without a request is the request; init containers and sidecars as Kubernetes sums them', () => {
    expect(planOf(deployment({ replicas: 2, resources: { limits: { cpu: '1', memory: '1Gi' } } })).surgeRequests.perPod).toMatchObject({ cpu: '1', memory: '1Gi' });
    const d = planOf(
      deployment({
        replicas: 2,
        resources: { requests: { cpu: '500m', memory: '128Mi' } },
        initContainers: [
          { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '100m', memory: '64Mi' } } },
          { name: 'migrate', resources: { requests: { cpu: '2', memory: '32Mi' } } },
        ],
      }),
    );
    // cpu: the init container (2) beside the sidecar started before it (100m); memory: 128Mi + 64Mi running
    expect(d.surgeRequests.perPod).toMatchObject({ cpu: '2100m', memory: '192Mi' });
  });
});

describe('node drain', () => {
  const web = deployment({ replicas: 3 });

  test.each<[Record<string, unknown>, number]>([
    [{ maxUnavailable: 1 }, 1],
    [{ maxUnavailable: '50%' }, 2], // percentages round up for PDBs
    [{ minAvailable: '50%' }, 1],
    [{ minAvailable: 1 }, 2],
  ])('PodDisruptionBudget %p of 3 pods allows %p at a time', (limits, allowed) => {
    expect(planOf(web, budget('web', 'web', limits)).drain).toMatchObject({ allowedDisruptions: allowed, stalls: false });
  });

  test('a budget that allows 0 stalls every drain', () => {
    const d = planOf(web, budget('web', 'web', { minAvailable: 3 }));
    expect(d.drain).toMatchObject({ allowedDisruptions: 0, stalls: true });
    expect(d.risks).toContainEqual(expect.stringMatching(/allows 0 evictions of 3 pods: every node drain and cluster upgrade waits for it forever/));
  });

  test('two budgets on the same pods: the eviction API refuses every eviction', () => {
    const d = planOf(web, budget('a', 'web', { maxUnavailable: 1 }), budget('b', 'web', { maxUnavailable: 1 }));
    expect(d.drain).toMatchObject({ stalls: true, allowedDisruptions: 0 });
    expect(d.risks).toContainEqual(expect.stringMatching(/2 PodDisruptionBudgets select these pods \(a, b\).*500/));
  });

  test('hard anti-affinity without a spare node stalls the drain and the rollout', () => {
    const affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }] },
    };
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    const d = planOf(deployment({ replicas: 3, affinity, strategy, annotations: { 'zero-downtime.cdk8s.io/schedulable-nodes': '3' } }), budget('web', 'web', { maxUnavailable: 1 }));
    expect(d.drain.stalls).toBe(true);
    expect(d.risks).toContainEqual(expect.stringMatching(/with 3 schedulable nodes: the surge pod has no free node .* stalls until the progress deadline/));
    expect(d.risks).toContainEqual(expect.stringMatching(/leaves no spare node/));
    const enough = planOf(deployment({ replicas: 3, affinity, strategy, annotations: { 'zero-downtime.cdk8s.io/schedulable-nodes': '5' } }), budget('web', 'web', { maxUnavailable: 1 }));
    expect(enough.drain.stalls).toBe(false);
    expect(enough.risks.join(' ')).not.toMatch(/anti-affinity/);
    const unknown = planOf(deployment({ replicas: 3, affinity, strategy }), budget('web', 'web', { maxUnavailable: 1 }));
    expect(unknown.drain.reasons).toContainEqual(expect.stringMatching(/Declare the node count/));
  });

  test('no budget: a drain may take them all', () => {
    expect(planOf(web).drain).toMatchObject({ allowedDisruptions: null, stalls: false, budgets: [] });
  });

  const NO_BUDGET = 'No PodDisruptionBudget selects these pods: a node drain evicts all of them on that node at once, and draining several nodes can take every pod.';

  test('no budget on a single replica: a drain reason, not a risk (the single-replica risk says it)', () => {
    const one = planOf(deployment({ replicas: 1 }));
    expect(one.drain.reasons).toEqual([NO_BUDGET]);
    expect(one.risks).not.toContainEqual(NO_BUDGET);
    expect(planOf(deployment({ replicas: 2 })).risks).toContainEqual(NO_BUDGET);
  });

  test('hard anti-affinity counts the same peak as the plan: 2 replicas with maxSurge 5 run 4 pods at once', () => {
    const affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }] },
    };
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 5, maxUnavailable: 0 } };
    const at = (nodes: string) => planOf(deployment({ replicas: 2, affinity, strategy, annotations: { 'zero-downtime.cdk8s.io/schedulable-nodes': nodes } }), budget('web', 'web', { maxUnavailable: 1 }));
    expect(at('4')).toMatchObject({ maxSurge: 5, peakPods: 4 });
    expect(at('4').risks.join(' ')).not.toMatch(/anti-affinity/);
    expect(at('3').risks).toContainEqual(expect.stringMatching(/^Required pod anti-affinity on kubernetes.io\/hostname with 3 schedulable nodes: the surge pod has no free node/));
  });

  test.each<[string, unknown[], string[]]>([
    ['no budget', [], ['no-budget']],
    ['two budgets', [budget('a', 'web', { maxUnavailable: 1 }), budget('b', 'web', { maxUnavailable: 1 })], ['several-budgets']],
    ['both fields set', [budget('web', 'web', { minAvailable: 1, maxUnavailable: 1 })], ['unreadable-budget']],
    ['minAvailable 3', [budget('web', 'web', { minAvailable: 3 })], ['budget-allows-none']],
    ['maxUnavailable 100%', [budget('web', 'web', { maxUnavailable: '100%' })], ['budget-allows-all']],
    ['maxUnavailable 1', [budget('web', 'web', { maxUnavailable: 1 })], []],
  ])('planDrain of 3 pods, %s: reasons of kinds %j', (_, budgets, kinds) => {
    const w = buildInventory([deployment({ replicas: 3 }), ...budgets]).workloads[0];
    const verdict = planDrain(w, 3);
    expect(verdict.reasons.map((r) => r.kind)).toEqual(kinds);
    expect(verdict.plan.reasons).toEqual(verdict.reasons.map((r) => r.text));
  });

  test('planDrain with hard anti-affinity: the node count undeclared, then without a spare node', () => {
    const affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }] },
    };
    const kinds = (annotations: Record<string, string>) =>
      planDrain(buildInventory([deployment({ replicas: 3, affinity, annotations }), budget('web', 'web', { maxUnavailable: 1 })]).workloads[0], 3).reasons.map((r) => r.kind);
    expect(kinds({})).toEqual(['node-count-unknown']);
    expect(kinds({ 'zero-downtime.cdk8s.io/schedulable-nodes': '3' })).toEqual(['no-spare-node']);
    expect(kinds({ 'zero-downtime.cdk8s.io/schedulable-nodes': '4' })).toEqual([]);
  });
});

describe('odd input', () => {
  // the demo app, and its Deployment as a StatefulSet and as a DaemonSet
  const demo = ((objects: any[]) => [
    ...objects,
    ...(['StatefulSet', 'DaemonSet'] as const).map((kind) => ({ ...structuredClone(objects[0]), kind, metadata: { ...objects[0].metadata, name: kind.toLowerCase() } })),
  ])(readDemo() as any[]);

  /** Every path to a field of a JSON value. */
  function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
    if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
    if (typeof value === 'object' && value !== null) return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
    return [prefix];
  }
  const fieldPaths = demo.flatMap((o, i) => paths(o).map((p) => [i, ...p]));
  const odd = fc.oneof(fc.constant(null), fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant({}), fc.constant([]), fc.constant('-1'), fc.constant('50%'));

  test('any field of the demo app replaced by an odd value: planning and rendering never throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fieldPaths), odd, (at, value) => {
        const objects = structuredClone(demo) as any[];
        let node: any = objects;
        for (const key of at.slice(0, -1)) node = node[key];
        node[at[at.length - 1]] = value;
        const report = planDeployments(objects);
        JSON.parse(JSON.stringify(report));
        renderPlanText(report);
        renderPlanSvg(report);
      }),
      { numRuns: 150 },
    );
  });

  test('anything at all: never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.anything(), fc.record({ apiVersion: fc.constant('apps/v1'), kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet'), spec: fc.anything(), metadata: fc.anything() }))), (objects) => {
        const report = planDeployments(objects);
        renderPlanText(report);
        renderPlanSvg(report);
      }),
      { numRuns: 100 },
    );
  });
});
