import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { ContainerImage, ZeroDowntimeApp, ZeroDowntimeWebsite } from '../lib';

/*
 * One render-and-findings cache, one invalidation rule (lib/internal/render-cache.ts): every call that
 * changes what an API object renders starts a new generation. Each mutation path a user has, after a
 * first synth that reported a finding, must reach the next synth: the exemption case of issue 19 first.
 */

const EXEMPT = 'zero-downtime.cdk8s.io/exempt-deployment-replicas';
const FINDING = /\[site\/website\] replicas breaks zero-downtime rule deployment-replicas/;

/** An app with one single-replica site (a deployment-replicas finding), synthesized once. */
function failedOnce(AppClass: typeof App = App): { app: App; chart: Chart; site: ZeroDowntimeWebsite } {
  const app = AppClass === App ? Testing.app() : new AppClass({ outdir: Testing.app().outdir });
  const chart = new Chart(app, 'site');
  const site = new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3'), replicas: 1 });
  expect(() => app.synthYaml()).toThrow(FINDING);
  return { app, chart, site };
}

describe('a change after a failed synth reaches the next synth', () => {
  test.each([
    ['site.deployment.metadata.addAnnotation', (s: ZeroDowntimeWebsite) => s.deployment.metadata.addAnnotation(EXEMPT, 'a batch site')],
    ['ApiObject.of(...).metadata.addAnnotation', (s: ZeroDowntimeWebsite) => ApiObject.of(s.deployment).metadata.addAnnotation(EXEMPT, 'a batch site')],
    ['addJsonPatch', (s: ZeroDowntimeWebsite) => ApiObject.of(s.deployment).addJsonPatch(JsonPatch.add('/metadata/annotations', { [EXEMPT]: 'a batch site' }))],
    ['addJsonPatch raising replicas', (s: ZeroDowntimeWebsite) => ApiObject.of(s.deployment).addJsonPatch(JsonPatch.replace('/spec/replicas', 3))],
  ])('%s: the second synth passes', (_title, change) => {
    const { app, site } = failedOnce();
    change(site);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('Testing.synth of the chart sees it too (twice: the second from the cache)', () => {
    const { chart, site } = failedOnce();
    expect(() => Testing.synth(chart)).toThrow(FINDING);
    site.deployment.metadata.addAnnotation(EXEMPT, 'a batch site');
    expect(Testing.synth(chart).find((o: any) => o.kind === 'Deployment').metadata.annotations[EXEMPT]).toBe('a batch site');
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('ZeroDowntimeApp: a second synth() after a metadata change writes it and passes', () => {
    const { app, site } = failedOnce(ZeroDowntimeApp);
    expect(() => app.synth()).toThrow(FINDING);
    site.deployment.metadata.addAnnotation(EXEMPT, 'a batch site');
    app.synth();
    const yaml = require('fs').readFileSync(require('path').join(app.outdir, 'site.k8s.yaml'), 'utf8');
    expect(yaml).toContain(`${EXEMPT}: a batch site`);
  });

  test.each([
    ['addJsonPatch on the Service', (s: ZeroDowntimeWebsite) => ApiObject.of(s.service).addJsonPatch(JsonPatch.add('/spec/selector/tier', 'gone')), /service-selector-mismatch/],
    // a drain time longer than the grace period leaves: the kubelet would kill the server mid-drain
    ['metadata.addAnnotation on the Deployment', (s: ZeroDowntimeWebsite) => s.deployment.metadata.addAnnotation('zero-downtime.cdk8s.io/drain-seconds', '600'), /prestop-exceeds-grace-period/],
  ])('a change that breaks a rule after a passing synth is caught: %s', (_title, change, rule) => {
    const app = Testing.app();
    const site = new ZeroDowntimeWebsite(new Chart(app, 'site'), 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') });
    app.synthYaml();
    change(site);
    expect(() => app.synthYaml()).toThrow(rule);
  });

  test('an unchanged app renders nothing again: one render per generation', () => {
    const app = Testing.app();
    const site = new ZeroDowntimeWebsite(new Chart(app, 'site'), 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') });
    const calls = jest.spyOn(ApiObject.prototype, 'toJson');
    const renders = () => calls.mock.contexts.filter((c) => c === site.deployment).length;
    try {
      app.synthYaml();
      // one render: the rules' render is the one the output writes
      expect(renders()).toBe(1);
      app.synthYaml();
      // the rules' findings are reused; the output renders again (the first render was handed over)
      expect(renders()).toBe(2);
      site.deployment.metadata.addLabel('team', 'web');
      app.synthYaml();
      expect(renders()).toBe(3);
    } finally {
      calls.mockRestore();
    }
  });

  test('the output takes the rules\' render once: what a caller does with it reaches no other caller', () => {
    const app = Testing.app();
    const site = new ZeroDowntimeWebsite(new Chart(app, 'site'), 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') });
    const [first] = Testing.synth(Chart.of(site)).filter((o) => o.kind === 'Deployment');
    first.metadata.name = 'changed by the caller';
    const [second] = Testing.synth(Chart.of(site)).filter((o) => o.kind === 'Deployment');
    expect(second.metadata.name).toBe('website');
    expect(site.deployment.toJson().metadata.name).toBe('website');
  });
});

describe("objects of your own are not the cache's", () => {
  test('a KubeDeployment the library did not render: every toJson() renders anew, patches apply, nothing is shared', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { k8s } = require('cdk8s-plus-27') as typeof import('cdk8s-plus-27');
    const app = Testing.app();
    const chart = new Chart(app, 'site');
    new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') });
    const own = new k8s.KubeDeployment(chart, 'own', {
      metadata: { name: 'own' },
      spec: { selector: { matchLabels: { app: 'own' } }, template: { metadata: { labels: { app: 'own' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27.3' }] } } },
    });
    app.synthYaml();
    const a = own.toJson();
    const b = own.toJson();
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    ApiObject.of(own).addJsonPatch(JsonPatch.add('/spec/replicas', 2));
    expect(own.toJson().spec.replicas).toBe(2);
  });
});
