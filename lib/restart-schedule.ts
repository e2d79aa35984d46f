import { Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ContainerImage, ImagePullPolicy } from './container-image';
import { AppChecks } from './app-checks';
import { seconds } from './internal/duration';
import { COMPONENT_RESTART, LABEL_COMPONENT, LABEL_INSTANCE, POLARIS_INSTANCE_MISMATCH_EXEMPT, sortKeys } from './internal/labels';
import { nestProblems, Problem, ProblemList } from './internal/problems';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './internal/security';
import { checkCronSchedule, checkDnsLabel, checkIntegerRange, checkTimeZone, checkWholeSeconds, MAX_INT32 } from './internal/validators';

/** The user and group a hardened pod runs as. */
export interface PodIdentity {
  /** Numeric user id (>= 10000 keeps clear of host users; kube-score `container-security-context-user-group-id`). */
  readonly runAsUser: number;
  /** Numeric group id (also the `fsGroup` of writable volumes). */
  readonly runAsGroup: number;
}

/**
 * Options shared by every `RestartSchedule` factory.
 *
 * Everything here tunes the CronJob and its Job; the restart itself is always
 * `kubectl rollout restart deployment/<name>`.
 */
export interface RestartScheduleOptions {
  /**
   * IANA time zone the schedule is read in (CronJob `spec.timeZone`, stable since Kubernetes 1.27),
   * e.g. `'Europe/Paris'`.
   *
   * Without `spec.timeZone` the schedule is read in the local time of the kube-controller-manager process,
   * which depends on how the control plane was installed and can differ between clusters. The default
   * pins it to UTC so that `'0 3 * * *'` means the same instant everywhere; set your own zone to keep
   * "3 a.m. local" across daylight-saving changes. In zones with daylight saving, avoid times between
   * 02:00 and 03:00: on the switch days they happen twice or not at all.
   *
   * @default 'Etc/UTC'
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
   */
  readonly timeZone?: string;

  /**
   * Image that runs `kubectl`. Must be pinned: a version tag or a digest; `latest` and untagged images
   * are refused, so a restart never starts with an unexpected kubectl.
   *
   * The default is the image the Kubernetes project publishes with every release since v1.28
   * (multi-arch, distroless: no shell, `kubectl` as entrypoint). The Job needs no shell: its container
   * runs `kubectl` directly. The image does not switch to a non-root user; the pod runs as `identity`.
   *
   * Version: kubectl supports API servers one minor version older or newer, so v1.30 is within policy
   * for clusters 1.29–1.31. `rollout restart` only GETs and PATCHes an `apps/v1` Deployment (and
   * `rollout status` watches it), calls that work well beyond that skew; to stay within the documented
   * policy, pin the image to your cluster's minor version (`registry.k8s.io/kubectl:v1.28.x` is the
   * oldest published, for 1.27 clusters).
   *
   * @default RestartSchedule.DEFAULT_KUBECTL_IMAGE ('registry.k8s.io/kubectl:v1.30.14')
   * @see https://kubernetes.io/releases/version-skew-policy/#kubectl
   */
  readonly kubectlImage?: ContainerImage;

  /**
   * How late a run may still start when it was missed, e.g. because the controller was down or the
   * cluster was being upgraded (`startingDeadlineSeconds`). After that, the run is skipped until the
   * next scheduled time rather than restarting the site at an unexpected hour. It also keeps the
   * controller from giving up after 100 missed runs. At least 10 seconds: the controller checks every
   * 10 seconds.
   *
   * @default Duration.minutes(10)
   */
  readonly startingDeadline?: Duration;

  /**
   * Finished successful Jobs kept (`successfulJobsHistoryLimit`). One is enough to see the last run.
   * @default 1
   */
  readonly successfulJobsHistoryLimit?: number;

  /**
   * Finished failed Jobs kept (`failedJobsHistoryLimit`), with their pods and logs, so a failure stays
   * visible for a few days.
   * @default 3
   */
  readonly failedJobsHistoryLimit?: number;

