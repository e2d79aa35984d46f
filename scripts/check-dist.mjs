#!/usr/bin/env node
/**
 * `npm run check:dist` — fail when the committed dist/ is not exactly what the app renders now.
 *
 * This is the package's own `cdk8s-zero-downtime synth --check` (lib/cli/synth-command.ts and
 * lib/cli/synth-check.ts), run from this repository's TypeScript sources, as scripts/synth.mjs runs
 * `synth`: it renders the app into a temporary directory (dist/ and the work tree are never touched)
 * and compares it with dist/ file by file, byte by byte, listing the files to add (+), remove (-) and
 * update (~, with a short diff). See `node scripts/check-dist.mjs --help`.
 *
 * Usage: node scripts/check-dist.mjs [--app "<command>"] [--out <dir>]
 *   --app  command that runs the cdk8s app (default: `node scripts/run-ts.cjs main.ts`, as npm run synth)
 *   --out  the committed output directory to check (default: dist)
 * Exit codes: 0 dist/ is up to date; 1 dist/ is stale (fix: npm run synth, then commit dist/); 2 bad
 * usage, or the app failed (dist/ was not checked); 128+n interrupted.
 *
 * Plain Node ESM with only built-in modules (and esbuild, through run-ts.cjs).
 */
import { runCommand, shellQuote } from './lib/app.mjs';

const args = process.argv.slice(2);
// The fix the report names: npm run synth with the same arguments.
const fix = ['npm run synth', ...(args.length > 0 ? ['--', ...args.map(shellQuote)] : [])].join(' ');
runCommand(['synth', '--check', '--fix-command', fix], args);
