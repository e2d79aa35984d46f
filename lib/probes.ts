import { Duration } from 'cdk8s';
import { ConnectionScheme, k8s } from 'cdk8s-plus-27';
import { toIntOrString } from './internal/api-objects';
import { seconds } from './internal/duration';
import { Problem, ProblemList } from './internal/problems';
import { checkHttpPath, checkIntegerRange, checkPort, checkPortName, checkWholeSeconds, MAX_INT32 } from './internal/validators';

/** The port name every website container declares; probes and the Service target it by name. */
export const HTTP_PORT_NAME = 'http';

/** Timings shared by every kind of health check. */
export interface HealthCheckOptions {
  /**
   * Wait before the first check (`initialDelaySeconds`). Zero is not rendered: it is Kubernetes'
   * default, and the API server drops the zero value, so the live object would differ from the manifest.
   * @default Duration.seconds(0) - readiness gates traffic anyway; use a startup probe for slow boots
   */
  readonly initialDelay?: Duration;

  /**
   * Time between checks (`periodSeconds`). Short for readiness, so a new pod takes traffic quickly.
   * @default Duration.seconds(5) for readiness, Duration.seconds(10) for liveness and startup
   */
  readonly period?: Duration;

  /**
   * Time one check may take (`timeoutSeconds`). The Kubernetes default (1 s) fails probes on a busy node.
   * @default Duration.seconds(2)
   */
  readonly timeout?: Duration;

  /**
   * Consecutive successes to count as healthy (`successThreshold`). Must be 1 for liveness and startup.
   * @default 1
   */
  readonly successThreshold?: number;

  /**
   * Consecutive failures to count as unhealthy (`failureThreshold`).
   * @default 3 (30 for a startup probe: 30 × 10 s gives a slow boot 5 minutes)
   */
  readonly failureThreshold?: number;
}

/** Options of `HealthCheck.httpGet()`. */
export interface HttpGetHealthCheckOptions extends HealthCheckOptions {
  /**
   * Container port to call, by name or number.
   * @default 'http' - the website container's named port
   */
  readonly port?: string | number;

  /**
   * `HTTP` or `HTTPS` (the kubelet does not verify the certificate).
   * @default ConnectionScheme.HTTP
   */
  readonly scheme?: ConnectionScheme;
}

/** Options of `HealthCheck.tcpSocket()`. */
export interface TcpSocketHealthCheckOptions extends HealthCheckOptions {
  /**
   * Container port to open, by name or number.
   * @default 'http'
   */
  readonly port?: string | number;
}

/** What a health check calls: the fields its kind uses. */
export interface HealthCheckTarget {
  /** The HTTP path (`httpGet`). */
  readonly path?: string;
  /** The container port, by name or number (`httpGet`, `tcpSocket`). */
  readonly port?: string | number;
  /** `HTTP` or `HTTPS` (`httpGet`). */
  readonly scheme?: ConnectionScheme;
  /** The command and its arguments (`exec`). */
  readonly command?: string[];
}

/** The order problems are reported in: the timings, then the target. */
const PROBLEM_ORDER = ['initialDelay', 'period', 'timeout', 'failureThreshold', 'successThreshold', 'path', 'port', 'command'];

/** The probe roles, which pick the defaults. */
export type ProbeRole = 'readiness' | 'liveness' | 'startup';

