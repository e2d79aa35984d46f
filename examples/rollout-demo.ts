import { Chart, ChartProps, Duration } from 'cdk8s';
import { PercentOrAbsolute } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ContainerImage, HealthCheck, RolloutStrategy, ServiceType, ZeroDowntimeWebsite } from '../lib';

/**
 * Scenario 3: the v1 → v2 demo. Applying v2 used to print `curl: (7) Failed to connect ... Connection
 * refused` in a loop curling the site every second, until the Deployment got a readiness probe and a
 * rolling update that never takes a pod away before its replacement is Ready.
 */
export class RolloutDemo extends Chart {
  /** The site. */
  public readonly site: ZeroDowntimeWebsite;

  constructor(scope: Construct, id: string, props: ChartProps & { image?: string } = {}) {
    const { image, ...chartProps } = props;
    super(scope, id, { namespace: 'myapp', disableResourceNameHashes: true, ...chartProps });

    this.site = new ZeroDowntimeWebsite(this, 'myapp', {
      image: ContainerImage.fromRegistry(image ?? 'user/myapp:v2'),
      containerPort: 80,
      readiness: HealthCheck.httpGet('/', {
        port: 80,
        initialDelay: Duration.seconds(5),
        period: Duration.seconds(5),
        successThreshold: 1,
      }),
      strategy: RolloutStrategy.rollingUpdate({
        maxUnavailable: PercentOrAbsolute.absolute(0),
        maxSurge: PercentOrAbsolute.absolute(1),
      }),
      serviceType: ServiceType.LOAD_BALANCER,
      servicePort: 80,
    });
  }
}
