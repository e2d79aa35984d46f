/**
 * Property-based fuzzing of `ZeroDowntimeWebsite`: random props either synthesize manifests that a
 * Kubernetes 1.27 API server would accept, or fail with the library's own validation error.
 *
 * `websiteProps` generates `ZeroDowntimeWebsiteProps` within their TypeScript types (a TypeScript user
 * can write every one of them): half of the cases use only well-formed values (they exercise the
 * zero-downtime rules and the rendering), the other half mix in bad ones (negative, fractional, NaN,
 * infinite and huge numbers, malformed, empty and unicode strings, out-of-range percentages,
 * fractional durations, unknown exemptions...).
 *
 * `checkOne` renders one prop set and throws a `FuzzFailure` unless the outcome is one of:
 * - `'rejected'`: synth threw cdk8s' `Validation failed with the following errors:` with the problems
 *   the library collected (constructors and option factories never throw), and every message line
 *   names the construct path, the property, the value, what is allowed and a fix;
 * - `'ok'`: every object passes the strict 1.27 schema (`test/support/schema.ts`) and the API-server
 *   rules the schema cannot express (object names, label and annotation keys, ConfigMap keys, env
 *   names, port ranges, unique volume names and mount paths, ConfigMap keys a pod reads exist), the YAML that cdk8s writes
 *   parses back (as YAML 1.1 like kubectl, as YAML 1.2, and with js-yaml) to exactly the same data, no
 *   value is `undefined`, `null`, `NaN` or infinite, and no value is one the API server drops or
 *   rewrites (test/support/api-server-drops.ts: zero `omitempty` fields, empty strings and lists,
 *   non-canonical quantities).
 */
import { isIP } from 'net';
import { isDeepStrictEqual, inspect } from 'util';
import { App, Chart, Duration, Size, Testing, Yaml } from 'cdk8s';
import { ConnectionScheme, Cpu, PercentOrAbsolute } from 'cdk8s-plus-27';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import {
  ContainerImage,
  DisruptionBudget,
  GuardrailExemption,
  GuardrailRule,
  HealthCheck,
  HealthCheckOptions,
  ImagePullPolicy,
  NetworkEgress,
  NetworkPeer,
  PodAntiAffinity,
  PreStopHook,
  RestartSchedule,
  RolloutStrategy,
  ServiceType,
  UnhealthyPodEvictionPolicy,
  WebsiteResources,
  ZeroDowntimeWebsite,
  ZeroDowntimeWebsiteProps,
} from '../../lib';
import { apiServerDrops } from '../support/api-server-drops';
import { validateManifest } from '../support/schema';

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
  const annotations = fc.dictionary(fc.oneof(LABEL_KEY, BAD_STRINGS), fc.string(), { maxKeys: 2 });
  return fc.record(
    {
      host: pick(mode, HOST, BAD_STRINGS),
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
  const fileKey = fc.stringMatching(/^[-._a-zA-Z0-9]{1,12}$/);
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

/** Random props for one website, within the TypeScript types. */
export function websitePropsFor(mode: FuzzMode): fc.Arbitrary<ZeroDowntimeWebsiteProps> {
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
      env: stringMap(mode, ENV_NAME, fc.constantFrom('MY-VAR', '1X', '', 'Ä', 'a b'), fc.oneof(fc.string({ maxLength: 12 }), UNICODE, AMBIGUOUS_SCALAR, fc.constantFrom('- a', '# x', "'", '"', ''))),
      readiness: clean ? fc.option(healthCheck(mode, 'readiness'), { nil: undefined, freq: 2 }) : healthCheck(mode, 'readiness'),
      liveness: healthCheck(mode, 'liveness'),
      startup: healthCheck(mode, 'startup'),
      preStop: preStop(mode),
      drainTimeout: duration(mode, 60),
      terminationGracePeriod: pick(mode, fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 100, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 100 }) }).map((s) => Duration.seconds(s)), duration('mixed', 120)),
      disruptionBudget: disruptionBudget(mode),
      antiAffinity: antiAffinity(mode),
      zoneSpread: fc.boolean(),
      serviceType: fc.constantFrom(ServiceType.CLUSTER_IP, ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER),
      servicePort: intIn(mode, 1, 65535, [0, 65536, -1, 1.5, NaN]),
      nodePort: intIn(mode, 30000, 32767, [80, 29999, 32768, 1.5, NaN]),
      ingress: ingress(mode),
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

