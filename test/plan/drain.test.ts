/**
 * The node-drain forecast (lib/plan/drain-forecast.ts) against timelines computed by hand, as the
 * eviction API and `kubectl drain` behave: evictions beyond the budget are refused (429) and retried
 * every 5 s; a budget counts Ready pods; minReadySeconds does not slow a drain. Then the plan of
 * StatefulSets and DaemonSets (lib/plan/workload-plans.ts).
 */
import fc from 'fast-check';
import { DaemonSetPlan, DeploymentPlan, drainTimeline, forecastDrain, planDeployments, renderPlanText, StatefulSetPlan, verifyCommands } from '../../lib/plan';
import { DrainModel, simulateDrain } from '../../lib/plan/drain-forecast';
import { budget, daemonSet, deployment, statefulSet } from './objects';

/**
 * The demo app's pod: readiness delay 5 s + period 5 s (Ready 10-15 s after start), minReadySeconds
 * 5 s, preStop sleep 15 s, the server drains up to 20 s after SIGTERM, grace period 40 s.
 */
const POD = {
  readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 5, periodSeconds: 5 },
  minReadySeconds: 5,
  preStop: { sleep: { seconds: 15 } },
  terminationGracePeriodSeconds: 40,
  annotations: { 'zero-downtime.cdk8s.io/drain-seconds': '20' },
};
/** The same as a forecast's model: a replacement is Ready 10-15 s after its start, an evicted pod is gone after 15-35 s. */
const DEMO: DrainModel = {
  replicas: 3,
  podsOnNode: 2,
  allowed: 1,
  ready: { min: 10, max: 15 },
  minReadySeconds: 5,
  termination: { min: 15, max: 35 },
  replacementAfterTermination: false,
};

function only<T>(list: readonly T[]): T {
  expect(list).toHaveLength(1);
  return list[0];
}

const deploymentOf = (...objects: unknown[]): DeploymentPlan => only(planDeployments(objects).deployments);
const statefulSetOf = (...objects: unknown[]): StatefulSetPlan => only(planDeployments(objects).statefulSets);
const daemonSetOf = (...objects: unknown[]): DaemonSetPlan => only(planDeployments(objects).daemonSets);

