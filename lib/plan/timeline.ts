/**
 * A rollout over time: the pod counts of a `RolloutSimulation` placed on a clock, with the old pods
 * that are still terminating after their removal.
 */
import { RolloutSimulation } from './rollout-plan';

/** The pods at one moment; the counts hold until the next point. */
export interface TimelinePoint {
  /** Seconds since the rollout started. */
  readonly t: number;
  /** Old pods, not terminating. */
  readonly old: number;
  /** New pods, available or not. */
  readonly new: number;
  /** Available pods (old and new). */
  readonly available: number;
  /** Old pods removed and still terminating (preStop, drain, within the grace period). */
  readonly terminating: number;
}

/**
 * Places the steps of a rollout on a clock: a wave lasts `waveSeconds`, a removed old pod terminates
 * for `terminationSeconds`. Points are sorted by time, one per moment something changes; the last
 * point is the moment the last old pod is gone. Empty when the simulation lists no steps.
 */
export function rolloutTimeline(sim: RolloutSimulation, waveSeconds: number, terminationSeconds: number): TimelinePoint[] {
  const wave = Math.max(0, Number.isFinite(waveSeconds) ? waveSeconds : 0);
  const term = Math.max(0, Number.isFinite(terminationSeconds) ? terminationSeconds : 0);
  const steps = sim.steps;
  if (steps.length === 0) return [];
  const at = steps.map((s) => s.waits * wave + s.terminations * term);
  const times = at.concat(steps.flatMap((s, i) => (s.removed > 0 ? [at[i] + term] : []))).sort((a, b) => a - b);
  const points: TimelinePoint[] = [];
  let current = 0;
  // removals, in time order: started at s.t, over at s.t + term (two running sums, both monotonic)
  const removals = steps.flatMap((s, i) => (s.removed > 0 ? [{ t: at[i], removed: s.removed }] : []));
  let started = 0;
  let startedCount = 0;
  let over = 0;
  let overCount = 0;
  let previous = NaN;
  for (const t of times) {
    if (t === previous) continue; // one point per moment
    previous = t;
    while (current + 1 < steps.length && at[current + 1] <= t) current++;
    while (started < removals.length && removals[started].t <= t) startedCount += removals[started++].removed;
    while (over < removals.length && removals[over].t + term <= t) overCount += removals[over++].removed;
    const s = steps[current];
    points.push({ t, old: s.old, new: s.new, available: s.available, terminating: startedCount - overCount });
  }
  return points;
}

/** The most pods that exist at once, terminating ones included (what a ResourceQuota charges). */
export function peakPodsWithTerminating(points: readonly TimelinePoint[]): number {
  return points.reduce((m, p) => Math.max(m, p.old + p.new + p.terminating), 0);
}
