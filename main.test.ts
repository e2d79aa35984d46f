import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildExampleApp, ExampleCharts } from './examples/app';
import { DEFAULT_SITE_IMAGE } from './examples/ci-built-site';
import { CANARY_WEIGHT } from './examples/gateway-site';
import { KubernetesVersion, validateManifests } from './test/support/schema';

/**
 * The example app (main.ts): the four scenarios our users run today, and their Argo CD Applications.
 * Each scenario's key fields are asserted explicitly; the snapshots only guard the rest.
 */

function build(env: Record<string, string> = {}): { charts: ExampleCharts; objects: Record<string, any[]> } {
  const app = Testing.app();
  const charts = buildExampleApp(app, { env });
  const objects: Record<string, any[]> = {};
  for (const [key, chart] of Object.entries(charts)) {
    objects[key] = Testing.synth(chart as any);
  }
  return { charts, objects };
}

const { charts, objects } = build();
const find = (chart: string, kind: string, name: string) => {
  const o = objects[chart].find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} not in ${chart}`);
  return o;
};
const web = (d: any) => d.spec.template.spec.containers[0];

describe('scenario 1: several static sites, restarted daily (namespace gethue)', () => {
  test('Deployments are named exactly website, docs, website-jp in namespace gethue', () => {
    const deployments = objects.gethue.filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['docs', 'website', 'website-jp']);
    for (const d of deployments) expect(d.metadata.namespace).toBe('gethue');
  });

  test('latest images are re-pulled on every start', () => {
    for (const name of ['website', 'docs', 'website-jp']) {
      const c = web(find('gethue', 'Deployment', name));
      expect(c.image).toBe(`gethue/${name}:latest`);
      expect(c.imagePullPolicy).toBe('Always');
    }
  });

  test('scheduled restart: a CronJob per site, daily at 03:00 Paris time, Forbid, pinned kubectl', () => {
    for (const name of ['website', 'website-jp']) {
      const cron = find('gethue', 'CronJob', `${name}-restart`);
      expect(cron.spec.schedule).toBe('0 3 * * *');
      expect(cron.spec.timeZone).toBe('Europe/Paris');
      expect(cron.spec.concurrencyPolicy).toBe('Forbid');
      const pod = cron.spec.jobTemplate.spec.template.spec;
      const c = pod.containers[0];
      expect([...c.command, ...c.args]).toEqual(['kubectl', 'rollout', 'restart', `deployment/${name}`]);
      expect(c.image).toMatch(/^registry\.k8s\.io\/kubectl:v1\.\d+\.\d+$/);
      expect(c.image).not.toMatch(/:latest$/);
      expect(pod.serviceAccountName).toBe(`${name}-restart`);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext.runAsUser).toBeGreaterThanOrEqual(10000);
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(c.resources.requests).toBeDefined();
      expect(c.resources.limits.memory).toBeDefined();
    }
  });

  test('RBAC: get and patch on exactly its own Deployment, bound to its own ServiceAccount', () => {
    for (const name of ['website', 'website-jp']) {
      const role = find('gethue', 'Role', `${name}-restart`);
      expect(role.rules).toEqual([{ apiGroups: ['apps'], resources: ['deployments'], resourceNames: [name], verbs: ['get', 'patch'] }]);
      const binding = find('gethue', 'RoleBinding', `${name}-restart`);
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}-restart` });
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: `${name}-restart`, namespace: 'gethue' }]);
      expect(find('gethue', 'ServiceAccount', `${name}-restart`).automountServiceAccountToken).toBe(false);
    }
    expect(objects.gethue.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual([]);
  });

  test('the restart job pods are never selected by the site Service or PodDisruptionBudget', () => {
    for (const name of ['website', 'website-jp']) {
      const jobLabels = find('gethue', 'CronJob', `${name}-restart`).spec.jobTemplate.spec.template.metadata.labels;
      const selector = find('gethue', 'Service', name).spec.selector;
      expect(Object.entries(selector).every(([k, v]) => jobLabels[k] === v)).toBe(false);
    }
  });

  test('GitOps restart token on docs: the kubectl rollout restart annotation, committed, no CronJob', () => {
    const docs = find('gethue', 'Deployment', 'docs');
    expect(docs.spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2026-11-23' });
    expect(objects.gethue.find((o) => o.kind === 'CronJob' && o.metadata.name === 'docs-restart')).toBeUndefined();
  });

  test('nginx writable paths under a read-only root filesystem', () => {
    const c = web(find('gethue', 'Deployment', 'website'));
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', '/var/cache/nginx', '/var/run']);
  });

  test('kubectl apply --prune -l app.kubernetes.io/name=<site> selects one site and never its siblings', () => {
    for (const name of ['website', 'docs', 'website-jp']) {
      const selected = objects.gethue.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === name);
      expect(selected.length).toBeGreaterThanOrEqual(4);
      expect(selected.every((o) => o.metadata.name === name || o.metadata.name.startsWith(`${name}-`))).toBe(true);
    }
    // every object belongs to exactly one site
    for (const o of objects.gethue) expect(o.metadata.labels['app.kubernetes.io/name']).toBeDefined();
  });
});

