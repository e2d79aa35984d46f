import { ARGO_CD_SCHEMA_SOURCE, hasSchema, validateManifest, validateManifests } from './support/schema';

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

  test('only Kubernetes 1.27 is available', () => {
    expect(() => validateManifest(deployment(), { kubernetesVersion: '1.30' as any })).toThrow(/only 1\.27/);
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
