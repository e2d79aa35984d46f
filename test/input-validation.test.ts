import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, PercentOrAbsolute } from 'cdk8s-plus-27';
import {
  ContainerImage,
  DisruptionBudget,
  GuardrailRule,
  HealthCheck,
  NetworkEgress,
  NetworkPeer,
  PodAntiAffinity,
  PreStopHook,
  RestartSchedule,
  RolloutStrategy,
  ServiceType,
  ZeroDowntimeWebsite,
  ZeroDowntimeWebsiteProps,
} from '../lib';
import { validateManifests } from './support/schema';
import { freshChart } from './support/chart';

/*
 * Every input check of lib/website-validation.ts (and the image, name and schedule checks it relies on):
 * a bad value and the whole message line it produces, construct path included.
 */

const P = '[test/website]';

// The "allowed" parts shared by several checks.
const DNS1035 = "at most 63 characters: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (RFC 1035 label)";
const HOST = 'a lowercase DNS name such as "www.example.com", optionally with a leading "*." (e.g. "*.example.com"), at most 253 characters in all, not an IP address';
const SUBDOMAIN = "at most 253 characters: dot-separated parts of lowercase letters, digits and '-', each starting and ending with a letter or digit (RFC 1123 subdomain)";
const LABEL_VALUE = "at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty";
const PORT = 'an integer from 1 to 65535. Fix: use a port number from 1 to 65535, e.g. 8080.';
const PATH = "a path starting with '/' without spaces or control characters (e.g. \"/healthz\")";
const INT_FROM_1 = 'an integer from 1 to 2147483647. Fix: use an integer from 1 to 2147483647.';
/** `replicas`: the fix names a count the deployment-replicas guardrail also accepts. */
const REPLICAS_ALLOWED = 'an integer from 1 to 2147483647. Fix: use 2 or more, e.g. replicas: 3 (the deployment-replicas guardrail refuses 1 unless exempted).';
const POA = 'a non-negative integer (a number of pods, e.g. 1) or a percentage string (e.g. "25%")';
const POA_100 = 'a non-negative integer (a number of pods, e.g. 1) or a percentage string up to "100%" (e.g. "25%")';
const SIZE = 'allowed: e.g. Size.mebibytes(128). Fix: use Size.mebibytes(N) with N > 0.';
const RESERVED = 'allowed: labels outside app.kubernetes.io/ (set by this library) and applyset.kubernetes.io/ (owned by kubectl). Fix: use name, partOf or version for the app.kubernetes.io labels, or another key.';
const ENV_NAME = 'allowed: letters, digits and "_", not starting with a digit. Fix: rename the variable.';
const whole = (property: string, value: string, min: number) =>
  `${P} ${property} must be a whole number of seconds, got "${value}"; allowed: ${min} ${min === 1 ? 'second' : 'seconds'} or more, in whole seconds. Fix: use Duration.seconds(N) with a whole N >= ${min}.`;

/** Synthesizes one site in a fresh chart (path `test/<id>`). */
function synth(props: Partial<ZeroDowntimeWebsiteProps>, id = 'website'): any[] {
  const chart = freshChart();
  new ZeroDowntimeWebsite(chart, id, { image: ContainerImage.fromRegistry('repo/site:1.2.3'), ...props });
  return Testing.synth(chart);
}

/** The problem lines of a failed synth, without the two-space indent (fails the test when synth succeeds). */
function problemLines(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    const [header, ...lines] = (e as Error).message.split('\n');
    expect(header).toBe('Validation failed with the following errors:');
    return lines.map((l) => l.replace(/^ {2}/, ''));
  }
  throw new Error('expected synth to fail');
}

const problems = (props: Partial<ZeroDowntimeWebsiteProps>, id?: string) => problemLines(() => synth(props, id));

/** [title ("fails if ..."), props, the one expected line] */
type Case = [string, Partial<ZeroDowntimeWebsiteProps>, string];

