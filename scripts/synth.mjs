#!/usr/bin/env node
/**
 * `npm run synth` — render the cdk8s app into dist/ without ever half-writing dist/.
 *
 * This is the package's own `cdk8s-zero-downtime synth` (lib/cli/synth-command.ts and
 * lib/cli/synth-output.ts), run from this repository's TypeScript sources: the same code a
 * consumer gets with the package, so the repository and its users cannot drift apart. It renders
 * into a staging directory next to dist/ and replaces dist/ only when the whole app succeeded; a
 * failing app leaves dist/ byte-for-byte unchanged (`cdk8s-zero-downtime synth: failed: dist/ left
 * unchanged`); files of charts that no longer exist are removed; the report lists added (+), changed
 * (~) and removed (-) files. See `node scripts/synth.mjs --help`.
 *
 * Usage: node scripts/synth.mjs [--app "<command>"] [--out <dir>]
 *   --app  command that runs the cdk8s app (default: `node scripts/run-ts.cjs main.ts`, with this
 *          Node and the script as absolute paths, so neither PATH nor the working directory can pick
 *          another Node). Run through the shell, in the current directory, with CDK8S_OUTDIR set.
 *   --out  output directory (default: dist), relative to the current directory.
 * Exit codes: 0 success; the app's exit code when it fails (1 when it wrote nothing or the swap
 * failed; 128+signal when it was killed or we were interrupted); 2 bad usage.
 *
 * Plain Node ESM with only built-in modules (and esbuild, through run-ts.cjs).
 */
import { runCommand } from './lib/app.mjs';

runCommand(['synth'], process.argv.slice(2));
