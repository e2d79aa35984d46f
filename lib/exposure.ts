import { k8s } from 'cdk8s-plus-27';
import { HttpRouteSpec, HttpRouteSpecRulesMatchesPathType } from '../imports/gateway.networking.k8s.io';
import { Problem } from './internal/problems';
import { checkAnnotationKey, checkDnsLabel, checkDnsSubdomain, checkHostName, checkHttpPath, checkMapKeys, kindOf } from './internal/validators';
import { HTTP_PORT_NAME } from './probes';

/**
 * How the site's Service is reached.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
 */
export enum ServiceType {
  /** Inside the cluster only; put an Ingress or a Gateway (`httpRoute`) in front (the default). */
  CLUSTER_IP = 'ClusterIP',
  /** A port on every node (30000–32767), e.g. behind an external load balancer pinned to `31000`. */
  NODE_PORT = 'NodePort',
  /** A cloud load balancer. */
  LOAD_BALANCER = 'LoadBalancer',
}

/** An Ingress in front of the site's Service. */
export interface IngressOptions {
  /** Host name the Ingress answers, e.g. `www.example.com`. */
  readonly host: string;

  /**
   * URL path prefix routed to the site.
   * @default '/'
   */
  readonly path?: string;

  /**
   * Secret holding the TLS certificate for `host` (type `kubernetes.io/tls`). Without it the Ingress
   * serves plain HTTP only.
   * @default - no TLS
   */
  readonly tlsSecretName?: string;

  /**
   * `spec.ingressClassName`, e.g. `nginx`.
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;

  /**
   * Extra annotations for the controller (e.g. cert-manager's `cert-manager.io/cluster-issuer`).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Inputs of `serviceSpec`. @internal */
export interface ServiceSpecOptions {
  readonly type: ServiceType;
  readonly selector: Record<string, string>;
  readonly port: number;
  readonly nodePort?: number;
}

/** The Service spec: one port named `http` forwarding to the container port named `http`. @internal */
export function serviceSpec(o: ServiceSpecOptions): k8s.ServiceSpec {
  return {
    type: o.type,
    selector: o.selector,
    ports: [{
      name: HTTP_PORT_NAME,
      protocol: 'TCP',
      port: o.port,
      targetPort: k8s.IntOrString.fromString(HTTP_PORT_NAME),
      nodePort: o.type === ServiceType.CLUSTER_IP ? undefined : o.nodePort,
    }],
  };
}

/** Linter annotations of the Service: a NodePort is chosen on purpose (kube-score `service-type`). @internal */
export function serviceAnnotations(type: ServiceType): Record<string, string> {
  return type === ServiceType.NODE_PORT ? { 'kube-score/ignore': 'service-type' } : {};
}

/** The Ingress spec routing `host` + `path` to the Service `service`, port `http`. @internal */
export function ingressSpec(service: string, o: IngressOptions): k8s.IngressSpec {
  return {
    ingressClassName: o.className,
    tls: o.tlsSecretName ? [{ hosts: [o.host], secretName: o.tlsSecretName }] : undefined,
    rules: [{
      host: o.host,
      http: {
        paths: [{
          path: o.path ?? '/',
          pathType: 'Prefix',
          backend: { service: { name: service, port: { name: HTTP_PORT_NAME } } },
        }],
      },
    }],
  };
}

/** The Gateway (or a listener of it) an HTTPRoute attaches to: one entry of `spec.parentRefs`. */
export interface HttpRouteParentRef {
  /** Name of the Gateway, e.g. `public`. */
  readonly name: string;

  /**
   * Namespace of the Gateway (`namespace` of the parentRef). A Gateway in another namespace must admit
   * routes from the site's namespace (`allowedRoutes.namespaces` of its listener), or the route never
   * attaches.
   * @default - the route's own namespace
   */
  readonly gatewayNamespace?: string;

