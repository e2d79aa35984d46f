import { ExitCode } from '../internal/exit-codes';

/*
 * What every subcommand gets from the program (program.ts): in a file of its own, so that the
 * subcommands do not import the program that registers them.
 */

/** What a subcommand writes to and reads from: the process streams, or test doubles. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /**
   * The working directory `synth` runs the app in and resolves `--out` and `./cdk8s.yaml` against.
   * @default process.cwd() - set by in-process tests, which run concurrently in one process
   */
  readonly cwd?: string;
}

/** Shared state of one run: the exit code each subcommand sets. */
export interface CliContext {
  readonly io: CliIo;
  exitCode: ExitCode;
}
