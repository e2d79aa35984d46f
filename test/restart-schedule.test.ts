import { Chart, Duration, Testing } from 'cdk8s';
import { ContainerImage, ImagePullPolicy, RestartSchedule, ScheduledRestart, ScheduledRestartProps } from '../lib';
import { COMPONENT_WEB, LABEL_COMPONENT, selectorLabels } from '../lib/internal/labels';
import { validateManifests } from './support/schema';
import { freshChart } from './support/chart';

const IDENTITY = { runAsUser: 10001, runAsGroup: 10001 };
const LABELS = {
  'app.kubernetes.io/name': 'website',
  'app.kubernetes.io/instance': 'website',
  'app.kubernetes.io/part-of': 'gethue',
  'app.kubernetes.io/managed-by': 'cdk8s-zero-downtime',
  'app.kubernetes.io/component': 'restart',
};

/** GIVEN a chart, WHEN a ScheduledRestart is added, THEN the synthesized objects by kind. */
function synth(props: Partial<ScheduledRestartProps> = {}, chart: Chart = freshChart()) {
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

/** The problem lines of a synth that fails, without the cdk8s header (fails the test if synth succeeds). */
function problemLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    const [header, ...lines] = (e as Error).message.split('\n');
    expect(header).toBe('Validation failed with the following errors:');
    return lines.map((l) => l.replace(/^ {2}/, ''));
  }
  throw new Error('expected synth to fail');
}

/**
 * The problem lines a bad schedule causes: `RestartSchedule` never throws, the construct using it reports
 * its problems at synth (here a `ScheduledRestart` at `test/restart`, properties under `schedule.`).
 */
function scheduleLines(schedule: RestartSchedule): string[] {
  return problemLines(() => synth({ schedule, labels: { 'app.kubernetes.io/component': 'restart' } }));
}

const R = '[test/restart]';
const CRON_ALLOWED =
  'allowed: 5 fields "minute hour day-of-month month day-of-week" (minute 0-59, hour 0-23, ' +
  'day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT; each field "*", a value, a range "a-b", a step "*/n" ' +
  'or "a-b/n", or a comma-separated list of those) or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly.';
const IMAGE_ALLOWED = 'allowed: an image with a version tag or a digest, e.g. "registry.k8s.io/kubectl:v1.30.14"';
const IMAGE_FIX = 'Fix: pin a kubectl version, e.g. kubectlImage: ContainerImage.fromRegistry("registry.k8s.io/kubectl:v1.30.14"), or leave it out for the default.';

