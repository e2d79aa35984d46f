/**
 * Kubernetes recommended labels, in one place.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_VERSION = 'app.kubernetes.io/version';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';

/** The value of `app.kubernetes.io/managed-by` on every object this library renders. */
export const MANAGED_BY = 'cdk8s-zero-downtime';

/** `app.kubernetes.io/component` of the website's own pods. Part of the selector: never change it. */
export const COMPONENT_WEB = 'web';

/** `app.kubernetes.io/component` of the scheduled restart's objects (never selected by the Service). */
export const COMPONENT_RESTART = 'restart';

/**
 * Pod label carried by every pod that serves a site (stable and candidate), never by the restart
 * Job's pods: the Service selects `{name, serves}` while a canary shares the traffic by pod ratio.
 * Its value is the site name. Rendered on every site's pods from the release support on, so that the
 * pods carry it one commit before a Service selects by it.
 */
export const LABEL_SERVES = 'zero-downtime.cdk8s.io/serves';

/** Pod label naming the track of a pod: `stable`, `canary` or `preview` (blue-green candidate). */
export const LABEL_TRACK = 'zero-downtime.cdk8s.io/track';

/** Values of `LABEL_TRACK`. */
export const TRACK_STABLE = 'stable';
export const TRACK_CANARY = 'canary';
export const TRACK_PREVIEW = 'preview';

/**
 * `app.kubernetes.io/component` of a candidate's pods (`web-canary`, `web-preview`): not `web`, so the
 * stable Deployment's immutable selector `{name, component: web}` never matches them, and the
 * candidate's selector never matches the stable pods.
 */
export function candidateComponent(track: string): string {
  return `${COMPONENT_WEB}-${track}`;
}

/**
 * The labels that select a site's pods.
 *
 * Only labels that never change between versions: the site name and the component. Never `version`
 * (changes every release), never `instance` (Argo CD 2.x overwrites it with the Application name), so
 * a Deployment's immutable `spec.selector` stays valid forever.
 */
export function selectorLabels(site: string, component: string = COMPONENT_WEB): Record<string, string> {
  return {
    [LABEL_NAME]: site,
    [LABEL_COMPONENT]: component,
  };
}

/** Inputs of `recommendedLabels`. */
export interface RecommendedLabelsOptions {
  readonly site: string;
  readonly component: string;
  readonly partOf: string;
  readonly instance: string;
  /** Omitted when undefined (e.g. an image pinned by digest only). */
  readonly version?: string;
  /** User labels; they cannot override the selector labels. */
  readonly extra?: Record<string, string>;
}

/** All recommended labels of one object, user labels merged under the library's own. */
export function recommendedLabels(o: RecommendedLabelsOptions): Record<string, string> {
  const labels: Record<string, string> = {
    ...(o.extra ?? {}),
    [LABEL_NAME]: o.site,
    [LABEL_INSTANCE]: o.instance,
    [LABEL_COMPONENT]: o.component,
    [LABEL_PART_OF]: o.partOf,
    [LABEL_MANAGED_BY]: MANAGED_BY,
  };
  if (o.version !== undefined) {
    labels[LABEL_VERSION] = o.version;
  }
  return sortKeys(labels);
}

/** Returns a copy with keys in a stable order, so rendered YAML never depends on insertion order. */
export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) {
    out[key] = record[key];
  }
  return out;
}

/**
 * Polaris' exemption annotation for an object whose `app.kubernetes.io/instance` names the site it is
 * part of rather than the object itself (the restart CronJob, a release's candidate Deployment).
 */
export const POLARIS_INSTANCE_MISMATCH_EXEMPT = 'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt';
