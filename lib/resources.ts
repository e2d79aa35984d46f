import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-27';

/**
 * Requests and limits of the website container. The defaults fit a static or small dynamic site; a
 * busy site should measure and raise them. (cdk8s-plus defaults of 1 CPU and 512Mi–2Gi are far too big
 * for a web server and waste most of a node.)
 */
export interface WebsiteResources {
  /**
   * CPU the scheduler reserves.
   * @default Cpu.millis(50)
   */
  readonly cpuRequest?: Cpu;

  /**
   * CPU cap. Left out by default: a CPU limit throttles a web server (adding latency) even while the
   * node has idle CPU, whereas the request already guarantees its share. Polaris `cpuLimitsMissing` is
   * marked exempt on the Deployment for that reason; setting a limit removes the exemption.
   * @default - no CPU limit
   */
  readonly cpuLimit?: Cpu;

  /**
   * Memory the scheduler reserves.
   * @default Size.mebibytes(64)
   */
  readonly memoryRequest?: Size;

  /**
   * Memory cap (memory cannot be throttled, only OOM-killed, so a limit protects the node).
   * @default Size.mebibytes(128)
   */
  readonly memoryLimit?: Size;

  /**
   * Local disk (logs, `emptyDir` writable paths) the scheduler reserves.
   * @default Size.mebibytes(64)
   */
  readonly ephemeralStorageRequest?: Size;

  /**
   * Local disk cap; past it the kubelet evicts the pod.
   * @default Size.mebibytes(256)
   */
  readonly ephemeralStorageLimit?: Size;
}

/** A Size as a Kubernetes quantity in Mi. @internal */
export function sizeQuantity(size: Size): string {
  const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  return Number.isInteger(mebibytes) ? `${mebibytes}Mi` : `${Math.ceil(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }))}Ki`;
}

/** Requests and limits of the website container, defaults applied. @internal */
export function resourceRequirements(r: WebsiteResources): k8s.ResourceRequirements {
  const q = (value: string) => k8s.Quantity.fromString(value);
  return {
    requests: {
      'cpu': q((r.cpuRequest ?? Cpu.millis(50)).amount),
      'memory': q(sizeQuantity(r.memoryRequest ?? Size.mebibytes(64))),
      'ephemeral-storage': q(sizeQuantity(r.ephemeralStorageRequest ?? Size.mebibytes(64))),
    },
    limits: {
      ...(r.cpuLimit ? { cpu: q(r.cpuLimit.amount) } : {}),
      'memory': q(sizeQuantity(r.memoryLimit ?? Size.mebibytes(128))),
      'ephemeral-storage': q(sizeQuantity(r.ephemeralStorageLimit ?? Size.mebibytes(256))),
    },
  };
}
