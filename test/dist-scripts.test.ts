/**
 * Tests of scripts/synth.mjs (`npm run synth`) and scripts/check-dist.mjs (`npm run check:dist`),
 * run as child processes against the tiny fixture app test/fixtures/tiny-app.ts.
 *
 * Every child run starts Node with tsx's require hook (~0.4 s), so the runs are grouped in two
 * parallel waves started in beforeAll: wave 1 renders the baseline dist (the one run the others need),
 * wave 2 starts every other case at once; each test then awaits its own run.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..');
const SYNTH = path.join(ROOT, 'scripts', 'synth.mjs');
const CHECK = path.join(ROOT, 'scripts', 'check-dist.mjs');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'tiny-app.ts');
/**
 * The app command as the project runs it (the default of both scripts, and `app:` in cdk8s.yaml):
 * `node --require tsx/cjs <app>.ts`, one Node process with tsx's require hook.
 */
const APP = `"${process.execPath}" --require "${require.resolve('tsx/cjs', { paths: [ROOT] })}" "${FIXTURE}"`;
const MANIFEST = 'tiny.k8s.yaml';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let tmp: string;
/** TMPDIR of the check-dist runs, to prove they clean up their render dir. */
let checkTmp: string;

function run(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  onStdout?: (chunk: string, child: ReturnType<typeof spawn>) => void,
): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const k of ['CDK8S_OUTDIR', 'TINY_VALUE', 'TINY_FAIL', 'TINY_HANG']) if (!(k in env)) delete childEnv[k];
    const child = spawn(process.execPath, [script, ...args], { cwd: tmp, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const synth = (out: string, env?: Record<string, string>, app = APP) =>
  run(SYNTH, ['--app', app, '--out', out], env);
const checkDist = (dist: string, env: Record<string, string>) =>
  run(CHECK, ['--app', APP, '--dist', dist], { TMPDIR: checkTmp, ...env });

/** Every file under `dir` (relative path -> base64 of its bytes): equal trees are byte-identical. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = fs.readFileSync(path.join(dir, r)).toString('base64');
    }
  };
  walk('');
  return out;
}

/** Staging/previous dirs left anywhere under `dir`. */
function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (abs: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      if (/^\.dist-(staging|previous)-/.test(e.name)) found.push(path.join(abs, e.name));
      else walk(path.join(abs, e.name));
    }
  };
  walk(dir);
  return found;
}

function copyDist(from: string, to: string) {
  fs.cpSync(path.join(tmp, from), path.join(tmp, to), { recursive: true });
}