const CASES: Record<string, Case[]> = {
  'name': [
    ['the name has uppercase letters', { name: 'Web' },
      `${P} name must be lowercase, got "Web"; allowed: ${DNS1035}. Fix: use "web".`],
    ['the name starts with a digit', { name: '1web' },
      `${P} name must start with a letter, got "1web"; allowed: ${DNS1035}. Fix: use "web".`],
    ['the name ends with a dash', { name: 'web-' },
      `${P} name must start and end with a letter or digit, not '-', got "web-"; allowed: ${DNS1035}. Fix: use "web".`],
    ['the name is 64 characters long', { name: 'a'.repeat(64) },
      `${P} name is 64 characters long, more than 63, got "${'a'.repeat(64)}"; allowed: ${DNS1035}. Fix: use "${'a'.repeat(63)}".`],
  ],
  'replicas and autoscaling': [
    ['replicas is 0', { replicas: 0 }, `${P} replicas must be at least 1, got 0; allowed: ${REPLICAS_ALLOWED}`],
    ['replicas is fractional', { replicas: 2.5 }, `${P} replicas must be an integer, got 2.5; allowed: ${REPLICAS_ALLOWED}`],
    ['replicas is above int32', { replicas: 2 ** 31 }, `${P} replicas must be at most 2147483647, got 2147483648; allowed: ${REPLICAS_ALLOWED}`],
    ['replicas is set together with autoscaling', { replicas: 3, autoscaling: {} },
      `${P} replicas conflicts with autoscaling (the autoscaler owns the replica count), got 3; allowed: replicas or autoscaling, not both. Fix: remove replicas and set autoscaling.minReplicas instead.`],
    ['autoscaling.minReplicas is 0', { autoscaling: { minReplicas: 0 } }, `${P} autoscaling.minReplicas must be at least 1, got 0; allowed: ${INT_FROM_1}`],
    ['autoscaling.maxReplicas is fractional', { autoscaling: { maxReplicas: 7.5 } }, `${P} autoscaling.maxReplicas must be an integer, got 7.5; allowed: ${INT_FROM_1}`],
    ['autoscaling.maxReplicas is below minReplicas', { autoscaling: { minReplicas: 5, maxReplicas: 3 } },
      `${P} autoscaling.maxReplicas is below minReplicas, got 3; allowed: at least minReplicas (5). Fix: raise maxReplicas or lower minReplicas.`],
    ['autoscaling.cpuUtilization is 0', { autoscaling: { cpuUtilization: 0 } },
      `${P} autoscaling.cpuUtilization must be at least 1, got 0; allowed: an integer from 1 to 1000. Fix: use an integer from 1 to 1000.`],
    ['autoscaling.cpuUtilization is above 1000', { autoscaling: { cpuUtilization: 1001 } },
      `${P} autoscaling.cpuUtilization must be at most 1000, got 1001; allowed: an integer from 1 to 1000. Fix: use an integer from 1 to 1000.`],
  ],
  'strategy': [
    ['maxSurge and maxUnavailable are both 0', { strategy: RolloutStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.absolute(0) }) },
      `${P} strategy.maxSurge and maxUnavailable are both zero, so the rollout can never replace a pod, got 0; allowed: maxSurge of 1 or more when maxUnavailable is 0. Fix: set maxSurge: PercentOrAbsolute.absolute(1).`],
    ['maxSurge and maxUnavailable are both 0%', { strategy: RolloutStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.percent(0), maxUnavailable: PercentOrAbsolute.percent(0) }) },
      `${P} strategy.maxSurge and maxUnavailable are both zero, so the rollout can never replace a pod, got "0%"; allowed: maxSurge of 1 or more when maxUnavailable is 0. Fix: set maxSurge: PercentOrAbsolute.absolute(1).`],
    ['maxSurge is negative', { strategy: RolloutStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.absolute(-1) }) },
      `${P} strategy.maxSurge must not be negative, got -1; allowed: ${POA}. Fix: use 0 or more pods, or a percentage such as "25%".`],
    ['maxSurge is a fractional count', { strategy: RolloutStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.absolute(1.5) }) },
      `${P} strategy.maxSurge must be a whole number of pods, got 1.5; allowed: ${POA}. Fix: use 2 or a percentage such as "25%".`],
    ['maxSurge is a fractional percentage', { strategy: RolloutStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.percent(12.5) }) },
      `${P} strategy.maxSurge must be a number of pods or a percentage, got "12.5%"; allowed: ${POA}. Fix: write a whole number such as 1, or a string of digits followed by "%", e.g. "25%".`],
    ['maxUnavailable is above 100%', { strategy: RolloutStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.percent(150) }) },
      `${P} strategy.maxUnavailable must be at most 100%, got "150%"; allowed: ${POA_100}. Fix: use a percentage from 0% to 100%.`],
  ],
  'durations (whole seconds)': [
    ['minReady has fractional seconds', { minReady: Duration.millis(1500) }, whole('minReady', '1.5s', 0)],
    ['progressDeadline has fractional seconds', { progressDeadline: Duration.millis(90500) }, whole('progressDeadline', '90.5s', 1)],
    ['progressDeadline is beyond int32 seconds', { progressDeadline: Duration.days(30000) },
      `${P} progressDeadline must be at most 2147483647 seconds (an int32 field), got "2592000000s"; allowed: 1 to 2147483647 seconds, in whole seconds. Fix: use a shorter duration, e.g. Duration.minutes(10).`],
    ['drainTimeout has fractional seconds', { drainTimeout: Duration.millis(500) }, whole('drainTimeout', '0.5s', 0)],
    ['terminationGracePeriod has fractional seconds', { terminationGracePeriod: Duration.millis(30500) }, whole('terminationGracePeriod', '30.5s', 1)],
    ['the exec preStop delay has fractional seconds', { preStop: PreStopHook.execSleep(Duration.millis(2500)) }, whole('preStop', '2.5s', 1)],
    ['the native preStop sleep has fractional seconds', { preStop: PreStopHook.sleep(Duration.millis(2500)) }, whole('preStop', '2.5s', 1)],
    ['a custom preStop duration has fractional seconds', { preStop: PreStopHook.custom({ exec: { command: ['/app/drain'] } }, Duration.millis(1500)) }, whole('preStop', '1.5s', 1)],
    ['readiness.initialDelay has fractional seconds', { readiness: HealthCheck.httpGet('/', { initialDelay: Duration.millis(1500) }) }, whole('readiness.initialDelay', '1.5s', 0)],
    ['startup.period has fractional seconds', { startup: HealthCheck.tcpSocket({ period: Duration.millis(2500) }) }, whole('startup.period', '2.5s', 1)],
    ['liveness.timeout has fractional seconds', { liveness: HealthCheck.tcpSocket({ timeout: Duration.millis(500) }) }, whole('liveness.timeout', '0.5s', 1)],
  ],
  'revisionHistoryLimit': [
    ['revisionHistoryLimit is negative', { revisionHistoryLimit: -1 },
      `${P} revisionHistoryLimit must be at least 0, got -1; allowed: an integer from 0 to 2147483647. Fix: use an integer from 0 to 2147483647.`],
  ],
  'ports': [
    ['containerPort is 0', { containerPort: 0 }, `${P} containerPort must be at least 1, got 0; allowed: ${PORT}`],
    ['containerPort is above 65535', { containerPort: 70000 }, `${P} containerPort must be at most 65535, got 70000; allowed: ${PORT}`],
    ['servicePort is 65536', { servicePort: 65536 }, `${P} servicePort must be at most 65535, got 65536; allowed: ${PORT}`],
    ['nodePort is outside 30000-32767', { serviceType: ServiceType.NODE_PORT, nodePort: 80 },
      `${P} nodePort must be at least 30000, got 80; allowed: an integer from 30000 to 32767 (the default Kubernetes --service-node-port-range). Fix: pick a port from 30000 to 32767, or leave nodePort unset so that Kubernetes assigns a free one.`],
    ['nodePort is set on a ClusterIP Service', { nodePort: 31000 },
      `${P} nodePort needs serviceType NodePort or LoadBalancer, got 31000; allowed: nodePort with ServiceType.NODE_PORT. Fix: set serviceType: ServiceType.NODE_PORT.`],
    ['serviceType is not a Service type', { serviceType: 'External' as ServiceType },
      `${P} serviceType is not a Service type, got "External"; allowed: ClusterIP, NodePort, LoadBalancer. Fix: use the ServiceType enum.`],
  ],
  'probes': [
    ['the probe path does not start with /', { readiness: HealthCheck.httpGet('healthz') },
      `${P} readiness.path must start with '/', got "healthz"; allowed: ${PATH}. Fix: use "/healthz".`],
    ['the probe path is a URL', { liveness: HealthCheck.httpGet('http://localhost/healthz') },
      `${P} liveness.path must be a path, not a URL, got "http://localhost/healthz"; allowed: ${PATH}. Fix: give only the path (e.g. "/healthz"): the kubelet connects to the pod itself.`],
    ['the probe path has a space', { startup: HealthCheck.httpGet('/health check'), progressDeadline: Duration.minutes(10) },
      `${P} startup.path must not contain whitespace or control characters, got "/health check"; allowed: ${PATH}. Fix: remove them, or percent-encode a space as '%20'.`],
    ['the probe port number is 0', { readiness: HealthCheck.httpGet('/', { port: 0 }) },
      `${P} readiness.port must be at least 1, got 0; allowed: ${PORT}`],
    ['the probe port name is uppercase', { liveness: HealthCheck.tcpSocket({ port: 'HTTP' }) },
      `${P} liveness.port must be lowercase, got "HTTP"; allowed: at most 15 characters: lowercase letters, digits and '-', with at least one letter, no '-' at either end and no '--' (IANA_SVC_NAME). Fix: use "http".`],
    ['failureThreshold is 0', { readiness: HealthCheck.httpGet('/', { failureThreshold: 0 }) },
      `${P} readiness.failureThreshold must be at least 1, got 0; allowed: ${INT_FROM_1}`],
    ['the readiness successThreshold is 0', { readiness: HealthCheck.httpGet('/', { successThreshold: 0 }) },
      `${P} readiness.successThreshold must be at least 1, got 0; allowed: ${INT_FROM_1}`],
    ['the liveness successThreshold is not 1', { liveness: HealthCheck.tcpSocket({ successThreshold: 2 }) },
      `${P} liveness.successThreshold must be 1 for a liveness probe, got 2; allowed: 1. Fix: remove successThreshold.`],
    ['the startup successThreshold is not 1', { startup: HealthCheck.httpGet('/', { successThreshold: 3 }), progressDeadline: Duration.minutes(10) },
      `${P} startup.successThreshold must be 1 for a startup probe, got 3; allowed: 1. Fix: remove successThreshold.`],
    ['an exec check has no command', { liveness: HealthCheck.exec([]) },
      `${P} liveness.command is empty, got []; allowed: a command and its arguments. Fix: e.g. HealthCheck.exec(['cat', '/tmp/ready']).`],
  ],
  'disruption budget': [
    ['the PDB maxUnavailable is negative', { disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(-1)) },
      `${P} disruptionBudget.maxUnavailable must not be negative, got -1; allowed: ${POA_100}. Fix: use 0 or more pods, or a percentage such as "25%".`],
    ['the PDB minAvailable is above 100%', { disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.percent(150)) },
      `${P} disruptionBudget.minAvailable must be at most 100%, got "150%"; allowed: ${POA_100}. Fix: use a percentage from 0% to 100%.`],
  ],
  'anti-affinity': [
    ['the anti-affinity weight is 0', { antiAffinity: PodAntiAffinity.preferred(0) },
      `${P} antiAffinity.weight must be at least 1, got 0; allowed: an integer from 1 to 100. Fix: use an integer from 1 to 100.`],
    ['the anti-affinity weight is above 100', { antiAffinity: PodAntiAffinity.preferred(101) },
      `${P} antiAffinity.weight must be at most 100, got 101; allowed: an integer from 1 to 100. Fix: use an integer from 1 to 100.`],
    ['hard anti-affinity declares no node', { antiAffinity: PodAntiAffinity.required(0) },
      `${P} antiAffinity.schedulableNodes must be at least 1, got 0; allowed: ${INT_FROM_1}`],
  ],
  'ingress': [
    ['the ingress host has uppercase letters', { ingress: { host: 'WWW.example.com' } },
      `${P} ingress.host must be lowercase, got "WWW.example.com"; allowed: ${HOST}. Fix: use "www.example.com".`],
    ['the ingress host is an IP address (the API server refuses it)', { ingress: { host: '192.168.0.10' } },
      `${P} ingress.host is an IP address, got "192.168.0.10"; allowed: ${HOST}. Fix: use a DNS name, or leave the host out.`],
    ['the ingress wildcard host is 255 characters long (253 allowed in all)', { ingress: { host: `*.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}` } },
      `${P} ingress.host is 255 characters long, more than 253, got "*.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}"; allowed: ${HOST}. Fix: use a shorter host name, or a wildcard such as "*.example.com".`],
    ['the ingress host is empty', { ingress: { host: '' } },
      `${P} ingress.host must not be empty, got ""; allowed: ${HOST}. Fix: use a name such as "my-site" or "www.example.com".`],
    ['the ingress path does not start with /', { ingress: { host: 'www.example.com', path: 'shop' } },
      `${P} ingress.path must start with '/', got "shop"; allowed: ${PATH}. Fix: use "/shop".`],
    ['the TLS secret name is not a DNS subdomain', { ingress: { host: 'www.example.com', tlsSecretName: 'My_Tls' } },
      `${P} ingress.tlsSecretName must be lowercase, got "My_Tls"; allowed: ${SUBDOMAIN}. Fix: use "my-tls".`],
    ['the ingress class name is not a DNS subdomain', { ingress: { host: 'www.example.com', className: 'Nginx' } },
      `${P} ingress.className must be lowercase, got "Nginx"; allowed: ${SUBDOMAIN}. Fix: use "nginx".`],
  ],
  'resources': [
    ['a memory request is 0', { resources: { memoryRequest: Size.mebibytes(0) } },
      `${P} resources.memoryRequest must be a positive size in whole KiB, got "0Mi"; ${SIZE}`],
    ['a memory request is a fraction of a KiB', { resources: { memoryRequest: Size.kibibytes(0.5) } },
      `${P} resources.memoryRequest must be a positive size in whole KiB, got "0.00048828125Mi"; ${SIZE}`],
    ['the memory request is above the limit', { resources: { memoryRequest: Size.mebibytes(256) } },
      `${P} resources.memoryRequest is above resources.memoryLimit, got "256Mi"; allowed: at most 128Mi. Fix: lower resources.memoryRequest or raise resources.memoryLimit.`],
    ['the ephemeral storage request is above the limit', { resources: { ephemeralStorageRequest: Size.gibibytes(1) } },
      `${P} resources.ephemeralStorageRequest is above resources.ephemeralStorageLimit, got "1024Mi"; allowed: at most 256Mi. Fix: lower resources.ephemeralStorageRequest or raise resources.ephemeralStorageLimit.`],
    ['a CPU quantity is negative', { resources: { cpuRequest: Cpu.millis(-5) } },
      `${P} resources.cpuRequest must not be negative, got "-5m"; allowed: a non-negative decimal number with an optional suffix: n, u, m, k, M, G, T, P, E (powers of 1000), Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024) or an exponent like e3. Fix: use "5m" or another non-negative quantity.`],
    ['a CPU quantity is not a number', { resources: { cpuLimit: Cpu.units(NaN) } },
      `${P} resources.cpuLimit must be a Kubernetes quantity, got "NaN"; allowed: a non-negative decimal number with an optional suffix: n, u, m, k, M, G, T, P, E (powers of 1000), Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024) or an exponent like e3. Fix: use a quantity such as "250m".`],
  ],
  'identity': [
    ['runAsUser is root', { runAsUser: 0 }, `${P} runAsUser must be at least 1, got 0; allowed: ${INT_FROM_1}`],
    ['runAsGroup is fractional', { runAsGroup: 1.5 }, `${P} runAsGroup must be an integer, got 1.5; allowed: ${INT_FROM_1}`],
  ],
  'writable paths and config': [
    ['a writable path is relative', { writablePaths: ['tmp'] },
      `${P} writablePaths[0] must start with '/', got "tmp"; allowed: ${PATH}. Fix: use "/tmp".`],
    ['a writable path is listed twice', { writablePaths: ['/tmp', '/var/run', '/tmp'] },
      `${P} writablePaths[2] is listed twice, got "/tmp"; allowed: each path once. Fix: remove the duplicate.`],
    ['a config file key has a slash', { config: { files: { 'conf.d/site.conf': 'x' } } },
      `${P} config.files["conf.d/site.conf"] is not a valid ConfigMap key, got "conf.d/site.conf"; allowed: letters, digits, "-", "_" and "." (no "/"; not ".", ".." or starting with ".."). Fix: rename the file.`],
    ['a config variable name starts with a digit', { config: { env: { '1X': 'x' } } },
      `${P} config.env["1X"] is not a valid environment variable name, got "1X"; ${ENV_NAME}`],
    ['a config variable has the key of a config file', { config: { files: { TITLE: 'x' }, env: { TITLE: 'y' } } },
      `${P} config.env["TITLE"] has the same key as a config file, got "TITLE"; allowed: distinct file and variable names. Fix: rename the file or the variable.`],
    ['the config mountPath is relative', { config: { files: { 'a.conf': 'x' }, mountPath: 'etc/site' } },
      `${P} config.mountPath must start with '/', got "etc/site"; allowed: ${PATH}. Fix: use "/etc/site".`],
    ['the config mountPath is a writable path', { config: { files: { 'a.conf': 'x' }, mountPath: '/tmp' } },
      `${P} config.mountPath is also a writable path, got "/tmp"; allowed: a directory not in writablePaths. Fix: choose another mountPath.`],
  ],
  'env': [
    ['an env name has a dash', { env: { 'MY-VAR': 'x' } },
      `${P} env["MY-VAR"] is not a valid environment variable name, got "MY-VAR"; ${ENV_NAME}`],
    ['an env value is not a string (JavaScript callers)', { env: { PORT: 8080 as unknown as string } },
      `${P} env["PORT"] must be a string, got 8080; allowed: a string. Fix: quote the value, e.g. "8080".`],
  ],
  'restart token': [
    ['the restart token is blank', { restartToken: '  ' },
      `${P} restartToken must be a non-empty string of at most 256 characters, got "  "; allowed: e.g. "2026-11-23" or a build id. Fix: commit a new value each time the pods should restart, e.g. the date.`],
    ['the restart token is longer than 256 characters', { restartToken: 'x'.repeat(257) },
      `${P} restartToken must be a non-empty string of at most 256 characters, got "${'x'.repeat(257)}"; allowed: e.g. "2026-11-23" or a build id. Fix: commit a new value each time the pods should restart, e.g. the date.`],
  ],
  'metadata': [
    ['priorityClassName is not a DNS subdomain', { priorityClassName: 'High_Prio' },
      `${P} priorityClassName must be lowercase, got "High_Prio"; allowed: ${SUBDOMAIN}. Fix: use "high-prio".`],
    ['partOf is not a label value', { partOf: 'my app' },
      `${P} partOf may only contain letters, digits, '-', '_' and '.', got "my app"; allowed: ${LABEL_VALUE}. Fix: use "my-app".`],
    ['version starts with a dash', { version: '-v1' },
      `${P} version must start and end with a letter or digit, got "-v1"; allowed: ${LABEL_VALUE}. Fix: use "v1".`],
    ['version is longer than 63 characters', { version: 'v'.repeat(64) },
      `${P} version is 64 characters long, more than 63, got "${'v'.repeat(64)}"; allowed: ${LABEL_VALUE}. Fix: use "${'v'.repeat(63)}".`],
  ],
  'labels': [
    ['a label key has a space', { labels: { 'bad key': 'x' } },
      `${P} labels["bad key"] has a name that may only contain letters, digits, '-', '_' and '.', starting and ending with a letter or digit, got "bad key"; ` +
      `allowed: an optional prefix (a lowercase DNS subdomain of at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. "app.kubernetes.io/name"). Fix: use "bad-key".`],
    ['a label value has a space', { labels: { team: 'web team' } },
      `${P} labels["team"] may only contain letters, digits, '-', '_' and '.', got "web team"; allowed: ${LABEL_VALUE}. Fix: use "web-team".`],
    ['a label uses the reserved prefix app.kubernetes.io/', { labels: { 'app.kubernetes.io/name': 'other' } },
      `${P} labels["app.kubernetes.io/name"] uses a reserved label prefix, got "app.kubernetes.io/name"; ${RESERVED}`],
    ['a label uses the reserved prefix applyset.kubernetes.io/', { labels: { 'applyset.kubernetes.io/id': 'x' } },
      `${P} labels["applyset.kubernetes.io/id"] uses a reserved label prefix, got "applyset.kubernetes.io/id"; ${RESERVED}`],
  ],
  'exemptions': [
    ['an exemption names an unknown rule', { exemptions: [{ rule: 'no-such-rule' as GuardrailRule, reason: 'x' }] },
      `${P} exemptions[0].rule is not a zero-downtime rule, got "no-such-rule"; allowed: ${Object.values(GuardrailRule).join(', ')}. Fix: use the GuardrailRule enum.`],
    ['a rule is exempted twice', { exemptions: [{ rule: GuardrailRule.RECREATE_STRATEGY, reason: 'a' }, { rule: GuardrailRule.RECREATE_STRATEGY, reason: 'b' }] },
      `${P} exemptions[1].rule is exempted twice, got "recreate-strategy"; allowed: each rule once. Fix: remove the duplicate.`],
    ['an exemption has no reason', { exemptions: [{ rule: GuardrailRule.RECREATE_STRATEGY, reason: ' ' }] },
      `${P} exemptions[0].reason is required, got " "; allowed: a sentence saying why the risk is acceptable. Fix: explain the exemption; reviewers read it in the rendered annotation.`],
  ],
  'image': [
    ['the image repository has uppercase letters', { image: ContainerImage.fromRegistry('Repo/Site:1') },
      `${P} image must be lowercase in the repository, got "Repo/Site:1"; allowed: a lowercase repository: path components of a-z and 0-9, separated inside by '.', '_', '__' or '-', joined by '/'. Fix: use "repo/site:1".`],
    ['the image is empty', { image: ContainerImage.fromRegistry('') },
      `${P} image must not be empty, got ""; allowed: [registry[:port]/]repository[:tag][@digest], e.g. "nginx:1.27", "ghcr.io/org/site:1.2.3" or "nginx@sha256:<64 hex>". Fix: name an image, e.g. "nginx:1.27" or "ghcr.io/org/site:1.2.3".`],
    ['the image tag starts with a dash', { image: ContainerImage.fromRegistry('repo/site:-x') },
      `${P} image has a tag that must not start with '.' or '-', got "repo/site:-x"; allowed: a tag of 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'. Fix: start the tag with a letter, digit or '_'.`],
  ],
};

