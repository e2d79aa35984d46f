import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import { IntOrPercent } from './rollout/math';
import { toIntOrString } from './rollout/strategy';

/**
 * What to do with pods that are running but not Ready when a node is drained.
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy
 */
export enum UnhealthyPodEvictionPolicy {
  /**
   * Unready pods can always be evicted. They serve nothing, so evicting them costs no availability,
   * and a crash-looping pod can never block a node drain. (kube-linter `pdb-unhealthy-pod-eviction-policy`.)
   */
  ALWAYS_ALLOW = 'AlwaysAllow',
  /** Unready pods can be evicted only while the budget is met (the Kubernetes default). */
  IF_HEALTHY_BUDGET = 'IfHealthyBudget',
}

/** Options shared by every `DisruptionBudget`. */
export interface DisruptionBudgetOptions {
  /**
   * Eviction of pods that are running but not Ready.
   * @default UnhealthyPodEvictionPolicy.ALWAYS_ALLOW - a broken pod must never block a node drain
   */
  readonly unhealthyPodEvictionPolicy?: UnhealthyPodEvictionPolicy;
}

/**
 * A PodDisruptionBudget (policy/v1): how many of the site's pods voluntary disruptions (node drains,
 * cluster upgrades) may take at once.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 */
export class DisruptionBudget {
  /** At most this many pods down at once (percentages round up). */
  public static maxUnavailable(value: PercentOrAbsolute, options: DisruptionBudgetOptions = {}): DisruptionBudget {
    return new DisruptionBudget({ maxUnavailable: value.value as IntOrPercent }, options);
  }

  /** At least this many pods up at all times (percentages round up). */
  public static minAvailable(value: PercentOrAbsolute, options: DisruptionBudgetOptions = {}): DisruptionBudget {
    return new DisruptionBudget({ minAvailable: value.value as IntOrPercent }, options);
  }

  /** No PodDisruptionBudget: node drains may evict every pod at once. */
  public static none(): DisruptionBudget {
    return new DisruptionBudget({}, {}, false);
  }

  private constructor(
    /** The budget as Kubernetes receives it. */
    public readonly budget: { readonly maxUnavailable?: IntOrPercent; readonly minAvailable?: IntOrPercent },
    /** Options. */
    public readonly options: DisruptionBudgetOptions,
    /** Whether a PodDisruptionBudget is rendered. */
    public readonly enabled: boolean = true,
  ) {}

  /** The PodDisruptionBudget spec for pods with these labels. @internal */
  public _toKube(selector: Record<string, string>): k8s.PodDisruptionBudgetSpec {
    const { maxUnavailable, minAvailable } = this.budget;
    return {
      selector: { matchLabels: selector },
      maxUnavailable: maxUnavailable === undefined ? undefined : toIntOrString(maxUnavailable),
      minAvailable: minAvailable === undefined ? undefined : toIntOrString(minAvailable),
      unhealthyPodEvictionPolicy: this.options.unhealthyPodEvictionPolicy ?? UnhealthyPodEvictionPolicy.ALWAYS_ALLOW,
    };
  }
}
