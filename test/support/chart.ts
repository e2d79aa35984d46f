import { App, Chart, Testing } from 'cdk8s';

let sharedOutdir: string | undefined;

/**
 * A fresh chart in a fresh app, like cdk8s's `Testing.chart()`, but every app of this test file shares
 * one output directory: `Testing.app()` makes a new temporary directory for each app, which costs a
 * `mkdtemp` per render (hundreds per file) while the tests only synthesize in memory.
 */
export function freshChart(): Chart {
  const app: App = sharedOutdir === undefined ? Testing.app() : Testing.app({ outdir: sharedOutdir });
  sharedOutdir = app.outdir;
  return new Chart(app, 'test');
}
