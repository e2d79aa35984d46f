/**
 * `cdk8s-zero-downtime plan` as a real process: `node scripts/run-ts.cjs lib/cli/main.ts plan ...`
 * (the bin from its TypeScript sources, bundled by esbuild as `npm run synth` runs apps). The runs
 * start together in beforeAll; each test awaits its own.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { stringify } from 'yaml';
import { runCli } from '../../lib/cli/program';
import { cliArgs } from '../support/cli';
import { deployment, ROOT } from './objects';

jest.setTimeout(30_000);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function plan(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs(), 'plan', ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const risky = stringify(deployment({ replicas: 4 }));
let runs: Record<'json' | 'svg' | 'text' | 'failOnRisk', Promise<Run>>;

beforeAll(() => {
  runs = {
    json: plan(['--format', 'json', 'dist/myapp.k8s.yaml']),
    svg: plan(['--format', 'svg', 'dist/myapp.k8s.yaml']),
    text: plan(['dist/myapp.k8s.yaml']),
    failOnRisk: plan(['--fail-on-risk', '--format', 'json', '-'], risky),
  };
});

test('--format json on the demo app: the documented shape and numbers, exit 0', async () => {
  const r = await runs.json;
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(Object.keys(report)).toEqual(['deployments', 'leavesOut']);
  expect(report.deployments).toHaveLength(1);
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
    risks: [],
  });
  expect(report.leavesOut).toContainEqual(expect.stringMatching(/image pull/));
});

test('--format svg prints the picture in docs/images/myapp-plan.svg', async () => {
  const r = await runs.svg;
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, 'docs', 'images', 'myapp-plan.svg'), 'utf8'));
});

test('text is the default', async () => {
  const r = await runs.text;
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^namespace myapp\n/);
  expect(r.stdout).toContain('myapp  (dist/myapp.k8s.yaml:1)');
});

test("docs/plan.md shows the tool's real output for the demo app", async () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'plan.md'), 'utf8');
  expect(doc).toContain(`\`\`\`text\n${(await runs.text).stdout}\`\`\``);
  expect(doc).toContain(`\`\`\`json\n${(await runs.json).stdout}\`\`\``);
});

test('risks exit 1 with --fail-on-risk; stdin with -', async () => {
  const r = await runs.failOnRisk;
  expect(r.code).toBe(1);
  const d = JSON.parse(r.stdout).deployments[0];
  expect(d).toMatchObject({ source: { file: '-', line: 1 }, maxSurge: 1, maxUnavailable: 1, minAvailable: 3, peakPods: 5 });
  expect(d.risks).toContainEqual(expect.stringMatching(/^maxUnavailable 1 lets the rollout remove 1 serving pod/));
});

describe('in-process (runCli)', () => {
  async function runInProcess(args: string[], input = ''): Promise<Run & { code: number }> {
    let stdout = '';
    let stderr = '';
    const sink = (add: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (add(String(chunk)), done()) });
    const code = await runCli(['plan', ...args], {
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
      stdin: Readable.from([input]),
      env: {},
    });
    return { code, stdout, stderr };
  }

  test('unreadable input: exit 2 with file and message on stderr', async () => {
    const r = await runInProcess(['no/such/file.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cdk8s-zero-downtime: no/such/file.yaml: no such file or directory');
  });

  test('risks alone exit 0', async () => {
    const r = await runInProcess(['-'], risky);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('! maxUnavailable 1 lets the rollout remove 1 serving pod');
  });

  test('an unknown format is a usage error', async () => {
    const r = await runInProcess(['--format', 'png', 'dist/myapp.k8s.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are text, json, svg/);
  });

  test('--help explains the numbers, the formats and the exit codes, with examples', async () => {
    const r = await runInProcess(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--fail-on-risk/);
    expect(r.stdout).toMatch(/Exit codes: 0 planned/);
    expect(r.stdout).toMatch(/\$ cdk8s-zero-downtime plan --format svg dist\/myapp\.k8s\.yaml > rollout\.svg/);
  });
});
