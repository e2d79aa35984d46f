import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import { ContainerImage, KubernetesVersion, PreStopHook, RestartSchedule, ServiceType, ZeroDowntimeWebsite, ZeroDowntimeWebsiteProps } from '../lib';
import {
  hasSchema,
  KubernetesVersion as TargetVersion,
  schemaVersionFor,
  SUPPORTED_KUBERNETES_VERSIONS,
  validateManifest,
  validateManifests,
} from './support/schema';
import { schemaCacheInputs, schemaCacheKeyOf } from './support/schema-cache';
import { freshChart } from './support/chart';

/*
 * test/support/schema.ts checks every manifest the other tests render. Its own tests are kept only
 * where a bug in it would hide a bug of the library: each schema must refuse what the API server (or
 * the CRD) refuses, so a wrongly rendered field cannot pass unnoticed. That a valid object passes is
 * shown by every other test.
 */

function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'site', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
        spec: {
          terminationGracePeriodSeconds: 40,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25.3',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              resources: {
                requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '1Gi' },
                limits: { cpu: 1, memory: '256Mi' },
              },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 8080 } },
              lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

const container = (d: any) => d.spec.template.spec.containers[0];

describe('validateManifest (Kubernetes 1.27, strict)', () => {
  test('an unknown field fails', () => {
    const d = deployment();
    container(d).foo = 'bar';
    expect(validateManifest(d)).toEqual(['spec.template.spec.containers[0].foo: unknown field "foo"']);
  });

  test('unknown fields are rejected at every level, including the top', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].readinessProbe.httpGet.bogus = 1;
    d.metadata.labelz = {};
    d.extra = true;
    expect(validateManifest(d)).toEqual(
      expect.arrayContaining([
        'spec.template.spec.containers[0].readinessProbe.httpGet.bogus: unknown field "bogus"',
        'metadata.labelz: unknown field "labelz"',
        'extra: unknown field "extra"',
      ]),
    );
  });

  test('lifecycle.preStop.sleep does not exist in 1.27', () => {
    const d = deployment();
    container(d).lifecycle.preStop = { sleep: { seconds: 5 } };
    expect(validateManifest(d)).toEqual([
      'spec.template.spec.containers[0].lifecycle.preStop.sleep: unknown field "sleep"',
    ]);
  });

  test('a wrong type fails (replicas: "3")', () => {
    const d = deployment();
    d.spec.replicas = '3';
    expect(validateManifest(d)).toEqual(['spec.replicas: must be integer (got "3")']);
  });

  test('null is not a valid value for a typed field', () => {
    const d = deployment();
    d.spec.strategy = null;
    expect(validateManifest(d)).toEqual(['spec.strategy: must be object (got null)']);
  });

  test('a missing required field fails (container without name)', () => {
    const d = deployment();
    delete container(d).name;
    expect(validateManifest(d)).toEqual(['spec.template.spec.containers[0].name: required field is missing']);
  });

  test('int-or-string fields accept both, and nothing else', () => {
    const d = deployment();
    d.spec.strategy.rollingUpdate = { maxSurge: '25%', maxUnavailable: 1 };
    container(d).readinessProbe.httpGet.port = 'http';
    expect(validateManifest(d)).toEqual([]);
    container(d).readinessProbe.httpGet.port = 80.5;
    d.spec.strategy.rollingUpdate.maxSurge = true;
    expect(validateManifest(d)).toEqual([
      'spec.strategy.rollingUpdate.maxSurge: must be string or integer (int32) (got true)',
      'spec.template.spec.containers[0].readinessProbe.httpGet.port: must be string or integer (int32) (got 80.5)',
    ]);
  });

  test('resource quantities: strings and numbers pass, garbage fails', () => {
    const d = deployment();
    container(d).resources = {
      requests: { cpu: '250m', memory: '1.5Gi' },
      limits: { cpu: 2, memory: '1e9' },
    };
    expect(validateManifest(d)).toEqual([]);
    container(d).resources.requests.cpu = 'lots';
    expect(validateManifest(d)).toEqual([
      'spec.template.spec.containers[0].resources.requests.cpu: must be number or quantity string (got "lots")',
    ]);
  });

  test('enum-valued strings are checked', () => {
    const d = deployment();
    container(d).imagePullPolicy = 'Sometimes';
    expect(validateManifest(d)).toEqual([
      'spec.template.spec.containers[0].imagePullPolicy: must be one of "Always", "IfNotPresent", "Never" (got "Sometimes")',
    ]);
  });

  test('nested references keep their required kind (RoleBinding.roleRef)', () => {
    const rb = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'web' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', name: 'web' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'site' }],
    };
    expect(validateManifest(rb)).toEqual(['roleRef.kind: required field is missing']);
  });

  test('objects need a name', () => {
    expect(validateManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })).toEqual([
      'metadata.name: required field is missing',
    ]);
  });

  test('unknown kinds and API versions 1.27 does not serve have no schema', () => {
    expect(validateManifest({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'a' } })).toEqual([
      'no schema for argoproj.io/v1alpha1/AppProject',
    ]);
    expect(validateManifest({ apiVersion: 'argoproj.io/v1beta1', kind: 'Application', metadata: { name: 'a' } })).toEqual([
      'no schema for argoproj.io/v1beta1/Application',
    ]);
    expect(hasSchema('argoproj.io/v1alpha1', 'AppProject')).toBe(false);
    expect(validateManifest({ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'a' } })).toEqual([
      'no schema for policy/v1beta1/PodDisruptionBudget',
    ]);
    expect(hasSchema('policy/v1', 'PodDisruptionBudget')).toBe(true);
  });

  test('targets 1.27 to 1.33 are available; 1.27-1.29 use the 1.27 schema, 1.30-1.33 the 1.33 one', () => {
    expect(SUPPORTED_KUBERNETES_VERSIONS).toEqual(KubernetesVersion.ALL.map((v) => v.name));
    expect(SUPPORTED_KUBERNETES_VERSIONS.map(schemaVersionFor)).toEqual(['1.27', '1.27', '1.27', '1.33', '1.33', '1.33', '1.33']);
    expect(() => validateManifest(deployment(), { kubernetesVersion: '1.26' as any })).toThrow(/no schema for Kubernetes 1\.26; only 1\.27, 1\.28/);
    expect(() => validateManifest(deployment(), { kubernetesVersion: '1.34' as any })).toThrow(/no schema for Kubernetes 1\.34/);
  });

});

