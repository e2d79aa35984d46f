// The README example, verbatim but for the import path (test/readme.test.ts keeps them equal).
import { App, Chart, Duration } from 'cdk8s';
import { ContainerImage, HealthCheck, RestartSchedule, ServiceType, ZeroDowntimeWebsite } from '../lib';

const app = new App();
const chart = new Chart(app, 'gethue', { namespace: 'gethue' });

// The one-liner: Deployment, Service, PodDisruptionBudget and NetworkPolicy, all zero-downtime.
new ZeroDowntimeWebsite(chart, 'docs', { image: ContainerImage.fromRegistry('gethue/docs:1.2.3') });

// Every default can be overridden with a typed prop.
new ZeroDowntimeWebsite(chart, 'website', {
  image: ContainerImage.fromRegistry('gethue/website:latest'), // re-pulled on every start (imagePullPolicy Always)
  containerPort: 8080,
  readiness: HealthCheck.httpGet('/', { initialDelay: Duration.seconds(5), period: Duration.seconds(5) }),
  writablePaths: ['/tmp', '/var/cache/nginx', '/var/run'],   // nginx, read-only root filesystem
  restartSchedule: RestartSchedule.cron('0 3 * * *', { timeZone: 'Europe/Paris' }),
  serviceType: ServiceType.NODE_PORT,
  nodePort: 31000,
});

app.synth();
