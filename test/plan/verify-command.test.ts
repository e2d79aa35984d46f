/**
 * The `verify` commands `plan` prints for each Deployment (`verifyCommands` in lib/plan/report.ts): the
 * tail for the Deployment's own grace period, the kubectl timeouts, and commands that `verify` itself
 * accepts as they are printed, once `$URL` (and `$NODE`) are set.
 */
import { DeploymentPlan, planDeployments, renderPlanText } from '../../lib/plan';
import { verifyCommands, VerifyCommands } from '../../lib/plan/report';
import { parseVerifyOptions, RawVerifyOptions, VERIFY_DEFAULTS } from '../../lib/verify/options';
import { deployment } from './objects';

function planOf(...objects: unknown[]): DeploymentPlan {
  const report = planDeployments(objects);
  expect(report.deployments).toHaveLength(1);
  return report.deployments[0];
}

/** The commands of a plan, as they go into the JSON report (a plain object, nothing lost). */
function commandsOf(d: DeploymentPlan): VerifyCommands | null {
  return JSON.parse(JSON.stringify(verifyCommands(d)));
}

/**
 * The options of a printed `cdk8s-zero-downtime verify ...` command line, as a POSIX shell splits it
 * with `URL` and `NODE` set: words, double-quoted strings (in which `$NAME` expands).
 */
function optionsOf(command: string, env: Record<string, string>): RawVerifyOptions {
  const expand = (s: string): string => s.replace(/\$([A-Z]+)/g, (_m, name: string) => env[name] ?? '');
  const words = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => expand(m[1] ?? m[2]));
  expect(words.slice(0, 2)).toEqual(['cdk8s-zero-downtime', 'verify']);
  const raw: Record<string, string> = {};
  for (let i = 2; i < words.length; i += 2) {
    expect(words[i]).toMatch(/^--[a-z-]+$/);
    raw[words[i].slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = words[i + 1];
  }
  return raw;
}

const ENV = { URL: 'http://127.0.0.1:30080/', NODE: 'worker-1' };

describe('a Deployment with a 60 s grace period in namespace shop', () => {
  const d = planOf(deployment({ name: 'web', namespace: 'shop', replicas: 3, terminationGracePeriodSeconds: 60, progressDeadlineSeconds: 300 }));

  test('the tail is the grace period + 5 s: 65 s, in the JSON and in the commands', () => {
    expect(d.termination.graceSeconds).toBe(60);
    expect(commandsOf(d)).toEqual({
      tailSeconds: 65,
      // no readiness probe: a wave takes 0 s; + one progress deadline, 300 s: 5 minutes
      rolloutStatusTimeoutSeconds: 300,
      drainTimeoutSeconds: 300,
      verifyTimeoutSeconds: null,
      rollout:
        'cdk8s-zero-downtime verify --url "$URL" --tail 1m5s --during ' +
        '"kubectl rollout restart deployment/web -n shop && kubectl rollout status deployment/web -n shop --timeout=5m"',
      drain: 'cdk8s-zero-downtime verify --url "$URL" --tail 1m5s --during "kubectl drain $NODE --ignore-daemonsets --delete-emptydir-data --timeout=5m"',
    });
  });

  test('verify accepts both commands as printed, with a 65 s tail', () => {
    const v = verifyCommands(d)!;
    for (const command of [v.rollout, v.drain]) {
      const parsed = parseVerifyOptions(optionsOf(command, ENV));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.options).toMatchObject({ tailMs: 65_000, tailOrigin: 'option', timeoutMs: VERIFY_DEFAULTS.timeoutMs });
      expect(parsed.options.url.toString()).toBe(ENV.URL);
    }
    expect(parseVerifyOptions(optionsOf(v.drain, ENV)).ok && optionsOf(v.drain, ENV).during).toBe(
      'kubectl drain worker-1 --ignore-daemonsets --delete-emptydir-data --timeout=5m',
    );
  });

  test('the text report prints them after the risks, with the reason for the tail', () => {
    const lines = renderPlanText({ deployments: [d], statefulSets: [], daemonSets: [], releases: [], leavesOut: [] }).split('\n');
    const at = lines.indexOf("    verify a rollout (URL: the site's address), watching 65 s after rollout status returns (grace 60 s + 5 s), until the last old pod is gone:");
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 4)).toEqual([
      `      ${verifyCommands(d)!.rollout}`,
      '    verify a node drain (NODE: a node that runs its pods; kubectl drain waits until the evicted pods are gone; kubectl uncordon it afterwards):',
      `      ${verifyCommands(d)!.drain}`,
    ]);
    expect(lines[at - 1]).toMatch(/^ {4}! /); // the last risk (a Deployment without a budget has some)
  });
});

