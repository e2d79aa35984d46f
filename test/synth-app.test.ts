import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { buildExampleApp } from '../examples/app';
import { ArgoCdApplication, ContainerImage, ZeroDowntimeApp, ZeroDowntimeWebsite } from '../lib';

const synthApp = (app: App): void => ZeroDowntimeApp.synthApp(app);

/*
 * ZeroDowntimeApp.synthApp(app) writes exactly what app.synth() writes (same files, names, order and bytes), while
 * validating the app once instead of once per chart.
 */

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-app-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let seq = 0;

/** Every file under `dir` (relative path -> contents), in path order. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = fs.readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

/**
 * Builds the same app three times: `new App()` written by app.synth(), `new App()` written by
 * synthApp(app), `new ZeroDowntimeApp()` written by its synth(); returns the trees (ours: synthApp's,
 * after checking that ZeroDowntimeApp's is the same).
 */
function both(build: (app: App) => void, props: { yamlOutputType?: YamlOutputType } = {}): { plain: Record<string, string>; ours: Record<string, string> } {
  const render = (make: (outdir: string) => App, synth: (app: App) => void) => {
    const outdir = path.join(tmp, `out-${++seq}`);
    const app = make(outdir);
    build(app);
    synth(app);
    return tree(outdir);
  };
  const ours = render((outdir) => new App({ outdir, ...props }), synthApp);
  expect(render((outdir) => new ZeroDowntimeApp({ outdir, ...props }), (app) => app.synth())).toEqual(ours);
  return { plain: render((outdir) => new App({ outdir, ...props }), (app) => app.synth()), ours };
}

const site = (scope: Construct, id: string) => new ZeroDowntimeWebsite(scope, id, { image: ContainerImage.fromRegistry(`repo/${id}:1.0.0`) });

