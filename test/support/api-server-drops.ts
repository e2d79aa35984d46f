/**
 * Values the Kubernetes API server drops or rewrites when it stores an object, so that the object read
 * back (`kubectl get -o yaml`, Argo CD's live state) differs from the manifest and every diff shows a
 * change that is not one.
 *
 * - Zero values of non-pointer fields tagged `omitempty` in the Go API types (k8s.io/api): Go's JSON
 *   encoder leaves them out. `Probe.initialDelaySeconds int32 \`json:"initialDelaySeconds,omitempty"\``,
 *   `DeploymentSpec.minReadySeconds int32 ...omitempty`, `EnvVar.value string ...omitempty`, ...
 *   Pointer fields (`*int32`, `*bool`: `replicas`, `revisionHistoryLimit`, `terminationGracePeriodSeconds`,
 *   `automountServiceAccountToken`, `allowPrivilegeEscalation`, `suspend`, `maxUnavailable`) keep an
 *   explicit zero, and structs are never left out (`egress: [{}]`, `podSelector: {}` stay).
 * - Empty strings and empty lists (every optional string and slice field is `omitempty`), and empty
 *   maps (`labels: {}`, `annotations: {}`, `matchLabels: {}`, ConfigMap `data: {}`).
 * - Quantities not in canonical form (`1000m` -> `1`, `1024Mi` -> `1Gi`, `0.5` -> `500m`).
 *
 * Custom resources (Argo CD's Application, Gateway API routes) are stored as the JSON sent (after their
 * CRD's defaults), so they are not walked.
 */
import { canonicalQuantity } from '../../lib/internal/quantity';

const PROBES = new Set(['readinessProbe', 'livenessProbe', 'startupProbe']);
const PROBE_INTS = new Set(['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']);
/** Non-pointer int32 fields with omitempty, wherever they appear in the kinds the library renders. */
const ZERO_INTS = new Set(['minReadySeconds', 'hostPort', 'nodePort']);
/** Non-pointer bool fields with omitempty. */
const FALSE_BOOLS = new Set(['paused', 'hostNetwork', 'hostPID', 'hostIPC', 'stdin', 'stdinOnce', 'tty', 'readOnly']);
/** Map-typed fields (`map[string]string`): an empty map is dropped; the entries are free-form values. */
const MAPS = new Set(['labels', 'annotations', 'matchLabels', 'data', 'binaryData', 'stringData', 'nodeSelector']);
/** Maps of quantities. */
const QUANTITY_MAPS = new Set(['requests', 'limits']);
/** Single quantity fields. */
const QUANTITY_FIELDS = new Set(['sizeLimit', 'averageValue']);

/** API groups of the built-in kinds (stored through the Go API types); `''` is the core group. */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'policy', 'autoscaling', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'admissionregistration.k8s.io',
  'certificates.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io',
]);

/** Whether an object is of a built-in kind; custom resources (Argo CD, Gateway API) are stored as sent. */
function isBuiltIn(obj: any): boolean {
  const parts = String(obj?.apiVersion ?? '').split('/');
  return BUILT_IN_GROUPS.has(parts.length === 1 ? '' : parts[0]);
}

/**
 * Every value in `obj` that the API server would drop or rewrite, as `<kind>/<name> <path>: <why>`.
 * Empty for objects of other kinds than the built-in ones.
 */
export function apiServerDrops(obj: any): string[] {
  if (!isBuiltIn(obj)) return [];
  const id = `${obj?.kind}/${obj?.metadata?.name}`;
  const found: string[] = [];
  const report = (at: string, why: string) => found.push(`${id} ${at}: ${why}`);
  const walk = (value: unknown, at: string, key: string, parentKey: string): void => {
    if (Array.isArray(value)) {
      if (value.length === 0) report(at, 'empty list (omitempty: dropped)');
      value.forEach((v, i) => walk(v, `${at}[${i}]`, key, parentKey));
      return;
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      const isMap = MAPS.has(key) || (key === 'selector' && obj.kind === 'Service' && parentKey === 'spec');
      if (isMap) {
        if (entries.length === 0) report(at, 'empty map (omitempty: dropped)');
        return; // entries are values, not fields
      }
      if (QUANTITY_MAPS.has(key)) {
        for (const [k, v] of entries) checkQuantity(v, `${at}.${k}`);
        return;
      }
      for (const [k, v] of entries) walk(v, at === '' ? k : `${at}.${k}`, k, key);
      return;
    }
    if (value === '') report(at, 'empty string (omitempty: dropped)');
    if (value === 0 && PROBES.has(parentKey) && PROBE_INTS.has(key)) report(at, 'zero (int32 omitempty: dropped)');
    if (value === 0 && ZERO_INTS.has(key)) report(at, 'zero (int32 omitempty: dropped)');
    if (value === false && FALSE_BOOLS.has(key)) report(at, 'false (bool omitempty: dropped)');
    if (QUANTITY_FIELDS.has(key)) checkQuantity(value, at);
  };
  const checkQuantity = (value: unknown, at: string) => {
    if (typeof value === 'string' && canonicalQuantity(value) !== value) {
      report(at, `quantity ${JSON.stringify(value)} is read back as ${JSON.stringify(canonicalQuantity(value))}`);
    }
  };
  walk(obj, '', '', '');
  return found;
}
