/**
 * How long a rollout takes: the time a new pod needs to become available (one wave), and how long an
 * old pod keeps serving after the controller removes it.
 */
import { drainSeconds, graceSeconds, podSpec, preStopFact, servingContainer } from './facts';
import { asArray, asNumber, asObject, asString, get, JsonObject } from './json';
import { Workload } from './workloads';

/** Seconds, as a range. */
export interface SecondsRange {
  readonly min: number;
  readonly max: number;
}

/** The time from a new pod's start to its being available, and what it is made of. */
export interface WaveTiming extends SecondsRange {
  /** The container whose probes take longest (the pod is Ready when all its containers are). */
  readonly container?: string;
  /** Its readiness probe: `initialDelaySeconds`, `periodSeconds`, `successThreshold`; undefined without one. */
  readonly readiness?: { readonly initialDelaySeconds: number; readonly periodSeconds: number; readonly successThreshold: number };
  /** Its startup probe: the range it can take (first success .. last allowed attempt); undefined without one. */
  readonly startup?: SecondsRange;
  /** `spec.minReadySeconds`. @default 0 */
  readonly minReadySeconds: number;
}

/** How long an old pod keeps serving after it is removed from the ReplicaSet. */
export interface TerminationTiming {
  /** Seconds the preStop hook waits (0 without a hook); null when the hook's duration cannot be read. */
  readonly preStopSeconds: number | null;
  /** Seconds the server drains after SIGTERM (annotation `zero-downtime.cdk8s.io/drain-seconds`). @default 0 */
  readonly drainSeconds: number;
  /** `terminationGracePeriodSeconds`. @default 30 */
  readonly graceSeconds: number;
  /** preStop + drain, cut at the grace period (the grace period itself when the preStop time is unknown). */
  readonly seconds: number;
  /** True when preStop + drain is longer than the grace period: the kubelet kills the server before it is done. */
  readonly cutShort: boolean;
}

/** What the estimate does not count. Stable strings (the JSON report lists them). */
export const ESTIMATE_LEAVES_OUT: readonly string[] = [
  'scheduling and image pull before the containers start',
  'init containers',
  'start-up time beyond what the probes describe (a failing probe, a slow first request)',
  'waiting for nodes (cluster autoscaler) or for quota',
];

/** Kubernetes' probe defaults. @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes */
const PROBE_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

/** Kubernetes' probe and grace fields are int32: larger values are refused by the API server. */
const MAX_SECONDS = 2147483647;

function seconds(value: unknown, fallback: number, least = 0): number {
  const n = asNumber(value);
  return n === undefined || n < least ? fallback : Math.min(n, MAX_SECONDS);
}

/**
 * The time a new pod takes to become available, from its containers' start:
 * - readiness probe: `initialDelaySeconds`, then `periodSeconds` x `successThreshold` (min); the
 *   probe ticker's phase can add one more period (max). Without a readiness probe a container is Ready
 *   once it runs (and its startup probe has passed);
 * - a startup probe holds the readiness probe back: from one period (min) to `periodSeconds` x
 *   `failureThreshold` (max) after its own `initialDelaySeconds`;
 * - then `minReadySeconds`. The pod is Ready when every container is: the slowest one counts.
 * Never throws; missing or odd fields read as Kubernetes' defaults.
 */
export function waveSeconds(w: Workload): WaveTiming {
  const spec = podSpec(w);
  const minReadySeconds = seconds(get(w.controller.object, 'spec', 'minReadySeconds'), 0);
  const containers = [
    ...asArray(get(spec, 'containers')),
    // sidecars (init containers that keep running) count for the pod's readiness too
    ...asArray(get(spec, 'initContainers')).filter((c) => asString(get(c, 'restartPolicy')) === 'Always'),
  ];
  let min = 0;
  let max = 0;
  let slowest: Omit<WaveTiming, 'minReadySeconds'> | undefined;
  for (const raw of containers) {
    const c = asObject(raw);
    if (!c) continue;
    const t = containerReadySeconds(c);
    min = Math.max(min, t.min);
    max = Math.max(max, t.max);
    if (!slowest || t.max > slowest.max) slowest = t;
  }
  return {
    min: min + minReadySeconds,
    max: max + minReadySeconds,
    minReadySeconds,
    ...(slowest?.container !== undefined ? { container: slowest.container } : {}),
    ...(slowest?.readiness ? { readiness: slowest.readiness } : {}),
    ...(slowest?.startup ? { startup: slowest.startup } : {}),
  };
}