  /**
   * Retries of a failed pod (`backoffLimit`); covers a brief API server outage or a node lost mid-run.
   * With `rolloutTimeout`, a retry restarts the Deployment again before waiting (harmless: a rolling
   * update keeps the old pods until new ones are ready); set 0 if a failed wait should end the run.
   * @default 2
   */
  readonly backoffLimit?: number;

  /**
   * Time limit of the whole Job, retries included (`activeDeadlineSeconds`). Stops a run stuck on an
   * image pull or an unreachable API server before the next one is due.
   * @default Duration.minutes(10), or `rolloutTimeout` plus 1 minute if that is longer
   */
  readonly activeDeadline?: Duration;

  /**
   * When set, the Job waits for the rollout to finish (`kubectl rollout status --timeout=...`) after the
   * restart, and fails if it does not within this time or if the Deployment reports
   * `ProgressDeadlineExceeded`: a stuck restart shows up as a failed Job.
   *
   * Off by default because `rollout status` lists and watches the Deployment, so the Role then also
   * grants `list` and `watch` (still only on this Deployment, through `resourceNames`; the command
   * filters by `metadata.name`, which RBAC requires for that). Without it the Role grants exactly
   * `get` and `patch`, what `rollout restart` needs.
   *
   * @default - no wait: the Job succeeds once the Deployment is patched
   */
  readonly rolloutTimeout?: Duration;

  /**
   * Pauses the schedule (`suspend`) without deleting anything.
   * @default false
   */
  readonly suspend?: boolean;
}

/** Options of `RestartSchedule.daily()`. */
export interface DailyRestartScheduleOptions extends RestartScheduleOptions {
  /**
   * Hour of the day, 0–23, in `timeZone`. 3 a.m. is after most daily image builds and before traffic.
   * @default 3
   */
  readonly hour?: number;

  /**
   * Minute of the hour, 0–59.
   * @default 0
   */
  readonly minute?: number;
}