describe.each(Object.entries(CASES))('%s', (_group, cases) => {
  test.each(cases)('fails if %s', (_title, props, line) => {
    expect(problems(props)).toEqual([line]);
  });
});

describe('name from the construct id', () => {
  test('fails if the construct id is not a valid name and no name is given, naming `id`', () => {
    expect(problems({}, 'Website')).toEqual([
      `[test/Website] id must be lowercase, got "Website"; allowed: ${DNS1035}. Fix: pass \`name\` explicitly, or use the construct id "website".`,
    ]);
  });

  test('an explicit name makes any construct id fine', () => {
    expect(synth({ name: 'website' }, 'My_Website').find((o) => o.kind === 'Deployment').metadata.name).toBe('website');
  });

  test('a 63-character name is fine', () => {
    expect(validateManifests(synth({ name: 'a'.repeat(63) }))).toEqual([]);
  });
});

describe('duplicate site names', () => {
  test('fails if two sites in one chart have the same name, naming the other site', () => {
    const chart = freshChart();
    new ZeroDowntimeWebsite(chart, 'a', { image: ContainerImage.fromRegistry('repo/site:1'), name: 'shop' });
    new ZeroDowntimeWebsite(chart, 'b', { image: ContainerImage.fromRegistry('repo/site:1'), name: 'shop' });
    expect(problemLines(() => Testing.synth(chart))).toEqual([
      '[test/b] name is already used by the website at test/a in namespace default, got "shop"; allowed: a site name unique per namespace. Fix: give one of the sites another id or name.',
    ]);
  });

  test('fails if two charts of one app put the same name in the same namespace', () => {
    const app = Testing.app();
    new ZeroDowntimeWebsite(new Chart(app, 'one', { namespace: 'web' }), 'shop', { image: ContainerImage.fromRegistry('repo/site:1') });
    new ZeroDowntimeWebsite(new Chart(app, 'two', { namespace: 'web' }), 'shop', { image: ContainerImage.fromRegistry('repo/site:1') });
    expect(problemLines(() => app.synthYaml())).toEqual([
      '[two/shop] name is already used by the website at one/shop in namespace web, got "shop"; allowed: a site name unique per namespace. Fix: give one of the sites another id or name.',
    ]);
  });

  test('the same name in two charts with different namespaces is fine', () => {
    const app = Testing.app();
    const one = new Chart(app, 'one', { namespace: 'staging' });
    const two = new Chart(app, 'two', { namespace: 'production' });
    new ZeroDowntimeWebsite(one, 'shop', { image: ContainerImage.fromRegistry('repo/site:1') });
    new ZeroDowntimeWebsite(two, 'shop', { image: ContainerImage.fromRegistry('repo/site:1') });
    expect(Testing.synth(one).map((o: any) => `${o.metadata.namespace}/${o.metadata.name}`)).toContain('staging/shop');
    expect(Testing.synth(two).map((o: any) => `${o.metadata.namespace}/${o.metadata.name}`)).toContain('production/shop');
  });

  test('two apps never see each other\'s sites', () => {
    // Each synth builds its own app: the second 'shop' is no duplicate of the first (synth would throw).
    expect(synth({ name: 'shop' }).map((o) => o.metadata.name)).toContain('shop');
    expect(synth({ name: 'shop' }).map((o) => o.metadata.name)).toContain('shop');
  });
});

