import { App, Chart } from 'cdk8s';
import { ContainerImage, ZeroDowntimeApp, ZeroDowntimeWebsite } from '../lib';

/**
 * Benchmark app for the `charts` section of `npm run bench`: `BENCH_CHARTS` charts (default 1) of one
 * website each, one namespace and one output file per chart: a platform team with one chart per site.
 *
 * `BENCH_SYNTH=lib` (default) builds them in a `ZeroDowntimeApp`, whose `synth()` validates the app once;
 * `BENCH_SYNTH=cdk8s` in a plain cdk8s `App`, whose `synth()` validates the whole app again for every
 * chart (quadratic; for comparison only). Both write the same bytes (test/synth-app.test.ts).
 */
function buildChartsApp(app: App, charts: number): void {
  for (let i = 0; i < charts; i++) {
    const chart = new Chart(app, `site-${i}`, { namespace: `site-${i}`, disableResourceNameHashes: true });
    new ZeroDowntimeWebsite(chart, `site-${i}`, { image: ContainerImage.fromRegistry(`repo/site-${i}:1.0.${i}`) });
  }
}

function positiveInteger(variable: string, fallback: string): number {
  const raw = process.env[variable] ?? fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`charts-app: ${variable} must be a whole number >= 1, got ${JSON.stringify(raw)}\n`);
    process.exit(64);
  }
  return value;
}

const mode = process.env.BENCH_SYNTH ?? 'lib';
if (mode !== 'lib' && mode !== 'cdk8s') {
  process.stderr.write(`charts-app: BENCH_SYNTH must be lib or cdk8s, got ${JSON.stringify(mode)}\n`);
  process.exit(64);
}
const app = mode === 'lib' ? new ZeroDowntimeApp() : new App();
buildChartsApp(app, positiveInteger('BENCH_CHARTS', '1'));
app.synth();
