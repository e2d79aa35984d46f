import { ContainerImage } from './container-image';
import { nestProblems, Problem } from './internal/problems';
import { checkIntegerRange, checkLabelValue } from './internal/validators';

/**
 * How a release runs the candidate version next to the stable one.
 * @see docs/release.md
 */
export enum ReleaseKind {
  /** A few candidate pods next to the stable set, with a share of the traffic. */
  CANARY = 'canary',
  /** A full candidate set, reachable on a preview Service, switched live all at once. */
  BLUE_GREEN = 'blue-green',
}

/** Options of `Release.canary()`. */
export interface CanaryReleaseOptions {
  /** The candidate image. */
  readonly image: ContainerImage;

  /**
   * Candidate pods. Without an HTTPRoute the Service picks pods at random, so the candidate's share of
   * the traffic is its share of the pods: 1 candidate pod next to 3 stable pods is 25 %.
   * @default - 1 without `httpRoute`; 2 behind an `httpRoute` (the candidate has a Service of its own
   * there, and a single pod would drop its share of the requests on every node drain)
   */
  readonly replicas?: number;

  /**
   * Percent of the requests the site's HTTPRoute sends to the candidate (0 to 100; the stable version
   * gets the rest): the two backendRefs carry exactly these weights. Only with `httpRoute`: without
   * one, the share is the pod ratio (set `replicas`). Start with 0 (the candidate's pods become Ready
   * without traffic), raise it in the next commit.
   * @default 0 - no traffic until you raise it in a later commit
   */
  readonly weight?: number;

  /**
   * `app.kubernetes.io/version` of the candidate pods.
   * @default - the candidate image tag when it is a valid label value, else the start of the digest
   */
  readonly version?: string;
}

/** Options of `Release.blueGreen()`. */
export interface BlueGreenReleaseOptions {
  /** The candidate image. */
  readonly image: ContainerImage;

  /**
   * Whether the site's Service sends the live traffic to the candidate set (the switch, all at once)
   * instead of the stable set. Set it in a commit after the one that starts the release, once the
   * candidate pods are Ready; set it back to `false` to switch back.
   * @default false - the candidate is reachable on the preview Service `<name>-preview` only
   */
  readonly live?: boolean;

  /**
   * `app.kubernetes.io/version` of the candidate pods.
   * @default - the candidate image tag when it is a valid label value, else the start of the digest
   */
  readonly version?: string;
}

/**
 * A release of a new version of a `ZeroDowntimeWebsite`, run as plain objects in Git: no controller in
 * the cluster rewrites anything, every step is a commit, and abort is removing the release (or `git
 * revert`). A canary runs a few candidate pods next to the stable set with a share of the traffic; a
 * blue-green release runs a full candidate set behind a preview Service and switches the live Service
 * to it all at once. Promote: set the site's `image` to the candidate image (the stable set rolls with
 * zero downtime), then remove the release. The steps and their commits: docs/release.md.
 *
 * The release checks its own values where it is built; a site that uses it reports the problems at
 * synth, under `release`.
 */
export class Release {
  /** A canary: `replicas` candidate pods next to the stable set. */
  public static canary(options: CanaryReleaseOptions): Release {
    const o = isObject(options) ? options : ({} as CanaryReleaseOptions);
    return new Release(ReleaseKind.CANARY, options, o.image, o.replicas, o.weight, false, o.version);
  }

  /** A blue-green release: a full candidate set (as many pods as the site), switched live with `live: true`. */
  public static blueGreen(options: BlueGreenReleaseOptions): Release {
    const o = isObject(options) ? options : ({} as BlueGreenReleaseOptions);
    return new Release(ReleaseKind.BLUE_GREEN, options, o.image, undefined, undefined, o.live ?? false, o.version);
  }

  /** Problems with the values, named after the options (`weight`). @internal */
  public readonly _problems: Problem[];

  private constructor(
    /** Canary or blue-green. */
    public readonly kind: ReleaseKind,
    options: any,
    /** The candidate image. */
    public readonly image: ContainerImage,
    /** Candidate pods of a canary; undefined for the default (and for blue-green: as many as the site). */
    public readonly replicas: number | undefined,
    /** The candidate's HTTPRoute weight in percent, for a canary; undefined for the default. */
    public readonly weight: number | undefined,
    /** Blue-green: whether the live Service sends to the candidate set. Always false for a canary. */
    public readonly live: boolean,
    /** `app.kubernetes.io/version` of the candidate pods; undefined for the default. */
    public readonly version: string | undefined,
  ) {
    const problems: Array<Problem | undefined> = [];
    if (!isObject(options)) {
      problems.push({ property: '', problem: 'needs options with at least `image`', value: options, allowed: 'an object', fix: "pass { image: ContainerImage.fromRegistry('repo/site:2.0.0') }" });
    } else if (!(image instanceof ContainerImage)) {
      problems.push({
        property: 'image',
        problem: image === undefined ? 'is required' : 'must be a ContainerImage',
        value: image,
        allowed: 'ContainerImage.fromRegistry(), ContainerImage.fromDigest() or ContainerImage.fromEnvironment()',
        fix: typeof image === 'string' ? `use ContainerImage.fromRegistry(${JSON.stringify(image)})` : "use e.g. ContainerImage.fromRegistry('repo/site:2.0.0')",
      });
    } else {
      problems.push(...nestProblems('image', image._problems));
    }
    if (replicas !== undefined) problems.push(checkIntegerRange(replicas, 'replicas', 1, 1000));
    if (weight !== undefined) {
      const w = checkIntegerRange(weight, 'weight', 0, 100);
      problems.push(w && { ...w, fix: 'use a whole percent from 0 to 100, e.g. weight: 25' });
    }
    if (typeof live !== 'boolean') {
      problems.push({ property: 'live', problem: 'must be a boolean', value: live, allowed: 'true or false', fix: 'use live: true to switch, live: false to switch back' });
    }
    if (version !== undefined) problems.push(checkLabelValue(version, 'version'));
    this._problems = problems.filter((p): p is Problem => p !== undefined);
  }
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
