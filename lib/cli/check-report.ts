/**
 * The JSON document `check --format json` prints, in its own file so that every output format (text,
 * JSON, SARIF) is derived from the same report. Stable: fields are only ever added.
 */

/** An object as `kubectl get` names it. */
export interface ReportObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** Where an object was read: file and 1-based line of its document (`-` is stdin). */
export interface ReportSource {
  readonly file: string;
  readonly line: number;
}

/** One rule finding. */
export interface ReportFinding {
  readonly rule: string;
  readonly object: ReportObject;
  readonly source: ReportSource;
  /** JSON path of the offending field in the object. */
  readonly path: string;
  readonly value: unknown;
  readonly allowed: string;
  /** Why the rule exists. */
  readonly reason: string;
  /** `<path> breaks zero-downtime rule <id> (<reason>), got <value>; allowed: <allowed>` */
  readonly message: string;
  readonly fix: string;
  /**
   * `baseline` when `object` and `source` are in the baseline (`--baseline`): a transition finding
   * about an object the change removes. Absent for objects of the new render.
   */
  readonly state?: 'baseline';
}

/** What the change does to one workload's pods (`--baseline`): a pod template change is a rollout. */
export interface ReportRollout {
  /** `rolls`, `waits-for-delete` (OnDelete), `unchanged`, `created` or `removed`. */
  readonly change: string;
  readonly object: ReportObject;
  /** In the new render, or in the baseline for a removed workload (`state: 'baseline'`). */
  readonly source: ReportSource;
  readonly state?: 'baseline';
  /** The pod template fields that differ (at most 10). */
  readonly fields: readonly string[];
}

/** The baseline the new render was compared with (`--baseline`, `--baseline-git`). */
export interface ReportBaseline {
  /** Kubernetes objects read from the baseline. */
  readonly objects: number;
  /** The files read (`<ref>:<path>` for `--baseline-git`). */
  readonly files: readonly string[];
}

/**
 * An input problem: the input cannot be judged as written (a YAML syntax error, an unreadable file, a
 * field of the wrong type in an object the rules read). Any problem makes the exit code 2.
 */
export interface ReportProblem {
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known (YAML syntax errors). */
  readonly column?: number;
  /** JSON path in the object, when the problem is about a field (e.g. `spec.template.spec.containers`). */
  readonly path?: string;
  readonly message: string;
}

/** Rules that did not run on an object, and why (nothing passes unread). */
export interface ReportSkip {
  /** The object; undefined for a document that is not a Kubernetes object. */
  readonly object?: ReportObject;
  readonly source: ReportSource;
  /** Ids of the rules that did not run on it. */
  readonly rules: readonly string[];
  /** Why, in words, e.g. `no Service in the input selects it: traffic rules not run`. */
  readonly reason: string;
}

/** The whole report. */
export interface CheckReport {
  /** Kubernetes objects read (documents without `apiVersion` and `kind` are not counted: see `skipped`). */
  readonly objects: number;
  readonly findings: readonly ReportFinding[];
  /** Input problems (exit 2). */
  readonly problems: readonly ReportProblem[];
  /** What was not checked, per object. */
  readonly skipped: readonly ReportSkip[];
  /** The baseline, when the run compared the change (`--baseline`): `findings` then holds the transition findings too. */
  readonly baseline?: ReportBaseline;
  /** With a baseline: which workloads the change rolls, and which not. */
  readonly rollouts?: readonly ReportRollout[];
}
