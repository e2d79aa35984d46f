import { constants as bufferConstants } from 'buffer';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { errorPrefix } from '../../lib/cli/cli-errors';
import { DEFAULT_INPUT_LIMITS, InputLimits, inputLimitsFromEnv, MAX_INPUT_ENV } from '../../lib/cli/input-limits';
import { LoadedInput, readManifests, readManifestsOrReport } from '../../lib/cli/inputs';
import { runCli } from '../support/cli';

/*
 * Hostile or broken input to `check` and `plan` (issue 18): each case ends with an input problem that
 * names the file, the line and the limit, or with a normal result. Reading runs in this process
 * (`readManifests`); two runs of the command as a real process check the exit code and what is printed.
 * That each case ends at all is the bound on time and memory; bench/run.mjs measures them (the
 * `hostile` section: a 50 MB file, 100,000-deep nesting, a billion-laughs alias bomb).
 */

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-input-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes `data` to a file of the temp dir and returns its path. */
function write(name: string, data: string | Buffer): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, data);
  return file;
}

/** Reads files with `readManifests` (stdin empty). */
function read(files: string[], limits?: InputLimits): Promise<LoadedInput> {
  return readManifests(files, Readable.from([]), limits);
}

const HEADER = 'apiVersion: v1\nkind: ConfigMap\n';

/** A ConfigMap whose `data` is `value` (on line 3). */
const configMap = (value: string) => `${HEADER}data: ${value}\n`;

