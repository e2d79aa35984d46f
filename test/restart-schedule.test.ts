import { Chart, Duration, Testing } from 'cdk8s';
import { ValidationError, formatProblem } from '../lib/errors';
import { COMPONENT_RESTART, COMPONENT_WEB, LABEL_COMPONENT, selectorLabels } from '../lib/internal/labels';
import { RestartSchedule, ScheduledRestart, ScheduledRestartProps } from '../lib/restart-schedule';
import { checkCronSchedule, checkTimeZone } from '../lib/validation';
import { validateManifests } from './support/schema';

const IDENTITY = { runAsUser: 10001, runAsGroup: 10001 };
const LABELS = {
  'app.kubernetes.io/name': 'website',
  'app.kubernetes.io/instance': 'website',
  'app.kubernetes.io/part-of': 'gethue',
  'app.kubernetes.io/managed-by': 'cdk8s-zero-downtime',
  'app.kubernetes.io/component': 'restart',
};

/** GIVEN a chart, WHEN a ScheduledRestart is added, THEN the synthesized objects by kind. */
function synth(props: Partial<ScheduledRestartProps> = {}, chart: Chart = Testing.chart()) {
  const restart = new ScheduledRestart(chart, 'restart', {
    deploymentName: 'website',
    schedule: RestartSchedule.cron('0 3 * * *'),
    labels: LABELS,
    identity: IDENTITY,
    ...props,
  });
  const objects: any[] = Testing.synth(chart);
  const byKind = (kind: string) => {
    const found = objects.filter((o) => o.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const cronJob = byKind('CronJob');
  return {
    restart,
    objects,
    serviceAccount: byKind('ServiceAccount'),
    role: byKind('Role'),
    roleBinding: byKind('RoleBinding'),
    cronJob,
    job: cronJob.spec.jobTemplate.spec,
    pod: cronJob.spec.jobTemplate.spec.template.spec,
    podLabels: cronJob.spec.jobTemplate.spec.template.metadata.labels,
  };
}

/** The message of the error `fn` throws (fails the test if it does not throw a ValidationError). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}


/**
 * The synth error a bad schedule causes: `RestartSchedule` never throws, the construct using it reports
 * its problems (here a `ScheduledRestart` at `test/restart`, properties under `schedule.`).
 */
function scheduleError(schedule: RestartSchedule): string {
  const problems = schedule._problems.map((x) => ({ ...x, property: `schedule.${x.property}` }));
  expect(problems.length).toBeGreaterThan(0);
  const message = errorOf(() => new ScheduledRestart(Testing.chart(), 'restart', {
    deploymentName: 'website',
    schedule,
    labels: { 'app.kubernetes.io/component': 'restart' },
    identity: { runAsUser: 10001, runAsGroup: 10001 },
  }));
  expect(message).toBe(new ValidationError(problems, 'test/restart').message);
  // The problem lines without the path, as the tests below spell them.
  return problems.length === 1 ? formatProblem(schedule._problems[0]) : `${problems.length} problems:\n  ${schedule._problems.map(formatProblem).join('\n  ')}`;
}

const IMAGE_ALLOWED = 'allowed: an image with a version tag or a digest, e.g. "registry.k8s.io/kubectl:v1.30.14"';
const IMAGE_FIX = "Fix: pin a kubectl version, e.g. kubectlImage: 'registry.k8s.io/kubectl:v1.30.14', or leave it out for the default.";

describe('RestartSchedule', () => {
  test('default options', () => {
    const s = RestartSchedule.cron('0 3 * * *');
    expect(s.schedule).toBe('0 3 * * *');
    expect(s.timeZone).toBe('Etc/UTC');
    expect(s.kubectlImage).toBe(RestartSchedule.DEFAULT_KUBECTL_IMAGE);
    expect(s.imagePullPolicy).toBe('IfNotPresent');
    expect(s.startingDeadline.toSeconds()).toBe(600);
    expect(s.successfulJobsHistoryLimit).toBe(1);
    expect(s.failedJobsHistoryLimit).toBe(3);
    expect(s.backoffLimit).toBe(2);
    expect(s.activeDeadline.toSeconds()).toBe(600);
    expect(s.rolloutTimeout).toBeUndefined();
    expect(s.suspend).toBe(false);
  });

  test('default kubectl image is the Kubernetes project image, pinned to a full version', () => {
    expect(RestartSchedule.DEFAULT_KUBECTL_IMAGE).toBe('registry.k8s.io/kubectl:v1.30.14');
    expect(RestartSchedule.DEFAULT_KUBECTL_IMAGE).toMatch(/^registry\.k8s\.io\/kubectl:v1\.\d+\.\d+$/);
    expect(RestartSchedule.DEFAULT_KUBECTL_IMAGE).not.toMatch(/latest/);
  });

  test('daily() defaults to 03:00', () => {
    expect(RestartSchedule.daily().schedule).toBe('0 3 * * *');
  });

  test('daily() can configure hour, minute and the shared options', () => {
    const s = RestartSchedule.daily({ hour: 4, minute: 30, timeZone: 'Asia/Tokyo', suspend: true });
    expect(s.schedule).toBe('30 4 * * *');
    expect(s.timeZone).toBe('Asia/Tokyo');
    expect(s.suspend).toBe(true);
  });

  test.each([
    ['@daily'],
    ['*/15 2-4 * * MON-FRI'],
    ['0 3 1,15 * ?'],
    ['  0 3 * * *  '],
  ])('accepts schedule %j', (schedule) => {
    expect(RestartSchedule.cron(schedule).schedule).toBe(schedule.trim());
  });

  test.each([
    ['registry.k8s.io/kubectl:v1.31.2', 'IfNotPresent'],
    ['bitnami/kubectl:1.30.4', 'IfNotPresent'],
    ['registry.k8s.io/kubectl@sha256:d31de5468fb5c0943358671e3dcf8e4d8281108027efd1f211262d09aedd5519', 'IfNotPresent'],
    ['localhost:5000/kubectl:v1.30.14', 'IfNotPresent'],
    ['bitnami/kubectl:1.30', 'Always'],
    ['rancher/kubectl:v1.30.14-rc1', 'Always'],
  ])('pull policy of %s is %s', (kubectlImage, policy) => {
    expect(RestartSchedule.cron('0 3 * * *', { kubectlImage }).imagePullPolicy).toBe(policy);
  });

  test('activeDeadline grows with a long rolloutTimeout', () => {
    expect(RestartSchedule.cron('0 3 * * *', { rolloutTimeout: Duration.minutes(2) }).activeDeadline.toSeconds()).toBe(600);
    expect(RestartSchedule.cron('0 3 * * *', { rolloutTimeout: Duration.minutes(15) }).activeDeadline.toSeconds()).toBe(960);
  });

  test('throws if the schedule is empty', () => {
    expect(scheduleError(RestartSchedule.cron(''))).toBe(
      'schedule must not be empty, got ""; allowed: 5 fields "minute hour day-of-month month day-of-week" (minute 0-59, hour 0-23, ' +
        'day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT; each field "*", a value, a range "a-b", a step "*/n" ' +
        'or "a-b/n", or a comma-separated list of those) or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly. ' +
        'Fix: use a schedule such as "0 3 * * *" (03:00 every day).',
    );
  });

  // The cron and time-zone rules live in validation.ts (tested there); these check they are applied.
  test.each([['0 3 * *'], ['CRON_TZ=Europe/Paris 0 3 * * *'], ['@every 1h'], ['0 24 * * *'], ['0 3 31 2 *']])(
    'throws if the schedule is %j',
    (schedule) => {
      expect(scheduleError(RestartSchedule.cron(schedule))).toBe(formatProblem(checkCronSchedule(schedule, 'schedule')!));
    },
  );

  test.each([['Europe/Pariss'], ['CEST'], ['europe/paris'], ['UTC+2']])('throws if the time zone is %j', (timeZone) => {
    const expected = checkTimeZone(timeZone, 'timeZone');
    expect(expected).toBeDefined();
    expect(scheduleError(RestartSchedule.cron('0 3 * * *', { timeZone }))).toBe(formatProblem(expected!));
  });

  test.each([['Europe/Paris'], ['Etc/UTC'], ['UTC'], ['America/New_York']])('accepts time zone %j', (timeZone) => {
    expect(RestartSchedule.cron('0 3 * * *', { timeZone }).timeZone).toBe(timeZone);
  });

  test('throws if the kubectl image is latest', () => {
    expect(scheduleError(RestartSchedule.cron('0 3 * * *', { kubectlImage: 'bitnami/kubectl:latest' }))).toBe(
      `kubectlImage must be pinned to a version (an untagged image means latest), got "bitnami/kubectl:latest"; ${IMAGE_ALLOWED}. ${IMAGE_FIX}`,
    );
  });

  test('throws if the kubectl image is untagged', () => {
    expect(scheduleError(RestartSchedule.cron('0 3 * * *', { kubectlImage: 'localhost:5000/kubectl' }))).toBe(
      `kubectlImage must be pinned to a version (an untagged image means latest), got "localhost:5000/kubectl"; ${IMAGE_ALLOWED}. ${IMAGE_FIX}`,
    );
  });

  test('throws if startingDeadline is under 10 seconds', () => {
    expect(scheduleError(RestartSchedule.cron('0 3 * * *', { startingDeadline: Duration.seconds(5) }))).toBe(
      'startingDeadline must be at least 10s, got "5s"; allowed: whole seconds, at least 10 (the CronJob controller checks every 10 seconds). ' +
        'Fix: use e.g. Duration.minutes(10).',
    );
  });

  test('throws if activeDeadline does not exceed rolloutTimeout', () => {
    expect(
      scheduleError(RestartSchedule.cron('0 3 * * *', { rolloutTimeout: Duration.minutes(10), activeDeadline: Duration.minutes(5) })),
    ).toBe(
      'activeDeadline must be longer than rolloutTimeout (600s), or the Job is killed while still waiting, got "300s"; ' +
        'allowed: more than 600s; leave room to pull the image and restart. Fix: set activeDeadline to at least Duration.seconds(660), or leave it unset.',
    );
  });

  test('throws if the daily hour is out of range', () => {
    expect(scheduleError(RestartSchedule.daily({ hour: 24 }))).toBe(
      'hour must be a whole number from 0 to 23, got 24; allowed: a whole hour from 0 to 23. Fix: pass e.g. hour: 3.',
    );
  });

  test('throws with every problem at once', () => {
    expect(scheduleError(RestartSchedule.cron('', { kubectlImage: 'bitnami/kubectl:latest', backoffLimit: -1 }))).toBe(
      '3 problems:\n' +
        `  ${formatProblem(checkCronSchedule('', 'schedule')!)}\n` +
        `  kubectlImage must be pinned to a version (an untagged image means latest), got "bitnami/kubectl:latest"; ${IMAGE_ALLOWED}. ${IMAGE_FIX}\n` +
        '  backoffLimit must be a whole number from 0 to 10, got -1; allowed: a whole number from 0 to 10. Fix: use e.g. 2.',
    );
  });
});

describe('ScheduledRestart', () => {
  test('default CronJob spec', () => {
    const { cronJob, job } = synth();
    expect(cronJob.apiVersion).toBe('batch/v1');
    expect(cronJob.metadata.name).toBe('website-restart');
    expect(cronJob.spec.schedule).toBe('0 3 * * *');
    expect(cronJob.spec.timeZone).toBe('Etc/UTC');
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    expect(cronJob.spec.successfulJobsHistoryLimit).toBe(1);
    expect(cronJob.spec.failedJobsHistoryLimit).toBe(3);
    expect(cronJob.spec.startingDeadlineSeconds).toBe(600);
    expect(cronJob.spec.suspend).toBe(false);
    expect(job.backoffLimit).toBe(2);
    expect(job.activeDeadlineSeconds).toBe(600);
    expect(job.ttlSecondsAfterFinished).toBeUndefined();
  });

  test('can configure the schedule, time zone, limits and suspension', () => {
    const { cronJob, job } = synth({
      schedule: RestartSchedule.cron('30 4 * * 1-5', {
        timeZone: 'Europe/Paris',
        startingDeadline: Duration.minutes(30),
        successfulJobsHistoryLimit: 2,
        failedJobsHistoryLimit: 5,
        backoffLimit: 4,
        activeDeadline: Duration.minutes(3),
        suspend: true,
      }),
    });
    expect(cronJob.spec.schedule).toBe('30 4 * * 1-5');
    expect(cronJob.spec.timeZone).toBe('Europe/Paris');
    expect(cronJob.spec.startingDeadlineSeconds).toBe(1800);
    expect(cronJob.spec.successfulJobsHistoryLimit).toBe(2);
    expect(cronJob.spec.failedJobsHistoryLimit).toBe(5);
    expect(cronJob.spec.suspend).toBe(true);
    expect(job.backoffLimit).toBe(4);
    expect(job.activeDeadlineSeconds).toBe(180);
  });

  test('default container runs kubectl rollout restart in the pod namespace', () => {
    const { pod } = synth();
    expect(pod.initContainers).toBeUndefined();
    expect(pod.containers).toHaveLength(1);
    const [c] = pod.containers;
    expect(c.name).toBe('restart');
    expect(c.command).toEqual(['kubectl']);
    expect(c.args).toEqual(['rollout', 'restart', 'deployment/website']);
    expect(pod.restartPolicy).toBe('Never');
  });

  test('default image is pinned, never latest, pulled if not present', () => {
    const { pod, cronJob } = synth();
    const [c] = pod.containers;
    expect(c.image).toBe('registry.k8s.io/kubectl:v1.30.14');
    expect(c.image).not.toMatch(/:latest$/);
    expect(c.image).toMatch(/:v\d+\.\d+\.\d+$/);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(cronJob.metadata.annotations['polaris.fairwinds.com/pullPolicyNotAlways-exempt']).toBe('true');
    expect(cronJob.metadata.annotations['kube-score/ignore']).toBe('container-image-pull-policy');
  });

  test('a mutable kubectl tag is always pulled, without pull-policy exemptions', () => {
    const { pod, cronJob } = synth({ schedule: RestartSchedule.cron('0 3 * * *', { kubectlImage: 'bitnami/kubectl:1.30' }) });
    expect(pod.containers[0].image).toBe('bitnami/kubectl:1.30');
    expect(pod.containers[0].imagePullPolicy).toBe('Always');
    expect(cronJob.metadata.annotations).toEqual({
      'polaris.fairwinds.com/automountServiceAccountToken-exempt': 'true',
      'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt': 'true',
      'polaris.fairwinds.com/priorityClassNotSet-exempt': 'true',
    });
  });

  test('namespace is set on every object and passed to kubectl', () => {
    const { objects, pod, roleBinding } = synth({ namespace: 'gethue' });
    expect(objects).toHaveLength(4);
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('gethue');
    }
    expect(pod.containers[0].args).toEqual(['rollout', 'restart', 'deployment/website', '--namespace=gethue']);
    expect(roleBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'website-restart', namespace: 'gethue' }]);
  });

  test('the RoleBinding subject takes the chart namespace when none is given', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'docs' });
    const { roleBinding, pod } = synth({}, chart);
    expect(roleBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'website-restart', namespace: 'docs' }]);
    expect(pod.containers[0].args).toEqual(['rollout', 'restart', 'deployment/website']);
  });

  test('without any namespace the RoleBinding subject has none (RBAC reads the binding namespace)', () => {
    const { roleBinding, objects } = synth();
    expect(roleBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'website-restart' }]);
    for (const o of objects) {
      expect(o.metadata.namespace).toBeUndefined();
    }
  });

  test('Role allows only get and patch on the one Deployment', () => {
    const { role } = synth();
    expect(role.apiVersion).toBe('rbac.authorization.k8s.io/v1');
    expect(role.metadata.name).toBe('website-restart');
    expect(role.rules).toHaveLength(1);
    const [rule] = role.rules;
    expect(rule.verbs).toEqual(['get', 'patch']);
    expect(rule.resources).toEqual(['deployments']);
    expect(rule.apiGroups).toEqual(['apps']);
    expect(rule.resourceNames).toEqual(['website']);
    expect(Object.keys(rule).sort()).toEqual(['apiGroups', 'resourceNames', 'resources', 'verbs']);
  });

  test('RoleBinding binds the Role to the ServiceAccount', () => {
    const { roleBinding } = synth();
    expect(roleBinding.metadata.name).toBe('website-restart');
    expect(roleBinding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'website-restart' });
    expect(roleBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'website-restart' }]);
  });

  test('ServiceAccount mounts no token by default; the Job pod opts in', () => {
    const { serviceAccount, pod, cronJob } = synth();
    expect(serviceAccount.metadata.name).toBe('website-restart');
    expect(serviceAccount.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('website-restart');
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(cronJob.metadata.annotations['polaris.fairwinds.com/automountServiceAccountToken-exempt']).toBe('true');
  });

  test('pod is hardened', () => {
    const { pod } = synth();
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext.runAsUser).toBeGreaterThanOrEqual(10000);
    for (const c of pod.containers) {
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
    }
  });

  test('kubectl writes its cache to an emptyDir at /tmp', () => {
    const { pod } = synth();
    expect(pod.containers[0].env).toEqual([{ name: 'HOME', value: '/tmp' }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('container has small requests and limits, CPU limit included', () => {
    const { pod } = synth();
    expect(pod.containers[0].resources).toEqual({
      requests: { 'cpu': '10m', 'memory': '64Mi', 'ephemeral-storage': '16Mi' },
      limits: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
    });
  });

  test('every object carries the restart labels, sorted', () => {
    const { objects, cronJob, podLabels } = synth();
    const expected = { ...LABELS };
    for (const labels of [...objects.map((o) => o.metadata.labels), cronJob.spec.jobTemplate.metadata.labels, podLabels]) {
      expect(labels).toEqual(expected);
      expect(Object.keys(labels)).toEqual(Object.keys(labels).sort());
      expect(labels[LABEL_COMPONENT]).toBe(COMPONENT_RESTART);
    }
  });

  test("the Job's pods are never selected by the website's Service or PodDisruptionBudget", () => {
    const { podLabels } = synth({ labels: { 'app.kubernetes.io/name': 'website' } });
    const websiteSelector = selectorLabels('website');
    expect(websiteSelector[LABEL_COMPONENT]).toBe(COMPONENT_WEB);
    const selected = Object.entries(websiteSelector).every(([k, v]) => podLabels[k] === v);
    expect(selected).toBe(false);
    expect(podLabels[LABEL_COMPONENT]).toBe('restart');
  });

  test('adds component restart when the labels have none', () => {
    const { podLabels, objects } = synth({ labels: { 'app.kubernetes.io/name': 'docs' } });
    expect(podLabels).toEqual({ 'app.kubernetes.io/component': 'restart', 'app.kubernetes.io/name': 'docs' });
    for (const o of objects) {
      expect(o.metadata.labels[LABEL_COMPONENT]).toBe('restart');
    }
  });

  test('instance exemption only when the instance label differs from the CronJob name', () => {
    const { cronJob } = synth({ labels: { ...LABELS, 'app.kubernetes.io/instance': 'website-restart' } });
    expect(cronJob.metadata.annotations['polaris.fairwinds.com/metadataAndInstanceMismatched-exempt']).toBeUndefined();
  });

  test('annotations are sorted and the pod template has none', () => {
    const { cronJob } = synth();
    const keys = Object.keys(cronJob.metadata.annotations);
    expect(keys).toEqual([...keys].sort());
    expect(cronJob.spec.jobTemplate.spec.template.metadata.annotations).toBeUndefined();
  });

  test('rolloutTimeout waits for the rollout and widens the Role to list and watch on the same name', () => {
    const { pod, job, role } = synth({
      namespace: 'gethue',
      schedule: RestartSchedule.cron('0 3 * * *', { rolloutTimeout: Duration.minutes(5) }),
    });
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0].name).toBe('restart');
    expect(pod.initContainers[0].args).toEqual(['rollout', 'restart', 'deployment/website', '--namespace=gethue']);
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0].name).toBe('status');
    expect(pod.containers[0].command).toEqual(['kubectl']);
    expect(pod.containers[0].args).toEqual(['rollout', 'status', 'deployment/website', '--timeout=300s', '--namespace=gethue']);
    expect(pod.initContainers[0].securityContext).toEqual(pod.containers[0].securityContext);
    expect(pod.initContainers[0].resources).toEqual(pod.containers[0].resources);
    expect(role.rules).toEqual([{ apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['website'], verbs: ['get', 'list', 'patch', 'watch'] }]);
    expect(job.activeDeadlineSeconds).toBe(600);
  });

  test.each([
    ['defaults', RestartSchedule.cron('0 3 * * *')],
    ['rolloutTimeout', RestartSchedule.cron('0 3 * * *', { rolloutTimeout: Duration.minutes(5), timeZone: 'Europe/Paris' })],
  ])('every object is valid against the strict Kubernetes 1.27 schema (%s)', (_name, schedule) => {
    const { objects } = synth({ schedule, namespace: 'gethue' });
    expect(validateManifests(objects)).toEqual([]);
  });

  test('escape hatches expose every object; the CronJob is the default child', () => {
    const { restart } = synth();
    expect(restart.cronJob.kind).toBe('CronJob');
    expect(restart.serviceAccount.kind).toBe('ServiceAccount');
    expect(restart.role.kind).toBe('Role');
    expect(restart.roleBinding.kind).toBe('RoleBinding');
    expect(restart.node.defaultChild).toBe(restart.cronJob);
  });

  test('output is deterministic', () => {
    expect(JSON.stringify(synth().objects)).toBe(JSON.stringify(synth().objects));
  });

  test('throws if the CronJob name would exceed 52 characters', () => {
    const deploymentName = 'a'.repeat(45);
    expect(errorOf(() => synth({ deploymentName }))).toBe(
      `test/restart: deploymentName makes the CronJob name "${deploymentName}-restart" 53 characters long, got "${deploymentName}"; ` +
        'allowed: at most 44 characters, so that "<deploymentName>-restart" fits the CronJob limit of 52 ' +
        '(the controller appends 11 characters to each Job name). Fix: shorten the Deployment name.',
    );
  });

  test('accepts a 44-character Deployment name', () => {
    const { cronJob } = synth({ deploymentName: 'a'.repeat(44) });
    expect(cronJob.metadata.name).toHaveLength(52);
  });

  test('throws if the Deployment name is not a DNS label', () => {
    expect(errorOf(() => synth({ deploymentName: 'Website' }))).toBe(
      'test/restart: deploymentName must be a DNS-1123 label, got "Website"; allowed: lower-case letters, digits and "-", ' +
        'starting and ending with a letter or digit, at most 63 characters. Fix: use the name of the website Deployment, e.g. "website".',
    );
  });

  test('throws if the labels say component web', () => {
    expect(errorOf(() => synth({ labels: { ...LABELS, 'app.kubernetes.io/component': 'web' } }))).toBe(
      'test/restart: labels["app.kubernetes.io/component"] must be the restart job\'s own component, or the website\'s Service ' +
        'and PodDisruptionBudget select the job\'s pods, got "web"; allowed: "restart". Fix: set it to "restart" or leave it out.',
    );
  });

  test('throws if the identity is root', () => {
    expect(errorOf(() => synth({ identity: { runAsUser: 0, runAsGroup: 10001 } }))).toBe(
      'test/restart: identity.runAsUser must be a non-root numeric id, got 0; allowed: a whole number from 1 to 2147483647 ' +
        '(10000 or more keeps clear of host users). Fix: set identity.runAsUser, e.g. 10001.',
    );
  });
});
