import fc from 'fast-check';
import { RuleEngine } from '../../lib/engine/check';
import { GuardrailRule } from '../../lib/engine/rule-ids';

/*
 * The rules read Kubernetes as the API server and the controllers do: port defaulting and
 * int-or-string, serving sets per Service, pods an operator creates, the rollout arithmetic behind
 * hard anti-affinity, what a probe really checks, and the three workload kinds. Each case is built
 * by hand; the expected findings are written out, never computed.
 */

/** A Deployment (or another kind) with one container; `over` is merged into the container. */
function workload(name: string, over: Record<string, unknown> = {}, spec: Record<string, unknown> = {}, kind = 'Deployment'): any {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: 'web' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      ...(kind === 'Deployment' ? { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } : {}),
      ...spec,
      template: {
        metadata: { labels: { app: name, ...((spec.podLabels as object) ?? {}) } },
        spec: {
          containers: [{
            name: 'app',
            image: 'user/app:1.0.0',
            ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
            livenessProbe: { tcpSocket: { port: 'http' } },
            lifecycle: { preStop: { sleep: { seconds: 5 } } },
            ...over,
          }],
        },
      },
    },
  };
}

function service(name: string, selector: Record<string, string>, ports: unknown[] = [{ port: 80, targetPort: 'http' }]): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'web' }, spec: { selector, ports } };
}

/** Findings as `rule Kind/name`, sorted. */
function findings(objects: unknown[]): string[] {
  return RuleEngine.check(objects).map((f) => `${f.rule} ${f.objectRef.kind}/${f.objectRef.name}`).sort();
}

describe('ports: a number works undeclared, a name must be declared', () => {
  test('a Service targetPort number the container does not list reaches the pod IP: no finding', () => {
    expect(findings([workload('site'), service('site', { app: 'site' }, [{ port: 80, targetPort: 9090 }])])).toEqual([]);
  });

  test.each([[undefined], [0], ['']])('targetPort %p means "same as port" (a number): no finding', (targetPort) => {
    const port = targetPort === undefined ? { port: 8080 } : { port: 8080, targetPort };
    expect(findings([workload('site'), service('site', { app: 'site' }, [port])])).toEqual([]);
  });

  test('a targetPort name no container declares: the Service gets no endpoint for it', () => {
    const f = RuleEngine.check([workload('site'), service('site', { app: 'site' }, [{ port: 80, targetPort: 'web' }])]);
    expect(f.map((x) => [x.rule, x.objectRef.kind, x.path, x.value, x.allowed])).toEqual([
      [GuardrailRule.SERVICE_TARGET_PORT_MISMATCH, 'Service', 'spec.ports[0].targetPort', 'web', 'a port name a container declares (http/8080), or a port number'],
    ]);
  });

  test('a readiness probe on an undeclared number is probed as it is; an undeclared name fails', () => {
    const byNumber = workload('site', { readinessProbe: { httpGet: { path: '/ready', port: 10254 } } });
    expect(findings([byNumber, service('site', { app: 'site' })])).toEqual([]);
    const byName = workload('site', { readinessProbe: { httpGet: { path: '/ready', port: 'metrics' } } });
    expect(findings([byName, service('site', { app: 'site' })])).toEqual(['readiness-port Deployment/site']);
  });
});

