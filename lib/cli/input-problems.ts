import { Analysis } from '../engine/check';
import { describeRef } from '../engine/object-ref';
import { ReportProblem } from './check-report';
import { errorPrefix } from './cli-errors';
import { LoadedInput } from './inputs';

/*
 * The input problems `check` and `plan` share: fields of the wrong type in objects the rules read,
 * and input with no Kubernetes object at all; printed one per line on stderr the same way.
 */

/** The problems of an input the engine analysed, and how many Kubernetes objects it holds. */
export function inputProblems(input: LoadedInput, analysis: Analysis): { problems: ReportProblem[]; objects: number } {
  const { objects } = input;
  const shape: ReportProblem[] = analysis.problems.map((p) => ({
    file: objects[p.objectIndex].source.file,
    line: objects[p.objectIndex].source.line,
    path: p.path,
    message: `${describeRef(p.objectRef)}: ${p.message}`,
  }));
  const notObjects = analysis.skipped.filter((s) => s.objectRef === undefined).length;
  const counted = objects.length - notObjects;
  const empty: ReportProblem[] = counted > 0 ? [] : [{
    file: input.files.join(', ') || '-',
    message: objects.length === 0
      ? 'no Kubernetes object in the input (empty input: did the command that writes it fail?)'
      : `no Kubernetes object in the input: ${notObjects} document${notObjects === 1 ? ' is' : 's are'} not Kubernetes objects (no apiVersion and kind)`,
  }];
  return { problems: [...shape, ...empty], objects: counted };
}

/**
 * Input problems on stderr, one per line as `file:line[:column]: message` (the form editors and CI
 * annotate), after the subcommand's prefix, then a count and what the command did about them.
 */
export function writeProblems(subcommand: string, problems: readonly ReportProblem[], what: string, stderr: NodeJS.WritableStream): void {
  const prefix = errorPrefix(subcommand);
  for (const p of problems) {
    const where = p.line !== undefined ? `${p.file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : p.file;
    stderr.write(`${prefix}${where}: ${p.message}\n`);
  }
  stderr.write(`${prefix}${problems.length} input problem${problems.length === 1 ? '' : 's'}; ${what}\n`);
}
