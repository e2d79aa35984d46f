import { k8s } from 'cdk8s-plus-27';
import { HTTP_PORT_NAME } from './probes';

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
