import { Duration } from 'cdk8s';

/** Seconds in a Duration, without throwing on fractions (validation reports those). */
export function seconds(d: Duration): number {
  return d.toSeconds({ integral: false });
}
