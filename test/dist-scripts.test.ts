/**
 * Tests of scripts/synth.mjs (`npm run synth`) and scripts/check-dist.mjs (`npm run check:dist`): the
 * repository's wrappers of `cdk8s-zero-downtime synth` and `synth --check`, run from the TypeScript
 * sources with the repository's defaults (`--app "node scripts/run-ts.cjs main.ts"`, `--out dist`).
 * What the commands do (atomic swap, exit codes, reports, cleanup) is tested on the commands
 * themselves in test/cli/synth.test.ts; this file tests what the wrappers add: the defaults, the
 * arguments passed through, the fix they name, and that an interrupt reaches the command. Without
 * --app, synth.mjs runs the app in its own process (scripts/lib/synth-in-process.ts): the outcomes of
 * a failing, exiting or interrupted app are tested here for that path.
 *
 * A project directory whose main.ts is the tiny fixture app (test/fixtures/tiny-app.ts) stands in for
 * this repository.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliRun, NodeRunOptions, runNode } from './support/cli';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..');
const SYNTH = path.join(ROOT, 'scripts', 'synth.mjs');
const CHECK = path.join(ROOT, 'scripts', 'check-dist.mjs');
const MANIFEST = 'tiny.k8s.yaml';

/** `node <script> <args>` in `cwd`, without this process's CDK8S_OUTDIR (the scripts default to dist/). */
function run(script: string, args: string[], cwd: string, onStdout?: NodeRunOptions['onStdout']): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CDK8S_OUTDIR;
  return runNode([script, ...args], { cwd, env, onStdout });
}

const project = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-scripts-test-'));
fs.writeFileSync(path.join(project, 'main.ts'), `import ${JSON.stringify(path.join(ROOT, 'test', 'fixtures', 'tiny-app'))};\n`);
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

/** The first render, by synth.mjs with its defaults; the other tests start from it, concurrently. */
let first: Promise<CliRun> | undefined;
const rendered = () => (first ??= run(SYNTH, [], project));

const manifest = () => fs.readFileSync(path.join(project, 'dist', MANIFEST), 'utf8');

/** The previous output of the projects of `app`. */
const PREVIOUS = 'previous: true\n';

/**
 * A project `name` whose main.ts runs the tiny app, then `code`; its dist/ and out/ hold a previous
 * output (`PREVIOUS`).
 */
function app(name: string, code: string): string {
  const dir = path.join(project, name);
  for (const out of ['dist', 'out']) {
    fs.mkdirSync(path.join(dir, out), { recursive: true });
    fs.writeFileSync(path.join(dir, out, MANIFEST), PREVIOUS);
  }
  fs.writeFileSync(path.join(dir, 'main.ts'), `import ${JSON.stringify(path.join(ROOT, 'test', 'fixtures', 'tiny-app'))};\n${code}\n`);
  return dir;
}

/** Whether `dir`'s dist/ holds the previous output only, and nothing but main.ts and the outputs is beside it. */
function leftAsItWas(dir: string): boolean {
  return (
    fs.readdirSync(path.join(dir, 'dist')).join() === MANIFEST &&
    fs.readFileSync(path.join(dir, 'dist', MANIFEST), 'utf8') === PREVIOUS &&
    fs.readdirSync(dir).sort().join() === 'dist,main.ts,out'
  );
}

