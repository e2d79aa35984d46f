/**
 * Helpers shared by scripts/synth.mjs and scripts/check-dist.mjs: the default app command, quoting,
 * and deterministic file listings.
 */
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
