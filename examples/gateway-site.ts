import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ContainerImage, KubernetesVersion, Release, ZeroDowntimeWebsite } from '../lib';

/**
 * Scenario 4: a site built on a distroless image (no shell, no `sleep` binary), on Kubernetes 1.33,
 * reached through the cluster's Gateway (Gateway API) rather than an Ingress.
 *
 * - `kubernetesVersion: V1_33`: the preStop delay is the native `sleep` action, which needs no binary.
 *   An `exec: [sleep, N]` hook would fail on this image and the server would get SIGTERM at once.
 * - `httpRoute`: an HTTPRoute attached to the `https` listener of the Gateway `public` in the namespace
 *   `gateway` (whose listener must admit routes from the namespace `blog`), for `blog.example.com`.
 *   The path behind a gateway is slower to drop a terminating pod than kube-proxy: the preStop sleep
 *   is 15 s (the HTTPRoute path) and the grace period 40 s, with no prop set for it.
 * - `release`: mid-canary. Version 2.5.0 runs next to 2.4.1 on 2 pods of its own (`blog-canary`), and
 *   the route sends it exactly 25 % of the requests. It took two commits (docs/release.md): the
 *   release with weight 0 (the candidate pods become Ready without traffic), then weight 25. Next:
 *   promote (`image` 2.5.0, then weight 0, then the release removed) or abort (weight 0, then removed).
 */
/** The canary's share of the requests, in percent: the commit of each step changes this number. */
export const CANARY_WEIGHT = 25;

export class GatewaySite extends Chart {
  /** The site. */
  public readonly site: ZeroDowntimeWebsite;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'blog', disableResourceNameHashes: true, ...props });

    this.site = new ZeroDowntimeWebsite(this, 'blog', {
      image: ContainerImage.fromRegistry('user/blog:2.4.1'),
      kubernetesVersion: KubernetesVersion.V1_33,
      httpRoute: {
        parentRefs: [{ name: 'public', gatewayNamespace: 'gateway', sectionName: 'https' }],
        hostnames: ['blog.example.com'],
      },
      release: Release.canary({ image: ContainerImage.fromRegistry('user/blog:2.5.0'), weight: CANARY_WEIGHT }),
    });
  }
}