describe('several workloads behind one Service are one serving set', () => {
  const reviews = (v: string) => workload(`reviews-${v}`, {}, { replicas: 1, selector: { matchLabels: { app: 'reviews', version: v } }, podLabels: { app: 'reviews', version: v } });
  const fix = (d: any) => {
    d.spec.template.metadata.labels = { app: 'reviews', version: d.metadata.name.slice(8) };
    return d;
  };

  test('three 1-replica Deployments behind Service reviews: 3 pods serve, no deployment-replicas', () => {
    const objects = ['v1', 'v2', 'v3'].map((v) => fix(reviews(v)));
    expect(findings([...objects, service('reviews', { app: 'reviews' })])).toEqual([]);
  });

  test('one of them alone behind its own Service is a single pod', () => {
    const objects = ['v1', 'v2', 'v3'].map((v) => fix(reviews(v)));
    const own = service('reviews-v1', { app: 'reviews', version: 'v1' });
    // Service reviews keeps 3 pods, Service reviews-v1 has only reviews-v1's pod
    const f = RuleEngine.check([...objects, service('reviews', { app: 'reviews' }), own]);
    expect(f.map((x) => [x.rule, x.objectRef.name, x.allowed])).toEqual([
      [GuardrailRule.DEPLOYMENT_REPLICAS, 'reviews-v1', '2 or more'],
    ]);
  });

  test('a Recreate rollout of one of them is survived when the others serve', () => {
    const objects = ['v1', 'v2'].map((v) => fix(reviews(v)));
    objects[0].spec.strategy = { type: 'Recreate' };
    expect(findings([...objects, service('reviews', { app: 'reviews' })])).toEqual([]);
    expect(findings([objects[0], service('reviews', { app: 'reviews' })])).toEqual(['deployment-replicas Deployment/reviews-v1', 'recreate-strategy Deployment/reviews-v1']);
  });
});

describe('pods an operator creates from a custom resource', () => {
  const svc = service('prometheus-k8s', { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' }, [{ port: 9090, targetPort: 'web' }]);
  const other = workload('grafana');

  test("a Prometheus' spec.podMetadata.labels are pod labels: the Service selects them", () => {
    const prometheus = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'k8s', namespace: 'web' },
      spec: { replicas: 2, podMetadata: { labels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' } } },
    };
    const a = RuleEngine.analyze([other, prometheus, svc]);
    expect(a.findings.map((f) => f.rule)).not.toContain(GuardrailRule.SERVICE_SELECTOR_MISMATCH);
    // the operator's pods are not a workload the rules read: said so
    expect(a.skipped.map((s) => [s.objectRef?.kind, s.reason])).toEqual([
      ['Deployment', 'no Service in the input selects its pods: traffic rules not run'],
      ['Prometheus', 'a Service selects its pods, but the rules read only Deployment, StatefulSet, DaemonSet: workload rules not run on a Prometheus'],
    ]);
  });

  test('a custom resource the engine cannot read may create the pods: skipped with the reason, not a finding', () => {
    const cr = { apiVersion: 'example.com/v1', kind: 'Database', metadata: { name: 'db', namespace: 'web' }, spec: { size: 3 } };
    const a = RuleEngine.analyze([other, cr, svc]);
    expect(a.findings.map((f) => f.rule)).toEqual([]);
    expect(a.skipped.find((s) => s.objectRef?.kind === 'Service')).toEqual({
      objectIndex: 2,
      objectRef: { apiVersion: 'v1', kind: 'Service', namespaceName: 'web', name: 'prometheus-k8s' },
      rules: [GuardrailRule.SERVICE_SELECTOR_MISMATCH],
      reason: 'its selector matches no pod template in the input, but Database web/db may have an operator create its pods: selector not judged',
    });
  });

  test('without such a resource the Service selects nothing: a finding', () => {
    expect(findings([other, svc])).toEqual(['service-selector-mismatch Service/prometheus-k8s']);
  });

  test('configuration-only custom resources (a ServiceMonitor, an HTTPRoute) create no pods', () => {
    const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm', namespace: 'web' }, spec: {} };
    expect(findings([other, monitor, svc])).toEqual(['service-selector-mismatch Service/prometheus-k8s']);
  });
});

describe('hard anti-affinity needs replicas + maxSurge nodes only when maxUnavailable resolves to 0', () => {
  const antiAffine = (maxUnavailable: number | string, replicas = 2) => {
    const d = workload('ms', {}, { replicas, strategy: { rollingUpdate: { maxUnavailable } } });
    d.spec.template.spec.affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'ms' } } }] },
    };
    return [d, service('ms', { app: 'ms' })];
  };

  test('maxUnavailable 1 (metrics-server HA): an old pod goes first, its node frees, the rollout completes', () => {
    expect(findings(antiAffine(1))).toEqual(['rolling-update-max-unavailable Deployment/ms']);
  });

  test("maxUnavailable 0: the surge pod needs a third node", () => {
    expect(findings(antiAffine(0))).toEqual(['hard-anti-affinity-capacity Deployment/ms']);
  });

  test('25% of 2 replicas rounds down to 0: the surge pod needs a node of its own', () => {
    expect(findings(antiAffine('25%'))).toEqual(['hard-anti-affinity-capacity Deployment/ms']);
    // 25% of 4 is 1: a node frees first (rolling-update-max-unavailable still applies to it)
    expect(findings(antiAffine('25%', 4))).toEqual(['rolling-update-max-unavailable Deployment/ms']);
  });
});

