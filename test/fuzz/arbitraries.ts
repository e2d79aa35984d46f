/**
 * The generators of the property-based fuzzing of `ZeroDowntimeWebsite` (the check is in check.ts).
 *
 * `websiteProps` generates `ZeroDowntimeWebsiteProps` within their TypeScript types (a TypeScript user
 * can write every one of them), of three kinds:
 * - `CLEAN_PROPS`: only well-formed values. They exercise the zero-downtime rules and the
 *   rendering; the rules refuse most of them (a preStop shorter than the traffic path, a short
 *   progress deadline...).
 * - `MIXED_PROPS`: bad values mixed in (negative, fractional, NaN, infinite and huge
 *   numbers, malformed, empty and unicode strings, out-of-range percentages, fractional durations,
 *   unknown exemptions, host names and paths an HTTPRoute refuses, objects shaped like a
 *   `KubernetesVersion` that are not one of its constants...).
 * - `renderableProps`: clean, with the props the zero-downtime rules judge left at their defaults,
 *   which the rules accept: nearly every one synthesizes, so that every option (Ingress, HTTPRoute,
 *   autoscaler, ConfigMap, scheduled restart, every Kubernetes version...) is rendered and checked often.
 *
 * `synthYaml` renders one prop set to YAML (the cross-process determinism check of test/fuzz.test.ts
 * and test/fixtures/fuzz-yaml.ts); `describeProps` prints a prop set for a failure report, with the
 * option classes and `KubernetesVersion` constants named as in code.
 *
 * This module loads no schema, YAML parser or checker: the other process of the determinism check
 * needs only the generators.
 */
import { inspect } from 'util';
import { Duration, Size, Testing, Yaml } from 'cdk8s';
import { freshChart } from '../support/chart';
import { ConnectionScheme, Cpu, PercentOrAbsolute } from 'cdk8s-plus-27';
import fc from 'fast-check';
import {
  ContainerImage,
  DisruptionBudget,
  GuardrailExemption,
  GuardrailRule,
  HealthCheck,
  HealthCheckOptions,
  HttpRouteOptions,
  HttpRouteParentRef,
  HttpRoutePathType,
  ImagePullPolicy,
  KubernetesVersion,
  NetworkEgress,
  NetworkPeer,
  PodAntiAffinity,
  PreStopHook,
  PreStopKind,
  RestartSchedule,
  RolloutStrategy,
  ServiceType,
  UnhealthyPodEvictionPolicy,
  WebsiteResources,
  ZeroDowntimeWebsite,
  ZeroDowntimeWebsiteProps,
} from '../../lib';

/** `clean`: only well-formed values. `mixed`: bad values too. */
export type FuzzMode = 'clean' | 'mixed';

/** `good` in clean mode; mostly `good`, sometimes `bad` in mixed mode. */
function pick<T>(mode: FuzzMode, good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return mode === 'clean' ? good : fc.oneof({ arbitrary: good, weight: 15 }, { arbitrary: bad, weight: 1 });
}

// ---- numbers ------------------------------------------------------------------------------------

const BAD_NUMBERS = [0, -1, -0.5, 1.5, NaN, Infinity, -Infinity, 2 ** 31, 1e21, Number.MAX_VALUE, Number.MIN_VALUE];

function intIn(mode: FuzzMode, min: number, max: number, bad: number[] = BAD_NUMBERS): fc.Arbitrary<number> {
  return pick(mode, fc.integer({ min, max }), fc.oneof(fc.constantFrom(...bad), fc.double(), fc.integer({ min: -(2 ** 40), max: 2 ** 40 })));
}

// ---- strings ------------------------------------------------------------------------------------

const UNICODE = fc.string({ unit: 'grapheme', maxLength: 12 });
const BAD_STRINGS = fc.oneof(
  fc.constantFrom('', ' ', 'UPPER', 'a b', 'a_b', '-a', 'a-', '.a', 'ä', 'a'.repeat(64), 'a'.repeat(254), 'null', 'undefined', 'NaN', '\n', 'a/b', '*'),
  UNICODE,
  fc.string({ maxLength: 20 }),
);
const DNS_LABEL = fc.stringMatching(/^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/);
const DNS_SUBDOMAIN = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?){0,3}$/);
const HOST = fc.stringMatching(/^(\*\.)?[a-z]([-a-z0-9]{0,8}[a-z0-9])?(\.[a-z]{2,6}){1,2}$/);
const LABEL_VALUE = fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,20}[A-Za-z0-9])?)?$/);
const LABEL_KEY = fc.oneof(
  fc.stringMatching(/^[a-z]([-a-z0-9_.]{0,10}[a-z0-9])?$/),
  fc.tuple(DNS_SUBDOMAIN, fc.stringMatching(/^[a-z]([-a-z0-9_.]{0,10}[a-z0-9])?$/)).map(([p, n]) => `${p}/${n}`),
).filter((k) => !k.startsWith('app.kubernetes.io/') && !k.startsWith('applyset.kubernetes.io/'));
const ENV_NAME = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
/** Strings some YAML parser reads as something else (test/yaml-output.test.ts has the full list). */
const AMBIGUOUS_SCALAR = fc.constantFrom(
  'yes', 'no', 'on', 'off', 'y', 'N', 'true', 'False', '~', 'null', 'NULL', '0x10', '0X1F', '0o755', '-0o17', '0o_7', '0_x1F',
  '0b101', '1_000', '1e3', '.5', '08', '0755', '12:30', '190:20:30', '.inf', '-.Inf', '.NaN', '+1', '2001-12-14', '2001-1-2',
  '2001-12-14 21:59:43.10 -5', '<<', '=',
);
/** The ones that are also valid label values. */
const AMBIGUOUS_LABEL_VALUE = fc.constantFrom('yes', 'on', 'Off', 'y', 'true', 'null', '0x10', '0o755', '0o_7', '1_000', '1e3', '08', '0755', '2001-12-14', '1.5');
const PATH = fc.stringMatching(/^(\/[-a-zA-Z0-9_.~%]{0,8}){1,3}$/);
const BAD_PATHS = fc.constantFrom('', 'healthz', 'http://example.com/healthz', '/a b', '/\t', 'ä', '//');

