import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { SyncOption } from './argocd-sync-option';
import { AppChecks } from './app-checks';
import { seconds } from './internal/duration';
import { LABEL_MANAGED_BY, LABEL_NAME, MANAGED_BY, sortKeys } from './internal/labels';
import { nestProblems, Problem, ProblemList } from './internal/problems';
import { checkDnsLabel, checkDnsSubdomain, checkIntegerRange, checkWholeSeconds, MAX_INT32 } from './internal/validators';

/*
 * The Application is rendered as a plain `ApiObject` in the manifest's own spelling (`repoURL`), typed
 * by the few fields below rather than by the 5,900-line class `cdk8s import` generates from the CRD:
 * the package ships no generated Argo CD code, and a JSON patch on `apiObject` reaches any field of the
 * CRD. test/schema.test.ts checks every rendered Application against the CRD's schema.
 */

/** `spec.syncPolicy.automated`. */
interface ArgoSyncPolicyAutomated {
  readonly prune?: boolean;
  readonly selfHeal?: boolean;
  readonly allowEmpty?: boolean;
}

/** `spec.syncPolicy.retry`. */
interface ArgoSyncPolicyRetry {
  readonly limit: number;
  readonly backoff: { readonly duration: string; readonly factor: number; readonly maxDuration: string };
}

/** Argo CD's in-cluster API server address: the cluster Argo CD itself runs in. */
const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Options of `SyncMode.automated()`. */
export interface AutomatedSyncOptions {
  /**
   * Delete live objects that are no longer in the rendered manifests (`automated.prune`).
   *
   * Without it a renamed or removed Service, Ingress or ConfigMap stays in the cluster forever. With the
   * default `PruneLast=true` sync option, the old objects are deleted only after the new ones are Healthy.
   * @default true
   */
  readonly prune?: boolean;

  /**
   * Revert live changes made outside Git, e.g. `kubectl edit` or `kubectl scale` (`automated.selfHeal`).
   *
   * Keeps the repository the only source of truth. Objects scaled by a HorizontalPodAutoscaler must not
   * set `replicas`, or Argo CD and the autoscaler fight.
   * @default true
   */
  readonly selfHeal?: boolean;

  /**
   * Allow an automated sync to a source with no objects at all (`automated.allowEmpty`).
   *
   * Off, a broken render that committed an empty `dist/` makes the sync fail instead of pruning the
   * whole site.
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/**
 * When Argo CD syncs: on every new commit and on drift (automated) or only when someone asks (manual).
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/
 */
export class SyncMode {
  /**
   * Argo CD syncs by itself whenever the rendered manifests in Git differ from the cluster.
   * Renders `spec.syncPolicy.automated`.
   */
  public static automated(options: AutomatedSyncOptions = {}): SyncMode {
    return new SyncMode({
      prune: options.prune ?? true,
      selfHeal: options.selfHeal ?? true,
      allowEmpty: options.allowEmpty ?? false,
    });
  }

  /** Argo CD only reports OutOfSync; a person or a pipeline runs `argocd app sync`. Renders no `automated`. */
  public static manual(): SyncMode {
    return new SyncMode(undefined);
  }

  private constructor(private readonly automatedOptions: Required<AutomatedSyncOptions> | undefined) {}

  /** Whether Argo CD syncs by itself. */
  public get isAutomated(): boolean {
    return this.automatedOptions !== undefined;
  }

