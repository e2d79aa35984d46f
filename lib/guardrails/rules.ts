import { AntiAffinityMode } from '../spreading';
import { allowedDisruptions, IntOrPercent, resolveIntOrPercent, resolveMaxSurge, resolveMaxUnavailable } from '../rollout/math';
import { GuardrailRule } from './rule-ids';

/**
 * What the rules look at: the objects as they will be written (after escape-hatch edits), plus the few
 * facts the objects cannot tell (how long a custom preStop hook takes, how many nodes exist).
 */
export interface GuardrailContext {
  /** The rendered Deployment. */
  readonly deployment: any;
  /** The rendered Service. */
  readonly service?: any;
  /** The rendered PodDisruptionBudget, if any. */
  readonly disruptionBudget?: any;
  /** The rendered HorizontalPodAutoscaler, if any. */
  readonly autoscaler?: any;
  /** How long the preStop hook keeps the server serving, in seconds (0: no hook). */
  readonly preStopDelaySeconds: number;
  /** Time the server needs after SIGTERM to finish in-flight requests, in seconds. */
  readonly drainSeconds: number;
  /** Anti-affinity mode and, for hard anti-affinity, the declared node count. */
  readonly antiAffinity: { readonly mode: AntiAffinityMode; readonly schedulableNodes?: number };
  /** True when the image has no digest and its tag is `latest` or missing. */
  readonly floatingImage: boolean;
}

/** One violation of a rule. */
export interface Finding {
  /** The property to change, as the user spells it. */
  readonly property: string;
  /** The offending value. */
  readonly value: unknown;
  /** What would pass. */
  readonly allowed: string;
}

/** A zero-downtime rule. */
export interface Rule {
  /** Stable id (the exemption key). */
  readonly id: GuardrailRule;
  /** One line: why this drops requests. */
  readonly reason: string;
  /** How to fix it. */
  readonly fix: string;
  /** Returns the violations, if any. */
  check(ctx: GuardrailContext): Finding[];
}

const container = (ctx: GuardrailContext) => ctx.deployment?.spec?.template?.spec?.containers?.[0] ?? {};

/** Replicas the site runs with at its smallest: `spec.replicas`, or the HPA's `minReplicas`. */
export function effectiveReplicas(ctx: GuardrailContext): number {
  const replicas = ctx.deployment?.spec?.replicas;
  if (typeof replicas === 'number') return replicas;
  const min = ctx.autoscaler?.spec?.minReplicas;
  return typeof min === 'number' ? min : 1;
}

function declaredPort(ctx: GuardrailContext, port: unknown): boolean {
  const ports: any[] = container(ctx).ports ?? [];
  return ports.some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
}

function probeTarget(probe: any): unknown {
  return probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
}

function rolling(ctx: GuardrailContext): { maxSurge: IntOrPercent; maxUnavailable: IntOrPercent } | undefined {
  const s = ctx.deployment?.spec?.strategy;
  if (s?.type === 'Recreate') return undefined;
  return { maxSurge: s?.rollingUpdate?.maxSurge ?? '25%', maxUnavailable: s?.rollingUpdate?.maxUnavailable ?? '25%' };
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}

