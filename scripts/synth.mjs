#!/usr/bin/env node
/**
 * `npm run synth` — render the cdk8s app into dist/ without ever half-writing dist/.
 *
 * Why this exists: dist/ is committed and deployed by GitOps (Argo CD syncs whatever is in git), so
 * dist/ must always be a complete render of a working app. `cdk8s synth` deletes dist/ *before* it
 * runs the app, so an app that throws leaves no dist/ at all (and a commit from that state would
 * delete every object in the cluster). This script instead:
 *
 *   1. runs the app with CDK8S_OUTDIR pointing at a fresh staging dir (`.dist-staging-<pid>`, next to
 *      the output dir — the repo root for the default `dist` — so that the swap below is a same-disk
 *      rename);
 *   2. only if the app exited 0 AND wrote at least one file, swaps the staging dir in:
 *      rename out -> `.dist-previous-<pid>`, rename staging -> out, delete previous (restoring the
 *      previous dir if any step fails);
 *   3. otherwise leaves the output dir byte-for-byte untouched, deletes the staging dir, prints
 *      `synth failed: dist/ left unchanged` and exits with the app's exit code.
 *
 * Staging/previous dirs are removed on every path, including SIGINT/SIGTERM/SIGHUP (the app's whole
 * process group is stopped first). Leftovers of a run killed with SIGKILL are cleaned up by the next run.
 *
 * Usage: node scripts/synth.mjs [--app "<command>"] [--out <dir>]
 *   --app  command that runs the cdk8s app (default: `node scripts/run-ts.cjs main.ts`, with this
 *          Node and the script as absolute paths). Run through the shell, in the current directory,
 *          with CDK8S_OUTDIR set.
 *   --out  output directory (default: dist), relative to the current directory.
 * Exit codes: 0 success; the app's exit code when it fails (1 when it wrote nothing or the swap
 * failed; 128+signal when it was killed or we were interrupted); 64 bad usage.
 *
 * Plain Node ESM with only built-in modules, so it works before/without a build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultAppCommand, display, exitWithUsage, listFiles, parseOptions, REPO_ROOT, runApp, signalExitCode } from './lib/app.mjs';

const STAGING_PREFIX = '.dist-staging-';
const PREVIOUS_PREFIX = '.dist-previous-';

const USAGE = 'usage: node scripts/synth.mjs [--app "<command>"] [--out <dir>]';

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Cleans up after runs that died without cleaning up (SIGKILL, power loss): stale staging dirs are
 * deleted; a stale previous dir is deleted when the output dir exists, or renamed back to it when the
 * run died between the two renames (it is then the only copy of the last good output).
 */
function recoverLeftovers(parent, outAbs) {
  let names;
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const m = /^\.dist-(staging|previous)-(\d+)$/.exec(name);
    // Our own pid can only be a leftover of an earlier process that had the same pid (containers).
    if (!m || (Number(m[2]) !== process.pid && pidAlive(Number(m[2])))) continue;
    const abs = path.join(parent, name);
    if (m[1] === 'previous' && !fs.existsSync(outAbs)) {
      process.stderr.write(`synth: restoring ${display(outAbs)}/ from ${name} left by an interrupted run\n`);
      fs.renameSync(abs, outAbs);
    } else {
      process.stderr.write(`synth: removing ${name} left by an interrupted run\n`);
      fs.rmSync(abs, { recursive: true, force: true });
    }
  }
}

function rmQuiet(dir) {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (e) {
    process.stderr.write(`synth: warning: could not remove ${display(dir)}: ${e.message}\n`);
  }
}

/**
 * Replaces `outAbs` with `stagingAbs`: out -> previous, staging -> out, rm previous. If a rename fails
 * the old output is put back and the error rethrown. Falls back to a copy when the output dir cannot be
 * renamed (e.g. it is a mount point: EBUSY/EXDEV).
 */
function swapIn(stagingAbs, outAbs, previousAbs) {
  const hadOut = fs.existsSync(outAbs);
  if (hadOut) {
    try {
      fs.renameSync(outAbs, previousAbs);
    } catch (e) {
      if (['EBUSY', 'EXDEV', 'EPERM', 'EACCES'].includes(e.code)) return copyIn(stagingAbs, outAbs, previousAbs);
      throw e;
    }
  }
  try {
    fs.renameSync(stagingAbs, outAbs);
  } catch (e) {
    if (hadOut) fs.renameSync(previousAbs, outAbs);
    throw e;
  }
  if (hadOut) rmQuiet(previousAbs);
}

