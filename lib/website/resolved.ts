import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { NetworkEgress, NetworkPeer } from '../network-policy';

/*
 * Props with their defaults applied, as resolve.ts makes them and checks.ts and render.ts read them:
 * in a file of their own, so that the checks do not import the resolution that calls them.
 */

/** `networkPolicy` with its defaults. */
export interface ResolvedNetworkPolicy {
  readonly enabled: boolean;
  readonly allowFrom: NetworkPeer[];
  readonly egress: NetworkEgress;
}

/** `WebsiteResources` with every default applied (no CPU limit by default). */
export interface ResolvedResources {
  readonly cpuRequest: Cpu;
  readonly cpuLimit?: Cpu;
  readonly memoryRequest: Size;
  readonly memoryLimit: Size;
  readonly ephemeralStorageRequest: Size;
  readonly ephemeralStorageLimit: Size;
}

/** `WebsiteConfig` with its defaults. */
export interface ResolvedConfig {
  readonly files: Record<string, string>;
  readonly env: Record<string, string>;
  readonly mountPath: string;
}