/** Half well-formed prop sets, half with bad values mixed in. */
export const websiteProps: fc.Arbitrary<ZeroDowntimeWebsiteProps> = fc.oneof(websitePropsFor('clean'), websitePropsFor('mixed'));

// ---- the check ----------------------------------------------------------------------------------

/** A case that broke a promise of the library. */
export class FuzzFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FuzzFailure';
  }
}

/** The header cdk8s puts above the messages collected by `node.addValidation()`. */
const CDK8S_VALIDATION_HEADER = 'Validation failed with the following errors:';

/** One problem line of the library's format: `<prop> <problem>, got <value>; allowed: <allowed>. Fix: <fix>.` */
const PROBLEM_LINE = /^\S.*, got .*; allowed: .*\. Fix: .*\.$/s;

let sharedOutdir: string | undefined;

/** A fresh chart, like `Testing.chart()`, without a new temporary directory per case. */
function freshChart(): Chart {
  const app: App = sharedOutdir === undefined ? Testing.app() : Testing.app({ outdir: sharedOutdir });
  sharedOutdir = app.outdir;
  return new Chart(app, 'test');
}

/**
 * Renders one website and checks the outcome (see the file comment).
 * @returns `'ok'` when it synthesized, `'rejected'` when the library refused it
 * @throws FuzzFailure when the library broke a promise
 */
export function checkOne(props: ZeroDowntimeWebsiteProps): 'ok' | 'rejected' {
  let objects: any[];
  try {
    const chart = freshChart();
    new ZeroDowntimeWebsite(chart, 'website', props);
    objects = Testing.synth(chart);
  } catch (e) {
    checkRejection(e);
    return 'rejected';
  }
  checkManifests(objects, props);
  return 'ok';
}

/** The YAML cdk8s writes for the props, or undefined when synth fails. */
export function synthYaml(props: ZeroDowntimeWebsiteProps): string | undefined {
  try {
    const chart = freshChart();
    new ZeroDowntimeWebsite(chart, 'website', props);
    return Yaml.stringify(...Testing.synth(chart));
  } catch {
    return undefined;
  }
}

function checkRejection(e: unknown): void {
  if (e instanceof Error && e.constructor === Error && e.message.startsWith(CDK8S_VALIDATION_HEADER)) {
    const lines = e.message.slice(CDK8S_VALIDATION_HEADER.length).split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) throw new FuzzFailure(`empty validation error: ${e.message}`);
    for (const line of lines) {
      const m = /^ {2}\[([^\]]+)\] (.*)$/s.exec(line);
      if (!m) throw new FuzzFailure(`validation message line without a construct path: ${JSON.stringify(line)}`);
      if (!PROBLEM_LINE.test(m[2])) throw new FuzzFailure(`validation message line not in the library's format: ${JSON.stringify(line)}`);
      // The generated props never hold null: a "got null" hides the real value (NaN, Infinity).
      if (/, got null; /.test(m[2])) throw new FuzzFailure(`validation message shows the value as null: ${JSON.stringify(line)}`);
    }
    return;
  }
  const err = e as Error;
  throw new FuzzFailure(`synth threw ${err?.name ?? typeof e} instead of a validation error: ${err?.message ?? String(e)}\n${err?.stack ?? ''}`);
}

