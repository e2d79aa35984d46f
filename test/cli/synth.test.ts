import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliArgs, CliRun, ROOT, runCli, runCliInProcess } from '../support/cli';

/*
 * `cdk8s-zero-downtime synth` and `synth --check`, run as real processes (test/support/cli.ts) against
 * the fixture app test/fixtures/charts-app.ts. scripts/synth.mjs (`npm run synth`) and
 * scripts/check-dist.mjs (`npm run check:dist`) run these same commands with the repository's defaults
 * (tested in test/dist-scripts.test.ts); the packed bin is run by scripts/test-package.sh.
 *
 * The exit code, the streams and signals are the real process's (runCli); the logic of the command
 * (staging, swap, reports, refusals) is also run in this process (`inProcess`: one Node start less per
 * run; the app still runs as its own process). Every test works in its own directory, so the tests
 * run concurrently: most of their time is spent waiting for child processes. (Concurrent tests start before beforeAll hooks finish, so the shared
 * setup below runs when the file loads.)
 */

jest.setTimeout(60_000);

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'charts-app.ts');
/** The fixture app through scripts/run-ts.cjs, as a user's `app:` runs it, with environment variables in front. */
const appTs = (env = '') => `${env} ${q(process.execPath)} ${q(path.join(ROOT, 'scripts', 'run-ts.cjs'))} ${q(FIXTURE)}`.trim();
/** The fixture app bundled once (faster: most tests are about the command, not about run-ts). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundle: string = require('../../scripts/lib/dev-bundle.cjs').writeDevBundle(FIXTURE, `synth-fixture-${process.pid}.cjs`);
const app = (env = '') => `${env} ${q(process.execPath)} ${q(bundle)}`.trim();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-synth-'));
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

/** The command in this process (test/support/cli.ts), in `cwd`: its app still runs as a process. */
const inProcess = (args: string[], cwd: string) => runCliInProcess(args, { cwd });

const files = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

/** Every file under `dir` (relative path -> its bytes, base64): equal trees are byte-identical. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = fs.readFileSync(path.join(dir, r)).toString('base64');
    }
  };
  walk('');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The render of `CHARTS=a,b` by the command itself, made once (by the first test that needs it). */
let baseline: Promise<string> | undefined;
/** A project whose dist/ holds a copy of the render of `CHARTS=a,b`. */
async function rendered(name: string): Promise<string> {
  baseline ??= (async () => {
    const dir = project('baseline');
    const r = await inProcess(['synth', '--app', app('CHARTS=a,b'), '--out', 'dist'], dir);
    expect(r.code).toBe(0);
    expect(files(path.join(dir, 'dist'))).toEqual(['a.k8s.yaml', 'b.k8s.yaml']);
    return path.join(dir, 'dist');
  })();
  const dist = await baseline;
  const dir = project(name);
  fs.cpSync(dist, path.join(dir, 'dist'), { recursive: true });
  return dir;
}

