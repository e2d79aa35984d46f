#!/usr/bin/env node
/**
 * Runs a TypeScript cdk8s app fast: `node scripts/run-ts.cjs main.ts`.
 *
 * esbuild bundles the app's own TypeScript (main.ts, examples/, lib/, imports/) into one CommonJS file
 * — transpile only, no type check: `npm run typecheck` and `npm run build` type-check — and Node runs it. npm
 * packages stay external, loaded by Node as usual. Compared with a require hook (tsx), nothing is
 * intercepted at run time, which saves about 0.1 s per synth; compared with ts-node, which type-checks
 * on every run, it is about 6 times faster (BENCHMARKS.md).
 *
 * The bundle is written to node_modules/.cache/cdk8s-zero-downtime/ (removed after the run) with an
 * inline source map; it is reused while the files it was built from are unchanged (scripts/lib/dev-bundle.cjs). Stack traces point at the .ts files, not at the bundle, at no cost to a run that
 * does not fail: the frames of the bundle are mapped through its source map only when a stack trace is
 * printed (Node's own `--enable-source-maps` parses the maps of every module it loads, ~0.1 s per run;
 * when it is on, it does the mapping instead). An error thrown while the app runs is printed as Node
 * prints it, stack mapped, and exits 1. The app sees `process.argv[1]` as its own .ts path.
 *
 * As a module, the same in-process path for scripts/synth.mjs and scripts/lib/app.mjs: `runTs` runs an
 * app in the calling process (returning instead of exiting), `loadTs` bundles a module and returns its
 * exports.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { CACHE_DIR: cacheDir, devBundleCode } = require('./lib/dev-bundle.cjs');

const root = path.resolve(__dirname, '..');

/** The error `runTs` throws when Ctrl-C stopped the app (with `interruptible`). */
const INTERRUPTED = 'ERR_SCRIPT_EXECUTION_INTERRUPTED';

/**
 * Runs the TypeScript app `entry` in this process with `process.argv = [node, entry, ...args]` until
 * its synchronous part returns. Returns 0, or 1 when it did not build (esbuild has printed why) or
 * threw an Error (printed as Node prints an uncaught error, the stack mapped into the .ts sources;
 * anything else thrown is rethrown). With
 * `interruptible`, Ctrl-C (SIGINT) stops even a busy app: `runTs` then throws an error whose `code`
 * is `ERR_SCRIPT_EXECUTION_INTERRUPTED` (vm's `breakOnSigint`: the process's own SIGINT listeners
 * are held back meanwhile). Node loses a SIGINT that arrives while vm's watchdog stops, at the very
 * end of the synchronous part (a few milliseconds): a second Ctrl-C then stops the run.
 */
function runTs(entry, args = [], { interruptible = false } = {}) {
  let code;
  try {
    code = devBundleCode(entry);
  } catch (error) {
    // esbuild has printed the syntax errors; anything else (esbuild is not installed) is said here.
    if (!Array.isArray(error && error.errors)) process.stderr.write(`run-ts: ${error && error.message}\n`);
    return 1;
  }
  process.argv = [process.argv[0], entry, ...args];
  try {
    requireBundle(entry, code, interruptible);
  } catch (error) {
    if (interruptible && error && error.code === INTERRUPTED) throw error;
    if (!(error instanceof Error)) throw error;
    // As Node prints an uncaught error, without the line of the bundle it would show above it.
    process.stderr.write(`${error.stack}\n\nNode.js ${process.version}\n`);
    return 1;
  }
  return 0;
}

/** The exports of the TypeScript module `entry`, bundled (and cached) as `runTs` bundles an app. */
function loadTs(entry) {
  return requireBundle(entry, devBundleCode(entry), false);
}

/**
 * Writes `code` (the bundle of `entry`) into the cache directory, requires it (stack traces of its
 * frames mapped into the sources) and removes the file again, also when it throws.
 */
function requireBundle(entry, code, interruptible) {
  const outfile = path.join(cacheDir, `${path.relative(root, entry).replace(/[^A-Za-z0-9._-]+/g, '_')}.${process.pid}.cjs`);
  mapStackTraces(outfile, code);
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(outfile, code);
  try {
    if (!interruptible) return require(outfile);
    // vm stops only the script it runs: the script is a call of require, passed through a symbol.
    const key = Symbol.for('cdk8s-zero-downtime.run-ts');
    globalThis[key] = () => require(outfile);
    try {
      return require('vm').runInThisContext('globalThis[Symbol.for("cdk8s-zero-downtime.run-ts")]()', { breakOnSigint: true, displayErrors: false });
    } finally {
      delete globalThis[key];
    }
  } finally {
    fs.rmSync(outfile, { force: true });
  }
}

/** Bundle file -> its code, for the bundles whose stack frames are mapped. */
const mapped = new Map();

/**
 * Formats stack traces as V8 does, with the frames of `bundle` mapped to the .ts sources through the
 * bundle's inline source map, parsed the first time a stack trace is formatted. Does nothing when
 * Node maps them itself (`--enable-source-maps`) or another formatter is installed.
 */
function mapStackTraces(bundle, bundleCode) {
  if (mapped.size > 0) {
    mapped.set(bundle, { code: bundleCode });
    return;
  }
  const sourceMapsOn = process.execArgv.includes('--enable-source-maps') || /(^|\s)--enable-source-maps(\s|$)/.test(process.env.NODE_OPTIONS || '');
  // Node 20 installs its own default formatter (ErrorPrepareStackTrace); a custom one is left alone.
  const defaultFormatter = Error.prepareStackTrace === undefined || Error.prepareStackTrace.name === 'ErrorPrepareStackTrace';
  if (sourceMapsOn || !defaultFormatter) return;
  mapped.set(bundle, { code: bundleCode });
  const sourceMap = (b) => {
    const m = mapped.get(b);
    if (m.map !== undefined) return m.map; // undefined: not parsed yet; null: unusable
    m.map = null;
    try {
      const found = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(m.code);
      if (found) m.map = new (require('module').SourceMap)(JSON.parse(Buffer.from(found[1], 'base64').toString('utf8')));
    } catch {
      // no mapping: the bundle's own positions are shown
    }
    return m.map;
  };
  const mapFrame = (frame) => {
    const text = frame.toString();
    const file = frame.getFileName();
    if (!mapped.has(file)) return text;
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    const entry = line && column ? sourceMap(file)?.findEntry(line - 1, column - 1) : undefined;
    if (!entry || entry.originalSource === undefined) return text;
    const source = path.resolve(path.dirname(file), entry.originalSource.replace(/^file:\/\//, ''));
    return text.replace(`${file}:${line}:${column}`, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
  };
  Error.prepareStackTrace = (error, frames) => {
    let header;
    try {
      header = Error.prototype.toString.call(error);
    } catch {
      header = '<error>';
    }
    return header + frames.map((f) => `\n    at ${mapFrame(f)}`).join('');
  };
}

function main() {
  const entryArg = process.argv[2];
  if (!entryArg) {
    process.stderr.write('usage: node scripts/run-ts.cjs <app.ts> [args...]\n');
    process.exit(64);
  }
  if (runTs(path.resolve(entryArg), process.argv.slice(3)) !== 0) process.exit(1);
}

if (require.main === module) main();

module.exports = { runTs, loadTs, INTERRUPTED };