/** An Application with every field ArgoCdApplication can render. */
function application(): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: 'site',
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/name': 'site', 'app.kubernetes.io/managed-by': 'cdk8s-zero-downtime' },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://github.com/example/sites.git',
        targetRevision: 'HEAD',
        path: 'dist',
        directory: { recurse: true, include: 'site.k8s.yaml', exclude: '*.test.yaml' },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'site' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true, allowEmpty: true },
        syncOptions: ['CreateNamespace=true', 'PruneLast=true', 'PrunePropagationPolicy=foreground'],
        retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
      },
    },
  };
}

describe('validateManifest (Argo CD Application CRD, strict)', () => {
  test('an unknown field under spec.source fails', () => {
    const a = application();
    a.spec.source.repoUrl = a.spec.source.repoURL; // the TypeScript spelling leaking into the YAML
    expect(validateManifest(a)).toEqual(['spec.source.repoUrl: unknown field "repoUrl"']);
  });

  test('unknown fields are rejected at every level, including metadata and the top', () => {
    const a = application();
    a.spec.source.directory.recursive = true;
    a.spec.syncPolicy.retry.backoff.jitter = '1s';
    a.spec.destination.cluster = 'in-cluster';
    a.metadata.finalizer = 'x';
    a.extra = true;
    expect(validateManifest(a)).toEqual([
      'extra: unknown field "extra"',
      'metadata.finalizer: unknown field "finalizer"',
      'spec.destination.cluster: unknown field "cluster"',
      'spec.source.directory.recursive: unknown field "recursive"',
      'spec.syncPolicy.retry.backoff.jitter: unknown field "jitter"',
    ]);
  });

  test('wrong types fail', () => {
    const a = application();
    a.spec.syncPolicy.retry.limit = '5';
    a.spec.syncPolicy.retry.backoff.factor = 1.5;
    a.spec.syncPolicy.retry.backoff.duration = 5;
    a.spec.syncPolicy.automated.prune = 'true';
    a.spec.syncPolicy.syncOptions = 'PruneLast=true';
    a.spec.source.directory.recurse = null;
    expect(validateManifest(a)).toEqual([
      'spec.source.directory.recurse: must be boolean (got null)',
      'spec.syncPolicy.automated.prune: must be boolean (got "true")',
      'spec.syncPolicy.retry.backoff.duration: must be string (got 5)',
      'spec.syncPolicy.retry.backoff.factor: must be integer (got 1.5)',
      'spec.syncPolicy.retry.backoff.factor: must be a valid int64 (got 1.5)',
      'spec.syncPolicy.retry.limit: must be integer (got "5")',
      'spec.syncPolicy.syncOptions: must be array (got "PruneLast=true")',
    ]);
  });

  test('apiVersion and kind are checked, metadata is a Kubernetes ObjectMeta', () => {
    const a = application();
    a.metadata.labels.team = 7;
    expect(validateManifest(a)).toEqual(['metadata.labels.team: must be string (got 7)']);
  });

  test('missing required fields fail: spec, spec.destination, spec.project, spec.source.repoURL', () => {
    const a = application();
    delete a.spec.destination;
    delete a.spec.project;
    delete a.spec.source.repoURL;
    expect(validateManifest(a)).toEqual([
      'spec.destination: required field is missing',
      'spec.project: required field is missing',
      'spec.source.repoURL: required field is missing',
    ]);
    const b = application();
    delete b.spec;
    expect(validateManifest(b)).toEqual(['spec: required field is missing']);
  });
});

