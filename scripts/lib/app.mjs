/**
 * What scripts/synth.mjs and scripts/check-dist.mjs share: run this repository's
 * `cdk8s-zero-downtime` command from its TypeScript sources with the repository's defaults.
 * The commands themselves (staging, swap, comparison, reports) are the package's, in lib/cli;
 * nothing of them is repeated here.
 */
import { createRequire } from 'node:module';
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

/**
 * Runs `cdk8s-zero-downtime <command...> [--app <default>] [--out dist] <args...>` from lib/cli/main.ts,
 * in this same Node process (scripts/run-ts.cjs bundles it with esbuild and runs it), so that signals
 * reach the command directly: Ctrl-C stops the app's whole process group, exit 130. The defaults are
 * added only when `args` does not give them (nor asks for --help).
 */
export function runCommand(command, args) {
  const given = (name) => args.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const help = args.includes('-h') || args.includes('--help');
  const cliArgs = [
    ...command,
    ...(given('app') || help ? [] : ['--app', defaultAppCommand()]),
    ...(given('out') || help ? [] : ['--out', 'dist']),
    ...args,
  ];
  // run-ts.cjs reads its entry from argv[2] and runs it with argv = [node, <entry>, ...rest].
  process.argv = [process.argv[0], path.join(REPO_ROOT, 'scripts', 'run-ts.cjs'), path.join(REPO_ROOT, 'lib', 'cli', 'main.ts'), ...cliArgs];
  createRequire(import.meta.url)('../run-ts.cjs');
}