  /**
   * The `automated` block. Fields that are `false` are left out: it is Argo CD's default, and Argo CD
   * drops false/empty fields when it writes an Application back, which leaves an app of apps OutOfSync
   * (argoproj/argo-cd#4501).
   * @internal
   */
  public _toArgo(): ArgoSyncPolicyAutomated | undefined {
    const o = this.automatedOptions;
    if (o === undefined) return undefined;
    return {
      ...(o.prune ? { prune: true } : {}),
      ...(o.selfHeal ? { selfHeal: true } : {}),
      ...(o.allowEmpty ? { allowEmpty: true } : {}),
    };
  }
}

/**
 * How pruned objects' dependents are deleted (`PrunePropagationPolicy=<value>` sync option).
 * @see https://kubernetes.io/docs/concepts/architecture/garbage-collection/#cascading-deletion
 */
export enum PrunePropagationPolicy {
  /** Dependents first, then the owner (Argo CD's default). */
  FOREGROUND = 'foreground',
  /** The owner at once, dependents by the garbage collector afterwards. */
  BACKGROUND = 'background',
  /** Only the owner; dependents (e.g. a pruned Deployment's ReplicaSets and pods) are left running. */
  ORPHAN = 'orphan',
}

/**
 * What deleting the Application does to the objects it deployed (its finalizer).
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/app_deletion/
 */
export enum CascadeDeletion {
  /**
   * Delete the objects, then the Application (`resources-finalizer.argocd.argoproj.io`): the Application
   * stays visible until its objects are gone.
   */
  FOREGROUND = 'foreground',
  /**
   * Delete the Application at once and its objects in the background
   * (`resources-finalizer.argocd.argoproj.io/background`).
   */
  BACKGROUND = 'background',
  /** No finalizer: deleting the Application leaves its objects running, unmanaged. */
  NONE = 'none',
}

const FINALIZERS: Record<CascadeDeletion, string[]> = {
  [CascadeDeletion.FOREGROUND]: ['resources-finalizer.argocd.argoproj.io'],
  [CascadeDeletion.BACKGROUND]: ['resources-finalizer.argocd.argoproj.io/background'],
  [CascadeDeletion.NONE]: [],
};

/** Props of `ArgoCdApplication`. */
export interface ArgoCdApplicationProps {
  /**
   * Clone URL of the Git repository that holds the rendered manifests (`spec.source.repoURL`).
   *
   * `https://host/path`, `ssh://host/path` or scp-like `git@host:path`. The repository (and its
   * credentials, if private) must be known to Argo CD.
   */
  readonly repoUrl: string;

  /**
   * Directory of the rendered YAML inside the repository, relative to its root (`spec.source.path`),
   * e.g. `dist`. Use `.` for the root. Argo CD reads only `.yaml`, `.yml` and `.json` files.
   */
  readonly path: string;

  /**
   * Branch, tag or commit to deploy (`spec.source.targetRevision`).
   *
   * `HEAD` follows the repository's default branch, so merging the commit that updates `dist/` is the
   * deployment. It is also what Argo CD assumes when the field is empty; rendering it makes that
   * choice visible. Pin a tag or a commit SHA for promotions you control by hand.
   * @default 'HEAD'
   */
  readonly targetRevision?: string;

  /**
   * Name of the Application object (`metadata.name`), shown in the Argo CD UI and CLI.
   *
   * Must be an RFC 1123 subdomain. Changing it replaces the Application: with cascade deletion on, the
   * old Application deletes the objects it deployed, so treat it as fixed once deployed.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace of the Application object itself (`metadata.namespace`), not of the site.
   *
   * Argo CD only reconciles Applications in its own namespace unless "applications in any namespace"
   * is enabled for the namespace you pick.
   * @default 'argocd'
   */
  readonly applicationNamespace?: string;

  /**
   * Argo CD project (`spec.project`; the CRD requires it). Projects limit the repositories and
   * destinations an Application may use.
   *
   * `default` exists in every installation and allows everything; use a dedicated project in production.
   * @default 'default'
   */
  readonly project?: string;

  /**
   * Namespace the site is deployed to (`spec.destination.namespace`).
   *
   * Required, with no default: the chart's namespace is usually Argo CD's own (`argocd`) when the
   * Application lives next to other Applications, and a silent fallback would deploy the site there.
   * Argo CD sets it on every namespaced object that has no `metadata.namespace`; objects that name a
   * namespace keep it. `SyncOption.CREATE_NAMESPACE` creates this namespace, and the project must allow it.
   */
  readonly destinationNamespace: string;

  /**
   * API server URL of the target cluster (`spec.destination.server`). Not allowed with `destinationName`.
   *
   * @default - 'https://kubernetes.default.svc' (the cluster Argo CD runs in) unless `destinationName` is set
   */
  readonly destinationServer?: string;

  /**
   * Name of the target cluster as registered in Argo CD (`spec.destination.name`). Not allowed with
   * `destinationServer`.
   * @default - the cluster is chosen by `destinationServer`
   */
  readonly destinationName?: string;