/**
 * A container probe: startup, readiness or liveness. A health check checks its own values where it is
 * built; a site that uses it reports the problems at synth, under the prop (`readiness.period`).
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export class HealthCheck {
  /** Calls `GET <path>` on a container port; 200–399 is healthy. */
  public static httpGet(path: string = '/', options: HttpGetHealthCheckOptions = {}): HealthCheck {
    return new HealthCheck(HealthCheckKind.HTTP_GET, options, {
      path,
      port: options.port ?? HTTP_PORT_NAME,
      scheme: options.scheme ?? ConnectionScheme.HTTP,
    });
  }

  /** Opens a TCP connection to a container port: healthy while the server accepts connections. */
  public static tcpSocket(options: TcpSocketHealthCheckOptions = {}): HealthCheck {
    return new HealthCheck(HealthCheckKind.TCP_SOCKET, options, { port: options.port ?? HTTP_PORT_NAME });
  }

  /** Runs a command in the container; exit code 0 is healthy. */
  public static exec(command: string[], options: HealthCheckOptions = {}): HealthCheck {
    return new HealthCheck(HealthCheckKind.EXEC, options, { command: [...command] });
  }

  /**
   * No probe. For readiness this drops requests during every rollout, so the guardrail
   * `readiness-probe-missing` refuses it unless exempted.
   */
  public static none(): HealthCheck {
    return new HealthCheck(HealthCheckKind.NONE, {}, {});
  }

  /** Problems with the timings and the target (`period`, `path`, ...). @internal */
  public readonly _problems: Problem[];

  private constructor(
    /** What the probe does. */
    public readonly kind: HealthCheckKind,
    /** Timings as given (defaults are applied per role by `_toKube`). */
    public readonly options: HealthCheckOptions,
    /** Target details. */
    public readonly target: HealthCheckTarget,
  ) {
    const problems = new ProblemList();
    if (kind !== HealthCheckKind.NONE) {
      const o = options;
      if (o.initialDelay !== undefined) problems.add(checkWholeSeconds(o.initialDelay, 'initialDelay', 0));
      if (o.period !== undefined) problems.add(checkWholeSeconds(o.period, 'period', 1));
      if (o.timeout !== undefined) problems.add(checkWholeSeconds(o.timeout, 'timeout', 1));
      if (o.failureThreshold !== undefined) problems.add(checkIntegerRange(o.failureThreshold, 'failureThreshold', 1, MAX_INT32));
      if (o.successThreshold !== undefined) problems.add(checkIntegerRange(o.successThreshold, 'successThreshold', 1, MAX_INT32));
      if (kind === HealthCheckKind.HTTP_GET) problems.add(checkHttpPath(target.path, 'path'));
      const port = target.port;
      if (port !== undefined) problems.add(typeof port === 'number' ? checkPort(port, 'port') : checkPortName(port, 'port'));
      if (kind === HealthCheckKind.EXEC && (!target.command || target.command.length === 0)) {
        problems.add({ property: 'command', problem: 'is empty', value: target.command, allowed: 'a command and its arguments', fix: "e.g. HealthCheck.exec(['cat', '/tmp/ready'])" });
      }
    }
    this._problems = problems.all;
  }

  /**
   * The problems of this check in a role (`readiness`, `liveness`, `startup`), named after the prop:
   * its own, and a `successThreshold` other than 1 outside readiness (the API server refuses it).
   * @internal
   */
  public _problemsAs(role: ProbeRole): Problem[] {
    const own = this._problems.filter((x) => !(role !== 'readiness' && x.property === 'successThreshold'));
    const threshold = this.options.successThreshold;
    const roleProblem: Problem[] = this.kind !== HealthCheckKind.NONE && role !== 'readiness' && threshold !== undefined && threshold !== 1
      ? [{ property: 'successThreshold', problem: `must be 1 for a ${role} probe`, value: threshold, allowed: '1', fix: 'remove successThreshold' }]
      : [];
    const order = (x: Problem) => PROBLEM_ORDER.indexOf(x.property);
    return [...own, ...roleProblem].sort((a, b) => order(a) - order(b)).map((x) => ({ ...x, property: `${role}.${x.property}` }));
  }

  /** Effective timings for a role, in seconds. @internal */
  public _timings(role: ProbeRole) {
    const o = this.options;
    return {
      initialDelaySeconds: seconds(o.initialDelay ?? Duration.seconds(0)),
      periodSeconds: seconds(o.period ?? Duration.seconds(role === 'readiness' ? 5 : 10)),
      timeoutSeconds: seconds(o.timeout ?? Duration.seconds(2)),
      successThreshold: o.successThreshold ?? 1,
      failureThreshold: o.failureThreshold ?? (role === 'startup' ? 30 : 3),
    };
  }

  /**
   * The probe as Kubernetes writes it: timings with defaults applied, but no zero `initialDelaySeconds`
   * (the API server omits zero values, `omitempty` in the API types, so rendering it would make every
   * diff against the live object show a change). @internal
   */
  public _toKube(role: ProbeRole): k8s.Probe | undefined {
    const { initialDelaySeconds, ...rest } = this._timings(role);
    const t = initialDelaySeconds === 0 ? rest : { initialDelaySeconds, ...rest };
    switch (this.kind) {
      case HealthCheckKind.NONE:
        return undefined;
      case HealthCheckKind.HTTP_GET:
        return { httpGet: { path: this.target.path, port: toIntOrString(this.target.port!), scheme: this.target.scheme }, ...t };
      case HealthCheckKind.TCP_SOCKET:
        return { tcpSocket: { port: toIntOrString(this.target.port!) }, ...t };
      case HealthCheckKind.EXEC:
        return { exec: { command: this.target.command }, ...t };
    }
  }
}

/** The kind of a health check: what it calls in the container. */
export enum HealthCheckKind {
  /** `GET` on a path of a port. */
  HTTP_GET = 'httpGet',
  /** A TCP connection to a port. */
  TCP_SOCKET = 'tcpSocket',
  /** A command in the container. */
  EXEC = 'exec',
  /** No probe. */
  NONE = 'none',
}
