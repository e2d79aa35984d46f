import { spawn } from 'child_process';
import * as path from 'path';
import { Readable, Writable } from 'stream';

/** What a run of the command printed and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const ROOT = path.join(__dirname, '..', '..');

/**
 * Node arguments that run `cdk8s-zero-downtime`: the bundle jest's global setup made of lib/cli/main.ts
 * (test/support/tmpdir-setup.js), or, outside jest's setup, the sources through scripts/run-ts.cjs.
 */
export function cliArgs(): string[] {
  const bundle = process.env.CDK8S_ZD_CLI_BUNDLE;
  return bundle ? [bundle] : [path.join(ROOT, 'scripts', 'run-ts.cjs'), path.join(ROOT, 'lib', 'cli', 'main.ts')];
}

/** Options of `runNode`. */
export interface NodeRunOptions {
  /** Written to stdin, which is then closed. @default '' */
  readonly input?: string;
  /** @default the repository root */
  readonly cwd?: string;
  /** The whole environment of the process. @default this process's environment */
  readonly env?: NodeJS.ProcessEnv;
  /** Called with all of stdout so far on every chunk, and a function that sends the process SIGINT (Ctrl-C). */
  readonly onStdout?: (stdout: string, interrupt: () => void) => void;
}

/** Runs `node <argv>` as a real process with this Node, to its end: its exit code and both streams. */
export function runNode(argv: readonly string[], options: NodeRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...argv], { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      options.onStdout?.(stdout, () => child.kill('SIGINT'));
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Runs `cdk8s-zero-downtime <args>` as a real process (see `cliArgs`), with `input` on stdin and `env` added to
 * this process's environment. The packed bin is run by scripts/test-package.sh.
 */
export function runCli(
  args: readonly string[],
  options: { input?: string; cwd?: string; env?: Record<string, string>; onStdout?: NodeRunOptions['onStdout'] } = {},
): Promise<CliRun> {
  return runNode([...cliArgs(), ...args], { ...options, env: { ...process.env, FORCE_COLOR: '0', ...options.env } });
}

/**
 * Runs `cdk8s-zero-downtime <args>` in this process, through the same entry point as the bin
 * (`runCli` of lib/cli/program.ts), with `input` on stdin and an empty environment: for what the option
 * parser and the commands decide before anything runs (usage errors, unreadable input), and the
 * logic of `synth` (its app still runs as a process) in `cwd`. Exit codes, streams and signals of the
 * real process are tested with `runCli` above.
 */
export async function runCliInProcess(
  args: readonly string[],
  options: { input?: string; cwd?: string } = {},
): Promise<CliRun & { code: number }> {
  // Loaded on first use: most files that run the command as a process never load it here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require('../../lib/cli/program') as typeof import('../../lib/cli/program');
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (add(String(chunk)), done()) });
  const code = await program.runCli([...args], {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    stdin: Readable.from([options.input ?? '']),
    env: {},
    cwd: options.cwd,
  });
  return { code, stdout, stderr };
}
