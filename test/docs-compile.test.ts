import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/*
 * Every TypeScript block of README.md and docs/**\/*.md compiles against the library: the docs cannot
 * drift from the API they describe.
 *
 * - A block is a fence opened with ```ts or ```typescript (indented fences, in lists, too).
 * - A genuine fragment (a props excerpt, pseudo-code) is marked with the HTML comment
 *   `<!-- fragment: <why> -->` on the line right before its fence (invisible on GitHub); it is skipped.
 * - A block with an import statement is a whole file, compiled as written: it must import every name
 *   it uses, as the user who copies it must.
 * - A block without one is a snippet: it is compiled after one added line that imports the names it uses
 *   from cdk8s-zero-downtime (every export of lib/index.ts), cdk8s and cdk8s-plus-27 (SNIPPET_NAMES).
 * - In every block, `app` and `chart` stand for the reader's App and Chart: when a block uses one without
 *   declaring it at its top level, the added line declares it (`declare const chart: Chart`).
 *
 * The compiler options are the tsconfig.json of the README's consumer section (what users are told to
 * use), with `cdk8s-zero-downtime` mapped to lib/index.ts: the blocks are checked against the library's
 * sources, so no build is needed. One exception, for speed: instead of @types/node (half of the text the
 * compiler would otherwise read) the blocks get the two Node globals the docs use, `process.env` and
 * `console` (NODE_GLOBALS); the public API has no Node type, and `npm run test:package` compiles the
 * README's consumer files with the real @types/node. One Program holds every block as its own virtual
 * file, next to the Markdown file it comes from (`README.md.132.ts`); nothing is emitted. A failure
 * names the Markdown file, the line in it and the compiler's message.
 */

const root = path.join(__dirname, '..');

/** Names a snippet may use without importing them, besides every export of lib/index.ts. */
const SNIPPET_NAMES: Record<string, readonly string[]> = {
  'cdk8s': ['ApiObject', 'App', 'Chart', 'Duration', 'Include', 'JsonPatch', 'Size', 'Testing', 'Yaml'],
  'cdk8s-plus-27': ['Cpu', 'PercentOrAbsolute'],
};

/** What the blocks may use of Node, in place of @types/node (see above). */
const NODE_GLOBALS = `
declare var process: { env: Record<string, string | undefined>; exitCode?: number };
declare var console: { log(...data: unknown[]): void; error(...data: unknown[]): void };
`;

interface Block {
  /** The Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** Columns of indentation removed from each line. */
  readonly indent: number;
  readonly code: string;
  readonly fragment: boolean;
}