/** Non-atomic fallback of swapIn: back up the contents, replace them, restore the backup on failure. */
function copyIn(stagingAbs, outAbs, previousAbs) {
  fs.cpSync(outAbs, previousAbs, { recursive: true, preserveTimestamps: true });
  const clear = () => {
    for (const name of fs.readdirSync(outAbs)) fs.rmSync(path.join(outAbs, name), { recursive: true, force: true });
  };
  try {
    clear();
    fs.cpSync(stagingAbs, outAbs, { recursive: true });
  } catch (e) {
    clear();
    fs.cpSync(previousAbs, outAbs, { recursive: true, preserveTimestamps: true });
    rmQuiet(previousAbs);
    throw e;
  }
  rmQuiet(previousAbs);
  rmQuiet(stagingAbs);
}

/** What changed between the old and the new output, for the success report. */
function describeChanges(oldAbs, newAbs) {
  const oldFiles = new Set(listFiles(oldAbs));
  const lines = [];
  const counts = { new: 0, changed: 0, unchanged: 0, removed: 0 };
  const newFiles = listFiles(newAbs);
  for (const f of newFiles) {
    let mark;
    if (!oldFiles.has(f)) {
      mark = '+';
      counts.new++;
    } else if (fs.readFileSync(path.join(oldAbs, f)).equals(fs.readFileSync(path.join(newAbs, f)))) {
      mark = ' ';
      counts.unchanged++;
    } else {
      mark = '~';
      counts.changed++;
    }
    lines.push({ f, mark });
  }
  const newSet = new Set(newFiles);
  for (const f of oldFiles) {
    if (!newSet.has(f)) {
      lines.push({ f, mark: '-' });
      counts.removed++;
    }
  }
  lines.sort((a, b) => (a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
  return { newFiles, lines, counts };
}

async function main() {
  const opts = parseOptions(process.argv.slice(2), { app: undefined, out: 'dist' }, 'synth', USAGE);
  const appCommand = opts.app ?? defaultAppCommand();
  const outAbs = path.resolve(opts.out);
  const outShown = `${display(outAbs)}/`;
  if (outAbs === path.parse(outAbs).root || outAbs === process.cwd() || outAbs === REPO_ROOT) {
    exitWithUsage('synth', USAGE, `refusing to replace ${outAbs} (pass a dedicated output dir such as dist)`);
  }
  // Staging and previous dirs are siblings of the output dir (the repo root for the default `dist`),
  // so that both swaps are same-filesystem renames.
  const parent = path.dirname(outAbs);
  fs.mkdirSync(parent, { recursive: true });
  const stagingAbs = path.join(parent, `${STAGING_PREFIX}${process.pid}`);
  const previousAbs = path.join(parent, `${PREVIOUS_PREFIX}${process.pid}`);

  recoverLeftovers(parent, outAbs);

  // Whatever happens (including uncaught errors and process.exit), never leave staging behind.
  process.on('exit', () => {
    try {
      fs.rmSync(stagingAbs, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  });

  fs.rmSync(stagingAbs, { recursive: true, force: true });
  fs.mkdirSync(stagingAbs);

  const fail = (code, why) => {
    rmQuiet(stagingAbs);
    if (why) process.stderr.write(`${why}\n`);
    process.stderr.write(`synth failed: ${outShown} left unchanged\n`);
    process.exitCode = code;
  };

  const result = await runApp(appCommand, stagingAbs);
  const { interrupted } = result;

  if (interrupted) {
    return fail(signalExitCode(interrupted), `synth: interrupted (${interrupted})`);
  }
  if (result.error) {
    return fail(1, `synth: could not start the app (${appCommand}): ${result.error.message}`);
  }
  if (result.signal) {
    return fail(signalExitCode(result.signal), `synth: the app was killed by ${result.signal}`);
  }
  if (result.code !== 0) {
    return fail(result.code ?? 1, `synth: the app exited with code ${result.code} (${appCommand})`);
  }
  const { newFiles, lines, counts } = describeChanges(outAbs, stagingAbs);
  if (newFiles.length === 0) {
    return fail(
      1,
      `synth: the app exited 0 but wrote no manifests to $CDK8S_OUTDIR (${display(stagingAbs)}); ` +
        'does it call app.synth() and leave App.outdir unset?',
    );
  }

  // The swap is synchronous: signal handlers cannot run in the middle of it.
  try {
    swapIn(stagingAbs, outAbs, previousAbs);
  } catch (e) {
    return fail(1, `synth: could not replace ${outShown}: ${e.message}`);
  }

  const out = [];
  out.push(
    `synth: wrote ${newFiles.length} file${newFiles.length === 1 ? '' : 's'} to ${outShown} ` +
      `(${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.removed} removed)`,
  );
  for (const { f, mark } of lines) out.push(`  ${mark} ${outShown}${f}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`synth: ${e && e.stack ? e.stack : e}\nsynth failed: output dir left unchanged\n`);
  process.exitCode = 1;
});
