#!/usr/bin/env node
/**
 * `npm run bench` — how long a full synth takes, and how it scales. Prints a Markdown report;
 * `npm run bench -- --write` also saves it as BENCHMARKS.md (never edit that file by hand).
 *
 * What is measured (every run is a fresh child process, started with `process.execPath` directly —
 * no npx, no shell — so the time is that of the synth itself):
 *
 *   1. Scale: our path, `node scripts/run-ts.cjs bench/scale-app.ts` (what `npm run synth` runs for
 *      main.ts: esbuild bundles the app's TypeScript, Node runs it in the same process; bundle cache off), with
 *      BENCH_SITES = 1, 10, 100, 1000 websites (charts of at most 50 sites, the same shape for every
 *      N). One warm-up run (also checks the output: one file per chart, one Deployment per site), then
 *      --runs measured runs (default 5; 3 for a size whose warm-up took more than 10 s). Wall time
 *      from spawn to exit (the manifests are written before the app exits), median/min/max; CPU time
 *      and peak RSS of the app process.
 *   2. The example app (main.ts), interleaved rounds of: our path (what `npm run synth` and
 *      `cdk8s synth` run) `node scripts/run-ts.cjs main.ts`, the whole `node scripts/synth.mjs --out
 *      <dir>` (information: the wrapper's own cost; it runs the app in its own process), and for comparison only the previous runner
 *      `node --require tsx/cjs main.ts` (tsx's transform cache warm) and `node <tsx cli> main.ts` (the
 *      tsx CLI: two Node processes and an ESM loader worker), and the README's own `npm run synth --
 *      --out <dir>` with the bundle cache warm (beside it `node scripts/synth.mjs` warm: the command's
 *      own cost is it minus the app alone, warm; the synth rows keep their previous output, as
 *      dist/ is kept between two `npm run synth`); the baseline is plain
 *      `node <ts-node bin> --project tsconfig.json main.ts`, which type-checks the app on every run as
 *      the stock `cdk8s init` app does. Every runner must render the same bytes.
 *   3. `cdk8s-zero-downtime check` (the bin, bundled once by esbuild as the package ships it: npm
 *      packages external) on a 2 MB multi-document file and on 10,000 objects, copies of dist/'s
 *      objects (bench/manifest-inputs.mjs); median of --runs runs.
 *   4. `cdk8s-zero-downtime plan --format json` on 1,000 Deployments (copies of dist/'s sites, with a
 *      ResourceQuota and a LimitRange per namespace), the same bundled bin; median of --runs runs.
 *   5. Charts: 1,000 and 10,000 charts of one website each (`node scripts/run-ts.cjs bench/charts-app.ts`,
 *      BENCH_CHARTS=N) in a `ZeroDowntimeApp` (its synth() validates the app once); warm-up (checks
 *      one file and one Deployment per chart) and --runs runs (2 for a size whose warm-up took over
 *      10 s). For comparison, one run of the same 1,000 charts in a plain cdk8s `App` (BENCH_SYNTH=cdk8s:
 *      App.synth() validates the whole app once per chart), which must write the same bytes.
 *   6. Hostile input (bench/hostile-inputs.mjs), `check` with the same bundled bin: 50 MB of manifests
 *      (copies of dist/'s objects), and what must end at once with an input problem (exit 2): 100,000-deep
 *      nesting, a billion-laughs alias bomb, 50 MB of random bytes, a 1 GiB (sparse) file over the size
 *      limit, and 10,000 empty documents. Each run must end with its exit code and message; median of
 *      --runs runs (3 for the 50 MB file), wall time and peak RSS.
 *   7. Engine: 1,000 websites in 100 charts of a plain cdk8s `App` (bench/scale-app.ts, 10 sites per
 *      chart), interleaved rounds of three variants: as shipped; with the rule engine and the synth-time
 *      validation switched off (BENCH_ENGINE=off: what they add); and the same app at commit 14f12ea
 *      (its lib/, imports/ and bench/scale-app.ts, from `git archive`, run by the same runner): the
 *      synth must be no slower than it was then. Wall, CPU and peak RSS; the ratios are medians of the
 *      ratios of each round (a change of machine load hits both sides of a round alike).
 *   8. `npm test` once (jest, one worker per core), unless --no-test.
 *
 * Peak RSS: every Node process of a run preloads bench/report-rss.cjs (NODE_OPTIONS), which appends
 * its own getrusage maxRSS at exit to a temp file; the figure is the largest process of the run (what
 * GNU `time -f %M` reports), the CPU time is the sum over the run's Node processes (not the esbuild
 * binary, a Go process, that run-ts.cjs starts for its bundle step; its time is in the wall time).
 *
 * Targets are checked and printed PASS/FAIL. The exit code is 0 even when one fails (a report), unless
 * --check is given: then 3 when a target is missed, so CI can gate on it (`npm run bench -- --check`;
 * not part of `npm test`, whose time depends on the machine). Exit 1 when a measured command itself
 * fails; 64 on bad usage.
 *
 * Usage: node bench/run.mjs [--write] [--check] [--only scale,example,check,plan,hostile,charts,engine,test] [--runs N]
 *                           [--example-runs N] [--sizes 1,10,100,1000] [--no-test]
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PRELOAD = path.join(ROOT, 'bench', 'report-rss.cjs');
const SCALE_APP = 'bench/scale-app.ts';
/** Our runner, as `npm run synth` runs it (scripts/lib/app.mjs defaultAppCommand): `node <abs path> <app>.ts`. */
const RUN_TS = path.join(ROOT, 'scripts', 'run-ts.cjs');
/** Node arguments of our runner for an app. */
const ourRunner = (app) => [RUN_TS, app];
/** tsx's CommonJS require hook: the previous runner, `node --require <this> <app>.ts` (comparison only). */
const TSX_CJS = createRequire(path.join(ROOT, 'package.json')).resolve('tsx/cjs');
/** npm's own CLI script, run with this Node: the one running us (npm run bench), else the one beside this Node. */
const NPM_CLI = process.env.npm_execpath && /\.c?js$/.test(process.env.npm_execpath)
  ? process.env.npm_execpath
  : [path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'), '/usr/lib/node_modules/npm/bin/npm-cli.js'].find((f) => fs.existsSync(f));
const EXAMPLE_APP = 'main.ts';
const SITES_PER_CHART = 50;
const SLOW_WARMUP_MS = 10_000;
const DEFAULT_SIZES = [1, 10, 100, 1000];

const SECTIONS = ['scale', 'example', 'check', 'plan', 'hostile', 'charts', 'engine', 'test'];
/** The engine section: 1,000 sites in 100 charts of a plain App, against the same app at this commit. */
const ENGINE_SITES = 1000;
const ENGINE_SITES_PER_CHART = 10;
const BASELINE_COMMIT = '14f12ea';
const CHARTS_APP = 'bench/charts-app.ts';
const CHART_SIZES = [1000, 10_000];

const TARGETS = {
  check2MBSeconds: 1.5, // `check` on a 2 MB multi-document file, wall
  check10kSeconds: 3, // `check` on 10,000 objects, wall
  plan1000Seconds: 2, // `plan` of 1,000 Deployments, wall
  hostileLargeSeconds: 10, // `check` on 50 MB of manifests (~40,000 objects), wall
  hostileLargeRssMB: 800, // the same, peak RSS (a file at the 64 MiB input limit: ~550 MB)
  hostileRefuseSeconds: 1, // `check` ending hostile input with an input problem (deep, alias bomb, binary, too large, empty), wall
  hostileRefuseRssMB: 256, // the same, peak RSS
  charts1000Seconds: 3, // 1,000 one-site charts in a ZeroDowntimeApp, full synth, wall
  exampleRatio: 0.2, // example app via our runner (node scripts/run-ts.cjs) / via ts-node
  npmSynthRatio: 0.2, // `npm run synth` of the example app (bundle cache warm) / the app via ts-node
  commandSeconds: 0.1, // the synth command's own cost: node scripts/synth.mjs minus the app alone, both warm
  engineShare: 1.15, // 1,000 sites in 100 charts of an App: synth time with the engine / without
  baselineRatio: 1, // the same synth / the same app at commit 14f12ea
  sites1000Seconds: 5,
  sites1000RssMB: 600,
  scaleRatio: 12, // t(1000) / t(100)
  testSeconds: 20,
};

const USAGE = `usage: node bench/run.mjs [--write] [--check] [--only ${SECTIONS.join(',')}] [--runs N] [--example-runs N] [--sizes 1,10,100,1000] [--no-test]`;

function parseArgs(argv) {
  const opts = { write: false, check: false, only: new Set(SECTIONS), runs: 5, exampleRuns: 5, sizes: DEFAULT_SIZES, test: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^(--[a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = m ? m[1] : arg;
    const value = () => (m && m[2] !== undefined ? m[2] : argv[++i]);
    if (name === '-h' || name === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (name === '--write') opts.write = true;
    else if (name === '--check') opts.check = true;
    else if (name === '--only') {
      const list = String(value() ?? '').split(',').filter(Boolean);
      const bad = list.filter((x) => !SECTIONS.includes(x));
      if (list.length === 0 || bad.length > 0) usage(`--only takes a comma-separated list of ${SECTIONS.join(', ')}, got ${JSON.stringify(list.join(','))}`);
      opts.only = new Set(list);
    }
    else if (name === '--no-test') opts.test = false;
    else if (name === '--runs') opts.runs = count(name, value(), 1);
    else if (name === '--example-runs') opts.exampleRuns = count(name, value(), 1);
    else if (name === '--sizes') opts.sizes = String(value() ?? '').split(',').map((s) => count(name, s, 1));
    else usage(`unknown argument: ${arg}`);
  }
  return opts;
}

function count(name, raw, min) {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) usage(`${name} needs a whole number >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

function usage(msg) {
  process.stderr.write(`bench: ${msg}\n${USAGE}\n`);
  process.exit(64);
}

/** Absolute path of a package's bin script inside node_modules (no .bin shims, no npx). */
function binOf(pkg, name) {
  const dir = path.join(ROOT, 'node_modules', pkg);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const rel = typeof json.bin === 'string' ? json.bin : json.bin?.[name ?? pkg];
  if (!rel) throw new Error(`${pkg} has no bin ${name ?? pkg}`);
  return path.join(dir, rel);
}

function versionOf(pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/** Quotes a path for NODE_OPTIONS (which Node splits on spaces unless quoted). */
const nodeOptionsQuote = (p) => `"${p.replace(/(["\\])/g, '\\$1')}"`;

/** The environment of a measured process: ours, minus anything that would change what runs. */
function childEnv(extra) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(TS_NODE_|TSX_|CDK8S_|BENCH_)/.test(k) || k === 'NODE_OPTIONS') delete env[k];
  }
  return { ...env, ...extra };
}

