import * as fs from 'fs';
import * as path from 'path';
import { ROOT, runCli } from '../support/cli';

/*
 * `cdk8s-zero-downtime check`, run as a real process on the committed dist/ and on hand-written
 * manifests (test/fixtures/manifests) whose findings are listed here by hand.
 */

const FIXTURES = path.join('test', 'fixtures', 'manifests');
const fixture = (name: string) => path.join(FIXTURES, name);

/** `rule@Kind/name` of each finding of a JSON report. */
function rulesOf(stdout: string): string[] {
  const report = JSON.parse(stdout);
  return report.findings.map((f: any) => `${f.rule}@${f.object.kind}/${f.object.name}`);
}

jest.setTimeout(30_000);

describe('check', () => {
  test('the committed dist/ has no findings: exit 0 and a one-line summary', async () => {
    const r = await runCli(['check', 'dist/']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.yaml')).length;
    expect(r.stdout).toMatch(new RegExp(`^✓ \\d+ objects in ${files} inputs: no zero-downtime findings\\n$`));
  });

  test('a rollout that drops requests: exit 1, every rule by id, grouped per object in text', async () => {
    const json = await runCli(['check', '--format', 'json', fixture('rollout-unsafe.yaml')]);
    expect(json.code).toBe(1);
    expect(rulesOf(json.stdout)).toEqual([
      'readiness-probe-missing@Deployment/shop',
      'recreate-strategy@Deployment/shop',
      'deployment-replicas@Deployment/shop',
      'prestop-delay-missing@Deployment/shop',
      'mutable-image-tag@Deployment/shop',
      'service-target-port-mismatch@Service/shop',
    ]);
    const text = await runCli(['check', fixture('rollout-unsafe.yaml')]);
    expect(text.code).toBe(1);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe(`Deployment web/shop  (${fixture('rollout-unsafe.yaml')}:2)`);
    expect(lines[1]).toBe('  ✗ readiness-probe-missing: spec.template.spec.containers[0].readinessProbe = "none"');
    expect(lines[2]).toBe('      why:     without a readiness probe a new pod gets requests before it can serve them');
    expect(text.stdout).toContain(`Service web/shop  (${fixture('rollout-unsafe.yaml')}:24)\n  ✗ service-target-port-mismatch: spec.ports[0].targetPort = "web"`);
    expect(lines[lines.length - 2]).toBe('✗ 6 findings in 2 of 2 objects');
  });

  test('the JSON report has the documented shape', async () => {
    const r = await runCli(['check', '--format', 'json', fixture('drain-blockers.yaml')]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.objects).toBe(5);
    expect(report.findings).toHaveLength(3);
    expect(report.findings[2]).toEqual({
      rule: 'pdb-min-available-above-hpa-min',
      object: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', namespace: 'web', name: 'api' },
      source: { file: fixture('drain-blockers.yaml'), line: 50 },
      path: 'spec.minAvailable',
      value: 2,
      allowed: 'less than autoscaling.minReplicas (2)',
      reason: 'when the autoscaler sits at minReplicas, a larger minAvailable blocks every eviction',
      message: 'spec.minAvailable breaks zero-downtime rule pdb-min-available-above-hpa-min (when the autoscaler sits at minReplicas, a larger minAvailable blocks every eviction), got 2; allowed: less than autoscaling.minReplicas (2)',
      fix: 'lower the PodDisruptionBudget minAvailable below the HorizontalPodAutoscaler minReplicas, or use maxUnavailable: 1, or exempt it on purpose with the annotation zero-downtime.cdk8s.io/exempt-pdb-min-available-above-hpa-min: "<reason>"',
    });
    expect(rulesOf(r.stdout).slice(0, 2)).toEqual(['hpa-replicas-conflict@Deployment/api', 'prestop-shorter-than-path@Deployment/api']);
    expect(report.findings[1].allowed).toBe('at least 15s, the time the Ingress path needs to stop sending requests');
  });

  test('reads stdin (-), kind: List in JSON, and several paths at once', async () => {
    const r = await runCli(['check', '--format', 'json', '-', fixture('list.json'), fixture('conflicts.yaml')], {
      input: fs.readFileSync(path.join(ROOT, fixture('good.yaml')), 'utf8'),
    });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.objects).toBe(5 + 2 + 4);
    expect(rulesOf(r.stdout)).toEqual([
      'invalid-namespace@Deployment/docs',
      'service-selector-mismatch@Service/docs',
      'invalid-namespace@Service/docs',
      'node-port-conflict@Service/website',
      'duplicate-object@ConfigMap/settings',
    ]);
    expect(report.findings[0].source).toEqual({ file: fixture('list.json'), line: 1 });
  });

  test('a directory is read recursively; good manifests pass with exit 0', async () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'check-dir-'));
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.copyFileSync(path.join(ROOT, fixture('good.yaml')), path.join(dir, 'nested', 'good.yml'));
    fs.writeFileSync(path.join(dir, 'README.md'), '# not a manifest\n');
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('✓ 5 objects in 1 input: no zero-downtime findings\n');
  });

  test('an exemption annotation silences one rule on one object', async () => {
    const text = fs.readFileSync(path.join(ROOT, fixture('rollout-unsafe.yaml')), 'utf8')
      .replace('  namespace: web\nspec:\n  replicas: 1', '  namespace: web\n  annotations:\n    zero-downtime.cdk8s.io/exempt-recreate-strategy: "the app cannot run two versions at once"\nspec:\n  replicas: 1');
    const r = await runCli(['check', '--format', 'json', '-'], { input: text });
    expect(rulesOf(r.stdout)).not.toContain('recreate-strategy@Deployment/shop');
    expect(rulesOf(r.stdout)).toHaveLength(5);
  });

  test('a YAML syntax error: exit 2, file, line and column on stderr, nothing on stdout', async () => {
    const r = await runCli(['check', fixture('good.yaml'), fixture('broken.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`cdk8s-zero-downtime: ${fixture('broken.yaml')}:7:3: `);
    expect(r.stderr).toContain('1 input problem; nothing was checked');
  });

  test('bad usage and unreadable input: exit 2', async () => {
    const missing = await runCli(['check', 'no/such/file.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('cdk8s-zero-downtime: no/such/file.yaml: no such file or directory\ncdk8s-zero-downtime: 1 input problem; nothing was checked\n');
    const format = await runCli(['check', '--format', 'xml', 'dist/']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are text, json.");
    const noPaths = await runCli(['check']);
    expect(noPaths.code).toBe(2);
    expect(noPaths.stderr).toContain("error: missing required argument 'paths'");
  });

  test('--help explains inputs, exemptions and exit codes', async () => {
    const r = await runCli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cdk8s-zero-downtime check [options] <paths...>');
    expect(r.stdout).toContain('zero-downtime.cdk8s.io/exempt-<rule id>');
    expect(r.stdout).toContain('Exit codes: 0 no findings, 1 findings, 2 bad usage, unreadable input or a YAML syntax error.');
    expect(r.stdout).toContain('helm template my-release ./chart | cdk8s-zero-downtime check -');
  });
});
