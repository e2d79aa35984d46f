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
