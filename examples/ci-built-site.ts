import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ContainerImage, ServiceType, ZeroDowntimeWebsite } from '../lib';

/** The image `dist/` is rendered with when `BUILD_NUMBER` is not set (a fresh clone, a laptop). */
export const DEFAULT_SITE_IMAGE = 'user/site:1';

/**
 * Scenario 2: Jenkins builds `user/site:${BUILD_NUMBER}`. Before, the job ran
 * `sed -i` over deployment.yaml to swap the image line for `user/site:${BUILD_NUMBER}`; now it runs
 * `BUILD_NUMBER=42 npm run synth`, and a missing or malformed number fails the build with a clear
 * message instead of deploying `image: user/site:`.
 *
 * Exposed on every node at port 31000, as before (an external load balancer points there).
 */
export class CiBuiltSite extends Chart {
  /** The site. */
  public readonly site: ZeroDowntimeWebsite;

  constructor(scope: Construct, id: string, props: ChartProps & { env?: Record<string, string> } = {}) {
    const { env, ...chartProps } = props;
    super(scope, id, { namespace: 'site', disableResourceNameHashes: true, ...chartProps });

    this.site = new ZeroDowntimeWebsite(this, 'site', {
      image: ContainerImage.fromEnvironment({ variable: 'BUILD_NUMBER', repository: 'user/site', fallback: DEFAULT_SITE_IMAGE, env }),
      serviceType: ServiceType.NODE_PORT,
      nodePort: 31000,
    });
  }
}
