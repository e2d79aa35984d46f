/**
 * `cdk8s-zero-downtime plan` as a real process: the bundle of lib/cli/main.ts made by jest's global
 * setup (test/support/cli.ts `cliArgs`). The runs start together in beforeAll; each test awaits its
 * own. One process per output format; the JSON run also reads a risky Deployment from stdin with
 * --fail-on-risk, so that it carries the exit code 1 too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { CliRun, runCli, runCliInProcess } from '../support/cli';
import { deployment, ROOT } from './objects';

jest.setTimeout(30_000);

const plan = (args: string[], input = ''): Promise<CliRun> => runCli(['plan', ...args], { input });

const risky = stringify(deployment({ replicas: 4 }));
let runs: Record<'json' | 'svg' | 'text', Promise<CliRun>>;

beforeAll(() => {
  runs = {
    json: plan(['--fail-on-risk', '--format', 'json', 'dist/myapp.k8s.yaml', '-'], risky),
    svg: plan(['--format', 'svg', 'dist/myapp.k8s.yaml']),
    text: plan(['dist/myapp.k8s.yaml']),
  };
});

/** `plan --format json dist/myapp.k8s.yaml` as the command prints it (in this process: the same entry point as the bin). */
async function demoJson(): Promise<string> {
  const r = await runCliInProcess(['plan', '--format', 'json', 'dist/myapp.k8s.yaml']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

test('--format json on the demo app: the documented shape and numbers', async () => {
  const r = await runs.json;
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout);
  expect(Object.keys(report)).toEqual(['deployments', 'statefulSets', 'daemonSets', 'releases', 'leavesOut']);
  expect(report.releases).toEqual([]);
  expect(report.deployments.map((d: { source: unknown }) => d.source)).toEqual([
    { file: 'dist/myapp.k8s.yaml', line: 1 },
    { file: '-', line: 1 },
  ]);
  const d = report.deployments[0];
  expect(d).toMatchObject({
    namespace: 'myapp',
    name: 'myapp',
    source: { file: 'dist/myapp.k8s.yaml', line: 1 },
    replicas: 3,
    maxSurge: 1,
    maxUnavailable: 0,
    waves: 3,
    minAvailable: 3,
    peakPods: 4,
    surgeRequests: { cpu: '50m', memory: '64Mi' },
    estimatedSeconds: { min: 45, max: 60 },
    progressDeadlineSeconds: 300,
    drain: { podsOnNode: 3, evictionsAtOnce: 1, minReady: 2, minAvailable: 1, terminatingAtOnce: 3, estimatedSeconds: { min: 35, max: 75 } },
  });
  expect(d.kind).toBe('Deployment');
  expect(report.leavesOut).toContainEqual(expect.stringMatching(/image pull/));
});

test('--format svg prints the picture in docs/images/myapp-plan.svg', async () => {
  const r = await runs.svg;
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, 'docs', 'images', 'myapp-plan.svg'), 'utf8'));
});

test('text is the default', async () => {
  const r = await runs.text;
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^namespace myapp\n/);
  expect(r.stdout).toContain('myapp  (dist/myapp.k8s.yaml:1)');
});

test("docs/plan.md shows the tool's real output for the demo app", async () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'plan.md'), 'utf8');
  expect(doc).toContain(`\`\`\`text\n${(await runs.text).stdout}\`\`\``);
  expect(doc).toContain(`\`\`\`json\n${await demoJson()}\`\`\``);
});

test('risks exit 1 with --fail-on-risk; stdin with -', async () => {
  const r = await runs.json;
  expect(r.code).toBe(1);
  const d = JSON.parse(r.stdout).deployments[1];
  expect(d).toMatchObject({ source: { file: '-', line: 1 }, maxSurge: 1, maxUnavailable: 1, minAvailable: 3, peakPods: 5 });
  expect(d.risks).toContainEqual(expect.stringMatching(/^maxUnavailable 1 lets the rollout remove 1 serving pod/));
});

describe('in-process (runCli)', () => {
  const runInProcess = (args: string[], input = '') => runCliInProcess(['plan', ...args], { input });

  test('unreadable input: exit 2 with file and message on stderr, after the command prefix', async () => {
    const r = await runInProcess(['no/such/file.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('cdk8s-zero-downtime plan: no/such/file.yaml: no such file or directory\ncdk8s-zero-downtime plan: 1 input problem; nothing was planned\n');
  });

  test('risks alone exit 0', async () => {
    const r = await runInProcess(['-'], risky);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('! maxUnavailable 1 lets the rollout remove 1 serving pod');
  });

  test('an unknown format is a usage error', async () => {
    const r = await runInProcess(['--format', 'png', 'dist/myapp.k8s.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: option '-f, --format <format>' argument 'png' is invalid. Allowed choices are text, json, svg.\n(run with --help for usage)\n");
  });

  test('--help explains the numbers, the formats and the exit codes, with examples', async () => {
    const r = await runInProcess(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--fail-on-risk/);
    expect(r.stdout).toMatch(/Exit codes: 0 planned/);
    expect(r.stdout).toMatch(/\$ cdk8s-zero-downtime plan --format svg dist\/myapp\.k8s\.yaml > rollout\.svg/);
  });
});