  /**
   * Name of the Gateway listener to attach to, e.g. `https`.
   * @default - every listener of the Gateway that admits the route
   */
  readonly sectionName?: string;
}

/**
 * How a path match compares the request path.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#pathmatchtype
 */
export enum HttpRoutePathType {
  /** The path and everything below it, by whole path segments (`/docs` matches `/docs` and `/docs/a`, not `/docsx`). */
  PATH_PREFIX = 'PathPrefix',
  /** Exactly this path. */
  EXACT = 'Exact',
}

/** One path the route sends to the site: `spec.rules[0].matches[].path`. */
export interface HttpRoutePathMatch {
  /** The path, starting with `/`, e.g. `/blog`. */
  readonly value: string;

  /**
   * How the path is compared (`type` of the path match).
   * @default HttpRoutePathType.PATH_PREFIX
   */
  readonly pathType?: HttpRoutePathType;
}

/**
 * A Gateway API `HTTPRoute` (gateway.networking.k8s.io/v1) in front of the site's Service: the
 * Gateway API counterpart of `ingress`. It needs the Gateway API CRDs (v1.0 or newer, standard
 * channel) and a Gateway in the cluster.
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export interface HttpRouteOptions {
  /** The Gateways (or listeners) the route attaches to (`spec.parentRefs`): 1 to 32. */
  readonly parentRefs: HttpRouteParentRef[];

  /**
   * Host names the route answers (`spec.hostnames`), e.g. `www.example.com` or `*.example.com`: at most 16.
   * @default - every host name the Gateway listener accepts
   */
  readonly hostnames?: string[];

  /**
   * Paths routed to the site: at most 64 (Gateway API v1.4; the v1.0 CRD allows 8).
   * @default [{ value: '/', pathType: HttpRoutePathType.PATH_PREFIX }] - every path
   */
  readonly paths?: HttpRoutePathMatch[];

  /**
   * Extra annotations on the HTTPRoute (for the gateway implementation).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** API group of the Gateway API, the default `group` of a parentRef. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/**
 * The HTTPRoute spec: one rule sending the matched paths to port `port` of the Service `service`.
 *
 * Every field the API server would fill in with its default is written out (parentRef `group: gateway.networking.k8s.io`
 * and `kind: Gateway`; backendRef `group: ""`, `kind: Service` and `weight: 1`; path match `type: PathPrefix`
 * and the match `/` itself), so what is in Git is what the cluster holds and a GitOps diff stays empty.
 * The backendRef port is the Service's port (Gateway API has no port names), never the container's.
 * @internal
 */
export function httpRouteSpec(service: string, port: number, o: HttpRouteOptions): HttpRouteSpec {
  const paths = o.paths && o.paths.length > 0 ? o.paths : [{ value: '/' }];
  return {
    parentRefs: o.parentRefs.map((p) => ({
      group: GATEWAY_API_GROUP,
      kind: 'Gateway',
      name: p.name,
      namespace: p.gatewayNamespace,
      sectionName: p.sectionName,
    })),
    hostnames: o.hostnames && o.hostnames.length > 0 ? [...o.hostnames] : undefined,
    rules: [{
      matches: paths.map((m) => ({ path: { type: (m.pathType ?? HttpRoutePathType.PATH_PREFIX) as string as HttpRouteSpecRulesMatchesPathType, value: m.value } })),
      backendRefs: [{ group: '', kind: 'Service', name: service, port, weight: 1 }],
    }],
  };
}

// The characters the HTTPRoute CRD allows in an Exact or PathPrefix path (its CEL rule).
const ROUTE_PATH = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/**
 * Checks `httpRoute` the way the HTTPRoute CRD (v1.4.1) does, including the CEL rules its OpenAPI
 * schema cannot express, so that a bad route fails at synth, not at apply. Problems are named after
 * `property` (e.g. `httpRoute.parentRefs[0].name`).
 * @internal
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

/** Checks the `ingress` prop. @internal */
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