describe('restart schedule', () => {
  const CRON_ALLOWED =
    'allowed: 5 fields "minute hour day-of-month month day-of-week" (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT; ' +
    'each field "*", a value, a range "a-b", a step "*/n" or "a-b/n", or a comma-separated list of those) or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly.';
  const ZONE_ALLOWED = 'allowed: an IANA time zone name such as "Europe/Berlin" or "America/New_York", or "UTC" or "Etc/..." (exact case; from the tz database).';

  /**
   * The problem line a bad schedule gives: `RestartSchedule.cron()` never throws, the website reports
   * its problems at synth time with its path, under `restartSchedule.`. Returned without that prefix.
   */
  function cronError(schedule: string, timeZone?: string): string {
    const lines = problems({ restartSchedule: RestartSchedule.cron(schedule, { timeZone }) });
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`${P} restartSchedule.`)).toBe(true);
    return lines[0].slice(`${P} restartSchedule.`.length);
  }

  test('fails if the schedule has 4 fields', () => {
    expect(cronError('0 3 * *')).toBe(`schedule has 4 fields, not 5, got "0 3 * *"; ${CRON_ALLOWED} Fix: write exactly 5 fields separated by spaces, e.g. "0 3 * * *" (03:00 every day).`);
  });

  test('fails if a minute is out of range', () => {
    expect(cronError('61 * * * *')).toBe(`schedule has minute 61 out of range 0-59, got "61 * * * *"; ${CRON_ALLOWED} Fix: use a minute from 0 to 59, "*", a range "a-b", a step "*/n" or a list "a,b".`);
  });

  test('fails if the schedule has a seconds field', () => {
    expect(cronError('0 0 3 * * *')).toBe(`schedule has 6 fields, not 5, got "0 0 3 * * *"; ${CRON_ALLOWED} Fix: remove the seconds field: Kubernetes schedules have 5 fields and run at most once a minute.`);
  });

  test('fails if the time zone is an abbreviation', () => {
    expect(cronError('0 3 * * *', 'CEST')).toBe(
      `timeZone must be a zone name, not an abbreviation, got "CEST"; ${ZONE_ALLOWED} Fix: use the region whose clock you mean, e.g. "Europe/Berlin" instead of "CEST", "America/New_York" instead of "EST", "UTC" instead of "GMT".`,
    );
  });

  test('fails if the time zone has the wrong case', () => {
    expect(cronError('0 3 * * *', 'europe/berlin')).toBe(`timeZone has the wrong case, got "europe/berlin"; ${ZONE_ALLOWED} Fix: use "Europe/Berlin".`);
  });

  test('reports schedule and time zone together', () => {
    const lines = problems({ restartSchedule: RestartSchedule.cron('0 3 * *', { timeZone: 'CEST' }) });
    expect(lines.map((l) => l.split(',')[0])).toEqual([
      `${P} restartSchedule.schedule has 4 fields`,
      `${P} restartSchedule.timeZone must be a zone name`,
    ]);
  });

  test('a valid schedule with a zone renders the CronJob', () => {
    const cron = synth({ restartSchedule: RestartSchedule.cron('0 3 * * *', { timeZone: 'Europe/Berlin' }) }).find((o) => o.kind === 'CronJob');
    expect(cron.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Europe/Berlin' });
  });
});

