/**
 * `cdk8s-zero-downtime synth --check`: fails when an output directory is not exactly what the app renders
 * now (`npm run check:dist` in this repository).
 *
 * Why: `dist/` is committed and Argo CD deploys what is in Git, so the reviewed diff of `dist/` is the
 * only honest picture of what a change does to the cluster. When someone changes the code and forgets
 * to re-render, or edits `dist/` by hand, Git shows one thing and the app means another. The check runs
 * the app into a temporary directory (under the system's temporary directory: the output directory and
 * the project are never touched) and compares it with the output directory file by file, byte by byte:
 *
 *   - files the app renders that the output lacks     -> "missing from dist/ (should be added)"
 *   - files in the output the app no longer renders    -> "no longer rendered (should be removed)"
 *   - files whose bytes differ                          -> a short diff from the first differing line
 *
 * Empty directories are ignored (Git does not track them). Listings are in code-unit order, so the
 * report is the same on every machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeChanges, display, removedOnExit, runApp, signalExitCode, SYNTH, SynthStreams } from './synth-output';

/** Lines of context shown before the first difference of a changed file. */
const CONTEXT_LINES = 2;
/** Most removed (and most added) lines shown per changed file. */
const MAX_DIFF_LINES = 6;

/** Options of `checkOutput`. */
export interface CheckOutputOptions extends SynthStreams {
  /** The command that runs the app, through the shell, with `CDK8S_OUTDIR` set. */
  readonly app: string;
  /** The committed output directory to compare with (absolute). */
  readonly outAbs: string;
  /** The working directory of the app (and of the paths shown). */
  readonly cwd: string;
  /** Environment of the app (`CDK8S_OUTDIR` is added). */
  readonly env: NodeJS.ProcessEnv;
  /** Command line that re-renders the output, for the fix line (e.g. `npm run synth`). */
  readonly fixCommand: string;
}

const visible = (line: string): string => line.replace(/\r/g, '\\r').replace(/\t/g, '\\t');

/**
 * A short unified-style diff between the committed and the rendered bytes: a few lines of context, then
 * the lines from the first to the last difference (at most `MAX_DIFF_LINES` each way). Line-ending-only,
 * final-newline-only and binary differences are named instead of diffed.
 */
export function shortDiff(committed: Buffer, rendered: Buffer): string[] {
  const isBinary = (b: Buffer) => b.subarray(0, 8000).includes(0);
  if (isBinary(committed) || isBinary(rendered)) {
    return [`binary files differ (${committed.length} bytes committed, ${rendered.length} bytes rendered)`];
  }
  const a = committed.toString('utf8');
  const b = rendered.toString('utf8');
  if (a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n')) {
    return ['only the line endings differ (CRLF vs LF; check git core.autocrlf / .gitattributes)'];
  }
  if (a.replace(/\n$/, '') === b.replace(/\n$/, '')) {
    return [`only the newline at the end of the file differs (${a.endsWith('\n') ? 'committed' : 'rendered'} has it)`];
  }
  const al = a.split('\n');
  const bl = b.split('\n');
  let start = 0;
  while (start < al.length && start < bl.length && al[start] === bl[start]) start++;
  let endA = al.length;
  let endB = bl.length;
  while (endA > start && endB > start && al[endA - 1] === bl[endB - 1]) {
    endA--;
    endB--;
  }
  const lines = [`@@ line ${start + 1} @@`];
  for (let i = Math.max(0, start - CONTEXT_LINES); i < start; i++) lines.push(`  ${visible(al[i])}`);
  const take = (arr: string[], from: number, to: number, mark: string) => {
    const shown = Math.min(to - from, MAX_DIFF_LINES);
    for (let i = from; i < from + shown; i++) lines.push(`${mark} ${visible(arr[i])}`);
    if (to - from > shown) lines.push(`${mark} ... ${to - from - shown} more line(s)`);
  };
  take(al, start, endA, '-');
  take(bl, start, endB, '+');
  return lines;
}

/**
 * Renders the app into a temporary directory and compares it with `outAbs` (see the file comment).
 * Writes the report to `stdout`, the app's own output and problems to `stderr` (so that stdout is only
 * the report); never writes to `outAbs`; removes its temporary directory on every path. Resolves
 * with the exit code: 0 up to date, 1 stale, 2 not checked (the app failed), 128+n interrupted.
 */
export async function checkOutput(options: CheckOutputOptions): Promise<number> {
  const { app, outAbs, cwd, stdout, stderr } = options;
  const outShown = `${display(outAbs, cwd)}/`;
  const renderAbs = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zero-downtime-check-'));
  const cleanup = removedOnExit(renderAbs);
  try {
    const result = await runApp(app, renderAbs, { cwd, env: options.env, stdout: stderr, stderr });
    const notChecked = (code: number, why: string): number => {
      stderr.write(`${SYNTH}${why}; ${outShown} was not checked\n`);
      return code;
    };
    if (result.interrupted) return notChecked(signalExitCode(result.interrupted), `interrupted (${result.interrupted})`);
    if (result.error) return notChecked(2, `could not start the app (${app}): ${result.error.message}`);
    if (result.signal) return notChecked(2, `the app was killed by ${result.signal} (${app})`);
    if (result.code !== 0) return notChecked(2, `the app exited with code ${result.code} (${app})`);

    const changes = describeChanges(outAbs, renderAbs);
    if (changes.files.length === 0) {
      return notChecked(2, 'the app exited 0 but rendered no manifests to $CDK8S_OUTDIR (does it call app.synth() and leave App.outdir unset?)');
    }
    const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file));
    const differing = changes.changed.map((file) => ({ file, diff: shortDiff(read(outAbs, file), read(renderAbs, file)) }));
    const { added: missing, removed: extra } = changes;
    stdout.write(staleReport({ outShown, rendered: changes.files.length, missing, extra, differing, fixCommand: options.fixCommand }));
    return missing.length + extra.length + differing.length === 0 ? 0 : 1;
  } finally {
    cleanup();
  }
}

/** The report: one line when up to date, else the files to add, remove and update (each list in path order), and the fix. */
function staleReport(r: {
  outShown: string;
  rendered: number;
  missing: readonly string[];
  extra: readonly string[];
  differing: readonly { file: string; diff: string[] }[];
  fixCommand: string;
}): string {
  const problems = r.missing.length + r.extra.length + r.differing.length;
  if (problems === 0) return `synth --check: ${r.outShown} is up to date (${r.rendered} file${r.rendered === 1 ? '' : 's'})\n`;
  const out = [`synth --check: ${r.outShown} is stale (${problems} file${problems === 1 ? '' : 's'} out of date)`];
  if (r.missing.length) {
    out.push(`  missing from ${r.outShown} (should be added):`);
    for (const f of r.missing) out.push(`    + ${r.outShown}${f}`);
  }
  if (r.extra.length) {
    out.push(`  in ${r.outShown} but no longer rendered (should be removed):`);
    for (const f of r.extra) out.push(`    - ${r.outShown}${f}`);
  }
  if (r.differing.length) {
    out.push('  content differs (- committed, + rendered):');
    for (const { file, diff } of r.differing) {
      out.push(`    ~ ${r.outShown}${file}`);
      for (const line of diff) out.push(`        ${line}`);
    }
  }
  out.push(`fix: run ${r.fixCommand} and commit ${r.outShown}`);
  return `${out.join('\n')}\n`;
}