/**
 * When and how a website's Deployment is restarted, so that pods pull the image again (`latest`
 * rebuilt daily) without anyone running `kubectl rollout restart` by hand.
 *
 * Pass it as `restartSchedule` to `ZeroDowntimeWebsite`, which renders a `ScheduledRestart`. The
 * restart is an ordinary rolling update, so it keeps every zero-downtime guarantee of the site.
 *
 * The GitOps alternative needs no in-cluster credentials: the website's restart token writes
 * `kubectl.kubernetes.io/restartedAt` into the pod template, and a commit that changes it rolls the
 * pods. Prefer it when every change must go through Git; use a schedule when nobody should have to
 * commit every day.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export class RestartSchedule {
  /**
   * The default kubectl image: the Kubernetes project's own, last patch release of 1.30.
   * @see RestartScheduleOptions.kubectlImage
   */
  public static readonly DEFAULT_KUBECTL_IMAGE: ContainerImage = ContainerImage.fromRegistry('registry.k8s.io/kubectl:v1.30.14');

  /**
   * Restarts on a cron schedule, e.g. `RestartSchedule.cron('0 3 * * *', { timeZone: 'Europe/Paris' })`.
   * @param schedule five cron fields (minute hour day-of-month month day-of-week) or a macro such as
   *   `@daily`; the time zone goes in `options.timeZone`, not in the schedule.
   * Problems (bad schedule, time zone, image...) are reported when the app is synthesized, with the
   * path of the website that uses the schedule.
   */
  public static cron(schedule: string, options: RestartScheduleOptions = {}): RestartSchedule {
    return new RestartSchedule(schedule, options, []);
  }

  /**
   * Restarts once a day at `hour:minute` in `timeZone`; `RestartSchedule.daily({ hour: 3 })` is
   * `cron('0 3 * * *')`.
   * Problems are reported when the app is synthesized, like `cron()`'s.
   */
  public static daily(options: DailyRestartScheduleOptions = {}): RestartSchedule {
    const hour = options.hour ?? 3;
    const minute = options.minute ?? 0;
    const problems = [checkIntegerRange(hour, 'hour', 0, 23), checkIntegerRange(minute, 'minute', 0, 59)].filter((p): p is Problem => p !== undefined);
    // A bad hour or minute is reported once, not again as a bad schedule.
    const schedule = problems.length === 0 ? `${minute} ${hour} * * *` : '0 3 * * *';
    return new RestartSchedule(schedule, options, problems);
  }

  /** The cron schedule (CronJob `spec.schedule`). */
  public readonly schedule: string;
  /** The time zone (CronJob `spec.timeZone`). */
  public readonly timeZone: string;
  /** The pinned kubectl image. */
  public readonly kubectlImage: ContainerImage;
  /** `IfNotPresent` for an image pinned to a version or digest (never re-pushed), else `Always`. */
  public readonly imagePullPolicy: ImagePullPolicy;
  /** Latest start of a missed run (`startingDeadlineSeconds`). */
  public readonly startingDeadline: Duration;
  /** Successful Jobs kept. */
  public readonly successfulJobsHistoryLimit: number;
  /** Failed Jobs kept. */
  public readonly failedJobsHistoryLimit: number;
  /** Pod retries per Job. */
  public readonly backoffLimit: number;
  /** Time limit of a Job (`activeDeadlineSeconds`). */
  public readonly activeDeadline: Duration;
  /** Wait for the rollout to finish, if set. */
  public readonly rolloutTimeout?: Duration;
  /** Whether the schedule is paused. */
  public readonly suspend: boolean;
  /** Problems with the schedule and options, reported by the construct that uses it. @internal */
  public readonly _problems: Problem[];

  private constructor(schedule: string, options: RestartScheduleOptions, earlier: Problem[]) {
    // Defaults, resolved once: the checks below and the CronJob read these fields.
    this.schedule = typeof schedule === 'string' ? schedule.trim() : String(schedule);
    this.timeZone = options.timeZone ?? 'Etc/UTC';
    this.kubectlImage = options.kubectlImage ?? RestartSchedule.DEFAULT_KUBECTL_IMAGE;
    this.imagePullPolicy = versionPinned(this.kubectlImage) ? ImagePullPolicy.IF_NOT_PRESENT : ImagePullPolicy.ALWAYS;
    this.startingDeadline = options.startingDeadline ?? Duration.minutes(10);
    this.rolloutTimeout = options.rolloutTimeout;
    this.activeDeadline = options.activeDeadline ?? defaultActiveDeadline(this.rolloutTimeout);
    this.successfulJobsHistoryLimit = options.successfulJobsHistoryLimit ?? 1;
    this.failedJobsHistoryLimit = options.failedJobsHistoryLimit ?? 3;
    this.backoffLimit = options.backoffLimit ?? 2;
    this.suspend = options.suspend ?? false;

    // Never thrown here: the construct that uses this schedule reports the problems at synth time,
    // with its construct path, together with every other problem of the app.
    const problems = new ProblemList();
    problems.addAll(earlier);
    problems.add(checkCronSchedule(schedule, 'schedule'));
    problems.add(checkTimeZone(this.timeZone, 'timeZone'));
    problems.addAll(kubectlImageProblems(this.kubectlImage));
    problems.add(checkWholeSeconds(this.startingDeadline, 'startingDeadline', 10, {
      allowed: 'whole seconds, at least 10 (the CronJob controller checks every 10 seconds)',
      fix: 'use e.g. Duration.minutes(10)',
    }));
    if (this.rolloutTimeout !== undefined) {
      problems.add(checkWholeSeconds(this.rolloutTimeout, 'rolloutTimeout', 1, { fix: 'use e.g. Duration.minutes(10), or leave it unset to skip the wait' }));
    }
    problems.add(checkWholeSeconds(this.activeDeadline, 'activeDeadline', 1, { fix: 'use e.g. Duration.minutes(10)' }));
    if (this.rolloutTimeout !== undefined && options.activeDeadline !== undefined) {
      const active = seconds(this.activeDeadline);
      const wait = seconds(this.rolloutTimeout);
      if (Number.isInteger(active) && Number.isInteger(wait) && active <= wait) {
        problems.add({
          property: 'activeDeadline',
          problem: `must be longer than rolloutTimeout (${wait}s), or the Job is killed while still waiting`,
          value: `${active}s`,
          allowed: `more than ${wait}s; leave room to pull the image and restart`,
          fix: `set activeDeadline to at least Duration.seconds(${wait + 60}), or leave it unset`,
        });
      }
    }
    problems.add(checkIntegerRange(this.successfulJobsHistoryLimit, 'successfulJobsHistoryLimit', 0, 100));
    problems.add(checkIntegerRange(this.failedJobsHistoryLimit, 'failedJobsHistoryLimit', 0, 100));
    problems.add(checkIntegerRange(this.backoffLimit, 'backoffLimit', 0, 10));
    this._problems = problems.all;
  }
}