describe('all problems of a synth are reported together', () => {
  test('fails with one line per bad prop, each naming the path, prop, value, allowed values and fix', () => {
    const lines = problems({
      name: 'Web',
      image: ContainerImage.fromRegistry('Repo/Site:1'),
      replicas: 0,
      containerPort: 0,
      minReady: Duration.millis(1500),
      readiness: HealthCheck.httpGet('healthz'),
      antiAffinity: PodAntiAffinity.preferred(101),
      ingress: { host: 'WWW.example.com' },
      runAsUser: 0,
      writablePaths: ['tmp'],
      restartToken: '',
      labels: { 'app.kubernetes.io/name': 'x' },
      exemptions: [{ rule: 'nope' as GuardrailRule, reason: '' }],
    });
    expect(lines.map((l) => l.slice(0, l.indexOf(', got ')))).toEqual([
      `${P} name must be lowercase`,
      `${P} replicas must be at least 1`,
      `${P} minReady must be a whole number of seconds`,
      `${P} containerPort must be at least 1`,
      `${P} readiness.path must start with '/'`,
      `${P} antiAffinity.weight must be at most 100`,
      `${P} ingress.host must be lowercase`,
      `${P} runAsUser must be at least 1`,
      `${P} writablePaths[0] must start with '/'`,
      `${P} restartToken must be a non-empty string of at most 256 characters`,
      `${P} labels["app.kubernetes.io/name"] uses a reserved label prefix`,
      `${P} exemptions[0].rule is not a zero-downtime rule`,
      `${P} exemptions[0].reason is required`,
      `${P} image must be lowercase in the repository`,
    ]);
    expect(lines).toHaveLength(14);
    for (const line of lines) expect(line).toMatch(/^\[test\/website\] \S+ .*, got .*; allowed: .+\. Fix: .+\.$/);
  });

  test('problems of several sites are reported together, each with its own path', () => {
    const app: App = Testing.app();
    const chart = new Chart(app, 'site');
    new ZeroDowntimeWebsite(chart, 'shop', { image: ContainerImage.fromRegistry('repo/site:1'), replicas: 0 });
    new ZeroDowntimeWebsite(chart, 'blog', { image: ContainerImage.fromRegistry('repo/site:1'), containerPort: 0 });
    expect(problemLines(() => app.synthYaml())).toEqual([
      `[site/shop] replicas must be at least 1, got 0; allowed: ${REPLICAS_ALLOWED}`,
      `[site/blog] containerPort must be at least 1, got 0; allowed: ${PORT}`,
    ]);
  });
});