const FENCE = /^( *)(`{3,}|~{3,})\s*(\S*)/;
const FRAGMENT = /^\s*<!--\s*fragment\b[^>]*-->\s*$/;

/** The TypeScript blocks of one Markdown text. */
function extractBlocks(file: string, text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, spaces, fence, info] = open;
    const end = lines.findIndex((l, j) => j > i && l.trimStart().startsWith(fence) && l.trim() === l.trim()[0].repeat(l.trim().length));
    const close = end === -1 ? lines.length : end;
    if (info === 'ts' || info === 'typescript') {
      const body = lines.slice(i + 1, close).map((l) => l.slice(Math.min(spaces.length, l.length - l.trimStart().length)));
      blocks.push({ file, line: i + 1, indent: spaces.length, code: body.join('\n') + '\n', fragment: i > 0 && FRAGMENT.test(lines[i - 1]) });
    }
    i = close;
  }
  return blocks;
}

function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.posix.join('docs', f.split(path.sep).join('/')));
  return ['README.md', ...docs.sort()];
}

/** The export names of lib/index.ts, read from its export declarations. */
function libraryExports(): string[] {
  const index = ts.createSourceFile('index.ts', fs.readFileSync(path.join(root, 'lib', 'index.ts'), 'utf8'), ts.ScriptTarget.ES2022);
  return index.statements.flatMap((s) =>
    ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause) ? s.exportClause.elements.map((e) => e.name.text) : []);
}

/** The one line added before a block (see the top of this file); '' when it needs none. */
function prelude(code: string, imports: Map<string, string>): string {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022);
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) used.add(node.text);
    node.forEachChild(visit);
  };
  visit(source);
  const declared = new Set<string>();
  for (const s of source.statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) declared.add(d.name.text);
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) {
      declared.add(s.name.text);
    }
  }
  const parts: string[] = [];
  if (!source.statements.some(ts.isImportDeclaration)) {
    const byModule = new Map<string, string[]>();
    for (const name of [...used].sort()) {
      const from = imports.get(name);
      if (from !== undefined && !declared.has(name)) byModule.set(from, [...(byModule.get(from) ?? []), name]);
    }
    for (const [from, names] of byModule) parts.push(`import { ${names.join(', ')} } from '${from}';`);
  }
  for (const [name, type] of [['app', 'App'], ['chart', 'Chart']]) {
    if (used.has(name) && !declared.has(name)) parts.push(`declare const ${name}: import('cdk8s').${type};`);
  }
  return parts.length === 0 ? '' : parts.join(' ') + '\n';
}

/** The compiler options of the README's consumer tsconfig.json. */
function consumerOptions(readme: string): ts.CompilerOptions {
  const json = /<!-- consumer-file: tsconfig\.json -->\n```json\n([\s\S]*?)```/.exec(readme)?.[1];
  if (json === undefined) throw new Error('README.md: no <!-- consumer-file: tsconfig.json --> block');
  const parsed = ts.parseJsonConfigFileContent(JSON.parse(json), ts.sys, root);
  const errors = parsed.errors.filter((e) => e.code !== 18003); // "No inputs were found": files are given below
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, formatHost));
  if (JSON.stringify(parsed.options.types) !== '["node"]') throw new Error(`README.md consumer tsconfig.json: types ${JSON.stringify(parsed.options.types)}, this test replaces ["node"] by NODE_GLOBALS`);
  return { ...parsed.options, types: [], noEmit: true, paths: { 'cdk8s-zero-downtime': [path.join(root, 'lib', 'index.ts')] } };
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
};

interface Compiled {
  readonly block: Block;
  readonly errors: string[];
}

/** Type-checks the blocks in one Program; per block, its diagnostics as `file:line:column: message`. */
function compileBlocks(blocks: Block[], options: ts.CompilerOptions): Compiled[] {
  const imports = new Map<string, string>();
  for (const [from, names] of Object.entries(SNIPPET_NAMES)) for (const name of names) imports.set(name, from);
  for (const name of libraryExports()) imports.set(name, 'cdk8s-zero-downtime');

  const virtual = new Map<string, { block: Block; added: number; text: string }>();
  for (const block of blocks) {
    const head = prelude(block.code, imports);
    // `export {}` makes every block a module, so that two blocks' top-level names never clash.
    const text = head + block.code + 'export {};\n';
    virtual.set(path.join(root, `${block.file}.${block.line}.ts`), { block, added: head === '' ? 0 : 1, text });
  }

  const globals = path.join(root, 'docs-node-globals.d.ts');
  const files = new Map([...virtual].map(([name, v]) => [name, v.text]));
  files.set(globals, NODE_GLOBALS);

  const host = ts.createCompilerHost(options, true);
  // Doc comments are not parsed (type errors do not depend on them): half the parse time of the
  // library's and cdk8s-plus-27's .d.ts files, which are mostly comments.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseNone;
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const text = files.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, languageVersion, true) : getSourceFile.call(host, name, languageVersion, ...rest);
  };
  host.fileExists = (name) => files.has(path.resolve(name)) || fileExists.call(host, name);
  host.readFile = (name) => files.get(path.resolve(name)) ?? readFile.call(host, name);

  const program = ts.createProgram({ rootNames: [globals, ...virtual.keys()], options, host });
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (global.length > 0) throw new Error(ts.formatDiagnostics(global, formatHost));

  return [...virtual.entries()].map(([name, { block, added }]) => {
    const source = program.getSourceFile(name)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    const errors = diagnostics.map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      const at = d.start === undefined ? undefined : source.getLineAndCharacterOfPosition(d.start);
      if (at === undefined || at.line < added) return `${block.file}:${block.line}: (in the added line: ${source.text.split('\n')[0]}) TS${d.code}: ${message}`;
      return `${block.file}:${block.line + 1 + at.line - added}:${at.character + 1 + block.indent}: TS${d.code}: ${message}`;
    });
    return { block, errors };
  });
}

describe('the extraction of blocks', () => {
  const md = [
    '# Title', // 1
    '```ts', // 2
    'const a = 1;', // 3
    '```', // 4
    '<!-- fragment: a props excerpt -->', // 5
    '```typescript', // 6
    '  image: x,', // 7
    '```', // 8
    '```sh', // 9
    '```ts in a shell block is not a block', // 10
    '```', // 11
    '- a list item:', // 12
    '  ```ts', // 13
    '  const b = 2;', // 14
    '  ```', // 15
    '````md', // 16
    '```ts', // 17
    '````', // 18
    '<!-- fragment -->', // 19
    '~~~ts', // 20
    '...', // 21
    '~~~', // 22
  ].join('\n');

  test('finds ```ts and ```typescript fences, indented ones too, marks fragments, skips other languages', () => {
    expect(extractBlocks('x.md', md)).toEqual([
      { file: 'x.md', line: 2, indent: 0, code: 'const a = 1;\n', fragment: false },
      { file: 'x.md', line: 6, indent: 0, code: '  image: x,\n', fragment: true },
      { file: 'x.md', line: 13, indent: 2, code: 'const b = 2;\n', fragment: false },
      { file: 'x.md', line: 20, indent: 0, code: '...\n', fragment: true },
    ]);
  });

  test('a snippet gets the imports of the names it uses; app and chart are declared when used, not declared', () => {
    const imports = new Map([['ZeroDowntimeWebsite', 'cdk8s-zero-downtime'], ['Chart', 'cdk8s'], ['App', 'cdk8s']]);
    expect(prelude("new ZeroDowntimeWebsite(chart, 'x', {});\n", imports)).toBe(
      "import { ZeroDowntimeWebsite } from 'cdk8s-zero-downtime'; declare const chart: import('cdk8s').Chart;\n");
    expect(prelude("const chart = new Chart(app, 'c');\n", imports)).toBe(
      "import { Chart } from 'cdk8s'; declare const app: import('cdk8s').App;\n");
    expect(prelude("import { App } from 'cdk8s';\nconst app = new App();\nnew ZeroDowntimeWebsite(app, 'x', {});\n", imports)).toBe('');
  });
});

describe('every TypeScript block of README.md and docs/ compiles against the library', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const all = markdownFiles().flatMap((file) =>
    extractBlocks(file, file === 'README.md' ? readme : fs.readFileSync(path.join(root, file), 'utf8')));
  const blocks = all.filter((b) => !b.fragment);
  let results: Compiled[] = [];

  beforeAll(() => {
    results = compileBlocks(blocks, consumerOptions(readme));
  });

  test('the docs have blocks to check (README.md has at least 4)', () => {
    expect(blocks.filter((b) => b.file === 'README.md').length).toBeGreaterThanOrEqual(4);
  });

  test.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))('%s', (_name, block) => {
    const result = results.find((r) => r.block === block);
    expect(result?.errors).toEqual([]);
  });
});
