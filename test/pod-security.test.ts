import { Testing } from 'cdk8s';
import { buildExampleApp } from '../examples/app';
import { RestartSchedule } from '../lib';
import { podSpecs, restrictedViolations } from './support/pod-security';
import { render } from './support/render';

describe('Pod Security Standards "restricted"', () => {
  test('the checker catches what the profile forbids', () => {
    expect(restrictedViolations({
      hostNetwork: true,
      volumes: [{ name: 'h', hostPath: { path: '/' } }],
      containers: [{ name: 'c', securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } }],
    })).toEqual([
      'host namespaces',
      'volume type hostPath',
      'container c: privileged',
      'container c: allowPrivilegeEscalation must be false',
      'container c: runAsNonRoot must be true',
      'container c: seccompProfile must be RuntimeDefault or Localhost',
      'container c: capabilities must drop ALL',
      'container c: capabilities.add beyond NET_BIND_SERVICE',
    ]);
  });

  test('every pod of a website with every option is admitted (site, port 80, config, restart job)', () => {
    const r = render({
      containerPort: 80,
      config: { files: { 'a.conf': 'x' }, env: { A: '1' } },
      writablePaths: ['/tmp', '/var/cache/nginx'],
      restartSchedule: RestartSchedule.cron('0 3 * * *'),
    });
    const pods = podSpecs(r.objects);
    expect(pods.map((p) => p.owner)).toEqual(['Deployment/website', 'CronJob/website-restart']);
    for (const { pod } of pods) expect(restrictedViolations(pod)).toEqual([]);
  });

  test('every pod of the example app is admitted', () => {
    const app = Testing.app();
    const charts = buildExampleApp(app, { env: {} });
    const objects = Object.values(charts).flatMap((c) => Testing.synth(c as any));
    const pods = podSpecs(objects);
    expect(pods.length).toBe(9); // 3 gethue sites + 2 restart CronJobs + site + myapp + blog + blog-canary
    for (const { owner, pod } of pods) expect({ owner, violations: restrictedViolations(pod) }).toEqual({ owner, violations: [] });
  });
});
