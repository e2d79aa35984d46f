#!/usr/bin/env node
/**
 * `npm run check:dist` — fail when the committed dist/ is not exactly what the app renders.
 *
 * Why this exists: dist/ is committed and Argo CD deploys what is in git, so the reviewed diff of
 * dist/ is the only honest picture of what a change does to the cluster. If someone changes the code
 * and forgets to re-render, or hand-edits dist/, git shows one thing and the app means another. This
 * check renders the app into a temporary directory (outside the repo, so dist/ and the work tree are
 * never touched) and compares it file by file, byte by byte, with dist/:
 *
 *   - files the app renders that dist/ lacks          -> "missing from dist/ (should be added)"
 *   - files in dist/ the app no longer renders         -> "no longer rendered (should be removed)"
 *   - files whose bytes differ                         -> a short diff of the first differing lines
 *
 * Empty directories are ignored (git does not track them). Output is sorted by path (code-unit
 * order), so it is the same on every machine.
 *
 * Usage: node scripts/check-dist.mjs [--app "<command>"] [--dist <dir>]
 *   --app   command that runs the cdk8s app (default: `node scripts/run-ts.cjs main.ts`, with this
 *           Node and the script as absolute paths); run through the shell in the current directory
 *           with CDK8S_OUTDIR set. Its stdout/stderr go to stderr.
 *   --dist  the committed output directory to check (default: dist).
 * Exit codes: 0 dist/ is up to date; 1 dist/ is stale (fix: run npm run synth and commit dist/);
 * 2 the app failed or rendered nothing (dist/ was not checked); 64 bad usage; 128+n interrupted.
 *
 * Plain Node ESM with only built-in modules.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultAppCommand, display, listFiles, parseOptions, runApp, signalExitCode } from './lib/app.mjs';

const USAGE = 'usage: node scripts/check-dist.mjs [--app "<command>"] [--dist <dir>]';
/** Lines of context before the first difference, and most removed/added lines shown per file. */
const CONTEXT_LINES = 2;
const MAX_DIFF_LINES = 6;

const visible = (line) => line.replace(/\r/g, '\\r').replace(/\t/g, '\\t');

/**
 * A short unified-style diff between the committed and the rendered bytes: a few lines of context,
 * then the lines from the first to the last difference (capped at MAX_DIFF_LINES each way).
 */
function shortDiff(committed, rendered) {
  const isBinary = (b) => b.subarray(0, 8000).includes(0);
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
  const ctxStart = Math.max(0, start - CONTEXT_LINES);
  const lines = [`@@ line ${start + 1} @@`];
  for (let i = ctxStart; i < start; i++) lines.push(`  ${visible(al[i])}`);
  const take = (arr, from, to, mark) => {
    const shown = Math.min(to - from, MAX_DIFF_LINES);
    for (let i = from; i < from + shown; i++) lines.push(`${mark} ${visible(arr[i])}`);
    if (to - from > shown) lines.push(`${mark} ... ${to - from - shown} more line(s)`);
  };
  take(al, start, endA, '-');
  take(bl, start, endB, '+');
  return lines;
}

async function main() {
  const opts = parseOptions(process.argv.slice(2), { app: undefined, dist: 'dist' }, 'check-dist', USAGE);
  const appCommand = opts.app ?? defaultAppCommand();
  const distAbs = path.resolve(opts.dist);
  const distShown = `${display(distAbs)}/`;

  const renderAbs = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-check-dist-'));
  const cleanup = () => {
    try {
      fs.rmSync(renderAbs, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  };
  process.on('exit', cleanup);

  // The app's stdout goes to our stderr so that our stdout is only the report.
  const result = await runApp(appCommand, renderAbs, process.stderr);
  if (result.interrupted) {
    process.stderr.write(`check-dist: interrupted (${result.interrupted})\n`);
    return signalExitCode(result.interrupted);
  }
  const appFailed = (why) => {
    process.stderr.write(`check-dist: ${why}; ${distShown} was not checked\n`);
    return 2;
  };
  if (result.error) return appFailed(`could not start the app (${appCommand}): ${result.error.message}`);
  if (result.signal) return appFailed(`the app was killed by ${result.signal} (${appCommand})`);
  if (result.code !== 0) return appFailed(`the app failed with exit code ${result.code} (${appCommand})`);

  const rendered = listFiles(renderAbs);
  if (rendered.length === 0) {
    return appFailed('the app exited 0 but rendered no manifests to $CDK8S_OUTDIR (is App.outdir hard-coded?)');
  }
  const committed = listFiles(distAbs);
  const committedSet = new Set(committed);
  const renderedSet = new Set(rendered);

  const missing = rendered.filter((f) => !committedSet.has(f));
  const extra = committed.filter((f) => !renderedSet.has(f));
  const differing = [];
  for (const f of rendered) {
    if (!committedSet.has(f)) continue;
    const want = fs.readFileSync(path.join(renderAbs, f));
    const have = fs.readFileSync(path.join(distAbs, f));
    if (!want.equals(have)) differing.push({ f, diff: shortDiff(have, want) });
  }
  cleanup();

  const problems = missing.length + extra.length + differing.length;
  if (problems === 0) {
    process.stdout.write(`check-dist: ${distShown} is up to date (${rendered.length} file${rendered.length === 1 ? '' : 's'})\n`);
    return 0;
  }
  const out = [`check-dist: ${distShown} is stale (${problems} file${problems === 1 ? '' : 's'} out of date)`];
  if (missing.length) {
    out.push(`  missing from ${distShown} (should be added):`);
    for (const f of missing) out.push(`    + ${distShown}${f}`);
  }
  if (extra.length) {
    out.push(`  in ${distShown} but no longer rendered (should be removed):`);
    for (const f of extra) out.push(`    - ${distShown}${f}`);
  }
  if (differing.length) {
    out.push(`  content differs (- committed, + rendered):`);
    for (const { f, diff } of differing) {
      out.push(`    ~ ${distShown}${f}`);
      for (const line of diff) out.push(`        ${line}`);
    }
  }
  out.push(
    distShown === 'dist/'
      ? 'fix: run npm run synth and commit dist/'
      : `fix: run npm run synth -- --out ${display(distAbs)} and commit ${distShown}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`check-dist: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 2;
  },
);
