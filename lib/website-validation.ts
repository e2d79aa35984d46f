import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { ProblemList, Problem } from './errors';
import { checkHttpRouteOptions, ServiceType } from './exposure';
import { GuardrailRule } from './engine/rule-ids';
import { KubernetesVersion } from './kubernetes-version';
import { seconds } from './internal/duration';
import { HealthCheck, HealthCheckKind, ProbeRole } from './probes';
import { PreStopKind } from './shutdown';
import { AntiAffinityMode } from './spreading';
import {
  checkAnnotationKey,
  checkDnsSubdomain,
  checkHttpPath,
  checkIntegerRange,
  checkLabelKey,
  checkLabelValue,
  checkNodePort,
  checkPercentOrAbsolute,
  checkPort,
  checkPortName,
  checkQuantity,
} from './validation';
import { ZeroDowntimeWebsiteProps } from './website-props';

const MAX_INT32 = 2147483647;
const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const RESERVED_LABEL_PREFIXES = ['app.kubernetes.io/', 'applyset.kubernetes.io/'];

/**
 * Checks every property of a `ZeroDowntimeWebsite` and records each problem (it never throws, so that a
 * synth reports all problems at once). `contextVersion` is the target set with
 * `KubernetesVersion.setDefault` for the site's scope, if any. Rules about *behaviour* (zero-downtime
 * guardrails) live in `guardrails/rules.ts`; this file only checks that each value is well-formed.
 */
