/**
 * The check of the property-based fuzzing of `ZeroDowntimeWebsite` (the generators are in
 * arbitraries.ts): random props either synthesize manifests that an API server of the site's target
 * Kubernetes version would accept, or fail with the library's own validation error.
 *
 * `checkOne` renders one prop set and throws a `FuzzFailure` unless the outcome is one of:
 * - `'rejected'`: synth threw cdk8s' `Validation failed with the following errors:` with the problems
 *   the library collected (constructors and option factories never throw), and every message line
 *   names the construct path, the property, the value, what is allowed and a fix;
 * - `'ok'`: every object passes the strict schema of the target (`test/support/schema.ts`: 1.27 for no
 *   target and 1.27-1.29, 1.33 for 1.30-1.33; the HTTPRoute its CRD's) and the API-server rules the
 *   schema cannot express (object names, label and annotation keys, ConfigMap keys, env names, port
 *   ranges, unique volume names and mount paths, ConfigMap keys a pod reads exist, Ingress hosts, the
 *   HTTPRoute CRD's CEL rules on parentRefs and paths), the YAML that cdk8s writes parses back (as
 *   YAML 1.1 like kubectl, as YAML 1.2, and with js-yaml) to exactly the same data, no value is
 *   `undefined`, `null`, `NaN` or infinite, no value is one the API server drops or rewrites
 *   (test/support/api-server-drops.ts: zero `omitempty` fields, empty strings and lists, non-canonical
 *   quantities), an HTTPRoute is rendered exactly when `httpRoute` is set, with the parents, host names
 *   and paths asked for and the site's Service port as backend, the default preStop is the native
 *   sleep from a 1.30 target on and `exec: [sleep, N]` below (or without a target), as long as the
 *   slowest traffic path or the declared `deregistrationDelay`, and `imagePullSecrets` are rendered as given.
 * A `kubernetesVersion` that is not one of the `KubernetesVersion` constants must be refused.
 */
import { isIP } from 'net';
import { inspect, isDeepStrictEqual } from 'util';
import { Yaml } from 'cdk8s';
import jsYaml from 'js-yaml';
import { Composer, Parser, parseAllDocuments } from 'yaml';
import { KubernetesVersion, ServiceType, ZeroDowntimeWebsiteProps } from '../../lib';
import { apiServerDrops } from '../support/api-server-drops';
import { KubernetesVersion as SchemaTarget, SUPPORTED_KUBERNETES_VERSIONS, validateManifest } from '../support/schema';
import { CDK8S_VALIDATION_HEADER, isValidationError, renderSite } from './arbitraries';

/** A case that broke a promise of the library. */
export class FuzzFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FuzzFailure';
  }
}

/** One problem line of the library's format: `<prop> <problem>, got <value>; allowed: <allowed>. Fix: <fix>.` */
const PROBLEM_LINE = /^\S.*, got .*; allowed: .*\. Fix: .*\.$/s;

/**
 * Renders one website and checks the outcome (see the file comment).
 * @returns `'ok'` when it synthesized, `'rejected'` when the library refused it
 * @throws FuzzFailure when the library broke a promise
 */
export function checkOne(props: ZeroDowntimeWebsiteProps): 'ok' | 'rejected' {
  const outcome = renderSite(props);
  if ('error' in outcome) {
    checkRejection(outcome.error);
    return 'rejected';
  }
  checkManifests(outcome.objects, props);
  return 'ok';
}

