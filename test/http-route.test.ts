import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import { ContainerImage, HttpRoutePathType, HttpRouteOptions, KubernetesVersion, PreStopHook, ServiceType, ZeroDowntimeWebsite } from '../lib';
import { HttpRoute } from '../imports/gateway.networking.k8s.io';
import { render, synthError, webContainer } from './support/render';
import { validateManifests } from './support/schema';
import { freshChart } from './support/chart';

const ROUTE: HttpRouteOptions = { parentRefs: [{ name: 'public' }] };
const P = '[test/website]';

/** The problem lines of a synth that fails, without the two-space indent. */
function problemLines(route: unknown): string[] {
  return synthError({ httpRoute: route as HttpRouteOptions }).split('\n').filter((l) => l.startsWith('  [')).map((l) => l.slice(2));
}

describe('httpRoute: the rendered HTTPRoute', () => {
  test('one route to the site Service, every server default written out', () => {
    const r = render({ httpRoute: { parentRefs: [{ name: 'public', gatewayNamespace: 'gateway', sectionName: 'https' }], hostnames: ['www.example.com'] } });
    const route = r.one('HTTPRoute');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.metadata.name).toBe('website');
    expect(route.metadata.labels).toEqual(r.one('Service').metadata.labels);
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateway', sectionName: 'https' }],
      hostnames: ['www.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'website', port: 80, weight: 1 }],
      }],
    });
    expect(r.site.httpRoute).toBeInstanceOf(HttpRoute);
  });

  test('the fields the API server defaults are never left out (GitOps diffs stay clean)', () => {
    const route = render({ httpRoute: { parentRefs: [{ name: 'a' }, { name: 'b' }], paths: [{ value: '/docs' }, { value: '/feed.xml', pathType: HttpRoutePathType.EXACT }] } }).one('HTTPRoute');
    for (const p of route.spec.parentRefs) expect(p).toMatchObject({ group: 'gateway.networking.k8s.io', kind: 'Gateway' });
    for (const b of route.spec.rules[0].backendRefs) expect(b).toMatchObject({ group: '', kind: 'Service', weight: 1 });
    expect(route.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/docs' } }, { path: { type: 'Exact', value: '/feed.xml' } }]);
    // Optional fields without a server default are left out, not rendered empty.
    expect(route.spec.parentRefs[0]).not.toHaveProperty('namespace');
    expect(route.spec.parentRefs[0]).not.toHaveProperty('sectionName');
    expect(route.spec).not.toHaveProperty('hostnames');
    expect(route.metadata).not.toHaveProperty('annotations');
  });

  test('the backendRef is the Service port (Gateway API has no port names), whatever the container port', () => {
    const r = render({ httpRoute: ROUTE, servicePort: 8443, containerPort: 9000 });
    expect(r.one('HTTPRoute').spec.rules[0].backendRefs[0].port).toBe(8443);
    expect(r.one('Service').spec.ports.map((p: any) => p.port)).toContain(8443);
  });

  test('annotations for the gateway implementation', () => {
    const route = render({ httpRoute: { ...ROUTE, annotations: { 'example.com/timeout': '30s' } } }).one('HTTPRoute');
    expect(route.metadata.annotations).toEqual({ 'example.com/timeout': '30s' });
  });

  test('runs alongside an Ingress (migration); the site name stays the name of every object', () => {
    const r = render({ httpRoute: ROUTE, ingress: { host: 'www.example.com' } });
    expect(r.objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'HTTPRoute', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'Service']);
    for (const o of r.objects) expect(o.metadata.name).toBe('website');
  });

  test('passes the strict HTTPRoute CRD schema (npm package), and the rest its Kubernetes schema', () => {
    const r = render({
      httpRoute: {
        parentRefs: [{ name: 'public', gatewayNamespace: 'gateway', sectionName: 'https' }, { name: 'public', gatewayNamespace: 'gateway', sectionName: 'http' }],
        hostnames: ['www.example.com', '*.example.com'],
        paths: [{ value: '/' }, { value: '/a/b_c-d.e~f!$&\'()*+,;=:@%20', pathType: HttpRoutePathType.EXACT }],
        annotations: { a: 'b' },
      },
    });
    expect(validateManifests(r.objects)).toEqual([]);
  });

  test('is the same for every Kubernetes version target', () => {
    const routes = KubernetesVersion.ALL.map((v) => render({ httpRoute: ROUTE, kubernetesVersion: v }).one('HTTPRoute'));
    for (const r of routes) expect(r).toEqual(routes[0]);
  });
});

