import * as fs from 'fs';
import * as path from 'path';
import type * as JsYaml from 'js-yaml';
import { errorPrefix } from './cli-errors';

/** Where an object was read from. */
export interface ObjectSource {
  /** The file as given on the command line (or found in a directory), `-` for stdin. */
  readonly file: string;
  /** 1-based line of the document's first line. */
  readonly line: number;
}

/** A Kubernetes object read from a file, with where it came from. */
export interface LoadedObject {
  /** The object as plain JSON. */
  readonly object: unknown;
  readonly source: ObjectSource;
}

/** A problem reading the input: the file cannot be read, or its YAML is broken. */
export interface InputError {
  readonly file: string;
  /** 1-based line, when the problem has one. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** Everything read from the paths of one run. */
export interface LoadedInput {
  readonly objects: LoadedObject[];
  readonly errors: InputError[];
  /** The files read, in order. */
  readonly files: string[];
}

/**
 * `readManifests` for a command: on any input problem, prints every one as `file:line:column: message`
 * (the form editors and CI annotate) after the subcommand's error prefix (`errorPrefix`), e.g.
 * `cdk8s-zero-downtime check: x.yaml:3:1: ...`, then a count and `skipped` (what the command does not
 * do: `nothing was checked`), and returns undefined.
 */
export async function readManifestsOrReport(
  paths: readonly string[],
  io: { readonly stdin: NodeJS.ReadableStream; readonly stderr: NodeJS.WritableStream },
  subcommand: string,
  skipped: string,
): Promise<LoadedInput | undefined> {
  const input = await readManifests(paths, io.stdin);
  if (input.errors.length === 0) return input;
  const prefix = errorPrefix(subcommand);
  for (const e of input.errors) {
    const where = e.line !== undefined ? `${e.file}:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : e.file;
    io.stderr.write(`${prefix}${where}: ${e.message}\n`);
  }
  io.stderr.write(`${prefix}${input.errors.length} input problem${input.errors.length === 1 ? '' : 's'}; ${skipped}\n`);
  return undefined;
}

/**
 * js-yaml, loaded on first use, not at the top: only `check` and `plan` read manifests, and every
 * other subcommand (each test that runs the command as a process too) starts ~30 ms sooner without it.
 */
let jsYaml: typeof JsYaml | undefined;
function yamlParser(): typeof JsYaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (jsYaml ??= require('js-yaml') as typeof JsYaml);
}

/** Extensions read when a directory is given (Argo CD reads the same ones). */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Reads Kubernetes objects from files, directories (recursively: `.yaml`, `.yml` and `.json` files, in
 * sorted order) and `-` (stdin). Multi-document YAML and `kind: List` are expanded; empty documents
 * are skipped. Never throws: unreadable files and YAML syntax errors are returned with file and line.
 */
export async function readManifests(paths: readonly string[], stdin: NodeJS.ReadableStream): Promise<LoadedInput> {
  const objects: LoadedObject[] = [];
  const errors: InputError[] = [];
  const files: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      files.push('-');
      parseManifestText(await readStream(stdin), '-', objects, errors);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      errors.push({ file: p, message: describeFsError(e) });
      continue;
    }
    const list = stat.isDirectory() ? listManifestFiles(p) : [p];
    if (stat.isDirectory() && list.length === 0) {
      errors.push({ file: p, message: 'directory holds no .yaml, .yml or .json file' });
    }
    for (const file of list) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        errors.push({ file, message: describeFsError(e) });
        continue;
      }
      files.push(file);
      parseManifestText(text, file, objects, errors);
    }
  }
  return { objects, errors, files };
}

/**
 * Parses one YAML (or JSON) text into objects, appending them and any syntax errors.
 *
 * The text is cut into documents at the `---` and `...` markers (a marker at the start of a line always
 * ends a document in YAML), so each object knows the line it starts on and a syntax error in one
 * document does not hide the others. Each document is parsed with js-yaml's YAML 1.2 core schema (the
 * JSON types; no timestamps or other YAML 1.1 types), about eight times faster than the `yaml` package (js-yaml 4; version 5 is 2.5 times slower again) on
 * large Helm outputs (BENCHMARKS.md).
 */
function parseManifestText(text: string, file: string, objects: LoadedObject[], errors: InputError[]): void {
  const { CORE_SCHEMA, load } = yamlParser();
  for (const doc of splitDocuments(text)) {
    let value: unknown;
    try {
      value = load(doc.text, { schema: CORE_SCHEMA, filename: file });
    } catch (e) {
      const mark = (e as { mark?: { line?: number; column?: number } }).mark;
      const reason = (e as { reason?: string }).reason ?? (e instanceof Error ? e.message : String(e));
      errors.push({
        file,
        line: mark?.line !== undefined ? doc.startLine + mark.line : doc.firstContentLine,
        column: mark?.column !== undefined ? mark.column + 1 : undefined,
        message: firstLine(reason),
      });
      continue;
    }
    if (value === null || value === undefined) continue; // an empty document, e.g. after a trailing ---
    const source = { file, line: doc.firstContentLine };
    if (isList(value)) {
      for (const item of value.items) objects.push({ object: item, source });
    } else {
      objects.push({ object: value, source });
    }
  }
}

interface DocumentText {
  readonly text: string;
  /** 1-based line of the document's first line of text. */
  readonly startLine: number;
  /** 1-based line of its first line that is neither blank nor a comment (the object's line). */
  readonly firstContentLine: number;
}

const MARKER = /^(---|\.\.\.)(?=\s|$)/;

/** Cuts a YAML stream into documents; directives (`%YAML`) stay with the document they precede. */
function splitDocuments(text: string): DocumentText[] {
  const lines = text.split(/\r?\n/);
  const out: DocumentText[] = [];
  let start = 0; // index of the chunk's first line
  let chunk: string[] = [];
  let carried: { lines: string[]; start: number } | undefined;
  const flush = () => {
    const isDirectivesOnly = chunk.length > 0 && chunk.every((l) => /^\s*(#.*)?$/.test(l) || l.startsWith('%')) && chunk.some((l) => l.startsWith('%'));
    if (isDirectivesOnly) {
      carried = { lines: [...chunk, '---'], start };
    } else {
      const all = carried ? [...carried.lines, ...chunk] : chunk;
      const first = carried ? carried.start : start;
      const contentIndex = all.findIndex((l) => !/^\s*(#.*)?$/.test(l) && !l.startsWith('%') && l !== '---');
      if (contentIndex >= 0) out.push({ text: all.join('\n'), startLine: first + 1, firstContentLine: first + contentIndex + 1 });
      carried = undefined;
    }
    chunk = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i]);
    if (!m) {
      chunk.push(lines[i]);
      continue;
    }
    flush();
    if (m[1] === '---') {
      // content on the marker line itself (`--- {a: 1}` or `--- |`) belongs to the next document
      const rest = lines[i].slice(3);
      start = i;
      chunk = rest.trim() === '' ? [''] : [`   ${rest}`];
    } else {
      start = i + 1;
    }
  }
  flush();
  return out;
}

function isList(value: unknown): value is { items: unknown[] } {
  const v = value as { kind?: unknown; items?: unknown };
  return typeof v === 'object' && v !== null && typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items);
}

function listManifestFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue; // .git, editor files
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err?.message ?? String(e);
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
