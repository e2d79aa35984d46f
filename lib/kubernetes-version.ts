import { IConstruct } from 'constructs';

const KUBERNETES_VERSION_CONTEXT = 'zero-downtime.cdk8s.io/kubernetes-version';

/**
 * The Kubernetes version a site's objects are rendered for: the oldest version of the clusters it is
 * applied to. Output that depends on the version:
 *
 * | From | What changes | Why |
 * |---|---|---|
 * | 1.30 | the default preStop is the native `lifecycle.preStop.sleep` action instead of `exec: [sleep, N]` | the native action (KEP-3960, beta and on by default in 1.30, GA in 1.34) needs no `sleep` binary, so it works on distroless and `scratch` images, where `exec` fails and the server gets SIGTERM at once |
 *
 * Nothing else the library renders differs between 1.27 and 1.33: PodDisruptionBudget
 * `unhealthyPodEvictionPolicy` (beta and on in 1.27, GA in 1.31), `matchLabelKeys` in
 * `topologySpreadConstraints` (beta and on in 1.27) and CronJob `timeZone` (GA in 1.27) are rendered
 * for every target; newer fields that do not change availability (Service `trafficDistribution`,
 * sidecar containers, `stopSignal`) are not rendered.
 *
 * The default target is 1.27 (`KubernetesVersion.DEFAULT`): the version the `cdk8s-plus-27` classes
 * describe and the one earlier releases of this library rendered for. A new default would change the
 * pod template of every existing site, and so restart every site, on a library upgrade; and a native
 * sleep applied to a 1.27-1.29 API server is rejected. Set the version of your clusters (every
 * release still supported upstream is 1.30 or newer): per site with the `kubernetesVersion` prop, or
 * for every site of an app or chart with `KubernetesVersion.setDefault(app, KubernetesVersion.V1_33)`.
 * @see https://kubernetes.io/releases/
 */
export class KubernetesVersion {
  /** Construct context key holding the target version for every site below a scope (`KubernetesVersion.setDefault`). */
  public static readonly CONTEXT_KEY: string = KUBERNETES_VERSION_CONTEXT;

  /** Kubernetes 1.27. */
  public static readonly V1_27 = new KubernetesVersion(27);
  /** Kubernetes 1.28. */
  public static readonly V1_28 = new KubernetesVersion(28);
  /** Kubernetes 1.29. */
  public static readonly V1_29 = new KubernetesVersion(29);
  /** Kubernetes 1.30: the native preStop `sleep` action is on by default. */
  public static readonly V1_30 = new KubernetesVersion(30);
  /** Kubernetes 1.31. */
  public static readonly V1_31 = new KubernetesVersion(31);
  /** Kubernetes 1.32. */
  public static readonly V1_32 = new KubernetesVersion(32);
  /** Kubernetes 1.33, the newest version this library renders for and validates against; use it for newer clusters too. */
  public static readonly V1_33 = new KubernetesVersion(33);

  /** Every version a site can target, oldest first (frozen). */
  public static readonly ALL: KubernetesVersion[] = Object.freeze([
    KubernetesVersion.V1_27,
    KubernetesVersion.V1_28,
    KubernetesVersion.V1_29,
    KubernetesVersion.V1_30,
    KubernetesVersion.V1_31,
    KubernetesVersion.V1_32,
    KubernetesVersion.V1_33,
  ]) as KubernetesVersion[];

  /** The target when none is set: 1.27 (see the class description for why). */
  public static readonly DEFAULT = KubernetesVersion.V1_27;

  /** The first version with the native preStop `sleep` action on by default. */
  public static readonly NATIVE_SLEEP = KubernetesVersion.V1_30;

  /**
   * Sets the target of every site created below `scope` (an App or a Chart) that has no
   * `kubernetesVersion` of its own. Call it before adding anything to `scope` (construct context can
   * only be set on a construct without children).
   */
  public static setDefault(scope: IConstruct, version: KubernetesVersion): void {
    scope.node.setContext(KUBERNETES_VERSION_CONTEXT, version instanceof KubernetesVersion ? version.name : version);
  }

  /**
   * The version set for `scope` with `setDefault` (on it or a parent), if any: a `KubernetesVersion`,
   * or the raw context value when it names no known version.
   * @internal
   */
  public static _fromContext(scope: IConstruct): unknown {
    const raw = scope.node.tryGetContext(KUBERNETES_VERSION_CONTEXT);
    if (raw === undefined) return undefined;
    return KubernetesVersion.ALL.find((v) => v.name === raw) ?? raw;
  }

  /** The minor version, e.g. 33. */
  public readonly minor: number;
  /** The version as Kubernetes spells it, e.g. `1.33`. */
  public readonly name: string;

  private constructor(minor: number) {
    this.minor = minor;
    this.name = `1.${minor}`;
  }

  /** True when this version is `other` or newer. */
  public isAtLeast(other: KubernetesVersion): boolean {
    return this.minor >= other.minor;
  }

  /** The version as Kubernetes spells it, e.g. `1.33`. */
  public toString(): string {
    return this.name;
  }
}