describe('image pull secrets', () => {
  test('fails if a secret name is not a DNS subdomain', () => {
    const out = problems({ imagePullSecrets: ['Registry Creds'] });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\[test\/website\] imagePullSecrets\[0\] .*got "Registry Creds"; allowed: at most 253 characters/);
  });

  test('fails if a secret is named twice, naming both places', () => {
    expect(problems({ imagePullSecrets: ['registry-creds', 'mirror-creds', 'registry-creds', 'registry-creds'] })).toEqual([
      '[test/website] imagePullSecrets[2] repeats imagePullSecrets[0], got "registry-creds"; allowed: each Secret once (the list is keyed by name; server-side apply refuses duplicate keys). Fix: remove imagePullSecrets[2].',
      '[test/website] imagePullSecrets[3] repeats imagePullSecrets[0], got "registry-creds"; allowed: each Secret once (the list is keyed by name; server-side apply refuses duplicate keys). Fix: remove imagePullSecrets[3].',
    ]);
  });
});

describe('inputs found by fuzzing', () => {
  const lines = (props: Partial<ZeroDowntimeWebsiteProps>) => problems(props);

  test('fails if replicas is NaN, and shows NaN', () => {
    expect(lines({ replicas: NaN })).toContainEqual(expect.stringContaining(`${P} replicas `));
    expect(lines({ replicas: NaN }).join('\n')).toContain('got NaN');
  });

  test('fails if a duration is whole but below its minimum', () => {
    expect(lines({ progressDeadline: Duration.seconds(0) })).toEqual([
      `${P} progressDeadline must be at least 1s, got "0s"; allowed: 1 second or more, in whole seconds. Fix: use Duration.seconds(N) with a whole N >= 1.`,
    ]);
  });

  test('fails if maxUnavailable as a percentage drops pods once the autoscaler scales up', () => {
    const out = lines({
      autoscaling: { minReplicas: 3, maxReplicas: 10 },
      strategy: RolloutStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.percent(25) }),
    });
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('maxUnavailable breaks zero-downtime rule rolling-update-max-unavailable');
    expect(out[0]).toContain('allowed: a value that resolves to 0 of 10 replicas');
  });

  test('writable paths that differ only by a trailing slash are duplicates; similar names get distinct volumes', () => {
    expect(lines({ writablePaths: ['/tmp', '/tmp/'] })).toEqual([
      `${P} writablePaths[1] is listed twice, got "/tmp/"; allowed: each path once. Fix: remove the duplicate.`,
    ]);
    const chart = freshChart();
    new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3'), writablePaths: ['/var/run', '/var-run'] });
    const d = Testing.synth(chart).find((o: any) => o.kind === 'Deployment');
    expect(d.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['writable-var-run', 'writable-var-run-1']);
  });

  test.each(['.', '..', '..data'])('fails if a config file is named %j', (key) => {
    expect(lines({ config: { files: { [key]: 'x' } } })).toEqual([
      `${P} config.files[${JSON.stringify(key)}] is not a valid ConfigMap key, got ${JSON.stringify(key)}; allowed: letters, digits, "-", "_" and "." (no "/"; not ".", ".." or starting with ".."). Fix: rename the file.`,
    ]);
  });

  test('fails if a map key is constructor or __proto__, and names keys with line breaks on one line', () => {
    const env = JSON.parse('{"__proto__": "x"}');
    expect(lines({ labels: { constructor: 'x' } as any, env })).toEqual(expect.arrayContaining([
      `${P} labels["constructor"] is a reserved key, got "constructor"; allowed: any key but __proto__, constructor, prototype. Fix: rename the key.`,
      `${P} env["__proto__"] is a reserved key, got "__proto__"; allowed: any key but __proto__, constructor, prototype. Fix: rename the key.`,
    ]));
    expect(lines({ env: { 'A\nB': '1' } })[0]).toMatch(/^\[test\/website\] env\["A\\nB"\] is not a valid environment variable name/);
  });

  test('fails if an ingress annotation key or value is invalid', () => {
    const out = lines({ ingress: { host: 'www.example.com', annotations: { 'bad key': 'x', 'ok/key': 1 as any } } });
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\[test\/website\] ingress\.annotations\["bad key"\] /);
    expect(out[1]).toBe(`${P} ingress.annotations["ok/key"] must be a string, got 1; allowed: a string. Fix: quote the value, e.g. "1".`);
  });

  test('fails if a NetworkPolicy peer or egress port is invalid', () => {
    const out = lines({
      networkPolicy: { allowFrom: [NetworkPeer.ipBlock('10.0.0.0/33'), NetworkPeer.namespaceNamed('Bad_NS')], egress: NetworkEgress.to([], [70000]) },
    });
    expect(out).toEqual([
      `${P} networkPolicy.allowFrom[0].cidr is not a CIDR, got "10.0.0.0/33"; allowed: an IPv4 or IPv6 address and prefix length, e.g. "10.0.0.0/16". Fix: write the range as address/prefix.`,
      expect.stringMatching(/^\[test\/website\] networkPolicy\.allowFrom\[1\]\.namespace /),
      expect.stringMatching(/^\[test\/website\] networkPolicy\.egress\.ports\[0\] /),
    ]);
  });

  test('fails on pod counts and sizes too large to render', () => {
    const out = lines({
      strategy: RolloutStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.absolute(2 ** 31) }),
      resources: { memoryLimit: Size.tebibytes(1e15) },
    });
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/maxSurge must fit in a 32-bit integer/);
    expect(out[1]).toMatch(/resources\.memoryLimit must be a positive size in whole KiB/);
  });

  test('a LoadBalancer keeps its fixed nodePort', () => {
    const chart = freshChart();
    new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3'), serviceType: ServiceType.LOAD_BALANCER, nodePort: 31000 });
    const svc = Testing.synth(chart).find((o: any) => o.kind === 'Service');
    expect(svc.spec.ports[0].nodePort).toBe(31000);
  });

  test('a name too long for the restart CronJob is reported once, under name', () => {
    expect(lines({ name: 'a'.repeat(45), restartSchedule: RestartSchedule.cron('0 3 * * *') })).toEqual([
      `${P} name is too long for a scheduled restart (the CronJob \`<name>-restart\` must leave 11 characters for its Jobs), got "${'a'.repeat(45)}"; allowed: at most 44 characters with restartSchedule. Fix: shorten the name.`,
    ]);
    expect(lines({ runAsUser: 0, restartSchedule: RestartSchedule.cron('0 3 * * *') })).toHaveLength(1);
  });
});