function checkManifests(objects: any[], props: ZeroDowntimeWebsiteProps): void {
  if (objects.length === 0) throw new FuzzFailure('synth produced no objects');
  const userStrings = [...collectStrings(props)];
  for (const obj of objects) {
    const id = `${obj?.kind}/${obj?.metadata?.name}`;
    // The native preStop sleep is newer than the 1.27 schema (documented in lib/shutdown.ts): only that field may be unknown.
    const schemaErrors = validateManifest(obj).filter((e) => !/lifecycle\.preStop\.sleep: unknown field "sleep"$/.test(e));
    if (schemaErrors.length > 0) throw new FuzzFailure(`${id} fails the strict 1.27 schema:\n  ${schemaErrors.join('\n  ')}`);
    checkValues(obj, id, userStrings);
    checkApiServerRules(obj, id);
    const drops = apiServerDrops(obj);
    if (drops.length > 0) throw new FuzzFailure(`the API server would drop or rewrite:\n  ${drops.join('\n  ')}`);
  }
  checkConfigMapReferences(objects);
  // Through JSON, as kubectl sends it (and -0 becomes 0 on both sides).
  const json = JSON.parse(JSON.stringify(objects));
  const yaml = Yaml.stringify(...objects);
  const readers: Array<[string, () => unknown[]]> = [
    ...(['1.1', '1.2'] as const).map((version): [string, () => unknown[]] => [`YAML ${version}`, () => {
      const docs = parseAllDocuments(yaml, { version });
      const list = Array.isArray(docs) ? docs : [docs];
      const errors = list.flatMap((d) => d.errors.map((x) => x.message));
      if (errors.length > 0) throw new FuzzFailure(`YAML ${version} does not parse: ${errors.join('; ')}`);
      return list.map((d) => d.toJS());
    }]),
    // js-yaml's default schema: YAML 1.2 core plus timestamps (as Date) and merge keys.
    ['js-yaml', () => jsYaml.loadAll(yaml)],
  ];
  for (const [reader, read] of readers) {
    const parsed = JSON.parse(JSON.stringify(read())) as any[];
    if (!isDeepStrictEqual(parsed, json)) {
      const i = parsed.findIndex((d, k) => !isDeepStrictEqual(d, json[k]));
      throw new FuzzFailure(`YAML read by ${reader} differs from the objects (document ${i}):\n${inspect(parsed[i], { depth: 12 })}\nexpected:\n${inspect(json[i], { depth: 12 })}`);
    }
  }
}

/** No undefined/null/NaN/Infinity anywhere; no "undefined"/"NaN"/"Infinity" text the user did not write. */
function checkValues(value: unknown, at: string, userStrings: readonly string[]): void {
  if (value === undefined || value === null) throw new FuzzFailure(`${at} is ${value}`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new FuzzFailure(`${at} is ${value}`);
  if (typeof value === 'string') {
    for (const token of value.match(/undefined|NaN|Infinity|\[object Object\]/g) ?? []) {
      if (!userStrings.some((s) => s.includes(token))) throw new FuzzFailure(`${at} is the string ${JSON.stringify(value)}`);
    }
  }
  if (Array.isArray(value)) value.forEach((v, i) => checkValues(v, `${at}[${i}]`, userStrings));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value as object)) checkValues(v, `${at}.${k}`, userStrings);
}

// The API server's own rules (k8s.io/apimachinery/pkg/util/validation), written out independently of lib/.
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) return false;
  return parts.length === 1 || (parts[0].length <= 253 && DNS1123_SUBDOMAIN.test(parts[0]));
}

