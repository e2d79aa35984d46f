/**
 * What scripts/synth.mjs and scripts/check-dist.mjs share: run this repository's
 * `cdk8s-zero-downtime` command from its TypeScript sources with the repository's defaults.
 * The commands themselves (staging, swap, comparison, reports) are the package's, in lib/cli;
 * nothing of them is repeated here (`synthDefaultApp` runs the app in this process, the rest is
 * lib/cli's `synthesize`).
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

const require = createRequire(import.meta.url);

/**
 * `synth` of this repository's own app (`args` without --app): `cdk8s-zero-downtime synth --app
 * <default> --out <dir>` with the app run in this very process, not as a child (one Node start-up less):
 * scripts/lib/synth-in-process.ts. Returns false, doing nothing, for every other `args` (--app,
 * --help, anything the command must parse or refuse): then run the command (`runCommand`).
 */
export function synthDefaultApp(args) {
  const out = plainOut(args);
  if (out === undefined) return false;
  const { loadTs, runTs, INTERRUPTED } = require('../run-ts.cjs');
  let synthInProcess;
  try {
    ({ synthInProcess } = loadTs(path.join(REPO_ROOT, 'scripts', 'lib', 'synth-in-process.ts')));
  } catch {
    return false; // it does not build (esbuild has said why): the command says it again, or runs
  }
  const entry = path.resolve('main.ts');
  return synthInProcess({ out, app: defaultAppCommand(), runApp: () => runTs(entry, [], { interruptible: true }), interrupted: INTERRUPTED });
}

/** The output directory of `args` when they are nothing but an optional `--out <dir>` (default dist). */
function plainOut(args) {
  if (args.length === 0) return 'dist';
  const out = args.length === 1 ? /^--out=(.+)$/s.exec(args[0])?.[1] : args.length === 2 && args[0] === '--out' ? args[1] : undefined;
  return out !== undefined && out.trim() !== '' && !out.startsWith('-') ? out : undefined;
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
  const { runTs } = require('../run-ts.cjs');
  if (runTs(path.join(REPO_ROOT, 'lib', 'cli', 'main.ts'), cliArgs) !== 0) process.exit(1);
}