// ---- values of the props ------------------------------------------------------------------------

function duration(mode: FuzzMode, maxSeconds: number, minSeconds = 0): fc.Arbitrary<Duration> {
  const good = fc.oneof(
    fc.integer({ min: minSeconds, max: maxSeconds }).map((s) => Duration.seconds(s)),
    fc.integer({ min: Math.max(1, Math.ceil(minSeconds / 60)), max: Math.max(1, Math.floor(maxSeconds / 60)) }).map((m) => Duration.minutes(m)),
  );
  const bad = fc.oneof(
    fc.integer({ min: 1, max: 100_000 }).map((ms) => Duration.millis(ms)), // fractional seconds unless a multiple of 1000
    fc.double({ min: 0, max: 1e6, noNaN: true }).map((s) => Duration.seconds(s)),
    fc.constantFrom(NaN, Infinity, 2 ** 31, 1e21).map((s) => Duration.seconds(s)),
    fc.integer({ min: 0, max: 1e9 }).map((d) => Duration.days(d)),
  );
  return pick(mode, good, bad);
}

function percentOrAbsolute(mode: FuzzMode, maxCount: number): fc.Arbitrary<PercentOrAbsolute> {
  const good = fc.oneof(
    fc.integer({ min: 0, max: maxCount }).map((n) => PercentOrAbsolute.absolute(n)),
    fc.integer({ min: 0, max: 100 }).map((n) => PercentOrAbsolute.percent(n)),
  );
  const bad = fc.oneof(
    fc.constantFrom(...BAD_NUMBERS, -3).map((n) => PercentOrAbsolute.absolute(n)),
    fc.constantFrom(101, 150, 12.5, -5, NaN, 1e21).map((n) => PercentOrAbsolute.percent(n)),
  );
  return pick(mode, good, bad);
}

function probeOptions(mode: FuzzMode, role: 'readiness' | 'liveness' | 'startup'): fc.Arbitrary<HealthCheckOptions> {
  return fc.record(
    {
      initialDelay: duration(mode, 60),
      period: duration(mode, 30, 1),
      timeout: duration(mode, 10, 1),
      successThreshold: role === 'readiness' ? intIn(mode, 1, 5) : pick(mode, fc.constant(1), fc.constantFrom(0, 2, 1.5, NaN)),
      failureThreshold: pick(mode, fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 10 }) }, { weight: 1, arbitrary: fc.integer({ min: 11, max: 40 }) }), fc.constantFrom(...BAD_NUMBERS)),
    },
    { requiredKeys: [] },
  );
}

function healthCheck(mode: FuzzMode, role: 'readiness' | 'liveness' | 'startup'): fc.Arbitrary<HealthCheck> {
  const port = fc.option(
    pick<string | number>(mode, fc.oneof({ weight: 6, arbitrary: fc.constantFrom<string | number>('http', 8080) }, { weight: 1, arbitrary: fc.constantFrom<string | number>(9999, 'metrics') }), fc.constantFrom('HTTP', 0, 70000, -1, 1.5, NaN, '', 'a--b', 'sixteen-chars-xx')),
    { nil: undefined },
  );
  const path = pick(mode, PATH, BAD_PATHS);
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(path, port, fc.constantFrom(ConnectionScheme.HTTP, ConnectionScheme.HTTPS), probeOptions(mode, role)).map(([p, po, scheme, o]) => HealthCheck.httpGet(p, { ...o, port: po, scheme })) },
    { weight: 2, arbitrary: fc.tuple(port, probeOptions(mode, role)).map(([po, o]) => HealthCheck.tcpSocket({ ...o, port: po })) },
    { weight: 1, arbitrary: fc.tuple(pick<string[]>(mode, fc.constant(['cat', '/tmp/ready']), fc.constant([])), probeOptions(mode, role)).map(([c, o]) => HealthCheck.exec(c, o)) },
    { weight: 1, arbitrary: fc.constant(HealthCheck.none()) },
  );
}

