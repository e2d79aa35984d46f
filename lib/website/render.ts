import { createHash } from 'crypto';
import { Size, SizeRoundingBehavior } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { HttpRouteSpec, HttpRouteSpecRulesMatchesPathType } from '../../imports/gateway.networking.k8s.io';
import { AutoscalingOptions } from '../autoscaling';
import { HttpRouteOptions, HttpRoutePathType, IngressOptions, ServiceType } from '../exposure';
import { COMPONENT_WEB, LABEL_COMPONENT, LABEL_NAME } from '../internal/labels';
import { canonicalQuantity } from '../internal/quantity';
import { HTTP_PORT_NAME } from '../probes';
import { ResolvedConfig, ResolvedNetworkPolicy, ResolvedResources } from './resolved';

/*
 * The specs of a website's objects, from its resolved options (resolve.ts): pure functions, one per
 * object or part of the pod, that the construct (website.ts) wires together. Nothing here applies a
 * default or checks an input; both happened once, in `resolveWebsite`.
 */

// ---- Service and Ingress ---------------------------------------------------------------------

/** Inputs of `serviceSpec`. */
export interface ServiceSpecOptions {
  readonly type: ServiceType;
  readonly selector: Record<string, string>;
  readonly port: number;
  readonly nodePort?: number;
}

/** The Service spec: one port named `http` forwarding to the container port named `http`. */
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

/** Linter annotations of the Service: a NodePort is chosen on purpose (kube-score `service-type`). */
export function serviceAnnotations(type: ServiceType): Record<string, string> {
  return type === ServiceType.NODE_PORT ? { 'kube-score/ignore': 'service-type' } : {};
}

/** The Ingress spec routing `host` + `path` to the Service `service`, port `http`. */
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

// ---- Gateway API HTTPRoute ---------------------------------------------------------------------

/** API group of the Gateway API, the default `group` of a parentRef. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** The candidate backend of a canary's HTTPRoute: its Service and its weight in percent. */
export interface RouteCandidate {
  readonly service: string;
  readonly weight: number;
}

/**
 * The HTTPRoute spec: one rule sending the matched paths to port `port` of the Service `service`.
 *
 * Every field the API server would fill in with its default is written out (parentRef `group: gateway.networking.k8s.io`
 * and `kind: Gateway`; backendRef `group: ""`, `kind: Service` and `weight: 1`; path match `type: PathPrefix`
 * and the match `/` itself), so what is in Git is what the cluster holds and a GitOps diff stays empty.
 * The backendRef port is the Service's port (Gateway API has no port names), never the container's.
 */
export function httpRouteSpec(service: string, port: number, o: HttpRouteOptions, candidate?: RouteCandidate): HttpRouteSpec {
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
      // A canary: two backendRefs whose weights are exactly the shares in percent (they sum to 100).
      backendRefs: candidate
        ? [
          { group: '', kind: 'Service', name: service, port, weight: 100 - candidate.weight },
          { group: '', kind: 'Service', name: candidate.service, port, weight: candidate.weight },
        ]
        : [{ group: '', kind: 'Service', name: service, port, weight: 1 }],
    }],
  };
}

// ---- NetworkPolicy -------------------------------------------------------------------------------

/** The site's NetworkPolicy spec: ingress only to the `http` port, egress as configured. */
export function networkPolicySpec(site: string, options: ResolvedNetworkPolicy, component: string = COMPONENT_WEB): k8s.NetworkPolicySpec {
  const from = options.allowFrom.length > 0 ? options.allowFrom.map((peer) => peer._peer) : undefined;
  return {
    // The site's pods (the Deployment selector), written as one label plus an expression: Polaris'
    // `missingNetworkPolicy` only recognises a policy whose matchLabels has exactly one pair in common
    // with the pod labels.
    podSelector: {
      matchLabels: { [LABEL_NAME]: site },
      matchExpressions: [{ key: LABEL_COMPONENT, operator: 'In', values: [component] }],
    },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from, ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromString(HTTP_PORT_NAME) }] }],
    // `policyTypes: [Egress]` with no rule denies all egress; an empty list would be dropped by the API server.
    egress: options.egress._rules.length > 0 ? options.egress._rules : undefined,
  };
}

// ---- HorizontalPodAutoscaler ---------------------------------------------------------------------

