import { Duration, Testing } from 'cdk8s';
import { KubernetesVersion, PreStopHook, RestartSchedule, ServiceType, ZeroDowntimeWebsite, ZeroDowntimeWebsiteProps } from '../lib';
import {
  ARGO_CD_SCHEMA_SOURCE,
  GATEWAY_API_SCHEMA_SOURCE,
  hasSchema,
  KubernetesVersion as TargetVersion,
  SCHEMA_SOURCES,
  schemaVersionFor,
  SUPPORTED_KUBERNETES_VERSIONS,
  validateManifest,
  validateManifests,
} from './support/schema';

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
  test('a valid Deployment passes', () => {
    expect(validateManifest(deployment())).toEqual([]);
  });

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

  test('Service targetPort by name passes', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    };
    expect(validateManifest(svc)).toEqual([]);
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

  test('every kind the library renders has a schema and a valid minimal object passes', () => {
    const objs = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, automountServiceAccountToken: false },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } },
      deployment(),
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'p' },
        spec: { maxUnavailable: '10%', selector: { matchLabels: { a: 'b' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: 2,
          maxReplicas: 10,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
          behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'n' },
        spec: {
          podSelector: { matchLabels: { a: 'b' } },
          policyTypes: ['Ingress'],
          ingress: [{ ports: [{ port: 'http', protocol: 'TCP' }] }],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'i' },
        spec: {
          ingressClassName: 'nginx',
          rules: [{ host: 'x.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { name: 'http' } } } }] } }],
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'cj' },
        spec: {
          schedule: '*/5 * * * *',
          timeZone: 'Etc/UTC',
          jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } } },
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j' },
        spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'r' },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'rb' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
        subjects: [{ kind: 'ServiceAccount', name: 'sa' }],
      },
    ];
    expect(validateManifests(objs)).toEqual([]);
  });

  test('validateManifests prefixes errors with kind/name', () => {
    const d = deployment();
    d.spec.replicas = '3';
    expect(validateManifests([d, { apiVersion: 'v1', kind: 'Nope', metadata: { name: 'x' } }])).toEqual([
      'Deployment/web: spec.replicas: must be integer (got "3")',
      'Nope/x: no schema for v1/Nope',
    ]);
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
  test('the schema comes from an npm package, and says which Argo CD version', () => {
    expect(ARGO_CD_SCHEMA_SOURCE).toMatch(/^@kubernetes-models\/argo-cd@2\.5\.0 \(Argo CD v2\.10\.8 /);
    expect(require('@kubernetes-models/argo-cd/package.json').version).toBe('2.5.0');
    expect(hasSchema('argoproj.io/v1alpha1', 'Application')).toBe(true);
  });

  test('a valid Application with every field the library renders passes', () => {
    expect(validateManifest(application())).toEqual([]);
  });

  test('destination by cluster name passes', () => {
    const a = application();
    a.spec.destination = { name: 'prod-eu', namespace: 'site' };
    expect(validateManifest(a)).toEqual([]);
  });

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

  test('the CRD requires neither spec.source nor spec.sources (Argo CD itself reports an Application without one)', () => {
    const a = application();
    delete a.spec.source;
    expect(validateManifest(a)).toEqual([]);
  });

  test('multi-source Applications (spec.sources) are checked item by item', () => {
    const a = application();
    const { source } = a.spec;
    delete a.spec.source;
    a.spec.sources = [source, { repoURL: 'https://charts.example.com', chart: 'web', targetRevision: '1.2.3', ref: 'values' }];
    expect(validateManifest(a)).toEqual([]);
    a.spec.sources[1].helm = { releaseName: 'web', valueFile: 'x.yaml' };
    delete a.spec.sources[0].repoURL;
    expect(validateManifest(a)).toEqual([
      'spec.sources[0].repoURL: required field is missing',
      'spec.sources[1].helm.valueFile: unknown field "valueFile"',
    ]);
  });

  test('x-kubernetes-preserve-unknown-fields is honoured (helm.valuesObject takes anything), its siblings stay strict', () => {
    const a = application();
    a.spec.source.helm = { valuesObject: { replicaCount: 2, ingress: { hosts: [{ host: 'x.example.com' }] } } };
    expect(validateManifest(a)).toEqual([]);
    a.spec.source.helm.valuesObjects = {};
    expect(validateManifest(a)).toEqual(['spec.source.helm.valuesObjects: unknown field "valuesObjects"']);
    a.spec.source.helm = { valuesObject: 'replicaCount: 2' };
    expect(validateManifest(a)).toEqual(['spec.source.helm.valuesObject: must be object (got "replicaCount: 2")']);
  });

  test('maps take any key, with typed values', () => {
    const a = application();
    a.spec.syncPolicy.managedNamespaceMetadata = { labels: { team: 'web' }, annotations: { 'example.com/a': 'b' } };
    expect(validateManifest(a)).toEqual([]);
    a.spec.syncPolicy.managedNamespaceMetadata.labels.replicas = 2;
    expect(validateManifest(a)).toEqual(['spec.syncPolicy.managedNamespaceMetadata.labels.replicas: must be string (got 2)']);
  });

  test('int-or-string fields accept both, and nothing else', () => {
    const a = application();
    delete a.spec.source.directory;
    a.spec.source.kustomize = { replicas: [{ name: 'web', count: 2 }, { name: 'docs', count: '3' }] };
    expect(validateManifest(a)).toEqual([]);
    a.spec.source.kustomize.replicas[0].count = true;
    expect(validateManifest(a)).toEqual(['spec.source.kustomize.replicas[0].count: must be integer or string (got true)']);
  });

  test('status and operation (written by Argo CD) are checked strictly too', () => {
    const a = application();
    a.status = { sync: { status: 'Synced', revision: 'abc123' }, health: { status: 'Healthy' } };
    a.operation = { sync: { revision: 'abc123', prune: true } };
    expect(validateManifest(a)).toEqual([]);
    a.status.sync.bogus = 1;
    a.operation.sync.prune = 'yes';
    delete a.status.sync.status;
    expect(validateManifest(a)).toEqual([
      'operation.sync.prune: must be boolean (got "yes")',
      'status.sync.status: required field is missing',
      'status.sync.bogus: unknown field "bogus"',
    ]);
    // and the object without them is still checked by the lighter schema
    delete a.status;
    delete a.operation;
    expect(validateManifest(a)).toEqual([]);
  });

  test('the schema is Argo CD v2.10.8\'s: fields Argo CD v3 added are unknown to it', () => {
    const a = application();
    a.spec.syncPolicy.automated.enabled = true;
    a.spec.syncPolicy.retry.refresh = true;
    expect(validateManifest(a)).toEqual([
      'spec.syncPolicy.automated.enabled: unknown field "enabled"',
      'spec.syncPolicy.retry.refresh: unknown field "refresh"',
    ]);
  });

  test('validateManifests checks Applications alongside Kubernetes objects', () => {
    const a = application();
    a.spec.destination.namespaces = ['site'];
    expect(validateManifests([deployment(), a])).toEqual(['Application/site: spec.destination.namespaces: unknown field "namespaces"']);
  });
});

describe('validateManifest (Kubernetes 1.33, strict)', () => {
  const v133 = { kubernetesVersion: '1.33' } as const;

  test('the schema is kubernetes-models@4.5.1, Kubernetes v1.33.0, under an npm alias', () => {
    expect(SCHEMA_SOURCES['1.33']).toMatch(/^kubernetes-models@4\.5\.1 \(Kubernetes v1\.33\.0 OpenAPI\)/);
    const pkg = require('kubernetes-models-1-33/package.json');
    expect([pkg.name, pkg.version]).toEqual(['kubernetes-models', '4.5.1']);
    expect(require('kubernetes-models/package.json').version).toBe('4.3.1'); // the 1.27 schema stays
  });

  test('a valid Deployment passes, with the native preStop sleep and other fields 1.27 lacks', () => {
    const d = deployment();
    container(d).lifecycle = { preStop: { sleep: { seconds: 15 } }, stopSignal: 'SIGTERM' };
    d.spec.template.spec.resources = { requests: { cpu: '100m' } }; // pod-level resources: 1.32
    expect(validateManifest(d, v133)).toEqual([]);
    expect(validateManifest(d)).toEqual([
      'spec.template.spec.resources: unknown field "resources"',
      'spec.template.spec.containers[0].lifecycle.stopSignal: unknown field "stopSignal"',
      'spec.template.spec.containers[0].lifecycle.preStop.sleep: unknown field "sleep"',
    ]);
  });

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

/** Renders one site at the given target, with every object kind the library can render. */
function everything(version: KubernetesVersion, props: Partial<ZeroDowntimeWebsiteProps> = {}): any[] {
  const chart = Testing.chart();
  new ZeroDowntimeWebsite(chart, 'website', {
    image: 'repo/site:1.2.3',
    kubernetesVersion: version,
    ingress: { host: 'www.example.com', tlsSecretName: 'www-tls', className: 'nginx' },
    httpRoute: { parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'https' }], hostnames: ['www.example.com'], paths: [{ value: '/' }] },
    autoscaling: { minReplicas: 3, maxReplicas: 6 },
    config: { files: { 'site.conf': 'x' }, env: { MODE: 'prod' } },
    restartSchedule: RestartSchedule.cron('0 3 * * *'),
    serviceType: ServiceType.LOAD_BALANCER,
    ...props,
  });
  return Testing.synth(chart);
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
  test('the schema comes from an npm package, and says which Gateway API version', () => {
    expect(GATEWAY_API_SCHEMA_SOURCE).toMatch(/^@kubernetes-models\/gateway-api@0\.5\.1 \(Gateway API v1\.0\.0 HTTPRoute CRD; our types: v1\.4\.1\)/);
    const pkg = require('@kubernetes-models/gateway-api/package.json');
    expect(pkg.version).toBe('0.5.1');
    expect(pkg['crd-generate'].input).toContain('https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.0.0/experimental-install.yaml');
    expect(hasSchema('gateway.networking.k8s.io/v1', 'HTTPRoute')).toBe(true);
    expect(hasSchema('gateway.networking.k8s.io/v1', 'HTTPRoute', { kubernetesVersion: '1.33' })).toBe(true);
  });

  test('a valid HTTPRoute with every field the library renders passes, for every target', () => {
    for (const v of SUPPORTED_KUBERNETES_VERSIONS) expect(validateManifest(httpRoute(), { kubernetesVersion: v })).toEqual([]);
  });

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

  test('status (written by the gateway controller) is checked strictly when present', () => {
    const r = httpRoute();
    const accepted = { type: 'Accepted', status: 'True', reason: 'Accepted', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' };
    r.status = { parents: [{ controllerName: 'example.com/gateway', parentRef: { name: 'public' }, conditions: [accepted], bogus: 1 }] };
    expect(validateManifest(r)).toEqual(['status.parents[0].bogus: unknown field "bogus"']);
  });
});
