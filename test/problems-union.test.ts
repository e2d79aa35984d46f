import { Duration, Testing } from 'cdk8s';
import fc from 'fast-check';
import {
  ContainerImage,
  HealthCheck,
  HttpRoutePathType,
  RestartSchedule,
  ZeroDowntimeWebsite,
  ZeroDowntimeWebsiteProps,
} from '../lib';
import { freshChart } from './support/chart';

/*
 * Every problem at once: for props whose problems are independent (each names only its own prop), the
 * report of a combination is the union of the reports of each. Nothing is held back until another
 * problem is fixed: not the scheduled restart's findings, not a route that renders only when valid.
 */

/** The report lines of one synth, or [] when it passes. */
function report(props: Partial<ZeroDowntimeWebsiteProps>): string[] {
  const chart = freshChart();
  new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3'), ...props });
  try {
    Testing.synth(chart);
    return [];
  } catch (e) {
    return String((e as Error).message).split('\n').slice(1).map((l) => l.trim()).filter((l) => l !== '');
  }
}

/** One bad value per prop; the props do not touch each other's values. */
const BAD: ReadonlyArray<readonly [string, Partial<ZeroDowntimeWebsiteProps>]> = [
  ['replicas', { replicas: 0 }],
  ['readiness path', { readiness: HealthCheck.httpGet('healthz') }],
  ['containerPort', { containerPort: 70000 }],
  ['restartToken', { restartToken: '' }],
  ['reserved label', { labels: { 'app.kubernetes.io/name': 'x' } }],
  ['restart schedule', { restartSchedule: RestartSchedule.cron('0 3 * *') }],
  ['httpRoute', { httpRoute: { parentRefs: [{ name: 'public' }], paths: [{ value: 'no-slash', pathType: HttpRoutePathType.PATH_PREFIX }] } }],
  ['minReady', { minReady: Duration.millis(1500) }],
  ['env name', { env: { '1BAD': 'x' } }],
  ['imagePullSecrets', { imagePullSecrets: ['Not_A_Name'] }],
];

describe('every problem at once', () => {
  const alone = BAD.map(([, props]) => report(props));

  test('each bad prop alone has problems of its own', () => {
    alone.forEach((lines, i) => expect([BAD[i][0], lines.length > 0]).toEqual([BAD[i][0], true]));
  });

  test('property: the problems of a combination are the union of the problems of each', () => {
    fc.assert(fc.property(fc.subarray(BAD.map((_, i) => i), { minLength: 2 }), (picked) => {
      const combined = report(Object.assign({}, ...picked.map((i) => BAD[i][1])));
      const union = [...new Set(picked.flatMap((i) => alone[i]))];
      expect([...combined].sort()).toEqual(union.sort());
    }), { numRuns: 20 });
  });

  test('a scheduled restart is rendered, and its findings reported, whatever the other problems', () => {
    const chart = freshChart();
    const site = new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3'), replicas: 0, restartSchedule: RestartSchedule.daily() });
    expect(site.scheduledRestart?.cronJob.toJson().spec.schedule).toBeDefined();
    // its own problems are reported by the site, once, under restartSchedule.
    const lines = report({ replicas: 0, restartSchedule: RestartSchedule.cron('0 3 * *') });
    expect(lines.filter((l) => l.includes('schedule has 4 fields'))).toHaveLength(1);
  });
});
