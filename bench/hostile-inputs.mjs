/**
 * Hostile inputs for the `hostile` benchmark (issue 18): what `check` does with a large file, deep
 * nesting, an alias bomb, a binary file, a file over the size limit and many empty documents. Each
 * case says how the run must end: its exit codes and a line of its output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeSizedFile } from './manifest-inputs.mjs';

const HEADER = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\n';

/** The billion laughs: 9 lists of 9 aliases of the one before (9^9 strings once expanded), in 1 kB. */
function billionLaughs() {
  const lines = [`${HEADER}data:`, `  l0: &l0 [${Array(9).fill('"lol"').join(', ')}]`];
  for (let i = 1; i <= 8; i++) lines.push(`  l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** Pseudo-random bytes (a fixed seed: every run reads the same file). */
function randomBytes(size) {
  const out = Buffer.allocUnsafe(size);
  let x = 0x2545f491;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeInt32LE(x | 0, Math.min(i, size - 4));
  }
  return out;
}

/**
 * Writes the inputs into `dir` (dist/ of `root` gives the large file's objects); returns one case per
 * input: key, label, file, bytes, the exit codes that end it as it must, and a text (or RegExp) its output must hold.
 */
export function writeHostileInputs(root, dir) {
  const file = (name) => path.join(dir, name);
  const N = 100_000;
  const cases = [];
  const large = writeSizedFile(root, file('large-50mb.yaml'), 50 * 1024 * 1024);
  // exit 1 is expected: the copies of the NodePort site share nodePort 31000 (node-port-conflict)
  cases.push({ key: 'large', label: `50 MB of manifests (${large.objects.toLocaleString('en-US')} objects, copies of dist/)`, file: large.file, bytes: large.bytes, codes: [0, 1], expect: `${large.objects} objects` });
  fs.writeFileSync(file('deep.yaml'), `${HEADER}data: {a: ${'['.repeat(N)}${']'.repeat(N)}}\n---\n${HEADER}data: ${'{a: '.repeat(N)}1${'}'.repeat(N)}\n`);
  cases.push({ key: 'deep', label: '100,000-deep `[[[...]]]` and `{a: {a: ...}}`', file: file('deep.yaml'), codes: [2], expect: 'nesting deeper than 1,000 levels' });
  fs.writeFileSync(file('bomb.yaml'), billionLaughs());
  cases.push({ key: 'bomb', label: 'billion laughs: 9 levels of 9 YAML aliases (490 million nodes expanded)', file: file('bomb.yaml'), codes: [2], expect: '(an alias bomb?)' });
  fs.writeFileSync(file('binary.yaml'), randomBytes(50 * 1024 * 1024));
  cases.push({ key: 'binary', label: '50 MB of random bytes', file: file('binary.yaml'), codes: [2], expect: 'binary file, not YAML' });
  // sparse: 1 GiB on paper, no disk space; refused by its size before any byte is read
  fs.writeFileSync(file('huge.yaml'), '');
  fs.truncateSync(file('huge.yaml'), 1024 * 1024 * 1024);
  cases.push({ key: 'huge', label: '1 GiB file (over the 64 MiB limit)', file: file('huge.yaml'), codes: [2], expect: 'more than the limit of 64 MiB per file' });
  fs.writeFileSync(file('empty.yaml'), '---\n'.repeat(10_000));
  // exit 0 ("0 objects"), or 2 once input without any Kubernetes object is an input problem
  cases.push({ key: 'empty', label: '10,000 empty documents', file: file('empty.yaml'), codes: [0, 2], expect: /no Kubernetes object|0 objects/ });
  for (const c of cases) c.bytes ??= fs.statSync(c.file).size;
  return cases;
}
