import { k8s } from 'cdk8s-plus-27';
import { Problem } from './internal/problems';
import { checkIntegerRange, MAX_INT32 } from './internal/validators';

/** Node label Kubernetes sets to the node name. */
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** How strongly a site's pods avoid sharing a node. */
export enum AntiAffinityMode {
  /** Prefer other nodes, but schedule anyway (the default; never stalls a rollout). */
  PREFERRED = 'preferred',
  /** Never two pods on one node. Needs at least `replicas + maxSurge` schedulable nodes. */
  REQUIRED = 'required',
  /** No anti-affinity. */
  NONE = 'none',
}

/**
 * Pod anti-affinity on `kubernetes.io/hostname`, so one node failure does not take the whole site.
 * It checks its own values where it is built; a site that uses it reports the problems at synth,
 * under `antiAffinity`.
 */
export class PodAntiAffinity {
  /**
   * Soft anti-affinity: the scheduler prefers another node but never leaves a pod Pending for it.
   * @param weight 1–100, @default 100
   */
  public static preferred(weight: number = 100): PodAntiAffinity {
    return new PodAntiAffinity(AntiAffinityMode.PREFERRED, weight);
  }

  /**
   * Hard anti-affinity. With `maxUnavailable: 0` the surge pod needs a free node, so
   * `schedulableNodes` (the nodes these pods may run on) must be at least `replicas + maxSurge`; the
   * guardrail `hard-anti-affinity-capacity` checks it.
   */
  public static required(schedulableNodes: number): PodAntiAffinity {
    return new PodAntiAffinity(AntiAffinityMode.REQUIRED, 100, schedulableNodes);
  }

  /** No anti-affinity. */
  public static none(): PodAntiAffinity {
    return new PodAntiAffinity(AntiAffinityMode.NONE, 0);
  }

  /** Problems with the values (`weight`, `schedulableNodes`). @internal */
  public readonly _problems: Problem[];

  private constructor(
    /** Soft, hard or none. */
    public readonly mode: AntiAffinityMode,
    /** Weight of the preferred term. */
    public readonly weight: number,
    /** Declared node count for `REQUIRED`. */
    public readonly schedulableNodes?: number,
  ) {
    const problem =
      mode === AntiAffinityMode.PREFERRED ? checkIntegerRange(weight, 'weight', 1, 100)
        : mode === AntiAffinityMode.REQUIRED ? checkIntegerRange(schedulableNodes, 'schedulableNodes', 1, MAX_INT32)
          : undefined;
    this._problems = problem ? [problem] : [];
  }

  /** @internal */
  public _toKube(selector: Record<string, string>): k8s.Affinity | undefined {
    const term: k8s.PodAffinityTerm = { topologyKey: HOSTNAME_TOPOLOGY_KEY, labelSelector: { matchLabels: selector } };
    switch (this.mode) {
      case AntiAffinityMode.PREFERRED:
        return { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: this.weight, podAffinityTerm: term }] } };
      case AntiAffinityMode.REQUIRED:
        return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
      default:
        return undefined;
    }
  }
}