let work; // temp dir of this benchmark run (output dirs, RSS files)
let current; // the child being measured, to stop it on Ctrl-C
let seq = 0;

const bundles = []; // bundles written into node_modules/.cache, removed at exit

function cleanup() {
  if (work) fs.rmSync(work, { recursive: true, force: true });
  for (const b of bundles) fs.rmSync(b, { force: true });
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (current) current.kill('SIGKILL');
    cleanup();
    process.stderr.write(`bench: interrupted (${signal})\n`);
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  });
}

/**
 * Runs `node <args>` in the repo root with CDK8S_OUTDIR = a fresh empty dir; resolves with the wall
 * time from spawn to exit, the largest maxRSS and the summed CPU time of its Node processes.
 */
async function measure(args, { env = {}, outdir, okCodes = [0] } = {}) {
  const rssFile = path.join(work, `rss-${++seq}.jsonl`);
  if (outdir) {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.mkdirSync(outdir, { recursive: true });
  }
  const fullEnv = childEnv({
    // Every measured synth bundles the app anew, as the first synth of a fresh checkout does; only the
    // row that says so reuses run-ts's bundle cache.
    CDK8S_ZD_BUNDLE_CACHE: 'off',
    ...env,
    ...(outdir ? { CDK8S_OUTDIR: outdir } : {}),
    BENCH_RSS_FILE: rssFile,
    NODE_OPTIONS: `--require ${nodeOptionsQuote(PRELOAD)}`,
  });
  const output = [];
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  current = child;
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  const closed = new Promise((resolve) => child.on('close', resolve));
  const { code, signal, wallMs } = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, wallMs: Number(process.hrtime.bigint() - start) / 1e6 }));
  });
  await closed; // all output read (not part of the measured time)
  current = undefined;
  if (!okCodes.includes(code)) {
    const text = Buffer.concat(output).toString('utf8').trim().split('\n').slice(-15).join('\n');
    throw new Error(`node ${args.map((a) => path.relative(ROOT, a) || a).join(' ')} failed (${signal ?? `exit ${code}`}):\n${text}`);
  }
  let rssKiB = 0;
  let cpuMs = 0;
  const lines = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, 'utf8').trim().split('\n').filter(Boolean) : [];
  for (const line of lines) {
    const r = JSON.parse(line);
    rssKiB = Math.max(rssKiB, r.maxRssKiB);
    cpuMs += (r.userMicros + r.systemMicros) / 1000;
  }
  fs.rmSync(rssFile, { force: true });
  return { wallMs, rssKiB, cpuMs, processes: lines.length, output: Buffer.concat(output).toString('utf8') };
}

