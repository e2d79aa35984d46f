/**
 * `plan` on releases: the demo's canary (dist/blog.k8s.yaml), hand-written releases by pod ratio and
 * by HTTPRoute weights (expectations computed by hand in the comments), and properties over the shares.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { planDeployments, renderPlanSvg, renderPlanText } from '../../lib/plan';
import { runCliInProcess } from '../support/cli';
import { readYaml, ROOT } from './objects';

const BLOG = path.join(ROOT, 'dist', 'blog.k8s.yaml');

interface Dep {
  name: string;
  labels: Record<string, string>;
  replicas: number;
  image: string;
  preStopSeconds?: number;
}

/** A Deployment with a readiness probe (delay 5 s, period 5 s: a wave of 10-15 s) and a preStop sleep. */
function dep(d: Dep): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: d.name, namespace: 'shop' },
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: { name: d.name } },
      template: {
        metadata: { labels: { name: d.name, ...d.labels } },
        spec: {
          containers: [
            {
              name: 'web',
              image: d.image,
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 5, periodSeconds: 5 },
              lifecycle: { preStop: { sleep: { seconds: d.preStopSeconds ?? 10 } } },
            },
          ],
        },
      },
    },
  };
}

function service(name: string, selector: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { selector, ports: [{ port: 80, targetPort: 'http' }] } };
}

function route(name: string, backends: Array<[string, number]>): Record<string, unknown> {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'shop' },
    spec: { parentRefs: [{ name: 'public' }], rules: [{ backendRefs: backends.map(([svc, weight]) => ({ name: svc, port: 80, weight })) }] },
  };
}

describe('the demo: dist/blog.k8s.yaml mid-canary (weights 75/25)', () => {
  const report = planDeployments(readYaml(BLOG));

  test('one release behind the HTTPRoute, versions by label', () => {
    expect(report.releases).toHaveLength(1);
    const [r] = report.releases;
    expect(r).toMatchObject({ namespace: 'blog', path: 'HTTPRoute', service: null, route: 'blog', rule: 0, notes: [] });
    // stable: 3 pods of 5 = 60 %, 75 % of the requests: 0.75 / 0.6 = 1.25x; canary: 2 of 5 = 40 %, 25 %: 0.625x
    expect(r.versions).toEqual([
      { workload: 'blog', service: 'blog', version: '2.4.1', track: 'stable', role: 'stable', image: 'user/blog:2.4.1', weight: 75, pods: 3, trafficShare: 0.75, capacityShare: 0.6, loadFactor: 1.25 },
      { workload: 'blog-canary', service: 'blog-canary', version: '2.5.0', track: 'canary', role: 'candidate', image: 'user/blog:2.5.0', weight: 25, pods: 2, trafficShare: 0.25, capacityShare: 0.4, loadFactor: 0.625 },
    ]);
  });

  test('promote: blog rolls (3 waves of 10-15 s: 30-45 s), then the canary goes (preStop 15 s up to 15 + drain 20 = 35 s)', () => {
    const next = report.releases[0].next!;
    expect(next.promote.rolls).toEqual([{ workload: 'blog', pods: 3, waves: 3, from: 'user/blog:2.4.1', to: 'user/blog:2.5.0', estimatedSeconds: { min: 30, max: 45 } }]);
    expect(next.promote.removes).toEqual([{ workload: 'blog-canary', pods: 2, goneSeconds: { min: 15, max: 35 } }]);
    expect(next.promote.estimatedSeconds).toEqual({ min: 45, max: 80 });
    expect(next.promote.changes).toHaveLength(3); // image, weight 0, remove (docs/release.md)
    expect(next.abort).toMatchObject({ rolls: [], estimatedSeconds: { min: 15, max: 35 } });
    expect(next.abort.changes).toHaveLength(2);
    // a weight change rolls nothing; the rule allows 2/3 x 1.1 = 73.33 %
    expect(next.newShare).toEqual({ change: 'weight', rolls: [], estimatedSeconds: { min: 0, max: 0 }, maxTrafficShare: 0.7333, up: null, down: null });
  });

  test('text: a release section', () => {
    const text = renderPlanText(report);
    expect(text).toContain('release: HTTPRoute blog, rule 0 (split by weight) in namespace blog\n');
    expect(text).toMatch(/ {2}2\.4\.1 +stable +blog +blog +75 +3 +75% +60% +1\.25x\n/);
    expect(text).toContain('  promote blog-canary (45-80 s):\n    1. set blog\'s image to user/blog:2.5.0: its 3 pods roll in 3 waves, 30-45 s\n');
    expect(text).toMatch(/2 Deployments planned, 2 with risks; 1 release\.\n$/);
  });

  test("svg: a release panel last; docs/images/blog-plan.svg is the tool's output (regenerate: cdk8s-zero-downtime plan --format svg dist/blog.k8s.yaml > docs/images/blog-plan.svg)", () => {
    const svg = renderPlanSvg(report);
    expect(svg).toContain('Release behind HTTPRoute blog/blog, rule 0: split by weight</text>');
    expect(svg.match(/<rect class="share" /g)).toHaveLength(4);
    expect(svg).toContain('>1.25x load per pod</text>');
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'images', 'blog-plan.svg'), 'utf8')).toBe(svg);
  });
});