function preStop(mode: FuzzMode): fc.Arbitrary<PreStopHook> {
  const delay = pick(mode, fc.integer({ min: 1, max: 30 }).map((s) => Duration.seconds(s)), duration('mixed', 60));
  return fc.oneof(
    { weight: 4, arbitrary: delay.map((d) => PreStopHook.execSleep(d)) },
    { weight: 2, arbitrary: delay.map((d) => PreStopHook.sleep(d)) },
    { weight: 1, arbitrary: delay.map((d) => PreStopHook.custom({ exec: { command: ['/app/drain'] } }, d)) },
    { weight: 1, arbitrary: fc.constant(PreStopHook.none()) },
  );
}

function disruptionBudget(mode: FuzzMode): fc.Arbitrary<DisruptionBudget> {
  const options = fc.record(
    { unhealthyPodEvictionPolicy: fc.constantFrom(UnhealthyPodEvictionPolicy.ALWAYS_ALLOW, UnhealthyPodEvictionPolicy.IF_HEALTHY_BUDGET) },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(percentOrAbsolute(mode, 5), options).map(([v, o]) => DisruptionBudget.maxUnavailable(v, o)) },
    { weight: 2, arbitrary: fc.tuple(percentOrAbsolute(mode, 5), options).map(([v, o]) => DisruptionBudget.minAvailable(v, o)) },
    { weight: 1, arbitrary: fc.constant(DisruptionBudget.none()) },
  );
}

function strategy(mode: FuzzMode): fc.Arbitrary<RolloutStrategy> {
  // Mostly the zero-downtime shape (nothing unavailable), sometimes anything.
  const maxUnavailable = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(PercentOrAbsolute.absolute(0), PercentOrAbsolute.percent(0), PercentOrAbsolute.percent(20)) }, { weight: 1, arbitrary: percentOrAbsolute(mode, 2) });
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ maxSurge: percentOrAbsolute(mode, 4), maxUnavailable }, { requiredKeys: [] }).map((o) => RolloutStrategy.rollingUpdate(o)) },
    { weight: 1, arbitrary: fc.constant(RolloutStrategy.recreate()) },
  );
}

function antiAffinity(mode: FuzzMode): fc.Arbitrary<PodAntiAffinity> {
  return fc.oneof(
    intIn(mode, 1, 100, [0, 101, -1, 1.5, NaN]).map((w) => PodAntiAffinity.preferred(w)),
    intIn(mode, 1, 30, [0, -1, 1.5, NaN, Infinity]).map((n) => PodAntiAffinity.required(n)),
    fc.constant(PodAntiAffinity.none()),
  );
}

function size(mode: FuzzMode): fc.Arbitrary<Size> {
  const good = fc.oneof(
    fc.integer({ min: 1, max: 4096 }).map((n) => Size.mebibytes(n)),
    fc.integer({ min: 1, max: 8 }).map((n) => Size.gibibytes(n)),
    fc.integer({ min: 1, max: 1_000_000 }).map((n) => Size.kibibytes(n)),
  );
  const bad = fc.oneof(
    fc.constantFrom(0, 0.5, 0.1, NaN, Infinity, 1e21).map((n) => Size.kibibytes(n)),
    fc.double({ min: 0, max: 10, noNaN: true }).map((n) => Size.mebibytes(n)),
  );
  return pick(mode, good, bad);
}

function cpu(mode: FuzzMode): fc.Arbitrary<Cpu> {
  const good = fc.oneof(fc.integer({ min: 1, max: 4000 }).map((m) => Cpu.millis(m)), fc.integer({ min: 1, max: 8 }).map((u) => Cpu.units(u)));
  const bad = fc.constantFrom(-5, NaN, Infinity, 1e21, 0.5).map((m) => Cpu.millis(m));
  return pick(mode, good, bad);
}

const WRITABLE_PATHS = ['/tmp', '/var/cache/nginx', '/var/run', '/run/lock', '/data', '/home/web/.cache'];

function writablePaths(mode: FuzzMode): fc.Arbitrary<string[]> {
  const good = fc.subarray(WRITABLE_PATHS);
  const bad = fc.array(fc.constantFrom(...WRITABLE_PATHS, 'tmp', '', '/a b', '/tmp', '/var-run', '/tmp/', '/'), { maxLength: 4 });
  return pick(mode, good, bad);
}

function stringMap(mode: FuzzMode, key: fc.Arbitrary<string>, badKey: fc.Arbitrary<string>, value: fc.Arbitrary<string>): fc.Arbitrary<Record<string, string>> {
  return fc.dictionary(pick(mode, key, badKey), value, { maxKeys: 4 });
}

