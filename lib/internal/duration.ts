import { Duration } from 'cdk8s';

/** Seconds in a Duration, without throwing on fractions (validation reports those). */
export function seconds(d: Duration): number {
  return d.toSeconds({ integral: false });
}

/** Renders a duration for an error message, e.g. `30s`. */
export function describeSeconds(d: Duration): string {
  return `${seconds(d)}s`;
}