/** Props of `ScheduledRestart`. */
export interface ScheduledRestartProps {
  /**
   * Name of the Deployment to restart, in the same namespace. Also names every object of this
   * construct: `<deploymentName>-restart`.
   */
  readonly deploymentName: string;

  /** When and how to restart. */
  readonly schedule: RestartSchedule;

  /**
   * Recommended labels of these objects and of the Job's pods. `app.kubernetes.io/component` must be
   * `restart` (added when missing): with `web`, the website's Service and PodDisruptionBudget would
   * select the Job's pods.
   */
  readonly labels: Record<string, string>;

  /** User and group the Job's pod runs as; the website's own identity fits. */
  readonly identity: PodIdentity;

  /**
   * Namespace of every object (`metadata.namespace`), also passed to kubectl as `--namespace`.
   * @default - the chart's namespace, if any; kubectl then uses the pod's own namespace
   */
  readonly namespaceName?: string;
}

/** Name of the `/tmp` volume: kubectl's discovery cache goes there (`HOME=/tmp`). */
const TMP_VOLUME = 'tmp';

/**
 * A CronJob that runs `kubectl rollout restart deployment/<name>` on a `RestartSchedule`, with its own
 * ServiceAccount and a Role that may only `get` and `patch` that one Deployment.
 *
 * Renders, all named `<deploymentName>-restart`:
 * - `ServiceAccount` with `automountServiceAccountToken: false`: no other pod that borrows it gets a
 *   token;
 * - `Role`: `get` and `patch` on `deployments` (`apps`) with `resourceNames: [deploymentName]`, exactly
 *   what `kubectl rollout restart` does (a GET of the object, then a strategic-merge PATCH of
 *   `spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]`); plus `list` and
 *   `watch` on the same name when `rolloutTimeout` is set;
 * - `RoleBinding` of that Role to the ServiceAccount;
 * - `CronJob` (`concurrencyPolicy: Forbid`) whose pod opts in to the token
 *   (`automountServiceAccountToken: true`, which wins over the ServiceAccount's `false`) and runs
 *   hardened like the website: non-root, read-only root filesystem, no capabilities, seccomp
 *   `RuntimeDefault`, small requests and limits, `HOME=/tmp` on an `emptyDir` for kubectl's cache.
 *
 * Linter exemptions, on the CronJob's metadata, each for a deliberate choice:
 * - `polaris.fairwinds.com/automountServiceAccountToken-exempt`: the Job must talk to the API server
 *   (kube-linter and kube-score have no default check for this);
 * - `polaris.fairwinds.com/pullPolicyNotAlways-exempt` and `kube-score/ignore: container-image-pull-policy`,
 *   only when the image is pinned to a version or digest: `IfNotPresent` then cannot run a stale image,
 *   and a restart still works while the registry is unreachable;
 * - `polaris.fairwinds.com/priorityClassNotSet-exempt`: a PriorityClass is cluster-scoped and may not
 *   exist in the cluster (the same reason as on the website's Deployment);
 * - `polaris.fairwinds.com/metadataAndInstanceMismatched-exempt`, only when `app.kubernetes.io/instance`
 *   names the site rather than this CronJob, which is part of that instance.
 *
 * No `ttlSecondsAfterFinished`: the history limits already remove old Jobs, and a TTL would delete
 * failed Jobs before anyone looks at them.
 */
