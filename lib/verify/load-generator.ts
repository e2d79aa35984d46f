/**
 * The fixed-rate load of a `verify` run.
 */
import { createAgents, ProbeAgents, InFlightProbe, startProbe } from './http-probe';
import { modeOf, RequestLog } from './request-log';
import { VersionExtractor } from './version-extractor';

/** What the load generator needs. */
export interface LoadGeneratorOptions {
  readonly url: URL;
  /** Requests per second. */
  readonly rate: number;
  /** The most requests to send, ever (see `requestBudget`). */
  readonly budget: number;
  readonly requestTimeoutMs: number;
  readonly extractVersion?: VersionExtractor;
  /** Milliseconds since the run started. */
  readonly now: () => number;
}

/**
 * Sends GET requests at a fixed rate: request k is sent at k / rate seconds after `start()`, never
 * earlier, alternating fresh and kept-alive connections (`modeOf`). If the process falls behind (a
 * busy event loop), late requests are sent as soon as it can, but request k still never goes before
 * its time, so by time t at most floor(t × rate) + 1 requests have been sent, and never more than the
 * budget. Requests do not wait for each other: a stalled server does not slow the rate down; each
 * request has its own timeout, so at most rate × request timeout are in flight.
 */
export class LoadGenerator {
  /** Every request sent so far and its outcome. */
  public readonly log: RequestLog;
  private readonly agents: ProbeAgents;
  private readonly inFlight = new Map<number, InFlightProbe>();
  private idleWaiters: Array<() => void> = [];
  private budgetWaiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  private stoppedAtMs: number | undefined;

  constructor(private readonly options: LoadGeneratorOptions) {
    this.log = new RequestLog(options.budget);
    this.agents = createAgents(options.url);
  }

  /** Sends the first request now and schedules the rest. */
  public start(): void {
    if (this.started) return;
    this.started = true;
    this.tick();
  }

  /** Sends no more requests; those in flight go on. Idempotent. */
  public stopSending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.stopped) {
      this.stopped = true;
      this.stoppedAtMs = this.options.now();
    }
  }

  /** When sending stopped (milliseconds since the run started), or now if it has not. */
  public get sendStoppedMs(): number {
    return this.stoppedAtMs ?? this.options.now();
  }

  /** Requests still waiting for their answer. */
  public get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Cancels every request in flight: they are recorded as cancelled, not as failures. */
  public cancelInFlight(): void {
    for (const probe of [...this.inFlight.values()]) probe.cancel();
  }

  /**
   * Resolves once the whole budget has been sent: never if sending stops first (`stopSending`). The
   * budget's last request is due before the end of `--duration` (`requestBudget`), but a process
   * that falls behind sends it late: waiting for this as well as for the clock, a run sends its whole
   * budget on a loaded machine too.
   */
  public whenBudgetSent(): Promise<void> {
    if (this.log.length >= this.options.budget) return Promise.resolve();
    return new Promise((resolve) => this.budgetWaiters.push(resolve));
  }

  /** Resolves once no request is in flight (each ends within its timeout). */
  public whenIdle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops sending, cancels what is in flight and closes every connection. */
  public dispose(): void {
    this.stopSending();
    this.cancelInFlight();
    this.agents.destroy();
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped || this.log.length >= this.options.budget) return;
    const intervalMs = 1000 / this.options.rate;
    const dueMs = this.log.length * intervalMs;
    const now = this.options.now();
    if (now < dueMs) {
      // a timer may fire a fraction of a millisecond early: never send before the request's time
      this.timer = setTimeout(() => this.tick(), Math.max(1, Math.ceil(dueMs - now)));
      return;
    }
    this.send(now);
    if (this.log.length >= this.options.budget) {
      const waiters = this.budgetWaiters;
      this.budgetWaiters = [];
      waiters.forEach((w) => w());
      return;
    }
    const nextDueMs = this.log.length * intervalMs;
    this.timer = setTimeout(() => this.tick(), Math.max(0, nextDueMs - this.options.now()));
  }

  private send(now: number): void {
    const index = this.log.add(now);
    const probe = startProbe({
      url: this.options.url,
      mode: modeOf(index),
      agents: this.agents,
      timeoutMs: this.options.requestTimeoutMs,
      extractVersion: this.options.extractVersion,
    });
    this.inFlight.set(index, probe);
    void probe.done.then((outcome) => {
      this.log.complete(index, this.options.now(), outcome);
      this.inFlight.delete(index);
      if (this.inFlight.size === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        waiters.forEach((w) => w());
      }
    });
  }
}
