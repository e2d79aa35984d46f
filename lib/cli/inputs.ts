import * as fs from 'fs';
import * as path from 'path';
import type * as JsYaml from 'js-yaml';
import { errorPrefix } from './cli-errors';
import { AliasBudget, checkExpansion, decodeText, DEFAULT_INPUT_LIMITS, formatCount, InputLimits, inputLimitsFromEnv, tooLargeMessage } from './input-limits';

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

/**
 * A problem reading the input: the file cannot be read, is not UTF-8 text, is over a limit of
 * `InputLimits` (size, nesting, YAML aliases), or its YAML is broken.
 */
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
 * do: `nothing was checked`), and returns undefined. The limits are `DEFAULT_INPUT_LIMITS`, with the
 * size per file from CDK8S_ZD_MAX_INPUT_MIB in `io.env` when set (a bad value is a problem too).
 */
export async function readManifestsOrReport(
  paths: readonly string[],
  io: { readonly stdin: NodeJS.ReadableStream; readonly stderr: NodeJS.WritableStream; readonly env?: NodeJS.ProcessEnv },
  subcommand: string,
  skipped: string,
): Promise<LoadedInput | undefined> {
  const prefix = errorPrefix(subcommand);
  const limits = inputLimitsFromEnv(io.env ?? {});
  if (typeof limits === 'string') {
    io.stderr.write(`${prefix}${limits}; ${skipped}\n`);
    return undefined;
  }
  const input = await readManifests(paths, io.stdin, limits);
  if (input.errors.length === 0) return input;
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
 * are skipped. Never throws: unreadable files, YAML syntax errors and input over one of `limits` (a
 * file too large, binary, nested too deep, an alias bomb) are returned with file and line.
 */
export async function readManifests(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): Promise<LoadedInput> {
  const objects: LoadedObject[] = [];
  const errors: InputError[] = [];
  const files: string[] = [];
  const budget: AliasBudget = { used: 0 };
  const parse = (data: Buffer, file: string) => {
    files.push(file);
    const text = decodeText(data);
    if (typeof text === 'string') parseManifestText(text, file, objects, errors, limits, budget);
    else errors.push({ file, ...text });
  };
  for (const p of paths) {
    if (p === '-') {
      const data = await readStream(stdin, limits.maxFileBytes);
      if (data) parse(data, '-');
      else errors.push({ file: '-', message: tooLargeMessage(limits.maxFileBytes) });
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
      let data: Buffer | string;
      try {
        data = readFileBounded(file, limits.maxFileBytes);
      } catch (e) {
        errors.push({ file, message: describeFsError(e) });
        continue;
      }
      if (typeof data === 'string') errors.push({ file, message: data });
      else parse(data, file);
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
 * large Helm outputs (BENCHMARKS.md), with `maxDepth` from the limits, then checked with its aliases
 * expanded (`checkExpansion`).
 */
function parseManifestText(text: string, file: string, objects: LoadedObject[], errors: InputError[], limits: InputLimits, budget: AliasBudget): void {
  const { CORE_SCHEMA, load } = yamlParser();
  // CRLF as LF, once (js-yaml reads both; a lone CR stays, which js-yaml counts as a line break and we do not)
  for (const doc of splitDocuments(text.includes('\r') ? text.replace(/\r\n/g, '\n') : text)) {
    let value: unknown;
    try {
      // maxDepth: js-yaml 4.2 and later (4.3.2 in package.json); @types/js-yaml 4.0.9 does not list it yet
      value = load(doc.text, { schema: CORE_SCHEMA, filename: file, maxDepth: limits.maxDepth } as JsYaml.LoadOptions);
    } catch (e) {
      const mark = (e as { mark?: { line?: number; column?: number } }).mark;
      const reason = (e as { reason?: string }).reason ?? (e instanceof Error ? e.message : String(e));
      errors.push({
        file,
        line: mark?.line !== undefined ? doc.startLine + mark.line : doc.firstContentLine,
        column: mark?.column !== undefined ? mark.column + 1 : undefined,
        message: describeParseError(reason, e, limits),
      });
      continue;
    }
    if (value === null || value === undefined) continue; // an empty document, e.g. after a trailing ---
    // Only a document with an anchor (`&a`) can have an alias (`*a`); without one, js-yaml's maxDepth has
    // bounded it already and the walk (a tenth of the parse time) is skipped.
    const expansion = doc.text.includes('&') && doc.text.includes('*') ? checkExpansion(value, limits, budget) : undefined;
    if (expansion !== undefined) {
      errors.push({ file, line: doc.firstContentLine, message: expansion });
      continue;
    }
    const source = { file, line: doc.firstContentLine };
    if (isList(value)) {
      for (const item of value.items) objects.push({ object: item, source });
    } else {
      objects.push({ object: value, source });
    }
  }
}

/** js-yaml's reason, in our words where it speaks of a limit or ran out of stack (which `maxDepth` should prevent). */
function describeParseError(reason: string, e: unknown, limits: InputLimits): string {
  if (/^nesting exceeded maxDepth/.test(reason)) return `nesting deeper than ${formatCount(limits.maxDepth)} levels`;
  if (e instanceof RangeError) return `nesting too deep to read (the YAML parser ran out of stack: ${e.message})`;
  return firstLine(reason);
}

interface DocumentText {
  readonly text: string;
  /** 1-based line of the document's first line of text. */
  readonly startLine: number;
  /** 1-based line of its first line that is neither blank nor a comment (the object's line). */
  readonly firstContentLine: number;
}

/** A line that is blank or only a comment. */
const BLANK_OR_COMMENT = /^\s*(#.*)?$/;

/**
 * Cuts a YAML stream into documents; directives (`%YAML`) stay with the document they precede. One
 * pass over the lines: each document is a slice of `text` (a `---` line's dashes turned into spaces),
 * and only the lines before a document's first content are looked at, so a 50 MB file is cut in
 * tens of milliseconds and 10,000 empty documents in one.
 */
function splitDocuments(text: string): DocumentText[] {
  const out: DocumentText[] = [];
  // the document being read: where it starts (a `---` line, or the line after `...` or the text's start)
  let start = 0;
  let startLine = 1;
  let atDashes = false;
  let firstContentLine = 0; // none yet
  let directives = false; // a `%` line before any content
  // a document of directives only, ended by `---`: the start of the document that follows
  let carried: { start: number; startLine: number; atDashes: boolean } | undefined;
  const flush = (end: number, nextIsDashes: boolean) => {
    if (firstContentLine === 0) {
      carried = directives && nextIsDashes ? (carried ?? { start, startLine, atDashes }) : undefined;
      return;
    }
    const from = carried ?? { start, startLine, atDashes };
    const body = text.slice(from.atDashes ? from.start + 3 : from.start, end);
    out.push({ text: from.atDashes ? `   ${body}` : body, startLine: from.startLine, firstContentLine });
    carried = undefined;
  };
  let line = 1;
  for (let pos = 0; ; line++) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const marker = markerAt(text, pos, eol);
    if (marker) {
      flush(pos === 0 ? 0 : pos - 1, marker === '---');
      firstContentLine = 0;
      directives = false;
      atDashes = marker === '---';
      if (atDashes) {
        // content on the marker line itself (`--- {a: 1}` or `--- |`) belongs to the next document
        start = pos;
        startLine = line;
        if (!BLANK_OR_COMMENT.test(text.slice(pos + 3, eol))) firstContentLine = line;
      } else {
        start = eol + 1;
        startLine = line + 1;
      }
    } else if (firstContentLine === 0) {
      const content = text.slice(pos, eol);
      if (content.startsWith('%')) directives = true;
      else if (!BLANK_OR_COMMENT.test(content)) firstContentLine = line;
    }
    if (eol >= text.length) break;
    pos = eol + 1;
  }
  flush(text.length, false);
  return out;
}

/** `---` or `...` when the line from `pos` to `eol` starts with that marker (followed by white space or its end). */
function markerAt(text: string, pos: number, eol: number): '---' | '...' | undefined {
  const c = text.charCodeAt(pos);
  if (c !== 45 && c !== 46) return undefined; // - .
  const marker = c === 45 ? '---' : '...';
  if (!text.startsWith(marker, pos)) return undefined;
  return pos + 3 >= eol || /\s/.test(text[pos + 3]) ? marker : undefined;
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

/**
 * A file's bytes, or a message when it has more than `maxBytes`. A regular file's size is known before
 * reading; anything else (a named pipe, `<(helm template ...)`, /dev/stdin, /dev/zero) is read in chunks
 * and stops at the limit.
 */
function readFileBounded(file: string, maxBytes: number): Buffer | string {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stat.isFile() && stat.size > maxBytes) return tooLargeMessage(maxBytes, stat.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(stat.isFile() ? Math.min(Math.max(stat.size - total, 0), maxBytes - total) + 1 : 64 * 1024);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return tooLargeMessage(maxBytes);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** All of a stream's bytes, or undefined as soon as it has sent more than `maxBytes` (the rest is not read). */
function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (c: Buffer | string) => {
      const chunk = typeof c === 'string' ? Buffer.from(c) : c;
      total += chunk.length;
      if (total > maxBytes) {
        stream.removeListener('data', onData);
        stream.removeListener('end', onEnd);
        stream.pause();
        (stream as { destroy?: () => void }).destroy?.();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, total));
    stream.on('data', onData);
    stream.on('end', onEnd);
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