export function checkWebsiteProps(problems: ProblemList, p: ZeroDowntimeWebsiteProps, name: string, id: string, contextVersion?: unknown): void {
  const add = (x: Problem | undefined) => x && problems.add(x);

  if (p === undefined || p === null || typeof p !== 'object') {
    problems.add({ property: 'props', problem: 'are required', value: p, allowed: 'an object with at least `image`', fix: "pass { image: 'repo/site:1.2.3' }" });
    return;
  }

  // name: the Service name must be a DNS-1035 label.
  if (typeof name !== 'string' || name.length > 63 || !SERVICE_NAME.test(name)) {
    problems.add({
      property: p.name !== undefined ? 'name' : 'id',
      problem: 'is not a valid object name',
      value: p.name ?? id,
      allowed: 'a DNS-1035 label: at most 63 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit',
      fix: p.name !== undefined ? 'choose a name such as "website"' : 'pass `name` explicitly, or use a construct id such as "website"',
    });
  }

  // replicas and autoscaling
  if (p.replicas !== undefined) add(checkIntegerRange(p.replicas, 'replicas', 1, MAX_INT32));
  if (p.replicas !== undefined && p.autoscaling !== undefined) {
    problems.add({
      property: 'replicas',
      problem: 'conflicts with autoscaling (the autoscaler owns the replica count)',
      value: p.replicas,
      allowed: 'replicas or autoscaling, not both',
      fix: 'remove replicas and set autoscaling.minReplicas instead',
    });
  }
  if (p.autoscaling) {
    const a = p.autoscaling;
    const min = a.minReplicas ?? 3;
    const max = a.maxReplicas ?? 10;
    add(checkIntegerRange(min, 'autoscaling.minReplicas', 1, MAX_INT32));
    add(checkIntegerRange(max, 'autoscaling.maxReplicas', 1, MAX_INT32));
    if (Number.isInteger(min) && Number.isInteger(max) && max < min) {
      problems.add({ property: 'autoscaling.maxReplicas', problem: 'is below minReplicas', value: max, allowed: `at least minReplicas (${min})`, fix: 'raise maxReplicas or lower minReplicas' });
    }
    if (a.cpuUtilization !== undefined) add(checkIntegerRange(a.cpuUtilization, 'autoscaling.cpuUtilization', 1, 1000));
  }

  // strategy
  const s = p.strategy;
  if (s && s.type === 'RollingUpdate') {
    add(checkPercentOrAbsolute(s.maxSurge, 'maxSurge'));
    add(checkPercentOrAbsolute(s.maxUnavailable, 'maxUnavailable', 100));
    if (isZero(s.maxSurge) && isZero(s.maxUnavailable)) {
      problems.add({
        property: 'maxSurge',
        problem: 'and maxUnavailable are both zero, so the rollout can never replace a pod',
        value: s.maxSurge,
        allowed: 'maxSurge of 1 or more when maxUnavailable is 0',
        fix: 'set maxSurge: PercentOrAbsolute.absolute(1)',
      });
    }
  }

  // durations
  checkDuration(problems, p.minReady, 'minReady', 0);
  checkDuration(problems, p.progressDeadline, 'progressDeadline', 1);
  checkDuration(problems, p.drainTimeout, 'drainTimeout', 0);
  checkDuration(problems, p.deregistrationDelay, 'deregistrationDelay', 0);
  checkDuration(problems, p.terminationGracePeriod, 'terminationGracePeriod', 1);
  if (p.preStop) checkDuration(problems, p.preStop.delay, 'preStop', p.preStop.kind === PreStopKind.NONE ? 0 : 1);
  if (p.revisionHistoryLimit !== undefined) add(checkIntegerRange(p.revisionHistoryLimit, 'revisionHistoryLimit', 0, MAX_INT32));

  // Kubernetes version: a known one; the native preStop sleep only on a declared target that has it.
  const known = KubernetesVersion.ALL.map((v) => v.name).join(', ');
  const isKnown = (v: unknown): v is KubernetesVersion => v instanceof KubernetesVersion && KubernetesVersion.ALL.includes(v);
  if (p.kubernetesVersion !== undefined && !isKnown(p.kubernetesVersion)) {
    problems.add({ property: 'kubernetesVersion', problem: 'is not a Kubernetes version this library renders for', value: p.kubernetesVersion, allowed: known, fix: 'use a KubernetesVersion constant, e.g. KubernetesVersion.V1_33' });
  } else if (p.kubernetesVersion === undefined && contextVersion !== undefined && !isKnown(contextVersion)) {
    problems.add({ property: 'kubernetesVersion', problem: 'set with KubernetesVersion.setDefault() is not a Kubernetes version this library renders for', value: contextVersion, allowed: known, fix: 'pass a KubernetesVersion constant to KubernetesVersion.setDefault(), e.g. KubernetesVersion.V1_33' });
  }
  const target = p.kubernetesVersion ?? contextVersion;
  if (p.preStop?.kind === PreStopKind.NATIVE_SLEEP && isKnown(target) && !target.isAtLeast(KubernetesVersion.NATIVE_SLEEP)) {
    // Without a declared target the native sleep is accepted as before: choosing it says the cluster has it.
    problems.add({
      property: 'preStop',
      problem: `is the native sleep action, which a Kubernetes ${target.name} API server rejects (it needs ${KubernetesVersion.NATIVE_SLEEP.name} or newer)`,
      value: 'PreStopHook.sleep()',
      allowed: `PreStopHook.execSleep() or PreStopHook.custom() below Kubernetes ${KubernetesVersion.NATIVE_SLEEP.name}`,
      fix: `use PreStopHook.execSleep(), or set kubernetesVersion to the clusters' real version if it is ${KubernetesVersion.NATIVE_SLEEP.name} or newer`,
    });
  }

  // ports
  if (p.containerPort !== undefined) add(checkPort(p.containerPort, 'containerPort'));
  if (p.servicePort !== undefined) add(checkPort(p.servicePort, 'servicePort'));
  if (p.nodePort !== undefined) {
    add(checkNodePort(p.nodePort, 'nodePort'));
    if ((p.serviceType ?? ServiceType.CLUSTER_IP) === ServiceType.CLUSTER_IP) {
      problems.add({ property: 'nodePort', problem: 'needs serviceType NodePort or LoadBalancer', value: p.nodePort, allowed: 'nodePort with ServiceType.NODE_PORT', fix: 'set serviceType: ServiceType.NODE_PORT' });
    }
  }
  if (p.serviceType !== undefined && !Object.values(ServiceType).includes(p.serviceType)) {
    problems.add({ property: 'serviceType', problem: 'is not a Service type', value: p.serviceType, allowed: Object.values(ServiceType).join(', '), fix: 'use the ServiceType enum' });
  }

  // probes
  checkProbe(problems, p.readiness, 'readiness', 'readiness');
  checkProbe(problems, p.liveness, 'liveness', 'liveness');
  checkProbe(problems, p.startup, 'startup', 'startup');

  // disruption budget
  const b = p.disruptionBudget?.budget;
  if (b?.maxUnavailable !== undefined) add(checkPercentOrAbsolute(b.maxUnavailable, 'disruptionBudget.maxUnavailable', 100));
  if (b?.minAvailable !== undefined) add(checkPercentOrAbsolute(b.minAvailable, 'disruptionBudget.minAvailable', 100));

  // anti-affinity
  const aa = p.antiAffinity;
  if (aa?.mode === AntiAffinityMode.PREFERRED) add(checkIntegerRange(aa.weight, 'antiAffinity.weight', 1, 100));
  if (aa?.mode === AntiAffinityMode.REQUIRED) add(checkIntegerRange(aa.schedulableNodes, 'antiAffinity.schedulableNodes', 1, MAX_INT32));

  // ingress
  if (p.ingress) {
    const host = p.ingress.host;
    const bareHost = typeof host === 'string' && host.startsWith('*.') ? host.slice(2) : host;
    add(checkDnsSubdomain(bareHost, 'ingress.host'));
    if (p.ingress.path !== undefined) add(checkHttpPath(p.ingress.path, 'ingress.path'));
    if (p.ingress.tlsSecretName !== undefined) add(checkDnsSubdomain(p.ingress.tlsSecretName, 'ingress.tlsSecretName'));
    if (p.ingress.className !== undefined) add(checkDnsSubdomain(p.ingress.className, 'ingress.className'));
  }

  // HTTPRoute (its CRD's schema and CEL rules)
  if (p.httpRoute !== undefined) checkHttpRouteOptions(p.httpRoute, 'httpRoute').forEach((x) => problems.add(x));

  // resources
  const r = p.resources ?? {};
  for (const [key, size] of Object.entries({ memoryRequest: r.memoryRequest, memoryLimit: r.memoryLimit, ephemeralStorageRequest: r.ephemeralStorageRequest, ephemeralStorageLimit: r.ephemeralStorageLimit })) {
    if (size !== undefined) checkSize(problems, size, `resources.${key}`);
  }
  if (r.cpuRequest !== undefined) add(checkQuantity(r.cpuRequest?.amount, 'resources.cpuRequest', { resource: 'cpu' }));
  if (r.cpuLimit !== undefined) add(checkQuantity(r.cpuLimit?.amount, 'resources.cpuLimit', { resource: 'cpu' }));
  checkRequestBelowLimit(problems, r.memoryRequest, r.memoryLimit, 'resources.memoryRequest', 'resources.memoryLimit', Size.mebibytes(64), Size.mebibytes(128));
  checkRequestBelowLimit(problems, r.ephemeralStorageRequest, r.ephemeralStorageLimit, 'resources.ephemeralStorageRequest', 'resources.ephemeralStorageLimit', Size.mebibytes(64), Size.mebibytes(256));

  // identity
  if (p.runAsUser !== undefined) add(checkIntegerRange(p.runAsUser, 'runAsUser', 1, MAX_INT32));
  if (p.runAsGroup !== undefined) add(checkIntegerRange(p.runAsGroup, 'runAsGroup', 1, MAX_INT32));

  // writable paths and config mount
  const paths = p.writablePaths ?? ['/tmp'];
  const seen = new Set<string>();
  paths.forEach((path, i) => {
    add(checkHttpPath(path, `writablePaths[${i}]`));
    const normalized = typeof path === 'string' ? path.replace(/\/+$/, '') || '/' : path;
    if (normalized === '/') {
      // An emptyDir mounted over / hides the whole image: the container has no server binary to start.
      problems.add({
        property: `writablePaths[${i}]`,
        problem: "must not be the root '/' (an empty volume over / hides the image and the pod cannot start)",
        value: path,
        allowed: "a directory below / that the server writes to, e.g. '/tmp' or '/var/cache/nginx'",
        fix: "list only the directories the server writes to, e.g. writablePaths: ['/tmp', '/var/cache/nginx']",
      });
    } else if (seen.has(normalized)) {
      problems.add({ property: `writablePaths[${i}]`, problem: 'is listed twice', value: path, allowed: 'each path once', fix: 'remove the duplicate' });
    }
    seen.add(normalized);
  });
  if (p.config) {
    const files = p.config.files ?? {};
    const env = p.config.env ?? {};
    for (const key of Object.keys(files)) {
      if (!CONFIG_KEY.test(key) || key.length > 253 || key === '.' || key.startsWith('..')) {
        problems.add({ property: `config.files[${JSON.stringify(key)}]`, problem: 'is not a valid ConfigMap key', value: key, allowed: 'letters, digits, "-", "_" and "." (no "/"; not ".", ".." or starting with "..")', fix: 'rename the file' });
      }
    }
    for (const key of Object.keys(env)) {
      if (!ENV_NAME.test(key)) {
        problems.add({ property: `config.env[${JSON.stringify(key)}]`, problem: 'is not a valid environment variable name', value: key, allowed: 'letters, digits and "_", not starting with a digit', fix: 'rename the variable' });
      }
      if (Object.prototype.hasOwnProperty.call(files, key)) {
        problems.add({ property: `config.env[${JSON.stringify(key)}]`, problem: 'has the same key as a config file', value: key, allowed: 'distinct file and variable names', fix: 'rename the file or the variable' });
      }
    }
    if (p.config.mountPath !== undefined) add(checkHttpPath(p.config.mountPath, 'config.mountPath'));
    const mountPath = p.config.mountPath ?? '/etc/website';
    if (Object.keys(files).length > 0 && seen.has(mountPath)) {
      problems.add({ property: 'config.mountPath', problem: 'is also a writable path', value: mountPath, allowed: 'a directory not in writablePaths', fix: 'choose another mountPath' });
    }
  }

  // env
  for (const key of Object.keys(p.env ?? {})) {
    if (!ENV_NAME.test(key)) {
      problems.add({ property: `env[${JSON.stringify(key)}]`, problem: 'is not a valid environment variable name', value: key, allowed: 'letters, digits and "_", not starting with a digit', fix: 'rename the variable' });
    }
    if (typeof p.env![key] !== 'string') {
      problems.add({ property: `env[${JSON.stringify(key)}]`, problem: 'must be a string', value: p.env![key], allowed: 'a string', fix: `quote the value, e.g. "${String(p.env![key])}"` });
    }
  }

  // restart token
  if (p.restartToken !== undefined && (typeof p.restartToken !== 'string' || p.restartToken.trim() === '' || p.restartToken.length > 256)) {
    problems.add({
      property: 'restartToken',
      problem: 'must be a non-empty string of at most 256 characters',
      value: p.restartToken,
      allowed: 'e.g. "2026-11-23" or a build id',
      fix: 'commit a new value each time the pods should restart, e.g. the date',
    });
  }

  // maps: keys that JavaScript objects treat specially cannot be rendered faithfully
  checkMapKeys(problems, p.labels, 'labels');
  checkMapKeys(problems, p.env, 'env');
  checkMapKeys(problems, p.config?.files, 'config.files');
  checkMapKeys(problems, p.config?.env, 'config.env');
  checkMapKeys(problems, p.ingress?.annotations, 'ingress.annotations');
  checkMapKeys(problems, p.httpRoute?.annotations, 'httpRoute.annotations');
  for (const [key, value] of Object.entries(p.ingress?.annotations ?? {})) {
    add(checkAnnotationKey(key, `ingress.annotations[${JSON.stringify(key)}]`));
    if (typeof value !== 'string') {
      problems.add({ property: `ingress.annotations[${JSON.stringify(key)}]`, problem: 'must be a string', value, allowed: 'a string', fix: `quote the value, e.g. "${String(value)}"` });
    }
  }

  // network policy peers and ports
  (p.networkPolicy?.allowFrom ?? []).forEach((peer, i) => peer?._check(`networkPolicy.allowFrom[${i}]`).forEach((x) => problems.add(x)));
  p.networkPolicy?.egress?._check('networkPolicy.egress').forEach((x) => problems.add(x));

  // the restart schedule's own problems, under the website's path
  for (const x of p.restartSchedule?._problems ?? []) problems.add({ ...x, property: `restartSchedule.${x.property}` });

  // the restart CronJob is named `<name>-restart` and its Jobs get 11 more characters (limit 63)
  if (p.restartSchedule && typeof name === 'string' && name.length > 44) {
    problems.add({
      property: p.name !== undefined ? 'name' : 'id',
      problem: 'is too long for a scheduled restart (the CronJob `<name>-restart` must leave 11 characters for its Jobs)',
      value: name,
      allowed: 'at most 44 characters with restartSchedule',
      fix: 'shorten the name',
    });
  }

  (p.imagePullSecrets ?? []).forEach((secret, i) => add(checkDnsSubdomain(secret, `imagePullSecrets[${i}]`)));

  // labels and metadata
  if (p.priorityClassName !== undefined) add(checkDnsSubdomain(p.priorityClassName, 'priorityClassName'));
  if (p.partOf !== undefined) add(checkLabelValue(p.partOf, 'partOf'));
  if (p.version !== undefined) add(checkLabelValue(p.version, 'version'));
  for (const [key, value] of Object.entries(p.labels ?? {})) {
    add(checkLabelKey(key, `labels[${JSON.stringify(key)}]`));
    add(checkLabelValue(value, `labels[${JSON.stringify(key)}]`));
    if (RESERVED_LABEL_PREFIXES.some((prefix) => key.startsWith(prefix))) {
      problems.add({
        property: `labels[${JSON.stringify(key)}]`,
        problem: 'uses a reserved label prefix',
        value: key,
        allowed: 'labels outside app.kubernetes.io/ (set by this library) and applyset.kubernetes.io/ (owned by kubectl)',
        fix: 'use name, partOf or version for the app.kubernetes.io labels, or another key',
      });
    }
  }

  // exemptions
  const rules = new Set<string>(Object.values(GuardrailRule));
  const exempted = new Set<string>();
  (p.exemptions ?? []).forEach((e, i) => {
    if (!rules.has(e?.rule)) {
      problems.add({ property: `exemptions[${i}].rule`, problem: 'is not a zero-downtime rule', value: e?.rule, allowed: [...rules].join(', '), fix: 'use the GuardrailRule enum' });
    } else if (exempted.has(e.rule)) {
      problems.add({ property: `exemptions[${i}].rule`, problem: 'is exempted twice', value: e.rule, allowed: 'each rule once', fix: 'remove the duplicate' });
    }
    exempted.add(e?.rule);
    if (typeof e?.reason !== 'string' || e.reason.trim().length === 0) {
      problems.add({ property: `exemptions[${i}].reason`, problem: 'is required', value: e?.reason, allowed: 'a sentence saying why the risk is acceptable', fix: 'explain the exemption; reviewers read it in the rendered annotation' });
    }
  });
}