describe('httpRoute: preStop by traffic path', () => {
  test('the default preStop covers the HTTPRoute path (15 s) and the grace period follows (40 s)', () => {
    const d = render({ httpRoute: ROUTE }).one('Deployment');
    expect(webContainer(d).lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '15'] } } });
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(40);
  });

  test('native sleep from Kubernetes 1.30 on, same length', () => {
    const d = render({ httpRoute: ROUTE, kubernetesVersion: KubernetesVersion.V1_30 }).one('Deployment');
    expect(webContainer(d).lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
  });

  test('deregistrationDelay replaces the path default', () => {
    const r = render({ httpRoute: ROUTE, deregistrationDelay: Duration.seconds(30) });
    expect(webContainer(r.one('Deployment')).lifecycle.preStop.exec.command).toEqual(['sleep', '30']);
    expect(r.one('Service').metadata.annotations['zero-downtime.cdk8s.io/deregistration-seconds']).toBe('30');
  });

  test('the rule engine sees the route (it is registered with the app checks): a 5 s preStop is refused', () => {
    expect(synthError({ httpRoute: ROUTE, preStop: PreStopHook.execSleep(Duration.seconds(5)) }))
      .toContain('preStop breaks zero-downtime rule prestop-shorter-than-path (the server stops while the traffic path (kube-proxy, load balancer, ingress controller) still sends it requests), got "5s"; allowed: at least 15s, the time the HTTPRoute path needs to stop sending requests.');
  });

  test('escape-hatch patches on the route are judged: a route retargeted to another Service no longer needs 15 s here', () => {
    const chart = freshChart();
    const site = new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3'), httpRoute: ROUTE, preStop: PreStopHook.execSleep(Duration.seconds(5)) });
    expect(() => Testing.synth(chart)).toThrow('the time the HTTPRoute path needs');
    ApiObject.of(site.httpRoute!).addJsonPatch(JsonPatch.replace('/spec/rules/0/backendRefs/0/name', 'other'));
    expect(Testing.synth(chart).find((o) => o.kind === 'HTTPRoute').spec.rules[0].backendRefs[0].name).toBe('other');
  });

  test('a LoadBalancer Service behind a route: the slower of the two (both 15 s)', () => {
    const d = render({ httpRoute: ROUTE, serviceType: ServiceType.LOAD_BALANCER }).one('Deployment');
    expect(webContainer(d).lifecycle.preStop.exec.command).toEqual(['sleep', '15']);
  });
});