/** Charts that depend on each other: explicit chart dependency, nested chart, cross-chart construct dependency. */
function dependentCharts(app: App): void {
  const base = new Chart(app, 'base', { namespace: 'base' });
  const shared = new ApiObject(base, 'shared', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared' }, data: { mode: '0o755', on: 'yes' } });
  const web = new Chart(app, 'web', { namespace: 'web' });
  const a = site(web, 'alpha');
  const b = site(web, 'beta');
  b.node.addDependency(a); // objects of beta after those of alpha
  a.node.addDependency(shared); // web depends on base: files get 0000- prefixes
  const nested = new Chart(web, 'nested', { namespace: 'nested' });
  site(nested, 'gamma');
  const late = new Chart(app, 'aaa-first-by-name', { namespace: 'late' });
  late.addDependency(web);
  site(late, 'delta');
  new ArgoCdApplication(late, 'apps', { repoUrl: 'https://git.example.com/sites.git', path: 'dist', destinationNamespace: 'web' });
}

describe('synthApp writes byte-identical output to app.synth()', () => {
  test('the example app (main.ts)', () => {
    const { plain, ours } = both((app) => buildExampleApp(app, { env: {} }));
    expect(Object.keys(ours).length).toBeGreaterThanOrEqual(4);
    expect(ours).toEqual(plain);
  });

  test('charts with dependencies (0000- file prefixes, dependency order inside a chart)', () => {
    const { plain, ours } = both(dependentCharts);
    expect(Object.keys(ours)).toEqual(Object.keys(plain));
    expect(Object.keys(ours).every((f) => /^\d{4}-/.test(f))).toBe(true);
    expect(ours).toEqual(plain);
    // beta's objects come after alpha's, as the dependency says
    const web = Object.entries(ours).find(([f]) => f.endsWith('-web.k8s.yaml'))![1];
    expect(web.indexOf('name: alpha')).toBeLessThan(web.indexOf('name: beta'));
  });

  test.each([
    ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
    ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
    ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
  ])('every output type: %s', (_name, yamlOutputType) => {
    const { plain, ours } = both(dependentCharts, { yamlOutputType });
    expect(Object.keys(ours).length).toBeGreaterThan(0);
    expect(ours).toEqual(plain);
  });

  test('many one-site charts without dependencies (plain names, no prefixes)', () => {
    const { plain, ours } = both((app) => {
      // 12: chart names of one and two digits; plain App.synth() validates the
      // whole app once per chart, so the comparison costs charts squared.
      for (let i = 0; i < 12; i++) site(new Chart(app, `site-${i}`, { namespace: `site-${i}` }), `site-${i}`);
    });
    expect(Object.keys(ours)).toHaveLength(12);
    expect(ours).toEqual(plain);
  });

  test('a validation that patches an object after the library rendered it still gets its patch written', () => {
    const { plain, ours } = both((app) => {
      const chart = new Chart(app, 'patched', { namespace: 'patched' });
      const web = site(chart, 'site');
      const later = new Construct(chart, 'later'); // validated after the site, which rendered its objects
      later.node.addValidation({
        validate: () => {
          ApiObject.of(web.deployment).addJsonPatch(JsonPatch.add('/metadata/annotations/patched-by-validation', 'yes'));
          ApiObject.of(web.service).metadata.addLabel('labelled-by-validation', 'yes');
          return [];
        },
      });
    });
    expect(ours['patched.k8s.yaml']).toContain('patched-by-validation: "yes"');
    expect(ours['patched.k8s.yaml']).toContain('labelled-by-validation: "yes"');
    expect(ours).toEqual(plain);
  });

  test('a chart that overrides toJson() is rendered with its own toJson()', () => {
    class Tagged extends Chart {
      public toJson(): any[] {
        return super.toJson().map((o) => ({ ...o, metadata: { ...o.metadata, annotations: { tagged: 'yes' } } }));
      }
    }
    const { plain, ours } = both((app) => site(new Tagged(app, 'tagged', { namespace: 'tagged' }), 'site'));
    expect(ours['tagged.k8s.yaml']).toContain('tagged: "yes"');
    expect(ours).toEqual(plain);
  });
});

describe('synthApp validates once', () => {
  function countingApp(outdir: string, charts: number): { app: App; calls: () => number } {
    let calls = 0;
    const app = new App({ outdir });
    for (let i = 0; i < charts; i++) {
      const chart = new Chart(app, `c${i}`);
      new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
      chart.node.addValidation({ validate: () => (calls++, []) });
    }
    return { app, calls: () => calls };
  }

  test('each validation runs once, where app.synth() runs it once per chart plus once', () => {
    const plain = countingApp(path.join(tmp, `out-${++seq}`), 10);
    plain.app.synth();
    expect(plain.calls()).toBe(10 * 11);
    const ours = countingApp(path.join(tmp, `out-${++seq}`), 10);
    synthApp(ours.app);
    expect(ours.calls()).toBe(10);
  });

  test('ZeroDowntimeApp.synth() validates once too (and so does synthApp on it)', () => {
    let calls = 0;
    const app = new ZeroDowntimeApp({ outdir: path.join(tmp, `out-${++seq}`) });
    for (let i = 0; i < 5; i++) new Chart(app, `c${i}`).node.addValidation({ validate: () => (calls++, []) });
    app.synth();
    expect(calls).toBe(5);
    synthApp(app);
    expect(calls).toBe(10);
  });

  test('a failing app throws the same error as app.synth(), before writing anything', () => {
    const failing = (outdir: string) => {
      const app = new App({ outdir });
      new ZeroDowntimeWebsite(new Chart(app, 'bad'), 'site', { image: ContainerImage.fromRegistry('repo/site:1'), replicas: 0 });
      return app;
    };
    const plainDir = path.join(tmp, `out-${++seq}`);
    const ourDir = path.join(tmp, `out-${++seq}`);
    let expected: unknown;
    try {
      failing(plainDir).synth();
    } catch (e) {
      expected = e;
    }
    expect(expected).toBeInstanceOf(Error);
    expect(() => synthApp(failing(ourDir))).toThrow((expected as Error).message);
    expect(fs.readdirSync(ourDir)).toEqual([]);
  });

  test('objects are not changed: toJson is their class\'s; after a synth it renders what the object is now; the watched metadata calls still do what they did', () => {
    const app = new App({ outdir: path.join(tmp, `out-${++seq}`) });
    const web = site(new Chart(app, 'one'), 'one');
    synthApp(app);
    const deployment = ApiObject.of(web.deployment);
    expect(Object.prototype.hasOwnProperty.call(deployment, 'toJson')).toBe(false);
    deployment.metadata.addLabel('team', 'web');
    expect(deployment.toJson().metadata.labels.team).toBe('web');
    expect(deployment.toJson()).not.toBe(deployment.toJson()); // rendered anew each time: no caller shares a render
  });

  test.each([
    ['ZeroDowntimeApp', ZeroDowntimeApp],
    ['App', App],
  ] as Array<[string, typeof App]>)('a %s subclass that overrides synth() keeps its own synth()', (_name, Base) => {
    let called = 0;
    class MyApp extends Base {
      public synth(): void {
        called++;
        super.synth();
      }
    }
    const app = new MyApp({ outdir: path.join(tmp, `out-${++seq}`) });
    site(new Chart(app, 'one'), 'one');
    synthApp(app);
    expect(called).toBe(1);
    expect(fs.readdirSync(app.outdir)).toEqual(['one.k8s.yaml']);
  });
});
