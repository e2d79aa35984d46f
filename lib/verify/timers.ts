/**
 * Timers that can all be cleared at once, so that a finished run leaves nothing behind that would
 * keep the process alive.
 */

/** A set of one-shot timers. */
export class TimerSet {
  private readonly handles = new Set<NodeJS.Timeout>();

  /** Resolves after `ms` milliseconds, unless `clearAll` is called first (then it never resolves). */
  public after(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = setTimeout(() => {
        this.handles.delete(handle);
        resolve();
      }, Math.max(0, ms));
      this.handles.add(handle);
    });
  }

  /** Clears every pending timer. */
  public clearAll(): void {
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
  }
}

/**
 * Resolves when `signal` aborts (at once if it has). `dispose` removes the listener, so a signal that
 * outlives the run holds no reference to it.
 */
export function whenAborted(signal: AbortSignal | undefined): { readonly promise: Promise<void>; dispose(): void } {
  if (!signal) return { promise: new Promise<void>(() => undefined), dispose: () => undefined };
  if (signal.aborted) return { promise: Promise.resolve(), dispose: () => undefined };
  let listener: (() => void) | undefined;
  const promise = new Promise<void>((resolve) => {
    listener = () => resolve();
    signal.addEventListener('abort', listener, { once: true });
  });
  return {
    promise,
    dispose: () => {
      if (listener) signal.removeEventListener('abort', listener);
    },
  };
}