describe('validateManifest (Kubernetes 1.33, strict)', () => {
  const v133 = { kubernetesVersion: '1.33' } as const;

  test('fields newer than 1.33 are unknown (hostnameOverride: 1.34)', () => {
    const d = deployment();
    d.spec.template.spec.hostnameOverride = 'web';
    expect(validateManifest(d, v133)).toEqual(['spec.template.spec.hostnameOverride: unknown field "hostnameOverride"']);
  });

  test('unknown fields are rejected at every level, including metadata, maps of objects and the top', () => {
    const d = deployment();
    container(d).readinessProbe.httpGet.bogus = 1;
    container(d).ports[0].extra = true;
    d.metadata.labelz = {};
    d.extra = true;
    expect(validateManifest(d, v133)).toEqual(
      expect.arrayContaining([
        'spec.template.spec.containers[0].readinessProbe.httpGet.bogus: unknown field "bogus"',
        'spec.template.spec.containers[0].ports[0].extra: unknown field "extra"',
        'metadata.labelz: unknown field "labelz"',
        'extra: unknown field "extra"',
      ]),
    );
  });

  test('types, enums, int32, quantities, int-or-string and required fields are checked', () => {
    const d = deployment();
    d.spec.replicas = '3';
    container(d).imagePullPolicy = 'Sometimes';
    container(d).resources.requests.cpu = 'lots';
    container(d).readinessProbe.httpGet.port = { name: 'http' };
    delete container(d).name;
    expect(validateManifest(d, v133)).toEqual(
      expect.arrayContaining([
        'spec.replicas: must be integer (got "3")',
        'spec.template.spec.containers[0].imagePullPolicy: must be one of "Always", "IfNotPresent", "Never" (got "Sometimes")',
        'spec.template.spec.containers[0].resources.requests.cpu: must be number or quantity string (got "lots")',
        'spec.template.spec.containers[0].readinessProbe.httpGet.port: must be string or integer (got {"name":"http"})',
        'spec.template.spec.containers[0].name: required field is missing',
      ]),
    );
  });

  test('null is rejected, as in the 1.27 checks', () => {
    const d = deployment();
    d.spec.template.spec.terminationGracePeriodSeconds = null;
    d.metadata.labels.x = null;
    expect(validateManifest(d, v133)).toEqual(
      expect.arrayContaining([
        'spec.template.spec.terminationGracePeriodSeconds: must not be null (got null)',
        'metadata.labels.x: must not be null (got null)',
      ]),
    );
  });

  test('nested references keep their required kind (RoleBinding.roleRef)', () => {
    const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', name: 'r' } };
    expect(validateManifest(rb, v133)).toEqual(['roleRef.kind: required field is missing']);
  });

  test('only the group/versions a 1.33 API server serves have a schema', () => {
    expect(hasSchema('policy/v1', 'PodDisruptionBudget', v133)).toBe(true);
    expect(hasSchema('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', v133)).toBe(true);
    expect(validateManifest({ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'a' } }, v133)).toEqual(['no schema for policy/v1beta1/PodDisruptionBudget']);
    expect(validateManifest({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'a' } }, v133)).toEqual(['no schema for flowcontrol.apiserver.k8s.io/v1beta3/FlowSchema']);
    expect(validateManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, v133)).toEqual(['metadata.name: required field is missing']);
  });
});

