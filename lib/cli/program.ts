import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { registerCheck } from './check-command';
import { COMMAND_NAME } from './cli-errors';
import { ExitCode } from '../internal/exit-codes';
import { registerSynth } from './synth-command';
import { registerPlan } from './plan-command';
import { registerVerify } from './verify-command';
import { CliContext, CliIo } from './context';

export type { CliContext, CliIo } from './context';

/**
 * Builds the command-line program. Each subcommand lives in its own `*-command.ts` file and registers
 * itself here; it sets `ctx.exitCode` (see `ExitCode`) instead of calling `process.exit`, so that
 * output is flushed and tests can run it in-process too.
 */
function buildProgram(ctx: CliContext): Command {
  const program = new Command(COMMAND_NAME)
    .description('Zero-downtime checks for Kubernetes manifests: check rendered YAML, plan rollouts, verify them.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
  registerCheck(program, ctx);
  registerSynth(program, ctx);
  registerPlan(program, ctx);
  registerVerify(program, ctx);
  return program;
}

/** Runs the program on `args` (without `node` and the script) and resolves with the exit code. */
export async function runCli(args: string[], io: CliIo = processIo()): Promise<ExitCode> {
  const ctx: CliContext = { io, exitCode: ExitCode.OK };
  const program = buildProgram(ctx);
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return ExitCode.USAGE;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with exit code 0; every parse error is a usage error
      return e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    throw e;
  }
  return ctx.exitCode;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** The version in the package's own package.json (found by walking up from this file). */
function packageVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg?.name === 'cdk8s-zero-downtime') return String(pkg.version);
    } catch {
      // not here: look one level up
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}
