/**
 * Helpers shared by scripts/synth.mjs and scripts/check-dist.mjs: the default app command, quoting,
 * and deterministic file listings.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The default app command: this Node with tsx's CommonJS require hook, `node --require tsx/cjs main.ts`
 * (one process; the tsx CLI would start a second Node and an ESM loader worker, ~0.3 s more). Both
 * paths are absolute and quoted, so neither PATH nor the working directory picks another node or tsx.
 * Falls back to `npx --no-install tsx main.ts` when tsx is not installed in this repo.
 */
export function defaultAppCommand() {
  let hook;
  try {
    hook = createRequire(path.join(REPO_ROOT, 'package.json')).resolve('tsx/cjs');
  } catch {
    return 'npx --no-install tsx main.ts';
  }
  return `${shellQuote(process.execPath)} --require ${shellQuote(hook)} main.ts`;
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