function checkRejection(e: unknown): void {
  // cdk8s's own plain Error, not a subclass a library bug could throw with the same header
  if (isValidationError(e) && e.constructor === Error) {
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

/** The schema an accepted prop set is checked against: its target, 1.27 without one. */
function schemaTarget(props: ZeroDowntimeWebsiteProps): SchemaTarget {
  const v = props.kubernetesVersion;
  if (v === undefined) return '1.27';
  if (!KubernetesVersion.ALL.includes(v) || !SUPPORTED_KUBERNETES_VERSIONS.includes(v.name as SchemaTarget)) {
    throw new FuzzFailure(`synthesized for kubernetesVersion ${inspect(v)}, which is not one of the KubernetesVersion constants`);
  }
  return v.name as SchemaTarget;
}

function checkManifests(objects: any[], props: ZeroDowntimeWebsiteProps): void {
  if (objects.length === 0) throw new FuzzFailure('synth produced no objects');
  const target = schemaTarget(props);
  const userStrings = [...collectStrings(props)];
  for (const obj of objects) {
    const id = `${obj?.kind}/${obj?.metadata?.name}`;
    const errors = validateManifest(obj, { kubernetesVersion: target });
    // Without a target an explicit native preStop sleep is accepted (as before kubernetesVersion existed),
    // and it is newer than the 1.27 schema: only that field may be unknown. With a target, nothing may.
    const schemaErrors = props.kubernetesVersion === undefined ? errors.filter((e) => !/lifecycle\.preStop\.sleep: unknown field "sleep"$/.test(e)) : errors;
    if (schemaErrors.length > 0) {
      const schemaName = obj.kind === 'HTTPRoute' ? 'the strict HTTPRoute CRD schema' : `the strict Kubernetes ${target} schema`;
      throw new FuzzFailure(`${id} fails ${schemaName}:\n  ${schemaErrors.join('\n  ')}`);
    }
    checkValues(obj, id, userStrings);
    checkApiServerRules(obj, id);
    const drops = apiServerDrops(obj);
    if (drops.length > 0) throw new FuzzFailure(`the API server would drop or rewrite:\n  ${drops.join('\n  ')}`);
  }
  checkConfigMapReferences(objects);
  checkHttpRoute(objects, props);
  checkDefaultPreStop(objects, props);
  checkImagePullSecrets(objects, props);
  // Through JSON, as kubectl sends it (and -0 becomes 0 on both sides).
  const json = JSON.parse(JSON.stringify(objects));
  const yaml = Yaml.stringify(...objects);
  // What `parseAllDocuments(yaml, { version })` does, with the syntax tree (the same for both versions,
  // about half the work) built once: only composing it into data depends on the version.
  const tokens = [...new Parser().parse(yaml)];
  const readers: Array<[string, () => unknown[]]> = [
    ...(['1.1', '1.2'] as const).map((version): [string, () => unknown[]] => [`YAML ${version}`, () => {
      const list = [...new Composer({ version }).compose(tokens)];
      if (list.some((d) => d.errors.length > 0)) {
        // Parsed again for the report: parseAllDocuments adds the line and column to each message.
        const errors = parseAllDocuments(yaml, { version }).flatMap((d) => ('errors' in d ? d.errors.map((x) => x.message) : []));
        throw new FuzzFailure(`YAML ${version} does not parse: ${errors.join('; ')}`);
      }
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

/** An Ingress rule host as the API server accepts it: a DNS subdomain, or `*.` and one; at most 253 characters, no IP address. */
function isIngressHost(host: string): boolean {
  const bare = host.startsWith('*.') ? host.slice(2) : host;
  return host.length <= 253 && DNS1123_SUBDOMAIN.test(bare) && isIP(host) === 0;
}

/** The HTTPRoute CRD's CEL rules (Gateway API v1.0.0 and v1.4.1 alike) on what the library renders; the schema check skips them. */
function checkHttpRouteCel(spec: any, fail: (what: string) => never): void {
  // parentRefs: two references to the same parent each need a sectionName, and no two the same one.
  const refs: any[] = spec.parentRefs ?? [];
  const parentOf = (p: any) => JSON.stringify([p.group ?? 'gateway.networking.k8s.io', p.kind ?? 'Gateway', p.namespace ?? '', p.name]);
  refs.forEach((p1, i) => {
    refs.forEach((p2, j) => {
      if (i >= j || parentOf(p1) !== parentOf(p2)) return;
      if (!p1.sectionName || !p2.sectionName) fail(`HTTPRoute parentRefs[${i}] and [${j}] refer to the same parent, not both with a sectionName`);
      if (p1.sectionName === p2.sectionName) fail(`HTTPRoute parentRefs[${i}] and [${j}] refer to the same parent and sectionName`);
    });
  });
  for (const rule of spec.rules ?? []) {
    for (const m of rule.matches ?? []) {
      const path = m.path;
      if (!path || !['Exact', 'PathPrefix'].includes(path.type ?? 'PathPrefix')) continue;
      const v = String(path.value ?? '/');
      const bad = !v.startsWith('/') || ['//', '/./', '/../', '%2f', '%2F', '#'].some((s) => v.includes(s)) || v.endsWith('/..') || v.endsWith('/.')
        || !/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/.test(v);
      if (bad) fail(`HTTPRoute path ${JSON.stringify(v)} breaks the CRD's CEL rules`);
    }
  }
}

/** What the API server rejects and the schema cannot express: names, label and annotation keys, unique volumes... */
function checkApiServerRules(obj: any, id: string): void {
  const fail = (what: string): never => {
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
  if (obj.kind === 'Ingress') {
    for (const rule of obj.spec?.rules ?? []) {
      if (rule.host !== undefined && !isIngressHost(rule.host)) fail(`Ingress host ${JSON.stringify(rule.host)}`);
    }
  }
  if (obj.kind === 'HTTPRoute') checkHttpRouteCel(obj.spec ?? {}, fail);
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

/** The HTTPRoute: rendered exactly when `httpRoute` is set, with what it asks for and every server default written out. */
function checkHttpRoute(objects: any[], props: ZeroDowntimeWebsiteProps): void {
  const routes = objects.filter((o) => o.kind === 'HTTPRoute');
  const o = props.httpRoute;
  if (o === undefined) {
    if (routes.length > 0) throw new FuzzFailure('an HTTPRoute is rendered without httpRoute');
    return;
  }
  if (routes.length !== 1) throw new FuzzFailure(`httpRoute is set and ${routes.length} HTTPRoutes are rendered`);
  const service = objects.find((x) => x.kind === 'Service');
  const paths = o.paths !== undefined && o.paths.length > 0 ? o.paths : [{ value: '/' }];
  const expected = {
    parentRefs: o.parentRefs.map((p) => ({
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: p.name,
      ...(p.gatewayNamespace !== undefined ? { namespace: p.gatewayNamespace } : {}),
      ...(p.sectionName !== undefined ? { sectionName: p.sectionName } : {}),
    })),
    ...(o.hostnames !== undefined && o.hostnames.length > 0 ? { hostnames: o.hostnames } : {}),
    rules: [{
      matches: paths.map((m) => ({ path: { type: m.pathType ?? 'PathPrefix', value: m.value } })),
      // Gateway API has no port names: the Service's port, never the container's.
      backendRefs: [{ group: '', kind: 'Service', name: service?.metadata?.name, port: service?.spec?.ports?.[0]?.port, weight: 1 }],
    }],
  };
  const route = routes[0];
  if (!isDeepStrictEqual(route.spec, expected)) {
    throw new FuzzFailure(`HTTPRoute spec:\n${inspect(route.spec, { depth: 8 })}\nexpected:\n${inspect(expected, { depth: 8 })}`);
  }
  // (A copy: fast-check builds dictionaries without a prototype.)
  const annotations = o.annotations !== undefined && Object.keys(o.annotations).length > 0 ? { ...o.annotations } : undefined;
  if (!isDeepStrictEqual(route.metadata.annotations, annotations)) {
    throw new FuzzFailure(`HTTPRoute annotations ${inspect(route.metadata.annotations)}, expected ${inspect(annotations)}`);
  }
}

/**
 * Without a `preStop`: the native sleep action from a 1.30 target on, `exec: [sleep, N]` below it or
 * without a target, for as long as the slowest traffic path needs (docs/guardrails.md, "preStop by
 * traffic path": 5 s for ClusterIP and NodePort, 15 s with a LoadBalancer, an Ingress or an HTTPRoute),
 * or the declared `deregistrationDelay` (whole seconds: any other value is refused).
 */
function checkDefaultPreStop(objects: any[], props: ZeroDowntimeWebsiteProps): void {
  if (props.preStop !== undefined) return;
  const deployment = objects.find((o) => o.kind === 'Deployment');
  const preStop = deployment?.spec?.template?.spec?.containers?.[0]?.lifecycle?.preStop;
  const native = props.kubernetesVersion !== undefined && props.kubernetesVersion.minor >= 30;
  const seconds = native ? preStop?.sleep?.seconds : Number(preStop?.exec?.command?.[1]);
  const shape = native ? Object.keys(preStop ?? {}).join() === 'sleep' : Object.keys(preStop ?? {}).join() === 'exec' && preStop.exec.command[0] === 'sleep';
  const slowPath = props.serviceType === ServiceType.LOAD_BALANCER || props.ingress !== undefined || props.httpRoute !== undefined;
  const expected = props.deregistrationDelay !== undefined ? props.deregistrationDelay.toSeconds() : slowPath ? 15 : 5;
  if (!shape || seconds !== expected) {
    throw new FuzzFailure(
      `the default preStop for kubernetesVersion ${props.kubernetesVersion?.name ?? '(none)'} is ${JSON.stringify(preStop)}; expected ${native ? 'the native sleep' : '["sleep", N]'} of ${expected} s`,
    );
  }
}

/** `imagePullSecrets` by name, in the order given; none rendered for none or an empty list. */
function checkImagePullSecrets(objects: any[], props: ZeroDowntimeWebsiteProps): void {
  const rendered = objects.find((o) => o.kind === 'Deployment')?.spec?.template?.spec?.imagePullSecrets;
  const expected = props.imagePullSecrets !== undefined && props.imagePullSecrets.length > 0 ? props.imagePullSecrets.map((name) => ({ name })) : undefined;
  if (!isDeepStrictEqual(rendered, expected)) {
    throw new FuzzFailure(`imagePullSecrets ${inspect(rendered)}, expected ${inspect(expected)}`);
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