/** The billion laughs: 9 lists of 9 aliases of the one before, 9^9 strings once expanded. */
function billionLaughs(): string {
  const lines = [`${HEADER}metadata: {name: lol}`, 'data:', `  l0: &l0 [${Array(9).fill('"lol"').join(', ')}]`];
  for (let i = 1; i <= 8; i++) lines.push(`  l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** Anchors each `levels` deep that hold the one before: `count` x `levels` levels once expanded. */
function aliasChain(count: number, levels: number): string {
  const lines = [`${HEADER}data:`];
  for (let i = 0; i < count; i++) lines.push(`  p${i}: &p${i} ${'['.repeat(levels)}${i === 0 ? '1' : `*p${i - 1}`}${']'.repeat(levels)}`);
  return `${lines.join('\n')}\n`;
}

describe('nesting', () => {
  const N = 100_000;
  test.each([
    // the column of the list or key that would be level 1,001 (the document's map is level 1)
    ['lists', `${'['.repeat(N)}${']'.repeat(N)}`, 'data: '.length + 1000],
    ['maps', `${'{a: '.repeat(N)}1${'}'.repeat(N)}`, 'data: '.length + 998 * '{a: '.length + 2], // key a of the 999th map
    ['block lists', `\n  ${'- '.repeat(N)}x`, '  '.length + 1000 * '- '.length - 1],
  ])('fails if %s nest 100,000 deep: nesting deeper than 1,000 levels, with file and line', async (_name, value, column) => {
    const file = write('deep.yaml', `${configMap('{}')}---\n${configMap(value)}`);
    const input = await read([file]);
    expect(input.errors).toEqual([{ file, line: value.startsWith('\n') ? 8 : 7, column, message: 'nesting deeper than 1,000 levels' }]);
    expect(input.objects).toHaveLength(1); // the first document
  });

  test('a document 900 levels deep is read', async () => {
    const input = await read([write('deep-ok.yaml', configMap(`${'['.repeat(900)}1${']'.repeat(900)}`))]);
    expect(input.errors).toEqual([]);
    expect(input.objects).toHaveLength(1);
  });

  test('fails if YAML aliases nest anchors deeper than 1,000 levels (each anchor alone is not)', async () => {
    const file = write('alias-deep.yaml', aliasChain(3, 400));
    const input = await read([file]);
    expect(input.errors).toEqual([{ file, line: 1, message: 'nesting deeper than 1,000 levels through YAML aliases, at data.p2[0][0][0][0]…(391 more)…[0][0][0][0][0]' }]);
    expect(input.objects).toEqual([]);
    // two anchors of 400 levels, 803 once expanded: read
    expect((await read([write('alias-deep-ok.yaml', aliasChain(2, 400))])).errors).toEqual([]);
  });
});

describe('YAML aliases', () => {
  test('fails if a billion-laughs alias bomb expands past 1,000,000 nodes', async () => {
    const file = write('bomb.yaml', `${configMap('{}')}---\n${billionLaughs()}`);
    const input = await read([file]);
    expect(input.errors).toEqual([
      {
        file,
        line: 5,
        // 24 distinct nodes: the object, apiVersion, kind, metadata and its name, data, l0 and its 9 strings, l1 to l8
        message: 'YAML aliases expand this document to 490,329,060 nodes from 24 (an alias bomb?); aliases may add at most 1,000,000 nodes to all inputs',
      },
    ]);
    expect(input.objects).toHaveLength(1);
  });

  test('aliases may add 1,000,000 nodes to all the inputs of a run, not to each document', async () => {
    // each document: 55 nodes (the object, apiVersion, kind, data, a list of 50 scalars), 157 with the list used 3 times
    const doc = `${HEADER}data: {a: &a [${Array(50).fill('x').join(', ')}], b: *a, c: *a}\n`;
    const files = [write('aliases-1.yaml', doc), write('aliases-2.yaml', `${doc}---\n${doc}`)];
    const input = await read(files, { ...DEFAULT_INPUT_LIMITS, maxAliasNodes: 250 });
    // 102 + 102 nodes added by the first two documents; the third would add 102 more
    expect(input.errors).toEqual([{ file: files[1], line: 5, message: 'YAML aliases expand this document to 157 nodes from 55 (an alias bomb?); aliases may add at most 250 nodes to all inputs' }]);
    expect(input.objects).toHaveLength(2);
    // the objects keep their aliases as shared references
    const data = (input.objects[0].object as { data: Record<string, unknown> }).data;
    expect(data.b).toBe(data.a);
  });

  test('fails if an alias refers to a node that contains it (a cycle)', async () => {
    const file = write('cycle.yaml', `${configMap('{}')}---\n${HEADER}metadata: &m\n  name: x\n  labels: {self: *m}\n`);
    expect((await read([file])).errors).toEqual([
      { file, line: 5, message: 'YAML alias at metadata.labels.self refers to a map or list that contains it (a cycle); a Kubernetes object is a tree' },
    ]);
  });
});

describe('size', () => {
  const limits: InputLimits = { ...DEFAULT_INPUT_LIMITS, maxFileBytes: 1024 * 1024 };
  const big = configMap(`{blob: "${'x'.repeat(1.5 * 1024 * 1024)}"}`);

  test('fails if a file is larger than the limit, without reading it', async () => {
    const file = write('big.yaml', big);
    expect(await read([file], limits)).toEqual({
      objects: [],
      files: [],
      errors: [{ file, message: `input is 1.5 MiB, more than the limit of 1 MiB per file; split it, or raise the limit with ${MAX_INPUT_ENV}=<MiB>` }],
    });
    // exactly the limit is read
    expect((await read([write('limit.yaml', big.slice(0, 1024 * 1024 - 3) + '"}\n')], limits)).objects).toHaveLength(1);
  });

  test('fails if stdin sends more than the limit, and stops reading there', async () => {
    let sent = 0;
    const endless = new Readable({ read() { sent += 64 * 1024; this.push(Buffer.alloc(64 * 1024, 0x20)); } });
    const input = await readManifests(['-'], endless, limits);
    expect(input.errors).toEqual([{ file: '-', message: `input is larger than the limit of 1 MiB per file; split it, or raise the limit with ${MAX_INPUT_ENV}=<MiB>` }]);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });

  (fs.existsSync('/dev/zero') ? test : test.skip)('fails if a device or pipe sends more than the limit (/dev/zero), and stops reading there', async () => {
    expect((await read(['/dev/zero'], limits)).errors).toEqual([
      { file: '/dev/zero', message: `input is larger than the limit of 1 MiB per file; split it, or raise the limit with ${MAX_INPUT_ENV}=<MiB>` },
    ]);
  });

  /** Node's longest string (a text is decoded into one), in MiB: 511 on 64-bit Node 20 */
  const most = Math.floor(bufferConstants.MAX_STRING_LENGTH / (1024 * 1024));
  test.each([
    [undefined, DEFAULT_INPUT_LIMITS],
    ['256', { ...DEFAULT_INPUT_LIMITS, maxFileBytes: 256 * 1024 * 1024 }],
    ['lots', `${MAX_INPUT_ENV} must be a whole number of MiB from 1 to ${most}, got "lots"`],
    ['0', `${MAX_INPUT_ENV} must be a whole number of MiB from 1 to ${most}, got "0"`],
    ['1024', `${MAX_INPUT_ENV} must be a whole number of MiB from 1 to ${most}, got "1024"`],
  ])(`${MAX_INPUT_ENV}=%s`, (value, expected) => {
    expect(inputLimitsFromEnv(value === undefined ? {} : { [MAX_INPUT_ENV]: value })).toEqual(expected);
  });

  test(`a bad ${MAX_INPUT_ENV} is reported by readManifestsOrReport, and nothing is read`, async () => {
    let stderr = '';
    const io = { stdin: Readable.from([]), stderr: new Writable({ write: (c, _e, done) => ((stderr += String(c)), done()) }), env: { [MAX_INPUT_ENV]: '2G' } };
    expect(await readManifestsOrReport(['no/such/file.yaml'], io, 'plan', 'nothing was planned')).toBeUndefined();
    expect(stderr).toBe(`${errorPrefix('plan')}${MAX_INPUT_ENV} must be a whole number of MiB from 1 to ${most}, got "2G"; nothing was planned\n`);
  });
});

describe('binary files', () => {
  test.each([
    ['a NUL byte', Buffer.from(`${HEADER}data:\n  a: "x\0y"\n`), { line: 4, column: 8, message: 'binary file, not YAML (a NUL byte)' }],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), { line: 1, column: 1, message: 'binary file, not YAML (byte 0x89 is not UTF-8; YAML text is UTF-8)' }],
    ['Latin-1 text', Buffer.from(`${HEADER}metadata:\n  name: caf\u00e9\n`, 'latin1'), { line: 4, column: 12, message: 'binary file, not YAML (byte 0xE9 is not UTF-8; YAML text is UTF-8)' }],
    ['UTF-16 text', Buffer.from(`\ufeff${HEADER}`, 'utf16le'), { line: 1, column: 1, message: 'UTF-16 text, not UTF-8: convert it first, e.g. iconv -f UTF-16 -t UTF-8' }],
  ])('fails if a file is %s', async (_name, data, problem) => {
    const file = write('binary.yaml', data);
    expect(await read([file])).toEqual({ objects: [], files: [file], errors: [{ file, ...problem }] });
  });

  test('UTF-8 with a byte order mark is text; its --- starts the first document', async () => {
    const input = await read([write('bom.yaml', `\ufeff---\n${HEADER}---\n${HEADER}`)]);
    expect(input.errors).toEqual([]);
    expect(input.objects.map((o) => o.source.line)).toEqual([2, 5]);
  });
});

describe('many documents', () => {
  test('10,000 empty documents are read as no object, without a problem', async () => {
    const file = write('empty.yaml', '---\n'.repeat(10_000));
    expect(await read([file])).toEqual({ objects: [], errors: [], files: [file] });
  });

  test('10,000 documents keep their lines; CRLF, comments and directives as before', async () => {
    const file = write('many.yaml', `# generated\n${'---\n# one\nkind: A\n'.repeat(10_000)}...\n%YAML 1.2\n---\r\nkind: B\r\n`);
    const input = await read([file]);
    expect(input.errors).toEqual([]);
    expect(input.objects).toHaveLength(10_001);
    expect(input.objects[9_999].source.line).toBe(2 + 9_999 * 3 + 2);
    expect(input.objects[10_000]).toEqual({ object: { kind: 'B' }, source: { file, line: 30_005 } });
  });
});

