import { App, Chart, Duration, Testing } from 'cdk8s';
import { ContainerImage, KubernetesVersion, PreStopHook, ServiceType, ZeroDowntimeWebsite } from '../lib';
import { render, Rendered, synthError, webContainer } from './support/render';
import { validateManifests } from './support/schema';

const P = '[test/website]';

/**
 * The default site rendered for a target, once per target in this file: the tests only read the
 * objects, and a render is a pure function of the props (a fresh app and chart each time).
 */
const byVersion = new Map<KubernetesVersion, Rendered>();
function renderFor(version: KubernetesVersion): Rendered {
  let r = byVersion.get(version);
  if (r === undefined) {
    r = render({ kubernetesVersion: version });
    byVersion.set(version, r);
  }
  return r;
}
const lifecycleOf = (version?: KubernetesVersion, props: Record<string, unknown> = {}) =>
  webContainer(render({ kubernetesVersion: version, ...props }).one('Deployment')).lifecycle;

describe('KubernetesVersion', () => {
  test('1.27 to 1.33, oldest first, spelled as Kubernetes spells them', () => {
    expect(KubernetesVersion.ALL.map((v) => v.name)).toEqual(['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33']);
    expect(KubernetesVersion.ALL.map((v) => v.minor)).toEqual([27, 28, 29, 30, 31, 32, 33]);
    expect(String(KubernetesVersion.V1_33)).toBe('1.33');
  });

  test('isAtLeast compares minors', () => {
    expect(KubernetesVersion.V1_30.isAtLeast(KubernetesVersion.V1_30)).toBe(true);
    expect(KubernetesVersion.V1_33.isAtLeast(KubernetesVersion.V1_30)).toBe(true);
    expect(KubernetesVersion.V1_29.isAtLeast(KubernetesVersion.V1_30)).toBe(false);
  });

  test('the default is 1.27 and the native sleep starts at 1.30', () => {
    expect(KubernetesVersion.DEFAULT).toBe(KubernetesVersion.V1_27);
    expect(KubernetesVersion.NATIVE_SLEEP).toBe(KubernetesVersion.V1_30);
  });
});

