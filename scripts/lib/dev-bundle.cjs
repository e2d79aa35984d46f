'use strict';
/**
 * One definition of how this repository bundles its own TypeScript for a run (the app in
 * scripts/run-ts.cjs, the command for the tests and the bench): esbuild, transpile only, npm packages
 * external (Node loads them from node_modules as usual), this Node's major version as the target, an
 * inline source map. Bundles live in node_modules/.cache/cdk8s-zero-downtime so that their require()
 * calls find the npm packages. The shipped command is bundled differently (scripts/bundle-cli.mjs).
 */
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/** Where run bundles are written. */
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'cdk8s-zero-downtime');

/** esbuild options bundling `entry`; `extra` adds or overrides (e.g. `outfile`, `write: false`). */
function devBundleOptions(entry, extra = {}) {
  return {
    entryPoints: [entry],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'error',
    ...extra,
  };
}

/** Bundles `entry` into `CACHE_DIR/<name>` and returns the file's path. */
function writeDevBundle(entry, name) {
  const outfile = path.join(CACHE_DIR, name);
  require('esbuild').buildSync(devBundleOptions(entry, { outfile }));
  return outfile;
}

module.exports = { CACHE_DIR, devBundleOptions, writeDevBundle };