/** Every file under dir, relative, sorted, with its contents. */
function readTree(dir) {
  const out = new Map();
  const walk = (abs, rel) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else out.set(r, fs.readFileSync(path.join(abs, e.name)));
    }
  };
  walk(dir, '');
  return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** Checks that a scale-app output is complete; returns the number of manifests. */
function checkScaleOutput(outdir, sites, perChart = SITES_PER_CHART) {
  const files = readTree(outdir);
  const charts = Math.ceil(sites / perChart);
  let objects = 0;
  let deployments = 0;
  for (const data of files.values()) {
    const text = data.toString('utf8');
    objects += (text.match(/^kind: /gm) ?? []).length;
    deployments += (text.match(/^kind: Deployment$/gm) ?? []).length;
  }
  if (files.size !== charts || deployments !== sites) {
    throw new Error(`scale app with ${sites} sites wrote ${files.size} files (expected ${charts}) with ${deployments} Deployments (expected ${sites})`);
  }
  return objects;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const sec = (ms) => (ms / 1000).toFixed(2);
const mb = (kib) => Math.round((kib * 1024) / 1e6);
const progress = (msg) => process.stderr.write(`bench: ${msg}\n`);

async function benchScale(sizes, runs) {
  const results = [];
  for (const sites of sizes) {
    const outdir = path.join(work, `scale-${sites}`);
    const env = { BENCH_SITES: String(sites), BENCH_SITES_PER_CHART: String(SITES_PER_CHART) };
    const args = ourRunner(SCALE_APP);
    const warm = await measure(args, { env, outdir });
    const objects = checkScaleOutput(outdir, sites);
    const n = warm.wallMs > SLOW_WARMUP_MS ? Math.min(runs, 3) : runs;
    progress(`${sites} sites: warm-up ${sec(warm.wallMs)} s (${objects} objects), ${n} runs`);
    const samples = [];
    for (let i = 0; i < n; i++) {
      const r = await measure(args, { env, outdir });
      samples.push(r);
      progress(`  ${sites} sites run ${i + 1}/${n}: ${sec(r.wallMs)} s, CPU ${sec(r.cpuMs)} s, ${mb(r.rssKiB)} MB`);
    }
    fs.rmSync(outdir, { recursive: true, force: true });
    results.push({
      sites,
      charts: Math.ceil(sites / SITES_PER_CHART),
      objects,
      runs: n,
      wall: samples.map((s) => s.wallMs),
      cpu: samples.map((s) => s.cpuMs),
      rssKiB: Math.max(...samples.map((s) => s.rssKiB)),
    });
  }
  return results;
}

/** A variant's Node arguments (a function of the output dir for commands that take it as an option). */
const argsOf = (v, outdir) => (typeof v.args === 'function' ? v.args(outdir) : v.args);
/**
 * A variant's measured run. The synth command replaces its --out directory as `npm run synth` replaces
 * dist/: the previous output is kept for it to compare with, as on every synth but the first.
 */
const measureVariant = (v, outdir) => measure(argsOf(v, outdir), { env: v.env, outdir: v.keepsOutput ? undefined : outdir });

async function benchExample(tsxCli, tsNodeBin, rounds) {
  const variants = [
    { key: 'ours', label: '`node scripts/run-ts.cjs main.ts` (our `npm run synth` / `cdk8s synth` path: esbuild bundle, then one Node process; bundle cache off, as on the first synth of a fresh checkout)', args: ourRunner(EXAMPLE_APP), env: {} },
    {
      key: 'oursCached',
      label: 'information: the same with the bundle cache warm (every later synth while main.ts, lib/ and imports/ are unchanged)',
      args: ourRunner(EXAMPLE_APP),
      env: { CDK8S_ZD_BUNDLE_CACHE: 'on' },
    },
    {
      key: 'synthScript',
      label: 'information: the same through `node scripts/synth.mjs --out <dir>` (all of `npm run synth` but npm\'s own start-up: staging dir, the app as above in the same process, compare, swap)',
      args: (outdir) => [path.join(ROOT, 'scripts', 'synth.mjs'), '--out', outdir],
      env: {},
      keepsOutput: true,
    },
    {
      key: 'synthScriptWarm',
      label: 'information: `node scripts/synth.mjs --out <dir>` with the bundle cache warm (every later `npm run synth` while lib/ and the app are unchanged)',
      args: (outdir) => [path.join(ROOT, 'scripts', 'synth.mjs'), '--out', outdir],
      env: { CDK8S_ZD_BUNDLE_CACHE: 'on' },
      keepsOutput: true,
    },
    {
      key: 'npmSynth',
      label: '`npm run synth -- --out <dir>` (the README\'s command, npm included), bundle cache warm',
      args: (outdir) => [NPM_CLI, 'run', 'synth', '--', '--out', outdir],
      env: { CDK8S_ZD_BUNDLE_CACHE: 'on' },
      keepsOutput: true,
    },
    { key: 'tsxRequire', label: 'comparison only, the previous runner: `node --require tsx/cjs main.ts` (tsx require hook), tsx cache warm', args: ['--require', TSX_CJS, EXAMPLE_APP], env: {} },
    { key: 'tsxCli', label: 'comparison only: `node <tsx cli> main.ts` (the tsx CLI: a second Node process and an ESM loader worker)', args: [tsxCli, EXAMPLE_APP], env: {} },
    { key: 'tsNode', label: '`node <ts-node bin> --project tsconfig.json main.ts` (stock `cdk8s init`: type-checks every run)', args: [tsNodeBin, '--project', 'tsconfig.json', EXAMPLE_APP], env: {} },
  ];
  const outputs = {};
  for (const v of variants) {
    // Warm-up (discarded): fills the OS file cache for every variant alike (and tsx's cache for the tsx rows).
    const outdir = path.join(work, `example-${v.key}`);
    await measureVariant(v, outdir);
    outputs[v.key] = readTree(outdir);
    v.samples = [];
  }
  const same = (a, b) => a.size === b.size && [...a].every(([k, data]) => b.has(k) && data.equals(b.get(k)));
  const differ = variants.filter((v) => !same(outputs.ours, outputs[v.key])).map((v) => v.key);
  if (differ.length > 0) {
    throw new Error(`the example app rendered different manifests through ${differ.join(', ')} than through our runner`);
  }
  // Interleaved rounds, so that a change of machine load hits every variant alike.
  for (let i = 0; i < rounds; i++) {
    for (const v of variants) {
      const r = await measureVariant(v, path.join(work, `example-${v.key}`));
      v.samples.push(r);
      progress(`  example app round ${i + 1}/${rounds}, ${v.key}: ${sec(r.wallMs)} s`);
    }
  }
  const files = outputs.ours.size;
  return { files, variants };
}

/**
 * The bin, bundled once per bench run (scripts/lib/dev-bundle.cjs: npm packages external; the shipped
 * bundle of scripts/bundle-cli.mjs inlines commander, js-yaml and yaml, the same code).
 */
let binBundle;
async function bundleBin() {
  if (!binBundle) {
    const { writeDevBundle } = createRequire(import.meta.url)('../scripts/lib/dev-bundle.cjs');
    binBundle = writeDevBundle(path.join(ROOT, 'lib', 'cli', 'main.ts'), `bench-bin-${process.pid}.cjs`);
    bundles.push(binBundle);
  }
  return binBundle;
}

async function benchCheck(runs) {
  const { writeSizedFile, writeObjectsFile } = await import('./manifest-inputs.mjs');
  const bin = await bundleBin();
  const inputs = [
    { key: '2mb', label: '2 MB multi-document file', ...writeSizedFile(ROOT, path.join(work, 'check-2mb.yaml'), 2 * 1024 * 1024), limit: TARGETS.check2MBSeconds },
    { key: '10k', label: '10,000 objects', ...writeObjectsFile(ROOT, path.join(work, 'check-10k.yaml'), 10_000), limit: TARGETS.check10kSeconds },
  ];
  for (const input of inputs) {
    const args = [bin, 'check', '--format', 'json', input.file];
    // exit 1 is expected: the copies of the NodePort site share nodePort 31000 (node-port-conflict)
    await measure(args, { okCodes: [0, 1] }); // warm-up: OS file cache
    input.samples = [];
    for (let i = 0; i < runs; i++) {
      const r = await measure(args, { okCodes: [0, 1] });
      input.samples.push(r);
      progress(`  check ${input.label} run ${i + 1}/${runs}: ${sec(r.wallMs)} s`);
    }
  }
  return inputs;
}

async function benchPlan(runs) {
  const { writeDeploymentsFile } = await import('./manifest-inputs.mjs');
  const bin = await bundleBin();
  const input = writeDeploymentsFile(ROOT, path.join(work, 'plan-1000.yaml'), 1000);
  const args = [bin, 'plan', '--format', 'json', input.file];
  await measure(args); // warm-up: OS file cache
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = await measure(args);
    samples.push(r);
    progress(`  plan ${input.deployments} Deployments run ${i + 1}/${runs}: ${sec(r.wallMs)} s`);
  }
  return { ...input, samples };
}

