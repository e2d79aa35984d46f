import { Chart, Testing } from 'cdk8s';
import { ContainerImage, ZeroDowntimeWebsite, ZeroDowntimeWebsiteProps } from '../../lib';
import { freshChart } from './chart';

/** The rendered objects of one chart, with lookups by kind. */
export interface Rendered {
  readonly objects: any[];
  readonly site: ZeroDowntimeWebsite;
  readonly chart: Chart;
  /** The only object of a kind (fails the test when there are none or several). */
  one(kind: string): any;
  /** Every object of a kind. */
  all(kind: string): any[];
}

/** Wraps `Testing.synth` output with lookups by kind. */
export function rendered(chart: Chart, site: ZeroDowntimeWebsite): Rendered {
  const objects = Testing.synth(chart);
  return {
    objects,
    site,
    chart,
    all: (kind) => objects.filter((o) => o.kind === kind),
    one: (kind) => {
      const found = objects.filter((o) => o.kind === kind);
      if (found.length !== 1) {
        throw new Error(`expected one ${kind}, found ${found.length}`);
      }
      return found[0];
    },
  };
}

/** Renders one website with the given props in a fresh chart (namespace `web`). */
export function render(props: Partial<ZeroDowntimeWebsiteProps> = {}, id = 'website'): Rendered {
  const chart = freshChart();
  const site = new ZeroDowntimeWebsite(chart, id, { image: ContainerImage.fromRegistry('repo/site:1.2.3'), ...props });
  return rendered(chart, site);
}

/** The synth error message for the given props (fails the test when synth succeeds). */
export function synthError(props: Partial<ZeroDowntimeWebsiteProps>, id = 'website'): string {
  try {
    render(props, id);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail');
}

/** The website container of a rendered Deployment. */
export function webContainer(deployment: any): any {
  return deployment.spec.template.spec.containers[0];
}