  /**
   * Read subdirectories of `path` too (`spec.source.directory.recurse`).
   *
   * cdk8s writes one file per chart straight into the output directory, so there is nothing below it to
   * read. `false` is not rendered: Argo CD drops it, which leaves an app of apps OutOfSync
   * (argoproj/argo-cd#4501).
   * @default false
   */
  readonly recurse?: boolean;

  /**
   * Glob of the files to read, relative to `path` (`spec.source.directory.include`), e.g.
   * `gethue.k8s.yaml` when several charts render into one `dist/`, or `{a.k8s.yaml,b.k8s.yaml}`.
   * @default - every .yaml/.yml/.json file
   */
  readonly include?: string;

  /**
   * Glob of the files to skip, relative to `path` (`spec.source.directory.exclude`).
   * @default - no file is skipped
   */
  readonly exclude?: string;

  /**
   * Whether Argo CD syncs by itself.
   *
   * Automated with prune and self-heal makes Git the only source of truth: a commit to `dist/` is
   * deployed, drift is reverted, removed objects are deleted (after the new ones are Healthy, with
   * `PruneLast`); an empty source is refused.
   * @default SyncMode.automated() - prune: true, selfHeal: true, allowEmpty: false
   */
  readonly syncMode?: SyncMode;

  /**
   * Application-wide sync options (`spec.syncPolicy.syncOptions`), replacing the defaults; duplicates
   * are removed and the list is rendered sorted. To keep the defaults and add one, use
   * `extraSyncOptions` instead.
   *
   * - `CreateNamespace=true`: the first sync into a new cluster or a new namespace creates
   *   `destinationNamespace` instead of failing with `namespaces "..." not found`. Argo CD creates it
   *   once and never prunes it, so deleting the Application never deletes a namespace (and whatever
   *   else lives in it); see docs/delivery.md for why the library does not render Namespace objects.
   * - `PruneLast=true`: objects removed from Git are deleted only once everything else is applied and
   *   Healthy, so a renamed Service or Ingress never leaves the site without a route during the sync.
   *
   * To opt out of a default, list the ones you keep, e.g. `[SyncOption.PRUNE_LAST]` when the namespace
   * is created by someone else (and the Argo CD project may not create namespaces).
   * @default ArgoCdApplication.DEFAULT_SYNC_OPTIONS - [SyncOption.CREATE_NAMESPACE, SyncOption.PRUNE_LAST]
   */
  readonly syncOptions?: SyncOption[];

  /**
   * Sync options added to `syncOptions` (to the defaults when `syncOptions` is not set), e.g.
   * `[SyncOption.SERVER_SIDE_APPLY]` keeps `CreateNamespace=true` and `PruneLast=true` and adds
   * `ServerSideApply=true`.
   * @default - none
   */
  readonly extraSyncOptions?: SyncOption[];

  /**
   * How pruned objects' dependents are deleted (the `PrunePropagationPolicy=` sync option).
   * @default - not rendered; Argo CD uses foreground
   */
  readonly prunePropagationPolicy?: PrunePropagationPolicy;

  /**
   * How many times a failed sync is retried (`spec.syncPolicy.retry.limit`). `0` disables retries and
   * renders no `retry` block.
   *
   * Without retries an automated sync that failed (e.g. a webhook or a CRD not ready yet) is not tried
   * again for the same commit. Unlimited retries (Argo CD's negative limit) are not offered: they
   * hide a broken commit behind an endless Syncing.
   * @default 5
   */
  readonly retryLimit?: number;

  /**
   * Wait before the first retry (`spec.syncPolicy.retry.backoff.duration`); whole seconds, at least 1s.
   * @default Duration.seconds(5) - Argo CD's own default
   */
  readonly retryBackoff?: Duration;

  /**
   * Factor applied to the wait after each failed retry (`spec.syncPolicy.retry.backoff.factor`); an
   * integer (the CRD field is int64), at least 1.
   * @default 2 - Argo CD's own default
   */
  readonly retryBackoffFactor?: number;

  /**
   * Longest wait between retries (`spec.syncPolicy.retry.backoff.maxDuration`); whole seconds, at least
   * `retryBackoff`.
   * @default Duration.minutes(3) - Argo CD's own default
   */
  readonly retryBackoffMax?: Duration;

