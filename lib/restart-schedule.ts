import { Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Problem, ProblemList } from './errors';
import { COMPONENT_RESTART, LABEL_COMPONENT, LABEL_INSTANCE, sortKeys } from './internal/labels';
import { PodIdentity, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './internal/security';
import { checkCronSchedule, checkTimeZone } from './validation';

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
  readonly kubectlImage?: string;

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
  public static readonly DEFAULT_KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.30.14';

  /**
   * Restarts on a cron schedule, e.g. `RestartSchedule.cron('0 3 * * *', { timeZone: 'Europe/Paris' })`.
   * @param schedule five cron fields (minute hour day-of-month month day-of-week) or a macro such as
   *   `@daily`; the time zone goes in `options.timeZone`, not in the schedule.
   * Problems (bad schedule, time zone, image...) are reported when the app is synthesized, with the
   * path of the website that uses the schedule.
   */
  public static cron(schedule: string, options: RestartScheduleOptions = {}): RestartSchedule {
    return new RestartSchedule(schedule, options, new ProblemList());
  }

  /**
   * Restarts once a day at `hour:minute` in `timeZone`; `RestartSchedule.daily({ hour: 3 })` is
   * `cron('0 3 * * *')`.
   * Problems are reported when the app is synthesized, like `cron()`'s.
   */
  public static daily(options: DailyRestartScheduleOptions = {}): RestartSchedule {
    const problems = new ProblemList();
    const hour = options.hour ?? 3;
    const minute = options.minute ?? 0;
    checkInteger(problems, 'hour', hour, 0, 23, 'a whole hour from 0 to 23', 'pass e.g. hour: 3');
    checkInteger(problems, 'minute', minute, 0, 59, 'a whole minute from 0 to 59', 'pass e.g. minute: 30');
    // A bad hour or minute is reported once, not again as a bad schedule.
    const schedule = problems.all.length === 0 ? `${minute} ${hour} * * *` : '0 3 * * *';
    return new RestartSchedule(schedule, options, problems);
  }

  /** The cron schedule (CronJob `spec.schedule`). */
  public readonly schedule: string;
  /** The time zone (CronJob `spec.timeZone`). */
  public readonly timeZone: string;
  /** The pinned kubectl image. */
  public readonly kubectlImage: string;
  /** `IfNotPresent` for an image pinned to a version or digest (never re-pushed), else `Always`. */
  public readonly imagePullPolicy: 'IfNotPresent' | 'Always';
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
  public readonly _problems: readonly Problem[];

  private constructor(schedule: string, options: RestartScheduleOptions, problems: ProblemList) {
    addIfAny(problems, checkCronSchedule(schedule, 'schedule'));
    const timeZone = options.timeZone ?? 'Etc/UTC';
    addIfAny(problems, checkTimeZone(timeZone, 'timeZone'));
    const kubectlImage = options.kubectlImage ?? RestartSchedule.DEFAULT_KUBECTL_IMAGE;
    const pin = checkKubectlImage(problems, kubectlImage);

    const startingDeadline = options.startingDeadline ?? Duration.minutes(10);
    checkDuration(problems, 'startingDeadline', startingDeadline, 10, 'whole seconds, at least 10 (the CronJob controller checks every 10 seconds)', 'use e.g. Duration.minutes(10)');
    const rolloutTimeout = options.rolloutTimeout;
    if (rolloutTimeout !== undefined) {
      checkDuration(problems, 'rolloutTimeout', rolloutTimeout, 1, 'whole seconds, at least 1', 'use e.g. Duration.minutes(10), or leave it unset to skip the wait');
    }
    const activeDeadline = options.activeDeadline ?? defaultActiveDeadline(rolloutTimeout);
    checkDuration(problems, 'activeDeadline', activeDeadline, 1, 'whole seconds, at least 1', 'use e.g. Duration.minutes(10)');
    if (rolloutTimeout !== undefined && options.activeDeadline !== undefined) {
      const active = secondsOf(activeDeadline);
      const wait = secondsOf(rolloutTimeout);
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

    const successfulJobsHistoryLimit = options.successfulJobsHistoryLimit ?? 1;
    checkInteger(problems, 'successfulJobsHistoryLimit', successfulJobsHistoryLimit, 0, 100, 'a whole number from 0 to 100', 'use e.g. 1');
    const failedJobsHistoryLimit = options.failedJobsHistoryLimit ?? 3;
    checkInteger(problems, 'failedJobsHistoryLimit', failedJobsHistoryLimit, 0, 100, 'a whole number from 0 to 100', 'use e.g. 3');
    const backoffLimit = options.backoffLimit ?? 2;
    checkInteger(problems, 'backoffLimit', backoffLimit, 0, 10, 'a whole number from 0 to 10', 'use e.g. 2');

    // Never thrown here: the construct that uses this schedule reports the problems at synth time,
    // with its construct path, together with every other problem of the app.
    this._problems = [...problems.all];

    this.schedule = typeof schedule === 'string' ? schedule.trim() : String(schedule);
    this.timeZone = timeZone;
    this.kubectlImage = kubectlImage;
    this.imagePullPolicy = pin.versionPinned ? 'IfNotPresent' : 'Always';
    this.startingDeadline = startingDeadline;
    this.successfulJobsHistoryLimit = successfulJobsHistoryLimit;
    this.failedJobsHistoryLimit = failedJobsHistoryLimit;
    this.backoffLimit = backoffLimit;
    this.activeDeadline = activeDeadline;
    this.rolloutTimeout = rolloutTimeout;
    this.suspend = options.suspend ?? false;
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
   * Namespace of every object, also passed to kubectl as `--namespace`.
   * @default - the chart's namespace, if any; kubectl then uses the pod's own namespace
   */
  readonly namespace?: string;
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

  constructor(scope: Construct, id: string, props: ScheduledRestartProps) {
    super(scope, id);
    const problems = new ProblemList();
    const name = `${props.deploymentName}-restart`;
    checkDeploymentName(problems, props.deploymentName, name);
    if (props.namespace !== undefined) {
      checkDnsLabel(problems, 'namespace', props.namespace, 'set the namespace of the website, e.g. "gethue"');
    }
    checkIdentity(problems, props.identity);
    const labels = restartLabels(problems, props.labels);
    for (const x of props.schedule?._problems ?? []) problems.add({ ...x, property: `schedule.${x.property}` });
    problems.throwIfAny(this.node.path);

    const schedule = props.schedule;
    const namespace = props.namespace;
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
          `--timeout=${secondsOf(schedule.rolloutTimeout)}s`,
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
        startingDeadlineSeconds: secondsOf(schedule.startingDeadline),
        successfulJobsHistoryLimit: schedule.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: schedule.failedJobsHistoryLimit,
        suspend: schedule.suspend,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: schedule.backoffLimit,
            activeDeadlineSeconds: secondsOf(schedule.activeDeadline),
            template: {
              metadata: { labels },
              spec: podSpec,
            },
          },
        },
      },
    });
  }
}

