import * as fs from 'fs';
import * as path from 'path';

/*
 * The layers of lib/ (docs/architecture.md): every relative import of every lib/**.ts file must go
 * to a layer the importing file's layer may use. A file in no layer fails too, so that a new file is
 * placed on purpose. Reads the files as text: no compiler, a few milliseconds.
 */

const ROOT = path.resolve(__dirname, '..');

interface Layer {
  readonly name: string;
  /** Paths from the repository root: a folder ends with `/`. */
  readonly files: readonly string[];
  /** The layers this one may import, besides itself. */
  readonly may: readonly string[];
}

const VALUE_FILES = [
  'lib/argocd-sync-option.ts',
  'lib/autoscaling.ts',
  'lib/config.ts',
  'lib/container-image.ts',
  'lib/disruption-budget.ts',
  'lib/exposure.ts',
  'lib/kubernetes-version.ts',
  'lib/network-policy.ts',
  'lib/probes.ts',
  'lib/release.ts',
  'lib/resources.ts',
  'lib/rollout/',
  'lib/shutdown.ts',
  'lib/spreading.ts',
];

/** Lowest first. */
const LAYERS: readonly Layer[] = [
  { name: 'generated', files: ['imports/'], may: [] },
  { name: 'internal', files: ['lib/internal/'], may: [] },
  { name: 'engine', files: ['lib/engine/'], may: ['internal'] },
  { name: 'values', files: VALUE_FILES, may: ['generated', 'internal', 'engine'] },
  { name: 'constructs', files: ['lib/app-checks.ts', 'lib/zero-downtime-rules.ts', 'lib/argocd-application.ts', 'lib/restart-schedule.ts', 'lib/synth-app.ts'], may: ['generated', 'internal', 'engine', 'values'] },
  { name: 'website', files: ['lib/website/'], may: ['generated', 'internal', 'engine', 'values', 'constructs'] },
  { name: 'verify', files: ['lib/verify/'], may: ['internal', 'engine'] },
  // plan prints a ready-to-run verify command per Deployment, with verify's own option names.
  { name: 'plan', files: ['lib/plan/'], may: ['internal', 'engine', 'verify'] },
  { name: 'cli', files: ['lib/cli/'], may: ['generated', 'internal', 'engine', 'values', 'constructs', 'website', 'verify', 'plan'] },
  { name: 'api', files: ['lib/index.ts'], may: ['generated', 'internal', 'engine', 'values', 'constructs', 'website'] },
];

/**
 * Imports that break the layers today, each with why it is still there. The test fails when one of
 * them is gone too, so that the list only shrinks.
 */
const KNOWN: ReadonlyArray<{ readonly from: string; readonly to: string; readonly why: string }> = [];

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function layerOf(file: string): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of LAYERS) {
    for (const f of layer.files) {
      const hit = f.endsWith('/') ? file.startsWith(f) : file === f;
      if (hit && (!best || f.length > best.length)) best = { layer, length: f.length };
    }
  }
  return best?.layer;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** The file a relative specifier names: `x.ts`, `x/index.ts`, or the path itself (e.g. `x.json`). */
function resolveImport(from: string, specifier: string): string {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  }
  return base;
}

/** Every relative import of lib/: file, line, imported file. */
function libImports(): Array<{ readonly from: string; readonly line: number; readonly to: string }> {
  return sourceFiles('lib').flatMap((from) => {
    const text = fs.readFileSync(path.join(ROOT, from), 'utf8');
    return [...text.matchAll(IMPORT)].map((m) => ({
      from,
      line: text.slice(0, m.index).split('\n').length,
      to: resolveImport(from, m[1]),
    }));
  });
}

describe('the layers of lib/ (docs/architecture.md)', () => {
  const imports = libImports();

  test('every file of lib/ is in a layer', () => {
    const homeless = sourceFiles('lib').filter((f) => layerOf(f) === undefined);
    expect(homeless.map((f) => `${f} is in no layer: add it to LAYERS in test/layers.test.ts and to docs/architecture.md`)).toEqual([]);
  });

  test('every import goes to a layer its file may use', () => {
    const broken: string[] = [];
    for (const i of imports) {
      const from = layerOf(i.from);
      const to = layerOf(i.to);
      if (!from || from === to || KNOWN.some((k) => k.from === i.from && k.to === i.to)) continue;
      if (!to || !from.may.includes(to.name)) {
        const rule = `${from.name} may import ${[from.name, ...from.may].join(', ')}`;
        broken.push(`${i.from}:${i.line} imports ${i.to} (${to ? `layer ${to.name}` : 'no layer'}): ${rule}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('every known exception still exists (the list only shrinks)', () => {
    const gone = KNOWN.filter((k) => !imports.some((i) => i.from === k.from && i.to === k.to));
    expect(gone.map((k) => `${k.from} no longer imports ${k.to}: remove it from KNOWN`)).toEqual([]);
  });

  test('the checker sees the imports it must judge', () => {
    // A regression guard for the pattern: multi-line imports, `export ... from`, require().
    const found = (from: string, to: string) => imports.some((i) => i.from === from && i.to === to);
    expect(found('lib/index.ts', 'lib/website/website.ts')).toBe(true);
    expect(found('lib/website/resolve.ts', 'lib/website/checks.ts')).toBe(true);
    expect(found('lib/website/website.ts', 'lib/website/render.ts')).toBe(true);
  });
});