describe('RestartSchedule', () => {
  test('default options', () => {
    const s = RestartSchedule.cron('0 3 * * *');
    expect(s.schedule).toBe('0 3 * * *');
    expect(s.timeZone).toBe('Etc/UTC');
    expect(s.kubectlImage).toBe(RestartSchedule.DEFAULT_KUBECTL_IMAGE);
    expect(s.imagePullPolicy).toBe(ImagePullPolicy.IF_NOT_PRESENT);
    expect(s.startingDeadline.toSeconds()).toBe(600);
    expect(s.successfulJobsHistoryLimit).toBe(1);
    expect(s.failedJobsHistoryLimit).toBe(3);
    expect(s.backoffLimit).toBe(2);
    expect(s.activeDeadline.toSeconds()).toBe(600);
    expect(s.rolloutTimeout).toBeUndefined();
    expect(s.suspend).toBe(false);
  });

  test('default kubectl image is the Kubernetes project image, pinned to a full version', () => {
    expect(RestartSchedule.DEFAULT_KUBECTL_IMAGE.reference).toBe('registry.k8s.io/kubectl:v1.30.14');
    expect(RestartSchedule.DEFAULT_KUBECTL_IMAGE._problems).toEqual([]);
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
    expect(RestartSchedule.cron('0 3 * * *', { kubectlImage: ContainerImage.fromRegistry(kubectlImage) }).imagePullPolicy).toBe(policy);
  });

  test('activeDeadline grows with a long rolloutTimeout', () => {
    expect(RestartSchedule.cron('0 3 * * *', { rolloutTimeout: Duration.minutes(2) }).activeDeadline.toSeconds()).toBe(600);
    expect(RestartSchedule.cron('0 3 * * *', { rolloutTimeout: Duration.minutes(15) }).activeDeadline.toSeconds()).toBe(960);
  });

  test('never throws: a bad schedule carries its problems', () => {
    expect(RestartSchedule.cron('')._problems.map((x) => x.property)).toEqual(['schedule']);
    expect(RestartSchedule.daily({ hour: 24 })._problems.map((x) => x.property)).toEqual(['hour']);
  });

  test('fails if the schedule is empty, with the whole message', () => {
    expect(scheduleLines(RestartSchedule.cron(''))).toEqual([
      `${R} schedule.schedule must not be empty, got ""; ${CRON_ALLOWED} Fix: use a schedule such as "0 3 * * *" (03:00 every day).`,
    ]);
  });

  // The cron and time-zone rules are tested in test/internal/validators.test.ts; these check that they are applied.
  test.each([
    ['0 3 * *', 'has 4 fields, not 5'],
    ['CRON_TZ=Europe/Paris 0 3 * * *', 'must not set a time zone with CRON_TZ='],
    ['@every 1h', 'must not use @every'],
    ['0 24 * * *', 'has hour 24 out of range 0-23'],
    ['0 3 31 2 *', 'never runs: no chosen month has day 31'],
  ])('fails if the schedule is %j', (schedule, problem) => {
    const [line, ...rest] = scheduleLines(RestartSchedule.cron(schedule));
    expect(rest).toEqual([]);
    expect(line.startsWith(`${R} schedule.schedule ${problem}, got ${JSON.stringify(schedule)}; ${CRON_ALLOWED} Fix: `)).toBe(true);
  });

  test.each([
    ['Europe/Pariss', 'is not a known IANA time zone'],
    ['CEST', 'must be a zone name, not an abbreviation'],
    ['europe/paris', 'has the wrong case'],
    ['UTC+2', 'must be a zone name, not an offset'],
  ])('fails if the time zone is %j', (timeZone, problem) => {
    const [line, ...rest] = scheduleLines(RestartSchedule.cron('0 3 * * *', { timeZone }));
    expect(rest).toEqual([]);
    expect(line.startsWith(`${R} schedule.timeZone ${problem}, got ${JSON.stringify(timeZone)}; allowed: an IANA time zone name`)).toBe(true);
  });

  test.each([['Europe/Paris'], ['Etc/UTC'], ['UTC'], ['America/New_York']])('accepts time zone %j', (timeZone) => {
    const s = RestartSchedule.cron('0 3 * * *', { timeZone });
    expect(s.timeZone).toBe(timeZone);
    expect(s._problems).toEqual([]);
  });

  test('fails if the kubectl image is latest', () => {
    expect(scheduleLines(RestartSchedule.cron('0 3 * * *', { kubectlImage: ContainerImage.fromRegistry('bitnami/kubectl:latest') }))).toEqual([
      `${R} schedule.kubectlImage must be pinned to a version (an untagged image means latest), got "bitnami/kubectl:latest"; ${IMAGE_ALLOWED}. ${IMAGE_FIX}`,
    ]);
  });

  test('fails if the kubectl image is untagged', () => {
    expect(scheduleLines(RestartSchedule.cron('0 3 * * *', { kubectlImage: ContainerImage.fromRegistry('localhost:5000/kubectl') }))).toEqual([
      `${R} schedule.kubectlImage must be pinned to a version (an untagged image means latest), got "localhost:5000/kubectl"; ${IMAGE_ALLOWED}. ${IMAGE_FIX}`,
    ]);
  });

  test('fails if the kubectl image is malformed, with the image parser\'s message', () => {
    expect(scheduleLines(RestartSchedule.cron('0 3 * * *', { kubectlImage: ContainerImage.fromRegistry('kubectl@sha256:abc') }))).toEqual([
      `${R} schedule.kubectlImage has a sha256 digest of 3 hex characters, not 64, got "kubectl@sha256:abc"; ` +
        'allowed: a digest "sha256:" + 64 lowercase hex characters, or "sha512:" + 128 lowercase hex characters. ' +
        'Fix: copy the whole digest, e.g. from `docker buildx imagetools inspect <image>` or `crane digest <image>`.',
    ]);
  });

  test('fails if startingDeadline is under 10 seconds', () => {
    expect(scheduleLines(RestartSchedule.cron('0 3 * * *', { startingDeadline: Duration.seconds(5) }))).toEqual([
      `${R} schedule.startingDeadline must be at least 10s, got "5s"; allowed: whole seconds, at least 10 (the CronJob controller checks every 10 seconds). ` +
        'Fix: use e.g. Duration.minutes(10).',
    ]);
  });

  test('fails if a duration is not whole seconds', () => {
    expect(scheduleLines(RestartSchedule.cron('0 3 * * *', { rolloutTimeout: Duration.millis(1500) }))).toEqual([
      `${R} schedule.rolloutTimeout must be a whole number of seconds, got "1.5s"; allowed: 1 second or more, in whole seconds. ` +
        'Fix: use e.g. Duration.minutes(10), or leave it unset to skip the wait.',
    ]);
  });

  test('fails if activeDeadline does not exceed rolloutTimeout', () => {
    expect(scheduleLines(RestartSchedule.cron('0 3 * * *', { rolloutTimeout: Duration.minutes(10), activeDeadline: Duration.minutes(5) }))).toEqual([
      `${R} schedule.activeDeadline must be longer than rolloutTimeout (600s), or the Job is killed while still waiting, got "300s"; ` +
        'allowed: more than 600s; leave room to pull the image and restart. Fix: set activeDeadline to at least Duration.seconds(660), or leave it unset.',
    ]);
  });

  test('fails if the daily hour is out of range', () => {
    expect(scheduleLines(RestartSchedule.daily({ hour: 24 }))).toEqual([
      `${R} schedule.hour must be at most 23, got 24; allowed: an integer from 0 to 23. Fix: use an integer from 0 to 23.`,
    ]);
  });

  test('fails with every problem at once', () => {
    const schedule = RestartSchedule.cron('', { kubectlImage: ContainerImage.fromRegistry('bitnami/kubectl:latest'), backoffLimit: -1 });
    expect(scheduleLines(schedule)).toEqual([
      `${R} schedule.schedule must not be empty, got ""; ${CRON_ALLOWED} Fix: use a schedule such as "0 3 * * *" (03:00 every day).`,
      `${R} schedule.kubectlImage must be pinned to a version (an untagged image means latest), got "bitnami/kubectl:latest"; ${IMAGE_ALLOWED}. ${IMAGE_FIX}`,
      `${R} schedule.backoffLimit must be at least 0, got -1; allowed: an integer from 0 to 10. Fix: use an integer from 0 to 10.`,
    ]);
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
    const { pod, cronJob } = synth({ schedule: RestartSchedule.cron('0 3 * * *', { kubectlImage: ContainerImage.fromRegistry('bitnami/kubectl:1.30') }) });
    expect(pod.containers[0].image).toBe('bitnami/kubectl:1.30');
    expect(pod.containers[0].imagePullPolicy).toBe('Always');
    expect(cronJob.metadata.annotations).toEqual({
      'polaris.fairwinds.com/automountServiceAccountToken-exempt': 'true',
      'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt': 'true',
      'polaris.fairwinds.com/priorityClassNotSet-exempt': 'true',
    });
  });

  test('namespace is set on every object and passed to kubectl', () => {
    const { objects, pod, roleBinding } = synth({ namespaceName: 'gethue' });
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
      namespaceName: 'gethue',
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
    const { objects } = synth({ schedule, namespaceName: 'gethue' });
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

  test('never throws in its constructor: bad props are reported at synth, all at once', () => {
    const chart = freshChart();
    const restart = new ScheduledRestart(chart, 'restart', {
      deploymentName: 'Website',
      schedule: RestartSchedule.cron('0 3 * * *'),
      labels: LABELS,
      identity: { runAsUser: 0, runAsGroup: 10001 },
    });
    expect(restart.cronJob.kind).toBe('CronJob');
    expect(problemLines(() => Testing.synth(chart)).map((l) => l.slice(0, l.indexOf(','))))
      .toEqual([`${R} deploymentName must be lowercase`, `${R} identity.runAsUser must be at least 1`]);
  });

  test('fails if the CronJob name would exceed 52 characters', () => {
    const deploymentName = 'a'.repeat(45);
    expect(problemLines(() => synth({ deploymentName }))).toEqual([
      `${R} deploymentName makes the CronJob name "${deploymentName}-restart" 53 characters long, got "${deploymentName}"; ` +
        'allowed: at most 44 characters, so that "<deploymentName>-restart" fits the CronJob limit of 52 ' +
        '(the controller appends 11 characters to each Job name). Fix: shorten the Deployment name.',
    ]);
  });

  test('accepts a 44-character Deployment name', () => {
    const { cronJob } = synth({ deploymentName: 'a'.repeat(44) });
    expect(cronJob.metadata.name).toHaveLength(52);
  });

  test('fails if the Deployment name is not a DNS label', () => {
    expect(problemLines(() => synth({ deploymentName: 'Website' }))).toEqual([
      `${R} deploymentName must be lowercase, got "Website"; allowed: at most 63 characters: lowercase letters, digits and '-', ` +
        'starting and ending with a letter or digit (RFC 1123 label). Fix: use "website".',
    ]);
  });

  test('fails if the namespace is not a DNS label', () => {
    expect(problemLines(() => synth({ namespaceName: 'web_site' }))).toEqual([
      `${R} namespaceName may only contain lowercase letters, digits and '-', got "web_site"; allowed: at most 63 characters: lowercase letters, digits and '-', ` +
        'starting and ending with a letter or digit (RFC 1123 label). Fix: use "web-site".',
    ]);
  });

  test('fails if the labels say component web', () => {
    expect(problemLines(() => synth({ labels: { ...LABELS, 'app.kubernetes.io/component': 'web' } }))).toEqual([
      `${R} labels["app.kubernetes.io/component"] must be the restart job's own component, or the website's Service ` +
        'and PodDisruptionBudget select the job\'s pods, got "web"; allowed: "restart". Fix: set it to "restart" or leave it out.',
    ]);
  });

  test('fails if the identity is root', () => {
    expect(problemLines(() => synth({ identity: { runAsUser: 0, runAsGroup: 10001 } }))).toEqual([
      `${R} identity.runAsUser must be at least 1, got 0; allowed: an integer from 1 to 2147483647. Fix: use an integer from 1 to 2147483647.`,
    ]);
  });
});