/**
 * `check` on each hostile input: a warm-up that must end as the case says (exit code, a text of its
 * output), then --runs runs (at most 3 of the 50 MB file).
 */
async function benchHostile(runs) {
  const { writeHostileInputs } = await import('./hostile-inputs.mjs');
  const bin = await bundleBin();
  const dir = path.join(work, 'hostile');
  fs.mkdirSync(dir, { recursive: true });
  const cases = writeHostileInputs(ROOT, dir);
  for (const c of cases) {
    const args = [bin, 'check', c.file];
    const warm = await measure(args, { okCodes: c.codes });
    const found = typeof c.expect === 'string' ? warm.output.includes(c.expect) : c.expect.test(warm.output);
    if (!found) throw new Error(`check on ${c.label} did not print ${c.expect}:\n${warm.output.trim().split('\n').slice(-10).join('\n')}`);
    c.message = warm.output.trim().split('\n').find((l) => (typeof c.expect === 'string' ? l.includes(c.expect) : c.expect.test(l)));
    c.samples = [];
    const n = c.key === 'large' ? Math.min(runs, 3) : runs;
    for (let i = 0; i < n; i++) {
      const r = await measure(args, { okCodes: c.codes });
      c.samples.push(r);
      progress(`  check ${c.label} run ${i + 1}/${n}: ${sec(r.wallMs)} s, ${mb(r.rssKiB)} MB`);
    }
    fs.rmSync(c.file, { force: true });
  }
  return cases;
}

/** Checks a charts-app output: one file per chart, one Deployment in each; returns the number of objects. */
function checkChartsOutput(outdir, charts) {
  const files = readTree(outdir);
  let objects = 0;
  for (const data of files.values()) {
    const text = data.toString('utf8');
    objects += (text.match(/^kind: /gm) ?? []).length;
    if ((text.match(/^kind: Deployment$/gm) ?? []).length !== 1) throw new Error('charts app: a chart file without exactly one Deployment');
  }
  if (files.size !== charts) throw new Error(`charts app with ${charts} charts wrote ${files.size} files`);
  return objects;
}

async function benchCharts(runs) {
  const results = [];
  const trees = {};
  for (const charts of CHART_SIZES) {
    const outdir = path.join(work, `charts-${charts}`);
    const env = { BENCH_CHARTS: String(charts), BENCH_SYNTH: 'lib' };
    const args = ourRunner(CHARTS_APP);
    const warm = await measure(args, { env, outdir });
    const objects = checkChartsOutput(outdir, charts);
    if (charts === CHART_SIZES[0]) trees.lib = readTree(outdir);
    const n = warm.wallMs > SLOW_WARMUP_MS ? Math.min(runs, 2) : runs;
    progress(`${charts} charts (ZeroDowntimeApp): warm-up ${sec(warm.wallMs)} s (${objects} objects), ${n} runs`);
    const samples = [];
    for (let i = 0; i < n; i++) {
      const r = await measure(args, { env, outdir });
      samples.push(r);
      progress(`  ${charts} charts run ${i + 1}/${n}: ${sec(r.wallMs)} s, CPU ${sec(r.cpuMs)} s, ${mb(r.rssKiB)} MB`);
    }
    fs.rmSync(outdir, { recursive: true, force: true });
    results.push({ charts, objects, synth: 'ZeroDowntimeApp', samples });
  }
  // For comparison: cdk8s's own App.synth(), which validates the whole app once per chart.
  const charts = CHART_SIZES[0];
  const outdir = path.join(work, `charts-${charts}-cdk8s`);
  progress(`${charts} charts in a plain App (comparison, one run)`);
  const r = await measure(ourRunner(CHARTS_APP), { env: { BENCH_CHARTS: String(charts), BENCH_SYNTH: 'cdk8s' }, outdir });
  const objects = checkChartsOutput(outdir, charts);
  const plain = readTree(outdir);
  const same = plain.size === trees.lib.size && [...plain].every(([k, data]) => trees.lib.has(k) && data.equals(trees.lib.get(k)));
  if (!same) throw new Error(`ZeroDowntimeApp and App wrote different manifests for ${charts} charts`);
  fs.rmSync(outdir, { recursive: true, force: true });
  progress(`  App.synth(): ${sec(r.wallMs)} s`);
  results.push({ charts, objects, synth: 'App', samples: [r] });
  return results;
}

