/**
 * Type checks of the fields the rules read, as the API server decodes them. The rules read manifests
 * with safe readers that never throw (json.ts): a field of the wrong type reads as missing, so without
 * this check a Deployment whose `template` is `5` or whose `replicas` is `"3"` would pass every rule
 * unseen. Every field a rule reads is declared here; a wrong shape is an input problem, never a skip.
 *
 * Only the fields the rules read are checked (this is no full OpenAPI validation: `kubectl apply
 * --dry-run=server` is); `null` reads as absent, as the API server's JSON decoder treats it.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/
 */
import { asObject, JsonObject } from './json';
import { apiGroup } from './object-ref';

/** A field of the wrong type (or a value the API server refuses) in an object the rules read. */
export interface ShapeProblem {
  /** Position of the object in the input array. */
  readonly objectIndex: number;
  /** JSON path of the field, e.g. `spec.template.spec.containers[0].ports`. */
  readonly path: string;
  /** What was found. */
  readonly found: unknown;
  /** What the API server takes there. */
  readonly expected: string;
}

type Shape =
  | { readonly t: 'string' | 'int' | 'bool' | 'stringMap' | 'intOrPercent' | 'portNumber' | 'portRef' }
  | { readonly t: 'object'; readonly fields: Readonly<Record<string, Shape>>; readonly required?: readonly string[] }
  | { readonly t: 'array'; readonly of: Shape; readonly nonEmpty?: boolean };

const STRING: Shape = { t: 'string' };
const INT: Shape = { t: 'int' };
const BOOL: Shape = { t: 'bool' };
const STRING_MAP: Shape = { t: 'stringMap' };
const INT_OR_PERCENT: Shape = { t: 'intOrPercent' };
const PORT_NUMBER: Shape = { t: 'portNumber' };
const PORT_REF: Shape = { t: 'portRef' };
const obj = (fields: Record<string, Shape>, required?: string[]): Shape => ({ t: 'object', fields, ...(required ? { required } : {}) });
const arr = (of: Shape, nonEmpty?: boolean): Shape => ({ t: 'array', of, ...(nonEmpty ? { nonEmpty } : {}) });

const LABEL_SELECTOR = obj({
  matchLabels: STRING_MAP,
  matchExpressions: arr(obj({ key: STRING, operator: STRING, values: arr(STRING) })),
});
const HTTP_GET = obj({ path: STRING, port: PORT_REF, host: STRING, scheme: STRING, httpHeaders: arr(obj({ name: STRING, value: STRING })) });
const TCP_SOCKET = obj({ port: PORT_REF, host: STRING });
const EXEC = obj({ command: arr(STRING) });
const PROBE = obj({
  httpGet: HTTP_GET,
  tcpSocket: TCP_SOCKET,
  grpc: obj({ port: PORT_NUMBER, service: STRING }),
  exec: EXEC,
  initialDelaySeconds: INT,
  periodSeconds: INT,
  timeoutSeconds: INT,
  successThreshold: INT,
  failureThreshold: INT,
});
const HANDLER = obj({ exec: EXEC, httpGet: HTTP_GET, tcpSocket: TCP_SOCKET, sleep: obj({ seconds: INT }) });
const CONTAINER = obj({
  name: STRING,
  image: STRING,
  imagePullPolicy: STRING,
  restartPolicy: STRING,
  ports: arr(obj({ containerPort: PORT_NUMBER, name: STRING, protocol: STRING, hostPort: INT })),
  readinessProbe: PROBE,
  livenessProbe: PROBE,
  startupProbe: PROBE,
  lifecycle: obj({ preStop: HANDLER, postStart: HANDLER }),
});
const AFFINITY_TERM = obj({ topologyKey: STRING, labelSelector: LABEL_SELECTOR });
const POD_SPEC = obj(
  {
    containers: arr(CONTAINER, true),
    initContainers: arr(CONTAINER),
    terminationGracePeriodSeconds: INT,
    hostNetwork: BOOL,
    affinity: obj({
      podAntiAffinity: obj({
        requiredDuringSchedulingIgnoredDuringExecution: arr(AFFINITY_TERM),
        preferredDuringSchedulingIgnoredDuringExecution: arr(obj({ weight: INT, podAffinityTerm: AFFINITY_TERM })),
      }),
    }),
  },
  ['containers'],
);
const POD_TEMPLATE = obj({ metadata: obj({ labels: STRING_MAP, annotations: STRING_MAP }), spec: POD_SPEC }, ['spec']);
const ROLLING = obj({ maxSurge: INT_OR_PERCENT, maxUnavailable: INT_OR_PERCENT, partition: INT });
const UPDATE_STRATEGY = obj({ type: STRING, rollingUpdate: ROLLING });
const WORKLOAD_COMMON = { replicas: INT, selector: LABEL_SELECTOR, template: POD_TEMPLATE, minReadySeconds: INT };
const INGRESS_BACKEND = obj({ service: obj({ name: STRING, port: obj({ number: PORT_NUMBER, name: STRING }) }), serviceName: STRING });

