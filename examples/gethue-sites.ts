import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ContainerImage, RestartSchedule, ZeroDowntimeWebsite } from '../lib';

/**
 * Scenario 1: several static sites in one namespace, each from an image whose `latest` tag is rebuilt
 * every day, restarted daily so the new image is pulled.
 *
 * Before: `kubectl rollout restart deployment/website` by hand every day (and, before that, deleting
 * pods, with "website is down" alerts). After: a CronJob per site does the same restart, with RBAC that
 * can only restart that one Deployment; or, in GitOps style, a committed restart token.
 */
export class GethueSites extends Chart {
  /** The sites, by name. */
  public readonly sites: Record<string, ZeroDowntimeWebsite> = {};

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'gethue', disableResourceNameHashes: true, ...props });

    // nginx-based images (nginxinc/nginx-unprivileged style) listening on 8080, with the writable
    // directories nginx needs under a read-only root filesystem.
    const nginx = {
      containerPort: 8080,
      writablePaths: ['/tmp', '/var/cache/nginx', '/var/run'],
      partOf: 'gethue',
    };

    // `website` and `website-jp`: restarted by a CronJob every night at 03:00 Paris time. The `latest`
    // tag is accepted because imagePullPolicy is Always (the default for tags) and the restart
    // re-pulls it. A digest would be safer: see docs/scenario-1-daily-restart.md.
    for (const name of ['website', 'website-jp']) {
      this.sites[name] = new ZeroDowntimeWebsite(this, name, {
        ...nginx,
        image: ContainerImage.fromRegistry(`gethue/${name}:latest`),
        restartSchedule: RestartSchedule.cron('0 3 * * *', { timeZone: 'Europe/Paris' }),
      });
    }

    // `docs`: the GitOps way. No CronJob and no cluster credentials: committing a new restartToken
    // rolls the pods exactly like `kubectl rollout restart` (same annotation), through Argo CD.
    this.sites.docs = new ZeroDowntimeWebsite(this, 'docs', {
      ...nginx,
      image: ContainerImage.fromRegistry('gethue/docs:latest'),
      restartToken: '2026-11-23',
    });
  }
}
