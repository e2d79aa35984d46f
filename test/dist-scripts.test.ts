/**
 * Tests of scripts/synth.mjs (`npm run synth`) and scripts/check-dist.mjs (`npm run check:dist`): the
 * repository's wrappers of `cdk8s-zero-downtime synth` and `synth --check`, run from the TypeScript
 * sources with the repository's defaults (`--app "node scripts/run-ts.cjs main.ts"`, `--out dist`).
 * What the commands do (atomic swap, exit codes, reports, cleanup) is tested on the commands
 * themselves in test/cli/synth.test.ts; this file tests what the wrappers add: the defaults, the
 * arguments passed through, the fix they name, and that an interrupt reaches the command.
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