export class ScheduledRestart extends Construct {
  /** The CronJob (also `node.defaultChild`). */
  public readonly cronJob: k8s.KubeCronJob;
  /** The ServiceAccount the Job runs as. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The Role allowing the restart of one Deployment. */
  public readonly role: k8s.KubeRole;
  /** The RoleBinding of `role` to `serviceAccount`. */
  public readonly roleBinding: k8s.KubeRoleBinding;

  /**
   * A restart whose inputs its parent has checked and reports itself (`ZeroDowntimeWebsite`): it is
   * built whatever those problems are, and reports its rule findings only, so that every problem of
   * the site comes in one report, each once.
   * @internal
   */
  public static _inherited(scope: Construct, id: string, props: ScheduledRestartProps): ScheduledRestart {
    const restart = new ScheduledRestart(scope, id, props);
    restart.inputsReportedByParent = true;
    return restart;
  }

  /** Problems in the props (the schedule's own under `schedule.`), reported at synth. */
  private readonly problems: Problem[];
  /** True when the parent reports the problems of the props (`_inherited`). */
  private inputsReportedByParent = false;

  constructor(scope: Construct, id: string, props: ScheduledRestartProps) {
    super(scope, id);
    // Never thrown: every problem is reported at synth with this construct's path, with the rule findings.
    const problems = new ProblemList();
    const name = `${props.deploymentName}-restart`;
    problems.addAll(deploymentNameProblems(props.deploymentName, name));
    const namespaceProblem = props.namespaceName === undefined ? undefined : checkDnsLabel(props.namespaceName, 'namespaceName');
    problems.add(namespaceProblem);
    // An invalid namespace is reported once, as this prop, not again by the rule engine.
    const namespace = namespaceProblem ? undefined : props.namespaceName;
    problems.addAll(identityProblems(props.identity));
    const labels = restartLabels(problems, props.labels ?? {});
    const schedule = props.schedule instanceof RestartSchedule ? props.schedule : RestartSchedule.daily();
    if (!(props.schedule instanceof RestartSchedule)) {
      problems.add({ property: 'schedule', problem: 'must be a RestartSchedule', value: props.schedule, allowed: 'RestartSchedule.cron() or RestartSchedule.daily()', fix: "pass e.g. RestartSchedule.cron('0 3 * * *')" });
    }
    problems.addAll(nestProblems('schedule', schedule._problems));
    this.problems = problems.all;

    const subjectNamespace = namespace ?? Chart.of(this).namespace;
    const metadata: k8s.ObjectMeta = { name, namespace, labels };

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata,
      automountServiceAccountToken: false,
    });

    const verbs = schedule.rolloutTimeout === undefined ? ['get', 'patch'] : ['get', 'list', 'patch', 'watch'];
    this.role = new k8s.KubeRole(this, 'Role', {
      metadata,
      rules: [{ apiGroups: ['apps'], resources: ['deployments'], resourceNames: [props.deploymentName], verbs }],
    });

    this.roleBinding = new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      // Without a namespace, RBAC reads a ServiceAccount subject in the RoleBinding's own namespace.
      subjects: [{ kind: 'ServiceAccount', name, namespace: subjectNamespace }],
    });

    const target = `deployment/${props.deploymentName}`;
    const namespaceArgs = namespace === undefined ? [] : [`--namespace=${namespace}`];
    const restart = kubectlContainer('restart', schedule, props.identity, ['rollout', 'restart', target, ...namespaceArgs]);
    const status =
      schedule.rolloutTimeout === undefined
        ? undefined
        : kubectlContainer('status', schedule, props.identity, [
          'rollout',
          'status',
          target,
          `--timeout=${seconds(schedule.rolloutTimeout)}s`,
          ...namespaceArgs,
        ]);

    const podSpec: k8s.PodSpec = {
      serviceAccountName: name,
      automountServiceAccountToken: true,
      restartPolicy: 'Never',
      securityContext: restrictedPodSecurityContext(props.identity),
      // Init containers run in order: restart first, then wait for the rollout in the main container.
      initContainers: status === undefined ? undefined : [restart],
      containers: [status ?? restart],
      volumes: [{ name: TMP_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }],
    };

    this.cronJob = new k8s.KubeCronJob(this, 'Resource', {
      metadata: { ...metadata, annotations: linterExemptions(name, labels, schedule) },
      spec: {
        schedule: schedule.schedule,
        timeZone: schedule.timeZone,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: seconds(schedule.startingDeadline),
        successfulJobsHistoryLimit: schedule.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: schedule.failedJobsHistoryLimit,
        suspend: schedule.suspend,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: schedule.backoffLimit,
            activeDeadlineSeconds: seconds(schedule.activeDeadline),
            template: {
              metadata: { labels },
              spec: podSpec,
            },
          },
        },
      },
    });

    // Checked with every other object of the app, like a website's objects.
    const checks = AppChecks.of(this);
    checks.register(this, this.serviceAccount, this.role, this.roleBinding, this.cronJob);
    this.node.addValidation({ validate: () => checks.report(this, this.inputsReportedByParent ? [] : this.problems) });
  }
}