describe('synth', () => {
  test.concurrent('reads app: and output: from ./cdk8s.yaml, renders, and reports the added files', async () => {
    const dir = project('from-cdk8s-yaml', `language: typescript\napp: ${JSON.stringify(app('CHARTS=a,b'))}\noutput: manifests\n`);
    const r = await runCli(['synth'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('synth: wrote 2 files to manifests/ (2 added, 0 changed, 0 unchanged, 0 removed)\n  + manifests/a.k8s.yaml\n  + manifests/b.k8s.yaml\n');
    expect(files(path.join(dir, 'manifests'))).toEqual(['a.k8s.yaml', 'b.k8s.yaml']);
    // written with the library's YAML: ambiguous strings quoted
    expect(fs.readFileSync(path.join(dir, 'manifests', 'a.k8s.yaml'), 'utf8')).toContain('mode: "0o755"');
  });

  test.concurrent('a chart deleted since the last run leaves no stale file; added, unchanged and removed files are listed', async () => {
    const dir = await rendered('delete-a-chart'); // a and b
    const r = await inProcess(['synth', '--app', app('CHARTS=b,c'), '--out', 'dist'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('synth: wrote 2 files to dist/ (1 added, 0 changed, 1 unchanged, 1 removed)\n  - dist/a.k8s.yaml\n  + dist/c.k8s.yaml\n');
    expect(files(path.join(dir, 'dist'))).toEqual(['b.k8s.yaml', 'c.k8s.yaml']);
    expect(files(dir)).toEqual(['dist']); // no staging or previous directory left
  });

  test.concurrent('replaces a stale output directory completely, subdirectories included', async () => {
    const dir = project('stale-output');
    fs.mkdirSync(path.join(dir, 'dist', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', 'a.k8s.yaml'), 'stale: true\n');
    fs.writeFileSync(path.join(dir, 'dist', 'sub', 'old.k8s.yaml'), 'old: true\n');
    const r = await inProcess(['synth', '--app', app(), '--out', 'dist'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('synth: wrote 1 file to dist/ (0 added, 1 changed, 0 unchanged, 1 removed)\n  ~ dist/a.k8s.yaml\n  - dist/sub/old.k8s.yaml\n');
    expect(Object.keys(tree(path.join(dir, 'dist')))).toEqual(['a.k8s.yaml']);
    expect(files(dir)).toEqual(['dist']);
  });

  test.concurrent('a failing app leaves the output as it was, with its exit code and a stack trace into the .ts source', async () => {
    const dir = await rendered('failing');
    const before = tree(path.join(dir, 'dist'));
    const r = await runCli(['synth', '--app', appTs('FAIL=1 CHARTS=x'), '--out', 'dist'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('charts-app: failing on purpose (FAIL=1)');
    expect(r.stderr).toContain(`${FIXTURE}:14:`); // the throw in the fixture, not the esbuild bundle
    expect(r.stderr).not.toMatch(/node_modules\/\.cache\/cdk8s-zero-downtime\/.*\.cjs:\d+/);
    expect(r.stderr).toContain('cdk8s-zero-downtime synth: the app exited with code 1');
    expect(r.stderr).toMatch(/cdk8s-zero-downtime synth: failed: dist\/ left unchanged\n$/);
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
  });

  test.concurrent('an app that fails after writing its files leaves the output byte-identical and in place', async () => {
    const dir = await rendered('late-failure');
    const before = tree(path.join(dir, 'dist'));
    const inode = fs.statSync(path.join(dir, 'dist')).ino;
    const r = await inProcess(['synth', '--app', app('FAIL=late CHARTS=a,b VALUE=two'), '--out', 'dist'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failing on purpose after writing its files');
    expect(r.stderr).toContain('cdk8s-zero-downtime synth: failed: dist/ left unchanged');
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
    expect(fs.statSync(path.join(dir, 'dist')).ino).toBe(inode); // not even swapped
    expect(files(dir)).toEqual(['dist']);
  });

  test.concurrent("passes the app's exit code and output through", async () => {
    const dir = await rendered('exit-3');
    const before = tree(path.join(dir, 'dist'));
    const r = await runCli(['synth', '--app', `sh -c 'echo boom-from-app >&2; exit 3'`, '--out', 'dist'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('boom-from-app\n');
    expect(r.stderr).toContain("cdk8s-zero-downtime synth: the app exited with code 3 (sh -c 'echo boom-from-app >&2; exit 3')");
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
  });

  test.concurrent("the app's output reaches the command's stderr whole when it is piped (in-process), before the command's own lines", async () => {
    const dir = await rendered('piped-output');
    // 1 MB, more than a pipe holds, then the exit (process.exitCode: process.exit() would cut it off itself).
    const noisy = `${q(process.execPath)} -e "process.stderr.write('x'.repeat(1048576) + 'END\\n'); process.exitCode = 3"`;
    const r = await inProcess(['synth', '--app', noisy, '--out', 'dist'], dir);
    expect(r.code).toBe(3);
    const [app, ...ours] = r.stderr.split('\n');
    expect(app.length).toBe(1048576 + 3);
    expect(app.endsWith('xEND')).toBe(true);
    expect(ours[0]).toMatch(/^cdk8s-zero-downtime synth: the app exited with code 3 /);
  });

  test.concurrent('an app that exits 0 but writes nothing fails (exit 1) and names the likely cause', async () => {
    const dir = await rendered('writes-nothing');
    const before = tree(path.join(dir, 'dist'));
    const r = await inProcess(['synth', '--app', `${q(process.execPath)} -e 0`, '--out', 'dist'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the app exited 0 but wrote no manifests to $CDK8S_OUTDIR');
    expect(r.stderr).toContain('leave App.outdir unset');
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
  });

  test.concurrent('SIGINT stops the app, leaves the output unchanged, removes staging and exits 130', async () => {
    const dir = await rendered('interrupted');
    const before = tree(path.join(dir, 'dist'));
    const r = await runCli(['synth', '--app', app('HANG=1 VALUE=two'), '--out', 'dist'], {
      cwd: dir,
      onStdout: (stdout, interrupt) => stdout.includes('charts-app: hanging') && interrupt(),
    });
    expect(r.stdout).toContain('charts-app: hanging'); // the app's stdout passes through
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('cdk8s-zero-downtime synth: interrupted (SIGINT)');
    expect(r.stderr).toContain('cdk8s-zero-downtime synth: failed: dist/ left unchanged');
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
    expect(files(dir)).toEqual(['dist']);
  });

  test.concurrent('without --app and without cdk8s.yaml: exit 2 and how to fix it', async () => {
    const r = await inProcess(['synth'], project('no-app'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cdk8s-zero-downtime synth: no app command: pass --app "<command that runs your cdk8s app>" \(e\.g\. --app "npx ts-node main\.ts"\), .*there is no cdk8s\.yaml in this directory\)\n$/);
  });

  test.concurrent('a cdk8s.yaml whose app: is this synth without --app is refused, not run forever', async () => {
    const bin = [process.execPath, ...cliArgs()].map(q).join(' ');
    const dir = project('recursive', `app: ${JSON.stringify(`${bin} synth`)}\n`);
    const r = await inProcess(['synth', '--out', 'dist'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('runs cdk8s-zero-downtime synth itself, which would run it again forever');
    expect(r.stderr).toContain('cdk8s-zero-downtime synth: failed: dist/ left unchanged');
  });

  test.concurrent.each([
    ['the working directory', '.', 'it is the working directory or one of its parents'],
    ['a parent directory', '..', 'it is the working directory or one of its parents'],
    ['a project directory', 'proj', 'it holds package.json: it is a project, not an output directory'],
  ])('refuses to replace %s (exit 2)', async (_what, out, why) => {
    const dir = project(`refuse-${out.replace(/\W/g, '') || 'dot'}-${Math.random().toString(36).slice(2, 8)}`);
    fs.mkdirSync(path.join(dir, 'proj'));
    fs.writeFileSync(path.join(dir, 'proj', 'package.json'), '{}');
    const r = await inProcess(['synth', '--app', app(), '--out', out], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(why);
    expect(fs.existsSync(path.join(dir, 'proj', 'package.json'))).toBe(true);
  });

  test.concurrent('--help describes the command, --check, the defaults and exit codes', async () => {
    const r = await inProcess(['synth', '--help'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cdk8s-zero-downtime synth [options]');
    expect(r.stdout).toContain('default: the app: command of ./cdk8s.yaml');
    expect(r.stdout).toContain('--check');
    expect(r.stdout).toContain('Exit codes: 0 written');
    expect(r.stdout).toContain('With --check: 0 up to date; 1 stale; 2 bad usage, or the app failed');
    expect(r.stdout).not.toContain('--fix-command'); // internal to scripts/check-dist.mjs
  });
});

describe('synth --check', () => {
  /**
   * `synth --check` in `dir` with its own TMPDIR, asserting on every run that it wrote nothing to the
   * directory it checks nor next to it, and removed its render directory.
   */
  async function check(dir: string, env = 'CHARTS=a,b'): Promise<CliRun> {
    const before = tree(path.join(dir, 'dist'));
    const tmpdir = `${dir}-tmpdir`;
    fs.mkdirSync(tmpdir);
    const r = await runCli(['synth', '--check', '--app', app(env), '--out', 'dist'], { cwd: dir, env: { TMPDIR: tmpdir } });
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
    expect(files(dir)).toEqual(['dist']);
    expect(files(tmpdir)).toEqual([]);
    return r;
  }

  test.concurrent('exits 0 when the output is exactly what the app renders', async () => {
    const dir = await rendered('check-current');
    const r = await check(dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('synth --check: dist/ is up to date (2 files)\n');
    expect(r.code).toBe(0);
  });

  test.concurrent('exits 1 listing the files to add, remove and update (with a short diff), in path order, and the fix', async () => {
    const dir = await rendered('check-stale');
    const edit = (file: string, change: (text: string) => string) => fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
    edit(path.join(dir, 'dist', 'a.k8s.yaml'), (t) => t.replace('value: one', 'value: edited'));
    edit(path.join(dir, 'dist', 'b.k8s.yaml'), (t) => t.replace(/\n/g, '\r\n'));
    fs.mkdirSync(path.join(dir, 'dist', 'sub'));
    fs.writeFileSync(path.join(dir, 'dist', 'sub', 'orphan.k8s.yaml'), 'orphan: true\n');
    fs.writeFileSync(path.join(dir, 'dist', 'other.k8s.yaml'), 'other: true\n');
    const r = await check(dir, 'CHARTS=a,b,c');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const value = fs.readFileSync(path.join(dir, 'dist', 'a.k8s.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('value: edited'));
    expect(value).toBeGreaterThan(2);
    const line = (n: number) => fs.readFileSync(path.join(dir, 'dist', 'a.k8s.yaml'), 'utf8').split('\n')[n];
    expect(r.stdout).toBe(
      [
        'synth --check: dist/ is stale (5 files out of date)',
        '  missing from dist/ (should be added):',
        '    + dist/c.k8s.yaml',
        '  in dist/ but no longer rendered (should be removed):',
        '    - dist/other.k8s.yaml',
        '    - dist/sub/orphan.k8s.yaml',
        '  content differs (- committed, + rendered):',
        '    ~ dist/a.k8s.yaml',
        `        @@ line ${value + 1} @@`,
        `          ${line(value - 2)}`,
        `          ${line(value - 1)}`,
        '        -   value: edited',
        '        +   value: one',
        '    ~ dist/b.k8s.yaml',
        '        only the line endings differ (CRLF vs LF; check git core.autocrlf / .gitattributes)',
        `fix: run cdk8s-zero-downtime synth --app ${q(app('CHARTS=a,b,c'))} --out dist and commit dist/`,
        '',
      ].join('\n'),
    );
  });

  test.concurrent('exits 2 when the app fails, even after writing its files: nothing was checked, and the render directory is removed', async () => {
    const r = await check(await rendered('check-app-fails'), 'FAIL=late');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('charts-app: failing on purpose after writing its files (FAIL=late)'); // the app's output, on stderr
    expect(r.stderr).toMatch(/cdk8s-zero-downtime synth: the app exited with code 1 \(.*\); dist\/ was not checked\n$/);
  });
});