describe('httpRoute: input checks (the CRD schema and its CEL rules, at synth)', () => {
  test.each<[string, unknown, string[]]>([
    ['no Gateway', { parentRefs: [] }, [
      `${P} httpRoute.parentRefs must list 1 to 32 Gateways, not 0, got []; allowed: 1 to 32 parent references such as { name: "public", gatewayNamespace: "gateway" }. Fix: name the Gateway the route attaches to, e.g. parentRefs: [{ name: 'public' }].`,
    ]],
    ['parentRefs not a list', { parentRefs: 'public' }, [
      `${P} httpRoute.parentRefs must be a list, not a string, got "public"; allowed: 1 to 32 parent references such as { name: "public", gatewayNamespace: "gateway" }. Fix: name the Gateway the route attaches to, e.g. parentRefs: [{ name: 'public' }].`,
    ]],
    ['a Gateway name that is no object name', { parentRefs: [{ name: 'Public' }] }, [
      `${P} httpRoute.parentRefs[0].name must be lowercase, got "Public"; allowed: at most 253 characters: dot-separated parts of lowercase letters, digits and '-', each starting and ending with a letter or digit (RFC 1123 subdomain). Fix: use "public".`,
    ]],
    ['a namespace that is no DNS label', { parentRefs: [{ name: 'public', gatewayNamespace: 'gate.way' }] }, [
      `${P} httpRoute.parentRefs[0].gatewayNamespace may only contain lowercase letters, digits and '-', got "gate.way"; allowed: at most 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit (RFC 1123 label). Fix: use "gate-way".`,
    ]],
    ['the same Gateway twice without sectionName', { parentRefs: [{ name: 'public' }, { name: 'public' }] }, [
      `${P} httpRoute.parentRefs[1] refers to the same Gateway as parentRefs[0] without a sectionName of its own, got {"name":"public"}; allowed: each Gateway once, or several listeners of one Gateway, each with a distinct sectionName. Fix: remove the duplicate, or give every reference to that Gateway a different sectionName.`,
    ]],
    ['the same listener twice', { parentRefs: [{ name: 'public', sectionName: 'https' }, { name: 'public', sectionName: 'https' }] }, [
      `${P} httpRoute.parentRefs[1] refers to the same Gateway as parentRefs[0] without a sectionName of its own, got {"name":"public","sectionName":"https"}; allowed: each Gateway once, or several listeners of one Gateway, each with a distinct sectionName. Fix: remove the duplicate, or give every reference to that Gateway a different sectionName.`,
    ]],
    ['a bad host name', { ...ROUTE, hostnames: ['www.example.com', 'WWW.example.com'] }, [
      `${P} httpRoute.hostnames[1] must be lowercase, got "WWW.example.com"; allowed: a lowercase DNS name such as "www.example.com", optionally with a leading "*." (e.g. "*.example.com"), at most 253 characters in all, not an IP address. Fix: use "www.example.com".`,
    ]],
    ['an IP address as host name', { ...ROUTE, hostnames: ['10.0.0.1'] }, [
      `${P} httpRoute.hostnames[0] is an IP address, got "10.0.0.1"; allowed: a lowercase DNS name such as "www.example.com", optionally with a leading "*." (e.g. "*.example.com"), at most 253 characters in all, not an IP address. Fix: use a DNS name, or leave the host out.`,
    ]],
    ['a wildcard host name of 255 characters (the CRD allows 253 in all)', { ...ROUTE, hostnames: [`*.${['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.')}`] }, [
      `${P} httpRoute.hostnames[0] is 255 characters long, more than 253, got "*.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}"; allowed: a lowercase DNS name such as "www.example.com", optionally with a leading "*." (e.g. "*.example.com"), at most 253 characters in all, not an IP address. Fix: use a shorter host name, or a wildcard such as "*.example.com".`,
    ]],
    ['17 host names', { ...ROUTE, hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) }, [
      expect.stringContaining(`${P} httpRoute.hostnames lists 17 host names, more than 16,`) as unknown as string,
    ]],
    ['a path without a leading slash', { ...ROUTE, paths: [{ value: 'blog' }] }, [
      `${P} httpRoute.paths[0].value must start with '/', got "blog"; allowed: an absolute path of at most 1024 characters: letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes, no '//', '/./', '/../', '%2F' or '#' (e.g. "/blog"). Fix: use "/blog".`,
    ]],
    ['paths the CRD refuses', { ...ROUTE, paths: [{ value: '/a//b' }, { value: '/a/%2Fb' }, { value: '/a#b' }, { value: '/a/..' }, { value: '/a b' }] }, [
      expect.stringContaining(`${P} httpRoute.paths[0].value must not contain '//', '/./', '/../', '%2F' or '#', nor end with '/.' or '/..', got "/a//b";`) as unknown as string,
      expect.stringContaining(`${P} httpRoute.paths[1].value must not contain`) as unknown as string,
      expect.stringContaining(`${P} httpRoute.paths[2].value must not contain`) as unknown as string,
      expect.stringContaining(`${P} httpRoute.paths[3].value must not contain`) as unknown as string,
      expect.stringContaining(`${P} httpRoute.paths[4].value contains a character a URL path cannot hold unescaped, got "/a b";`) as unknown as string,
    ]],
    ['an unknown path match type', { ...ROUTE, paths: [{ value: '/', pathType: 'RegularExpression' }] }, [
      `${P} httpRoute.paths[0].pathType is not a path match type, got "RegularExpression"; allowed: PathPrefix, Exact. Fix: use the HttpRoutePathType enum.`,
    ]],
    ['a bad annotation', { ...ROUTE, annotations: { 'bad key!': 'x', 'ok': 1 } }, [
      expect.stringContaining(`${P} httpRoute.annotations["bad key!"]`) as unknown as string,
      `${P} httpRoute.annotations["ok"] must be a string, got 1; allowed: a string. Fix: quote the value, e.g. "1".`,
    ]],
  ])('%s', (_title, route, lines) => {
    expect(problemLines(route)).toEqual(lines);
  });

  test('several listeners of one Gateway, each with its own sectionName, and one Gateway per namespace, pass', () => {
    const route = { parentRefs: [{ name: 'public', sectionName: 'http' }, { name: 'public', sectionName: 'https' }, { name: 'public', gatewayNamespace: 'other' }] };
    expect(render({ httpRoute: route }).one('HTTPRoute').spec.parentRefs).toHaveLength(3);
  });

  test('a broken httpRoute renders no route and fails with the input problem, never a TypeError', () => {
    expect(synthError({ httpRoute: { parentRefs: [null] } as any })).toContain(`${P} httpRoute.parentRefs[0] must be an object, got null;`);
    expect(synthError({ httpRoute: null as any })).toContain(`${P} httpRoute must be an object, got null;`);
  });
});
