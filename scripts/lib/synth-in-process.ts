/**
 * `npm run synth` of this repository's own app (no `--app`): `cdk8s-zero-downtime synth` with the app
 * run in the same Node process instead of a child (scripts/synth.mjs; scripts/lib/app.mjs loads this
 * file through scripts/run-ts.cjs). One Node start-up less (~0.1 s), and only synth's own modules are
 * loaded: not commander, check, plan or verify.
 *
 * The staging, comparison, transition rules, swap and report are the command's own (`synthesize` of
 * lib/cli/synth-output.ts); only the running of the app differs, with the same outcomes:
 * - the app ends when the event loop is empty ('beforeExit'), as its process would exit; its exit code
 *   is `process.exitCode` (0 unless it set one);
 * - an app that throws, also later (a timer, a rejected promise), failed with exit code 1: the error
 *   is printed as Node prints an uncaught one, the stack mapped into the .ts sources, then synth's
 *   lines; one that ends the process itself (`process.exit`) leaves the output unchanged, and the
 *   staging directory is removed on exit (`synthesize`);
 * - Ctrl-C stops the app even while it is busy (run-ts's `interruptible`), SIGINT, SIGTERM or SIGHUP
 *   while it waits stop it too: the output is left unchanged, staging removed, exit 128 + the signal.
 */
import * as path from 'path';
import { inspect } from 'util';
import { AppResult, NESTED_ENV, refuseOutput, synthesize } from '../../lib/cli/synth-output';

const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Options of `synthInProcess`. */
export interface InProcessSynthOptions {
  /** The output directory, relative to the working directory. */
  readonly out: string;
  /** The command this run stands for (`node scripts/run-ts.cjs main.ts`), named in messages. */
  readonly app: string;
  /**
   * Runs the app's synchronous part in this process: returns 0, or 1 when it failed (and has said
   * why); throws an error whose `code` is `interrupted` when Ctrl-C stopped it (scripts/run-ts.cjs `runTs`).
   */
  readonly runApp: () => number;
  /** The `code` of the error `runApp` throws when Ctrl-C stopped the app. */
  readonly interrupted: string;
}

/**
 * Renders the app into `out` as `cdk8s-zero-downtime synth --app <app> --out <out>` does, the app run in
 * this process; sets the exit code when done (exits at once when the run failed: the app may have left
 * timers behind). Returns false, doing nothing, when the command must handle the run instead: an
 * output directory it refuses (its usage error is the command's).
 */
export function synthInProcess(options: InProcessSynthOptions): boolean {
  const cwd = process.cwd();
  const outAbs = path.resolve(cwd, options.out);
  if (refuseOutput(outAbs, cwd) !== undefined) return false;
  synthesize({
    app: options.app,
    outAbs,
    cwd,
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    appStdout: 'inherit',
    appStderr: 'inherit',
    run: (stagingAbs) => runInProcess(stagingAbs, options),
  }).then(
    (code) => {
      if (code === 0) process.exitCode = 0;
      else process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`cdk8s-zero-downtime: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(2);
    },
  );
  return true;
}

/** Prints `error` as Node prints an uncaught error (its stack, mapped by run-ts), or value. */
function printUncaught(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? String(error)) : `Uncaught ${inspect(error)}`;
  process.stderr.write(`${text}\n\nNode.js ${process.version}\n`);
}

/** Runs the app in this process, writing into `stagingAbs`; resolves when it ended (see the file comment). */
function runInProcess(stagingAbs: string, options: InProcessSynthOptions): Promise<AppResult> {
  return new Promise((resolve) => {
    process.env.CDK8S_OUTDIR = stagingAbs;
    process.env[NESTED_ENV] = '1';
    let settled = false;
    const done = (result: AppResult): void => {
      if (settled) return;
      settled = true;
      process.removeListener('beforeExit', onBeforeExit);
      process.removeListener('uncaughtException', onUncaught);
      for (const s of INTERRUPTS) process.removeListener(s, onSignal);
      resolve(result);
    };
    const onBeforeExit = (): void => done({ code: Number(process.exitCode ?? 0) });
    const onSignal = (signal: NodeJS.Signals): void => done({ code: null, interrupted: signal });
    // Node would print it and exit 1, running the 'exit' listeners (synth's lines) before it prints.
    const onUncaught = (error: unknown): void => {
      printUncaught(error);
      done({ code: 1 });
    };

    let code: number;
    try {
      code = options.runApp();
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === options.interrupted) return done({ code: null, interrupted: 'SIGINT' });
      printUncaught(error); // not an Error: runApp prints those
      code = 1;
    }
    if (code !== 0) return done({ code });
    // The app's synchronous part is done; what it started (timers, promises) runs until the loop is empty.
    process.on('beforeExit', onBeforeExit);
    process.on('uncaughtException', onUncaught);
    for (const s of INTERRUPTS) process.on(s, onSignal);
  });
}
