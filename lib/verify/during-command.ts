/**
 * The `--during` command: a shell command (`sh -c CMD`) run alongside the requests, in its own
 * process group so that it can be stopped with everything it started.
 */
import { ChildProcess, spawn } from 'child_process';

/** Time a stopped command's process group gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 2000;
/** Longest output line forwarded; longer lines are cut. */
const MAX_LINE_LENGTH = 2000;

/** How the `--during` command ended. */
export interface CommandOutcome {
  readonly command: string;
  /** The exit code, `null` when it was ended by a signal or could not start. */
  readonly exitCode: number | null;
  /** The signal that ended it, e.g. `SIGTERM`; `null` otherwise. */
  readonly signal: string | null;
  /** Milliseconds since the run started, when it started and ended. */
  readonly startedMs: number;
  readonly endedMs: number;
  /** Why it could not start (e.g. no `sh`). */
  readonly error?: string;
  /** Set when `verify` stopped it: `timeout` (`--timeout` reached) or `interrupt` (Ctrl-C, SIGTERM). */
  readonly stoppedBy?: 'timeout' | 'interrupt';
}

/** A running `--during` command. */
export interface DuringCommand {
  /** Resolves when the shell exits (or fails to start); never rejects. */
  readonly exited: Promise<CommandOutcome>;
  /** Whether the shell is still running. */
  readonly running: boolean;
  /**
   * Stops the command and everything in its process group: SIGTERM, then SIGKILL after `graceMs`
   * if the shell has not exited. Resolves when it has exited (or at once if it had).
   */
  stop(reason: 'timeout' | 'interrupt', graceMs?: number): Promise<void>;
  /**
   * Ends the run's hold on the command: SIGTERM to what is left of its process group (background
   * jobs it started, e.g. a `kubectl port-forward ... &`) and closes its output pipes.
   */
  release(): void;
}

/** Where the command's output goes, and the clock. */
export interface DuringCommandIo {
  /** Receives each line of the command's stdout and stderr. */
  readonly onLine: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Milliseconds since the run started. */
  readonly now: () => number;
}

/**
 * Starts `sh -c command` in a new process group (`detached`), with stdin closed and its stdout and
 * stderr forwarded line by line to `io.onLine` (the report on stdout stays clean).
 */
export function startDuringCommand(command: string, io: DuringCommandIo): DuringCommand {
  const startedMs = io.now();
  let child: ChildProcess;
  let running = true;
  let stoppedBy: CommandOutcome['stoppedBy'];
  let settle!: (o: CommandOutcome) => void;
  const exited = new Promise<CommandOutcome>((resolve) => (settle = resolve));
  const finish = (o: Omit<CommandOutcome, 'command' | 'startedMs' | 'endedMs' | 'stoppedBy'>): void => {
    if (!running) return;
    running = false;
    settle({ command, startedMs, endedMs: io.now(), ...o, ...(stoppedBy ? { stoppedBy } : {}) });
  };

  try {
    child = spawn('sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: io.env });
  } catch (e) {
    finish({ exitCode: null, signal: null, error: e instanceof Error ? e.message : String(e) });
    return { exited, get running() { return false; }, stop: async () => undefined, release: () => undefined };
  }

  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        io.onLine(cut(buffered.slice(0, nl).replace(/\r$/, '')));
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
      }
      if (buffered.length > MAX_LINE_LENGTH) {
        io.onLine(cut(buffered));
        buffered = '';
      }
    });
    stream.on('end', () => {
      if (buffered !== '') io.onLine(cut(buffered));
      buffered = '';
    });
    stream.on('error', () => undefined);
  }
  child.on('error', (error) => finish({ exitCode: null, signal: null, error: error.message }));
  child.on('exit', (code, signal) => finish({ exitCode: code, signal }));

  const killGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal); // the whole group: sh and whatever it started
    } catch {
      // ESRCH: the group is gone already
    }
  };

  return {
    exited,
    get running() {
      return running;
    },
    stop: async (reason, graceMs = KILL_GRACE_MS) => {
      if (!running) return;
      stoppedBy = reason;
      killGroup('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'grace'>((resolve) => (timer = setTimeout(() => resolve('grace'), graceMs)));
      const result = await Promise.race([exited, grace]);
      if (timer) clearTimeout(timer);
      if (result === 'grace') {
        killGroup('SIGKILL');
        // SIGKILL cannot be caught: the exit event follows at once; bounded wait all the same
        let killTimer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise<void>((resolve) => (killTimer = setTimeout(resolve, 1000)))]);
        if (killTimer) clearTimeout(killTimer);
        finish({ exitCode: null, signal: 'SIGKILL' });
      }
    },
    release: () => {
      killGroup('SIGTERM');
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
    },
  };
}

function cut(line: string): string {
  return line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}...` : line;
}
