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
 * Without --app (the repository's own app, main.ts), the app runs in this same Node process, not as
 * a child (scripts/lib/synth-in-process.ts, through scripts/run-ts.cjs): one Node start-up less
 * (~0.1 s), and only synth's own modules are loaded (not commander, check, plan or verify). The staging,
 * comparison, transition rules, swap and report are still the command's (`synthesize` of
 * lib/cli/synth-output.ts), with the same output and exit codes: an app that throws, exits
 * (`process.exit`) or is interrupted (Ctrl-C, exit 130) leaves dist/ unchanged and no staging
 * directory behind. With --app (or --help), the command runs as above and starts the app as a child.
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
import { runCommand, synthDefaultApp } from './lib/app.mjs';

const args = process.argv.slice(2);
if (!synthDefaultApp(args)) runCommand(['synth'], args);