test("docs/plan.md shows the tool's real release output for dist/blog.k8s.yaml (text section and jq .releases)", async () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'plan.md'), 'utf8');
  const [text, json] = await Promise.all([
    runCliInProcess(['plan', 'dist/blog.k8s.yaml']),
    runCliInProcess(['plan', '--format', 'json', 'dist/blog.k8s.yaml']),
  ]);
  expect(text.code).toBe(0);
  const section = /\nrelease: [^]*?\n\n/.exec(text.stdout)![0].slice(1, -1);
  expect(doc).toContain(`\`\`\`text\n${section}\`\`\``);
  expect(doc).toContain(`\`\`\`json\n${JSON.stringify(JSON.parse(json.stdout).releases, null, 2)}\n\`\`\``);
});

describe('hand-written YAML', () => {
  test('pod ratio: two Deployments behind one Service, no labels: versions by name', () => {
    const report = planDeployments([
      dep({ name: 'shop', labels: { app: 'shop' }, replicas: 3, image: 'shop:1.4.0' }),
      dep({ name: 'shop-canary', labels: { app: 'shop' }, replicas: 1, image: 'shop:1.5.0' }),
      service('shop', { app: 'shop' }),
    ]);
    expect(report.releases).toHaveLength(1);
    const [r] = report.releases;
    expect(r).toMatchObject({ path: 'Service', service: 'shop', route: null, rule: null });
    // 3 of 4 pods and 1 of 4: traffic share = capacity share, load 1x
    expect(r.versions.map((v) => [v.workload, v.role, v.version, v.track, v.weight, v.pods, v.trafficShare, v.capacityShare, v.loadFactor])).toEqual([
      ['shop', 'stable', null, null, null, 3, 0.75, 0.75, 1],
      ['shop-canary', 'candidate', null, null, null, 1, 0.25, 0.25, 1],
    ]);
    expect(r.notes).toEqual([expect.stringMatching(/^Stable: shop \(.*every other Deployment's name starts with shop-\)\.$/)]);
    const next = r.next!;
    // 3 replicas, default 25 % / 25 %: surge 1, unavailable 0, 3 waves of 10-15 s = 30-45 s; the canary's preStop 10 s
    expect(next.promote.rolls).toEqual([{ workload: 'shop', pods: 3, waves: 3, from: 'shop:1.4.0', to: 'shop:1.5.0', estimatedSeconds: { min: 30, max: 45 } }]);
    expect(next.promote.estimatedSeconds).toEqual({ min: 40, max: 55 });
    expect(next.promote.changes).toHaveLength(2); // image, remove: no weight
    expect(next.abort).toEqual({ changes: [expect.stringMatching(/^remove shop-canary: its 1 pod leaves the endpoints and is gone within 10 s$/)], rolls: [], removes: [{ workload: 'shop-canary', pods: 1, goneSeconds: { min: 10, max: 10 } }], estimatedSeconds: { min: 10, max: 10 } });
    // one more canary pod: 2 of 5 = 40 %, one wave; one fewer: none left (1 pod)
    expect(next.newShare).toEqual({ change: 'replicas', rolls: [], estimatedSeconds: { min: 10, max: 15 }, maxTrafficShare: null, up: { replicas: 2, trafficShare: 0.4, estimatedSeconds: { min: 10, max: 15 } }, down: null });
  });

  test('weighted: an HTTPRoute 90/10 to two Services, the stable one by its share', () => {
    const report = planDeployments([
      dep({ name: 'api-v1', labels: {}, replicas: 4, image: 'api:1' }),
      dep({ name: 'api-v2', labels: {}, replicas: 1, image: 'api:2', preStopSeconds: 5 }),
      service('api-v1', { name: 'api-v1' }),
      service('api-v2', { name: 'api-v2' }),
      route('api', [['api-v1', 90], ['api-v2', 10]]),
    ]);
    expect(report.releases).toHaveLength(1);
    const [r] = report.releases;
    expect(r).toMatchObject({ path: 'HTTPRoute', route: 'api', rule: 0, service: null });
    // 4 of 5 pods = 80 %, 90 % of the requests: 1.125x; 1 of 5 = 20 %, 10 %: 0.5x
    expect(r.versions.map((v) => [v.workload, v.role, v.weight, v.pods, v.trafficShare, v.capacityShare, v.loadFactor])).toEqual([
      ['api-v1', 'stable', 90, 4, 0.9, 0.8, 1.125],
      ['api-v2', 'candidate', 10, 1, 0.1, 0.2, 0.5],
    ]);
    expect(r.notes).toEqual([expect.stringMatching(/^Stable: api-v1 .*the largest share of the requests/)]);
    const next = r.next!;
    // 4 replicas, 25 % / 25 %: surge 1, unavailable 1, 2 waves of 10-15 s = 20-30 s; then api-v2 gone after its preStop 5 s
    expect(next.promote.rolls).toEqual([{ workload: 'api-v1', pods: 4, waves: 2, from: 'api:1', to: 'api:2', estimatedSeconds: { min: 20, max: 30 } }]);
    expect(next.promote.estimatedSeconds).toEqual({ min: 25, max: 35 });
    expect(next.abort.changes).toEqual([expect.stringMatching(/^set the weight of api-v2 to 0/), expect.stringMatching(/^remove api-v2 and its Service api-v2/)]);
    // the rule's capacity share: 1 pod of the largest backend's 4 = 25 %, x 1.1
    expect(next.newShare.maxTrafficShare).toBe(0.275);
  });

  test('promote after the stable set already runs the candidate image: nothing rolls; weight 0 already: abort is one change', () => {
    const report = planDeployments([
      dep({ name: 'api', labels: {}, replicas: 2, image: 'api:2' }),
      dep({ name: 'api-canary', labels: {}, replicas: 2, image: 'api:2' }),
      service('api', { name: 'api' }),
      service('api-canary', { name: 'api-canary' }),
      route('api', [['api', 100], ['api-canary', 0]]),
    ]);
    const next = report.releases[0].next!;
    expect(next.promote.rolls).toEqual([]);
    expect(next.promote.changes[0]).toBe('api already runs api:2: nothing rolls');
    expect(next.promote.estimatedSeconds).toEqual({ min: 10, max: 10 });
    expect(next.abort.changes).toHaveLength(1);
    expect(report.releases[0].versions.map((v) => v.trafficShare)).toEqual([1, 0]);
  });

  test('three versions behind one Service: shares, no next step (one candidate at a time)', () => {
    const report = planDeployments([
      dep({ name: 'a', labels: { app: 'x', 'zero-downtime.cdk8s.io/track': 'stable' }, replicas: 2, image: 'x:1' }),
      dep({ name: 'b', labels: { app: 'x' }, replicas: 1, image: 'x:2' }),
      dep({ name: 'c', labels: { app: 'x' }, replicas: 1, image: 'x:3' }),
      service('x', { app: 'x' }),
      service('x-headless', { app: 'x' }), // the same set: one release
    ]);
    expect(report.releases).toHaveLength(1);
    expect(report.releases[0].versions.map((v) => [v.workload, v.role, v.trafficShare])).toEqual([['a', 'stable', 0.5], ['b', 'candidate', 0.25], ['c', 'candidate', 0.25]]);
    expect(report.releases[0].next).toBeNull();
    expect(report.releases[0].notes).toEqual(['2 candidates: promote and abort are planned for one candidate at a time.']);
    expect(renderPlanText(report)).toContain('  2 candidates: promote and abort');
  });

  test('one Deployment per Service, no weighted route: no release', () => {
    const report = planDeployments([dep({ name: 'a', labels: {}, replicas: 2, image: 'x:1' }), service('a', { name: 'a' })]);
    expect(report.releases).toEqual([]);
    expect(renderPlanText(report)).not.toContain('release');
  });
});

describe('properties', () => {
  // Shares are rounded to 4 decimals: each is within 0.00005 of the exact ratio (plus the float error of the rounding itself).
  test('pod ratio: traffic share = capacity share = pods / all pods; both sum to 1', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 4 }), (counts) => {
        const objects = [...counts.map((n, i) => dep({ name: `v${i}`, labels: { app: 'x' }, replicas: n, image: `x:${i}` })), service('x', { app: 'x' })];
        const [r] = planDeployments(objects).releases;
        const total = counts.reduce((a, b) => a + b, 0);
        for (const v of r.versions) {
          expect(Math.abs(v.capacityShare - v.pods / total)).toBeLessThanOrEqual(5e-5 + 1e-12);
          expect(v.trafficShare).toBe(v.capacityShare);
        }
        expect(Math.abs(r.versions.reduce((s, v) => s + v.trafficShare, 0) - 1)).toBeLessThanOrEqual(1e-4 * counts.length);
        expect(Math.abs(r.versions.reduce((s, v) => s + v.capacityShare, 0) - 1)).toBeLessThanOrEqual(1e-4 * counts.length);
      }),
      { numRuns: 40 },
    );
  });

  test('weights: traffic share = weight / sum of weights, capacity share = pods / all pods; both sum to 1; load = traffic / capacity', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ pods: fc.integer({ min: 1, max: 30 }), weight: fc.integer({ min: 0, max: 100 }) }), { minLength: 2, maxLength: 3 }),
        (backends) => {
          fc.pre(backends.some((b) => b.weight > 0));
          const objects = [
            ...backends.flatMap((b, i) => [dep({ name: `v${i}`, labels: {}, replicas: b.pods, image: `x:${i}` }), service(`v${i}`, { name: `v${i}` })]),
            route('x', backends.map((b, i) => [`v${i}`, b.weight])),
          ];
          const [r] = planDeployments(objects).releases;
          const pods = backends.reduce((a, b) => a + b.pods, 0);
          const weights = backends.reduce((a, b) => a + b.weight, 0);
          for (const v of r.versions) {
            const b = backends[Number(v.workload.slice(1))];
            expect(Math.abs(v.trafficShare - b.weight / weights)).toBeLessThanOrEqual(5e-5 + 1e-12);
            expect(Math.abs(v.capacityShare - b.pods / pods)).toBeLessThanOrEqual(5e-5 + 1e-12);
            expect(Math.abs(v.loadFactor! - (b.weight / weights) / (b.pods / pods))).toBeLessThanOrEqual(1e-3 * Math.max(1, v.loadFactor!));
          }
          expect(Math.abs(r.versions.reduce((s, v) => s + v.trafficShare, 0) - 1)).toBeLessThanOrEqual(1e-4 * backends.length);
          expect(Math.abs(r.versions.reduce((s, v) => s + v.capacityShare, 0) - 1)).toBeLessThanOrEqual(1e-4 * backends.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
