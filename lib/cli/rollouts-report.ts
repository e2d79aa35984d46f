import { RuleEngine } from '../engine/check';
import { describeRef, ObjectRef } from '../engine/object-ref';
import { TransitionState } from '../engine/transition';
import { ReportObject, ReportRollout } from './check-report';
import { LoadedObject } from './inputs';

/*
 * Which workloads a change rolls, as `check --baseline` and `plan --baseline` report it: the same
 * JSON entries and the same text lines from one place.
 */

/** `RuleEngine.rollouts(before, after)` as report entries, each with the file and line it was read from. */
export function reportRollouts(before: readonly LoadedObject[], after: readonly LoadedObject[]): ReportRollout[] {
  return RuleEngine.rollouts(before.map((o) => o.object), after.map((o) => o.object)).map((r): ReportRollout => {
    const inBaseline = r.state === TransitionState.BASELINE;
    const o = (inBaseline ? before : after)[r.objectIndex];
    return {
      change: r.change,
      object: plainRef(r.workloadRef),
      source: { file: o.source.file, line: o.source.line },
      ...(inBaseline ? { state: 'baseline' as const } : {}),
      fields: r.fields,
    };
  });
}

/** An object as the JSON reports name it. */
export function plainRef(ref: ObjectRef): ReportObject {
  return { apiVersion: ref.apiVersion, kind: ref.kind, ...(ref.namespaceName !== undefined ? { namespace: ref.namespaceName } : {}), name: ref.name };
}

/** `Rollouts: ...`: the workloads the change rolls (with the fields), then those it creates, removes or leaves alone. */
export function rolloutLines(rollouts: readonly ReportRollout[]): string[] {
  const name = (r: ReportRollout) => describeRef({ ...r.object, namespaceName: r.object.namespace });
  const rolls = rollouts.filter((r) => r.change === 'rolls' || r.change === 'waits-for-delete');
  const lines = [`Rollouts: the change rolls ${rolls.length} of ${rollouts.length} workload${rollouts.length === 1 ? '' : 's'}`];
  for (const r of rolls) {
    const more = r.fields.length >= 10 ? ', ...' : '';
    lines.push(`  ↻ ${name(r)}${r.change === 'waits-for-delete' ? ' (OnDelete: only when its pods are deleted)' : ''}: ${r.fields.join(', ')}${more}`);
  }
  for (const [change, mark] of [['created', '+'], ['removed', '-']] as const) {
    for (const r of rollouts.filter((x) => x.change === change)) lines.push(`  ${mark} ${name(r)} ${change}`);
  }
  const unchanged = rollouts.filter((r) => r.change === 'unchanged').length;
  if (unchanged > 0) lines.push(`  = ${unchanged} unchanged (no pod replaced)`);
  return lines;
}
