import * as fs from 'fs';
import { Readable } from 'stream';
import { readManifests } from './inputs';
import { RuleEngine } from '../engine/check';
import { describeRef } from '../engine/object-ref';
import { TransitionState } from '../engine/transition';

/**
 * The transition rules of `synth`: the previous output (`oldAbs`, the dist/ about to be replaced) is the
 * baseline, the new render (`newAbs`) the change. Returns the lines to print when the change breaks a
 * rule (synth then leaves the output as it was), or undefined when it passes: also on a first render
 * (no previous output) and when the previous output cannot be read (then `warn` says so).
 * An exemption is the annotation `zero-downtime.cdk8s.io/exempt-<id>` on the new object (a
 * `ZeroDowntimeWebsite` writes its `exemptions` on its Deployment).
 */
export async function refuseTransitions(oldAbs: string, newAbs: string, shown: string, prefix: string, warn: (line: string) => void): Promise<string | undefined> {
  const empty = () => Readable.from([]);
  if (!fs.existsSync(oldAbs)) return undefined;
  const before = await readManifests([oldAbs], empty());
  if (before.objects.length === 0 && before.errors.every((e) => e.file === oldAbs)) return undefined; // no manifest in it
  if (before.errors.length > 0) {
    warn(`${prefix}warning: the previous ${shown} cannot be read (${before.errors[0].message}): the change was not compared with it`);
    return undefined;
  }
  const after = await readManifests([newAbs], empty());
  const findings = RuleEngine.compare(before.objects.map((o) => o.object), after.objects.map((o) => o.object));
  if (findings.length === 0) return undefined;
  const lines = [
    `${prefix}the change from the previous ${shown} breaks ${findings.length} zero-downtime transition rule${findings.length === 1 ? '' : 's'}:`,
    ...findings.map((f) => `${prefix}${describeRef(f.objectRef)}${f.state === TransitionState.BASELINE ? ` (removed)` : ''}: ${f.message}. Fix: ${f.fix}.`),
  ];
  return lines.join('\n');
}