describe('two probes are the same check when they hit the same endpoint', () => {
  const site = (readinessProbe: unknown, livenessProbe: unknown) => [workload('fe', { readinessProbe, livenessProbe }), service('fe', { app: 'fe' })];

  test('httpHeaders differ only (online-boutique frontend): the same check', () => {
    const r = { httpGet: { path: '/_healthz', port: 8080, httpHeaders: [{ name: 'Cookie', value: 'shop_session-id=x-readiness-probe' }] }, initialDelaySeconds: 10 };
    const l = { httpGet: { path: '/_healthz', port: 8080, httpHeaders: [{ name: 'Cookie', value: 'shop_session-id=x-liveness-probe' }] }, periodSeconds: 20 };
    expect(findings(site(r, l))).toEqual(['pod-probes-identical Deployment/fe']);
  });

  test('the port by name and by its number, and the default path /, are the same check', () => {
    expect(findings(site({ httpGet: { port: 'http' } }, { httpGet: { path: '/', port: 8080 } }))).toEqual(['pod-probes-identical Deployment/fe']);
  });

  test('another path, another handler or another port is another check', () => {
    expect(findings(site({ httpGet: { path: '/ready', port: 'http' } }, { httpGet: { path: '/live', port: 'http' } }))).toEqual([]);
    expect(findings(site({ httpGet: { path: '/', port: 'http' } }, { tcpSocket: { port: 'http' } }))).toEqual([]);
    expect(findings(site({ tcpSocket: { port: 8080 } }, { tcpSocket: { port: 8081 } }))).toEqual([]);
  });
});

describe('facts the YAML cannot show are declared, never guessed', () => {
  test('a server that keeps serving after SIGTERM on its own (podinfo: 3 s) declares it; the path time still applies', () => {
    const d = workload('podinfo', { lifecycle: undefined });
    expect(findings([d, service('podinfo', { app: 'podinfo' })])).toEqual(['prestop-delay-missing Deployment/podinfo']);
    d.metadata.annotations = { 'zero-downtime.cdk8s.io/shutdown-delay-seconds': '3' };
    // 3 s is shorter than the 5 s a ClusterIP path needs
    const f = RuleEngine.check([d, service('podinfo', { app: 'podinfo' })]);
    expect(f.map((x) => [x.rule, x.value, x.allowed])).toEqual([
      [GuardrailRule.PRESTOP_SHORTER_THAN_PATH, '3s', 'at least 5s, the time the ClusterIP path needs to stop sending requests'],
    ]);
    d.metadata.annotations['zero-downtime.cdk8s.io/shutdown-delay-seconds'] = '5';
    expect(findings([d, service('podinfo', { app: 'podinfo' })])).toEqual([]);
  });

  test('a Service that publishes not-ready addresses is not gated by readiness: no readiness-probe-missing', () => {
    const d = workload('search', { readinessProbe: undefined });
    const headless = service('search-headless', { app: 'search' });
    headless.spec.clusterIP = 'None';
    headless.spec.publishNotReadyAddresses = true;
    expect(findings([d, headless])).toEqual([]);
    // a second, ordinary Service of the same pods is gated by readiness
    expect(findings([d, headless, service('search', { app: 'search' })])).toEqual(['readiness-probe-missing Deployment/search']);
  });
});