describe('hand-computed drains of the demo pod (3 replicas)', () => {
  test('2 pods on the node, budget maxUnavailable 1: the timeline, second for second', () => {
    // t=0: pod A evicted (B refused, 429). t=10: kubectl's second retry; A' has been Ready since 10 s
    // (as late as this schedule allows), so B goes: Ready stays 2, but A' is available only at 15 s
    // (minReadySeconds 5 s): available 1 from 10 to 15 s. B' Ready at 20 s, available at 25 s. A is
    // gone at 35 s (preStop 15 s + drain 20 s), B at 45 s: both terminate from 10 to 35 s.
    expect(drainTimeline(DEMO)).toEqual([
      { t: 0, ready: 2, available: 2, terminating: 1, evicted: 1 },
      { t: 10, ready: 2, available: 1, terminating: 2, evicted: 1 },
      { t: 15, ready: 2, available: 2, terminating: 2, evicted: 0 },
      { t: 20, ready: 3, available: 2, terminating: 2, evicted: 0 },
      { t: 25, ready: 3, available: 3, terminating: 2, evicted: 0 },
      { t: 35, ready: 3, available: 3, terminating: 1, evicted: 0 },
      { t: 45, ready: 3, available: 3, terminating: 0, evicted: 0 },
    ]);
    // min: second eviction at 10 s, B gone 15 s later (the server exits at once after its preStop);
    // max: A' Ready at 15 s, kubectl's next retry at 20 s, B gone 35 s later. Measured: 26.8 s.
    expect(forecastDrain(DEMO)).toEqual({ podsOnNode: 2, evictionsAtOnce: 1, minReady: 2, minAvailable: 1, terminatingAtOnce: 2, estimatedSeconds: { min: 25, max: 55 } });
  });

  test('3 pods on the node: evictions at 0, 10 and 20 s, all three terminating at once', () => {
    expect(forecastDrain({ ...DEMO, podsOnNode: 3 })).toEqual({
      podsOnNode: 3,
      evictionsAtOnce: 1,
      minReady: 2,
      minAvailable: 1,
      terminatingAtOnce: 3,
      estimatedSeconds: { min: 2 * 10 + 15, max: 2 * 20 + 35 },
    });
  });

  test('without a budget: every pod of the node at once, the Service on 1 endpoint for 10 s (measured: 10 s)', () => {
    const model = { ...DEMO, allowed: null };
    expect(forecastDrain(model)).toEqual({ podsOnNode: 2, evictionsAtOnce: 2, minReady: 1, minAvailable: 1, terminatingAtOnce: 2, estimatedSeconds: { min: 15, max: 35 } });
    const points = drainTimeline(model);
    expect(points.slice(0, 2)).toEqual([
      { t: 0, ready: 1, available: 1, terminating: 2, evicted: 2 },
      { t: 10, ready: 3, available: 1, terminating: 2, evicted: 0 },
    ]);
  });

  test('without minReadySeconds the available pods follow the Ready ones', () => {
    expect(forecastDrain({ ...DEMO, minReadySeconds: 0, podsOnNode: 3 })).toMatchObject({ minReady: 2, minAvailable: 2 });
  });

  test('a budget that allows 0: nothing is evicted, the drain never ends', () => {
    expect(forecastDrain({ ...DEMO, allowed: 0 })).toEqual({ podsOnNode: 2, evictionsAtOnce: 0, minReady: 3, minAvailable: 3, terminatingAtOnce: 0, estimatedSeconds: null });
  });

  test('a StatefulSet: the replacement starts once the evicted pod is gone', () => {
    // A gone at 15 s at the soonest, Ready 10 s later: the retry at 25 s takes B; A' available at 30 s.
    expect(forecastDrain({ ...DEMO, replacementAfterTermination: true })).toEqual({
      podsOnNode: 2,
      evictionsAtOnce: 1,
      minReady: 2,
      minAvailable: 1,
      terminatingAtOnce: 1,
      // max: A gone at 35 s, Ready at 50 s, next retry 55 s, B gone 35 s later
      estimatedSeconds: { min: 25 + 15, max: 55 + 35 },
    });
  });
});

