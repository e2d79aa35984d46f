import { Size, SizeRoundingBehavior } from 'cdk8s';
import { WebsiteConfig } from '../config';
import { ContainerImage } from '../container-image';
import { GuardrailExemption, GuardrailRule } from '../engine/rule-ids';
import { HttpRouteOptions, HttpRoutePathType, IngressOptions } from '../exposure';
import { nestProblems, Problem, ProblemList } from '../internal/problems';
import {
  checkAnnotationKey,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnvName,
  checkHostName,
  checkHttpPath,
  checkLabelKey,
  checkLabelValue,
  checkMapKeys,
  checkQuantity,
  kindOf,
} from '../internal/validators';
import { HealthCheck, ProbeRole } from '../probes';
import { ResolvedConfig, ResolvedNetworkPolicy, ResolvedResources } from './resolved';

/*
 * The checks of a website's props, one function per prop or option struct, each returning the
 * problems named after the prop (`httpRoute.parentRefs[0].name`). Option classes check themselves where
 * they are built (`_problems`); here their problems are put under the prop name. `resolveWebsite`
 * (resolve.ts) calls every one of them, so that a site reports all its problems at once.
 */

const RESERVED_LABEL_PREFIXES = ['app.kubernetes.io/', 'applyset.kubernetes.io/'];
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** An option's own problems under its prop name, or a problem when the prop is not that option class. */
export function optionProblems(option: { readonly _problems: Problem[] } | undefined, type: Function, property: string, example: string): Problem[] {
  if (option === undefined) return [];
  if (!(option instanceof type)) {
    return [{ property, problem: `must be a ${type.name}`, value: option, allowed: `a ${type.name} from one of its static methods`, fix: `use e.g. ${example}` }];
  }
  return nestProblems(property, option._problems);
}

export function imageTypeProblem(given: unknown, parsed: ContainerImage): Problem {
  const asString = typeof given === 'string' && parsed._problems.length === 0;
  return {
    property: 'image',
    problem: 'must be a ContainerImage',
    value: given,
    allowed: 'ContainerImage.fromRegistry(), ContainerImage.fromDigest() or ContainerImage.fromEnvironment()',
    fix: asString ? `use ContainerImage.fromRegistry(${JSON.stringify(given)})` : "use e.g. ContainerImage.fromRegistry('nginx:1.27')",
  };
}

export function probeProblems(probe: HealthCheck | undefined, role: ProbeRole): Problem[] {
  if (probe === undefined) return [];
  if (!(probe instanceof HealthCheck)) return optionProblems(probe, HealthCheck, role, "HealthCheck.httpGet('/')");
  return probe._problemsAs(role);
}

function mebibytes(size: Size): number {
  return size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
}

/** Sizes positive and in whole KiB, CPU quantities valid, requests not above limits. */
export function resourceProblems(r: ResolvedResources): Problem[] {
  const problems = new ProblemList();
  const sizes: Array<[string, Size]> = [
    ['memoryRequest', r.memoryRequest],
    ['memoryLimit', r.memoryLimit],
    ['ephemeralStorageRequest', r.ephemeralStorageRequest],
    ['ephemeralStorageLimit', r.ephemeralStorageLimit],
  ];
  const mib = new Map<string, number>();
  for (const [key, size] of sizes) {
    let value = NaN;
    try {
      value = mebibytes(size);
    } catch {
      // reported below
    }
    if (!Number.isFinite(value) || value <= 0 || !Number.isSafeInteger(value * 1024)) {
      problems.add({ property: `resources.${key}`, problem: 'must be a positive size in whole KiB', value: Number.isFinite(value) ? `${value}Mi` : size, allowed: 'e.g. Size.mebibytes(128)', fix: 'use Size.mebibytes(N) with N > 0' });
    } else {
      mib.set(key, value);
    }
  }
  problems.add(checkQuantity(r.cpuRequest?.amount, 'resources.cpuRequest', { resource: 'cpu' }));
  if (r.cpuLimit !== undefined) problems.add(checkQuantity(r.cpuLimit?.amount, 'resources.cpuLimit', { resource: 'cpu' }));
  for (const kind of ['memory', 'ephemeralStorage']) {
    const [request, limit] = [mib.get(`${kind}Request`), mib.get(`${kind}Limit`)];
    if (request !== undefined && limit !== undefined && request > limit) {
      problems.add({ property: `resources.${kind}Request`, problem: `is above resources.${kind}Limit`, value: `${request}Mi`, allowed: `at most ${limit}Mi`, fix: `lower resources.${kind}Request or raise resources.${kind}Limit` });
    }
  }
  return problems.all;
}

