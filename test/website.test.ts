import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu, PercentOrAbsolute } from 'cdk8s-plus-27';
import {
  ContainerImage,
  AntiAffinityMode,
  DisruptionBudget,
  HealthCheck,
  ImagePullPolicy,
  KubernetesVersion,
  NetworkEgress,
  NetworkPeer,
  PodAntiAffinity,
  PreStopHook,
  RolloutStrategy,
  ServiceType,
  UnhealthyPodEvictionPolicy,
  ZeroDowntimeWebsite,
} from '../lib';
import { render, Rendered, webContainer } from './support/render';
import { validateManifests } from './support/schema';
import { freshChart } from './support/chart';

const SELECTOR = { 'app.kubernetes.io/name': 'website', 'app.kubernetes.io/component': 'web' };

/** The README one-liner (`render()` with no props), rendered once for the tests that only read it. */
let defaults: Rendered | undefined;
const renderDefaults = (): Rendered => (defaults ??= render());

describe('ZeroDowntimeWebsite defaults', () => {
  // GIVEN the one-liner from the README
  const r = renderDefaults();
  const deployment = r.one('Deployment');
  const pod = deployment.spec.template.spec;
  const container = webContainer(deployment);

  test('renders exactly a Deployment, Service, PodDisruptionBudget and NetworkPolicy', () => {
    expect(r.objects.map((o) => `${o.apiVersion}/${o.kind}`).sort()).toEqual([
      'apps/v1/Deployment',
      'networking.k8s.io/v1/NetworkPolicy',
      'policy/v1/PodDisruptionBudget',
      'v1/Service',
    ]);
  });

  test('every object passes the strict Kubernetes 1.27 schema', () => {
    expect(validateManifests(r.objects)).toEqual([]);
  });

  test('every object is named after the construct id', () => {
    for (const o of r.objects) expect(o.metadata.name).toBe('website');
  });

  test('deployment: 3 replicas, rolling update 1 surge / 0 unavailable, explicit timings', () => {
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(deployment.spec.minReadySeconds).toBe(5);
    expect(deployment.spec.progressDeadlineSeconds).toBe(300);
    expect(deployment.spec.revisionHistoryLimit).toBe(10);
  });

  test('selector uses only labels that never change', () => {
    expect(deployment.spec.selector).toEqual({ matchLabels: SELECTOR });
    expect(Object.keys(deployment.spec.selector.matchLabels)).not.toContain('app.kubernetes.io/version');
    expect(Object.keys(deployment.spec.selector.matchLabels)).not.toContain('app.kubernetes.io/instance');
  });

  test('every object carries the recommended labels; the pods also their serving label and track', () => {
    const recommended = {
      'app.kubernetes.io/name': 'website',
      'app.kubernetes.io/instance': 'website',
      'app.kubernetes.io/version': '1.2.3',
      'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/part-of': 'website',
      'app.kubernetes.io/managed-by': 'cdk8s-zero-downtime',
    };
    for (const o of r.objects) expect(o.metadata.labels).toEqual(recommended);
    expect(deployment.spec.template.metadata.labels).toEqual({ ...recommended, 'zero-downtime.cdk8s.io/serves': 'website', 'zero-downtime.cdk8s.io/track': 'stable' });
  });

  test('container: named port http 8080, pull policy Always for a tag', () => {
    expect(pod.containers).toHaveLength(1);
    expect(container.image).toBe('repo/site:1.2.3');
    expect(container.imagePullPolicy).toBe('Always');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
  });

  test('readiness probe: httpGet / on the named port', () => {
    // no initialDelaySeconds: 0 (Kubernetes' default; the API server drops the zero value)
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/', port: 'http', scheme: 'HTTP' },
      periodSeconds: 5,
      timeoutSeconds: 2,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  test('liveness probe differs from readiness (tcpSocket) and no startup probe', () => {
    expect(container.livenessProbe).toEqual({
      tcpSocket: { port: 'http' },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 2,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(container.startupProbe).toBeUndefined();
  });

  test('graceful shutdown: preStop sleep 5 and a grace period above sleep + drain', () => {
    expect(container.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(5 + 20);
  });

  test('pod disruption budget: maxUnavailable 1, AlwaysAllow, same selector', () => {
    const pdb = r.one('PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: SELECTOR },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(pdb.spec.selector).toEqual(deployment.spec.selector);
  });

  test('spreading: soft anti-affinity on hostname and a soft zone spread constraint', () => {
    expect(pod.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: SELECTOR } } },
        ],
      },
    });
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
    expect(pod.topologySpreadConstraints).toEqual([{
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: SELECTOR },
      matchLabelKeys: ['pod-template-hash'],
    }]);
  });

  test('service: ClusterIP on 80 to the named port, same selector', () => {
    const svc = r.one('Service');
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      selector: SELECTOR,
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }],
    });
    expect(svc.spec.externalIPs).toBeUndefined();
  });

  test('network policy: ingress only to http from anywhere, egress open', () => {
    const np = r.one('NetworkPolicy');
    expect(np.spec).toEqual({
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': 'website' },
        matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['web'] }],
      },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }] }],
      egress: [{}],
    });
  });

  test('resources: modest requests and limits, no CPU limit', () => {
    expect(container.resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'memory': '128Mi', 'ephemeral-storage': '256Mi' },
    });
  });

  test('security: restricted profile with numeric non-root ids and a writable /tmp', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork).toBeUndefined();
    expect(container.volumeMounts).toEqual([{ name: 'writable-tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'writable-tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('pod template has no annotations map at all', () => {
    expect(deployment.spec.template.metadata).not.toHaveProperty('annotations');
  });

  test('linter exemptions are explicit and limited to the documented ones; the drain time is recorded for the rule engine', () => {
    expect(deployment.metadata.annotations).toEqual({
      'polaris.fairwinds.com/cpuLimitsMissing-exempt': 'true',
      'polaris.fairwinds.com/priorityClassNotSet-exempt': 'true',
      'zero-downtime.cdk8s.io/drain-seconds': '20',
    });
  });

  test('escape hatches expose the objects', () => {
    expect(r.site.deployment.kind).toBe('Deployment');
    expect(r.site.service.kind).toBe('Service');
    expect(r.site.podDisruptionBudget?.kind).toBe('PodDisruptionBudget');
    expect(r.site.networkPolicy?.kind).toBe('NetworkPolicy');
    expect(r.site.selector).toEqual(SELECTOR);
  });

  test('snapshot', () => {
    expect(r.objects).toMatchSnapshot();
  });
});

describe('ZeroDowntimeWebsite configuration', () => {
  test('can set an explicit name, different from the id', () => {
    const r = render({ name: 'shop' }, 'Frontend');
    for (const o of r.objects) expect(o.metadata.name).toBe('shop');
    expect(r.one('Deployment').spec.selector.matchLabels['app.kubernetes.io/name']).toBe('shop');
  });

  test('names and selectors do not depend on where the construct sits in the tree', () => {
    const flat = renderDefaults();
    const chart = freshChart();
    const { Construct } = require('constructs');
    const nested = new ZeroDowntimeWebsite(new Construct(new Construct(chart, 'a'), 'b'), 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') });
    const objects = Testing.synth(chart);
    expect(nested.name).toBe('website');
    expect(objects.map((o: any) => o.metadata.name)).toEqual(flat.objects.map((o) => o.metadata.name));
    expect(objects.find((o: any) => o.kind === 'Deployment').spec.selector).toEqual(flat.one('Deployment').spec.selector);
  });

  test('version label changes with the image, selector does not', () => {
    const v1 = render({ image: ContainerImage.fromRegistry('repo/site:1.0.0') }).one('Deployment');
    const v2 = render({ image: ContainerImage.fromRegistry('repo/site:2.0.0') }).one('Deployment');
    expect(v1.spec.selector).toEqual(v2.spec.selector);
    expect(v1.metadata.labels['app.kubernetes.io/version']).toBe('1.0.0');
    expect(v2.metadata.labels['app.kubernetes.io/version']).toBe('2.0.0');
  });

  test('digest: IfNotPresent, with the pull-policy exemption for linters', () => {
    const image = `repo/site@sha256:${'a'.repeat(64)}`;
    const d = render({ image: ContainerImage.fromRegistry(image) }).one('Deployment');
    expect(webContainer(d).imagePullPolicy).toBe('IfNotPresent');
    expect(d.metadata.annotations['polaris.fairwinds.com/pullPolicyNotAlways-exempt']).toBe('true');
    expect(d.metadata.annotations['kube-score/ignore']).toBe('container-image-pull-policy');
    expect(d.metadata.labels['app.kubernetes.io/version']).toMatch(/^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/);
  });

  test('latest with Always is accepted and marked for the linters', () => {
    const d = render({ image: ContainerImage.fromRegistry('repo/site:latest') }).one('Deployment');
    expect(webContainer(d).imagePullPolicy).toBe('Always');
    expect(d.metadata.annotations['polaris.fairwinds.com/tagNotSpecified-exempt']).toBe('true');
    expect(d.metadata.annotations['kube-score/ignore']).toBe('container-image-tag');
  });

  test('can configure replicas, strategy and timings', () => {
    const d = render({
      replicas: 5,
      strategy: RolloutStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.percent(25), maxUnavailable: PercentOrAbsolute.absolute(0) }),
      minReady: Duration.seconds(10),
      progressDeadline: Duration.minutes(10),
      revisionHistoryLimit: 3,
    }).one('Deployment');
    expect(d.spec.replicas).toBe(5);
    expect(d.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    expect(d.spec.minReadySeconds).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.revisionHistoryLimit).toBe(3);
  });

  test('can configure the container port, env and the classic demo probe', () => {
    const d = render({
      containerPort: 80,
      env: { B: '2', A: '1' },
      readiness: HealthCheck.httpGet('/', { port: 80, initialDelay: Duration.seconds(5), period: Duration.seconds(5), successThreshold: 1 }),
      liveness: HealthCheck.httpGet('/healthz'),
      startup: HealthCheck.httpGet('/healthz', { period: Duration.seconds(5), failureThreshold: 24 }),
    }).one('Deployment');
    const c = webContainer(d);
    expect(c.ports).toEqual([{ name: 'http', containerPort: 80, protocol: 'TCP' }]);
    expect(c.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/', port: 80 }, initialDelaySeconds: 5, periodSeconds: 5, successThreshold: 1 });
    expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 });
    expect(c.startupProbe).toMatchObject({ httpGet: { path: '/healthz' }, periodSeconds: 5, failureThreshold: 24 });
    // a non-root server may bind port 80 through the namespaced, "safe" sysctl
    expect(d.spec.template.spec.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
  });

  test('liveness can be disabled', () => {
    const c = webContainer(render({ liveness: HealthCheck.none() }).one('Deployment'));
    expect(c.livenessProbe).toBeUndefined();
    expect(c.readinessProbe).toBeDefined();
  });

  test('native sleep preStop for Kubernetes >= 1.30', () => {
    const d = render({ preStop: PreStopHook.sleep(Duration.seconds(10)) }).one('Deployment');
    expect(webContainer(d).lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(35);
    // The 1.27 schema does not know `sleep` (1.29+): that field, and only it, is new.
    expect(validateManifests([d]).every((e) => /sleep/.test(e))).toBe(true);
    // With the target declared, the objects pass the target's schema.
    const targeted = render({ kubernetesVersion: KubernetesVersion.V1_30, preStop: PreStopHook.sleep(Duration.seconds(10)) });
    expect(validateManifests(targeted.objects, { kubernetesVersion: '1.30' })).toEqual([]);
  });

  test('Kubernetes >= 1.30: the native sleep is the default preStop (no sleep binary needed)', () => {
    const r = render({ kubernetesVersion: KubernetesVersion.V1_33 });
    expect(r.site.kubernetesVersion).toBe(KubernetesVersion.V1_33);
    expect(webContainer(r.one('Deployment')).lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(validateManifests(r.objects, { kubernetesVersion: '1.33' })).toEqual([]);
  });

  test('custom preStop hook and explicit grace period', () => {
    const d = render({
      preStop: PreStopHook.custom({ exec: { command: ['/app/drain'] } }, Duration.seconds(8)),
      drainTimeout: Duration.seconds(30),
      terminationGracePeriod: Duration.seconds(60),
    }).one('Deployment');
    expect(webContainer(d).lifecycle).toEqual({ preStop: { exec: { command: ['/app/drain'] } } });
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
  });

  test('disruption budget can be tuned or turned off', () => {
    const tuned = render({ disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.percent(50), { unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.IF_HEALTHY_BUDGET }) });
    expect(tuned.one('PodDisruptionBudget').spec).toEqual({
      minAvailable: '50%',
      selector: { matchLabels: SELECTOR },
      unhealthyPodEvictionPolicy: 'IfHealthyBudget',
    });
    const off = render({ disruptionBudget: DisruptionBudget.none() });
    expect(off.all('PodDisruptionBudget')).toEqual([]);
    expect(off.site.podDisruptionBudget).toBeUndefined();
  });

  test('hard anti-affinity with enough nodes, or none', () => {
    const hard = render({ antiAffinity: PodAntiAffinity.required(4) }).one('Deployment');
    expect(hard.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: SELECTOR } },
    ]);
    const none = render({ antiAffinity: PodAntiAffinity.none(), zoneSpread: false }).one('Deployment');
    expect(none.spec.template.spec.affinity).toBeUndefined();
    expect(none.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(PodAntiAffinity.preferred().mode).toBe(AntiAffinityMode.PREFERRED);
  });

  test('NodePort fixed at 31000', () => {
    const svc = render({ serviceType: ServiceType.NODE_PORT, nodePort: 31000 }).one('Service');
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 31000 }]);
    expect(svc.metadata.annotations).toEqual({ 'kube-score/ignore': 'service-type' });
  });

  test('LoadBalancer on a custom port', () => {
    const svc = render({ serviceType: ServiceType.LOAD_BALANCER, servicePort: 8000 }).one('Service');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.ports[0]).toEqual({ name: 'http', protocol: 'TCP', port: 8000, targetPort: 'http' });
  });

  test('ingress with host, path, TLS and class', () => {
    const r = render({ ingress: { host: 'www.example.com', path: '/', tlsSecretName: 'www-tls', className: 'nginx' } });
    const ing = r.one('Ingress');
    expect(ing.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['www.example.com'], secretName: 'www-tls' }],
      rules: [{
        host: 'www.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'website', port: { name: 'http' } } } }] },
      }],
    });
    expect(validateManifests(r.objects)).toEqual([]);
  });

  test('autoscaling: HPA v2 and no replicas in the Deployment', () => {
    const r = render({ autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 60 } });
    const hpa = r.one('HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'website' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
    expect(r.one('Deployment').spec).not.toHaveProperty('replicas');
    expect(validateManifests(r.objects)).toEqual([]);
  });

  test('network policy: restricted sources and egress, or disabled', () => {
    const np = render({
      networkPolicy: { allowFrom: [NetworkPeer.namespaceNamed('ingress-nginx')], egress: NetworkEgress.dnsOnly() },
    }).one('NetworkPolicy');
    expect(np.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
      ports: [{ protocol: 'TCP', port: 'http' }],
    }]);
    expect(np.spec.egress).toEqual([{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }]);
    expect(render({ networkPolicy: { enabled: false } }).all('NetworkPolicy')).toEqual([]);
  });

  test('resources can be overridden, CPU limit removes the exemption', () => {
    const d = render({
      resources: { cpuRequest: Cpu.millis(200), cpuLimit: Cpu.units(1), memoryRequest: Size.mebibytes(256), memoryLimit: Size.gibibytes(1) },
    }).one('Deployment');
    expect(webContainer(d).resources).toEqual({
      requests: { 'cpu': '200m', 'memory': '256Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '256Mi' }, // canonical form: the API server writes 1Gi back
    });
    expect(d.metadata.annotations).not.toHaveProperty('polaris.fairwinds.com/cpuLimitsMissing-exempt');
  });

  test('identity and writable paths for nginx', () => {
    const d = render({ runAsUser: 20000, runAsGroup: 20001, writablePaths: ['/tmp', '/var/cache/nginx', '/var/run'] }).one('Deployment');
    const c = webContainer(d);
    expect(d.spec.template.spec.securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 20001, fsGroup: 20001 });
    expect(c.securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 20001, readOnlyRootFilesystem: true });
    expect(c.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', '/var/cache/nginx', '/var/run']);
    expect(d.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['writable-tmp', 'writable-var-cache-nginx', 'writable-var-run']);
  });

  test('config: ConfigMap, mounted files, env from keys, checksum annotation', () => {
    const files = { 'site.conf': 'server {}' };
    const env = { SITE_TITLE: 'Hue' };
    const r = render({ config: { files, env } });
    const cm = r.one('ConfigMap');
    expect(cm.metadata.name).toBe('website-config');
    expect(cm.data).toEqual({ 'SITE_TITLE': 'Hue', 'site.conf': 'server {}' });
    const d = r.one('Deployment');
    const c = webContainer(d);
    // sha256 of the key-sorted data as JSON, `printf '%s' '[["SITE_TITLE","Hue"],["site.conf","server {}"]]' | sha256sum`
    expect(d.spec.template.metadata.annotations).toEqual({ 'checksum/config': '5a43c57ab86e0f495e9fa10acf78cdc98006832c94939f2bf65982be6fe2b065' });
    expect(c.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/website', readOnly: true });
    expect(c.env).toEqual([{ name: 'SITE_TITLE', valueFrom: { configMapKeyRef: { name: 'website-config', key: 'SITE_TITLE' } } }]);
    expect(validateManifests(r.objects)).toEqual([]);
  });

  test('config: a content change, and only a content change, changes the checksum', () => {
    const a = render({ config: { files: { 'a.txt': 'one' } } }).one('Deployment').spec.template.metadata.annotations['checksum/config'];
    const same = render({ config: { files: { 'a.txt': 'one' } }, replicas: 4 }).one('Deployment').spec.template.metadata.annotations['checksum/config'];
    const changed = render({ config: { files: { 'a.txt': 'two' } } }).one('Deployment').spec.template.metadata.annotations['checksum/config'];
    expect(same).toBe(a);
    expect(changed).not.toBe(a);
  });

  test('restart token writes the kubectl rollout restart annotation', () => {
    const d = render({ restartToken: '2026-11-23' }).one('Deployment');
    expect(d.spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2026-11-23' });
  });

  test('priority class removes the exemption', () => {
    const d = render({ priorityClassName: 'web-critical' }).one('Deployment');
    expect(d.spec.template.spec.priorityClassName).toBe('web-critical');
    expect(d.metadata.annotations).not.toHaveProperty('polaris.fairwinds.com/priorityClassNotSet-exempt');
  });

  test('user labels merge under the recommended ones and never enter the selector', () => {
    const r = render({ labels: { team: 'web' }, partOf: 'gethue', version: 'v7' });
    const d = r.one('Deployment');
    expect(d.metadata.labels).toMatchObject({ 'team': 'web', 'app.kubernetes.io/part-of': 'gethue', 'app.kubernetes.io/version': 'v7' });
    expect(d.spec.template.metadata.labels.team).toBe('web');
    expect(d.spec.selector.matchLabels).toEqual(SELECTOR);
  });

  test('image pull secrets for a private registry', () => {
    const r = render({ imagePullSecrets: ['registry-creds'] });
    expect(r.one('Deployment').spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-creds' }]);
    expect(validateManifests(r.objects)).toEqual([]);
    expect(renderDefaults().one('Deployment').spec.template.spec).not.toHaveProperty('imagePullSecrets');
  });

  test('explicit pull policy wins', () => {
    const c = webContainer(render({ imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT }).one('Deployment'));
    expect(c.imagePullPolicy).toBe('IfNotPresent');
  });

  test('escape hatch edits reach the output', () => {
    const chart = freshChart();
    const site = new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') });
    ApiObject.of(site.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', { pool: 'web' }));
    const d = Testing.synth(chart).find((o: any) => o.kind === 'Deployment');
    expect(d.spec.template.spec.nodeSelector).toEqual({ pool: 'web' });
  });

  test('guardrails run once per synth however many charts the app has, and again after a patch', () => {
    const app = Testing.app();
    const sites = [1, 2, 3].map((i) => new ZeroDowntimeWebsite(new Chart(app, `c${i}`, { namespace: `ns${i}` }), 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') }));
    const calls = jest.spyOn(ApiObject.prototype, 'toJson');
    const renders = () => calls.mock.contexts.filter((c) => c === sites[0].deployment).length;
    try {
      app.synthYaml();
      // one render, for the rules and the output; not one more per chart cdk8s validates again
      expect(renders()).toBe(1);
      app.synthYaml();
      expect(renders()).toBe(2); // nothing changed: the rules' result is reused, the output renders again
      // an escape-hatch patch that breaks a rule is still caught on the next synth
      ApiObject.of(sites[0].deployment).addJsonPatch(JsonPatch.replace('/spec/strategy', { type: 'Recreate' }));
      expect(() => app.synthYaml()).toThrow(/\[c1\/website\] strategy breaks zero-downtime rule recreate-strategy/);
    } finally {
      calls.mockRestore();
    }
  });

  test('output is deterministic', () => {
    const a = JSON.stringify(render({ ingress: { host: 'a.example.com' }, config: { files: { b: '1', a: '2' } } }).objects);
    const b = JSON.stringify(render({ ingress: { host: 'a.example.com' }, config: { files: { a: '2', b: '1' } } }).objects);
    expect(a).toBe(b);
  });
});
