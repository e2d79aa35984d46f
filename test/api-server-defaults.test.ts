import { Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { buildExampleApp } from '../examples/app';
import { ContainerImage, HealthCheck, NetworkEgress, RestartSchedule, ZeroDowntimeWebsite, ZeroDowntimeWebsiteProps } from '../lib';
import { canonicalQuantity } from '../lib/internal/quantity';
import { apiServerDrops } from './support/api-server-drops';
import { render, webContainer } from './support/render';
import { freshChart } from './support/chart';

/*
 * The library renders no value that the API server drops or rewrites (test/support/api-server-drops.ts):
 * the object read back from the cluster is the manifest, so `kubectl diff` and Argo CD show no change
 * after a sync.
 */

describe('no field the API server drops or rewrites', () => {
  test('the default Deployment renders no zero-valued field the API server drops', () => {
    const r = render();
    const deployment = r.one('Deployment');
    expect(apiServerDrops(deployment)).toEqual([]);
    // The readiness probe starts at once, Kubernetes' default: no initialDelaySeconds: 0.
    expect(webContainer(deployment).readinessProbe).not.toHaveProperty('initialDelaySeconds');
    expect(webContainer(deployment).livenessProbe.initialDelaySeconds).toBe(10);
  });

  test('every object of a default site', () => {
    expect(render().objects.flatMap(apiServerDrops)).toEqual([]);
  });

  test('every object of the example app (main.ts)', () => {
    const app = Testing.app();
    const charts = buildExampleApp(app, { env: {} });
    const objects = Object.values(charts).flatMap((chart) => Testing.synth(chart as any));
    expect(objects.length).toBeGreaterThan(20);
    expect(objects.flatMap(apiServerDrops)).toEqual([]);
  });

  test('a site with every optional object (Ingress, HPA, ConfigMap, scheduled restart)', () => {
    const chart = freshChart();
    new ZeroDowntimeWebsite(chart, 'full', {
      image: ContainerImage.fromRegistry('repo/site:1.2.3'),
      ingress: { host: 'site.example.com', tlsSecretName: 'site-tls' },
      autoscaling: { minReplicas: 3, maxReplicas: 9 },
      config: { files: { 'site.conf': 'x' }, env: { MODE: 'on' } },
      restartSchedule: RestartSchedule.daily({ hour: 3 }),
      startup: HealthCheck.httpGet('/healthz'),
      progressDeadline: Duration.minutes(10),
    });
    expect(Testing.synth(chart).flatMap(apiServerDrops)).toEqual([]);
  });

  test('an explicit zero initial delay is not rendered either', () => {
    const probe = webContainer(render({ readiness: HealthCheck.httpGet('/', { initialDelay: Duration.seconds(0) }) }).one('Deployment')).readinessProbe;
    expect(probe).not.toHaveProperty('initialDelaySeconds');
    expect(probe.periodSeconds).toBe(5);
  });

  test('quantities are written as the API server writes them back', () => {
    const resources = webContainer(
      render({
        resources: {
          cpuRequest: Cpu.millis(1000),
          cpuLimit: Cpu.units(0.5),
          memoryRequest: Size.gibibytes(1),
          memoryLimit: Size.mebibytes(1536),
          ephemeralStorageRequest: Size.kibibytes(2048),
          ephemeralStorageLimit: Size.gibibytes(2),
        },
      }).one('Deployment'),
    ).resources;
    expect(resources).toEqual({
      requests: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '2Mi' },
      limits: { 'cpu': '500m', 'memory': '1536Mi', 'ephemeral-storage': '2Gi' },
    });
  });
  // Random sites: test/fuzz.test.ts checks every case that renders with apiServerDrops (test/fuzz/check.ts).
});

describe('canonicalQuantity (k8s.io/apimachinery Quantity.String())', () => {
  test.each([
    // apimachinery's own TestQuantityParseEmit table
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    // the Quantity doc comment and the issue
    ['1.5', '1500m'],
    ['1.5Gi', '1536Mi'],
    ['1000m', '1'],
    ['0.5', '500m'],
    ['2000', '2k'],
    ['1500', '1500'],
    ['0.1m', '100u'],
    ['0', '0'],
    ['0Mi', '0'],
    ['000', '0'],
    ['+5', '5'],
    ['-5', '-5'],
    ['512', '512'],
    ['0.5Ki', '512'],
    ['1.1Ki', '1126400m'],
    ['2048Ki', '2Mi'],
    ['1e3', '1e3'],
    ['1e4', '10e3'],
    ['80e-3', '80e-3'],
    ['1E6', '1e6'],
    // canonical already: unchanged
    ['50m', '50m'],
    ['64Mi', '64Mi'],
    ['128Mi', '128Mi'],
    ['1536Ki', '1536Ki'],
    ['1', '1'],
    ['2', '2'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });

  test('is idempotent and keeps non-quantities as they are', () => {
    for (const q of ['1000m', '1024Mi', '0.5', '1.5Gi', '1e4', '.000000000001Ki']) expect(canonicalQuantity(canonicalQuantity(q))).toBe(canonicalQuantity(q));
    for (const bad of ['', 'abc', '1.2.3', 'NaNMi', '1e+21Mi', '12 Mi', '1KiB']) expect(canonicalQuantity(bad)).toBe(bad);
  });
});

describe('values the API server would drop are left out', () => {
  const synth = (props: Partial<ZeroDowntimeWebsiteProps>) => {
    const chart = freshChart();
    new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3'), ...props });
    return Testing.synth(chart);
  };

  test('minReady 0 renders no minReadySeconds (0 is the default the API server omits)', () => {
    const d = synth({ minReady: Duration.seconds(0) }).find((o) => o.kind === 'Deployment');
    expect('minReadySeconds' in d.spec).toBe(false);
  });

  test('an empty env value renders the variable without value', () => {
    const d = synth({ env: { EMPTY: '', SET: 'x' } }).find((o) => o.kind === 'Deployment');
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'EMPTY' }, { name: 'SET', value: 'x' }]);
  });

  test('NetworkEgress.denyAll() renders policyTypes Egress with no egress list', () => {
    const np = synth({ networkPolicy: { egress: NetworkEgress.denyAll() } }).find((o) => o.kind === 'NetworkPolicy');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect('egress' in np.spec).toBe(false);
  });
});