test("without terminationGracePeriodSeconds, Kubernetes' default 30 s: the tail is verify's own default, 35 s", () => {
  const d = planOf(deployment({ name: 'web', replicas: 2 }));
  expect(d.termination.graceSeconds).toBe(30);
  expect(commandsOf(d)!.tailSeconds * 1000).toBe(VERIFY_DEFAULTS.tailMs);
  // no namespace in the manifest: no -n, the kubeconfig's namespace. The default deadline, 600 s, makes
  // rollout status wait up to 10m: verify then needs more than its default 10m (+ the tail + a minute)
  expect(commandsOf(d)!.rollout).toBe(
    'cdk8s-zero-downtime verify --url "$URL" --tail 35s --timeout 12m --during "kubectl rollout restart deployment/web && kubectl rollout status deployment/web --timeout=10m"',
  );
});

test('a rollout too long for verify --timeout of 10 minutes gets a --timeout of its own', () => {
  // 4 waves of up to 20 s (readiness 10 s + one more period) + a deadline of 600 s (the default): 11m20s → 12m
  const d = planOf(
    deployment({ name: 'slow', replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 }, terminationGracePeriodSeconds: 120 }),
  );
  const v = commandsOf(d)!;
  expect(v).toMatchObject({ tailSeconds: 125, rolloutStatusTimeoutSeconds: 720, drainTimeoutSeconds: 720, verifyTimeoutSeconds: 960 });
  expect(v.rollout).toBe(
    'cdk8s-zero-downtime verify --url "$URL" --tail 2m5s --timeout 16m --during "kubectl rollout restart deployment/slow && kubectl rollout status deployment/slow --timeout=12m"',
  );
  const parsed = parseVerifyOptions(optionsOf(v.rollout, ENV));
  expect(parsed.ok && [parsed.options.tailMs, parsed.options.timeoutMs]).toEqual([125_000, 960_000]);
});

test('none for a Deployment the API server refuses, nor for a name that is not a DNS name', () => {
  const refused = planOf(deployment({ name: 'web', replicas: -1 }));
  expect(refused.valid).toBe(false);
  expect(verifyCommands(refused)).toBeNull();
  expect(renderPlanText({ deployments: [refused], statefulSets: [], daemonSets: [], releases: [], leavesOut: [] })).not.toContain('verify a rollout');
  expect(verifyCommands(planOf(deployment({ name: 'web$(reboot)' })))).toBeNull();
  expect(verifyCommands(planOf(deployment({ name: 'web', namespace: 'Shop "x"' })))).toBeNull();
});

test('plan --format json carries the same commands as the text, per workload (the demo app)', async () => {
  const { runCliInProcess } = await import('../support/cli');
  const r = await runCliInProcess(['plan', '--format', 'json', 'dist/myapp.k8s.yaml']);
  expect(r.code).toBe(0);
  const d = JSON.parse(r.stdout).deployments.find((x: { name: string }) => x.name === 'myapp');
  // grace period 40 s in dist/ + 5 s margin
  expect(d.verify.tailSeconds).toBe(45);
  expect(d.verify.rollout).toBe('cdk8s-zero-downtime verify --url "$URL" --tail 45s --during "kubectl rollout restart deployment/myapp -n myapp && kubectl rollout status deployment/myapp -n myapp --timeout=6m"');
  expect(d.verify.drain).toBe('cdk8s-zero-downtime verify --url "$URL" --tail 45s --during "kubectl drain $NODE --ignore-daemonsets --delete-emptydir-data --timeout=6m"');
  const text = await runCliInProcess(['plan', 'dist/myapp.k8s.yaml']);
  expect(text.stdout).toContain(d.verify.rollout);
  expect(text.stdout).toContain(d.verify.drain);
});