const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype'];

function checkMapKeys(problems: ProblemList, map: Record<string, unknown> | undefined, property: string): void {
  for (const key of Object.keys(map ?? {})) {
    if (SPECIAL_KEYS.includes(key)) {
      problems.add({ property: `${property}[${JSON.stringify(key)}]`, problem: 'is a reserved key', value: key, allowed: `any key but ${SPECIAL_KEYS.join(', ')}`, fix: 'rename the key' });
    }
  }
}

function isZero(v: unknown): boolean {
  return v === 0 || v === '0%';
}

function checkDuration(problems: ProblemList, d: Duration | undefined, property: string, min: number): void {
  if (d === undefined) return;
  let value: number;
  try {
    value = seconds(d);
  } catch {
    value = NaN;
  }
  const allowed = `${min} ${min === 1 ? 'second' : 'seconds'} or more, in whole seconds`;
  const fix = `use Duration.seconds(N) with a whole N >= ${min}`;
  const shown = Number.isFinite(value) ? `${value}s` : d;
  if (!Number.isInteger(value) || value > MAX_INT32) {
    problems.add({ property, problem: 'must be a whole number of seconds', value: shown, allowed, fix });
  } else if (value < min) {
    problems.add({ property, problem: `must be at least ${min}s`, value: shown, allowed, fix });
  }
}

