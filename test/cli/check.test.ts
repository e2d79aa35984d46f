import * as fs from 'fs';
import * as path from 'path';
import { errorPrefix } from '../../lib/cli/cli-errors';
import { CliRun, ROOT, runCli, runCliInProcess as runInProcess } from '../support/cli';

/*
 * `cdk8s-zero-downtime check`, run as a real process on the committed dist/ and on hand-written
 * manifests (test/fixtures/manifests) whose findings are listed here by hand.
 *
 * Every process costs a Node start, so one run carries many assertions: the fixtures are read together
 * (stdin, a file, a kind: List, a directory) and every file's findings are asserted by the file they
 * came from. The fixtures do not pair with each other (distinct names, namespaces and labels), so each
 * file has the findings it has alone. The runs start together in beforeAll; each test awaits its own.
 * Each exit code comes once from a real process; the other runs, and the usage errors found by the
 * option parser, run in this process (`runCli` of lib/cli/program.ts).
 */

const FIXTURES = path.join('test', 'fixtures', 'manifests');
const fixture = (name: string) => path.join(FIXTURES, name);
const readFixture = (name: string) => fs.readFileSync(path.join(ROOT, fixture(name)), 'utf8');

/** rollout-unsafe.yaml, exempt from one rule, in a namespace of its own (so that it pairs with nothing else). */
const EXEMPTED = readFixture('rollout-unsafe.yaml')
  .replace('  namespace: web\nspec:\n  replicas: 1', '  namespace: web\n  annotations:\n    zero-downtime.cdk8s.io/exempt-recreate-strategy: "the app cannot run two versions at once"\nspec:\n  replicas: 1')
  .replace(/namespace: web/g, 'namespace: shop-exempt');

/** The inputs of the failing runs, in order; stdin (-) gets EXEMPTED. */
const FAILING_INPUTS = ['-', fixture('rollout-unsafe.yaml'), fixture('drain-blockers.yaml'), fixture('list.json'), fixture('conflicts.yaml')];

jest.setTimeout(30_000);

let goodDir: string;
let runs: { dist: Promise<CliRun>; dir: Promise<CliRun>; json: Promise<CliRun>; text: Promise<CliRun>; broken: Promise<CliRun> };

beforeAll(() => {
  // a directory with a manifest one level down, and a file that is not one
  goodDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'check-dir-'));
  fs.mkdirSync(path.join(goodDir, 'nested'));
  fs.writeFileSync(path.join(goodDir, 'nested', 'good.yml'), readFixture('good.yaml'));
  fs.writeFileSync(path.join(goodDir, 'README.md'), '# not a manifest\n');
  // Each exit code once from a real process (0, 1 with stdin, 2); the other runs in this process.
  runs = {
    dist: runCli(['check', 'dist/']),
    dir: runInProcess(['check', goodDir], { cwd: ROOT }),
    json: runCli(['check', '--format', 'json', ...FAILING_INPUTS, goodDir], { input: EXEMPTED }),
    text: runInProcess(['check', ...FAILING_INPUTS], { input: EXEMPTED, cwd: ROOT }),
    broken: runCli(['check', fixture('good.yaml'), fixture('broken.yaml'), 'no/such/file.yaml']),
  };
});

afterAll(() => {
  fs.rmSync(goodDir, { recursive: true, force: true });
});

/** The findings of a JSON report that came from `file`, as `rule@Kind/name`. */
function rulesFrom(report: any, file: string): string[] {
  return report.findings.filter((f: any) => f.source.file === file).map((f: any) => `${f.rule}@${f.object.kind}/${f.object.name}`);
}