describe('npm run synth and npm run check:dist', () => {
  // Concurrent tests start when the file is collected, before any beforeAll: the setup above runs at load.
  test.concurrent('synth.mjs renders main.ts into dist/ by default, with the command of the package', async () => {
    const r = await rendered();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`synth: wrote 1 file to dist/ (1 added, 0 changed, 0 unchanged, 0 removed)\n  + dist/${MANIFEST}\n`);
    expect(fs.readdirSync(path.join(project, 'dist'))).toEqual([MANIFEST]);
    expect(manifest()).toContain('value: default');
  });

  test.concurrent('check-dist.mjs finds dist/ up to date: another process renders the same bytes', async () => {
    expect((await rendered()).code).toBe(0);
    const r = await run(CHECK, [], project);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('synth --check: dist/ is up to date (1 file)\n');
    expect(r.code).toBe(0);
  });

  test.concurrent('check-dist.mjs passes its arguments through and names npm run synth with them as the fix', async () => {
    expect((await rendered()).code).toBe(0);
    fs.cpSync(path.join(project, 'dist'), path.join(project, 'edited'), { recursive: true });
    const file = path.join(project, 'edited', MANIFEST);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('value: default', 'value: edited'));
    const r = await run(CHECK, ['--out', 'edited'], project);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`    ~ edited/${MANIFEST}\n`);
    expect(r.stdout).toMatch(/- +value: edited\n.*\+ +value: default\n/);
    expect(r.stdout).toMatch(/\nfix: run npm run synth -- --out edited and commit edited\/\n$/);
  });

  test.concurrent('synth.mjs runs the default app in its own process, with --out=<dir> too', async () => {
    const dir = app('in-process', `console.log('app-ppid=' + process.ppid + ' nested=' + process.env.CDK8S_ZERO_DOWNTIME_SYNTH);`);
    const r = await run(SYNTH, ['--out=out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // the parent of the app is this test's process (which started synth.mjs), not a shell synth.mjs started
    expect(r.stdout).toBe(`app-ppid=${process.pid} nested=1\nsynth: wrote 1 file to out/ (0 added, 1 changed, 0 unchanged, 0 removed)\n  ~ out/${MANIFEST}\n`);
    expect(fs.readFileSync(path.join(dir, 'out', MANIFEST), 'utf8')).toContain('value: default');
  });

  test.concurrent('in its own process, an app that throws leaves dist/ as it was: the stack into main.ts, exit 1', async () => {
    const dir = app('throws', `throw new Error('failing on purpose');`);
    const r = await run(SYNTH, [], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error: failing on purpose\n {4}at .*\/main\.ts:2:7\)?\n/);
    expect(r.stderr).not.toMatch(/node_modules\/\.cache\/cdk8s-zero-downtime\/.*\.cjs:\d+/);
    expect(r.stderr).toMatch(/\ncdk8s-zero-downtime synth: the app exited with code 1 \(.*run-ts\.cjs'? main\.ts\)\ncdk8s-zero-downtime synth: failed: dist\/ left unchanged\n$/);
    expect(leftAsItWas(dir)).toBe(true);
  });

  test.concurrent.each([
    ['process.exit(3)', 'process.exit(3);', 3, 'the app exited with code 3'],
    ['process.exitCode = 4', 'process.exitCode = 4;', 4, 'the app exited with code 4'],
    ['process.exit(0)', 'process.exit(0);', 1, 'the app called process.exit(0) before dist/ could be replaced; let it end without process.exit'],
    ['an error thrown later', `setTimeout(() => { throw new Error('later'); }, 1);`, 1, 'the app exited with code 1'],
  ])('in its own process, an app that ends with %s leaves dist/ as it was and no staging directory', async (_what, code, exit, message) => {
    const dir = app(`ends-${exit}-${Math.random().toString(36).slice(2, 8)}`, code);
    const r = await run(SYNTH, [], dir);
    expect(r.code).toBe(exit);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`cdk8s-zero-downtime synth: ${message}`);
    expect(r.stderr).toMatch(/cdk8s-zero-downtime synth: failed: dist\/ left unchanged\n$/);
    expect(leftAsItWas(dir)).toBe(true);
  });

  test.concurrent.each([
    ['busy (synchronous)', `console.log('app-running'); for (;;) {}`],
    // Said once its synchronous part is over (Node loses a SIGINT in the instant vm's watchdog stops).
    ['waiting (a timer)', `setInterval(() => {}, 1000); setTimeout(() => console.log('app-running'), 20);`],
  ])('in its own process, Ctrl-C stops an app that is %s: dist/ as it was, no staging directory, exit 130', async (_what, code) => {
    const dir = app(`interrupted-${code.length}`, code);
    const r = await run(SYNTH, [], dir, (out, interrupt) => {
      if (out.includes('app-running')) interrupt();
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('cdk8s-zero-downtime synth: interrupted (SIGINT)\ncdk8s-zero-downtime synth: failed: dist/ left unchanged\n');
    expect(leftAsItWas(dir)).toBe(true);
  });

  test.concurrent('Ctrl-C reaches the command: the app is stopped, dist/ is left as it was, exit 130', async () => {
    expect((await rendered()).code).toBe(0);
    const before = manifest();
    // A Node app that writes another manifest, then hangs (a shell's `sleep` would inherit an ignored
    // SIGINT from a job started in the background): the interrupted render must not reach dist/.
    const write = `require('fs').writeFileSync(process.env.CDK8S_OUTDIR + '/${MANIFEST}', 'interrupted: true\\n')`;
    const hanging = `"${process.execPath}" -e "${write}; console.log('app-hanging'); setInterval(() => {}, 1000)"`;
    const r = await run(SYNTH, ['--app', hanging], project, (out, interrupt) => {
      if (out.includes('app-hanging')) interrupt();
    });
    expect(r.stdout).toContain('app-hanging');
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('cdk8s-zero-downtime synth: interrupted (SIGINT)');
    expect(r.stderr).toContain('cdk8s-zero-downtime synth: failed: dist/ left unchanged');
    expect(manifest()).toBe(before);
    expect(fs.readdirSync(project).filter((name) => name.startsWith('.dist-'))).toEqual([]);
  });
});
