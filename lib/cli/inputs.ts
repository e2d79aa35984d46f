import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';

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

/** Parses one YAML (or JSON) text into objects, appending them and any syntax errors. */
export function parseManifestText(text: string, file: string, objects: LoadedObject[], errors: InputError[]): void {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
    const line = lineCounter.linePos(start).line;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const pos = lineCounter.linePos(err.pos[0]);
        errors.push({ file, line: pos.line, column: pos.col, message: firstLine(err.message) });
      }
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      errors.push({ file, line, message: firstLine(e instanceof Error ? e.message : String(e)) });
      continue;
    }
    if (value === null || value === undefined) continue; // an empty document, e.g. after a trailing ---
    const source = { file, line };
    if (isList(value)) {
      for (const item of value.items) objects.push({ object: item, source });
    } else {
      objects.push({ object: value, source });
    }
  }
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
