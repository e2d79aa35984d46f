#!/usr/bin/env node
/**
 * `npm test` — the type-check (`tsc --noEmit -p tsconfig.json`) and jest, run at the same time.
 *
 * Why: run one after the other they take the sum of both (tsc ~6 s, then jest); side by side the
 * type-check fits in the time jest spends starting its workers and in dist-scripts.test.ts waiting for
 * its child processes. The result is the same as `npm run typecheck && jest`: exit 0 only when both
 * pass, and a type error fails `npm test` even when every test passes (jest only transpiles).
 *
 * Output: jest's output streams through as it runs (it is the long one); tsc's is collected and
 * printed once jest has finished, so the two never interleave. The last lines are a summary of both,
 * naming what failed.
 *
 * Usage: node scripts/test.mjs [jest arguments...]   (e.g. `npm test -- -t "dist/"`; the type-check
 * always covers the whole project). Exit code: 0 when both pass; else jest's exit code if jest
 * failed, 2 if only the type-check failed; 128+n when interrupted by signal n.
 *
 * Plain Node ESM with only built-in modules.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));

/** Absolute path of a package's bin script (no .bin shims, no npx: `process.execPath` runs it). */
function binOf(pkg, name) {
  const json = require(`${pkg}/package.json`);
  const rel = typeof json.bin === 'string' ? json.bin : json.bin[name];
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), rel);
}

const started = process.hrtime.bigint();
const seconds = (t) => (Number(t - started) / 1e9).toFixed(1);
const children = new Set();

/** Runs `node <args>` in the repo root; resolves with its exit code/signal and elapsed time. */
function run(args, { capture }) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  children.add(child);
  const chunks = [];
  if (capture) {
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
  }
  return new Promise((resolve) => {
    child.on('error', (error) => {
      children.delete(child);
      resolve({ code: 1, output: `could not start: ${error.message}\n`, at: process.hrtime.bigint() });
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, output: Buffer.concat(chunks).toString('utf8'), at: process.hrtime.bigint() });
    });
  });
}

let interrupted;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted ??= signal;
    for (const child of children) child.kill(signal);
  });
}

// Incremental: the type-check keeps its build info in node_modules/.cache, so a run after a small
// change re-checks only what the change affects (a fresh clone checks everything once).
const tsBuildInfo = path.join(ROOT, 'node_modules', '.cache', 'cdk8s-zero-downtime', 'typecheck.tsbuildinfo');
const tsc = run([binOf('typescript', 'tsc'), '--noEmit', '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', tsBuildInfo, '--pretty', String(Boolean(process.stdout.isTTY))], {
  capture: true,
});
const jest = run([binOf('jest', 'jest'), ...process.argv.slice(2)], { capture: false });
const [t, j] = await Promise.all([tsc, jest]);

const failed = (r) => r.signal || r.code !== 0;
const status = (r) => (r.signal ? `killed by ${r.signal}` : r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`);
const out = [];
if (t.output.trim() !== '') {
  out.push('', '── type-check (tsc --noEmit -p tsconfig.json) ──', t.output.trimEnd());
}
out.push(
  '',
  `test: type-check ${status(t)} in ${seconds(t.at)} s; jest ${status(j)} in ${seconds(j.at)} s`,
);
if (failed(t)) out.push('test: FAILED: the type-check found errors (listed above); fix them, or run `npm run typecheck`');
if (failed(j)) out.push('test: FAILED: jest failed (see its report above)');
process.stdout.write(`${out.join('\n')}\n`);

if (interrupted) process.exitCode = 128 + (os.constants.signals[interrupted] ?? 0);
else if (failed(j)) process.exitCode = j.code || 1;
else if (failed(t)) process.exitCode = 2;