/** One container running kubectl with `args`, hardened and sized for a few API calls. */
function kubectlContainer(name: string, schedule: RestartSchedule, identity: PodIdentity, args: string[]): k8s.Container {
  return {
    name,
    image: schedule.kubectlImage.reference,
    imagePullPolicy: schedule.imagePullPolicy,
    // `command` rather than the image's entrypoint, so any image with kubectl on its PATH works.
    command: ['kubectl'],
    args,
    // kubectl caches API discovery under $HOME/.kube/cache; the root filesystem is read-only.
    env: [{ name: 'HOME', value: '/tmp' }],
    volumeMounts: [{ name: TMP_VOLUME, mountPath: '/tmp' }],
    securityContext: restrictedContainerSecurityContext(identity),
    resources: {
      // Memory: kubectl parses API discovery, which grows with the CRDs installed; 64Mi leaves little room.
      requests: {
        'cpu': k8s.Quantity.fromString('10m'),
        'memory': k8s.Quantity.fromString('64Mi'),
        'ephemeral-storage': k8s.Quantity.fromString('16Mi'),
      },
      limits: {
        'cpu': k8s.Quantity.fromString('100m'),
        'memory': k8s.Quantity.fromString('128Mi'),
        'ephemeral-storage': k8s.Quantity.fromString('64Mi'),
      },
    },
  };
}

/** Annotations that tell Polaris and kube-score which findings are deliberate; sorted. */
function linterExemptions(name: string, labels: Record<string, string>, schedule: RestartSchedule): Record<string, string> {
  const annotations: Record<string, string> = {
    'polaris.fairwinds.com/automountServiceAccountToken-exempt': 'true',
    // Same reason as the website's: a PriorityClass is cluster-scoped and may not exist.
    'polaris.fairwinds.com/priorityClassNotSet-exempt': 'true',
  };
  if (schedule.imagePullPolicy !== ImagePullPolicy.ALWAYS) {
    annotations['polaris.fairwinds.com/pullPolicyNotAlways-exempt'] = 'true';
    annotations['kube-score/ignore'] = 'container-image-pull-policy';
  }
  const instance = labels[LABEL_INSTANCE];
  if (instance !== undefined && instance !== name) {
    annotations[POLARIS_INSTANCE_MISMATCH_EXEMPT] = 'true';
  }
  return sortKeys(annotations);
}