/** The HorizontalPodAutoscaler spec scaling the Deployment `deployment`, from the resolved options. */
export function autoscalerSpec(deployment: string, options: Required<AutoscalingOptions>): k8s.HorizontalPodAutoscalerSpecV2 {
  return {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment },
    minReplicas: options.minReplicas,
    maxReplicas: options.maxReplicas,
    metrics: [{
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: options.cpuUtilization } },
    }],
  };
}

// ---- ConfigMap ----------------------------------------------------------------------------------

/** The pod template annotation holding the ConfigMap hash (Helm's idiom). */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** sha256 of the data in a stable, key-sorted form: same content, same hash, on every machine. */
export function configChecksum(data: Record<string, string>): string {
  const canonical = JSON.stringify(Object.keys(data).sort().map((k) => [k, data[k]]));
  return createHash('sha256').update(canonical).digest('hex');
}

/** What a `WebsiteConfig` adds to the ConfigMap and the pod. */
export interface ConfigWiring {
  /**
   * ConfigMap data: files and environment variables, sorted by key; undefined when there are none (the
   * API server drops an empty `data: {}`, so the live ConfigMap would differ from the manifest).
   */
  readonly data?: Record<string, string>;
  /** Value of the `checksum/config` pod template annotation. */
  readonly checksum: string;
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  readonly env: k8s.EnvVar[];
}

/** Wires a resolved `WebsiteConfig` into the ConfigMap `configMapName` and the pod. */
export function configWiring(configMapName: string, config: ResolvedConfig): ConfigWiring {
  const { files, env } = config;
  const data: Record<string, string> = {};
  for (const key of Object.keys({ ...files, ...env }).sort()) data[key] = key in files ? files[key] : env[key];
  const fileKeys = Object.keys(files).sort();
  const mounted = fileKeys.length > 0;
  return {
    data: Object.keys(data).length > 0 ? data : undefined,
    checksum: configChecksum(data),
    volumes: mounted ? [{ name: 'config', configMap: { name: configMapName, items: fileKeys.map((k) => ({ key: k, path: k })) } }] : [],
    mounts: mounted ? [{ name: 'config', mountPath: config.mountPath, readOnly: true }] : [],
    env: Object.keys(env).sort().map((k) => ({ name: k, valueFrom: { configMapKeyRef: { name: configMapName, key: k } } })),
  };
}

// ---- container resources -------------------------------------------------------------------------

/**
 * A Size as a Kubernetes quantity, in canonical form (`Size.gibibytes(1)` is `1Gi`, not `1024Mi`: the
 * API server would write it back as `1Gi`).
 */
export function sizeQuantity(size: Size): string {
  const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  return canonicalQuantity(Number.isInteger(mebibytes) ? `${mebibytes}Mi` : `${Math.ceil(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }))}Ki`);
}

/**
 * Requests and limits of the website container, from the resolved resources. Every quantity is written
 * in the canonical form the API server writes back (`Cpu.millis(1000)` renders `1`, `Cpu.units(0.5)`
 * renders `500m`), so the live object never differs from the manifest.
 */
export function resourceRequirements(r: ResolvedResources): k8s.ResourceRequirements {
  const q = (value: string) => k8s.Quantity.fromString(canonicalQuantity(value));
  return {
    requests: {
      'cpu': q(r.cpuRequest.amount),
      'memory': q(sizeQuantity(r.memoryRequest)),
      'ephemeral-storage': q(sizeQuantity(r.ephemeralStorageRequest)),
    },
    limits: {
      ...(r.cpuLimit ? { cpu: q(r.cpuLimit.amount) } : {}),
      'memory': q(sizeQuantity(r.memoryLimit)),
      'ephemeral-storage': q(sizeQuantity(r.ephemeralStorageLimit)),
    },
  };
}

// ---- zone spreading -----------------------------------------------------------------------------

/** Node label cloud providers set to the availability zone. */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

/**
 * A soft topology spread constraint across zones. `matchLabelKeys: [pod-template-hash]` makes the
 * scheduler count only pods of the same ReplicaSet, so old and new pods do not skew each other during
 * a rollout (beta and on by default since 1.27).
 */
export function zoneSpreadConstraint(selector: Record<string, string>, maxSkew: number): k8s.TopologySpreadConstraint {
  return {
    maxSkew,
    topologyKey: ZONE_TOPOLOGY_KEY,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
    matchLabelKeys: ['pod-template-hash'],
  };
}