const renderedByVersion = new Map<KubernetesVersion, any[]>();

/**
 * Renders one site at the given target, with every object kind the library can render. Without extra
 * props each target is rendered once: several tests read the same objects (none changes them).
 */
function everything(version: KubernetesVersion, props: Partial<ZeroDowntimeWebsiteProps> = {}): any[] {
  const plain = Object.keys(props).length === 0;
  const known = plain ? renderedByVersion.get(version) : undefined;
  if (known) return known;
  const chart = freshChart();
  new ZeroDowntimeWebsite(chart, 'website', {
    image: ContainerImage.fromRegistry('repo/site:1.2.3'),
    kubernetesVersion: version,
    ingress: { host: 'www.example.com', tlsSecretName: 'www-tls', className: 'nginx' },
    httpRoute: { parentRefs: [{ name: 'public', gatewayNamespace: 'gateway', sectionName: 'https' }], hostnames: ['www.example.com'], paths: [{ value: '/' }] },
    autoscaling: { minReplicas: 3, maxReplicas: 6 },
    config: { files: { 'site.conf': 'x' }, env: { MODE: 'prod' } },
    restartSchedule: RestartSchedule.cron('0 3 * * *'),
    serviceType: ServiceType.LOAD_BALANCER,
    ...props,
  });
  const objects = Testing.synth(chart);
  if (plain) renderedByVersion.set(version, objects);
  return objects;
}

describe('every target renders objects that pass its own strict schema', () => {
  test.each(KubernetesVersion.ALL.map((v) => [v.name, v] as const))('Kubernetes %s', (name, version) => {
    const objects = everything(version);
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'CronJob', 'Deployment', 'HTTPRoute', 'HorizontalPodAutoscaler', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']);
    expect(validateManifests(objects, { kubernetesVersion: name as TargetVersion })).toEqual([]);
  });

  test('what a >= 1.30 target renders beyond 1.27 is lifecycle.preStop.sleep and nothing else', () => {
    // So checking 1.30-1.32 targets against the 1.33 schema misses nothing: every 1.30 server has `sleep`.
    for (const version of KubernetesVersion.ALL.filter((v) => v.isAtLeast(KubernetesVersion.V1_30))) {
      expect(validateManifests(everything(version))).toEqual(['Deployment/website: spec.template.spec.containers[0].lifecycle.preStop.sleep: unknown field "sleep"']);
    }
  });

  test('an explicit native sleep on a 1.30 target passes the 1.33 schema; an exec sleep too', () => {
    for (const preStop of [PreStopHook.sleep(Duration.seconds(20)), PreStopHook.execSleep(Duration.seconds(20))]) {
      expect(validateManifests(everything(KubernetesVersion.V1_30, { preStop }), { kubernetesVersion: '1.30' })).toEqual([]);
    }
  });
});

/** An HTTPRoute with every field the library renders, and the server defaults written out. */
function httpRoute(): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'blog', namespace: 'blog', labels: { 'app.kubernetes.io/name': 'blog' }, annotations: { a: 'b' } },
    spec: {
      parentRefs: [
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateway', sectionName: 'https' },
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateway', sectionName: 'http' },
      ],
      hostnames: ['blog.example.com', '*.blog.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }, { path: { type: 'Exact', value: '/feed.xml' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'blog', port: 80, weight: 1 }],
      }],
    },
  };
}

