import { Problem } from './internal/problems';

/**
 * One Application-wide sync option (an entry of `spec.syncPolicy.syncOptions`), spelled as Argo CD
 * expects it: `Key=value`.
 *
 * The constants are the options this library documents and tests. Argo CD adds options over time
 * (`ClientSideApplyMigration=false` came with 3.0), so `SyncOption.of('Key=value')` renders any other
 * one, checked where it is built: a malformed option, one that only differs in case from a constant,
 * or one this library refuses carries its problem, and the construct that takes it reports it at synth.
 *
 * Refused on purpose:
 * - `Replace=true`: `kubectl replace`/`create` instead of `apply` resets the fields others set (an
 *   autoscaled Deployment renders no `replicas`: it drops to 1 pod) and may recreate objects;
 * - `Force=true`: deletes and recreates objects, so a Deployment stops every pod at once;
 * - `PrunePropagationPolicy=...`: it has its own prop, `prunePropagationPolicy`.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/
 */
export class SyncOption {
  /** Create `destinationNamespace` if it does not exist. */
  public static readonly CREATE_NAMESPACE = new SyncOption('CreateNamespace=true');

  /**
   * Apply with server-side apply: no size limit from `last-applied-configuration`, and field ownership,
   * so another controller's fields (an autoscaler's `replicas`) are not overwritten.
   */
  public static readonly SERVER_SIDE_APPLY = new SyncOption('ServerSideApply=true');

  /** Apply only the objects that are OutOfSync, not every object of the application. */
  public static readonly APPLY_OUT_OF_SYNC_ONLY = new SyncOption('ApplyOutOfSyncOnly=true');

  /** Prune after every other object was applied and is Healthy (the last wave). */
  public static readonly PRUNE_LAST = new SyncOption('PruneLast=true');

  /** Skip `kubectl` schema validation (`Validate=false`). */
  public static readonly SKIP_SCHEMA_VALIDATION = new SyncOption('Validate=false');

  /** Fail the sync when an object is already managed by another Application, instead of taking it over. */
  public static readonly FAIL_ON_SHARED_RESOURCE = new SyncOption('FailOnSharedResource=true');

  /** Honour `ignoreDifferences` during the sync too, not only in the diff. */
  public static readonly RESPECT_IGNORE_DIFFERENCES = new SyncOption('RespectIgnoreDifferences=true');

  /**
   * Any other sync option, written `Key=value` as in Argo CD's documentation, e.g.
   * `SyncOption.of('SkipDryRunOnMissingResource=true')`.
   *
   * @param option the option as it appears in `spec.syncPolicy.syncOptions`
   */
  public static of(option: string): SyncOption {
    return new SyncOption(option, checkOption(option));
  }

  /** The constants of this class, in declaration order. */
  public static known(): SyncOption[] {
    return [
      SyncOption.CREATE_NAMESPACE,
      SyncOption.SERVER_SIDE_APPLY,
      SyncOption.APPLY_OUT_OF_SYNC_ONLY,
      SyncOption.PRUNE_LAST,
      SyncOption.SKIP_SCHEMA_VALIDATION,
      SyncOption.FAIL_ON_SHARED_RESOURCE,
      SyncOption.RESPECT_IGNORE_DIFFERENCES,
    ];
  }

  /** The option as rendered, e.g. `CreateNamespace=true`. */
  public readonly value: string;

  /** Problems with the option (named `''`: the option itself). @internal */
  public readonly _problems: Problem[];

  private constructor(value: string, problems: Problem[] = []) {
    this.value = typeof value === 'string' ? value : String(value);
    this._problems = problems;
  }

  /** How this option is written in code, for messages: `SyncOption.PRUNE_LAST` or `SyncOption.of("...")`. @internal */
  public get _code(): string {
    const constant = Object.entries(SyncOption).find(([, v]) => v === this)?.[0];
    return constant !== undefined ? `SyncOption.${constant}` : `SyncOption.of(${JSON.stringify(this.value)})`;
  }

  /** The option as rendered. */
  public toString(): string {
    return this.value;
  }
}

/** `Key=value`: Argo CD's keys are UpperCamelCase words; values are single words (`true`, `confirm`). */
const OPTION = /^([A-Z][A-Za-z]*)=([A-Za-z0-9._-]+)$/;

/** Keys refused by `SyncOption.of`, with the reason and the fix. */
const REFUSED: Readonly<Record<string, { problem: string; fix: string }>> = {
  Replace: {
    problem: 'replaces whole objects instead of applying changes: fields set by others are reset (an autoscaled Deployment, which renders no replicas, drops to 1 pod) and Argo CD warns that objects may be recreated, an outage',
    fix: 'leave it out; for one object that cannot be applied, put the argocd.argoproj.io/sync-options: Replace=true annotation on that object, or use SyncOption.SERVER_SIDE_APPLY (no size limit)',
  },
  Force: {
    problem: 'deletes and recreates objects (with Replace=true): a Deployment recreated stops every pod at once',
    fix: 'leave it out: a changed Deployment rolls out without it',
  },
  PrunePropagationPolicy: {
    problem: 'has its own prop',
    fix: 'set prunePropagationPolicy (PrunePropagationPolicy.FOREGROUND, BACKGROUND or ORPHAN) instead',
  },
};

function checkOption(option: string): Problem[] {
  const allowed = 'an Argo CD sync option written Key=value, e.g. "SkipDryRunOnMissingResource=true"';
  const fail = (problem: string, fix: string): Problem[] => [{ property: '', problem, value: option, allowed, fix }];
  if (typeof option !== 'string') return fail('must be a string', 'pass the option as it appears in spec.syncPolicy.syncOptions, e.g. "SkipDryRunOnMissingResource=true"');
  const constant = SyncOption.known().find((o) => o.value !== option && o.value.toLowerCase() === option.toLowerCase());
  if (constant !== undefined) {
    return fail(`differs from ${JSON.stringify(constant.value)} only in case, and Argo CD's keys and values are case-sensitive`, `use ${constant._code}`);
  }
  const match = OPTION.exec(option);
  if (match === null) {
    return fail('is not written Key=value', 'write the key in UpperCamelCase, then "=", then the value, without spaces or commas (one option per entry)');
  }
  const refused = REFUSED[match[1]];
  if (refused !== undefined) return fail(refused.problem, refused.fix);
  return [];
}
