import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { LoadedInput, LoadedObject, readManifests } from './inputs';

/*
 * The baseline of `check --baseline` / `--baseline-git`: the render before the change (the committed
 * dist/ of the target branch), read like the new render, so the transition rules can compare the two.
 */

/** Extensions read from a directory (as `readManifests` and Argo CD do). */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Output of a git command kept in memory: a rendered folder is megabytes, not gigabytes. */
const GIT_MAX_BUFFER = 512 * 1024 * 1024;

/**
 * Reads the files under `paths` as they are at the git revision `ref` (a branch, tag or commit), without
 * a checkout: `git ls-tree` lists them, `git cat-file --batch` reads them all in one process. Objects
 * come with `source.file` as `<ref>:<path from the repository root>`. A path that does not exist at
 * `ref` gives no object (a first render has no baseline); a bad ref or a failing git is an input error.
 */
export async function readGitBaseline(ref: string, paths: readonly string[], cwd: string): Promise<LoadedInput> {
  const fail = (message: string): LoadedInput => ({ objects: [], errors: [{ file: ref, message }], files: [] });
  if (paths.includes('-')) return fail('--baseline-git reads the checked paths at a revision, and stdin (-) has none: pass the baseline with --baseline instead');
  if (ref.startsWith('-')) return fail('not a git revision');
  // git runs where the first path is (its repository, wherever the command runs), with absolute paths.
  const absolute = paths.map((p) => path.resolve(cwd, p));
  const first = absolute[0] ?? cwd;
  const gitCwd = fs.existsSync(first) && fs.statSync(first).isDirectory() ? first : path.dirname(first);
  const git = (args: string[], input?: string) => spawnSync('git', args, { cwd: fs.existsSync(gitCwd) ? gitCwd : cwd, input, maxBuffer: GIT_MAX_BUFFER });
  const list = git(['ls-tree', '-r', '-z', '--full-name', '--name-only', ref, '--', ...absolute]);
  if (list.error) return fail(`cannot run git: ${list.error.message}`);
  if (list.status !== 0) return fail(`git ls-tree failed: ${firstLine(list.stderr.toString()) || `exit code ${list.status}`}`);
  const names = list.stdout
    .toString()
    .split('\0')
    .filter((n) => n !== '' && MANIFEST_EXTENSIONS.has(path.extname(n).toLowerCase()) && !n.split('/').some((part) => part.startsWith('.')));
  if (names.length === 0) return { objects: [], errors: [], files: [] };
  const blobs = git(['cat-file', '--batch'], names.map((n) => `${ref}:${n}\n`).join(''));
  if (blobs.error || blobs.status !== 0) return fail(`git cat-file failed: ${blobs.error?.message ?? firstLine(blobs.stderr.toString())}`);
  const contents = parseBatch(blobs.stdout, names.length);
  if (typeof contents === 'string') return fail(contents);

  // The manifests are parsed by the reader of every other input, from a scratch copy of the files.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-baseline-'));
  try {
    const local = names.map((n, i) => {
      const file = path.join(dir, ...n.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, contents[i]);
      return file;
    });
    const read = await readManifests(local, Readable.from([]));
    const shown = new Map(local.map((f, i) => [f, `${ref}:${names[i]}`]));
    const name = (f: string) => shown.get(f) ?? f;
    return {
      objects: read.objects.map((o): LoadedObject => ({ object: o.object, source: { file: name(o.source.file), line: o.source.line } })),
      errors: read.errors.map((e) => ({ ...e, file: name(e.file) })),
      files: read.files.map(name),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The contents of `git cat-file --batch` output (`<oid> blob <size>\n<bytes>\n` per object), or what went wrong. */
function parseBatch(out: Buffer, count: number): Buffer[] | string {
  const contents: Buffer[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const eol = out.indexOf(0x0a, pos);
    if (eol < 0) return 'git cat-file: output ended early';
    const header = out.subarray(pos, eol).toString();
    const m = /^\S+ (\S+) (\d+)$/.exec(header);
    if (!m) return `git cat-file: ${header}`;
    const size = Number(m[2]);
    contents.push(out.subarray(eol + 1, eol + 1 + size));
    pos = eol + 1 + size + 1;
  }
  return contents;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

/** The baseline options `check` and `plan` share: `--baseline <path>` (repeatable) and `--baseline-git <ref>`. */
export interface BaselineOptions {
  readonly baseline: string[];
  readonly baselineGit?: string;
}

/** What is wrong with the baseline options for these new-render paths, or undefined. */
export function baselineUsageProblem(opts: BaselineOptions, paths: readonly string[]): string | undefined {
  if (opts.baseline.length > 0 && opts.baselineGit !== undefined) return '--baseline and --baseline-git both name a baseline: pass one of them';
  if (opts.baseline.includes('-') && paths.includes('-')) return 'stdin (-) can be read once: pass it as the baseline or as the new render, not both';
  return undefined;
}

/** The baseline the options name, read like the new render; undefined without one. */
export async function readBaseline(opts: BaselineOptions, paths: readonly string[], stdin: NodeJS.ReadableStream, cwd: string): Promise<LoadedInput | undefined> {
  if (opts.baselineGit !== undefined) return readGitBaseline(opts.baselineGit, paths, cwd);
  return opts.baseline.length > 0 ? readManifests(opts.baseline, stdin) : undefined;
}