/** One container running kubectl with `args`, hardened and sized for a few API calls. */
function kubectlContainer(name: string, schedule: RestartSchedule, identity: PodIdentity, args: string[]): k8s.Container {
  return {
    name,
    image: schedule.kubectlImage,
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
  if (schedule.imagePullPolicy !== 'Always') {
    annotations['polaris.fairwinds.com/pullPolicyNotAlways-exempt'] = 'true';
    annotations['kube-score/ignore'] = 'container-image-pull-policy';
  }
  const instance = labels[LABEL_INSTANCE];
  if (instance !== undefined && instance !== name) {
    annotations['polaris.fairwinds.com/metadataAndInstanceMismatched-exempt'] = 'true';
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

/** Seconds of a Duration, fractions kept (the checks report them). */
function secondsOf(d: Duration): number {
  return d.toSeconds({ integral: false });
}

/** Job deadline when none is given: 10 minutes, or the rollout wait plus a minute. */
function defaultActiveDeadline(rolloutTimeout: Duration | undefined): Duration {
  const base = 600;
  if (rolloutTimeout === undefined) return Duration.seconds(base);
  const wait = secondsOf(rolloutTimeout);
  return Duration.seconds(Number.isInteger(wait) && wait + 60 > base ? wait + 60 : base);
}

/** Records a problem a checker of `validation.ts` returned, if any. */
function addIfAny(problems: ProblemList, problem: Problem | undefined): void {
  if (problem !== undefined) problems.add(problem);
}

/** Refuses mutable kubectl images; tells whether the image is pinned to a version or a digest. */
function checkKubectlImage(problems: ProblemList, image: string): { versionPinned: boolean } {
  const allowed = `an image with a version tag or a digest, e.g. "${RestartSchedule.DEFAULT_KUBECTL_IMAGE}"`;
  const fix = 'pin a kubectl version, e.g. kubectlImage: \'registry.k8s.io/kubectl:v1.30.14\', or leave it out for the default';
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    problems.add({ property: 'kubectlImage', problem: 'must be an image reference', value: image, allowed, fix });
    return { versionPinned: false };
  }
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const repoAndTag = at >= 0 ? image.slice(0, at) : image;
  const colon = repoAndTag.lastIndexOf(':');
  const tag = colon > repoAndTag.lastIndexOf('/') ? repoAndTag.slice(colon + 1) : undefined;
  if (digest !== undefined) {
    if (!/^[a-z0-9]+:[a-f0-9]{32,}$/.test(digest)) {
      problems.add({ property: 'kubectlImage', problem: 'has a malformed digest', value: image, allowed, fix });
    }
    return { versionPinned: true };
  }
  if (tag === undefined || tag === '' || tag === 'latest') {
    problems.add({
      property: 'kubectlImage',
      problem: 'must be pinned to a version (an untagged image means latest)',
      value: image,
      allowed,
      fix,
    });
    return { versionPinned: false };
  }
  return { versionPinned: /^v?\d+\.\d+\.\d+$/.test(tag) };
}

/** A positive whole number of seconds, at least `min`. */
function checkDuration(problems: ProblemList, property: string, d: Duration, min: number, allowed: string, fix: string): void {
  const s = secondsOf(d);
  if (!Number.isInteger(s) || s < min) {
    problems.add({ property, problem: Number.isInteger(s) ? `must be at least ${min}s` : 'must be whole seconds', value: `${s}s`, allowed, fix });
  }
}

/** A whole number within `[min, max]`. */
function checkInteger(problems: ProblemList, property: string, value: number, min: number, max: number, allowed: string, fix: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.add({ property, problem: `must be a whole number from ${min} to ${max}`, value, allowed, fix });
  }
}

/** DNS-1123 label: what a namespace, and a name that ends up in a label value, must be. */
function checkDnsLabel(problems: ProblemList, property: string, value: string, fix: string): void {
  if (typeof value !== 'string' || value.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    problems.add({
      property,
      problem: 'must be a DNS-1123 label',
      value,
      allowed: 'lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
      fix,
    });
  }
}

/** Longest CronJob name: the controller appends 11 characters to name each Job, which must fit 63. */
const MAX_CRONJOB_NAME = 52;

function checkDeploymentName(problems: ProblemList, deploymentName: string, cronJobName: string): void {
  const before = problems.all.length;
  checkDnsLabel(problems, 'deploymentName', deploymentName, 'use the name of the website Deployment, e.g. "website"');
  if (problems.all.length > before) return;
  if (cronJobName.length > MAX_CRONJOB_NAME) {
    const problem: Problem = {
      property: 'deploymentName',
      problem: `makes the CronJob name "${cronJobName}" ${cronJobName.length} characters long`,
      value: deploymentName,
      allowed: `at most ${MAX_CRONJOB_NAME - '-restart'.length} characters, so that "<deploymentName>-restart" fits the CronJob limit of ${MAX_CRONJOB_NAME} (the controller appends 11 characters to each Job name)`,
      fix: 'shorten the Deployment name',
    };
    problems.add(problem);
  }
}

function checkIdentity(problems: ProblemList, identity: PodIdentity): void {
  for (const key of ['runAsUser', 'runAsGroup'] as const) {
    const value = identity?.[key];
    if (!Number.isInteger(value) || value < 1 || value > 2147483647) {
      problems.add({
        property: `identity.${key}`,
        problem: 'must be a non-root numeric id',
        value,
        allowed: 'a whole number from 1 to 2147483647 (10000 or more keeps clear of host users)',
        fix: `set identity.${key}, e.g. 10001`,
      });
    }
  }
}