describe('validateManifest (Gateway API HTTPRoute CRD, strict)', () => {
  test('unknown fields are rejected at every level, including metadata and the top', () => {
    const r = httpRoute();
    r.spec.rules[0].backendRefs[0].bogus = 1;
    r.spec.parentRefs[0].extra = 'x';
    r.metadata.labelz = {};
    r.extra = true;
    expect(validateManifest(r)).toEqual(expect.arrayContaining([
      'spec.rules[0].backendRefs[0].bogus: unknown field "bogus"',
      'spec.parentRefs[0].extra: unknown field "extra"',
      'metadata.labelz: unknown field "labelz"',
      'extra: unknown field "extra"',
    ]));
  });

  test('patterns, enums, ranges and required fields are checked', () => {
    const r = httpRoute();
    r.spec.hostnames[0] = 'Blog.Example.com';
    r.spec.rules[0].matches[0].path.type = 'Glob';
    r.spec.rules[0].backendRefs[0].port = 70000;
    r.spec.rules[0].backendRefs[0].weight = -1;
    delete r.spec.parentRefs[1].name;
    expect(validateManifest(r)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^spec\.hostnames\[0\]: must match pattern /),
      'spec.rules[0].matches[0].path.type: must be one of "Exact", "PathPrefix", "RegularExpression" (got "Glob")',
      'spec.rules[0].backendRefs[0].port: must be <= 65535 (got 70000)',
      'spec.rules[0].backendRefs[0].weight: must be >= 0 (got -1)',
      'spec.parentRefs[1].name: required field is missing',
    ]));
  });

});

