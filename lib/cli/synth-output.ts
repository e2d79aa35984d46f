/**
 * Renders a cdk8s app into an output directory without ever half-writing it: the code behind
 * `cdk8s-zero-downtime synth` (and `npm run synth` in this repository, which runs the same command).
 *
 * Why: the output directory (`dist/`) is committed and deployed by GitOps (Argo CD syncs whatever is
 * in Git), so it must always be a complete render of a working app. `cdk8s synth` deletes `dist/`
 * *before* it runs the app, so an app that throws leaves no `dist/` at all (and a commit from that
 * state deletes every object in the cluster); a plain `app.synth()` overwrites files in place and
 * leaves the files of removed charts behind. `synthesize`:
 *
 *   1. runs the app command with `CDK8S_OUTDIR` pointing at a fresh staging directory
 *      (`.dist-staging-<pid>`, next to the output directory, so that the swap is a same-disk rename);
 *   2. only if the app exited 0 AND wrote at least one file, swaps the staging directory in:
 *      rename out -> `.dist-previous-<pid>`, rename staging -> out, delete previous (restoring the
 *      previous directory if a step fails); files of charts that no longer exist are gone with it;
 *   3. otherwise leaves the output directory byte-for-byte untouched, deletes the staging directory,
 *      prints `cdk8s-zero-downtime synth: failed: dist/ left unchanged` and returns the app's exit code.
 *
 * Staging and previous directories are removed on every path, including SIGINT/SIGTERM/SIGHUP (the
 * app's whole process group is stopped first). Leftovers of a run killed with SIGKILL are cleaned up
 * by the next run.
 *
 * The app may also run in this very process (`SynthesizeOptions.run`: scripts/synth.mjs runs this
 * repository's own app so, one Node start-up less); the output is still replaced only at the end, so
 * an app that ends the process (`process.exit`, an uncaught error) leaves it unchanged, and the
 * staging directory is removed on the way out.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { errorPrefix } from './cli-errors';

const STAGING_PREFIX = '.dist-staging-';
const PREVIOUS_PREFIX = '.dist-previous-';
const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** How long `runApp` waits, after the app exited, for the rest of its piped output (see there). */
const PIPE_DRAIN_MS = 1000;
/** How every problem `synth` reports on stderr starts: `cdk8s-zero-downtime synth: `. */
export const SYNTH = errorPrefix('synth');
/** Set for the app while `synth` runs it: a nested `synth` without `--app` would run itself forever. */
export const NESTED_ENV = 'CDK8S_ZERO_DOWNTIME_SYNTH';

/** Where the report goes. */
export interface SynthStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** Options of `synthesize`. */
export interface SynthesizeOptions extends SynthStreams {
  /** The command that runs the app, through the shell, with `CDK8S_OUTDIR` set (with `run`: named in messages only). */
  readonly app: string;
  /** The output directory (absolute). */
  readonly outAbs: string;
  /** The working directory of the app (and of the paths shown). */
  readonly cwd: string;
  /** Environment of the app (`CDK8S_OUTDIR` is added). */
  readonly env: NodeJS.ProcessEnv;
  /** Where the app's own stdout goes: the real stdout ('inherit') or `stdout` above ('pipe'). */
  readonly appStdout: 'inherit' | 'pipe';
  /** Where the app's own stderr goes. */
  readonly appStderr: 'inherit' | 'pipe';
  /**
   * Runs the app so that it writes into `stagingAbs`, instead of running `app` as a command (the app
   * then runs in this process: scripts/synth.mjs). If the app ends the process, the output is left
   * unchanged and the exit says so (see `synthesize`).
   * @default - `runApp(app, ...)`: the app command through the shell, as a child process
   */
  readonly run?: (stagingAbs: string) => Promise<AppResult>;
}

/** How a run of the app ended. */
export interface AppResult {
  readonly code?: number | null;
  readonly signal?: NodeJS.Signals | null;
  readonly error?: Error;
  /** The signal that interrupted us (and so the app), if any. */
  readonly interrupted?: NodeJS.Signals;
}