describe('option classes check their own values where they are built', () => {
  // Each factory returns, never throws; the problems travel with the value and the site reports them,
  // under its prop name, at synth (the message lines are tested above).
  test.each<[string, () => { readonly _problems: Array<{ property: string }> }, string[]]>([
    ['ContainerImage', () => ContainerImage.fromRegistry('Repo/Site:-x'), ['', '']],
    ['RolloutStrategy', () => RolloutStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.absolute(-1), maxUnavailable: PercentOrAbsolute.percent(150) }), ['maxSurge', 'maxUnavailable']],
    ['HealthCheck', () => HealthCheck.httpGet('healthz', { period: Duration.millis(1500), port: 70000 }), ['period', 'path', 'port']],
    ['PreStopHook', () => PreStopHook.execSleep(Duration.millis(500)), ['']],
    ['DisruptionBudget', () => DisruptionBudget.minAvailable(PercentOrAbsolute.percent(101)), ['minAvailable']],
    ['PodAntiAffinity', () => PodAntiAffinity.preferred(0), ['weight']],
    ['NetworkPeer', () => NetworkPeer.namespaceNamed('Bad_NS'), ['namespace']],
    ['NetworkEgress', () => NetworkEgress.to([NetworkPeer.ipBlock('10.0.0.0/33')], [0]), ['to[0].cidr', 'ports[0]']],
    ['RestartSchedule', () => RestartSchedule.daily({ hour: 24, timeZone: 'CEST' }), ['hour', 'timeZone']],
  ])('%s', (_name, build, properties) => {
    let option: { readonly _problems: Array<{ property: string }> } | undefined;
    expect(() => (option = build())).not.toThrow();
    expect(option!._problems.map((x) => x.property)).toEqual(properties);
  });

  test('a JavaScript caller passing the image as a string is told to use ContainerImage', () => {
    expect(problems({ image: 'repo/site:1.2.3' as unknown as ContainerImage })).toEqual([
      `${P} image must be a ContainerImage, got "repo/site:1.2.3"; allowed: ContainerImage.fromRegistry(), ContainerImage.fromDigest() or ContainerImage.fromEnvironment(). Fix: use ContainerImage.fromRegistry("repo/site:1.2.3").`,
    ]);
  });

  test('a default is the same for the checks and the rendering (autoscaling.minReplicas, config.mountPath)', () => {
    expect(problems({ autoscaling: { maxReplicas: 2 } })).toEqual([
      `${P} autoscaling.maxReplicas is below minReplicas, got 2; allowed: at least minReplicas (3). Fix: raise maxReplicas or lower minReplicas.`,
    ]);
    expect(synth({ autoscaling: { maxReplicas: 4 } }).find((o) => o.kind === 'HorizontalPodAutoscaler').spec.minReplicas).toBe(3);
    expect(problems({ writablePaths: ['/etc/website'], config: { files: { 'a.conf': 'x' } } })).toEqual([
      `${P} config.mountPath is also a writable path, got "/etc/website"; allowed: a directory not in writablePaths. Fix: choose another mountPath.`,
    ]);
  });
});