/** The labels of every object, with `component: restart`; sorted. */
function restartLabels(problems: ProblemList, labels: Record<string, string>): Record<string, string> {
  const component = labels[LABEL_COMPONENT];
  if (component !== undefined && component !== COMPONENT_RESTART) {
    problems.add({
      property: `labels["${LABEL_COMPONENT}"]`,
      problem: "must be the restart job's own component, or the website's Service and PodDisruptionBudget select the job's pods",
      value: component,
      allowed: `"${COMPONENT_RESTART}"`,
      fix: `set it to "${COMPONENT_RESTART}" or leave it out`,
    });
  }
  return sortKeys({ ...labels, [LABEL_COMPONENT]: COMPONENT_RESTART });
}

/** Job deadline when none is given: 10 minutes, or the rollout wait plus a minute. */
function defaultActiveDeadline(rolloutTimeout: Duration | undefined): Duration {
  const base = 600;
  if (rolloutTimeout === undefined) return Duration.seconds(base);
  const wait = seconds(rolloutTimeout);
  return Duration.seconds(Number.isInteger(wait) && wait + 60 > base ? wait + 60 : base);
}

/** True for an image pinned to a full version tag (`v1.30.14`, `1.30.14`) or a digest: never re-pushed. */
function versionPinned(image: ContainerImage): boolean {
  return image.digest !== undefined || (image.tag !== undefined && /^v?\d+\.\d+\.\d+$/.test(image.tag));
}

/** The kubectl image's own problems, and a refusal of mutable references (`latest`, no tag). */
function kubectlImageProblems(image: ContainerImage): Problem[] {
  if (!(image instanceof ContainerImage)) {
    return [{ property: 'kubectlImage', problem: 'must be a ContainerImage', value: image, allowed: 'ContainerImage.fromRegistry(...) with a version tag or a digest', fix: 'pass e.g. ContainerImage.fromRegistry(\'registry.k8s.io/kubectl:v1.30.14\')' }];
  }
  if (image._problems.length > 0) return nestProblems('kubectlImage', image._problems);
  if (!image.floating) return [];
  return [{
    property: 'kubectlImage',
    problem: 'must be pinned to a version (an untagged image means latest)',
    value: image.reference,
    allowed: `an image with a version tag or a digest, e.g. ${JSON.stringify(RestartSchedule.DEFAULT_KUBECTL_IMAGE.reference)}`,
    fix: `pin a kubectl version, e.g. kubectlImage: ContainerImage.fromRegistry(${JSON.stringify(RestartSchedule.DEFAULT_KUBECTL_IMAGE.reference)}), or leave it out for the default`,
  }];
}

/** Longest CronJob name: the controller appends 11 characters to name each Job, which must fit 63. */
const MAX_CRONJOB_NAME = 52;

function deploymentNameProblems(deploymentName: string, cronJobName: string): Problem[] {
  const invalid = checkDnsLabel(deploymentName, 'deploymentName');
  if (invalid) return [invalid];
  if (cronJobName.length <= MAX_CRONJOB_NAME) return [];
  return [{
    property: 'deploymentName',
    problem: `makes the CronJob name "${cronJobName}" ${cronJobName.length} characters long`,
    value: deploymentName,
    allowed: `at most ${MAX_CRONJOB_NAME - '-restart'.length} characters, so that "<deploymentName>-restart" fits the CronJob limit of ${MAX_CRONJOB_NAME} (the controller appends 11 characters to each Job name)`,
    fix: 'shorten the Deployment name',
  }];
}

function identityProblems(identity: PodIdentity): Problem[] {
  return (['runAsUser', 'runAsGroup'] as const)
    .map((key) => checkIntegerRange(identity?.[key], `identity.${key}`, 1, MAX_INT32))
    .filter((p): p is Problem => p !== undefined);
}