/** The fields the rules read, per `group/kind` (group `` is core). */
const SPECS: ReadonlyMap<string, Shape> = new Map<string, Shape>([
  ['apps/Deployment', obj({ ...WORKLOAD_COMMON, strategy: UPDATE_STRATEGY, progressDeadlineSeconds: INT }, ['template'])],
  ['apps/StatefulSet', obj({ ...WORKLOAD_COMMON, serviceName: STRING, podManagementPolicy: STRING, updateStrategy: UPDATE_STRATEGY }, ['template'])],
  ['apps/DaemonSet', obj({ ...WORKLOAD_COMMON, updateStrategy: UPDATE_STRATEGY }, ['template'])],
  ['/Service', obj({
    type: STRING,
    selector: STRING_MAP,
    clusterIP: STRING,
    externalTrafficPolicy: STRING,
    publishNotReadyAddresses: BOOL,
    ports: arr(obj({ port: PORT_NUMBER, targetPort: PORT_REF, nodePort: INT, name: STRING, protocol: STRING }, ['port'])),
  })],
  ['policy/PodDisruptionBudget', obj({ minAvailable: INT_OR_PERCENT, maxUnavailable: INT_OR_PERCENT, selector: LABEL_SELECTOR, unhealthyPodEvictionPolicy: STRING })],
  ['autoscaling/HorizontalPodAutoscaler', obj({ scaleTargetRef: obj({ kind: STRING, name: STRING, apiVersion: STRING }), minReplicas: INT, maxReplicas: INT })],
  ['networking.k8s.io/NetworkPolicy', obj({
    podSelector: LABEL_SELECTOR,
    policyTypes: arr(STRING),
    ingress: arr(obj({ from: arr(obj({ ipBlock: obj({ cidr: STRING }), podSelector: LABEL_SELECTOR, namespaceSelector: LABEL_SELECTOR })), ports: arr(obj({ port: PORT_REF, protocol: STRING })) })),
  })],
  ['networking.k8s.io/Ingress', obj({
    defaultBackend: INGRESS_BACKEND,
    backend: INGRESS_BACKEND,
    rules: arr(obj({ host: STRING, http: obj({ paths: arr(obj({ path: STRING, pathType: STRING, backend: INGRESS_BACKEND })) }) })),
  })],
  ['extensions/Ingress', obj({ backend: INGRESS_BACKEND, rules: arr(obj({ host: STRING, http: obj({ paths: arr(obj({ path: STRING, backend: INGRESS_BACKEND })) }) })) })],
  ['gateway.networking.k8s.io/HTTPRoute', obj({
    hostnames: arr(STRING),
    rules: arr(obj({ backendRefs: arr(obj({ name: STRING, namespace: STRING, port: PORT_NUMBER, kind: STRING, group: STRING, weight: INT })) })),
  })],
]);

const METADATA = obj({ name: STRING, namespace: STRING, labels: STRING_MAP, annotations: STRING_MAP });

/** The kinds whose fields are checked, as `Kind` names (for docs and messages). */
export const SHAPE_CHECKED_KINDS: readonly string[] = [...new Set([...SPECS.keys()].map((k) => k.slice(k.indexOf('/') + 1)))];

/** Kubernetes' int32 fields: larger numbers are refused by the API server. */
const INT32_MAX = 2147483647;

/**
 * A port name as the API server validates it (IANA_SVC_NAME): 1-15 characters of a-z, 0-9 and `-`,
 * at least one letter, no leading, trailing or double `-`. So `"8080"` in an int-or-string port is a
 * refused name, not the number 8080.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go (IsValidPortName)
 */
