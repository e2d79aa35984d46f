import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, runCli } from '../support/cli';

/*
 * `cdk8s-zero-downtime synth`, run as a real process (test/support/cli.ts) against the fixture app
 * test/fixtures/charts-app.ts. scripts/synth.mjs (`npm run synth`) runs the same command: its own
 * guarantees (atomic swap, exit codes, interrupts, leftovers) are tested in test/dist-scripts.test.ts;
 * the packed bin is run by scripts/test-package.sh.
 */

jest.setTimeout(60_000);

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'charts-app.ts');
/** The fixture app through scripts/run-ts.cjs, as a user's `app:` runs it, with environment variables in front. */
const appTs = (env = '') => `${env} ${q(process.execPath)} ${q(path.join(ROOT, 'scripts', 'run-ts.cjs'))} ${q(FIXTURE)}`.trim();
/** The fixture app bundled once (faster: most tests are about the command, not about run-ts). */
let bundle: string;
const app = (env = '') => `${env} ${q(process.execPath)} ${q(bundle)}`.trim();

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-synth-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  bundle = require('../../scripts/lib/dev-bundle.cjs').writeDevBundle(FIXTURE, `synth-fixture-${process.pid}.cjs`);
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(bundle, { force: true });
});

/** A fresh project directory, optionally with a cdk8s.yaml. */
function project(name: string, cdk8sYaml?: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  if (cdk8sYaml !== undefined) fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), cdk8sYaml);
  return dir;
}

const files = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

describe('synth', () => {
  test('reads app: and output: from ./cdk8s.yaml, renders, and reports the added files', async () => {
    const dir = project('from-cdk8s-yaml', `language: typescript\napp: ${JSON.stringify(app('CHARTS=a,b'))}\noutput: manifests\n`);
    const r = await runCli(['synth'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('synth: wrote 2 files to manifests/ (2 added, 0 changed, 0 unchanged, 0 removed)\n  + manifests/a.k8s.yaml\n  + manifests/b.k8s.yaml\n');
    expect(files(path.join(dir, 'manifests'))).toEqual(['a.k8s.yaml', 'b.k8s.yaml']);
    // written with the library's YAML: ambiguous strings quoted
    expect(fs.readFileSync(path.join(dir, 'manifests', 'a.k8s.yaml'), 'utf8')).toContain('mode: "0o755"');
  });

  test('a chart deleted between two runs leaves no stale file; changes are listed', async () => {
    const dir = project('delete-a-chart');
    expect((await runCli(['synth', '--app', app('CHARTS=a,b,c'), '--out', 'dist'], { cwd: dir })).code).toBe(0);
    expect(files(path.join(dir, 'dist'))).toEqual(['a.k8s.yaml', 'b.k8s.yaml', 'c.k8s.yaml']);
    const r = await runCli(['synth', '--app', app('CHARTS=a,c VALUE=two'), '--out', 'dist'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('synth: wrote 2 files to dist/ (0 added, 2 changed, 0 unchanged, 1 removed)\n  ~ dist/a.k8s.yaml\n  - dist/b.k8s.yaml\n  ~ dist/c.k8s.yaml\n');
    expect(files(path.join(dir, 'dist'))).toEqual(['a.k8s.yaml', 'c.k8s.yaml']);
    expect(files(dir)).toEqual(['dist']); // no staging or previous directory left
    const again = await runCli(['synth', '--app', app('CHARTS=a,c VALUE=two'), '--out', 'dist'], { cwd: dir });
    expect(again.stdout).toBe('synth: wrote 2 files to dist/ (0 added, 0 changed, 2 unchanged, 0 removed)\n');
  });

  test('a failing app leaves the output as it was, with its exit code and a stack trace into the .ts source', async () => {
    const dir = project('failing');
    expect((await runCli(['synth', '--app', app(), '--out', 'dist'], { cwd: dir })).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'dist', 'a.k8s.yaml'));
    const r = await runCli(['synth', '--app', appTs('FAIL=1 CHARTS=x'), '--out', 'dist'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('charts-app: failing on purpose (FAIL=1)');
    expect(r.stderr).toContain(`${FIXTURE}:13:`); // the throw in the fixture, not the esbuild bundle
    expect(r.stderr).not.toMatch(/node_modules\/\.cache\/cdk8s-zero-downtime\/.*\.cjs:\d+/);
    expect(r.stderr).toContain('synth failed: dist/ left unchanged');
    expect(files(path.join(dir, 'dist'))).toEqual(['a.k8s.yaml']);
    expect(fs.readFileSync(path.join(dir, 'dist', 'a.k8s.yaml')).equals(before)).toBe(true);
  });

  test('without --app and without cdk8s.yaml: exit 2 and how to fix it', async () => {
    const r = await runCli(['synth'], { cwd: project('no-app') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^synth: no app command: pass --app "<command that runs your cdk8s app>" \(e\.g\. --app "npx ts-node main\.ts"\), .*there is no cdk8s\.yaml in this directory\)\n$/);
  });

  test('a cdk8s.yaml whose app: is this synth without --app is refused, not run forever', async () => {
    const bin = `${q(process.execPath)} ${q(path.join(ROOT, 'scripts', 'run-ts.cjs'))} ${q(path.join(ROOT, 'lib', 'cli', 'main.ts'))}`;
    const dir = project('recursive', `app: ${JSON.stringify(`${bin} synth`)}\n`);
    const r = await runCli(['synth', '--out', 'dist'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('runs cdk8s-zero-downtime synth itself, which would run it again forever');
    expect(r.stderr).toContain('synth failed: dist/ left unchanged');
  });

  test.each([
    ['the working directory', '.', 'it is the working directory or one of its parents'],
    ['a parent directory', '..', 'it is the working directory or one of its parents'],
    ['a project directory', 'proj', 'it holds package.json: it is a project, not an output directory'],
  ])('refuses to replace %s (exit 2)', async (_what, out, why) => {
    const dir = project(`refuse-${out.replace(/\W/g, '') || 'dot'}-${Math.random().toString(36).slice(2, 8)}`);
    fs.mkdirSync(path.join(dir, 'proj'));
    fs.writeFileSync(path.join(dir, 'proj', 'package.json'), '{}');
    const r = await runCli(['synth', '--app', app(), '--out', out], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(why);
    expect(fs.existsSync(path.join(dir, 'proj', 'package.json'))).toBe(true);
  });

  test('--help describes the command, its defaults and exit codes', async () => {
    const r = await runCli(['synth', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cdk8s-zero-downtime synth [options]');
    expect(r.stdout).toContain('default: the app: command of ./cdk8s.yaml');
    expect(r.stdout).toContain('Exit codes: 0 written');
  });
});
