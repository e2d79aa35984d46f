import { spawn } from 'child_process';
import * as path from 'path';

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

/**
 * Runs `cdk8s-zero-downtime <args>` as a real process (see `cliArgs`), with `input` on stdin and `env` added to
 * this process's environment. The packed bin is run by
 * scripts/test-package.sh.
 */
export function runCli(args: readonly string[], options: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs(), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, FORCE_COLOR: '0', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
