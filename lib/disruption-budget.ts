import { k8s, PercentOrAbsolute } from 'cdk8s-plus-27';
import { toIntOrString } from './internal/api-objects';
import { Problem } from './internal/problems';
import { checkPercentOrAbsolute } from './internal/validators';

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
 * cluster upgrades) may take at once. The budget checks its own values where it is built; a site that
 * uses it reports the problems at synth, under `disruptionBudget`.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 */
export class DisruptionBudget {
  /** At most this many pods down at once (percentages round up). */
  public static maxUnavailable(value: PercentOrAbsolute, options: DisruptionBudgetOptions = {}): DisruptionBudget {
    return new DisruptionBudget(DisruptionBudgetKind.MAX_UNAVAILABLE, options, value);
  }

  /** At least this many pods up at all times (percentages round up). */
  public static minAvailable(value: PercentOrAbsolute, options: DisruptionBudgetOptions = {}): DisruptionBudget {
    return new DisruptionBudget(DisruptionBudgetKind.MIN_AVAILABLE, options, value);
  }

  /** No PodDisruptionBudget: node drains may evict every pod at once. */
  public static none(): DisruptionBudget {
    return new DisruptionBudget(DisruptionBudgetKind.NONE, {});
  }

  /** Whether a PodDisruptionBudget is rendered. */
  public readonly enabled: boolean;
  /** Eviction of pods that are running but not Ready. */
  public readonly unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy;
  /** Problems with the value, named after the budget field (`maxUnavailable` or `minAvailable`). @internal */
  public readonly _problems: Problem[];

  private constructor(
    /** What the budget limits. */
    public readonly kind: DisruptionBudgetKind,
    options: DisruptionBudgetOptions,
    /** The limit: pods down at most (`MAX_UNAVAILABLE`) or up at least (`MIN_AVAILABLE`); undefined for `NONE`. */
    public readonly value?: PercentOrAbsolute,
  ) {
    this.enabled = kind !== DisruptionBudgetKind.NONE;
    this.unhealthyPodEvictionPolicy = options.unhealthyPodEvictionPolicy ?? UnhealthyPodEvictionPolicy.ALWAYS_ALLOW;
    const problem = value === undefined ? undefined : checkPercentOrAbsolute(value.value, kind, 100);
    this._problems = problem ? [problem] : [];
  }

  /** The PodDisruptionBudget spec for pods with these labels. @internal */
  public _toKube(selector: Record<string, string>): k8s.PodDisruptionBudgetSpec {
    return {
      selector: { matchLabels: selector },
      maxUnavailable: this.kind === DisruptionBudgetKind.MAX_UNAVAILABLE && this.value ? toIntOrString(this.value.value) : undefined,
      minAvailable: this.kind === DisruptionBudgetKind.MIN_AVAILABLE && this.value ? toIntOrString(this.value.value) : undefined,
      unhealthyPodEvictionPolicy: this.unhealthyPodEvictionPolicy,
    };
  }
}

/** What a `DisruptionBudget` limits. */
export enum DisruptionBudgetKind {
  /** At most `value` pods down at once (`spec.maxUnavailable`). */
  MAX_UNAVAILABLE = 'maxUnavailable',
  /** At least `value` pods up at all times (`spec.minAvailable`). */
  MIN_AVAILABLE = 'minAvailable',
  /** No PodDisruptionBudget. */
  NONE = 'none',
}