  /**
   * What deleting the Application does to the site (its `metadata.finalizers`).
   *
   * Foreground: removing the Application from Git (or `kubectl delete`) removes the site too, as a GitOps
   * user expects; without a finalizer the site keeps running old code, unmanaged, and a later
   * Application for it fights over the same objects. The price: deleting or renaming the Application
   * is an outage, so guard it (project roles, app-of-apps review).
   * @default CascadeDeletion.FOREGROUND
   */
  readonly cascadeDeletion?: CascadeDeletion;

  /**
   * Extra labels of the Application object. They cannot override `app.kubernetes.io/name` and
   * `app.kubernetes.io/managed-by`.
   *
   * `app.kubernetes.io/instance` is never set by the library: Argo CD 2.x uses it to track which
   * Application owns an object, so it would claim this Application for an app of apps.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * An Argo CD `Application` (`argoproj.io/v1alpha1`) that deploys a directory of rendered manifests.
 *
 * The rendered-manifests flow: CI renders the charts with `npx cdk8s-zero-downtime synth` and commits
 * `dist/`; Argo CD watches that directory in Git and applies it, by itself with the default
 * `SyncMode.automated()`; the first sync into a new namespace creates it (`CreateNamespace=true`). A
 * rollout then shows in Argo CD as Progressing, then Healthy; a Deployment whose rollout exceeded its
 * `progressDeadlineSeconds` (condition `Progressing=False`, reason `ProgressDeadlineExceeded`) is Degraded.
 * Kubernetes does not roll it back: the old pods keep serving until a fixed commit is synced.
 *
 * Problems in the props are reported together when the app is synthesized, each with the construct path.
 *
 * @example
 * new ArgoCdApplication(chart, 'gethue', {
 *   repoUrl: 'https://github.com/example/sites.git',
 *   path: 'dist',
 *   include: 'gethue.k8s.yaml',
 *   destinationNamespace: 'gethue',
 *   extraSyncOptions: [SyncOption.SERVER_SIDE_APPLY], // and the defaults: CreateNamespace, PruneLast
 * });
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/directory/
 */
export class ArgoCdApplication extends Construct {
  /**
   * The sync options rendered when `syncOptions` is not given: `CreateNamespace=true` (a first sync into
   * a new namespace works) and `PruneLast=true` (objects removed from Git are deleted last).
   */
  public static readonly DEFAULT_SYNC_OPTIONS: SyncOption[] = Object.freeze([SyncOption.CREATE_NAMESPACE, SyncOption.PRUNE_LAST]) as SyncOption[];

  /** The name of the Application object. */
  public readonly name: string;

  /**
   * The Application object (construct id `Resource`, also `node.defaultChild`): the escape hatch for
   * fields this construct does not offer. JSON patches use the manifest's spelling
   * (`/spec/source/repoURL`) and reach every field of the CRD.
   */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);

    // Defaults, resolved once: the checks and the manifest read the same values.
    const name = props.name ?? id;
    const namespace = props.applicationNamespace ?? 'argocd';
    const project = props.project ?? 'default';
    const targetRevision = props.targetRevision ?? 'HEAD';
    const syncMode = props.syncMode ?? SyncMode.automated();
    const syncOptions = [...(props.syncOptions ?? ArgoCdApplication.DEFAULT_SYNC_OPTIONS), ...(props.extraSyncOptions ?? [])];
    const retryLimit = props.retryLimit ?? 5;
    const retryBackoff = props.retryBackoff ?? Duration.seconds(5);
    const retryBackoffFactor = props.retryBackoffFactor ?? 2;
    const retryBackoffMax = props.retryBackoffMax ?? Duration.minutes(3);
    const cascadeDeletion = props.cascadeDeletion ?? CascadeDeletion.FOREGROUND;