function checkProbe(problems: ProblemList, probe: HealthCheck | undefined, property: string, role: ProbeRole): void {
  if (!probe || probe.kind === HealthCheckKind.NONE) return;
  const o = probe.options;
  checkDuration(problems, o.initialDelay, `${property}.initialDelay`, 0);
  checkDuration(problems, o.period, `${property}.period`, 1);
  checkDuration(problems, o.timeout, `${property}.timeout`, 1);
  const add = (x: Problem | undefined) => x && problems.add(x);
  if (o.failureThreshold !== undefined) add(checkIntegerRange(o.failureThreshold, `${property}.failureThreshold`, 1, MAX_INT32));
  if (o.successThreshold !== undefined) {
    if (role === 'readiness') {
      add(checkIntegerRange(o.successThreshold, `${property}.successThreshold`, 1, MAX_INT32));
    } else if (o.successThreshold !== 1) {
      problems.add({ property: `${property}.successThreshold`, problem: `must be 1 for a ${role} probe`, value: o.successThreshold, allowed: '1', fix: 'remove successThreshold' });
    }
  }
  if (probe.kind === HealthCheckKind.HTTP_GET) add(checkHttpPath(probe.target.path, `${property}.path`));
  const port = probe.target.port;
  if (port !== undefined) add(typeof port === 'number' ? checkPort(port, `${property}.port`) : checkPortName(port, `${property}.port`));
  if (probe.kind === HealthCheckKind.EXEC && (!probe.target.command || probe.target.command.length === 0)) {
    problems.add({ property: `${property}.command`, problem: 'is empty', value: probe.target.command, allowed: 'a command and its arguments', fix: "e.g. HealthCheck.exec(['cat', '/tmp/ready'])" });
  }
}

function mebibytes(size: Size): number {
  return size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
}

function checkSize(problems: ProblemList, size: Size, property: string): void {
  let value = NaN;
  try {
    value = mebibytes(size);
  } catch {
    // reported below
  }
  if (!Number.isFinite(value) || value <= 0 || !Number.isSafeInteger(value * 1024)) {
    problems.add({ property, problem: 'must be a positive size in whole KiB', value: Number.isFinite(value) ? `${value}Mi` : size, allowed: 'e.g. Size.mebibytes(128)', fix: 'use Size.mebibytes(N) with N > 0' });
  }
}

function checkRequestBelowLimit(problems: ProblemList, req: Size | undefined, lim: Size | undefined, reqProp: string, limProp: string, reqDefault: Size, limDefault: Size): void {
  if (req === undefined && lim === undefined) return;
  let r = NaN;
  let l = NaN;
  try {
    r = mebibytes(req ?? reqDefault);
    l = mebibytes(lim ?? limDefault);
  } catch {
    return;
  }
  if (r > l) {
    problems.add({ property: reqProp, problem: `is above ${limProp}`, value: `${r}Mi`, allowed: `at most ${l}Mi`, fix: `lower ${reqProp} or raise ${limProp}` });
  }
}