describe('scenario 2: image from CI (BUILD_NUMBER), NodePort 31000', () => {
  test('renders the documented default image when BUILD_NUMBER is unset', () => {
    expect(web(find('site', 'Deployment', 'site')).image).toBe(DEFAULT_SITE_IMAGE);
  });

  test('uses the tag from BUILD_NUMBER, no sed', () => {
    const built = build({ BUILD_NUMBER: '42' });
    const d = built.objects.site.find((o) => o.kind === 'Deployment');
    expect(web(d).image).toBe('user/site:42');
    expect(d.metadata.labels['app.kubernetes.io/version']).toBe('42');
    expect(d.spec.selector.matchLabels).toEqual(find('site', 'Deployment', 'site').spec.selector.matchLabels);
  });

  test.each([
    ['42 ', '$BUILD_NUMBER must not start or end with whitespace, got "42 "; allowed: an image tag (1 to 128 letters, digits, \'_\', \'.\', \'-\'), used as "user/site:<tag>". Fix: use "42".'],
    ['../42', '$BUILD_NUMBER must not start with \'.\' or \'-\', got "../42"; allowed: an image tag (1 to 128 letters, digits, \'_\', \'.\', \'-\'), used as "user/site:<tag>". Fix: start the tag with a letter, digit or \'_\'.'],
  ])('fails fast with a clear message on BUILD_NUMBER=%j', (value, message) => {
    expect(() => build({ BUILD_NUMBER: value })).toThrow(message);
  });

  test('fails fast on an empty BUILD_NUMBER instead of deploying the default', () => {
    expect(() => build({ BUILD_NUMBER: '' })).toThrow(/\$BUILD_NUMBER is set but empty/);
  });

  test('NodePort Service fixed at 31000 targeting the named port', () => {
    const svc = find('site', 'Service', 'site');
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 31000 }]);
  });
});

describe('scenario 3: the v1 -> v2 demo (myapp)', () => {
  const d = find('myapp', 'Deployment', 'myapp');

  test('readinessProbe httpGet / on port 80, initialDelay 5, period 5, successThreshold 1', () => {
    expect(web(d).readinessProbe).toMatchObject({
      httpGet: { path: '/', port: 80 },
      initialDelaySeconds: 5,
      periodSeconds: 5,
      successThreshold: 1,
    });
    expect(web(d).ports).toEqual([{ name: 'http', containerPort: 80, protocol: 'TCP' }]);
  });

  test('RollingUpdate with maxUnavailable 0 and maxSurge 1', () => {
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('LoadBalancer Service on port 80', () => {
    const svc = find('myapp', 'Service', 'myapp');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }]);
  });
});

describe('scenario 4: a distroless site behind a Gateway, on Kubernetes 1.33 (blog)', () => {
  const d = find('blog', 'Deployment', 'blog');

  test('targets Kubernetes 1.33: the preStop is the native sleep, no sleep binary in the image needed', () => {
    expect(charts.blog.site.kubernetesVersion.name).toBe('1.33');
    expect(web(d).lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
  });

  test('the preStop covers the HTTPRoute path (15 s) and the grace period follows (15 + 20 + 5)', () => {
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(40);
  });

  test('an HTTPRoute attached to the https listener of Gateway gateway/public, every server default written out', () => {
    const route = find('blog', 'HTTPRoute', 'blog');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.metadata.namespace).toBe('blog');
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateway', sectionName: 'https' }],
      hostnames: ['blog.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { group: '', kind: 'Service', name: 'blog', port: find('blog', 'Service', 'blog').spec.ports[0].port, weight: 100 - CANARY_WEIGHT },
          { group: '', kind: 'Service', name: 'blog-canary', port: 80, weight: CANARY_WEIGHT },
        ],
      }],
    });
  });

  test('mid-canary: 2.5.0 on 2 pods of its own next to 2.4.1, with exactly its weight of the requests', () => {
    const canary = find('blog', 'Deployment', 'blog-canary');
    expect(web(canary).image).toBe('user/blog:2.5.0');
    expect(canary.spec.replicas).toBe(2);
    expect(canary.spec.template.metadata.labels['zero-downtime.cdk8s.io/track']).toBe('canary');
    expect(canary.metadata.annotations['zero-downtime.cdk8s.io/traffic-share']).toBe(`${CANARY_WEIGHT}% (HTTPRoute blog weight ${CANARY_WEIGHT} of 100)`);
    expect(web(d).image).toBe('user/blog:2.4.1');
  });
});

