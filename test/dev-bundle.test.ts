/**
 * The bundle cache of scripts/lib/dev-bundle.cjs (used by scripts/run-ts.cjs, so by `npm run synth`,
 * and by the tests' command bundle): a bundle is reused only while every input has the same content and
 * every input directory lists the same names (checked by size and mtime, by content when those differ
 * or are too recent to trust), and only for entries inside the repository. Each test bundles its own
 * entry in a scratch directory and removes its cache file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const devBundle = require('../scripts/lib/dev-bundle.cjs') as {
  CACHE_DIR: string;
  devBundleCode(entry: string): string;
  bundleCacheFile(entry: string): string;
};

// Inside the repository (its cache directory), where entries are cached; removed after the tests.
fs.mkdirSync(devBundle.CACHE_DIR, { recursive: true });
const tmp = fs.mkdtempSync(path.join(devBundle.CACHE_DIR, 'dev-bundle-test-'));
const entries: string[] = [];
afterAll(() => {
  for (const entry of entries) fs.rmSync(devBundle.bundleCacheFile(entry), { force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A project `name` whose entry.ts prints what ./dep exports. */
function project(name: string): { entry: string; dir: string } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'dep.ts'), "export const word: string = 'from-dep-ts';\n");
  fs.writeFileSync(path.join(dir, 'entry.ts'), "import { word } from './dep';\nconsole.log(word);\n");
  const entry = path.join(dir, 'entry.ts');
  entries.push(entry);
  return { entry, dir };
}

/** Replaces the cached code with `marker`, keeping what it was built from: a later hit returns the marker. */
function tamper(entry: string, marker: string): void {
  const file = devBundle.bundleCacheFile(entry);
  const cached = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...cached, code: marker }));
}

test('a second bundle of unchanged inputs is read from the cache', () => {
  const { entry } = project('unchanged');
  const code = devBundle.devBundleCode(entry);
  expect(code).toContain("var word = \"from-dep-ts\";");
  expect(code).toMatch(/\/\/# sourceMappingURL=data:application\/json;base64,/);
  tamper(entry, 'cached-marker');
  expect(devBundle.devBundleCode(entry)).toBe('cached-marker');
});

test('an edited input is bundled again', () => {
  const { entry, dir } = project('edited');
  devBundle.devBundleCode(entry);
  tamper(entry, 'cached-marker');
  fs.writeFileSync(path.join(dir, 'dep.ts'), "export const word: string = 'edited';\n");
  const code = devBundle.devBundleCode(entry);
  expect(code).toContain('var word = "edited";');
  expect(code).not.toContain('from-dep-ts');
});

test('an input touched but not changed keeps the cached bundle', () => {
  const { entry, dir } = project('touched');
  devBundle.devBundleCode(entry);
  tamper(entry, 'cached-marker');
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(path.join(dir, 'dep.ts'), later, later);
  expect(devBundle.devBundleCode(entry)).toBe('cached-marker');
});

test('an input edited to the same size with its mtime put back is bundled again: a recent mtime alone is not trusted', () => {
  const { entry, dir } = project('same-size');
  const dep = path.join(dir, 'dep.ts');
  devBundle.devBundleCode(entry);
  tamper(entry, 'cached-marker');
  const { atime, mtime } = fs.statSync(dep);
  fs.writeFileSync(dep, "export const word: string = 'from-dep-TS';\n");
  fs.utimesSync(dep, atime, mtime); // as a coarse clock leaves it after an edit within the same tick
  expect(devBundle.devBundleCode(entry)).toContain('var word = "from-dep-TS";');
});

test('a new file beside an input is bundled again: ./dep may now resolve to dep.tsx, which esbuild tries first', () => {
  const { entry, dir } = project('shadowed');
  devBundle.devBundleCode(entry);
  tamper(entry, 'cached-marker');
  fs.writeFileSync(path.join(dir, 'dep.tsx'), "export const word: string = 'from-dep-tsx';\n");
  expect(devBundle.devBundleCode(entry)).toContain('var word = "from-dep-tsx";');
});

test('a deleted input, an unreadable cache entry and CDK8S_ZD_BUNDLE_CACHE=off all bundle again', () => {
  const { entry, dir } = project('misses');
  devBundle.devBundleCode(entry);
  // the input is gone: the build fails as it would without a cache
  fs.renameSync(path.join(dir, 'dep.ts'), path.join(dir, 'dep.txt'));
  tamper(entry, 'cached-marker');
  expect(() => devBundle.devBundleCode(entry)).toThrow(/Could not resolve "\.\/dep"/);
  fs.renameSync(path.join(dir, 'dep.txt'), path.join(dir, 'dep.ts'));

  fs.writeFileSync(devBundle.bundleCacheFile(entry), '{"code": "half-writ');
  expect(devBundle.devBundleCode(entry)).toContain('from-dep-ts');

  tamper(entry, 'cached-marker');
  process.env.CDK8S_ZD_BUNDLE_CACHE = 'off';
  try {
    expect(devBundle.devBundleCode(entry)).toContain('from-dep-ts');
  } finally {
    delete process.env.CDK8S_ZD_BUNDLE_CACHE;
  }
  expect(devBundle.devBundleCode(entry)).toBe('cached-marker'); // off neither read nor wrote the entry
});

test('an entry outside the repository (a temporary project) is bundled but not cached', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-bundle-outside-'));
  try {
    const entry = path.join(dir, 'entry.ts');
    fs.writeFileSync(entry, "console.log('outside');\n");
    expect(devBundle.devBundleCode(entry)).toContain('console.log("outside");');
    expect(fs.existsSync(devBundle.bundleCacheFile(entry))).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the cached bundle is byte-identical to a fresh one', () => {
  const entry = path.join(__dirname, 'fixtures', 'charts-app.ts');
  const viaCache = [devBundle.devBundleCode(entry), devBundle.devBundleCode(entry)];
  process.env.CDK8S_ZD_BUNDLE_CACHE = 'off';
  try {
    const fresh = devBundle.devBundleCode(entry);
    expect(viaCache).toEqual([fresh, fresh]);
  } finally {
    delete process.env.CDK8S_ZD_BUNDLE_CACHE;
  }
});
