import { App } from 'cdk8s';
import { ArgoCdApplications } from './argocd-applications';
import { CiBuiltSite } from './ci-built-site';
import { GatewaySite } from './gateway-site';
import { GethueSites } from './gethue-sites';
import { RolloutDemo } from './rollout-demo';

/** Options of `buildExampleApp`. */
export interface ExampleAppOptions {
  /** Environment read by the CI-built site (`BUILD_NUMBER`). @default process.env */
  readonly env?: Record<string, string>;
}

/** The charts of the example app, so tests can inspect them. */
export interface ExampleCharts {
  readonly gethue: GethueSites;
  readonly site: CiBuiltSite;
  readonly myapp: RolloutDemo;
  readonly blog: GatewaySite;
  readonly argocd: ArgoCdApplications;
}

/**
 * Adds the four scenario charts and their Argo CD Applications to an app. Each chart renders to its
 * own file: `dist/gethue.k8s.yaml`, `dist/site.k8s.yaml`, `dist/myapp.k8s.yaml`, `dist/blog.k8s.yaml`,
 * `dist/argocd.k8s.yaml`.
 */
export function buildExampleApp(app: App, options: ExampleAppOptions = {}): ExampleCharts {
  const gethue = new GethueSites(app, 'gethue');
  const site = new CiBuiltSite(app, 'site', { env: options.env });
  const myapp = new RolloutDemo(app, 'myapp');
  const blog = new GatewaySite(app, 'blog');
  const argocd = new ArgoCdApplications(app, 'argocd', { charts: [gethue, site, myapp, blog] });
  return { gethue, site, myapp, blog, argocd };
}
