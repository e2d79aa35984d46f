import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, runCli, runCliInProcess } from '../support/cli';

/*
 * `cdk8s-zero-downtime check --baseline` and `--baseline-git`: the change between two renders. One
 * real process (the exit code of a transition finding, read from git); the rest in this process.
 */

jest.setTimeout(30_000);

const GOOD = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'manifests', 'good.yaml'), 'utf8');
/** good.yaml with its Deployment renamed and a new image: a rename (refused) and a rollout of the StatefulSet. */
const RENAMED = GOOD.replace('kind: Deployment\nmetadata:\n  name: blog', 'kind: Deployment\nmetadata:\n  name: blog-v2').replace('image: redis:7.4', 'image: redis:7.4.1');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'check-baseline-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const inProcess = (args: string[], input?: string) => runCliInProcess(['check', ...args], { cwd: tmp, input });

test('--baseline-git <ref> compares the committed render with the working tree: exit 1 on a rename (a real process)', async () => {
  const repo = path.join(tmp, 'repo');
  fs.mkdirSync(path.join(repo, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'dist', 'site.k8s.yaml'), GOOD);
  fs.writeFileSync(path.join(repo, 'dist', '.hidden.yaml'), 'not: read\n');
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: repo, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.');
  expect(git('commit', '-q', '-m', 'render').status).toBe(0);
  fs.writeFileSync(path.join(repo, 'dist', 'site.k8s.yaml'), RENAMED);

  const r = await runCli(['check', '--format', 'json', '--baseline-git', 'HEAD', 'dist/'], { cwd: repo });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(report.baseline).toEqual({ objects: 5, files: ['HEAD:dist/site.k8s.yaml'] });
  expect(report.findings.map((f: any) => `${f.rule}@${f.object.kind}/${f.object.name}:${f.source.file}:${f.source.line}`)).toEqual([
    'serving-workload-replaced@Deployment/blog-v2:dist/site.k8s.yaml:2',
  ]);
  expect(report.rollouts.map((x: any) => [x.change, x.object.name, x.fields, x.state])).toEqual([
    ['rolls', 'cache', ['spec.template.spec.containers[0].image'], undefined],
    ['created', 'blog-v2', [], undefined],
    ['removed', 'blog', [], 'baseline'],
  ]);
  expect(report.rollouts[2].source).toEqual({ file: 'HEAD:dist/site.k8s.yaml', line: 2 });

  // A path that does not exist at the revision is an empty baseline: a first render passes.
  fs.mkdirSync(path.join(repo, 'next'));
  fs.writeFileSync(path.join(repo, 'next', 'site.yaml'), GOOD);
  const first = await runCliInProcess(['check', '--baseline-git', 'HEAD', path.join(repo, 'next')], { cwd: repo });
  expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
  expect(first.stdout).toMatch(/compared with 0 in the baseline: no zero-downtime findings/);
});

test('--baseline in text: the finding with why, allowed and fix, then the rollouts, then the summary', async () => {
  const before = write('text/before/site.yaml', GOOD);
  const after = write('text/after/site.yaml', RENAMED);
  const r = await inProcess(['--baseline', path.dirname(before), after]);
  expect(r.code).toBe(1);
  const lines = r.stdout.split('\n');
  expect(lines[0]).toBe(`Deployment web/blog-v2  (${after}:2)`);
  expect(lines[1]).toBe('  ✗ serving-workload-replaced: metadata.name = "Deployment web/blog → Deployment web/blog-v2"');
  expect(lines.slice(-7)).toEqual([
    'Rollouts: the change rolls 1 of 3 workloads',
    '  ↻ StatefulSet web/cache: spec.template.spec.containers[0].image',
    '  + Deployment web/blog-v2 created',
    '  - Deployment web/blog removed',
    '',
    '✗ 1 finding in 1 of 5 objects; 1 not fully checked',
    '',
  ]);
});

test('--baseline - reads the baseline from stdin; the same render passes and says it compared', async () => {
  const after = write('same/site.yaml', GOOD);
  const r = await inProcess(['--baseline', '-', after], GOOD);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Rollouts: the change rolls 0 of 2 workloads\n {2}= 2 unchanged \(no pod replaced\)\n\n✓ 5 objects in 1 input, compared with 5 in the baseline: no zero-downtime findings; 1 not fully checked\n$/);
});

test('SARIF with a baseline lists the transition rules and resolves every result', async () => {
  const before = write('sarif/before.yaml', GOOD);
  const after = write('sarif/after.yaml', RENAMED);
  const r = await inProcess(['--format', 'sarif', '--baseline', before, after]);
  expect(r.code).toBe(1);
  const run = JSON.parse(r.stdout).runs[0];
  const ids = run.tool.driver.rules.map((x: any) => x.id);
  expect(ids).toContain('serving-workload-replaced');
  expect(ids).toContain('immutable-field-changed');
  const result = run.results.find((x: any) => x.ruleId === 'serving-workload-replaced');
  expect(ids[result.ruleIndex]).toBe('serving-workload-replaced');
  expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('sarif/after.yaml');
});

test.each([
  [['--baseline', 'a.yaml', '--baseline-git', 'HEAD', 'b.yaml'], 'cdk8s-zero-downtime check: --baseline and --baseline-git both name a baseline: pass one of them\n'],
  [['--baseline', '-', '-'], 'cdk8s-zero-downtime check: stdin (-) can be read once: pass it as the baseline or as the new render, not both\n'],
])('usage error %j: exit 2', async (args, stderr) => {
  const r = await inProcess(args);
  expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 2, stderr, stdout: '' });
});

test('a baseline that cannot be read is an input problem: exit 2, nothing checked', async () => {
  const broken = write('broken/before.yaml', 'kind: [\n');
  const after = write('broken/after.yaml', GOOD);
  const r = await inProcess(['--baseline', broken, after]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(new RegExp(`^cdk8s-zero-downtime check: ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+(:\\d+)?: .*\ncdk8s-zero-downtime check: 1 input problem; nothing was checked\n$`));
});
