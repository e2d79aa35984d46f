import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-27';
import { canonicalQuantity } from './internal/quantity';

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

/** `WebsiteResources` with every default applied (no CPU limit by default). @internal */
export interface ResolvedResources {
  readonly cpuRequest: Cpu;
  readonly cpuLimit?: Cpu;
  readonly memoryRequest: Size;
  readonly memoryLimit: Size;
  readonly ephemeralStorageRequest: Size;
  readonly ephemeralStorageLimit: Size;
}

/** The defaults of `WebsiteResources`, in one place: checks and rendering read the resolved value. @internal */
export function resolveResources(r: WebsiteResources = {}): ResolvedResources {
  return {
    cpuRequest: r.cpuRequest ?? Cpu.millis(50),
    cpuLimit: r.cpuLimit,
    memoryRequest: r.memoryRequest ?? Size.mebibytes(64),
    memoryLimit: r.memoryLimit ?? Size.mebibytes(128),
    ephemeralStorageRequest: r.ephemeralStorageRequest ?? Size.mebibytes(64),
    ephemeralStorageLimit: r.ephemeralStorageLimit ?? Size.mebibytes(256),
  };
}

/**
 * A Size as a Kubernetes quantity, in canonical form (`Size.gibibytes(1)` is `1Gi`, not `1024Mi`: the
 * API server would write it back as `1Gi`). @internal
 */
export function sizeQuantity(size: Size): string {
  const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  return canonicalQuantity(Number.isInteger(mebibytes) ? `${mebibytes}Mi` : `${Math.ceil(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }))}Ki`);
}

/**
 * Requests and limits of the website container, from the resolved resources. Every quantity is written
 * in the canonical form the API server writes back (`Cpu.millis(1000)` renders `1`, `Cpu.units(0.5)`
 * renders `500m`), so the live object never differs from the manifest. @internal
 */
export function resourceRequirements(r: ResolvedResources): k8s.ResourceRequirements {
  const q = (value: string) => k8s.Quantity.fromString(canonicalQuantity(value));
  return {
    requests: {
      'cpu': q(r.cpuRequest.amount),
      'memory': q(sizeQuantity(r.memoryRequest)),
      'ephemeral-storage': q(sizeQuantity(r.ephemeralStorageRequest)),
    },
    limits: {
      ...(r.cpuLimit ? { cpu: q(r.cpuLimit.amount) } : {}),
      'memory': q(sizeQuantity(r.memoryLimit)),
      'ephemeral-storage': q(sizeQuantity(r.ephemeralStorageLimit)),
    },
  };
}