let fresh: Run; // synth into an empty dir
let baseline: Record<string, string>; // fresh/dist after wave 1
let baselineIno: number;
let wave2: Record<string, Promise<Run>>;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-scripts-test-'));
  checkTmp = path.join(tmp, 'check-tmp');
  fs.mkdirSync(checkTmp);

  // Wave 1: the baseline render, into nothing.
  fresh = await synth('fresh/dist', { TINY_VALUE: 'one' });
  baseline = tree(path.join(tmp, 'fresh', 'dist'));
  baselineIno = fs.statSync(path.join(tmp, 'fresh', 'dist')).ino;

  // Wave 2: every other case at once, each on its own copy of the baseline dist (or a stale dist).
  fs.mkdirSync(path.join(tmp, 'over', 'dist', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'over', 'dist', MANIFEST), 'stale: true\n');
  fs.writeFileSync(path.join(tmp, 'over', 'dist', 'sub', 'old.k8s.yaml'), 'old: true\n');
  copyDist('fresh/dist', 'check-fresh/dist');
  copyDist('fresh/dist', 'check-changed/dist');
  copyDist('fresh/dist', 'check-extra/dist');
  copyDist('fresh/dist', 'check-missing/dist');
  copyDist('fresh/dist', 'check-fail/dist');
  copyDist('fresh/dist', 'interrupt/dist');
  copyDist('fresh/dist', 'exit3/dist');
  copyDist('fresh/dist', 'nothing/dist');
  fs.writeFileSync(
    path.join(tmp, 'check-changed', 'dist', MANIFEST),
    fs.readFileSync(path.join(tmp, 'check-changed', 'dist', MANIFEST), 'utf8').replace('value: one', 'value: edited'),
  );
  fs.mkdirSync(path.join(tmp, 'check-extra', 'dist', 'sub'));
  fs.writeFileSync(path.join(tmp, 'check-extra', 'dist', 'sub', 'orphan.k8s.yaml'), 'orphan: true\n');
  fs.rmSync(path.join(tmp, 'check-missing', 'dist', MANIFEST));
  fs.writeFileSync(path.join(tmp, 'check-missing', 'dist', 'other.k8s.yaml'), 'other: true\n');

  let interrupted = false;
  wave2 = {
    over: synth('over/dist', { TINY_VALUE: 'one' }),
    lateFail: synth('fresh/dist', { TINY_VALUE: 'two', TINY_FAIL: 'late' }),
    exit3: synth('exit3/dist', {}, `sh -c 'echo boom-from-app >&2; exit 3'`),
    nothing: synth('nothing/dist', {}, `"${process.execPath}" -e 0`),
    interrupt: run(SYNTH, ['--app', APP, '--out', 'interrupt/dist'], { TINY_VALUE: 'two', TINY_HANG: '1' }, (out, child) => {
      if (!interrupted && out.includes('tiny-app: hanging')) {
        interrupted = true;
        child.kill('SIGINT');
      }
    }),
    checkFresh: checkDist('check-fresh/dist', { TINY_VALUE: 'one' }),
    checkChanged: checkDist('check-changed/dist', { TINY_VALUE: 'one' }),
    checkExtra: checkDist('check-extra/dist', { TINY_VALUE: 'one' }),
    checkMissing: checkDist('check-missing/dist', { TINY_VALUE: 'one' }),
    checkFail: checkDist('check-fail/dist', { TINY_VALUE: 'one', TINY_FAIL: '1' }),
  };
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('synth.mjs', () => {
  test('writes the manifest and lists it', () => {
    expect(fresh.stderr).toBe('');
    expect(fresh.code).toBe(0);
    expect(Object.keys(baseline)).toEqual([MANIFEST]);
    expect(Buffer.from(baseline[MANIFEST], 'base64').toString('utf8')).toContain('value: one');
    expect(fresh.stdout).toContain(`fresh/dist/${MANIFEST}`);
  });

  test('replaces a stale dist completely, and two runs render byte-identical output', async () => {
    const over = await wave2.over;
    expect(over.code).toBe(0);
    expect(tree(path.join(tmp, 'over', 'dist'))).toEqual(baseline);
    expect(over.stdout).toContain('- over/dist/sub/old.k8s.yaml');
    expect(over.stdout).toContain(`~ over/dist/${MANIFEST}`);
  });

  test('an app that fails after writing its manifest leaves the previous dist byte-identical', async () => {
    const r = await wave2.lateFail;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failing on purpose after writing its manifest');
    expect(r.stderr).toContain('synth failed: fresh/dist/ left unchanged');
    expect(tree(path.join(tmp, 'fresh', 'dist'))).toEqual(baseline);
    expect(fs.statSync(path.join(tmp, 'fresh', 'dist')).ino).toBe(baselineIno); // not even swapped
  });

  test("exits with the app's exit code and passes its output through", async () => {
    const r = await wave2.exit3;
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('boom-from-app');
    expect(tree(path.join(tmp, 'exit3', 'dist'))).toEqual(baseline);
  });

  test('fails when the app exits 0 but writes no manifest', async () => {
    const r = await wave2.nothing;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('wrote no manifests');
    expect(tree(path.join(tmp, 'nothing', 'dist'))).toEqual(baseline);
  });

  test('SIGINT stops the app, leaves dist unchanged and exits 130', async () => {
    const r = await wave2.interrupt;
    expect(r.stdout).toContain('tiny-app: hanging'); // the app's stdout passes through
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('synth failed: interrupt/dist/ left unchanged');
    expect(tree(path.join(tmp, 'interrupt', 'dist'))).toEqual(baseline);
  });

  test('no staging or previous directory is left behind by any run', async () => {
    await Promise.all(Object.values(wave2));
    expect(leftovers(tmp)).toEqual([]);
  });
});

describe('check-dist.mjs', () => {
  test('exits 0 when dist matches a fresh render', async () => {
    const r = await wave2.checkFresh;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('check-fresh/dist/ is up to date (1 file)');
  });

  test('exits 1 and shows a diff when a file content changed', async () => {
    const r = await wave2.checkChanged;
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`~ check-changed/dist/${MANIFEST}`);
    expect(r.stdout).toMatch(/- +value: edited\n.*\+ +value: one/);
    expect(r.stdout).toContain('run npm run synth');
  });

  test('exits 1 when dist has a file the app no longer renders (should be removed)', async () => {
    const r = await wave2.checkExtra;
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('should be removed');
    expect(r.stdout).toContain('- check-extra/dist/sub/orphan.k8s.yaml');
    expect(r.stdout).not.toContain(`~ check-extra/dist/${MANIFEST}`);
  });

  test('exits 1 when dist lacks a rendered file (should be added)', async () => {
    const r = await wave2.checkMissing;
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('should be added');
    expect(r.stdout).toContain(`+ check-missing/dist/${MANIFEST}`);
    expect(r.stdout).toContain('- check-missing/dist/other.k8s.yaml');
    // Sorted, deterministic report: missing files first, then files to remove.
    expect(r.stdout.indexOf('should be added')).toBeLessThan(r.stdout.indexOf('should be removed'));
  });

  test('exits 2 when the app fails', async () => {
    const r = await wave2.checkFail;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('failing on purpose (TINY_FAIL=1)');
    expect(r.stderr).toContain('check-fail/dist/ was not checked');
  });

  test('never touches the dist it checks and removes its render dir', async () => {
    await Promise.all(Object.values(wave2));
    expect(tree(path.join(tmp, 'check-fresh', 'dist'))).toEqual(baseline);
    expect(Object.keys(tree(path.join(tmp, 'check-extra', 'dist')))).toEqual(['sub/orphan.k8s.yaml', MANIFEST]);
    expect(fs.readdirSync(checkTmp).filter((n) => n.startsWith('cdk8s-check-dist-'))).toEqual([]);
  });
});