describe('StatefulSets and DaemonSets behind a Service get the rules of their controller', () => {
  test('a bare StatefulSet of 1: no probe, no preStop, a single pod (a rolling update deletes it before its replacement exists)', () => {
    const sts = workload('redis', { readinessProbe: undefined, livenessProbe: undefined, lifecycle: undefined }, { replicas: 1, serviceName: 'redis' }, 'StatefulSet');
    expect(findings([sts, service('redis', { app: 'redis' })])).toEqual([
      'deployment-replicas StatefulSet/redis',
      'prestop-delay-missing StatefulSet/redis',
      'readiness-probe-missing StatefulSet/redis',
    ]);
  });

  test('a StatefulSet of 3 with probes and preStop passes; it has no maxSurge and no progress deadline to judge', () => {
    expect(findings([workload('redis', {}, { replicas: 3 }, 'StatefulSet'), service('redis', { app: 'redis' })])).toEqual([]);
  });

  test("a DaemonSet's default update (maxUnavailable 1, maxSurge 0) takes a node's pod down first", () => {
    const ds = workload('proxy', {}, {}, 'DaemonSet');
    delete ds.spec.replicas;
    const f = RuleEngine.check([ds, service('proxy', { app: 'proxy' })]);
    expect(f.map((x) => [x.rule, x.path, x.value])).toEqual([
      [GuardrailRule.ROLLING_UPDATE_MAX_UNAVAILABLE, 'spec.updateStrategy.rollingUpdate.maxUnavailable', 1],
    ]);
    ds.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    // no finding at all: not even deployment-replicas, since one DaemonSet pod per node is no replica count to judge
    expect(findings([ds, service('proxy', { app: 'proxy' })])).toEqual([]);
  });

  test('a DaemonSet on the host network cannot surge on its node: not judged for maxUnavailable', () => {
    const ds = workload('node-proxy', {}, {}, 'DaemonSet');
    ds.spec.template.spec.hostNetwork = true;
    expect(findings([ds, service('node-proxy', { app: 'node-proxy' })])).toEqual([]);
  });

  test('a StatefulSet no Service selects: only the rules that need no Service run, and the rest is said', () => {
    const sts = workload('worker', { readinessProbe: undefined }, { replicas: 1 }, 'StatefulSet');
    const a = RuleEngine.analyze([sts]);
    expect(a.findings).toEqual([]);
    expect(a.skipped).toEqual([{
      objectIndex: 0,
      objectRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', namespaceName: 'web', name: 'worker' },
      rules: [
        GuardrailRule.READINESS_PROBE_MISSING, GuardrailRule.DEPLOYMENT_REPLICAS, GuardrailRule.PRESTOP_DELAY_MISSING, GuardrailRule.SERVICE_TARGET_PORT_MISMATCH,
        GuardrailRule.ROUTE_BACKEND_PORT_MISMATCH, GuardrailRule.PRESTOP_SHORTER_THAN_PATH, GuardrailRule.NETWORK_POLICY_BLOCKS_EXTERNAL,
      ],
      reason: 'no Service in the input selects its pods: traffic rules not run',
    }]);
  });
});

describe('nothing unread passes: fields of the wrong type are input problems', () => {
  const problems = (objects: unknown[]) => RuleEngine.analyze(objects).problems.map((p) => [p.objectRef.kind, p.path, p.found, p.expected]);

  test('the silent passes of the issue: template 5, containers a string, replicas "3"', () => {
    const a = workload('a');
    a.spec.template = 5;
    const b = workload('b');
    b.spec.template.spec.containers = 'nginx';
    const c = workload('c');
    c.spec.replicas = '3';
    expect(problems([a, b, c])).toEqual([
      ['Deployment', 'spec.template', 5, 'an object with spec'],
      ['Deployment', 'spec.template.spec.containers', 'nginx', 'a list'],
      ['Deployment', 'spec.replicas', '3', 'an integer (without quotes)'],
    ]);
  });

  test('a quoted port number is a port name the API server refuses', () => {
    const d = workload('d', { readinessProbe: { httpGet: { path: '/', port: '8080' } } });
    expect(problems([d, service('d', { app: 'd' }, [{ port: 80, targetPort: '8080' }])])).toEqual([
      ['Deployment', 'spec.template.spec.containers[0].readinessProbe.httpGet.port', '8080', 'the number 8080 without quotes (a quoted "8080" is a port name, and a port name needs a letter: the API server refuses it)'],
      ['Service', 'spec.ports[0].targetPort', '8080', 'the number 8080 without quotes (a quoted "8080" is a port name, and a port name needs a letter: the API server refuses it)'],
    ]);
  });

  test('no containers, a label that is a number, a percentage without %', () => {
    const d = workload('d', {}, { strategy: { rollingUpdate: { maxSurge: 'one' } } });
    d.spec.template.spec.containers = [];
    d.spec.template.metadata.labels.version = 2;
    expect(problems([d])).toEqual([
      ['Deployment', 'spec.template.metadata.labels.version', 2, 'a string (quote it: "2")'],
      ['Deployment', 'spec.template.spec.containers', [], 'a list of at least one item'],
      ['Deployment', 'spec.strategy.rollingUpdate.maxSurge', 'one', 'a whole number of pods (e.g. 1) or a percentage (e.g. "25%")'],
    ]);
  });

  test('a well-formed site has no problem; null reads as absent, as the API server decodes it', () => {
    const d = workload('d');
    d.spec.strategy = null;
    expect(problems([d, service('d', { app: 'd' })])).toEqual([]);
  });

  test('a document that is no Kubernetes object is skipped, not counted as an object', () => {
    const a = RuleEngine.analyze([{ foo: 'bar' }, 'text', workload('d'), service('d', { app: 'd' })]);
    expect(a.skipped.map((s) => [s.objectIndex, s.objectRef, s.reason])).toEqual([
      [0, undefined, 'not a Kubernetes object (no apiVersion and kind): not read'],
      [1, undefined, 'not a Kubernetes object (no apiVersion and kind): not read'],
    ]);
  });
});

