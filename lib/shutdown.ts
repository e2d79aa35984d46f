import { Duration, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { seconds } from './internal/duration';
import { Problem } from './internal/problems';
import { checkWholeSeconds } from './internal/validators';

/** How a `PreStopHook` waits. */
export enum PreStopKind {
  /** `exec: [sleep, N]`: works on every cluster, needs a `sleep` binary in the image. */
  EXEC_SLEEP = 'execSleep',
  /** The native `sleep` lifecycle action: Kubernetes ≥ 1.30 (beta, on by default), no binary needed. The default from `kubernetesVersion` 1.30. */
  NATIVE_SLEEP = 'sleep',
  /** A handler of the user's own, with a declared duration. */
  CUSTOM = 'custom',
  /** No preStop hook. */
  NONE = 'none',
}

/**
 * What runs before a pod's container gets SIGTERM. The hook checks its delay where it is built; a site
 * that uses it reports the problem at synth, under `preStop`.
 *
 * When a pod is deleted, Kubernetes removes it from the Service endpoints **at the same time** as it
 * starts the shutdown. Without a delay, the server may stop before every kube-proxy, ingress controller
 * and load balancer has stopped sending it requests, and those requests fail. A short sleep in preStop
 * keeps the server serving until the rest of the cluster has caught up.
 *
 * The default hook sleeps as long as the slowest path to the pod needs (docs/guardrails.md, "preStop by
 * traffic path"), with the native `sleep` action when the site's `kubernetesVersion` is 1.30 or newer
 * and `exec: [sleep, N]` below.
 * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
 */
export class PreStopHook {
  /**
   * `exec: ['sleep', '<seconds>']`. Works on Kubernetes 1.27+, but the image must contain a `sleep`
   * binary (busybox, alpine, debian, nginx images do; distroless and `scratch` images do not — use
   * `PreStopHook.sleep()` there on Kubernetes ≥ 1.30). Without the binary the hook fails, and the
   * kubelet sends SIGTERM at once: the delay is lost.
   */
  public static execSleep(delay: Duration): PreStopHook {
    return new PreStopHook(PreStopKind.EXEC_SLEEP, delay);
  }

  /**
   * The native `lifecycle.preStop.sleep` action: no binary needed in the image. Needs Kubernetes ≥ 1.30
   * (beta and on by default in 1.30, GA in 1.34); a 1.27–1.29 API server rejects it, and so does the
   * site's input check when its `kubernetesVersion` is set below 1.30.
   * @see https://github.com/kubernetes/enhancements/issues/3960
   */
  public static sleep(delay: Duration): PreStopHook {
    return new PreStopHook(PreStopKind.NATIVE_SLEEP, delay);
  }

  /**
   * A handler of your own (e.g. `exec: ['/app/drain']`). `duration` is how long it takes at most: the
   * termination grace period is computed from it.
   */
  public static custom(handler: k8s.LifecycleHandler, duration: Duration): PreStopHook {
    return new PreStopHook(PreStopKind.CUSTOM, duration, handler);
  }

  /** No hook. The guardrail `prestop-delay-missing` refuses it unless exempted. */
  public static none(): PreStopHook {
    return new PreStopHook(PreStopKind.NONE, Duration.seconds(0));
  }

  /** Problems with the delay, named `''` (the hook itself). @internal */
  public readonly _problems: Problem[];

  private constructor(
    /** How the hook waits. */
    public readonly kind: PreStopKind,
    /** How long the hook keeps the server serving after the pod starts terminating. */
    public readonly delay: Duration,
    /** The custom handler, for `PreStopKind.CUSTOM`. */
    public readonly handler?: k8s.LifecycleHandler,
  ) {
    const problem = checkWholeSeconds(delay, '', kind === PreStopKind.NONE ? 0 : 1);
    this._problems = problem ? [problem] : [];
  }

  /**
   * The container `lifecycle` as the 1.27 L1 classes can express it (undefined for the native sleep,
   * which is not in the 1.27 schema: see `_nativeSleepPatch`).
   * @internal
   */
  public _toKube(): k8s.Lifecycle | undefined {
    switch (this.kind) {
      case PreStopKind.EXEC_SLEEP:
        return { preStop: { exec: { command: ['sleep', String(seconds(this.delay))] } } };
      case PreStopKind.CUSTOM:
        return { preStop: this.handler };
      default:
        return undefined;
    }
  }

  /**
   * For the native sleep: the patch adding `lifecycle.preStop.sleep` to the container at JSON pointer
   * `containerPath`, to apply after the 1.27 L1 field filter (`Deployment.addPatchAfterSchemaFilter`,
   * the library's one way to render fields newer than cdk8s-plus-27).
   * @internal
   */
  public _nativeSleepPatch(containerPath: string): JsonPatch | undefined {
    return this.kind === PreStopKind.NATIVE_SLEEP
      ? JsonPatch.add(`${containerPath}/lifecycle`, { preStop: { sleep: { seconds: seconds(this.delay) } } })
      : undefined;
  }
}