/** What changed between the old and the new output. */
export interface OutputChanges {
  /** Every file of the new output. */
  readonly files: readonly string[];
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

/** Plain code-unit order (not localeCompare), so listings are the same on every machine. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every regular file under `dir`, as sorted `/`-separated relative paths ([] if `dir` is missing). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && rel === '') return;
      throw e;
    }
    for (const e of entries) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      const childAbs = path.join(abs, e.name);
      if (e.isDirectory()) walk(childAbs, childRel);
      else if (e.isFile() || (e.isSymbolicLink() && fs.statSync(childAbs).isFile())) out.push(childRel);
    }
  };
  walk(dir, '');
  return out.sort(byCodeUnit);
}

/** A path for humans: relative to `cwd` when inside it, absolute otherwise; always `/`. */
export function display(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
  return shown.split(path.sep).join('/');
}

/** The exit code of a process killed by `signal` (128 + its number), as shells report it. */
export function signalExitCode(signal: NodeJS.Signals): number {
  const n = os.constants.signals[signal];
  return n ? 128 + n : 1;
}

/**
 * Runs the app command through the shell with `CDK8S_OUTDIR=outdir`, in its own process group so that
 * an interrupt (SIGINT, SIGTERM, SIGHUP) stops all of it (the shell and every process the command
 * starts), not just the shell; a second interrupt kills it.
 */
export function runApp(
  command: string,
  outdir: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; stdout: 'inherit' | 'pipe' | NodeJS.WritableStream; stderr: 'inherit' | 'pipe' | NodeJS.WritableStream },
): Promise<AppResult> {
  const pipeTo = (target: 'inherit' | 'pipe' | NodeJS.WritableStream) => (target === 'inherit' ? 'inherit' : 'pipe');
  const child = spawn(command, {
    shell: true,
    cwd: options.cwd,
    detached: process.platform !== 'win32',
    stdio: ['ignore', pipeTo(options.stdout), pipeTo(options.stderr)],
    env: { ...options.env, CDK8S_OUTDIR: outdir },
  });
  if (typeof options.stdout === 'object') child.stdout?.pipe(options.stdout, { end: false });
  if (typeof options.stderr === 'object') child.stderr?.pipe(options.stderr, { end: false });
  let interrupted: NodeJS.Signals | undefined;
  const killApp = (signal: NodeJS.Signals): void => {
    try {
      if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // already gone
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return killApp('SIGKILL');
    interrupted = signal;
    killApp(signal);
  };
  for (const s of INTERRUPTS) process.on(s, onSignal);
  return new Promise((resolve) => {
    const done = (result: AppResult) => {
      for (const s of INTERRUPTS) process.removeListener(s, onSignal);
      resolve({ ...result, interrupted });
    };
    child.on('error', (error) => done({ error }));
    // 'exit', not 'close': a process the app left running in the background may keep its pipes open.
    // What the app wrote just before it exited may still be in a pipe, though ("when the 'exit' event
    // is triggered, child process stdio streams might still be open", Node's child_process docs): wait
    // for the piped streams to end, at most PIPE_DRAIN_MS, so that its last lines are not lost.
    child.on('exit', (code, signal) => {
      const piped = [child.stdout, child.stderr].filter((p): p is NonNullable<typeof p> => p !== null && !p.readableEnded);
      if (piped.length === 0) return done({ code, signal });
      let open = piped.length;
      const timer = setTimeout(() => done({ code, signal }), PIPE_DRAIN_MS);
      for (const p of piped) {
        p.once('end', () => {
          if (--open === 0) {
            clearTimeout(timer);
            done({ code, signal });
          }
        });
      }
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cleans up after runs that died without cleaning up (SIGKILL, power loss): stale staging dirs are
 * deleted; a stale previous dir is deleted when the output dir exists, or renamed back to it when the
 * run died between the two renames (it is then the only copy of the last good output).
 */
function recoverLeftovers(parent: string, outAbs: string, stderr: NodeJS.WritableStream, cwd: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names.sort(byCodeUnit)) {
    const m = /^\.dist-(staging|previous)-(\d+)$/.exec(name);
    // Our own pid can only be a leftover of an earlier process that had the same pid (containers).
    if (!m || (Number(m[2]) !== process.pid && pidAlive(Number(m[2])))) continue;
    const abs = path.join(parent, name);
    if (m[1] === 'previous' && !fs.existsSync(outAbs)) {
      stderr.write(`${SYNTH}restoring ${display(outAbs, cwd)}/ from ${name} left by an interrupted run\n`);
      fs.renameSync(abs, outAbs);
    } else {
      stderr.write(`${SYNTH}removing ${name} left by an interrupted run\n`);
      fs.rmSync(abs, { recursive: true, force: true });
    }
  }
}

/**
 * Makes sure `dir` is removed even when the process exits early (an uncaught error, `process.exit`):
 * returns the function that removes it now (best effort) and drops the exit hook.
 */
export function removedOnExit(dir: string): () => void {
  const remove = (): void => {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  };
  process.on('exit', remove);
  return () => {
    process.removeListener('exit', remove);
    remove();
  };
}

function rmQuiet(dir: string, stderr: NodeJS.WritableStream, cwd: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (e) {
    stderr.write(`${SYNTH}warning: could not remove ${display(dir, cwd)}: ${(e as Error).message}\n`);
  }
}

/**
 * Replaces `outAbs` with `stagingAbs`: out -> previous, staging -> out, rm previous. If a rename fails
 * the old output is put back and the error rethrown. Falls back to a copy when the output dir cannot be
 * renamed (e.g. it is a mount point: EBUSY/EXDEV).
 */
function swapIn(stagingAbs: string, outAbs: string, previousAbs: string, stderr: NodeJS.WritableStream, cwd: string): void {
  const hadOut = fs.existsSync(outAbs);
  if (hadOut) {
    try {
      fs.renameSync(outAbs, previousAbs);
    } catch (e) {
      if (['EBUSY', 'EXDEV', 'EPERM', 'EACCES'].includes((e as NodeJS.ErrnoException).code ?? '')) {
        copyIn(stagingAbs, outAbs, previousAbs, stderr, cwd);
        return;
      }
      throw e;
    }
  }
  try {
    fs.renameSync(stagingAbs, outAbs);
  } catch (e) {
    if (hadOut) fs.renameSync(previousAbs, outAbs);
    throw e;
  }
  if (hadOut) rmQuiet(previousAbs, stderr, cwd);
}

/** Non-atomic fallback of swapIn: back up the contents, replace them, restore the backup on failure. */
function copyIn(stagingAbs: string, outAbs: string, previousAbs: string, stderr: NodeJS.WritableStream, cwd: string): void {
  fs.cpSync(outAbs, previousAbs, { recursive: true, preserveTimestamps: true });
  const clear = () => {
    for (const name of fs.readdirSync(outAbs)) fs.rmSync(path.join(outAbs, name), { recursive: true, force: true });
  };
  try {
    clear();
    fs.cpSync(stagingAbs, outAbs, { recursive: true });
  } catch (e) {
    clear();
    fs.cpSync(previousAbs, outAbs, { recursive: true, preserveTimestamps: true });
    rmQuiet(previousAbs, stderr, cwd);
    throw e;
  }
  rmQuiet(previousAbs, stderr, cwd);
  rmQuiet(stagingAbs, stderr, cwd);
}

/**
 * What changed between the old output `oldAbs` and the new one `newAbs`, file by file, byte by byte,
 * each list in path order (code units). `synth` reports it after the swap; `synth --check` reports it
 * instead of swapping.
 */
export function describeChanges(oldAbs: string, newAbs: string): OutputChanges {
  const oldFiles = new Set(listFiles(oldAbs));
  const files = listFiles(newAbs);
  const added: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const f of files) {
    if (!oldFiles.has(f)) added.push(f);
    else if (fs.readFileSync(path.join(oldAbs, f)).equals(fs.readFileSync(path.join(newAbs, f)))) unchanged.push(f);
    else changed.push(f);
  }
  const newSet = new Set(files);
  const removed = [...oldFiles].filter((f) => !newSet.has(f)).sort(byCodeUnit);
  return { files, added, changed, unchanged, removed };
}

/** Why `outAbs` must not be replaced as a whole, or undefined when it is a plain output directory. */
export function refuseOutput(outAbs: string, cwd: string): string | undefined {
  const rel = path.relative(outAbs, cwd);
  if (outAbs === path.parse(outAbs).root) return 'it is the root of the file system';
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return 'it is the working directory or one of its parents';
  for (const marker of ['package.json', 'cdk8s.yaml', '.git', 'node_modules']) {
    if (fs.existsSync(path.join(outAbs, marker))) return `it holds ${marker}: it is a project, not an output directory`;
  }
  return undefined;
}

/**
 * Runs the app into staging and swaps it in (see the file comment). Writes the report to `stdout` and
 * problems to `stderr`; resolves with the exit code: 0, the app's exit code when it failed (1 when it
 * wrote nothing or the swap failed), 128 + n when it was killed by or we were interrupted by signal n.
 */
export async function synthesize(options: SynthesizeOptions): Promise<number> {
  const { app, outAbs, cwd, stdout, stderr } = options;
  const outShown = `${display(outAbs, cwd)}/`;
  // Staging and previous dirs are siblings of the output dir, so that both swaps are same-filesystem renames.
  const parent = path.dirname(outAbs);
  fs.mkdirSync(parent, { recursive: true });
  const stagingAbs = path.join(parent, `${STAGING_PREFIX}${process.pid}`);
  const previousAbs = path.join(parent, `${PREVIOUS_PREFIX}${process.pid}`);

  recoverLeftovers(parent, outAbs, stderr, cwd);

  // Whatever happens (including uncaught errors and process.exit), never leave staging behind.
  const removeStaging = removedOnExit(stagingAbs);
  try {
    fs.rmSync(stagingAbs, { recursive: true, force: true });
    fs.mkdirSync(stagingAbs);

    const fail = (code: number, why?: string): number => {
      rmQuiet(stagingAbs, stderr, cwd);
      if (why) stderr.write(`${why}\n`);
      stderr.write(`${SYNTH}failed: ${outShown} left unchanged\n`);
      return code;
    };

    // An app run in this process can end it (process.exit, an uncaught error) before the swap: the
    // output is then left as it was, staging goes with removeStaging above, and the exit says so.
    const onEarlyExit = (code: number): void => {
      if (code !== 0) {
        stderr.write(`${SYNTH}the app exited with code ${code} (${app})\n`);
      } else {
        stderr.write(`${SYNTH}the app called process.exit(0) before ${outShown} could be replaced; let it end without process.exit\n`);
        process.exitCode = 1;
      }
      stderr.write(`${SYNTH}failed: ${outShown} left unchanged\n`);
    };
    process.on('exit', onEarlyExit);
    let result: AppResult;
    try {
      result = await (options.run
        ? options.run(stagingAbs)
        : runApp(app, stagingAbs, {
            cwd,
            env: options.env,
            stdout: options.appStdout === 'inherit' ? 'inherit' : stdout,
            stderr: options.appStderr === 'inherit' ? 'inherit' : stderr,
          }));
    } finally {
      process.removeListener('exit', onEarlyExit);
    }
    if (result.interrupted) return fail(signalExitCode(result.interrupted), `${SYNTH}interrupted (${result.interrupted})`);
    if (result.error) return fail(1, `${SYNTH}could not start the app (${app}): ${result.error.message}`);
    if (result.signal) return fail(signalExitCode(result.signal), `${SYNTH}the app was killed by ${result.signal}`);
    if (result.code !== 0) return fail(result.code ?? 1, `${SYNTH}the app exited with code ${result.code} (${app})`);

    const changes = describeChanges(outAbs, stagingAbs);
    if (changes.files.length === 0) {
      return fail(
        1,
        `${SYNTH}the app exited 0 but wrote no manifests to $CDK8S_OUTDIR (${display(stagingAbs, cwd)}); ` +
          'does it call app.synth() (or ZeroDowntimeApp.synthApp(app)) and leave App.outdir unset?',
      );
    }

    // The change from the previous output is judged too (renames, selectors, node ports...): a first
    // render has none, and neither has a render that changed no byte.
    const changed = changes.added.length + changes.changed.length + changes.removed.length > 0;
    // Loaded only then: the rule engine and the YAML readers are most of what synth would load.
    const refused = changed
      ? await (await import('./synth-transitions')).refuseTransitions(outAbs, stagingAbs, outShown, SYNTH, (line) => stderr.write(`${line}\n`))
      : undefined;
    if (refused !== undefined) return fail(1, refused);

    // The swap is synchronous: signal handlers cannot run in the middle of it.
    try {
      swapIn(stagingAbs, outAbs, previousAbs, stderr, cwd);
    } catch (e) {
      return fail(1, `${SYNTH}could not replace ${outShown}: ${(e as Error).message}`);
    }
    stdout.write(report(changes, outShown));
    return 0;
  } finally {
    removeStaging();
  }
}

/**
 * `synth: wrote N files to dist/ (a added, c changed, u unchanged, r removed)`, then one line per
 * added (`+`), changed (`~`) and removed (`-`) file, in path order. Unchanged files are only counted.
 */
export function report(changes: OutputChanges, outShown: string): string {
  const n = changes.files.length;
  const lines = [
    `synth: wrote ${n} file${n === 1 ? '' : 's'} to ${outShown} ` +
      `(${changes.added.length} added, ${changes.changed.length} changed, ${changes.unchanged.length} unchanged, ${changes.removed.length} removed)`,
  ];
  const marked = [
    ...changes.added.map((f) => ({ f, mark: '+' })),
    ...changes.changed.map((f) => ({ f, mark: '~' })),
    ...changes.removed.map((f) => ({ f, mark: '-' })),
  ].sort((a, b) => byCodeUnit(a.f, b.f));
  for (const { f, mark } of marked) lines.push(`  ${mark} ${outShown}${f}`);
  return `${lines.join('\n')}\n`;
}
