/**
 * Helpers of scripts/check-dist.mjs (and the default app command of scripts/synth.mjs): the default
 * app command, quoting, and deterministic file listings. The synth itself (staging, swap, report) is
 * the package's `cdk8s-zero-downtime synth`, in lib/internal/synth-output.ts.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The default app command: `node scripts/run-ts.cjs main.ts` with this Node, both paths absolute and
 * quoted (neither PATH nor the working directory can pick another node). run-ts bundles the app's
 * TypeScript with esbuild (transpile only) and runs it in one process.
 */
export function defaultAppCommand() {
  return `${shellQuote(process.execPath)} ${shellQuote(path.join(REPO_ROOT, 'scripts', 'run-ts.cjs'))} main.ts`;
}

/** Quotes one shell word. */
export function shellQuote(s) {
  if (process.platform === 'win32') return `"${s}"`;
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A path for humans: relative to the cwd when inside it, absolute otherwise; always `/`. */
export function display(p) {
  const rel = path.relative(process.cwd(), p);
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
  return shown.split(path.sep).join('/');
}

/** Plain code-unit order (not localeCompare), so listings are the same on every machine. */
export const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Every regular file under `dir`, as sorted `/`-separated relative paths ([] if `dir` is missing). */
export function listFiles(dir) {
  const out = [];
  const walk = (abs, rel) => {
    let entries;
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      if ((e.code === 'ENOENT' || e.code === 'ENOTDIR') && rel === '') return;
      throw e;
    }
    for (const e of entries) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      const childAbs = path.join(abs, e.name);
      if (e.isDirectory()) walk(childAbs, childRel);
      else if (e.isFile() || (e.isSymbolicLink() && fs.statSync(childAbs).isFile())) out.push(childRel);
    }
  };
  walk(dir, '');
  return out.sort(byCodeUnit);
}

/** The exit code of a process killed by `signal` (128 + its number), as shells report it. */
export function signalExitCode(signal) {
  const n = os.constants.signals[signal];
  return n ? 128 + n : 1;
}

/** Prints `<tool>: <msg>` and the usage line, then exits 64 (bad arguments). */
export function exitWithUsage(tool, usage, msg) {
  process.stderr.write(`${tool}: ${msg}\n${usage}\n`);
  process.exit(64);
}

/**
 * Parses `--name <value>`, `--name=<value>` and `--help` for a script whose options all take a value.
 * `defaults` names the options (and their defaults); anything else exits 64 with the usage line.
 */
export function parseOptions(argv, defaults, tool, usage) {
  const fail = (msg) => exitWithUsage(tool, usage, msg);
  const opts = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m || !Object.prototype.hasOwnProperty.call(defaults, m[1])) fail(`unknown argument: ${arg}`);
    const value = m[2] !== undefined ? m[2] : argv[++i];
    if (value === undefined || value === '') fail(`--${m[1]} needs a value`);
    opts[m[1]] = value;
  }
  return opts;
}

/**
 * Runs the app command through the shell with CDK8S_OUTDIR=outdir, in its own process group so that an
 * interrupt (SIGINT, SIGTERM, SIGHUP) stops all of it (the shell and every process the command starts),
 * not just the shell; a second interrupt kills it. `stdout` is where the app's stdout goes.
 * Resolves with {code, signal, error, interrupted}.
 */
export function runApp(command, outdir, stdout = 'inherit') {
  const child = spawn(command, {
    shell: true,
    detached: process.platform !== 'win32',
    stdio: ['ignore', stdout, 'inherit'],
    env: { ...process.env, CDK8S_OUTDIR: outdir },
  });
  let interrupted;
  const killApp = (signal) => {
    try {
      if (process.platform !== 'win32') process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      /* already gone */
    }
  };
  const onSignal = (signal) => {
    if (interrupted) return killApp('SIGKILL');
    interrupted = signal;
    killApp(signal);
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, onSignal);
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ error, interrupted }));
    child.on('exit', (code, signal) => resolve({ code, signal, interrupted }));
  });
}