function restartSchedule(mode: FuzzMode): fc.Arbitrary<RestartSchedule> {
  const zones = fc.constantFrom(undefined, 'Etc/UTC', 'UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata');
  const cron = fc.oneof(
    fc.constantFrom('0 3 * * *', '@daily', '@hourly', '*/15 * * * *', '30 2 * * MON-FRI', '0 0 1 * *', '0 4 * * sun'),
    fc.tuple(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 })).map(([m, h]) => `${m} ${h} * * *`),
  );
  const options = fc.record({ timeZone: zones, suspend: fc.boolean() }, { requiredKeys: [] });
  void mode; // bad schedules throw in RestartSchedule.cron(): test/restart-schedule.test.ts covers them
  return fc.oneof(
    fc.tuple(cron, options).map(([c, o]) => RestartSchedule.cron(c, o)),
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), options).map(([hour, minute, o]) => RestartSchedule.daily({ hour, minute, ...o })),
  );
}

const RULE_IDS = Object.values(GuardrailRule);

function exemptions(mode: FuzzMode): fc.Arbitrary<GuardrailExemption[]> {
  const reason = pick(mode, fc.constantFrom('accepted: single-node dev cluster', 'a batch site, short outages are fine', 'überprüft ✓'), fc.constantFrom('', '   ', '\n'));
  const good = fc.uniqueArray(fc.constantFrom(...RULE_IDS), { maxLength: 4 }).chain((rules) =>
    fc.tuple(...rules.map((rule) => reason.map((r) => ({ rule, reason: r })))),
  );
  const bad = fc.array(
    fc.record({ rule: fc.constantFrom<string>(...RULE_IDS, 'no-such-rule', '', 'RECREATE_STRATEGY') as fc.Arbitrary<GuardrailRule>, reason }),
    { maxLength: 4 },
  );
  return pick(mode, good, bad);
}

const IMAGES = [
  'repo/site:1.2.3',
  'nginx:1.27',
  'ghcr.io/org/site:42',
  'localhost:5000/site:v1',
  'registry.example.com:443/team/site:2024-11-23_1',
  `nginx@sha256:${'a'.repeat(64)}`,
  `ghcr.io/org/site:1.0@sha256:${'0123456789abcdef'.repeat(4)}`,
  'repo/site:latest',
  'repo/site',
];
const BAD_IMAGES = ['', ' ', 'Repo/Site:1', 'repo/site:', 'repo//site', 'repo/sité:1', ' repo/site:1', 'repo/site:-x', 'a'.repeat(300), 'repo/site@sha256:abc', 'https://repo/site:1', 'repo/site:1 '];

function image(mode: FuzzMode): fc.Arbitrary<string> {
  const generated = fc.tuple(DNS_LABEL, fc.stringMatching(/^\w[\w.-]{0,20}$/)).map(([repo, tag]) => `example/${repo}:${tag}`);
  return pick(mode, fc.oneof(fc.constantFrom(...IMAGES), generated), fc.oneof(fc.constantFrom(...BAD_IMAGES), BAD_STRINGS));
}

function ingress(mode: FuzzMode) {
  const annotations = fc.dictionary(pick(mode, LABEL_KEY, BAD_STRINGS), fc.string(), { maxKeys: 2 });
  return fc.record(
    {
      host: pick(mode, HOST, fc.oneof(BAD_STRINGS, BAD_HOSTNAMES)),
      path: pick(mode, PATH, BAD_PATHS),
      tlsSecretName: pick(mode, DNS_SUBDOMAIN, BAD_STRINGS),
      className: pick(mode, DNS_SUBDOMAIN, BAD_STRINGS),
      annotations,
    },
    { requiredKeys: ['host'] },
  );
}

function networkPolicy(mode: FuzzMode) {
  const goodPeer = fc.constantFrom(
    NetworkPeer.namespaceNamed('ingress-nginx'),
    NetworkPeer.namespaceLabels({ team: 'web' }),
    NetworkPeer.pods({ role: 'proxy' }),
    NetworkPeer.podsInNamespaces({ role: 'proxy' }, { team: 'web' }),
    NetworkPeer.ipBlock('10.0.0.0/16'),
  );
  const goodEgress = fc.constantFrom(NetworkEgress.allowAll(), NetworkEgress.dnsOnly(), NetworkEgress.denyAll(), NetworkEgress.to([NetworkPeer.ipBlock('10.1.0.0/16')], [443, 5432]));
  const peer = pick(mode, goodPeer, fc.constantFrom(NetworkPeer.ipBlock('not-a-cidr'), NetworkPeer.namespaceNamed('Bad_NS'), NetworkPeer.pods({ 'bad key': 'x' })));
  const egress = pick(mode, goodEgress, fc.constantFrom(NetworkEgress.to([], [0, 70000]), NetworkEgress.to([NetworkPeer.ipBlock('10.0.0.0/33')])));
  return fc.record({ enabled: fc.boolean(), allowFrom: fc.array(peer, { maxLength: 3 }), egress }, { requiredKeys: [] });
}