function isCidr(value: string): boolean {
  const [address, prefix, ...rest] = String(value).split('/');
  const family = isIP(address);
  return rest.length === 0 && family !== 0 && /^\d{1,3}$/.test(prefix ?? '') && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** What the API server rejects and the schema cannot express: names, label and annotation keys, unique volumes... */
function checkApiServerRules(obj: any, id: string): void {
  const fail = (what: string) => {
    throw new FuzzFailure(`${id}: ${what}`);
  };
  const checkMeta = (meta: any, at: string) => {
    for (const [k, v] of Object.entries<string>(meta?.labels ?? {})) {
      if (!isQualifiedName(k)) fail(`${at}.labels has the invalid key ${JSON.stringify(k)}`);
      if (v.length > 63 || !LABEL_VALUE_RE.test(v)) fail(`${at}.labels[${JSON.stringify(k)}] has the invalid value ${JSON.stringify(v)}`);
    }
    for (const k of Object.keys(meta?.annotations ?? {})) {
      const lower = k.toLowerCase();
      if (!isQualifiedName(lower)) fail(`${at}.annotations has the invalid key ${JSON.stringify(k)}`);
    }
  };
  const name: string = obj.metadata?.name ?? '';
  const nameOk = obj.kind === 'Service' ? name.length <= 63 && DNS1035_LABEL.test(name) : name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
  if (!nameOk) fail(`invalid object name ${JSON.stringify(name)}`);
  checkMeta(obj.metadata, 'metadata');
  if (obj.kind === 'ConfigMap') {
    for (const k of Object.keys(obj.data ?? {})) {
      if (k.length > 253 || !CONFIG_MAP_KEY.test(k) || k === '.' || k === '..' || k.startsWith('..')) fail(`invalid ConfigMap key ${JSON.stringify(k)}`);
    }
  }
  if (obj.kind === 'Service') {
    for (const p of obj.spec?.ports ?? []) {
      if (!(p.port >= 1 && p.port <= 65535)) fail(`Service port ${p.port}`);
      if (p.nodePort !== undefined && !(p.nodePort >= 30000 && p.nodePort <= 32767)) fail(`Service nodePort ${p.nodePort}`);
    }
  }
  if (obj.kind === 'NetworkPolicy') {
    const rules = [...(obj.spec?.ingress ?? []), ...(obj.spec?.egress ?? [])];
    for (const p of rules.flatMap((r: any) => r.ports ?? [])) {
      if (typeof p.port === 'number' && !(p.port >= 1 && p.port <= 65535)) fail(`NetworkPolicy port ${p.port}`);
    }
    for (const peer of rules.flatMap((r: any) => [...(r.from ?? []), ...(r.to ?? [])])) {
      if (peer.ipBlock && !isCidr(peer.ipBlock.cidr)) fail(`NetworkPolicy ipBlock ${JSON.stringify(peer.ipBlock.cidr)} is not a CIDR`);
    }
  }
  const template = obj.spec?.template ?? obj.spec?.jobTemplate?.spec?.template;
  if (template) checkMeta(template.metadata, 'template.metadata');
  const pod = template?.spec;
  if (!pod) return;
  const volumes: string[] = (pod.volumes ?? []).map((v: any) => v.name);
  for (const v of volumes) if (v.length > 63 || !DNS1123_LABEL.test(v)) fail(`invalid volume name ${JSON.stringify(v)}`);
  const dup = volumes.find((v, i) => volumes.indexOf(v) !== i);
  if (dup !== undefined) fail(`duplicate volume name ${JSON.stringify(dup)}`);
  for (const vol of pod.volumes ?? []) {
    for (const item of vol.configMap?.items ?? []) {
      if (String(item.path).split('/').includes('..') || String(item.path).startsWith('..')) fail(`volume ${vol.name} item path ${JSON.stringify(item.path)}`);
    }
  }
  for (const c of pod.containers ?? []) {
    const mounts: any[] = c.volumeMounts ?? [];
    const paths = mounts.map((m) => m.mountPath);
    const dupPath = paths.find((p, i) => paths.indexOf(p) !== i);
    if (dupPath !== undefined) fail(`container ${c.name} mounts ${JSON.stringify(dupPath)} twice`);
    const missing = mounts.find((m) => !volumes.includes(m.name));
    if (missing) fail(`container ${c.name} mounts the unknown volume ${JSON.stringify(missing.name)}`);
    for (const e of c.env ?? []) if (!ENV_VAR_NAME.test(e.name)) fail(`container ${c.name} has the invalid env name ${JSON.stringify(e.name)}`);
    for (const p of c.ports ?? []) if (!(p.containerPort >= 1 && p.containerPort <= 65535)) fail(`container ${c.name} port ${p.containerPort}`);
  }
}

/** Every ConfigMap key a pod mounts or reads is in the rendered ConfigMap (else the pod never starts). */
function checkConfigMapReferences(objects: any[]): void {
  const data = new Map<string, Set<string>>(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, new Set(Object.keys(o.data ?? {}))]));
  for (const obj of objects) {
    const pod = obj.spec?.template?.spec;
    if (!pod) continue;
    const keysOf = (name: string) => data.get(name) ?? new Set<string>();
    for (const vol of pod.volumes ?? []) {
      for (const item of vol.configMap?.items ?? []) {
        if (!keysOf(vol.configMap.name).has(item.key)) throw new FuzzFailure(`${obj.kind}/${obj.metadata.name}: volume ${vol.name} mounts the key ${JSON.stringify(item.key)} that ConfigMap ${vol.configMap.name} does not have`);
      }
    }
    for (const c of pod.containers ?? []) {
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.configMapKeyRef;
        if (ref && !keysOf(ref.name).has(ref.key)) throw new FuzzFailure(`${obj.kind}/${obj.metadata.name}: env ${e.name} reads the key ${JSON.stringify(ref.key)} that ConfigMap ${ref.name} does not have`);
      }
    }
  }
}

function collectStrings(value: unknown, out: Set<string> = new Set(), seen: Set<unknown> = new Set()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (value && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      collectStrings(v, out, seen);
    }
  }
  return out;
}

/** Props rendered for a failure report: class instances with their fields. */
export function describeProps(props: unknown): string {
  return inspect(props, { depth: 8, breakLength: 120 });
}
