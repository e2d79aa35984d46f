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
 */
'use strict';
const fs = require('fs');
const path = require('path');

const entryArg = process.argv[2];
if (!entryArg) {
  process.stderr.write('usage: node scripts/run-ts.cjs <app.ts> [args...]\n');
  process.exit(64);
}
const entry = path.resolve(entryArg);
const { CACHE_DIR: cacheDir, devBundleCode } = require('./lib/dev-bundle.cjs');
const root = path.resolve(__dirname, '..');
const outfile = path.join(cacheDir, `${path.relative(root, entry).replace(/[^A-Za-z0-9._-]+/g, '_')}.${process.pid}.cjs`);

try {
  require.resolve('esbuild');
} catch {
  process.stderr.write('run-ts: esbuild is not installed; run `npm ci` first\n');
  process.exit(1);
}

let code;
try {
  code = devBundleCode(entry);
} catch {
  // esbuild has printed the syntax errors
  process.exit(1);
}

const sourceMapsOn = process.execArgv.includes('--enable-source-maps') || /(^|\s)--enable-source-maps(\s|$)/.test(process.env.NODE_OPTIONS || '');
// Node 20 installs its own default formatter (ErrorPrepareStackTrace); a custom one is left alone.
const defaultFormatter = Error.prepareStackTrace === undefined || Error.prepareStackTrace.name === 'ErrorPrepareStackTrace';
if (!sourceMapsOn && defaultFormatter) mapStackTraces(outfile, code);

fs.mkdirSync(cacheDir, { recursive: true });
fs.writeFileSync(outfile, code);
process.argv.splice(1, 2, entry);
let failure;
try {
  require(outfile);
} catch (error) {
  failure = { error };
} finally {
  fs.rmSync(outfile, { force: true });
}
if (failure) {
  if (!(failure.error instanceof Error)) throw failure.error;
  // As Node prints an uncaught error, without the line of the bundle it would show above it.
  process.stderr.write(`${failure.error.stack}\n\nNode.js ${process.version}\n`);
  process.exit(1);
}

/**
 * Formats stack traces as V8 does, with the frames of `bundle` mapped to the .ts sources through the
 * bundle's inline source map, parsed the first time a stack trace is formatted.
 */
function mapStackTraces(bundle, bundleCode) {
  let map; // undefined: not parsed yet; null: unusable
  const sourceMap = () => {
    if (map !== undefined) return map;
    map = null;
    try {
      const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(bundleCode);
      if (m) map = new (require('module').SourceMap)(JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')));
    } catch {
      // no mapping: the bundle's own positions are shown
    }
    return map;
  };
  const mapFrame = (frame) => {
    const text = frame.toString();
    if (frame.getFileName() !== bundle) return text;
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    const entry = line && column ? sourceMap()?.findEntry(line - 1, column - 1) : undefined;
    if (!entry || entry.originalSource === undefined) return text;
    const source = path.resolve(path.dirname(bundle), entry.originalSource.replace(/^file:\/\//, ''));
    return text.replace(`${bundle}:${line}:${column}`, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
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
