import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import { Problem } from '../internal/problems';
import { toIntOrString } from '../internal/api-objects';
import { checkPercentOrAbsolute } from '../internal/validators';

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
 *
 * The strategy checks its own values where it is built; a site that uses it reports the problems at
 * synth, under `strategy`.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
 */
export class RolloutStrategy {
  /**
   * Replace pods a few at a time, keeping the site serving (the zero-downtime default).
   */
  public static rollingUpdate(options: RollingUpdateOptions = {}): RolloutStrategy {
    return new RolloutStrategy(
      RolloutStrategyKind.ROLLING_UPDATE,
      options.maxSurge ?? PercentOrAbsolute.absolute(1),
      options.maxUnavailable ?? PercentOrAbsolute.absolute(0),
    );
  }

  /**
   * Kill every old pod before starting new ones. This always drops traffic: the guardrail
   * `recreate-strategy` refuses it unless exempted.
   */
  public static recreate(): RolloutStrategy {
    return new RolloutStrategy(RolloutStrategyKind.RECREATE);
  }

  /** Problems with the values, named after the options (`maxSurge`). @internal */
  public readonly _problems: Problem[];

  private constructor(
    /** `RollingUpdate` or `Recreate` (`spec.strategy.type`). */
    public readonly kind: RolloutStrategyKind,
    /** `maxSurge`; undefined for `Recreate`. */
    public readonly maxSurge?: PercentOrAbsolute,
    /** `maxUnavailable`; undefined for `Recreate`. */
    public readonly maxUnavailable?: PercentOrAbsolute,
  ) {
    const problems: Array<Problem | undefined> = [];
    if (kind === RolloutStrategyKind.ROLLING_UPDATE) {
      const surge = maxSurge?.value;
      const unavailable = maxUnavailable?.value;
      problems.push(checkPercentOrAbsolute(surge, 'maxSurge'), checkPercentOrAbsolute(unavailable, 'maxUnavailable', 100));
      if (isZero(surge) && isZero(unavailable)) {
        problems.push({
          property: 'maxSurge',
          problem: 'and maxUnavailable are both zero, so the rollout can never replace a pod',
          value: surge,
          allowed: 'maxSurge of 1 or more when maxUnavailable is 0',
          fix: 'set maxSurge: PercentOrAbsolute.absolute(1)',
        });
      }
    }
    this._problems = problems.filter((p): p is Problem => p !== undefined);
  }

  /** @internal */
  public _toKube(): k8s.DeploymentStrategy {
    if (this.kind === RolloutStrategyKind.RECREATE) {
      return { type: 'Recreate' };
    }
    return {
      type: 'RollingUpdate',
      rollingUpdate: {
        maxSurge: toIntOrString(this.maxSurge!.value),
        maxUnavailable: toIntOrString(this.maxUnavailable!.value),
      },
    };
  }
}

function isZero(v: unknown): boolean {
  return v === 0 || v === '0%';
}

/**
 * How a Deployment replaces its pods (`spec.strategy.type`).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
 */
export enum RolloutStrategyKind {
  /** Replace pods a few at a time. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Stop every old pod, then start the new ones. */
  RECREATE = 'Recreate',
}
