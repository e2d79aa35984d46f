#!/usr/bin/env node
/**
 * `npm run synth` — render the cdk8s app into dist/ without ever half-writing dist/.
 *
 * This is the package's own `cdk8s-zero-downtime synth` (lib/cli/synth-command.ts and
 * lib/internal/synth-output.ts), run from this repository's TypeScript sources: the same code a
 * consumer gets with the package, so the repository and its users cannot drift apart. It renders
 * into a staging directory next to dist/ and replaces dist/ only when the whole app succeeded; a
 * failing app leaves dist/ byte-for-byte unchanged and prints `synth failed: dist/ left unchanged`;
 * files of charts that no longer exist are removed; the report lists added (+), changed (~) and
 * removed (-) files. See `node scripts/synth.mjs --help`.
 *
 * How it runs: scripts/run-ts.cjs bundles lib/cli/main.ts with esbuild and runs it in this same Node
 * process (so signals reach the command directly: Ctrl-C stops the app's whole process group and
 * leaves dist/ as it was, exit 130), with the arguments `synth --app <app> --out <dir>`.
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
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { defaultAppCommand, REPO_ROOT } from './lib/app.mjs';

const args = process.argv.slice(2);
const given = (name) => args.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const help = args.includes('-h') || args.includes('--help');
const cliArgs = [
  'synth',
  ...(given('app') || help ? [] : ['--app', defaultAppCommand()]),
  ...(given('out') || help ? [] : ['--out', 'dist']),
  ...args,
];

// run-ts.cjs reads its entry from argv[2] and runs it with argv = [node, <entry>, ...rest].
process.argv = [process.argv[0], path.join(REPO_ROOT, 'scripts', 'run-ts.cjs'), path.join(REPO_ROOT, 'lib', 'cli', 'main.ts'), ...cliArgs];
createRequire(import.meta.url)('./run-ts.cjs');