function configArb(mode: FuzzMode) {
  const fileKey = fc.stringMatching(/^[-._a-zA-Z0-9]{1,12}$/).filter((k) => !k.startsWith('..') && k !== '.');
  const badFileKey = fc.constantFrom('a/b.conf', '', 'a b', 'ä.conf', '.', '..', '..data');
  return fc.record(
    {
      files: stringMap(mode, fileKey, badFileKey, fc.string({ maxLength: 30 })),
      env: stringMap(mode, ENV_NAME, fc.constantFrom('1X', 'MY-VAR', '', 'Ä'), fc.string({ maxLength: 10 })),
      mountPath: pick(mode, fc.constantFrom('/etc/website', '/config', '/usr/share/nginx/conf.d'), fc.oneof(BAD_PATHS, fc.constant('/tmp'))),
    },
    { requiredKeys: [] },
  );
}

function autoscaling(mode: FuzzMode) {
  const cpuUtilization = intIn(mode, 1, 1000, [0, 1001, -1, 1.5, NaN]);
  if (mode === 'clean') {
    return fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 10 }), fc.option(cpuUtilization, { nil: undefined }))
      .map(([min, extra, cpu]) => ({ minReplicas: min, maxReplicas: min + extra, cpuUtilization: cpu }));
  }
  return fc.record({ minReplicas: intIn(mode, 1, 6), maxReplicas: intIn(mode, 1, 20), cpuUtilization }, { requiredKeys: [] });
}

// ---- Gateway API HTTPRoute ----------------------------------------------------------------------