export function isValidPortName(name: string): boolean {
  return name.length >= 1 && name.length <= 15 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) && /[a-z]/.test(name);
}

/** The type problems of every object of a read kind, in input order. Never throws. */
export function shapeProblems(objects: ReadonlyArray<{ readonly index: number; readonly object: JsonObject; readonly ref: { readonly apiVersion: string; readonly kind: string } }>): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  for (const o of objects) {
    const spec = SPECS.get(`${apiGroup(o.ref.apiVersion)}/${o.ref.kind}`);
    if (!spec) continue;
    const report = (path: string, found: unknown, expected: string) => out.push({ objectIndex: o.index, path, found, expected });
    visit(o.object.metadata, METADATA, 'metadata', report);
    visit(o.object.spec, spec, 'spec', report);
    const required = spec.t === 'object' ? spec.required ?? [] : [];
    if (required.length > 0 && (o.object.spec === undefined || o.object.spec === null)) report('spec', o.object.spec ?? null, `an object with ${required.join(', ')}`);
  }
  return out;
}

function visit(value: unknown, shape: Shape, path: string, report: (path: string, found: unknown, expected: string) => void): void {
  if (value === undefined || value === null) return; // absent: the API server's default applies
  switch (shape.t) {
    case 'string':
      if (typeof value !== 'string') report(path, value, 'a string');
      return;
    case 'bool':
      if (typeof value !== 'boolean') report(path, value, 'true or false');
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > INT32_MAX) report(path, value, 'an integer (without quotes)');
      return;
    case 'portNumber':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) report(path, value, 'a port number from 1 to 65535 (without quotes)');
      return;
    case 'portRef':
      if (typeof value === 'number') {
        // 0 is allowed for a Service targetPort (it means: the same as port) and refused elsewhere by the API server itself
        if (!Number.isInteger(value) || value < 0 || value > 65535) report(path, value, 'a port number from 1 to 65535, or a port name');
      } else if (typeof value === 'string') {
        if (value !== '' && !isValidPortName(value)) {
          report(path, value, /^\d+$/.test(value)
            ? `the number ${value} without quotes (a quoted "${value}" is a port name, and a port name needs a letter: the API server refuses it)`
            : 'a port name (1-15 lowercase letters, digits and -, with at least one letter) or a port number');
        }
      } else {
        report(path, value, 'a port number or a port name');
      }
      return;
    case 'intOrPercent':
      if (typeof value === 'number' ? !Number.isInteger(value) || value < 0 : typeof value !== 'string' || !/^\d+%$/.test(value)) {
        report(path, value, /^\d+$/.test(String(value)) && typeof value === 'string'
          ? `the number ${value} without quotes, or a percentage such as "25%"`
          : 'a whole number of pods (e.g. 1) or a percentage (e.g. "25%")');
      }
      return;
    case 'stringMap': {
      const o = asObject(value);
      if (!o) {
        report(path, value, 'a map of strings');
        return;
      }
      for (const [k, v] of Object.entries(o)) {
        if (typeof v !== 'string') report(`${path}${keyPath(k)}`, v, `a string (quote it: "${typeof v === 'object' ? '...' : String(v)}")`);
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) {
        report(path, value, 'a list');
        return;
      }
      if (shape.nonEmpty && value.length === 0) report(path, value, 'a list of at least one item');
      value.forEach((item, i) => visit(item, shape.of, `${path}[${i}]`, report));
      return;
    case 'object': {
      const o = asObject(value);
      if (!o) {
        report(path, value, shape.required?.length ? `an object with ${shape.required.join(', ')}` : 'an object');
        return;
      }
      for (const r of shape.required ?? []) {
        if (o[r] === undefined || o[r] === null) report(`${path}${keyPath(r)}`, null, `${r} (required)`);
      }
      for (const [k, s] of Object.entries(shape.fields)) {
        if (Object.prototype.hasOwnProperty.call(o, k)) visit(o[k], s, `${path}${keyPath(k)}`, report);
      }
      return;
    }
  }
}

/** `.key`, or `["key"]` when the key is not a plain identifier (labels like `app.kubernetes.io/name`). */
function keyPath(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