describe('as a process', () => {
  jest.setTimeout(15_000);

  test('check: exit 2, every problem as file:line:column, then the count; nothing on stdout', async () => {
    const dir = path.join(tmp, 'cli');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a-deep.yaml'), configMap(`${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    fs.writeFileSync(path.join(dir, 'b-bomb.yaml'), billionLaughs());
    fs.writeFileSync(path.join(dir, 'c-binary.yaml'), Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
    const r = await runCli(['check', dir]);
    const prefix = errorPrefix('check');
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        `${prefix}${path.join(dir, 'a-deep.yaml')}:3:1006: nesting deeper than 1,000 levels`,
        `${prefix}${path.join(dir, 'b-bomb.yaml')}:1: YAML aliases expand this document to 490,329,060 nodes from 24 (an alias bomb?); aliases may add at most 1,000,000 nodes to all inputs`,
        `${prefix}${path.join(dir, 'c-binary.yaml')}:1:2: binary file, not YAML (byte 0x8B is not UTF-8; YAML text is UTF-8)`,
        `${prefix}3 input problems; nothing was checked`,
        '',
      ].join('\n'),
    });
  });

  test(`plan: stdin over ${MAX_INPUT_ENV}, exit 2`, async () => {
    const r = await runCli(['plan', '-'], { input: configMap(`{blob: "${'x'.repeat(1024 * 1024)}"}`), env: { [MAX_INPUT_ENV]: '1' } });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`${errorPrefix('plan')}-: input is larger than the limit of 1 MiB per file; split it, or raise the limit with ${MAX_INPUT_ENV}=<MiB>\n`);
  });
});