    // Every problem is reported at synth, with this construct's path and the rule findings.
    const problems = new ProblemList();
    const nameProblem = checkDnsSubdomain(name, 'name');
    problems.add(nameProblem && props.name === undefined
      ? { ...nameProblem, fix: `the name defaults to the construct id: set name, or ${nameProblem.fix.replace(/^use /, 'use the construct id ')}` }
      : nameProblem);
    const namespaceProblem = checkDnsLabel(namespace, 'applicationNamespace');
    problems.add(namespaceProblem);
    problems.add(checkDnsSubdomain(project, 'project'));
    problems.add(checkRepoUrl(props.repoUrl));
    problems.add(checkRepoPath(props.path));
    problems.add(checkDnsLabel(props.destinationNamespace, 'destinationNamespace'));
    problems.add(checkDestination(props.destinationServer, props.destinationName));
    problems.addAll(checkSyncOptions(props.syncOptions, 'syncOptions'));
    problems.addAll(checkSyncOptions(props.extraSyncOptions, 'extraSyncOptions'));
    problems.add(checkIntegerRange(retryLimit, 'retryLimit', 0, MAX_INT32));
    if (retryLimit > 0) {
      const backoff = { allowed: 'Duration.seconds(n), Duration.minutes(n), ... of 1 second or more', fix: 'round it to whole seconds, e.g. Duration.seconds(5)' };
      problems.add(checkWholeSeconds(retryBackoff, 'retryBackoff', 1, backoff));
      problems.add(checkWholeSeconds(retryBackoffMax, 'retryBackoffMax', 1, backoff));
      problems.add(checkIntegerRange(retryBackoffFactor, 'retryBackoffFactor', 1, MAX_INT32));
      problems.add(checkBackoffOrder(retryBackoff, retryBackoffMax));
    }

    const syncPolicy = {
      automated: syncMode._toArgo(),
      syncOptions: renderSyncOptions(syncOptions, props.prunePropagationPolicy),
      retry: retryLimit > 0 ? renderRetry(retryLimit, retryBackoff, retryBackoffFactor, retryBackoffMax) : undefined,
    };
    const hasSyncPolicy = Object.values(syncPolicy).some((v) => v !== undefined);

    const directory = {
      recurse: props.recurse ? true : undefined,
      include: props.include,
      exclude: props.exclude,
    };
    const hasDirectory = Object.values(directory).some((v) => v !== undefined);

    const finalizers = FINALIZERS[cascadeDeletion];

    this.name = name;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name,
        // An invalid namespace is reported once, as the prop, not again by the rule engine.
        namespace: namespaceProblem ? undefined : namespace,
        labels: sortKeys({
          ...(props.labels ?? {}),
          [LABEL_NAME]: name,
          [LABEL_MANAGED_BY]: MANAGED_BY,
        }),
        ...(finalizers.length > 0 ? { finalizers: [...finalizers] } : {}),
      },
      spec: {
        project,
        source: {
          repoURL: props.repoUrl,
          targetRevision,
          path: props.path,
          directory: hasDirectory ? directory : undefined,
        },
        destination: {
          server: props.destinationName === undefined ? (props.destinationServer ?? IN_CLUSTER_SERVER) : props.destinationServer,
          name: props.destinationName,
          namespace: props.destinationNamespace,
        },
        // An empty `syncPolicy: {}` is dropped by Argo CD and leaves an app of apps OutOfSync (argoproj/argo-cd#19043).
        syncPolicy: hasSyncPolicy ? syncPolicy : undefined,
      },
    });
    // Checked with every other object of the app: e.g. two Applications with one name in one namespace.
    const checks = AppChecks.of(this);
    checks.register(this, this.apiObject);
    const report = problems.all;
    this.node.addValidation({ validate: () => checks.report(this, report) });
  }
}

// ---------------------------------------------------------------------------------------------------
// Rendering

function renderSyncOptions(options: readonly SyncOption[], prunePropagation: PrunePropagationPolicy | undefined): string[] | undefined {
  const all = new Set<string>(options.filter((o) => o instanceof SyncOption).map((o) => o.value));
  if (prunePropagation !== undefined) all.add(`PrunePropagationPolicy=${prunePropagation}`);
  return all.size > 0 ? [...all].sort() : undefined;
}

function renderRetry(limit: number, backoff: Duration, factor: number, max: Duration): ArgoSyncPolicyRetry {
  return {
    limit,
    backoff: {
      duration: goDuration(backoff),
      factor,
      maxDuration: goDuration(max),
    },
  };
}