describe('the plan of a Deployment, by budget', () => {
  const web = deployment({ replicas: 3, ...POD });
  const at = (d: DeploymentPlan, k: number) => d.drain.byPodsOnNode.find((f) => f.podsOnNode === k);

  test.each([
    ['maxUnavailable 1', { maxUnavailable: 1 }, 1, { evictionsAtOnce: 1, minReady: 2, minAvailable: 1, terminatingAtOnce: 2, estimatedSeconds: { min: 25, max: 55 } }],
    ['minAvailable 2', { minAvailable: 2 }, 1, { evictionsAtOnce: 1, minReady: 2, minAvailable: 1, terminatingAtOnce: 2, estimatedSeconds: { min: 25, max: 55 } }],
    // 25% of 3 = 0.75, rounded up: 1
    ['maxUnavailable 25%', { maxUnavailable: '25%' }, 1, { evictionsAtOnce: 1, minReady: 2, minAvailable: 1 }],
    // 50% of 3 = 1.5, rounded up: 2 may go, both pods of the node at once
    ['maxUnavailable 50%', { maxUnavailable: '50%' }, 2, { evictionsAtOnce: 2, minReady: 1, minAvailable: 1, estimatedSeconds: { min: 15, max: 35 } }],
    // minAvailable 50% of 3 = 1.5, rounded up: 2 must stay, 1 may go
    ['minAvailable 50%', { minAvailable: '50%' }, 1, { evictionsAtOnce: 1, minReady: 2 }],
  ])('2 pods on the node, budget %s', (_name, limits, allowed, expected) => {
    const d = deploymentOf(web, budget('web', 'web', limits));
    expect(d.drain.allowedDisruptions).toBe(allowed);
    expect(at(d, 2)).toMatchObject({ podsOnNode: 2, ...expected });
  });

  test('no budget: 2 pods on the node go at once', () => {
    expect(at(deploymentOf(web), 2)).toEqual({ podsOnNode: 2, evictionsAtOnce: 2, minReady: 1, minAvailable: 1, terminatingAtOnce: 2, estimatedSeconds: { min: 15, max: 35 } });
  });

  test('the top-level numbers are the worst case, every pod on one node; a risk names what minReadySeconds does not protect', () => {
    const d = deploymentOf(web, budget('web', 'web', { maxUnavailable: 1 }));
    expect(d.drain).toMatchObject({ podsOnNode: 3, evictionsAtOnce: 1, minReady: 2, minAvailable: 1, terminatingAtOnce: 3, estimatedSeconds: { min: 35, max: 75 } });
    expect(d.drain.byPodsOnNode.map((f) => f.podsOnNode)).toEqual([1, 2, 3]);
    expect(d.risks).toContainEqual(expect.stringMatching(/counts Ready pods and ignores minReadySeconds \(5 s\).* available pods fall to 1 while Ready pods stay at 2.* Fix: /));
    expect(d.drain.unhealthyPodEvictionPolicy).toBe('IfHealthyBudget');
  });

  test('required anti-affinity on kubernetes.io/hostname: one pod per node, no minReadySeconds risk', () => {
    const affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }] } };
    const d = deploymentOf(deployment({ replicas: 3, ...POD, affinity, annotations: { ...POD.annotations, 'zero-downtime.cdk8s.io/schedulable-nodes': '4' } }), budget('web', 'web', { maxUnavailable: 1 }));
    expect(d.drain).toMatchObject({ podsOnNode: 1, minReady: 2, minAvailable: 2 });
    expect(d.risks.join('\n')).not.toMatch(/minReadySeconds/);
  });

  test('the text shows one row per number of pods on the node', () => {
    const text = renderPlanText(planDeployments([web, budget('web', 'web', { maxUnavailable: 1 })]));
    expect(text).toContain('    drain of a node holding some of the 3 pods (kubectl drain retries a refused eviction every 5 s), until they are gone:\n');
    expect(text).toMatch(/\n {6}PODS ON NODE +EVICTIONS AT ONCE +MIN READY +MIN AVAILABLE +TERMINATING AT ONCE +DRAIN TIME\n {6}1 +1 +2 +2 +1 +15-35 s\n {6}2 +1 +2 +1 +2 +25-55 s\n {6}3 +1 +2 +1 +3 +35-75 s\n/);
  });
});