/** Paths the HTTPRoute CRD accepts: absolute, no empty, `.` or `..` segment, `%` only in %XX escapes. */
const ROUTE_PATH = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^(\/[a-zA-Z0-9][-a-zA-Z0-9_.~!$&'()*+,;=:@]{0,8}){1,3}\/?$/) },
  { weight: 1, arbitrary: fc.constantFrom('/', '/feed.xml', '/docs/', '/a%20b', '/%C3%A4', '/.well-known/acme-challenge', "/a/b_c-d.e~f!$&'()*+,;=:@%20") },
);
/** Paths its schema or CEL rules refuse (over 1024 characters, relative, `//`, dot segments, `%2F`, `#`, bad escapes...). */
const BAD_ROUTE_PATHS = fc.constantFrom(
  '', 'blog', 'blog/', '//', '/a//b', '/a/%2Fb', '/a/%2fb', '/a#b', '/a/..', '/a/.', '/./a', '/a/../b', '/a b', '/ä', '/%zz', '/a?b=1', '\t/', `/${'a'.repeat(1024)}`,
);
/** A wildcard host of 255 characters: its bare name fits in 253, the whole does not (the API server and the CRD count the whole). */
const LONG_WILDCARD_HOST = `*.${['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.')}`;
/** Host names an Ingress and an HTTPRoute refuse: IP addresses, uppercase, misplaced wildcards, empty labels, too long... */
const BAD_HOSTNAMES = fc.oneof(BAD_STRINGS, fc.constantFrom('10.0.0.1', 'WWW.example.com', '*', '*.', 'a.*.example.com', 'www.example.com.', 'www..example.com', 'http://www.example.com', '-www.example.com', LONG_WILDCARD_HOST));

function httpRoute(mode: FuzzMode): fc.Arbitrary<HttpRouteOptions> {
  const ref: fc.Arbitrary<HttpRouteParentRef> = fc.record(
    { name: pick(mode, DNS_SUBDOMAIN, BAD_STRINGS), gatewayNamespace: pick(mode, DNS_LABEL, BAD_STRINGS), sectionName: pick(mode, DNS_SUBDOMAIN, BAD_STRINGS) },
    { requiredKeys: ['name'] },
  );
  // Each Gateway once, or several listeners of one Gateway, each with a sectionName of its own.
  const gateways = fc.uniqueArray(ref, { minLength: 1, maxLength: 3, selector: (r) => `${r.gatewayNamespace ?? ''}/${r.name}` });
  const listeners = fc.tuple(ref, fc.uniqueArray(pick(mode, DNS_SUBDOMAIN, BAD_STRINGS), { minLength: 2, maxLength: 3 }))
    .map(([r, sections]) => sections.map((sectionName) => ({ ...r, sectionName })));
  const badRefs = fc.oneof<fc.Arbitrary<HttpRouteParentRef[]>[]>(
    fc.constant([]),
    ref.map((r) => [r, { name: r.name, gatewayNamespace: r.gatewayNamespace }]), // the same Gateway again, without a sectionName
    ref.map((r) => [r, { ...r }]), // the same Gateway (or listener) twice
    fc.array(ref, { minLength: 33, maxLength: 34 }), // more than 32
  );
  const pathMatch = fc.record(
    {
      value: pick(mode, ROUTE_PATH, BAD_ROUTE_PATHS),
      pathType: pick(mode, fc.constantFrom(HttpRoutePathType.PATH_PREFIX, HttpRoutePathType.EXACT), fc.constantFrom<string>('RegularExpression', 'Prefix', '') as fc.Arbitrary<HttpRoutePathType>),
    },
    { requiredKeys: ['value'] },
  );
  return fc.record(
    {
      parentRefs: pick(mode, fc.oneof({ weight: 3, arbitrary: gateways }, { weight: 1, arbitrary: listeners }), badRefs),
      hostnames: pick(mode, fc.uniqueArray(HOST, { maxLength: 3 }), fc.oneof(fc.array(fc.oneof(HOST, BAD_HOSTNAMES), { minLength: 1, maxLength: 3 }), fc.array(HOST, { minLength: 17, maxLength: 18 }))),
      // At most 8 good paths: the v1.0.0 CRD the tests validate against allows no more (v1.4.1 and the library allow 64).
      paths: pick(mode, fc.array(pathMatch, { maxLength: 4 }), fc.array(fc.constant({ value: '/' }), { minLength: 65, maxLength: 66 })),
      annotations: fc.dictionary(pick(mode, LABEL_KEY, BAD_STRINGS), fc.string({ maxLength: 20 }), { maxKeys: 2 }),
    },
    { requiredKeys: ['parentRefs'] },
  );
}

// ---- Kubernetes version -------------------------------------------------------------------------

/**
 * One of the `KubernetesVersion` constants, or (mixed mode) an object of the same shape that is not one
 * of them: TypeScript accepts it (the class has no private field), the library must refuse it.
 */
function kubernetesVersion(mode: FuzzMode): fc.Arbitrary<KubernetesVersion> {
  const lookAlike = fc.constantFrom(26, 27, 30, 33, 34).map((minor): KubernetesVersion => ({
    minor,
    name: `1.${minor}`,
    isAtLeast: (other: KubernetesVersion) => minor >= other.minor,
    toString: () => `1.${minor}`,
  }));
  return pick(mode, fc.constantFrom(...KubernetesVersion.ALL), lookAlike);
}

/** Requests and limits; in clean mode each request is at most its limit (also against the defaults 64Mi/128Mi/256Mi). */
function resources(mode: FuzzMode): fc.Arbitrary<WebsiteResources> {
  if (mode === 'mixed') {
    const anything = fc.record(
      { cpuRequest: cpu(mode), cpuLimit: cpu(mode), memoryRequest: size(mode), memoryLimit: size(mode), ephemeralStorageRequest: size(mode), ephemeralStorageLimit: size(mode) },
      { requiredKeys: [] },
    );
    return fc.oneof(resources('clean'), anything);
  }
  const pair = (defaultLimit: number) => fc.tuple(fc.integer({ min: 1, max: 2048 }), fc.integer({ min: 0, max: 2048 }), fc.constantFrom('both', 'request', 'limit', 'none'))
    .map(([req, extra, which]) => ({
      request: which === 'both' || which === 'request' ? Size.mebibytes(which === 'request' ? Math.min(req, defaultLimit) : req) : undefined,
      limit: which === 'both' ? Size.mebibytes(req + extra) : which === 'limit' ? Size.mebibytes(Math.max(64, req + extra)) : undefined,
    }));
  return fc.tuple(fc.option(cpu(mode), { nil: undefined }), fc.option(cpu(mode), { nil: undefined }), pair(128), pair(256)).map(([cpuRequest, cpuLimit, mem, eph]) => ({
    cpuRequest,
    cpuLimit,
    memoryRequest: mem.request,
    memoryLimit: mem.limit,
    ephemeralStorageRequest: eph.request,
    ephemeralStorageLimit: eph.limit,
  }));
}

/** Random props for one website, within the TypeScript types (`CLEAN_PROPS`, `MIXED_PROPS`). */
function buildWebsiteProps(mode: FuzzMode): fc.Arbitrary<ZeroDowntimeWebsiteProps> {
  // Clean mode (and two thirds of mixed mode) keeps the props coherent, so that most cases reach the
  // zero-downtime rules and the rendering instead of stopping at a conflict between two props.
  return fc.tuple(rawProps(mode), fc.boolean(), fc.nat(2)).map(([p, preferAutoscaling, coin]) => {
    if (mode === 'mixed' && coin === 0) return p;
    const out: { -readonly [K in keyof ZeroDowntimeWebsiteProps]: ZeroDowntimeWebsiteProps[K] } = { ...p };
    if (out.replicas !== undefined && out.autoscaling !== undefined) {
      if (preferAutoscaling) delete out.replicas;
      else delete out.autoscaling;
    }
    if (out.nodePort !== undefined && out.serviceType !== ServiceType.LOAD_BALANCER) out.serviceType = ServiceType.NODE_PORT;
    if (out.config?.files && Object.keys(out.config.files).length > 0 && (out.writablePaths ?? ['/tmp']).includes(out.config.mountPath ?? '/etc/website')) {
      out.config = { ...out.config, mountPath: '/etc/website-config' };
    }
    if (out.config?.env && out.config.files) {
      const files = out.config.files;
      out.config = { ...out.config, env: Object.fromEntries(Object.entries(out.config.env).filter(([k]) => !(k in files))) };
    }
    // The native preStop sleep needs a 1.30 target (a 1.27-1.29 API server refuses it), or none.
    if (out.preStop?.kind === PreStopKind.NATIVE_SLEEP && out.kubernetesVersion !== undefined && out.kubernetesVersion.minor < 30) {
      out.kubernetesVersion = KubernetesVersion.V1_30;
    }
    return out;
  });
}

function rawProps(mode: FuzzMode): fc.Arbitrary<ZeroDowntimeWebsiteProps> {
  const clean = mode === 'clean';
  return fc.record(
    {
      image: image(mode).map((reference) => ContainerImage.fromRegistry(reference)),
      name: pick(mode, DNS_LABEL, BAD_STRINGS),
      replicas: pick(mode, fc.integer({ min: clean ? 2 : 1, max: 8 }), fc.constantFrom(...BAD_NUMBERS)),
      strategy: strategy(mode),
      minReady: duration(mode, 60),
      progressDeadline: pick(mode, fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 600, max: 3600 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 600 }) }).map((s) => Duration.seconds(s)), duration('mixed', 120)),
      revisionHistoryLimit: intIn(mode, 0, 20, [-1, 1.5, NaN, 2 ** 31]),
      containerPort: intIn(mode, 1, 65535, [0, 65536, -1, 1.5, NaN, 1e21]),
      imagePullPolicy: fc.constantFrom(ImagePullPolicy.ALWAYS, ImagePullPolicy.IF_NOT_PRESENT, ImagePullPolicy.NEVER),
      imagePullSecrets: pick(mode, fc.uniqueArray(DNS_SUBDOMAIN, { maxLength: 3 }), fc.oneof(fc.array(BAD_STRINGS, { minLength: 1, maxLength: 2 }), DNS_SUBDOMAIN.map((name) => [name, name]))),
      env: stringMap(mode, ENV_NAME, fc.constantFrom('MY-VAR', '1X', '', 'Ä', 'a b'), fc.oneof(fc.string({ maxLength: 12 }), UNICODE, AMBIGUOUS_SCALAR, fc.constantFrom('- a', '# x', "'", '"', ''))),
      readiness: clean ? fc.option(healthCheck(mode, 'readiness'), { nil: undefined, freq: 2 }) : healthCheck(mode, 'readiness'),
      liveness: healthCheck(mode, 'liveness'),
      startup: healthCheck(mode, 'startup'),
      kubernetesVersion: kubernetesVersion(mode),
      preStop: preStop(mode),
      // A declared path of 0 s leaves the default preStop without a delay, which a rule refuses: mixed mode only.
      deregistrationDelay: clean ? duration('clean', 120, 1) : duration('mixed', 120),
      drainTimeout: duration(mode, 60),
      terminationGracePeriod: pick(mode, fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 100, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 100 }) }).map((s) => Duration.seconds(s)), duration('mixed', 120)),
      disruptionBudget: disruptionBudget(mode),
      antiAffinity: antiAffinity(mode),
      zoneSpread: fc.boolean(),
      serviceType: fc.constantFrom(ServiceType.CLUSTER_IP, ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER),
      servicePort: intIn(mode, 1, 65535, [0, 65536, -1, 1.5, NaN]),
      nodePort: intIn(mode, 30000, 32767, [80, 29999, 32768, 1.5, NaN]),
      ingress: ingress(mode),
      httpRoute: httpRoute(mode),
      autoscaling: autoscaling(mode),
      networkPolicy: networkPolicy(mode),
      resources: resources(mode),
      runAsUser: intIn(mode, 1, 2 ** 31 - 1, [0, -1, 1.5, NaN, 2 ** 31]),
      runAsGroup: intIn(mode, 1, 2 ** 31 - 1, [0, -1, 1.5, NaN, 2 ** 31]),
      writablePaths: writablePaths(mode),
      config: configArb(mode),
      restartToken: pick(mode, fc.oneof(fc.constantFrom('2026-11-23', 'build-42', '2026-11-23T03:00:00Z'), UNICODE.filter((s) => s.trim() !== '')), fc.constantFrom('', '  ', 'x'.repeat(257))),
      restartSchedule: restartSchedule(mode),
      priorityClassName: pick(mode, DNS_SUBDOMAIN, BAD_STRINGS),
      partOf: pick(mode, fc.oneof(LABEL_VALUE, AMBIGUOUS_LABEL_VALUE), BAD_STRINGS),
      version: pick(mode, fc.oneof(LABEL_VALUE, AMBIGUOUS_LABEL_VALUE), BAD_STRINGS),
      labels: stringMap(mode, LABEL_KEY, fc.oneof(BAD_STRINGS, fc.constantFrom('app.kubernetes.io/name', 'applyset.kubernetes.io/id', 'a/b/c')), pick(mode, fc.oneof(LABEL_VALUE, AMBIGUOUS_LABEL_VALUE), BAD_STRINGS)),
      exemptions: exemptions(mode),
    },
    { requiredKeys: ['image'] },
  );
}