describe('check', () => {
  test('the committed dist/ has no findings: exit 0 and a one-line summary', async () => {
    const r = await runs.dist;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.yaml')).length;
    expect(r.stdout).toMatch(new RegExp(`^✓ \\d+ objects in ${files} inputs: no zero-downtime findings\\n$`));
  });

  test('a directory is read recursively; good manifests pass with exit 0', async () => {
    const r = await runs.dir;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // the StatefulSet no Service selects is judged by the rules that need no Service, and says so
    expect(r.stdout).toBe([
      'Not checked (1):',
      `  - StatefulSet web/cache  (${path.join(goodDir, 'nested', 'good.yml')}:56): no Service in the input selects its pods: traffic rules not run (7 rules)`,
      '',
      '✓ 5 objects in 1 input: no zero-downtime findings; 1 not fully checked',
      '',
    ].join('\n'));
  });

  test('a rollout that drops requests: exit 1, every rule by id', async () => {
    const r = await runs.json;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(rulesFrom(JSON.parse(r.stdout), fixture('rollout-unsafe.yaml'))).toEqual([
      'readiness-probe-missing@Deployment/shop',
      'recreate-strategy@Deployment/shop',
      'deployment-replicas@Deployment/shop',
      'prestop-delay-missing@Deployment/shop',
      'mutable-image-tag@Deployment/shop',
      'service-target-port-mismatch@Service/shop',
    ]);
  });

  test('the JSON report has the documented shape', async () => {
    const report = JSON.parse((await runs.json).stdout);
    expect(Object.keys(report)).toEqual(['objects', 'findings', 'problems', 'skipped']);
    expect(report.problems).toEqual([]);
    // list.json's Service selects app=documentation, not its Deployment's app=docs (a finding of its own)
    expect(report.skipped.map((s: any) => [s.object.kind, s.object.name, s.source.file, s.reason])).toEqual([
      ['Deployment', 'docs', fixture('list.json'), 'no Service in the input selects its pods: traffic rules not run'],
      ['StatefulSet', 'cache', path.join(goodDir, 'nested', 'good.yml'), 'no Service in the input selects its pods: traffic rules not run'],
    ]);
    // the traffic rules a StatefulSet would get behind a Service, by id
    expect(report.skipped[1].rules).toEqual([
      'readiness-probe-missing', 'deployment-replicas', 'prestop-delay-missing', 'service-target-port-mismatch',
      'route-backend-port-mismatch', 'prestop-shorter-than-path', 'network-policy-blocks-external',
    ]);
    const drain = report.findings.filter((f: any) => f.source.file === fixture('drain-blockers.yaml'));
    expect(drain).toHaveLength(3);
    expect(drain[2]).toEqual({
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
    expect(rulesFrom(report, fixture('drain-blockers.yaml')).slice(0, 2)).toEqual(['hpa-replicas-conflict@Deployment/api', 'prestop-shorter-than-path@Deployment/api']);
    expect(drain[1].allowed).toBe('at least 15s, the time the Ingress path needs to stop sending requests');
  });

  test('reads stdin (-), kind: List in JSON, a directory and several paths at once, in order', async () => {
    const report = JSON.parse((await runs.json).stdout);
    // stdin 2, rollout-unsafe 2, drain-blockers 5, list.json 2, conflicts 4, the directory's good.yml 5
    expect(report.objects).toBe(2 + 2 + 5 + 2 + 4 + 5);
    expect(rulesFrom(report, fixture('list.json'))).toEqual(['invalid-namespace@Deployment/docs', 'service-selector-mismatch@Service/docs', 'invalid-namespace@Service/docs']);
    expect(rulesFrom(report, fixture('conflicts.yaml'))).toEqual(['node-port-conflict@Service/website', 'duplicate-object@ConfigMap/settings']);
    expect(report.findings.find((f: any) => f.source.file === fixture('list.json')).source).toEqual({ file: fixture('list.json'), line: 1 });
    expect(rulesFrom(report, path.join(goodDir, 'nested', 'good.yml'))).toEqual([]);
    // findings come in input order: stdin first, then the files as given
    const files = report.findings.map((f: any) => f.source.file).filter((f: string, i: number, all: string[]) => all.indexOf(f) === i);
    expect(files).toEqual(FAILING_INPUTS);
  });

  test('an exemption annotation silences one rule on one object', async () => {
    const report = JSON.parse((await runs.json).stdout);
    // stdin is rollout-unsafe.yaml exempt from recreate-strategy: the other five findings stay
    expect(rulesFrom(report, '-')).toEqual([
      'readiness-probe-missing@Deployment/shop',
      'deployment-replicas@Deployment/shop',
      'prestop-delay-missing@Deployment/shop',
      'mutable-image-tag@Deployment/shop',
      'service-target-port-mismatch@Service/shop',
    ]);
  });

  test('text groups the findings per object, in input order, then a summary', async () => {
    const r = await runs.text;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    // one heading per object with findings
    expect(lines.filter((l) => l !== '' && !l.startsWith(' '))).toEqual([
      'Deployment shop-exempt/shop  (-:2)',
      'Service shop-exempt/shop  (-:26)',
      `Deployment web/shop  (${fixture('rollout-unsafe.yaml')}:2)`,
      `Service web/shop  (${fixture('rollout-unsafe.yaml')}:24)`,
      `Deployment web/api  (${fixture('drain-blockers.yaml')}:1)`,
      `PodDisruptionBudget web/api  (${fixture('drain-blockers.yaml')}:50)`,
      // the two items of one kind: List: one file and line, two objects
      `Deployment Bad_NS/docs  (${fixture('list.json')}:1)`,
      `Service Bad_NS/docs  (${fixture('list.json')}:1)`,
      `Service two/website  (${fixture('conflicts.yaml')}:11)`,
      `ConfigMap one/settings  (${fixture('conflicts.yaml')}:29)`,
      'Not checked (1):',
      '✗ 19 findings in 10 of 15 objects; 1 not fully checked',
    ]);
    const shop = lines.indexOf(`Deployment web/shop  (${fixture('rollout-unsafe.yaml')}:2)`);
    expect(lines.slice(shop + 1, shop + 6)).toEqual([
      '  ✗ readiness-probe-missing: spec.template.spec.containers[0].readinessProbe = "none"',
      '      why:     without a readiness probe a new pod gets requests before it can serve them',
      '      allowed: a readiness probe',
      '      fix:     add a readinessProbe (e.g. httpGet on the serving port) to the serving container, or exempt it on purpose with the annotation zero-downtime.cdk8s.io/exempt-readiness-probe-missing: "<reason>"',
      '  ✗ recreate-strategy: spec.strategy.type = "Recreate"',
    ]);
    expect(r.stdout).toContain(`Service web/shop  (${fixture('rollout-unsafe.yaml')}:24)\n  ✗ service-target-port-mismatch: spec.ports[0].targetPort = "web"`);
    expect(lines[lines.length - 2]).toBe('✗ 19 findings in 10 of 15 objects; 1 not fully checked');
    expect(lines[lines.length - 1]).toBe('');
  });

  test('YAML syntax errors and unreadable files: exit 2, each with file, line and column on stderr, nothing checked', async () => {
    const r = await runs.broken;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^cdk8s-zero-downtime check: ${fixture('broken.yaml').replace(/[.]/g, '\\.')}:7:3: \\S`));
    expect(lines.slice(1)).toEqual([
      'cdk8s-zero-downtime check: no/such/file.yaml: no such file or directory',
      'cdk8s-zero-downtime check: 2 input problems; nothing was checked',
      '',
    ]);
  });

  describe('usage errors found by the option parser (in-process): exit 2, the parser\'s message, nothing on stdout', () => {
    test('an unknown --format', async () => {
      const r = await runInProcess(['check', '--format', 'xml', 'dist/']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe("error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are text, json, sarif.\n(run with --help for usage)\n");
    });

    test('no paths', async () => {
      const r = await runInProcess(['check']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe("error: missing required argument 'paths'\n(run with --help for usage)\n");
    });
  });

  test('--help explains inputs, exemptions and exit codes (in-process)', async () => {
    const r = await runInProcess(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Usage: cdk8s-zero-downtime check [options] <paths...>');
    expect(r.stdout).toContain('zero-downtime.cdk8s.io/exempt-<rule id>');
    expect(r.stdout).toContain('Exit codes: 0 no findings, 1 findings, 2 bad usage, unreadable input, a YAML syntax error or an\ninput problem');
    expect(r.stdout).toContain('--format sarif');
    expect(r.stdout).toContain('helm template my-release ./chart | cdk8s-zero-downtime check -');
  });
});

describe('errorPrefix (lib/cli/cli-errors.ts)', () => {
  test('names the subcommand, or only the command for a failure of the whole command', () => {
    expect(errorPrefix('check')).toBe('cdk8s-zero-downtime check: ');
    expect(errorPrefix('synth')).toBe('cdk8s-zero-downtime synth: ');
    expect(errorPrefix()).toBe('cdk8s-zero-downtime: ');
  });
});
