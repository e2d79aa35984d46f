import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import { IntOrPercent } from './math';

/** Options of `RolloutStrategy.rollingUpdate()`. */
export interface RollingUpdateOptions {
  /**
   * Pods created above `replicas` during a rollout. Percentages round up.
   *
   * One extra pod keeps full serving capacity during the rollout at the least extra cost.
   * @default PercentOrAbsolute.absolute(1)
   */
  readonly maxSurge?: PercentOrAbsolute;

  /**
   * Pods that may be unavailable during a rollout. Percentages round down.
   *
   * Zero: an old pod is only removed once its replacement is Ready, so capacity never drops. The
   * Kubernetes default (25%) already allows one pod down from 4 replicas, which is why it is explicit.
   * @default PercentOrAbsolute.absolute(0)
   */
  readonly maxUnavailable?: PercentOrAbsolute;
}

/**
 * How a Deployment replaces old pods with new ones.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
 */
export class RolloutStrategy {
  /**
   * Replace pods a few at a time, keeping the site serving (the zero-downtime default).
   */
  public static rollingUpdate(options: RollingUpdateOptions = {}): RolloutStrategy {
    return new RolloutStrategy(
      'RollingUpdate',
      (options.maxSurge ?? PercentOrAbsolute.absolute(1)).value as IntOrPercent,
      (options.maxUnavailable ?? PercentOrAbsolute.absolute(0)).value as IntOrPercent,
    );
  }

  /**
   * Kill every old pod before starting new ones. This always drops traffic: the guardrail
   * `recreate-strategy` refuses it unless exempted.
   */
  public static recreate(): RolloutStrategy {
    return new RolloutStrategy('Recreate');
  }

  private constructor(
    /** `RollingUpdate` or `Recreate`. */
    public readonly type: 'RollingUpdate' | 'Recreate',
    /** `maxSurge` as Kubernetes receives it (count or `'N%'`); undefined for Recreate. */
    public readonly maxSurge?: IntOrPercent,
    /** `maxUnavailable` as Kubernetes receives it; undefined for Recreate. */
    public readonly maxUnavailable?: IntOrPercent,
  ) {}

  /** @internal */
  public _toKube(): k8s.DeploymentStrategy {
    if (this.type === 'Recreate') {
      return { type: 'Recreate' };
    }
    return {
      type: 'RollingUpdate',
      rollingUpdate: {
        maxSurge: toIntOrString(this.maxSurge!),
        maxUnavailable: toIntOrString(this.maxUnavailable!),
      },
    };
  }
}

/** @internal */
export function toIntOrString(value: IntOrPercent): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}