describe('property: nothing unread passes', () => {
  /** Fields the rules read in the good site (Deployment 0, Service 1, PDB 2, HPA 3), and wrong-typed values for them. */
  const READ_FIELDS: Array<{ object: number; path: (string | number)[]; wrong: fc.Arbitrary<unknown> }> = [
    { object: 0, path: ['spec', 'replicas'], wrong: fc.oneof(fc.string(), fc.double({ min: 0.1, max: 0.9 }), fc.constant(true), fc.constant({})) },
    { object: 0, path: ['spec', 'template'], wrong: fc.oneof(fc.integer(), fc.string(), fc.constant([])) },
    { object: 0, path: ['spec', 'template', 'spec', 'containers'], wrong: fc.oneof(fc.string(), fc.integer(), fc.constant({})) },
    { object: 0, path: ['spec', 'template', 'spec', 'containers', 0, 'ports'], wrong: fc.oneof(fc.string(), fc.constant({ name: 'http' })) },
    { object: 0, path: ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'], wrong: fc.oneof(fc.string(), fc.integer({ min: 65536 }), fc.constant(0)) },
    { object: 0, path: ['spec', 'template', 'spec', 'containers', 0, 'readinessProbe'], wrong: fc.oneof(fc.string(), fc.integer(), fc.constant([])) },
    { object: 0, path: ['spec', 'template', 'spec', 'containers', 0, 'readinessProbe', 'httpGet', 'port'], wrong: fc.oneof(fc.constant('8080'), fc.constant('Not A Name'), fc.constant(true), fc.double({ min: 1.5, max: 2.5 })) },
    { object: 0, path: ['spec', 'template', 'spec', 'containers', 0, 'lifecycle', 'preStop'], wrong: fc.oneof(fc.string(), fc.constant([])) },
    { object: 0, path: ['spec', 'template', 'spec', 'containers', 0, 'lifecycle', 'preStop', 'sleep', 'seconds'], wrong: fc.oneof(fc.string(), fc.constant({})) },
    { object: 0, path: ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], wrong: fc.oneof(fc.constant('1'), fc.constant('one'), fc.constant(-1), fc.constant({})) },
    { object: 0, path: ['spec', 'template', 'metadata', 'labels'], wrong: fc.oneof(fc.string(), fc.constant(['app'])) },
    { object: 1, path: ['spec', 'ports'], wrong: fc.oneof(fc.string(), fc.constant({ port: 80 })) },
    { object: 1, path: ['spec', 'ports', 0, 'targetPort'], wrong: fc.oneof(fc.constant(true), fc.constant('8080'), fc.constant({})) },
    { object: 1, path: ['spec', 'selector'], wrong: fc.oneof(fc.string(), fc.constant(['app'])) },
    { object: 2, path: ['spec', 'maxUnavailable'], wrong: fc.oneof(fc.constant('1'), fc.constant(true), fc.constant('half')) },
    { object: 3, path: ['spec', 'minReplicas'], wrong: fc.oneof(fc.string(), fc.constant(2.5)) },
  ];

  const site = () => [
    workload('site'),
    service('site', { app: 'site' }),
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'site', namespace: 'web' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'site' } } } },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'site', namespace: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'site' }, minReplicas: 3, maxReplicas: 6 } },
  ];

  const set = (root: any, path: (string | number)[], value: unknown) => {
    let o = root;
    for (const k of path.slice(0, -1)) o = o[k] ??= {};
    o[path[path.length - 1]] = value;
  };
  const dotted = (path: (string | number)[]) => path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');

  test('a read field of the wrong type is always an input problem at its path, never silence', () => {
    const base = site();
    delete base[0].spec.replicas; // the HPA owns the count
    expect(RuleEngine.analyze(base).problems).toEqual([]);
    fc.assert(fc.property(fc.nat(READ_FIELDS.length - 1).chain((i) => fc.tuple(fc.constant(i), READ_FIELDS[i].wrong)), ([i, wrong]) => {
      const objects = structuredClone(base);
      set(objects[READ_FIELDS[i].object], READ_FIELDS[i].path, wrong);
      const paths = RuleEngine.analyze(objects).problems.map((p) => p.path);
      expect(paths).toContain(dotted(READ_FIELDS[i].path));
    }), { numRuns: 150 });
  });

  test('changing a field no rule reads never removes a finding', () => {
    // a site with findings of several rules: no probe, no preStop, one replica, Recreate, a mutable tag
    const bad = () => {
      const d = workload('site', { readinessProbe: undefined, lifecycle: undefined, image: 'user/app:latest', imagePullPolicy: 'IfNotPresent' }, { replicas: 1, strategy: { type: 'Recreate' } });
      return [d, service('site', { app: 'site' })];
    };
    const before = findings(bad());
    expect(before).toEqual([
      'deployment-replicas Deployment/site',
      'mutable-image-tag Deployment/site',
      'prestop-delay-missing Deployment/site',
      'readiness-probe-missing Deployment/site',
      'recreate-strategy Deployment/site',
    ]);
    const unread: Array<(o: any[], v: string) => void> = [
      (o, v) => set(o[0], ['metadata', 'annotations', `example.com/${v.replace(/[^a-z]/g, '') || 'x'}`], v),
      (o, v) => set(o[0], ['metadata', 'labels', 'team'], v.replace(/[^a-z]/g, '') || 'x'),
      (o, v) => set(o[0], ['spec', 'template', 'spec', 'containers', 0, 'env'], [{ name: 'MODE', value: v }]),
      (o, v) => set(o[0], ['spec', 'template', 'spec', 'containers', 0, 'args'], [v]),
      (o, v) => set(o[0], ['spec', 'template', 'spec', 'nodeSelector'], { zone: v }),
      (o) => set(o[0], ['spec', 'revisionHistoryLimit'], 3),
      (o, v) => set(o[1], ['metadata', 'annotations', 'note'], v),
      (o, v) => o.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cfg-${o.length}`, namespace: 'web' }, data: { v } }),
    ];
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(unread.length - 1), fc.string()), { minLength: 1, maxLength: 4 }), (changes) => {
      const objects = bad();
      for (const [i, v] of changes) unread[i](objects, v);
      expect(findings(objects)).toEqual(before);
    }), { numRuns: 100 });
  });
});

describe('a Service checked without its pods', () => {
  test('no pod source of its namespace in the input: the selector is not judged, and the report says so', () => {
    const a = RuleEngine.analyze([service('web', { app: 'web' })]);
    expect(a.findings).toEqual([]);
    expect(a.skipped.map((s) => [s.objectRef?.name, s.rules, s.reason])).toEqual([
      ['web', [GuardrailRule.SERVICE_SELECTOR_MISMATCH], 'no workload or pod template of its namespace is in the input: selector not judged (check the Service together with the workload it serves)'],
    ]);
  });
});
