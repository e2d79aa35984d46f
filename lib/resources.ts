import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';

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