/** The table of zero-downtime rules, in the order they are reported. */
export const RULES: readonly Rule[] = [
  {
    id: GuardrailRule.READINESS_PROBE_MISSING,
    reason: 'without a readiness probe a new pod gets requests before it can serve them',
    fix: "set readiness: HealthCheck.httpGet('/')",
    check: (ctx) => (container(ctx).readinessProbe ? [] : [{ property: 'readiness', value: 'none', allowed: 'a readiness probe' }]),
  },
  {
    id: GuardrailRule.READINESS_PORT,
    reason: 'a readiness probe on a port the container does not declare never tells the truth about the server',
    fix: "probe the container port by its name 'http'",
    check: (ctx) => {
      const port = probeTarget(container(ctx).readinessProbe);
      return port === undefined || declaredPort(ctx, port)
        ? []
        : [{ property: 'readiness.port', value: port, allowed: `a declared container port (${(container(ctx).ports ?? []).map((p: any) => `${p.name}/${p.containerPort}`).join(', ')})` }];
    },
  },
  {
    id: GuardrailRule.RECREATE_STRATEGY,
    reason: 'Recreate stops every old pod before any new pod is Ready',
    fix: 'use strategy: RolloutStrategy.rollingUpdate()',
    check: (ctx) => (ctx.deployment?.spec?.strategy?.type === 'Recreate' ? [{ property: 'strategy', value: 'Recreate', allowed: 'RollingUpdate' }] : []),
  },
  {
    id: GuardrailRule.ROLLING_UPDATE_MAX_UNAVAILABLE,
    reason: 'maxUnavailable above 0 removes serving pods before their replacements are Ready',
    fix: 'set maxUnavailable: PercentOrAbsolute.absolute(0) and let maxSurge add pods instead',
    check: (ctx) => {
      const r = rolling(ctx);
      if (!r) return [];
      // A percentage grows with the replica count: check it at the largest size the site can reach.
      const replicas = ctx.autoscaler?.spec?.maxReplicas ?? effectiveReplicas(ctx);
      const down = resolveMaxUnavailable(r.maxUnavailable, replicas);
      return down > 0 ? [{ property: 'maxUnavailable', value: r.maxUnavailable, allowed: `a value that resolves to 0 of ${replicas} replicas` }] : [];
    },
  },
  {
    id: GuardrailRule.DEPLOYMENT_REPLICAS,
    reason: 'with a single pod every node drain, eviction or crash takes the site down',
    fix: 'set replicas (or autoscaling.minReplicas) to 2 or more',
    check: (ctx) => {
      const replicas = effectiveReplicas(ctx);
      const property = ctx.autoscaler ? 'autoscaling.minReplicas' : 'replicas';
      return replicas < 2 ? [{ property, value: replicas, allowed: '2 or more' }] : [];
    },
  },
  {
    id: GuardrailRule.PRESTOP_DELAY_MISSING,
    reason: 'the server gets SIGTERM while kube-proxy and load balancers still send it requests',
    fix: 'set preStop: PreStopHook.execSleep(Duration.seconds(5)) (or PreStopHook.sleep() on Kubernetes >= 1.30)',
    check: (ctx) => (ctx.preStopDelaySeconds > 0 ? [] : [{ property: 'preStop', value: 'none', allowed: 'a delay of 1 second or more' }]),
  },
  {
    id: GuardrailRule.PRESTOP_EXCEEDS_GRACE_PERIOD,
    reason: 'the kubelet kills the server before the preStop delay and the drain time are over',
    fix: 'raise terminationGracePeriod above preStop delay + drainTimeout, or shorten them',
    check: (ctx) => {
      const grace = num(ctx.deployment?.spec?.template?.spec?.terminationGracePeriodSeconds, 30);
      const needed = ctx.preStopDelaySeconds + ctx.drainSeconds;
      return grace > needed
        ? []
        : [{ property: 'terminationGracePeriod', value: `${grace}s`, allowed: `more than preStop delay + drainTimeout = ${needed}s` }];
    },
  },
  {
    id: GuardrailRule.POD_PROBES_IDENTICAL,
    reason: 'when readiness and liveness are the same check, a slow moment restarts pods instead of just taking them out of the Service',
    fix: 'use a different liveness check, e.g. liveness: HealthCheck.tcpSocket() or another path',
    check: (ctx) => {
      const c = container(ctx);
      if (!c.readinessProbe || !c.livenessProbe) return [];
      const strip = (p: any) => JSON.stringify({ ...p, successThreshold: undefined, failureThreshold: undefined, periodSeconds: undefined, initialDelaySeconds: undefined, timeoutSeconds: undefined });
      return strip(c.readinessProbe) === strip(c.livenessProbe) ? [{ property: 'liveness', value: c.livenessProbe.httpGet?.path ?? 'same as readiness', allowed: 'a check different from readiness' }] : [];
    },
  },
  {
    id: GuardrailRule.PROGRESS_DEADLINE_TOO_SHORT,
    reason: 'a deadline shorter than one surge wave marks every rollout failed (Argo CD shows the Deployment Degraded)',
    fix: 'raise progressDeadline or shorten the probe timings and minReady',
    check: (ctx) => {
      const spec = ctx.deployment?.spec ?? {};
      const c = container(ctx);
      const deadline = num(spec.progressDeadlineSeconds, 600);
      const minReady = num(spec.minReadySeconds, 0);
      const startup = c.startupProbe ? num(c.startupProbe.initialDelaySeconds, 0) + num(c.startupProbe.periodSeconds, 10) * num(c.startupProbe.failureThreshold, 3) : 0;
      const r = c.readinessProbe;
      const ready = r ? num(r.initialDelaySeconds, 0) + num(r.periodSeconds, 10) * num(r.successThreshold, 1) : 0;
      const wave = startup + ready + minReady;
      return deadline > wave && deadline > minReady
        ? []
        : [{ property: 'progressDeadline', value: `${deadline}s`, allowed: `more than one surge wave = startup ${startup}s + readiness ${ready}s + minReady ${minReady}s = ${wave}s` }];
    },
  },
  {
    id: GuardrailRule.PDB_DISRUPTIONS_IS_ZERO,
    reason: 'a budget that allows no eviction blocks every node drain and cluster upgrade',
    fix: 'use disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1))',
    check: (ctx) => {
      const spec = ctx.disruptionBudget?.spec;
      if (!spec) return [];
      // minAvailable against an autoscaler is the rule pdb-min-available-above-hpa-min
      if (ctx.autoscaler && spec.maxUnavailable === undefined) return [];
      const replicas = effectiveReplicas(ctx);
      if (allowedDisruptions(spec, replicas) > 0) return [];
      const property = spec.maxUnavailable !== undefined ? 'disruptionBudget.maxUnavailable' : 'disruptionBudget.minAvailable';
      return [{ property, value: spec.maxUnavailable ?? spec.minAvailable, allowed: `a budget that lets at least 1 of ${replicas} pods be evicted` }];
    },
  },
  {
    id: GuardrailRule.PDB_MIN_AVAILABLE_ABOVE_HPA_MIN,
    reason: 'when the autoscaler sits at minReplicas, a larger minAvailable blocks every eviction',
    fix: 'lower disruptionBudget minAvailable below autoscaling.minReplicas, or use maxUnavailable',
    check: (ctx) => {
      const minAvailable = ctx.disruptionBudget?.spec?.minAvailable;
      const minReplicas = ctx.autoscaler?.spec?.minReplicas;
      if (minAvailable === undefined || typeof minReplicas !== 'number') return [];
      const needed = resolveIntOrPercent(minAvailable, minReplicas, 'up');
      return needed >= minReplicas ? [{ property: 'disruptionBudget.minAvailable', value: minAvailable, allowed: `less than autoscaling.minReplicas (${minReplicas})` }] : [];
    },
  },
  {
    id: GuardrailRule.MUTABLE_IMAGE_TAG,
    reason: 'a `latest` or missing tag is only re-pulled with imagePullPolicy Always; otherwise nodes keep running different stale images',
    fix: 'pin a version tag or digest (recommended), or set imagePullPolicy: ImagePullPolicy.ALWAYS',
    check: (ctx) => {
      const policy = container(ctx).imagePullPolicy;
      return ctx.floatingImage && policy !== 'Always' ? [{ property: 'imagePullPolicy', value: policy ?? 'IfNotPresent', allowed: "'Always' for a mutable tag" }] : [];
    },
  },
  {
    id: GuardrailRule.SERVICE_SELECTOR_MISMATCH,
    reason: 'a Service whose selector does not match the pod labels has no endpoints',
    fix: 'do not edit the Service selector; it must equal the Deployment selector',
    check: (ctx) => {
      const selector: Record<string, string> | undefined = ctx.service?.spec?.selector;
      if (!ctx.service) return [];
      const labels = ctx.deployment?.spec?.template?.metadata?.labels ?? {};
      const ok = selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
      return ok ? [] : [{ property: 'service.spec.selector', value: selector ?? {}, allowed: `a subset of the pod labels ${JSON.stringify(labels)}` }];
    },
  },
  {
    id: GuardrailRule.SERVICE_TARGET_PORT_MISMATCH,
    reason: 'a Service targetPort the container does not declare sends every request to a closed port',
    fix: "target the container port by its name 'http'",
    check: (ctx) => {
      const ports: any[] = ctx.service?.spec?.ports ?? [];
      return ports
        .filter((p) => !declaredPort(ctx, p.targetPort ?? p.port))
        .map((p) => ({ property: 'service.spec.ports.targetPort', value: p.targetPort ?? p.port, allowed: "a declared container port, e.g. 'http'" }));
    },
  },
  {
    id: GuardrailRule.HARD_ANTI_AFFINITY_CAPACITY,
    reason: 'with hard anti-affinity each pod needs its own node; without a free node the surge pod stays Pending and the rollout stalls',
    fix: 'use PodAntiAffinity.preferred(), or declare enough schedulableNodes',
    check: (ctx) => {
      if (ctx.antiAffinity.mode !== AntiAffinityMode.REQUIRED) return [];
      const replicas = ctx.autoscaler?.spec?.maxReplicas ?? effectiveReplicas(ctx);
      const r = rolling(ctx);
      const needed = replicas + (r ? resolveMaxSurge(r.maxSurge, replicas) : 0);
      const nodes = ctx.antiAffinity.schedulableNodes ?? 0;
      return nodes >= needed ? [] : [{ property: 'antiAffinity.schedulableNodes', value: nodes, allowed: `at least replicas + maxSurge = ${needed}` }];
    },
  },
];