/** Each writable path once, never `/`; returns the normalized paths too (the config mount must avoid them). */
export function writablePathProblems(paths: string[]): { problems: Problem[]; paths: Set<string> } {
  const problems = new ProblemList();
  const seen = new Set<string>();
  paths.forEach((path, i) => {
    problems.add(checkHttpPath(path, `writablePaths[${i}]`));
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
  return { problems: problems.all, paths: seen };
}

export function configProblems(config: ResolvedConfig, given: WebsiteConfig, writablePaths: Set<string>): Problem[] {
  const problems = new ProblemList();
  for (const key of Object.keys(config.files)) {
    if (!CONFIG_KEY.test(key) || key.length > 253 || key === '.' || key.startsWith('..')) {
      problems.add({ property: `config.files[${JSON.stringify(key)}]`, problem: 'is not a valid ConfigMap key', value: key, allowed: 'letters, digits, "-", "_" and "." (no "/"; not ".", ".." or starting with "..")', fix: 'rename the file' });
    }
  }
  for (const key of Object.keys(config.env)) {
    problems.add(checkEnvName(key, `config.env[${JSON.stringify(key)}]`));
    if (Object.prototype.hasOwnProperty.call(config.files, key)) {
      problems.add({ property: `config.env[${JSON.stringify(key)}]`, problem: 'has the same key as a config file', value: key, allowed: 'distinct file and variable names', fix: 'rename the file or the variable' });
    }
  }
  if (given.mountPath !== undefined) problems.add(checkHttpPath(given.mountPath, 'config.mountPath'));
  if (Object.keys(config.files).length > 0 && writablePaths.has(config.mountPath)) {
    problems.add({ property: 'config.mountPath', problem: 'is also a writable path', value: config.mountPath, allowed: 'a directory not in writablePaths', fix: 'choose another mountPath' });
  }
  return problems.all;
}

export function labelProblems(labels: Record<string, string>): Problem[] {
  const problems = new ProblemList();
  for (const [key, value] of Object.entries(labels)) {
    const property = `labels[${JSON.stringify(key)}]`;
    problems.add(checkLabelKey(key, property));
    problems.add(checkLabelValue(value, property));
    if (RESERVED_LABEL_PREFIXES.some((prefix) => key.startsWith(prefix))) {
      problems.add({
        property,
        problem: 'uses a reserved label prefix',
        value: key,
        allowed: 'labels outside app.kubernetes.io/ (set by this library) and applyset.kubernetes.io/ (owned by kubectl)',
        fix: 'use name, partOf or version for the app.kubernetes.io labels, or another key',
      });
    }
  }
  return problems.all;
}

export function exemptionProblems(exemptions: GuardrailExemption[]): Problem[] {
  const problems = new ProblemList();
  const rules = new Set<string>(Object.values(GuardrailRule));
  const exempted = new Set<string>();
  exemptions.forEach((e, i) => {
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
  return problems.all;
}

/**
 * A Secret named twice in `imagePullSecrets`: it adds nothing, and the list is keyed by name (patch merge
 * key `name`), so server-side apply refuses the Deployment with `duplicate entries for key [name=...]`.
 */
export function repeatedPullSecrets(secrets: readonly string[]): Problem[] {
  const first = new Map<string, number>();
  const out: Problem[] = [];
  secrets.forEach((secret, i) => {
    const earlier = first.get(secret);
    if (earlier === undefined) {
      first.set(secret, i);
      return;
    }
    out.push({
      property: `imagePullSecrets[${i}]`,
      problem: `repeats imagePullSecrets[${earlier}]`,
      value: secret,
      allowed: 'each Secret once (the list is keyed by name; server-side apply refuses duplicate keys)',
      fix: `remove imagePullSecrets[${i}]`,
    });
  });
  return out;
}

/** Problems of the NetworkPolicy options, named from `networkPolicy`. */
export function networkPolicyProblems(options: ResolvedNetworkPolicy): Problem[] {
  return [
    ...options.allowFrom.flatMap((peer, i) => (peer ? nestProblems(`networkPolicy.allowFrom[${i}]`, peer._problems) : [])),
    ...(options.egress ? nestProblems('networkPolicy.egress', options.egress._problems) : []),
  ];
}

// The characters the HTTPRoute CRD allows in an Exact or PathPrefix path (its CEL rule).
const ROUTE_PATH = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/**
 * Checks `httpRoute` the way the HTTPRoute CRD (v1.4.1) does, including the CEL rules its OpenAPI
 * schema cannot express, so that a bad route fails at synth, not at apply. Problems are named after
 * `property` (e.g. `httpRoute.parentRefs[0].name`).
 */
export function httpRouteProblems(o: HttpRouteOptions, property: string): Problem[] {
  const problems: Problem[] = [];
  const add = (x: Problem | undefined) => x && problems.push(x);
  if (o === null || typeof o !== 'object') {
    return [{ property, problem: 'must be an object', value: o, allowed: '{ parentRefs: [{ name }] }', fix: "pass e.g. httpRoute: { parentRefs: [{ name: 'public' }] }" }];
  }

  const parents = o.parentRefs;
  if (!Array.isArray(parents) || parents.length === 0 || parents.length > 32) {
    problems.push({
      property: `${property}.parentRefs`,
      problem: Array.isArray(parents) ? `must list 1 to 32 Gateways, not ${parents.length}` : `must be a list, not ${kindOf(parents)}`,
      value: parents,
      allowed: '1 to 32 parent references such as { name: "public", gatewayNamespace: "gateway" }',
      fix: "name the Gateway the route attaches to, e.g. parentRefs: [{ name: 'public' }]",
    });
  } else {
    const seen = new Map<string, number[]>();
    parents.forEach((p, i) => {
      const at = `${property}.parentRefs[${i}]`;
      if (p === null || typeof p !== 'object') {
        problems.push({ property: at, problem: 'must be an object', value: p, allowed: '{ name, gatewayNamespace?, sectionName? }', fix: "pass e.g. { name: 'public' }" });
        return;
      }
      add(checkDnsSubdomain(p.name, `${at}.name`));
      if (p.gatewayNamespace !== undefined) add(checkDnsLabel(p.gatewayNamespace, `${at}.gatewayNamespace`));
      if (p.sectionName !== undefined) add(checkDnsSubdomain(p.sectionName, `${at}.sectionName`));
      const key = `${p.gatewayNamespace ?? ''}/${p.name}`;
      seen.set(key, [...(seen.get(key) ?? []), i]);
    });
    // CEL rules of spec.parentRefs: the same Gateway twice needs a sectionName on each, all different.
    for (const indexes of seen.values()) {
      if (indexes.length < 2) continue;
      const sections = indexes.map((i) => parents[i]?.sectionName);
      const distinct = new Set(sections);
      if (sections.some((x) => x === undefined || x === '') || distinct.size < sections.length) {
        const i = indexes[1];
        problems.push({
          property: `${property}.parentRefs[${i}]`,
          problem: `refers to the same Gateway as parentRefs[${indexes[0]}] without a sectionName of its own`,
          value: parents[i],
          allowed: 'each Gateway once, or several listeners of one Gateway, each with a distinct sectionName',
          fix: 'remove the duplicate, or give every reference to that Gateway a different sectionName',
        });
      }
    }
  }

  problems.push(...listProblems(o.hostnames, `${property}.hostnames`, 16, 'host names', 'use a wildcard such as "*.example.com", or split the site into several routes', (h, at) =>
    [checkHostName(h, at)].filter((x): x is Problem => x !== undefined),
  ));

  problems.push(...listProblems(o.paths, `${property}.paths`, 64, 'paths', 'use path prefixes to cover several paths', (m, at) => {
    if (m === null || typeof m !== 'object') {
      return [{ property: at, problem: 'must be an object', value: m, allowed: '{ value, pathType? }', fix: "pass e.g. { value: '/blog' }" }];
    }
    const typeProblem: Problem | undefined = m.pathType !== undefined && !Object.values(HttpRoutePathType).includes(m.pathType)
      ? { property: `${at}.pathType`, problem: 'is not a path match type', value: m.pathType, allowed: Object.values(HttpRoutePathType).join(', '), fix: 'use the HttpRoutePathType enum' }
      : undefined;
    return [typeProblem, checkRoutePath(m.value, `${at}.value`)].filter((x): x is Problem => x !== undefined);
  }));

  problems.push(...annotationProblems(o.annotations, `${property}.annotations`));
  return problems;
}

/** Checks the `ingress` prop. */
export function ingressProblems(o: IngressOptions, property: string): Problem[] {
  return [
    checkHostName(o.host, `${property}.host`),
    o.path === undefined ? undefined : checkHttpPath(o.path, `${property}.path`),
    o.tlsSecretName === undefined ? undefined : checkDnsSubdomain(o.tlsSecretName, `${property}.tlsSecretName`),
    o.className === undefined ? undefined : checkDnsSubdomain(o.className, `${property}.className`),
    ...annotationProblems(o.annotations, `${property}.annotations`),
  ].filter((p): p is Problem => p !== undefined);
}

/** Checks annotations: reserved map keys, valid keys, string values. */
function annotationProblems(annotations: Record<string, string> | undefined, property: string): Problem[] {
  const problems: Problem[] = [...checkMapKeys(annotations, property)];
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const at = `${property}[${JSON.stringify(key)}]`;
    const keyProblem = checkAnnotationKey(key, at);
    if (keyProblem) problems.push(keyProblem);
    if (typeof value !== 'string') {
      problems.push({ property: at, problem: 'must be a string', value, allowed: 'a string', fix: `quote the value, e.g. "${String(value)}"` });
    }
  }
  return problems;
}

/**
 * An optional list of at most `max` entries (`noun`): what is wrong with it, or with each entry
 * (`entry` gets the entry and its property, e.g. `httpRoute.paths[0]`).
 */
function listProblems<T>(list: T[] | undefined, property: string, max: number, noun: string, fix: string, entry: (item: T, at: string) => Problem[]): Problem[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.length > max) {
    return [{
      property,
      problem: Array.isArray(list) ? `lists ${list.length} ${noun}, more than ${max}` : `must be a list, not ${kindOf(list)}`,
      value: list,
      allowed: `at most ${max} ${noun}`,
      fix,
    }];
  }
  return list.flatMap((item, i) => entry(item, `${property}[${i}]`));
}

/** A PathPrefix or Exact path as the HTTPRoute CRD's CEL rules accept it. */
function checkRoutePath(value: unknown, property: string): Problem | undefined {
  const allowed = "an absolute path of at most 1024 characters: letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes, no '//', '/./', '/../', '%2F' or '#' (e.g. \"/blog\")";
  const fail = (problem: string, fix: string): Problem => ({ property, problem, value, allowed, fix });
  if (typeof value !== 'string') return fail(`must be a string, not ${kindOf(value)}`, 'write the path as a string, e.g. "/blog"');
  if (!value.startsWith('/')) return fail("must start with '/'", `use ${JSON.stringify('/' + value.replace(/^\/*/, ''))}`);
  if (value.length > 1024) return fail(`is ${value.length} characters long, more than 1024`, 'use a shorter path prefix');
  if (/\/\/|\/\.\/|\/\.\.\/|%2f|#/i.test(value) || /\/\.\.?$/.test(value)) {
    return fail("must not contain '//', '/./', '/../', '%2F' or '#', nor end with '/.' or '/..'", 'use the canonical path, e.g. "/blog"');
  }
  if (!ROUTE_PATH.test(value)) return fail('contains a character a URL path cannot hold unescaped', 'percent-encode it, e.g. a space as %20');
  return undefined;
}