describe('properties of the forecast', () => {
  const model = fc
    .record({
      replicas: fc.integer({ min: 1, max: 30 }),
      k: fc.integer({ min: 1, max: 30 }),
      allowed: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
      readyMin: fc.integer({ min: 0, max: 60 }),
      readyExtra: fc.integer({ min: 0, max: 30 }),
      minReadySeconds: fc.integer({ min: 0, max: 60 }),
      termMin: fc.integer({ min: 0, max: 60 }),
      termExtra: fc.integer({ min: 0, max: 60 }),
      statefulSet: fc.boolean(),
    })
    .map(
      (m): DrainModel => ({
        replicas: m.replicas,
        podsOnNode: Math.min(m.k, m.replicas),
        allowed: m.allowed === null ? null : Math.min(m.allowed, m.replicas),
        ready: { min: m.readyMin, max: m.readyMin + m.readyExtra },
        minReadySeconds: m.minReadySeconds,
        termination: { min: m.termMin, max: m.termMin + m.termExtra },
        replacementAfterTermination: m.statefulSet,
      }),
    );

  test('the fewest Ready pods never go below what the budget allows; evictions at once never exceed its allowance', () => {
    fc.assert(
      fc.property(model, (m) => {
        const f = forecastDrain(m);
        const floor = m.replicas - (m.allowed ?? m.podsOnNode);
        expect(f.minReady).toBeGreaterThanOrEqual(floor);
        expect(f.minReady).toBeGreaterThanOrEqual(m.replicas - m.podsOnNode);
        expect(f.evictionsAtOnce).toBeLessThanOrEqual(m.allowed ?? m.podsOnNode);
        for (const p of drainTimeline(m)) expect(p.ready).toBeGreaterThanOrEqual(floor);
      }),
      { numRuns: 100 },
    );
  });

  test('the closed form is the step-by-step simulation: fewest Ready and available pods, most pods terminating at once', () => {
    fc.assert(
      fc.property(model, (m) => {
        const f = forecastDrain(m);
        const { points, extremes } = simulateDrain(m);
        if (points.length === 0) return;
        expect([f.minReady, f.minAvailable, f.terminatingAtOnce]).toEqual([extremes.minReady, extremes.minAvailable, extremes.maxTerminating]);
        // and the last evicted pod is gone at the fastest schedule's end, within the estimate
        expect(points[points.length - 1].terminating).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  test('any number of pods: the forecast is exact without listing every eviction', () => {
    const f = forecastDrain({ ...DEMO, replicas: 2_000_000_000, podsOnNode: 2_000_000_000 });
    expect(f).toEqual({ podsOnNode: 2e9, evictionsAtOnce: 1, minReady: 2e9 - 1, minAvailable: 2e9 - 2, terminatingAtOnce: 4, estimatedSeconds: { min: (2e9 - 1) * 10 + 15, max: (2e9 - 1) * 20 + 35 } });
    expect(drainTimeline({ ...DEMO, replicas: 2_000_000_000, podsOnNode: 2_000_000_000 })).toEqual([]);
  });

  test('available never exceeds Ready, and equals it without minReadySeconds; the drain ends unless the budget allows none', () => {
    fc.assert(
      fc.property(model, (m) => {
        const f = forecastDrain(m);
        expect(f.minAvailable).toBeLessThanOrEqual(f.minReady);
        if (m.minReadySeconds === 0) expect(f.minAvailable).toBe(f.minReady);
        expect(f.terminatingAtOnce).toBeLessThanOrEqual(m.podsOnNode);
        if (m.allowed === 0) expect(f.estimatedSeconds).toBeNull();
        else {
          expect(f.estimatedSeconds).not.toBeNull();
          expect(f.estimatedSeconds!.min).toBeLessThanOrEqual(f.estimatedSeconds!.max);
          expect(f.estimatedSeconds!.min).toBeGreaterThanOrEqual(m.termination.min);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('StatefulSets', () => {
  test('3 replicas: one pod at a time from the highest ordinal, deleted before its replacement exists', () => {
    const s = statefulSetOf(statefulSet({ replicas: 3, ...POD }), budget('web', 'web', { maxUnavailable: 1 }));
    expect(s).toMatchObject({ kind: 'StatefulSet', strategy: 'RollingUpdate', podManagementPolicy: 'OrderedReady', partition: 0, updatedPods: 3, waves: 3, minAvailable: 2, peakPods: 3 });
    // each pod: gone after 15-35 s, then 15-20 s until available (OrderedReady waits minReadySeconds)
    expect(s.podSeconds).toEqual({ min: 30, max: 55 });
    expect(s.estimatedSeconds).toEqual({ min: 90, max: 165 });
    expect(s.drain).toMatchObject({ evicted: true, podsOnNode: 3, evictionsAtOnce: 1, minReady: 2, terminatingAtOnce: 1 });
    expect(verifyCommands(s)!.rollout).toBe(
      'cdk8s-zero-downtime verify --url "$URL" --tail 45s --during "kubectl rollout restart statefulset/web && kubectl rollout status statefulset/web --timeout=8m"',
    );
  });

  test('partition holds lower ordinals; Parallel does not wait minReadySeconds', () => {
    const s = statefulSetOf(statefulSet({ replicas: 4, ...POD, podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
    expect(s).toMatchObject({ partition: 2, updatedPods: 2, minAvailable: 2 });
    expect(s.podSeconds).toEqual({ min: 25, max: 50 });
    expect(s.notes).toContainEqual('partition 2: ordinals 0 to 1 keep the old revision; 2 pods from ordinal 3 down are replaced.');
    expect(s.notes).toContainEqual(expect.stringMatching(/^podManagementPolicy Parallel: the rolling update moves on once a replacement is Ready/));
  });

  test('OnDelete never rolls by itself: a risk, no rollout, no verify command', () => {
    const s = statefulSetOf(statefulSet({ replicas: 3, updateStrategy: { type: 'OnDelete' } }));
    expect(s).toMatchObject({ strategy: 'OnDelete', updatedPods: 0, waves: 0, minAvailable: 3 });
    expect(s.risks).toContainEqual(expect.stringMatching(/^updateStrategy OnDelete: a change to the pod template replaces no pod by itself/));
    expect(verifyCommands(s)).toBeNull();
  });
});

describe('DaemonSets', () => {
  test('defaults (maxSurge 0, maxUnavailable 1) on an assumed 3 nodes; a drain does not evict their pods', () => {
    const d = daemonSetOf(daemonSet({ ...POD }));
    expect(d).toMatchObject({ kind: 'DaemonSet', nodes: 3, nodesDeclared: false, maxSurge: 0, maxUnavailable: 1, waves: 3, minAvailable: 2, peakPods: 3, stalls: false });
    expect(d.estimatedSeconds).toEqual({ min: 45, max: 60 });
    expect(d.notes).toContainEqual(expect.stringMatching(/^planned for 3 nodes, an assumption/));
    expect(d.drain).toMatchObject({ evicted: false, evictionsAtOnce: 0, byPodsOnNode: [] });
    expect(d.drain.reasons).toContainEqual(expect.stringMatching(/^`kubectl drain --ignore-daemonsets` does not evict DaemonSet pods/));
    expect(d.risks.join('\n')).not.toMatch(/does not evict/);
    expect(d.risks).toContainEqual(expect.stringMatching(/^maxUnavailable 1 without maxSurge/));
  });

  test('10 declared nodes, maxUnavailable 25%: 3 nodes at a time (percentages round up), 4 waves', () => {
    const d = daemonSetOf(daemonSet({ ...POD, annotations: { 'zero-downtime.cdk8s.io/schedulable-nodes': '10' }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%' } } }));
    expect(d).toMatchObject({ nodes: 10, nodesDeclared: true, maxUnavailable: 3, waves: 4, minAvailable: 7 });
  });

  test('maxSurge 1: the new pod first, never fewer available; with a host port the surge stalls', () => {
    const surge = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    expect(daemonSetOf(daemonSet({ ...POD, updateStrategy: surge }))).toMatchObject({ maxSurge: 1, waves: 3, minAvailable: 3, peakPods: 4, stalls: false, risks: [] });
    const bound = daemonSetOf(daemonSet({ ...POD, updateStrategy: surge, hostPort: 8080 }));
    expect(bound).toMatchObject({ hostBound: true, stalls: true, waves: 0 });
    expect(bound.risks).toContainEqual(expect.stringMatching(/^maxSurge 1 with a pod that binds a host port .* the rollout stalls on the first node/));
  });

  test('the JSON lists each kind apart, every entry with its kind; the text a table per kind', () => {
    const report = planDeployments([deployment({ name: 'a', replicas: 2 }), statefulSet({ name: 'b', replicas: 2 }), daemonSet({ name: 'c' })]);
    expect([report.deployments, report.statefulSets, report.daemonSets].map((l) => l.map((p) => `${p.kind}/${p.name}`))).toEqual([['Deployment/a'], ['StatefulSet/b'], ['DaemonSet/c']]);
    const text = renderPlanText(report);
    expect(text).toMatch(/\n {2}STATEFULSET +REPLICAS +POLICY +PARTITION +UPDATED +MIN AVAILABLE +PEAK PODS +ROLLOUT +DRAIN\n {2}b +2 +OrderedReady +0 +2 +1 +2 /);
    expect(text).toMatch(/\n {2}DAEMONSET +NODES +SURGE +UNAVAILABLE +WAVES +MIN AVAILABLE +PEAK PODS +ROLLOUT +DRAIN\n {2}c +3 \(assumed\) +\+0 +1 +3 +2 +3 +0 s +not evicted\n/);
    expect(text).toMatch(/\n1 Deployment, 1 StatefulSet, 1 DaemonSet planned, 3 with risks\.\n$/);
  });
});