/** Only well-formed values; built once, shared by `websiteProps` and `renderableProps`. */
const CLEAN_PROPS = buildWebsiteProps('clean');
/** Bad values mixed in. */
const MIXED_PROPS = buildWebsiteProps('mixed');

const RULE_JUDGED_PROPS = [
  'readiness', 'liveness', 'startup', 'preStop', 'drainTimeout', 'terminationGracePeriod', 'strategy', 'progressDeadline',
  'disruptionBudget', 'antiAffinity', 'imagePullPolicy', 'replicas',
] as const satisfies ReadonlyArray<keyof ZeroDowntimeWebsiteProps>;

/**
 * Well-formed props with the ones the zero-downtime rules judge (probes, preStop and grace period,
 * strategy, progress deadline, disruption budget, anti-affinity, pull policy, allowed peers, replicas)
 * left at their defaults, which the rules accept: nearly every one synthesizes. What they render still
 * varies with everything else: name, image, ports, Service type, Ingress, HTTPRoute, autoscaler
 * (2 replicas or more), NetworkPolicy egress, resources, ConfigMap, writable paths, scheduled restart,
 * labels, the Kubernetes version...
 */
export const renderableProps: fc.Arbitrary<ZeroDowntimeWebsiteProps> = CLEAN_PROPS.map((p) => {
  const out: { -readonly [K in keyof ZeroDowntimeWebsiteProps]: ZeroDowntimeWebsiteProps[K] } = { ...p };
  for (const judged of RULE_JUDGED_PROPS) delete out[judged];
  if (out.networkPolicy?.allowFrom !== undefined) out.networkPolicy = { ...out.networkPolicy, allowFrom: undefined };
  if (out.autoscaling?.minReplicas !== undefined && out.autoscaling.minReplicas < 2) {
    out.autoscaling = { ...out.autoscaling, minReplicas: 2, maxReplicas: Math.max(2, out.autoscaling.maxReplicas ?? 2) };
  }
  return out;
});

