import { App, Chart, Duration } from 'cdk8s';
import { ContainerImage, RestartSchedule, ZeroDowntimeWebsite } from '../lib';
import { AppChecks } from '../lib/app-checks';

/**
 * Benchmark app for `npm run bench`: N websites (env `BENCH_SITES`, default 1) in one cdk8s app,
 * rendered into `CDK8S_OUTDIR` like any cdk8s app.
 *
 * Shape (the same for every N, so that t(1000)/t(100) compares like with like): a platform team's
 * app, one Chart (and namespace, and output file) per team of at most `BENCH_SITES_PER_CHART` sites
 * (default 50; `bench/run.mjs` sets it). Sites vary the way real ones do:
 *   - every site: its own image and version tag (`repo/site-<i>:1.0.<i>`);
 *   - every 3rd site: an Ingress with TLS and an ingress class;
 *   - every 4th site: a HorizontalPodAutoscaler instead of fixed replicas;
 *   - every 5th site: a ConfigMap (one file and one variable) rolled by checksum;
 *   - every 10th site: a nightly scheduled restart (CronJob + RBAC);
 *   - every 7th site: nginx-style writable paths and a custom drain timeout.
 *
 * `BENCH_ENGINE=off` switches the rule engine and the synth-time validation off (the sites register
 * nothing and report nothing), so that the bench can tell what they add to the synth. For the bench
 * only: a library user has no such switch.
 */
function buildScaleApp(app: App, sites: number, perChart: number): void {
  let chart: Chart | undefined;
  for (let i = 0; i < sites; i++) {
    if (i % perChart === 0) {
      const team = `team-${Math.floor(i / perChart)}`;
      chart = new Chart(app, team, { namespace: team, disableResourceNameHashes: true });
    }
    new ZeroDowntimeWebsite(chart!, `site-${i}`, {
      image: ContainerImage.fromRegistry(`repo/site-${i}:1.0.${i}`),
      partOf: `team-${Math.floor(i / perChart)}`,
      ingress: i % 3 === 0 ? { host: `site-${i}.example.com`, tlsSecretName: `site-${i}-tls`, className: 'nginx' } : undefined,
      autoscaling: i % 4 === 0 ? { minReplicas: 3, maxReplicas: 12 } : undefined,
      config: i % 5 === 0 ? { files: { 'site.conf': `server_name site-${i};\n` }, env: { SITE_ID: String(i) } } : undefined,
      restartSchedule: i % 10 === 0 ? RestartSchedule.cron('0 3 * * *', { timeZone: 'Europe/Paris' }) : undefined,
      writablePaths: i % 7 === 0 ? ['/tmp', '/var/cache/nginx', '/var/run'] : undefined,
      drainTimeout: i % 7 === 0 ? Duration.seconds(25) : undefined,
    });
  }
}

function positiveInteger(variable: string, fallback: string): number {
  const raw = process.env[variable] ?? fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`scale-app: ${variable} must be a whole number >= 1, got ${JSON.stringify(raw)}\n`);
    process.exit(64);
  }
  return value;
}

if (process.env.BENCH_ENGINE === 'off') {
  AppChecks.prototype.registerUnder = () => undefined; // register() registers through it
  AppChecks.prototype.report = () => [];
}

const app = new App();
buildScaleApp(app, positiveInteger('BENCH_SITES', '1'), positiveInteger('BENCH_SITES_PER_CHART', '50'));
app.synth();