function containerReadySeconds(c: JsonObject): Omit<WaveTiming, 'minReadySeconds'> {
  const name = asString(c.name);
  const sp = asObject(c.startupProbe);
  let startup: SecondsRange | undefined;
  if (sp) {
    const delay = seconds(sp.initialDelaySeconds, PROBE_DEFAULTS.initialDelaySeconds);
    const period = seconds(sp.periodSeconds, PROBE_DEFAULTS.periodSeconds, 1);
    const failures = seconds(sp.failureThreshold, PROBE_DEFAULTS.failureThreshold, 1);
    startup = { min: delay + period, max: delay + period * failures };
  }
  const rp = asObject(c.readinessProbe);
  if (!rp) {
    return { ...(name !== undefined ? { container: name } : {}), min: startup?.min ?? 0, max: startup?.max ?? 0, ...(startup ? { startup } : {}) };
  }
  const readiness = {
    initialDelaySeconds: seconds(rp.initialDelaySeconds, PROBE_DEFAULTS.initialDelaySeconds),
    periodSeconds: seconds(rp.periodSeconds, PROBE_DEFAULTS.periodSeconds, 1),
    successThreshold: seconds(rp.successThreshold, PROBE_DEFAULTS.successThreshold, 1),
  };
  const checks = readiness.periodSeconds * readiness.successThreshold;
  return {
    ...(name !== undefined ? { container: name } : {}),
    min: Math.max(readiness.initialDelaySeconds, startup?.min ?? 0) + checks,
    max: Math.max(readiness.initialDelaySeconds, startup?.max ?? 0) + checks + readiness.periodSeconds,
    readiness,
    ...(startup ? { startup } : {}),
  };
}

/**
 * How long an old pod keeps serving after its removal: the preStop hook (read by the rule engine's
 * `preStopFact`), then the drain after SIGTERM, within `terminationGracePeriodSeconds`, whose countdown
 * starts before the hook runs.
 * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution
 */
export function terminationSeconds(w: Workload): TerminationTiming {
  const fact = preStopFact(w, servingContainer(w).container);
  const grace = clamp(graceSeconds(w));
  const drain = clamp(drainSeconds(w));
  const preStop = fact.seconds === undefined ? null : clamp(fact.seconds);
  const wanted = preStop === null ? Infinity : preStop + drain;
  return { preStopSeconds: preStop, drainSeconds: drain, graceSeconds: grace, seconds: Math.min(grace, wanted), cutShort: wanted > grace && preStop !== null };
}

function clamp(n: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(0, n), MAX_SECONDS) : 0;
}

/** `spec.progressDeadlineSeconds`, or Kubernetes' default 600. */
export function progressDeadlineSeconds(w: Workload): number {
  return seconds(get(w.controller.object, 'spec', 'progressDeadlineSeconds'), 600);
}

/** `progressDeadlineSeconds` set no greater than `minReadySeconds`, which the API server refuses. */
export interface ProgressDeadlineConflict {
  /** The deadline, as `progressDeadlineSeconds` resolves it. */
  readonly progressDeadlineSeconds: number;
  /** `spec.minReadySeconds` as written. @default 0 */
  readonly minReadySeconds: number;
}

/**
 * The API server's check of the deadline: when `spec.progressDeadlineSeconds` is set, it must be
 * greater than `spec.minReadySeconds`. Returns both values when it is not, else undefined.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#progress-deadline-seconds
 */
export function progressDeadlineConflict(w: Workload): ProgressDeadlineConflict | undefined {
  const spec = get(w.controller.object, 'spec');
  if (asNumber(get(spec, 'progressDeadlineSeconds')) === undefined) return undefined;
  const deadline = progressDeadlineSeconds(w);
  // as written, not clamped like WaveTiming.minReadySeconds
  const minReady = asNumber(get(spec, 'minReadySeconds')) ?? 0;
  return deadline <= minReady ? { progressDeadlineSeconds: deadline, minReadySeconds: minReady } : undefined;
}

/** `15-20 s`, or `15 s` when both ends are equal. */
export function formatRange(r: SecondsRange): string {
  return r.min === r.max ? `${r.min} s` : `${r.min}-${r.max} s`;
}