describe('Argo CD Applications', () => {
  test('one directory Application per scenario chart, syncing its own file of dist/', () => {
    const apps = objects.argocd.filter((o) => o.kind === 'Application');
    expect(apps.map((a) => a.metadata.name).sort()).toEqual(['blog', 'gethue', 'myapp', 'site']);
    const namespaces: Record<string, string> = { gethue: 'gethue', site: 'site', myapp: 'myapp', blog: 'blog' };
    for (const a of apps) {
      expect(a.apiVersion).toBe('argoproj.io/v1alpha1');
      expect(a.metadata.namespace).toBe('argocd');
      expect(a.spec.source).toMatchObject({ path: 'dist', targetRevision: 'main', directory: { include: `${a.metadata.name}.k8s.yaml` } });
      expect(a.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: namespaces[a.metadata.name] });
      expect(a.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(a.spec.syncPolicy.syncOptions).toEqual(expect.arrayContaining(['CreateNamespace=true', 'ServerSideApply=true', 'PruneLast=true']));
    }
  });
});

describe('every rendered object', () => {
  const all = Object.values(objects).flat();

  test('passes the strict schema of its target Kubernetes version (and the Argo CD Application and HTTPRoute CRDs)', () => {
    expect(all.filter((o) => o.kind === 'Application')).toHaveLength(4);
    expect(all.filter((o) => o.kind === 'HTTPRoute')).toHaveLength(1);
    const targets: Record<string, string> = {
      gethue: charts.gethue.sites.website.kubernetesVersion.name,
      site: charts.site.site.kubernetesVersion.name,
      myapp: charts.myapp.site.kubernetesVersion.name,
      blog: charts.blog.site.kubernetesVersion.name,
      argocd: '1.27',
    };
    expect(targets).toEqual({ gethue: '1.27', site: '1.27', myapp: '1.27', blog: '1.33', argocd: '1.27' });
    for (const [chart, objs] of Object.entries(objects)) {
      expect({ chart, errors: validateManifests(objs, { kubernetesVersion: targets[chart] as KubernetesVersion }) }).toEqual({ chart, errors: [] });
    }
  });

  test('never carries kubectl ApplySet labels, empty annotations, or generated timestamps', () => {
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/applyset\.kubernetes\.io/);
    expect(text).not.toMatch(/"annotations":\{\}/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  test('snapshots', () => {
    for (const [chart, objs] of Object.entries(objects)) {
      expect(objs).toMatchSnapshot(chart);
    }
  });
});

describe('committed dist/', () => {
  const dist = path.join(__dirname, 'dist');

  test('holds one file per chart and parses as YAML', () => {
    const files = fs.readdirSync(dist).sort();
    expect(files).toEqual(['argocd.k8s.yaml', 'blog.k8s.yaml', 'gethue.k8s.yaml', 'myapp.k8s.yaml', 'site.k8s.yaml']);
    for (const f of files) {
      const docs = parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf8'));
      expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    }
  });

  test('is byte for byte what the app renders now, as main.ts runs it (dist/ was rendered by another process)', () => {
    // What `npm run check:dist` checks (in a child process; tested in test/dist-scripts.test.ts), here
    // in this process: main.ts's own steps, with the environment dist/ is rendered with (no BUILD_NUMBER).
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-render-'));
    try {
      const app = new App({ outdir });
      buildExampleApp(app, { env: {} });
      app.synth();
      const read = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
      expect(read(outdir)).toEqual(read(dist));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
