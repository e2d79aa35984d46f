/**
 * The progress display of a `verify` run, on stderr: one line redrawn in place on a terminal, a plain
 * line every few seconds otherwise (CI logs).
 */
import { FAILURE_CLASSES } from './classify';
import { RunningCounts } from './request-log';

/** How often the terminal line is redrawn. */
export const TTY_REFRESH_MS = 250;
/** How often a plain progress line is printed when stderr is not a terminal. */
export const PLAIN_INTERVAL_MS = 5000;

/** The stream progress goes to: a terminal when `isTTY`. */
export interface ProgressStream {
  write(s: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** What the progress line shows. */
export interface ProgressSnapshot {
  readonly elapsedMs: number;
  readonly counts: RunningCounts;
  /** `running`, `exited 0`, ... when there is a `--during` command. */
  readonly during?: string;
  /** Once the `--during` command has exited: what is left of the tail, in milliseconds. */
  readonly tailLeftMs?: number;
}

/**
 * Renders the one-line summary, e.g. `12.3s  sent 123  ok 120  failed 3 (refused 3)  version v2`; in
 * the tail, `during: exited 0  tail: 23s left (old pods terminating)`: the run is still watching.
 */
export function progressLine(s: ProgressSnapshot): string {
  const c = s.counts;
  const parts = [`${(s.elapsedMs / 1000).toFixed(1)}s`, `sent ${c.sent}`, `ok ${c.ok}`];
  const classes = FAILURE_CLASSES.filter((k) => c.byClass[k] > 0).map((k) => `${k} ${c.byClass[k]}`);
  parts.push(classes.length > 0 ? `failed ${c.failed} (${classes.join(', ')})` : `failed ${c.failed}`);
  if (c.inFlight > 0) parts.push(`in flight ${c.inFlight}`);
  if (c.lastVersion !== undefined) parts.push(`version ${c.lastVersion}`);
  if (s.during !== undefined) parts.push(`during: ${s.during}`);
  if (s.tailLeftMs !== undefined) parts.push(`tail: ${Math.ceil(s.tailLeftMs / 1000)}s left (old pods terminating)`);
  return `verify ${parts.join('  ')}`;
}

/**
 * Shows progress on `stream`. On a terminal the line is redrawn in place (`\r`, erase line) every
 * `TTY_REFRESH_MS`; elsewhere a plain line is printed every `PLAIN_INTERVAL_MS`. `log` prints a line
 * of its own (the `--during` command's output) without mixing it into the progress line.
 */
export class ProgressDisplay {
  private timer: NodeJS.Timeout | undefined;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly snapshot: () => ProgressSnapshot,
    private readonly intervalMs: number = stream.isTTY ? TTY_REFRESH_MS : PLAIN_INTERVAL_MS,
  ) {}

  /** Starts the periodic display. */
  public start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.draw(), this.intervalMs);
  }

  /** Prints one line (e.g. the `--during` command's output) above the progress line. */
  public log(line: string): void {
    this.clear();
    this.stream.write(`${line}\n`);
    if (this.stream.isTTY && this.timer) this.draw();
  }

  /** Stops the display and erases the terminal line. */
  public stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private draw(): void {
    const line = progressLine(this.snapshot());
    if (this.stream.isTTY) {
      const width = this.stream.columns && this.stream.columns > 10 ? this.stream.columns - 1 : 200;
      this.stream.write(`\r\x1b[2K${line.slice(0, width)}`);
      this.drawn = true;
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  private clear(): void {
    if (this.drawn) {
      this.stream.write('\r\x1b[2K');
      this.drawn = false;
    }
  }
}
