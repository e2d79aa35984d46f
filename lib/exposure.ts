/**
 * How the site's Service is reached.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
 */
export enum ServiceType {
  /** Inside the cluster only; put an Ingress or Gateway in front (the default). */
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