describe('kubernetesVersion switches the default preStop', () => {
  test('no target: 1.27 and exec sleep, exactly as before (a library upgrade restarts no site)', () => {
    const r = render();
    expect(r.site.kubernetesVersion).toBe(KubernetesVersion.V1_27);
    expect(webContainer(r.one('Deployment')).lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
  });

  test.each(KubernetesVersion.ALL.map((v) => [v.name, v] as const))('Kubernetes %s', (_name, version) => {
    const expected = version.isAtLeast(KubernetesVersion.V1_30)
      ? { preStop: { sleep: { seconds: 5 } } } // no `sleep` binary needed: distroless and scratch images work
      : { preStop: { exec: { command: ['sleep', '5'] } } };
    expect(webContainer(renderFor(version).one('Deployment')).lifecycle).toEqual(expected);
  });

  test('the native sleep has the length of the traffic path, and the grace period follows', () => {
    const lb = render({ kubernetesVersion: KubernetesVersion.V1_33, serviceType: ServiceType.LOAD_BALANCER }).one('Deployment');
    expect(webContainer(lb).lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
    expect(lb.spec.template.spec.terminationGracePeriodSeconds).toBe(40);
    expect(lifecycleOf(KubernetesVersion.V1_33, { ingress: { host: 'www.example.com' } })).toEqual({ preStop: { sleep: { seconds: 15 } } });
    expect(lifecycleOf(KubernetesVersion.V1_33, { deregistrationDelay: Duration.seconds(30) })).toEqual({ preStop: { sleep: { seconds: 30 } } });
  });

  test('the native sleep is rendered in the container keys\' order, like every other field', () => {
    const keys = Object.keys(webContainer(renderFor(KubernetesVersion.V1_33).one('Deployment')));
    expect(keys).toEqual([...keys].sort());
  });

  test('an explicit preStop wins over the version default', () => {
    expect(lifecycleOf(KubernetesVersion.V1_33, { preStop: PreStopHook.execSleep(Duration.seconds(7)) })).toEqual({ preStop: { exec: { command: ['sleep', '7'] } } });
  });

  test('between 1.29 and 1.30 only the preStop of the Deployment differs', () => {
    const before = renderFor(KubernetesVersion.V1_29).objects;
    const after = renderFor(KubernetesVersion.V1_30).objects;
    const preStopOf = (objects: any[]) => objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].lifecycle.preStop;
    expect(preStopOf(before)).toEqual({ exec: { command: ['sleep', '5'] } });
    expect(preStopOf(after)).toEqual({ sleep: { seconds: 5 } });
    const withoutPreStop = (objects: any[]) => objects.map((o) => {
      const copy = JSON.parse(JSON.stringify(o));
      if (copy.kind === 'Deployment') delete copy.spec.template.spec.containers[0].lifecycle.preStop;
      return copy;
    });
    expect(withoutPreStop(after)).toEqual(withoutPreStop(before));
  });

  test('every target passes its own strict schema', () => {
    for (const v of KubernetesVersion.ALL) {
      expect(validateManifests(renderFor(v).objects, { kubernetesVersion: v.name as any })).toEqual([]);
    }
  });
});

describe('KubernetesVersion.setDefault: one target for a whole app or chart', () => {
  test('every site of the app gets it; a site prop still wins', () => {
    const app = Testing.app();
    KubernetesVersion.setDefault(app, KubernetesVersion.V1_33);
    const chart = new Chart(app, 'web');
    const a = new ZeroDowntimeWebsite(chart, 'a', { image: ContainerImage.fromRegistry('repo/a:1') });
    const b = new ZeroDowntimeWebsite(chart, 'b', { image: ContainerImage.fromRegistry('repo/b:1'), kubernetesVersion: KubernetesVersion.V1_28 });
    expect([a.kubernetesVersion, b.kubernetesVersion]).toEqual([KubernetesVersion.V1_33, KubernetesVersion.V1_28]);
    const objects = Testing.synth(chart);
    const lifecycle = (name: string) => webContainer(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)).lifecycle;
    expect(lifecycle('a')).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(lifecycle('b')).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
  });

  test('per chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'web');
    KubernetesVersion.setDefault(chart, KubernetesVersion.V1_31);
    const other = new Chart(app, 'other');
    expect(new ZeroDowntimeWebsite(chart, 'a', { image: ContainerImage.fromRegistry('repo/a:1') }).kubernetesVersion).toBe(KubernetesVersion.V1_31);
    expect(new ZeroDowntimeWebsite(other, 'b', { image: ContainerImage.fromRegistry('repo/b:1') }).kubernetesVersion).toBe(KubernetesVersion.V1_27);
  });

  test('is construct context, set before anything is added', () => {
    const app = new App();
    KubernetesVersion.setDefault(app, KubernetesVersion.V1_32);
    expect(app.node.tryGetContext(KubernetesVersion.CONTEXT_KEY)).toBe('1.32');
    new Chart(app, 'web');
    expect(() => KubernetesVersion.setDefault(app, KubernetesVersion.V1_33)).toThrow(/context/i);
  });
});

describe('kubernetesVersion input checks', () => {
  test('not a KubernetesVersion', () => {
    expect(synthError({ kubernetesVersion: '1.33' as any })).toContain(
      `${P} kubernetesVersion is not a Kubernetes version this library renders for, got "1.33"; allowed: 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33. Fix: use a KubernetesVersion constant, e.g. KubernetesVersion.V1_33.`,
    );
  });

  test('setDefault with something else', () => {
    const app = Testing.app();
    KubernetesVersion.setDefault(app, '1.40' as any);
    const chart = new Chart(app, 'test');
    new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') });
    expect(() => Testing.synth(chart)).toThrow(
      `${P} kubernetesVersion set with KubernetesVersion.setDefault() is not a Kubernetes version this library renders for, got "1.40"; allowed: 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33. Fix: pass a KubernetesVersion constant to KubernetesVersion.setDefault(), e.g. KubernetesVersion.V1_33.`,
    );
  });

  test('the native sleep on a declared target below 1.30 is refused (the API server would refuse it)', () => {
    expect(synthError({ kubernetesVersion: KubernetesVersion.V1_29, preStop: PreStopHook.sleep(Duration.seconds(10)) })).toContain(
      `${P} preStop is the native sleep action, which a Kubernetes 1.29 API server rejects (it needs 1.30 or newer), got "PreStopHook.sleep()"; allowed: PreStopHook.execSleep() or PreStopHook.custom() below Kubernetes 1.30. ` +
        "Fix: use PreStopHook.execSleep(), or set kubernetesVersion to the clusters' real version if it is 1.30 or newer.",
    );
  });

  test('the native sleep without a declared target is accepted, as before this option existed', () => {
    expect(lifecycleOf(undefined, { preStop: PreStopHook.sleep(Duration.seconds(10)) })).toEqual({ preStop: { sleep: { seconds: 10 } } });
  });
});
