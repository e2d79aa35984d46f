import {
  DEFAULT_DRAIN_SECONDS,
  DEREGISTRATION_SECONDS_ANNOTATION,
  DRAIN_SECONDS_ANNOTATION,
  PRESTOP_SECONDS_ANNOTATION,
  SCHEDULABLE_NODES_ANNOTATION,
  SHUTDOWN_DELAY_SECONDS_ANNOTATION,
} from './annotations';
import { asArray, asNumber, asObject, asString, asStringMap, get, JsonObject } from './json';
import { matches, readLabelSelector } from './label-selector';
import { Workload } from './workloads';

/*
 * Facts the rules need, read from the objects alone. Where Kubernetes has no field for a fact (how long
 * the server drains, how long a custom hook takes, how many nodes exist), an annotation tells it
 * (annotations.ts); the construct writes those annotations, plain YAML may.
 */

/** Kubernetes' default `terminationGracePeriodSeconds`. */
const DEFAULT_GRACE_SECONDS = 30;

/** The pod spec of a Deployment's template. */
export function podSpec(w: Workload): JsonObject | undefined {
  return asObject(get(w.controller.object, 'spec', 'template', 'spec'));
}

/**
 * The port a Service port sends to, as the API server defaults it: `targetPort`, or `port` when
 * `targetPort` is absent, `0` or `""`. A number, or a port name the pods must declare.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
 */
export function serviceTargetPort(servicePort: unknown): number | string | undefined {
  const target = get(servicePort, 'targetPort');
  if (target === undefined || target === null || target === 0 || target === '') return asNumber(get(servicePort, 'port'));
  return typeof target === 'number' || typeof target === 'string' ? target : undefined;
}

/** The serving container: the one declaring a port a selecting Service targets, else the first one. */
export function servingContainer(w: Workload): { container: JsonObject; index: number } {
  const containers = asArray(get(podSpec(w), 'containers'));
  const targets = w.services.flatMap((s) => asArray(get(s.object, 'spec', 'ports')).map(serviceTargetPort));
  for (let i = 0; i < containers.length; i++) {
    const ports = asArray(get(containers[i], 'ports'));
    if (targets.some((t) => ports.some((p) => portMatches(p, t)))) return { container: asObject(containers[i]) ?? {}, index: i };
  }
  return { container: asObject(containers[0]) ?? {}, index: 0 };
}

/**
 * True when a container port entry is the port `target` names: a number is a `containerPort`, a string
 * a port `name` (the API server reads a quoted `"8080"` as a name, and refuses it: the shape check
 * reports it).
 */
export function portMatches(port: unknown, target: unknown): boolean {
  if (typeof target === 'number') return asNumber(get(port, 'containerPort')) === target;
  if (typeof target === 'string') return asString(get(port, 'name')) === target;
  return false;
}

/**
 * What a probe checks, as one comparable string, or undefined without a handler: the handler and
 * where it goes (HTTP scheme, host, port, path; TCP host and port; gRPC port and service; the exec
 * command). Timing fields, thresholds and `httpHeaders` do not change what is checked: two probes
 * that differ only there hit the same endpoint. A port name is resolved to the container's number,
 * and the defaults the API server fills in (`path` `/`, `scheme` `HTTP`) are applied.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe
 */
export function probeCheck(probe: unknown, container: JsonObject): string | undefined {
  const port = (p: unknown): unknown => {
    if (typeof p !== 'string') return p;
    const named = asArray(container.ports).find((cp) => asString(get(cp, 'name')) === p);
    return asNumber(get(named, 'containerPort')) ?? p;
  };
  const http = asObject(get(probe, 'httpGet'));
  if (http) return JSON.stringify(['http', asString(http.scheme) ?? 'HTTP', asString(http.host) ?? '', port(http.port), asString(http.path) || '/']);
  const tcp = asObject(get(probe, 'tcpSocket'));
  if (tcp) return JSON.stringify(['tcp', asString(tcp.host) ?? '', port(tcp.port)]);
  const grpc = asObject(get(probe, 'grpc'));
  if (grpc) return JSON.stringify(['grpc', grpc.port, asString(grpc.service) ?? '']);
  const exec = asObject(get(probe, 'exec'));
  if (exec) return JSON.stringify(['exec', asArray(exec.command)]);
  return undefined;
}

/**
 * True when each pod of the workload binds a port of its node (`hostNetwork`, or a `hostPort`): a
 * second pod of it cannot run on the same node, so a DaemonSet of it cannot surge (the new pod of a
 * node stays Pending until the old one is gone).
 * @see https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/#performing-a-rolling-update
 */