/**
 * Half the prop sets with bad values mixed in, 45% well-formed, 5% that (nearly always) synthesize: about
 * one case in eleven synthesizes (checking a synthesized case costs as much as checking 7 to 9 refused ones).
 */
export const websiteProps: fc.Arbitrary<ZeroDowntimeWebsiteProps> = fc.oneof(
  { weight: 9, arbitrary: CLEAN_PROPS },
  { weight: 10, arbitrary: MIXED_PROPS },
  { weight: 1, arbitrary: renderableProps },
);

// ---- rendering ----------------------------------------------------------------------------------

/** The header cdk8s puts above the messages collected by `node.addValidation()`. */
export const CDK8S_VALIDATION_HEADER = 'Validation failed with the following errors:';

/** What rendering one website gave: its objects, or what synth threw. */
export type RenderOutcome = { readonly objects: any[] } | { readonly error: unknown };

/** Renders one website (id `website`) with the props in a fresh chart; never throws. */
export function renderSite(props: ZeroDowntimeWebsiteProps): RenderOutcome {
  try {
    const chart = freshChart();
    new ZeroDowntimeWebsite(chart, 'website', props);
    return { objects: Testing.synth(chart) };
  } catch (error) {
    return { error };
  }
}

/** True for the error cdk8s throws with the messages the library collected at synth. */
export function isValidationError(e: unknown): e is Error {
  return e instanceof Error && e.message.startsWith(CDK8S_VALIDATION_HEADER);
}

/**
 * The YAML cdk8s writes for the props, or undefined when the library refuses them (cdk8s' validation
 * error); any other error is thrown.
 */
export function synthYaml(props: ZeroDowntimeWebsiteProps): string | undefined {
  const outcome = renderSite(props);
  if ('error' in outcome) {
    if (isValidationError(outcome.error)) return undefined;
    throw outcome.error;
  }
  return Yaml.stringify(...outcome.objects);
}

/**
 * Props rendered for a failure report: class instances with their fields, the `KubernetesVersion`
 * constants by name (`KubernetesVersion.V1_33`), and an object that only looks like one as such.
 */
export function describeProps(props: unknown): string {
  let shown = props;
  const v = props !== null && typeof props === 'object' ? (props as ZeroDowntimeWebsiteProps).kubernetesVersion : undefined;
  if (v !== undefined) {
    const constant = v instanceof KubernetesVersion ? Object.entries(KubernetesVersion).find(([k, c]) => c === v && /^V\d+_\d+$/.test(k))?.[0] : undefined;
    const label = constant !== undefined
      ? `KubernetesVersion.${constant}`
      : `${inspect(v, { depth: 1, breakLength: Infinity })} (not a KubernetesVersion constant)`;
    shown = { ...(props as object), kubernetesVersion: { [inspect.custom]: () => label } };
  }
  return inspect(shown, { depth: 8, breakLength: 120 });
}