describe('the on-disk cache of compiled schemas (test/support/schema-cache.ts)', () => {
  type SchemaModule = typeof import('./support/schema');
  type CacheModule = typeof import('./support/schema-cache');

  /**
   * Runs `use` with the schema modules loaded afresh in a module registry of their own, as another
   * test file gets them, with these cache settings (read when the cache module is loaded). `use` runs
   * inside that registry: the modules load more of themselves lazily (the 1.33 module, ajv...).
   */
  function fresh<T>(env: Record<string, string>, use: (schema: SchemaModule, cache: CacheModule) => T): T {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    let result: { value: T } | undefined;
    jest.isolateModules(() => {
      Object.assign(process.env, env);
      let schema: SchemaModule;
      let cache: CacheModule;
      try {
        schema = require('./support/schema');
        cache = require('./support/schema-cache');
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      result = { value: use(schema, cache) };
    });
    return result!.value;
  }

  /** Valid and invalid objects of the kinds the cache keeps, each checked at 1.27 and at 1.33. */
  function samples(): any[] {
    const variants: Array<(d: any) => void> = [
      () => {},
      (d) => { container(d).foo = 'bar'; d.extra = true; d.metadata.labelz = {}; },
      (d) => { d.spec.replicas = '3'; d.spec.strategy.rollingUpdate.maxSurge = true; },
      (d) => { d.spec.strategy = null; d.metadata.labels.x = null; },
      (d) => { delete container(d).name; container(d).imagePullPolicy = 'Sometimes'; },
      (d) => { container(d).resources.requests.cpu = 'lots'; container(d).readinessProbe.httpGet.port = { name: 'http' }; },
      (d) => { container(d).lifecycle.preStop = { sleep: { seconds: 5 } }; d.spec.template.spec.hostnameOverride = 'web'; },
    ];
    const deployments = variants.map((change) => {
      const d = deployment();
      change(d);
      return d;
    });
    const app = application();
    app.spec.syncPolicy.retry.backoff.factor = 1.5;
    app.spec.source.repoUrl = 'x';
    const route = httpRoute();
    route.spec.rules[0].backendRefs[0].port = 70000;
    route.spec.hostnames[0] = 'Blog.Example.com';
    return [
      ...deployments,
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', name: 'r' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: { a: 1 } },
      { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'a' } },
      application(),
      app,
      httpRoute(),
      route,
    ];
  }

  /** Everything the schema module answers for the samples: errors per object and version, and hasSchema. */
  function answers(schema: SchemaModule): unknown {
    return (['1.27', '1.33'] as const).map((kubernetesVersion) => ({
      kubernetesVersion,
      errors: samples().map((o) => schema.validateManifest(o, { kubernetesVersion })),
      hasSchema: [['apps/v1', 'Deployment'], ['v1', 'ConfigMap'], ['policy/v1beta1', 'PodDisruptionBudget'], ['apps/v1', 'Nothing']]
        .map(([a, k]) => schema.hasSchema(a, k, { kubernetesVersion })),
    }));
  }

  test('validating through the cache gives exactly what validating without it gives', () => {
    // The first registry builds the entries that are missing (or reads them: an earlier test file may
    // have written them); the second one then reads every entry it uses from disk.
    const viaFirst = fresh({}, (schema) => answers(schema));
    const [viaCache, stats] = fresh({}, (schema, cache) => [answers(schema), cache.schemaCacheStats()] as const);
    // 1.27: the kinds index, Deployment, RoleBinding, ConfigMap; the CRDs: Application, HTTPRoute;
    // 1.33: Deployment, RoleBinding, ConfigMap (each: declarations and validator modules). All read, none built.
    expect(stats).toEqual({ hits: 12, misses: 0, writes: 0 });

    const [withoutCache, directStats] = fresh({ CDK8S_ZD_SCHEMA_CACHE: 'off' }, (schema, cache) => [answers(schema), cache.schemaCacheStats()] as const);
    expect(directStats).toEqual({ hits: 0, misses: 0, writes: 0 });
    expect(viaCache).toEqual(withoutCache);
    expect(viaFirst).toEqual(withoutCache);
    // The samples are worth comparing: most of them fail, with the messages the tests above expect.
    expect((withoutCache as any)[0].errors[3]).toEqual(['metadata.labels.x: must be string (got null)', 'spec.strategy: must be object (got null)']);
    expect((withoutCache as any)[1].errors[6]).toEqual(['spec.template.spec.hostnameOverride: unknown field "hostnameOverride"']);
  });

  test('an unusable entry is rebuilt, and a cache directory that cannot be written is no cache', () => {
    const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', name: 'r' } };
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-cache-'));
    try {
      // An entry that does not run (a half-written file cannot happen: entries are renamed into place).
      const dir = path.join(tmp, 'cache');
      fresh({ CDK8S_ZD_SCHEMA_CACHE_DIR: dir }, (schema, cache) => {
        const keyDir = path.join(dir, cache.schemaCacheKey());
        const entry = path.join(keyDir, 'ajv-io.k8s.api.rbac.v1.RoleBinding.js');
        fs.mkdirSync(keyDir, { recursive: true });
        fs.writeFileSync(entry, '"use strict";module.exports = function (');
        expect(schema.validateManifest(rb)).toEqual(['roleRef.kind: required field is missing']);
        expect(cache.schemaCacheStats()).toEqual({ hits: 0, misses: 2, writes: 2 }); // the kinds index and the rejected entry
        expect(fs.readFileSync(entry, 'utf8')).toMatch(/^"use strict";\s*module\.exports = validate\d+;/);
        expect(fs.readdirSync(keyDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      });

      // A "directory" under a regular file: nothing can be read or written, the validation is the same.
      fs.writeFileSync(path.join(tmp, 'file'), '');
      fresh({ CDK8S_ZD_SCHEMA_CACHE_DIR: path.join(tmp, 'file', 'cache') }, (schema, cache) => {
        expect(schema.validateManifest(rb)).toEqual(['roleRef.kind: required field is missing']);
        expect(cache.schemaCacheStats()).toEqual({ hits: 0, misses: 2, writes: 0 });
      });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('the cache key (test/support/schema-cache.ts)', () => {
  test('is made of the versions of the packages and the code an entry depends on', () => {
    const inputs = new Map(schemaCacheInputs());
    const versionOf = (pkg: string, from?: string) =>
      JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, from ? { paths: [path.dirname(require.resolve(`${from}/package.json`))] } : undefined), 'utf8')).version;
    for (const pkg of ['kubernetes-models', 'kubernetes-models-1-33', 'ajv', 'ajv-formats', 'typescript', '@kubernetes-models/argo-cd', '@kubernetes-models/gateway-api']) {
      expect(inputs.get(`package ${pkg}`)).toBe(versionOf(pkg));
    }
    for (const from of ['kubernetes-models', 'kubernetes-models-1-33']) {
      expect(inputs.get(`package @kubernetes-models/apimachinery (from ${from})`)).toBe(versionOf('@kubernetes-models/apimachinery', from));
    }
    for (const file of ['schema.ts', 'schema-v133.ts', 'schema-formats.ts', 'schema-cache.ts']) {
      expect(inputs.get(`file ${file}`)).toBe(fs.readFileSync(path.join(__dirname, 'support', file), 'utf8'));
    }
  });

  test('changes when any of them changes', () => {
    const inputs = schemaCacheInputs();
    const key = schemaCacheKeyOf(inputs);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(schemaCacheKeyOf(inputs.map(([w, v]) => [w, v]))).toBe(key);
    const keys = inputs.map((_, i) => schemaCacheKeyOf(inputs.map(([w, v], j) => [w, j === i ? `${v} ` : v])));
    expect(new Set([key, ...keys]).size).toBe(inputs.length + 1);
  });
});