export function hostBound(w: Workload): boolean {
  const spec = podSpec(w);
  return get(spec, 'hostNetwork') === true || asArray(get(spec, 'containers')).some((c) => asArray(get(c, 'ports')).some((p) => (asNumber(get(p, 'hostPort')) ?? 0) > 0));
}

/** How the preStop hook waits, and for how long. */
export interface PreStopFact {
  /** `none`: no hook; `sleep`: native action; `exec`: a command whose leading sleep was read; `declared`: from the annotation; `unknown`: a hook of unknown duration. */
  readonly kind: 'none' | 'sleep' | 'exec' | 'declared' | 'unknown';
  /** Seconds the server keeps serving after termination starts (undefined when unknown). */
  readonly seconds?: number;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox']);
const LEADING_SLEEP = /^\s*(?:exec\s+)?(?:\/(?:usr\/)?bin\/)?sleep\s+(\d+(?:\.\d+)?)s?(?:\s*(?:$|;|&&|\|\|))/;

/**
 * The preStop delay, read from the hook: the native `sleep` action, `exec` of `sleep N`, or a shell
 * running `sleep N` first (`sh -c "sleep 5 && nginx -s quit"`: 5 s). Only a leading sleep counts: a
 * command that stops the server first does not keep it serving. Other hooks read the
 * `zero-downtime.cdk8s.io/prestop-seconds` annotation of the Deployment, else are unknown.
 */
export function preStopFact(w: Workload, container: JsonObject): PreStopFact {
  const preStop = asObject(get(container, 'lifecycle', 'preStop'));
  if (!preStop) {
    // no hook: the server itself may keep serving after SIGTERM, when the manifest says so
    const own = annotationSeconds(w, SHUTDOWN_DELAY_SECONDS_ANNOTATION);
    return own !== undefined && own > 0 ? { kind: 'declared', seconds: own } : { kind: 'none', seconds: 0 };
  }
  const native = asNumber(get(preStop, 'sleep', 'seconds'));
  if (native !== undefined) return { kind: 'sleep', seconds: native };
  const command = asArray(get(preStop, 'exec', 'command')).filter((c): c is string => typeof c === 'string');
  const exec = execSleepSeconds(command);
  if (exec !== undefined) return { kind: 'exec', seconds: exec };
  const declared = annotationSeconds(w, PRESTOP_SECONDS_ANNOTATION);
  if (declared !== undefined) return { kind: 'declared', seconds: declared };
  return { kind: 'unknown' };
}

/** Seconds of a leading `sleep N` in an exec command, or undefined. */
export function execSleepSeconds(command: readonly string[]): number | undefined {
  if (command.length === 0) return undefined;
  const base = (s: string) => s.slice(s.lastIndexOf('/') + 1);
  if (base(command[0]) === 'sleep' && command.length >= 2) {
    const m = /^(\d+(?:\.\d+)?)s?$/.exec(command[1].trim());
    return m ? Number(m[1]) : undefined;
  }
  // sh -c "sleep 5 && ..." (also busybox sh -c, bash -lc)
  const shellAt = SHELLS.has(base(command[0])) ? (base(command[0]) === 'busybox' && command[1] === 'sh' ? 1 : 0) : -1;
  if (shellAt < 0) return undefined;
  const flagIndex = command.findIndex((c, i) => i > shellAt && /^-[a-z]*c[a-z]*$/.test(c));
  const script = flagIndex > 0 ? command[flagIndex + 1] : undefined;
  if (script === undefined) return undefined;
  const m = LEADING_SLEEP.exec(script);
  return m ? Number(m[1]) : undefined;
}

/** A numeric annotation of the Deployment, in seconds (undefined when absent or not a number). */
function annotationSeconds(w: Workload, key: string): number | undefined {
  return secondsAnnotation(w.controller.object, key);
}

/** A numeric annotation of any object, in seconds (undefined when absent or not a number). */
function secondsAnnotation(object: unknown, key: string): number | undefined {
  const raw = asStringMap(get(object, 'metadata', 'annotations'))[key];
  if (raw === undefined || !/^\d+(\.\d+)?$/.test(raw.trim())) return undefined;
  return Number(raw);
}

/** Seconds the server drains after SIGTERM: the annotation, else `DEFAULT_DRAIN_SECONDS`. */
export function drainSeconds(w: Workload): number {
  return annotationSeconds(w, DRAIN_SECONDS_ANNOTATION) ?? DEFAULT_DRAIN_SECONDS;
}

/** `terminationGracePeriodSeconds`, or Kubernetes' default 30. */
export function graceSeconds(w: Workload): number {
  return asNumber(get(podSpec(w), 'terminationGracePeriodSeconds')) ?? DEFAULT_GRACE_SECONDS;
}

/** `spec.strategy.type` as the Deployment controller reads it. */
export interface StrategyTypeFact {
  /** The strategy that runs: `Recreate` only when the field says so, else `RollingUpdate` (the default). */
  readonly type: 'RollingUpdate' | 'Recreate';
  /** The field as written when it is a string other than `RollingUpdate` and `Recreate`: the API server refuses it. */
  readonly refused?: string;
}

/**
 * The Deployment's strategy type: `Recreate`, or `RollingUpdate` when the field is `RollingUpdate`,
 * missing or not a string. An unknown string is kept in `refused` (and planned as `RollingUpdate`).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
 */
export function strategyType(w: Workload): StrategyTypeFact {
  if (w.kind !== 'Deployment') return { type: 'RollingUpdate' };
  const type = asString(get(w.controller.object, 'spec', 'strategy', 'type'));
  if (type === 'Recreate') return { type };
  return type === undefined || type === 'RollingUpdate' ? { type: 'RollingUpdate' } : { type: 'RollingUpdate', refused: type };
}

/** True when required pod anti-affinity on `kubernetes.io/hostname` selects the Deployment's own pods. */
export function hardHostAntiAffinity(w: Workload): boolean {
  const terms = asArray(get(podSpec(w), 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'));
  return terms.some((t) => asString(get(t, 'topologyKey')) === 'kubernetes.io/hostname' && matches(readLabelSelector(get(t, 'labelSelector')), w.podLabels));
}

/** Declared schedulable nodes (annotation), or undefined. */
export function schedulableNodes(w: Workload): number | undefined {
  return annotationSeconds(w, SCHEDULABLE_NODES_ANNOTATION);
}

/**
 * Most pods (old and new, not counting terminating ones) that exist at once during a rollout of
 * `replicas` pods with `surge` extra pods allowed (`maxSurge` resolved to pods; 0 for `Recreate`): the
 * controller keeps old + new pods at most `replicas + surge` and never creates more than `replicas`
 * new pods, so the peak is `replicas + min(surge, replicas)`. With required anti-affinity on
 * `kubernetes.io/hostname` each of them needs a node of its own. The rule
 * `hard-anti-affinity-capacity` and the plan's `peakPods` both count it so.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge
 */
export function rolloutPeakPods(replicas: number, surge: number): number {
  return replicas + Math.min(surge, replicas);
}

/**
 * How traffic reaches a site's pods: in-cluster clients through the Service's virtual IP (kube-proxy
 * or an eBPF replacement), a port on every node, a cloud load balancer in front of node ports or pod
 * IPs, or an ingress controller or Gateway API implementation watching the Service's endpoints. The
 * first three are the Service types.
 */
export type TrafficPath = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Ingress' | 'HTTPRoute';

/**
 * Seconds each path takes, after a pod starts terminating, to stop sending it new requests; the preStop
 * delay must cover it. Sources in docs/guardrails.md ("preStop by traffic path").
 */
export const PATH_SECONDS: Readonly<Record<TrafficPath, number>> = {
  // EndpointSlice update, then every node's kube-proxy resync: normally 1-2 s, 5 s covers a busy control plane.
  ClusterIP: 5,
  NodePort: 5,
  // Cloud load balancers deregister targets by health check or API call: public reports 10-30 s.
  LoadBalancer: 15,
  // Ingress controllers and gateways watch endpoints and update their upstreams: public reports 10-30 s.
  Ingress: 15,
  HTTPRoute: 15,
};

/**
 * The slowest path that reaches a workload and the seconds it needs. A Service's
 * `zero-downtime.cdk8s.io/deregistration-seconds` annotation declares the time of the whole path through
 * that Service (load balancer, ingress or gateway included) and then replaces the defaults.
 */
export function slowestPath(w: Workload): { path: TrafficPath; seconds: number; declared: boolean } | undefined {
  const front: TrafficPath | undefined = w.routes.length > 0 ? 'HTTPRoute' : w.ingresses.length > 0 ? 'Ingress' : undefined;
  let best: { path: TrafficPath; seconds: number; declared: boolean } | undefined;
  for (const s of w.services) {
    const type = asString(get(s.object, 'spec', 'type')) ?? 'ClusterIP';
    const own: TrafficPath = type === 'NodePort' || type === 'LoadBalancer' ? type : 'ClusterIP';
    const declared = secondsAnnotation(s.object, DEREGISTRATION_SECONDS_ANNOTATION);
    const path = front && PATH_SECONDS[front] > PATH_SECONDS[own] ? front : own;
    const candidate = declared !== undefined ? { path, seconds: declared, declared: true } : { path, seconds: PATH_SECONDS[path], declared: false };
    if (!best || (candidate.declared && !best.declared) || (candidate.declared === best.declared && candidate.seconds > best.seconds)) best = candidate;
  }
  return best;
}
