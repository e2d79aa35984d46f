import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { seconds } from './internal/duration';
import { toIntOrString } from './rollout/strategy';

/** The port name every website container declares; probes and the Service target it by name. */
export const HTTP_PORT_NAME = 'http';

/** Timings shared by every kind of health check. */
export interface HealthCheckOptions {
  /**
   * Wait before the first check (`initialDelaySeconds`).
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
   * `HTTP` or `HTTPS`.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** Options of `HealthCheck.tcpSocket()`. */
export interface TcpSocketHealthCheckOptions extends HealthCheckOptions {
  /**
   * Container port to open, by name or number.
   * @default 'http'
   */
  readonly port?: string | number;
}

/** The kind of a health check. */
export enum HealthCheckKind {
  HTTP_GET = 'httpGet',
  TCP_SOCKET = 'tcpSocket',
  EXEC = 'exec',
  NONE = 'none',
}

/** The probe roles, which pick the defaults. */
export type ProbeRole = 'readiness' | 'liveness' | 'startup';

/**
 * A container probe: startup, readiness or liveness.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export class HealthCheck {
  /** Calls `GET <path>` on a container port; 200–399 is healthy. */
  public static httpGet(path: string = '/', options: HttpGetHealthCheckOptions = {}): HealthCheck {
    return new HealthCheck(HealthCheckKind.HTTP_GET, options, {
      path,
      port: options.port ?? HTTP_PORT_NAME,
      scheme: options.scheme ?? 'HTTP',
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

  private constructor(
    /** What the probe does. */
    public readonly kind: HealthCheckKind,
    /** Timings as given (defaults are applied per role by `_toKube`). */
    public readonly options: HealthCheckOptions,
    /** Target details. */
    public readonly target: { path?: string; port?: string | number; scheme?: string; command?: string[] },
  ) {}

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

  /** @internal */
  public _toKube(role: ProbeRole): k8s.Probe | undefined {
    const t = this._timings(role);
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