/** A Go duration string as Argo CD parses it, in the largest whole unit: `5s`, `3m`, `1h`. */
function goDuration(d: Duration): string {
  const s = Math.round(seconds(d));
  if (s !== 0 && s % 3600 === 0) return `${s / 3600}h`;
  if (s !== 0 && s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

// ---------------------------------------------------------------------------------------------------
// Checks

const GIT_URL = [/^https:\/\/[^\s/]+\/\S+$/, /^ssh:\/\/[^\s/]+\/\S+$/, /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:\S+$/];

function checkRepoUrl(value: string): Problem | undefined {
  const allowed = 'https://host/path, ssh://host/path or git@host:path';
  if (value.trim() === '') {
    return { property: 'repoUrl', problem: 'must not be empty', value, allowed, fix: 'set the clone URL of the repository that holds the rendered manifests' };
  }
  if (GIT_URL.some((re) => re.test(value))) return undefined;
  return { property: 'repoUrl', problem: 'must be a Git clone URL', value, allowed, fix: 'use the clone URL shown by your Git host, e.g. "https://github.com/example/sites.git"' };
}

function checkRepoPath(value: string): Problem | undefined {
  const allowed = 'a directory relative to the repository root, such as "dist" (or "." for the root)';
  const fail = (problem: string, fix: string): Problem => ({ property: 'path', problem, value, allowed, fix });
  if (value === '') return fail('must not be empty', 'use "." for the repository root');
  if (value.startsWith('/')) return fail('must be relative to the repository root', `remove the leading '/': ${JSON.stringify(value.replace(/^\/+/, '') || '.')}`);
  if (value.split('/').includes('..')) return fail("must not contain '..'", 'point at a directory inside the repository');
  return undefined;
}

function checkDestination(server: string | undefined, name: string | undefined): Problem | undefined {
  if (server !== undefined && name !== undefined) {
    return {
      property: 'destinationName',
      problem: 'cannot be combined with destinationServer',
      value: name,
      allowed: 'either destinationServer or destinationName',
      fix: `remove destinationServer (${JSON.stringify(server)}) or destinationName`,
    };
  }
  if (name !== undefined && name.trim() === '') {
    return { property: 'destinationName', problem: 'must not be empty', value: name, allowed: 'the name of a cluster registered in Argo CD', fix: 'set the cluster name, or leave destinationName unset for the in-cluster server' };
  }
  if (server !== undefined && !/^https?:\/\/\S+$/.test(server)) {
    return { property: 'destinationServer', problem: 'must be an API server URL', value: server, allowed: 'an http(s) URL such as "https://kubernetes.default.svc"', fix: 'use the server URL of a cluster registered in Argo CD' };
  }
  return undefined;
}

/** Problems of a list of sync options: not a list, an entry that is not a `SyncOption`, or the entry's own. */
function checkSyncOptions(value: readonly SyncOption[] | undefined, property: string): Problem[] {
  if (value === undefined) return [];
  const allowed = `a list of SyncOption values: ${SyncOption.known().map((o) => o._code).join(', ')}, or SyncOption.of("Key=value")`;
  if (!Array.isArray(value)) {
    return [{ property, problem: 'must be a list', value, allowed, fix: 'pass a list, e.g. [SyncOption.SERVER_SIDE_APPLY]' }];
  }
  return value.flatMap((option: unknown, index): Problem[] => {
    const at = `${property}[${index}]`;
    if (option instanceof SyncOption) return nestProblems(at, option._problems);
    // A plain string (from JavaScript): the constant it spells, else what SyncOption.of would say of it.
    let fix = 'use a SyncOption constant or SyncOption.of("Key=value")';
    if (typeof option === 'string') {
      const constant = SyncOption.known().find((o) => o.value === option);
      fix = constant !== undefined ? `use ${constant._code}` : (SyncOption.of(option)._problems[0]?.fix ?? `use SyncOption.of(${JSON.stringify(option)})`);
    }
    return [{ property: at, problem: 'must be a SyncOption', value: option, allowed, fix }];
  });
}

function checkBackoffOrder(backoff: Duration, max: Duration): Problem | undefined {
  const b = seconds(backoff);
  const m = seconds(max);
  if (!(m < b)) return undefined;
  return {
    property: 'retryBackoffMax',
    problem: `must not be shorter than retryBackoff (${b}s)`,
    value: `${m}s`,
    allowed: `a duration of at least ${b}s`,
    fix: 'raise retryBackoffMax or lower retryBackoff',
  };
}