/**
 * The app of the engine section at BASELINE_COMMIT: its lib/, imports/, bench/scale-app.ts and
 * tsconfig.json (esbuild reads it), from `git archive`; undefined when the commit is not in this clone.
 */
function baselineApp() {
  const dir = path.join(work, `baseline-${BASELINE_COMMIT}`);
  fs.mkdirSync(dir, { recursive: true });
  const tar = path.join(work, `baseline-${BASELINE_COMMIT}.tar`);
  const git = spawnSync('git', ['archive', '--output', tar, BASELINE_COMMIT, 'lib', 'imports', SCALE_APP, 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
  if (git.status !== 0) {
    progress(`engine: no baseline: git archive ${BASELINE_COMMIT} failed (${(git.stderr || git.error?.message || '').trim()})`);
    return undefined;
  }
  const untar = spawnSync('tar', ['-xf', tar, '-C', dir], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar -xf ${tar}: ${untar.stderr}`);
  return path.join(dir, SCALE_APP);
}

/** 1,000 sites in 100 charts of a plain App: as shipped, without the engine, and at BASELINE_COMMIT, interleaved. */
async function benchEngine(runs) {
  const env = { BENCH_SITES: String(ENGINE_SITES), BENCH_SITES_PER_CHART: String(ENGINE_SITES_PER_CHART) };
  const baseline = baselineApp();
  const variants = [
    { key: 'on', label: 'as shipped', args: ourRunner(SCALE_APP), env },
    { key: 'off', label: 'rule engine and synth-time validation off (`BENCH_ENGINE=off`)', args: ourRunner(SCALE_APP), env: { ...env, BENCH_ENGINE: 'off' } },
    ...(baseline ? [{ key: 'baseline', label: `the same app at commit ${BASELINE_COMMIT}`, args: ourRunner(baseline), env }] : []),
  ];
  for (const v of variants) {
    const outdir = path.join(work, `engine-${v.key}`);
    const warm = await measure(v.args, { env: v.env, outdir }); // warm-up, and the output is complete
    v.objects = checkScaleOutput(outdir, ENGINE_SITES, ENGINE_SITES_PER_CHART);
    progress(`engine, ${v.key}: warm-up ${sec(warm.wallMs)} s (${v.objects} objects)`);
    v.samples = [];
  }
  for (let i = 0; i < runs; i++) {
    for (const v of variants) {
      const r = await measure(v.args, { env: v.env, outdir: path.join(work, `engine-${v.key}`) });
      v.samples.push(r);
      progress(`  engine round ${i + 1}/${runs}, ${v.key}: ${sec(r.wallMs)} s, CPU ${sec(r.cpuMs)} s, ${mb(r.rssKiB)} MB`);
    }
  }
  for (const v of variants) fs.rmSync(path.join(work, `engine-${v.key}`), { recursive: true, force: true });
  return variants;
}

/** The median over rounds of a/b, sample by sample (each round ran both). */
const pairedRatio = (a, b, field) => median(a.samples.map((s, i) => s[field] / b.samples[i][field]));

async function benchTest() {
  // npm's own CLI through this Node when we run under npm (npm_execpath), else `npm` from PATH.
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli && /\.c?js$/.test(npmCli) ? [process.execPath, [npmCli, 'test']] : ['npm', ['test']];
  const output = [];
  const start = process.hrtime.bigint();
  const child = spawn(cmd, args, { cwd: ROOT, env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  current = child;
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  const code = await new Promise((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (c) => resolve(c ?? -1));
  });
  current = undefined;
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (code !== 0) {
    progress(`npm test failed (exit ${code}); last lines:\n${Buffer.concat(output).toString('utf8').trim().split('\n').slice(-20).join('\n')}`);
  }
  return { wallMs, code };
}

function row(cells) {
  return `| ${cells.join(' | ')} |`;
}

function report({ opts, scale, example, check, plan, hostile, charts, engine, test, load }) {
  const L = [];
  const cpus = os.cpus();
  L.push('# Benchmarks');
  L.push('');
  L.push('Produced by `npm run bench -- --write` (bench/run.mjs); do not edit by hand. Run `npm run bench` to');
  L.push('measure on your machine (it prints this report without writing it).');
  L.push('');
  L.push('## Machine');
  L.push('');
  L.push(`- CPU cores: ${cpus.length} (${cpus[0]?.model?.trim() ?? 'unknown model'})`);
  L.push(`- Memory: ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${os.platform()} ${os.arch()}`);
  L.push(`- Node ${process.version}; esbuild ${versionOf('esbuild')}, tsx ${versionOf('tsx')}, ts-node ${versionOf('ts-node')}, typescript ${versionOf('typescript')}, cdk8s ${versionOf('cdk8s')}, cdk8s-plus-27 ${versionOf('cdk8s-plus-27')}`);
  L.push(`- Load average (1 min) at start / end: ${load.start.toFixed(2)} / ${load.end.toFixed(2)} (other work on the machine inflates wall times)`);
  L.push('');

  const verdicts = [];
  const verdict = (name, limit, measured, pass) => verdicts.push({ name, limit, measured, pass });

  if (scale.length > 0) {
    L.push(`## Scale: N websites in one app (\`node scripts/run-ts.cjs ${SCALE_APP}\`)`);
    L.push('');
    L.push(`Charts of at most ${SITES_PER_CHART} sites (one namespace and one output file each). Every site has a Deployment, Service, PodDisruptionBudget and NetworkPolicy; every 3rd an Ingress, every 4th a HorizontalPodAutoscaler, every 5th a ConfigMap, every 10th a scheduled restart (CronJob, ServiceAccount, Role, RoleBinding).`);
    L.push('');
    L.push(row(['Websites', 'Charts', 'Objects', 'Runs', 'Wall median (s)', 'Wall min (s)', 'Wall max (s)', 'CPU median (s)', 'Peak RSS (MB)']));
    L.push(row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const r of scale) {
      L.push(row([r.sites, r.charts, r.objects, r.runs, sec(median(r.wall)), sec(Math.min(...r.wall)), sec(Math.max(...r.wall)), sec(median(r.cpu)), mb(r.rssKiB)]));
    }
    L.push('');
    const at = (n) => scale.find((r) => r.sites === n);
    const r100 = at(100);
    const r1000 = at(1000);
    if (r100 && r1000) {
      const ratio = median(r1000.wall) / median(r100.wall);
      const cpuRatio = median(r1000.cpu) / median(r100.cpu);
      L.push(`t(1000)/t(100) = **${ratio.toFixed(2)}** on wall-time medians (CPU time: ${cpuRatio.toFixed(2)}). Linear cost gives about 10, less with the fixed start-up cost; far above 10 means work that grows faster than the number of sites.`);
      L.push('');
      verdict('t(1000)/t(100)', `<= ${TARGETS.scaleRatio}`, ratio.toFixed(2), ratio <= TARGETS.scaleRatio);
    }
    if (r1000) {
      const t = median(r1000.wall) / 1000;
      verdict('1,000 websites, full synth (median wall)', `<= ${TARGETS.sites1000Seconds} s`, `${t.toFixed(2)} s`, t <= TARGETS.sites1000Seconds);
      const rss = mb(r1000.rssKiB);
      verdict('1,000 websites, peak RSS', `<= ${TARGETS.sites1000RssMB} MB`, `${rss} MB`, rss <= TARGETS.sites1000RssMB);
    }
  }

  if (example) {
    L.push(`## The example app (\`${EXAMPLE_APP}\`, ${example.files} files): our runner vs ts-node`);
    L.push('');
    L.push(`${opts.exampleRuns} interleaved round${opts.exampleRuns === 1 ? '' : 's'} after one warm-up each; all runners render byte-identical manifests.`);
    L.push('');
    L.push(row(['Runner', 'Runs', 'Wall median (s)', 'Wall min (s)', 'CPU median (s)', 'Peak RSS (MB)']));
    L.push(row(['---', '---:', '---:', '---:', '---:', '---:']));
    const med = {};
    for (const v of example.variants) {
      const wall = v.samples.map((s) => s.wallMs);
      med[v.key] = median(wall);
      L.push(row([v.label, wall.length, sec(med[v.key]), sec(Math.min(...wall)), sec(median(v.samples.map((s) => s.cpuMs))), mb(Math.max(...v.samples.map((s) => s.rssKiB)))]));
    }
    L.push('');
    const ours = med.ours / med.tsNode;
    const cached = med.oursCached / med.tsNode;
    const script = med.synthScript / med.tsNode;
    const tsxRequire = med.tsxRequire / med.tsNode;
    const cli = med.tsxCli / med.tsNode;
    L.push(`Ratio to ts-node: **${ours.toFixed(3)}** for our path (the target: the app run by our runner against the same app run by ts-node, bundled anew as on the first synth of a fresh checkout); for information, ${cached.toFixed(3)} with run-ts's bundle cache warm (every later synth of unchanged sources) and ${script.toFixed(3)} through scripts/synth.mjs (its own Node start-up and file handling added); for comparison only, ${tsxRequire.toFixed(3)} for the previous runner \`node --require tsx/cjs\` with tsx's cache warm and ${cli.toFixed(3)} for the tsx CLI.`);
    L.push('');
    verdict('example app: `node scripts/run-ts.cjs` / ts-node', `<= ${TARGETS.exampleRatio}`, ours.toFixed(3), ours <= TARGETS.exampleRatio);
    // Paired by round (each round ran every variant), so that a change of load hits both sides alike.
    const byKey = Object.fromEntries(example.variants.map((v) => [v.key, v]));
    const npmRatio = pairedRatio(byKey.npmSynth, byKey.tsNode, 'wallMs');
    const paired = (a, b, field) => median(byKey[a].samples.map((s, i) => s[field] - byKey[b].samples[i][field])) / 1000;
    const command = paired('synthScriptWarm', 'oursCached', 'wallMs');
    L.push(`\`npm run synth\` (bundle cache warm): **${npmRatio.toFixed(3)}** of the app run by ts-node (median of each round's ratio); the synth command's own cost (start-up, staging, comparison, swap: \`node scripts/synth.mjs\` minus the app alone in the same round, both with the bundle cache warm) **${command.toFixed(2)} s** of wall time (CPU: ${paired('synthScriptWarm', 'oursCached', 'cpuMs').toFixed(2)} s); npm's own start-up ${paired('npmSynth', 'synthScriptWarm', 'wallMs').toFixed(2)} s.`);
    L.push('');
    verdict('example app: `npm run synth` (cache warm) / ts-node', `<= ${TARGETS.npmSynthRatio}`, npmRatio.toFixed(3), npmRatio <= TARGETS.npmSynthRatio);
    verdict('synth command\'s own cost (scripts/synth.mjs minus the app, cache warm)', `<= ${TARGETS.commandSeconds} s`, `${command.toFixed(2)} s`, command <= TARGETS.commandSeconds);
  }

  if (check) {
    L.push('## `cdk8s-zero-downtime check`');
    L.push('');
    L.push('The bin bundled once by esbuild (npm packages external), run as `node <bundle> check --format json <file>`: read, parse (js-yaml), pair and check every object, print the JSON report. Inputs are copies of dist/\'s objects, one namespace per copy.');
    L.push('');
    L.push(row(['Input', 'Size (MB)', 'Objects', 'Runs', 'Wall median (s)', 'Wall max (s)', 'CPU median (s)', 'Peak RSS (MB)']));
    L.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const c of check) {
      const wall = c.samples.map((s) => s.wallMs);
      L.push(row([c.label, (c.bytes / 1e6).toFixed(2), c.objects, wall.length, sec(median(wall)), sec(Math.max(...wall)), sec(median(c.samples.map((s) => s.cpuMs))), mb(Math.max(...c.samples.map((s) => s.rssKiB)))]));
      const t = median(wall) / 1000;
      verdict(`check, ${c.label} (median wall)`, `<= ${c.limit} s`, `${t.toFixed(2)} s`, t <= c.limit);
    }
    L.push('');
  }

  if (plan) {
    const wall = plan.samples.map((s) => s.wallMs);
    L.push('## `cdk8s-zero-downtime plan`');
    L.push('');
    L.push(`The same bundled bin, \`plan --format json\` on ${plan.deployments} Deployments (copies of dist/'s sites, one namespace per copy, each with a ResourceQuota and a LimitRange): ${(plan.bytes / 1e6).toFixed(2)} MB of YAML, ${wall.length} runs, wall median ${sec(median(wall))} s (max ${sec(Math.max(...wall))} s), CPU median ${sec(median(plan.samples.map((s) => s.cpuMs)))} s, peak RSS ${mb(Math.max(...plan.samples.map((s) => s.rssKiB)))} MB.`);
    L.push('');
    const t = median(wall) / 1000;
    verdict(`plan, ${plan.deployments} Deployments (median wall)`, `<= ${TARGETS.plan1000Seconds} s`, `${t.toFixed(2)} s`, t <= TARGETS.plan1000Seconds);
  }

  if (hostile) {
    L.push('## Hostile input (`cdk8s-zero-downtime check`)');
    L.push('');
    L.push('The same bundled bin, `check <file>`, on input that must end quickly with its result or an input problem (exit 2), within bounded memory (bench/hostile-inputs.mjs; the limits: README.md, "Limits of the input", and lib/cli/input-limits.ts). The last column is the line it ends with (paths shortened).');
    L.push('');
    L.push(row(['Input', 'Size', 'Runs', 'Wall median (s)', 'Wall max (s)', 'CPU median (s)', 'Peak RSS (MB)', 'Exit', 'Output']));
    L.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---']));
    for (const c of hostile) {
      const wall = c.samples.map((s) => s.wallMs);
      const message = (c.message ?? '').replace(/\S*\/hostile\//g, '').replace(/\|/g, '\\|');
      const size = c.bytes >= 1e6 ? `${(c.bytes / 1e6).toFixed(2)} MB` : `${c.bytes.toLocaleString('en-US')} bytes`;
      L.push(row([c.label, size, wall.length, sec(median(wall)), sec(Math.max(...wall)), sec(median(c.samples.map((s) => s.cpuMs))), mb(Math.max(...c.samples.map((s) => s.rssKiB))), c.codes.join(' or '), `\`${message}\``]));
      const t = median(wall) / 1000;
      const rss = mb(Math.max(...c.samples.map((s) => s.rssKiB)));
      const [seconds, rssMB] = c.key === 'large' ? [TARGETS.hostileLargeSeconds, TARGETS.hostileLargeRssMB] : [TARGETS.hostileRefuseSeconds, TARGETS.hostileRefuseRssMB];
      verdict(`check, ${c.label} (median wall)`, `<= ${seconds} s`, `${t.toFixed(2)} s`, t <= seconds);
      verdict(`check, ${c.label} (peak RSS)`, `<= ${rssMB} MB`, `${rss} MB`, rss <= rssMB);
    }
    L.push('');
  }

  if (charts) {
    L.push(`## Charts: one website per chart (\`node scripts/run-ts.cjs ${CHARTS_APP}\`)`);
    L.push('');
    L.push('A platform team\'s app with one chart (one namespace, one output file) per site; every site has a Deployment, Service, PodDisruptionBudget and NetworkPolicy. `ZeroDowntimeApp.synth()` validates the app once and writes each chart as `App.synth()` does; cdk8s\'s `App.synth()` renders each chart with `Chart.toJson()`, which validates the whole app again (quadratic), measured once for comparison. Both write byte-identical files (checked here and in test/synth-app.test.ts).');
    L.push('');
    L.push(row(['Charts', 'Synth', 'Objects', 'Runs', 'Wall median (s)', 'Wall min (s)', 'Wall max (s)', 'CPU median (s)', 'Peak RSS (MB)']));
    L.push(row(['---:', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const c of charts) {
      const wall = c.samples.map((s) => s.wallMs);
      L.push(row([c.charts, `\`${c.synth}\``, c.objects, wall.length, sec(median(wall)), sec(Math.min(...wall)), sec(Math.max(...wall)), sec(median(c.samples.map((s) => s.cpuMs))), mb(Math.max(...c.samples.map((s) => s.rssKiB)))]));
    }
    L.push('');
    const ours = (n) => charts.find((c) => c.charts === n && c.synth === 'ZeroDowntimeApp');
    const theirs = charts.find((c) => c.synth === 'App');
    const [small, large] = CHART_SIZES.map(ours);
    if (small && large) {
      L.push(`t(${large.charts})/t(${small.charts}) = **${(median(large.samples.map((s) => s.wallMs)) / median(small.samples.map((s) => s.wallMs))).toFixed(2)}** with ZeroDowntimeApp (linear gives about ${large.charts / small.charts}, less with the fixed start-up cost).`);
    }
    if (small && theirs) {
      L.push(`${small.charts} charts: ${sec(median(small.samples.map((s) => s.wallMs)))} s with ZeroDowntimeApp, ${sec(median(theirs.samples.map((s) => s.wallMs)))} s with a plain App.`);
    }
    L.push('');
    if (small) {
      const t = median(small.samples.map((s) => s.wallMs)) / 1000;
      verdict(`${small.charts} one-site charts, ZeroDowntimeApp (median wall)`, `<= ${TARGETS.charts1000Seconds} s`, `${t.toFixed(2)} s`, t <= TARGETS.charts1000Seconds);
    }
  }

  if (engine) {
    L.push(`## Engine: ${ENGINE_SITES.toLocaleString('en-US')} websites in ${ENGINE_SITES / ENGINE_SITES_PER_CHART} charts of a plain \`App\` (\`node scripts/run-ts.cjs ${SCALE_APP}\`)`);
    L.push('');
    L.push(`The scale app with ${ENGINE_SITES_PER_CHART} sites per chart, \`app.synth()\` of a plain cdk8s \`App\` (which validates the whole app once per chart). ${opts.runs} interleaved rounds after one warm-up each; ratios are the median of each round's ratio.`);
    L.push('');
    L.push(row(['Variant', 'Objects', 'Runs', 'Wall median (s)', 'Wall min (s)', 'Wall max (s)', 'CPU median (s)', 'Peak RSS (MB)']));
    L.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const v of engine) {
      const wall = v.samples.map((s) => s.wallMs);
      L.push(row([v.label, v.objects, wall.length, sec(median(wall)), sec(Math.min(...wall)), sec(Math.max(...wall)), sec(median(v.samples.map((s) => s.cpuMs))), mb(Math.max(...v.samples.map((s) => s.rssKiB)))]));
    }
    L.push('');
    const [on, off, baseline] = ['on', 'off', 'baseline'].map((k) => engine.find((v) => v.key === k));
    const share = pairedRatio(on, off, 'wallMs');
    L.push(`With the engine / without: **${share.toFixed(3)}** on wall time (CPU: ${pairedRatio(on, off, 'cpuMs').toFixed(3)}).${baseline ? ` Now / at ${BASELINE_COMMIT}: **${pairedRatio(on, baseline, 'wallMs').toFixed(3)}** on wall time (CPU: ${pairedRatio(on, baseline, 'cpuMs').toFixed(3)}).` : ` No baseline: commit ${BASELINE_COMMIT} is not in this clone.`}`);
    L.push('');
    verdict(`${ENGINE_SITES} sites in ${ENGINE_SITES / ENGINE_SITES_PER_CHART} charts of an App: with the engine / without (wall)`, `<= ${TARGETS.engineShare}`, share.toFixed(3), share <= TARGETS.engineShare);
    if (baseline) {
      const ratio = pairedRatio(on, baseline, 'wallMs');
      verdict(`the same synth now / at ${BASELINE_COMMIT} (wall)`, `<= ${TARGETS.baselineRatio}`, ratio.toFixed(3), ratio <= TARGETS.baselineRatio);
    }
  }

  if (test) {
    const t = test.wallMs / 1000;
    verdict('`npm test` (jest), one run', `< ${TARGETS.testSeconds} s, exit 0`, `${t.toFixed(2)} s, exit ${test.code}`, test.code === 0 && t < TARGETS.testSeconds);
  }

  L.push('## Targets');
  L.push('');
  L.push(row(['Target', 'Limit', 'Measured', 'Result']));
  L.push(row(['---', '---', '---', '---']));
  for (const v of verdicts) L.push(row([v.name, v.limit, v.measured, v.pass ? 'PASS' : '**FAIL**']));
  L.push('');

  L.push('## Method');
  L.push('');
  L.push('- Every measured synth is a fresh `node` child process started by bench/run.mjs with `process.execPath` and the absolute path of scripts/run-ts.cjs (our path: the very command `npm run synth` runs), of the CLI script of tsx or ts-node from node_modules, or, for the previous-runner row, `--require` with the absolute path of `tsx/cjs` (no npx, no shell; the scripts/synth.mjs and npm rows run the app in the process of the synth command, as `npm run synth` does). Wall time runs from spawn to exit; cdk8s writes the manifests synchronously before the app exits, into a fresh temp `CDK8S_OUTDIR`.');
  L.push(`- Scale: one warm-up run per size (checks one file per chart and one Deployment per site), then ${opts.runs} measured runs (3 when the warm-up took over ${SLOW_WARMUP_MS / 1000} s); median, min and max of wall time. Our path runs with its bundle cache off: every run bundles the app anew.`);
  L.push('- CPU time: user + system time of the run\'s Node processes (for the tsx CLI row: the CLI and the app process it starts). It varies less than wall time when other work shares the machine. The esbuild binary that run-ts.cjs starts for its bundle step is a Go process, not Node: its CPU time and memory are not in the CPU and RSS columns (its time is in the wall time).');
  L.push('- Peak RSS: each Node process preloads bench/report-rss.cjs (`NODE_OPTIONS=--require`), which records its own `process.resourceUsage().maxRSS` (getrusage) at exit; the figure is the largest process (the app), as GNU `time -f %M` reports. 1 MB = 10^6 bytes.');
  L.push('- Example app: our path (`node scripts/run-ts.cjs main.ts`: esbuild bundles the app\'s own TypeScript, npm packages external, transpile only, and Node runs the bundle in the same process; type errors fail `npm run typecheck` and `npm run build` instead) against plain ts-node with the project tsconfig, which type-checks the program on every run. The previous runner (`node --require tsx/cjs`) and the tsx CLI rows are measured for comparison only.');
  L.push('- `npm test`: one run of `npm test` (jest with one worker per core; the type-check is `npm run typecheck`, a separate CI step) after the synth measurements, with whatever jest transform cache this machine has (warm after any earlier run; a fresh clone on a machine that never ran the tests starts with an empty one). Its pass/fail and time are a report, not a test: nothing fails because a machine is slow.');
  L.push('- Runs are sequential; nothing else of the benchmark runs meanwhile. Figures are from one machine and vary with its load (see the load average above).');
  L.push('');
  return { text: L.join('\n'), verdicts };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const tsxCli = binOf('tsx');
  const tsNodeBin = binOf('ts-node', 'ts-node');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-bench-'));
  const load = { start: os.loadavg()[0], end: 0 };
  progress(`${os.cpus().length} cores, Node ${process.version}; temp dir ${work}`);

  const scale = opts.only.has('scale') ? await benchScale(opts.sizes, opts.runs) : [];
  let example;
  if (opts.only.has('example')) {
    progress('example app: node scripts/run-ts.cjs, scripts/synth.mjs, node --require tsx/cjs, tsx CLI, ts-node');
    example = await benchExample(tsxCli, tsNodeBin, opts.exampleRuns);
  }
  let check;
  if (opts.only.has('check')) {
    progress('check: 2 MB file, 10,000 objects');
    check = await benchCheck(opts.runs);
  }
  let plan;
  if (opts.only.has('plan')) {
    progress('plan: 1,000 Deployments');
    plan = await benchPlan(opts.runs);
  }
  let hostile;
  if (opts.only.has('hostile')) {
    progress('hostile input: 50 MB, 100,000-deep nesting, alias bomb, binary, 1 GiB, 10,000 empty documents');
    hostile = await benchHostile(opts.runs);
  }
  let charts;
  if (opts.only.has('charts')) {
    progress(`charts: ${CHART_SIZES.join(', ')} one-site charts in a ZeroDowntimeApp, ${CHART_SIZES[0]} in a plain App`);
    charts = await benchCharts(opts.runs);
  }
  let engine;
  if (opts.only.has('engine')) {
    progress(`engine: ${ENGINE_SITES} sites in ${ENGINE_SITES / ENGINE_SITES_PER_CHART} charts of an App, with and without the engine, and at ${BASELINE_COMMIT}`);
    engine = await benchEngine(opts.runs);
  }
  let test;
  if (opts.test && opts.only.has('test')) {
    progress('npm test');
    test = await benchTest();
  }
  load.end = os.loadavg()[0];

  const { text, verdicts } = report({ opts, scale, example, check, plan, hostile, charts, engine, test, load });
  process.stdout.write(`${text}\n`);
  const failed = verdicts.filter((v) => !v.pass);
  process.stdout.write(failed.length === 0 ? 'bench: all targets PASS\n' : `bench: FAIL: ${failed.map((v) => v.name).join('; ')}\n`);
  if (opts.write) {
    fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), `${text}`);
    progress('wrote BENCHMARKS.md');
  }
  if (opts.check && failed.length > 0) process.exitCode = 3;
}

main()
  .catch((e) => {
    process.stderr.write(`bench: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 1;
  })
  .finally(cleanup);
