'use strict';
/**
 * One definition of how this repository bundles its own TypeScript for a run (the app in
 * scripts/run-ts.cjs, the command for the tests and the bench): esbuild, transpile only, npm packages
 * external (Node loads them from node_modules as usual), this Node's major version as the target, an
 * inline source map. Bundles live in node_modules/.cache/cdk8s-zero-downtime so that their require()
 * calls find the npm packages. The shipped command is bundled differently (scripts/bundle-cli.mjs).
 *
 * Bundles are cached (`devBundleCode`): a bundle is reused while every file it was built from has the
 * same content and every directory holding one lists the same names (a new file there could change
 * what an import resolves to). Starting esbuild and bundling costs ~0.15 s of CPU and ~0.2 s of wall
 * time per run. The check is one `stat` per input: a file whose size and mtime are those recorded is
 * unchanged, and so is a directory whose mtime is (adding, removing or renaming a name changes it);
 * only an input whose mtime differs, or was recorded less than `RACY_MS` before the bundle was
 * recorded (an edit in the same tick of a coarse clock keeps the mtime), is compared by content (its
 * hash, or its names). Only entries inside this repository are cached (a temporary project's would
 * pile up); `CDK8S_ZD_BUNDLE_CACHE=off` bundles every time.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/** Where run bundles are written. */
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'cdk8s-zero-downtime');

/** Where cached bundles are kept (one JSON file per entry: the code and what it was built from). */
const BUNDLE_CACHE_DIR = path.join(CACHE_DIR, 'bundles');

/**
 * Files esbuild reads without listing them as inputs: its tsconfig (decorators, class fields) and the
 * package.json (`imports`, `type`, which can change how an import resolves or a file is read).
 */
const HIDDEN_INPUTS = [path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'package.json')];

/** esbuild options bundling `entry`; `extra` adds or overrides (e.g. `outfile`, `write: false`). */
function devBundleOptions(entry, extra = {}) {
  return {
    entryPoints: [entry],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'error',
    ...extra,
  };
}

/** Whether `file` is inside `dir`. */
const isInside = (dir, file) => {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

const sha1 = (data) => require('crypto').createHash('sha1').update(data).digest('hex');

/** The format of the recorded inputs (`fingerprint`); an entry of another format is rebuilt. */
const FINGERPRINT_VERSION = 2;

/**
 * How close to the time it was recorded an input's mtime may be and still be trusted alone: file
 * systems with a coarse clock (1 s on HFS+, 2 s on FAT) give an edit within the same tick the same mtime.
 */
const RACY_MS = 3000;

/** The content hash of `file`, or null when it cannot be read. */
function fileHash(file) {
  try {
    return sha1(fs.readFileSync(file));
  } catch {
    return null;
  }
}

/** The names in `dir`, sorted and hashed, or null when it cannot be read. */
function listingHash(dir) {
  try {
    return sha1(fs.readdirSync(dir).sort().join('\n'));
  } catch {
    return null;
  }
}

/** `[size, mtimeMs]` of `p`, or null when it cannot be read. */
function statOf(p) {
  const s = fs.statSync(p, { throwIfNoEntry: false });
  return s ? [s.size, s.mtimeMs] : null;
}

/**
 * What a bundle depends on: each input file's size, mtime and content hash, each input directory's
 * mtime and the hash of its names, and when they were recorded.
 */
function fingerprint(files) {
  const dirs = [...new Set(files.map((f) => path.dirname(f)))].sort();
  const at = Date.now();
  return {
    version: FINGERPRINT_VERSION,
    at,
    files: files.map((f) => [f, statOf(f), fileHash(f)]),
    dirs: dirs.map((d) => [d, statOf(d)?.[1] ?? null, listingHash(d)]),
  };
}

/** Whether `recorded` (a `fingerprint`) still holds: by size and mtime, else by content (see above). */
function stillHolds(recorded) {
  if (recorded.version !== FINGERPRINT_VERSION) return false;
  const trusted = (mtimeMs) => mtimeMs < recorded.at - RACY_MS;
  const fileHolds = ([f, stat, hash]) => {
    if (hash === null || stat === null) return false;
    const now = statOf(f);
    if (now === null || now[0] !== stat[0]) return false;
    return (now[1] === stat[1] && trusted(stat[1])) || fileHash(f) === hash;
  };
  const dirHolds = ([d, mtimeMs, hash]) => {
    if (hash === null || mtimeMs === null) return false;
    const now = statOf(d);
    if (now === null) return false;
    return (now[1] === mtimeMs && trusted(mtimeMs)) || listingHash(d) === hash;
  };
  return recorded.files.every(fileHolds) && recorded.dirs.every(dirHolds);
}

/** `require('esbuild' + sub)`, saying what to do when it is not installed. */
function requireEsbuild(sub = '') {
  try {
    return require(`esbuild${sub}`);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') throw new Error('esbuild is not installed; run `npm ci` first');
    throw e;
  }
}

/** The cache file of `entry` bundled with `options`: the same entry, options and esbuild version share it. */
function cacheFile(entry, options = bundleOptions(entry)) {
  const esbuildVersion = requireEsbuild('/package.json').version; // without loading esbuild itself
  const key = sha1(JSON.stringify([entry, esbuildVersion, options]));
  return path.join(BUNDLE_CACHE_DIR, `${path.relative(ROOT, entry).replace(/[^A-Za-z0-9._-]+/g, '_')}-${key.slice(0, 16)}.json`);
}

/** The options of `devBundleCode`: in memory, with the list of inputs, source map relative to CACHE_DIR. */
function bundleOptions(entry) {
  return devBundleOptions(entry, { outfile: path.join(CACHE_DIR, 'bundle.cjs'), write: false, metafile: true });
}

/**
 * The code of `entry` bundled (`devBundleOptions`, source map relative to CACHE_DIR), from the cache
 * when it still holds, else built by esbuild and cached. Throws esbuild's error when the entry does
 * not build (esbuild has printed it: the error has `errors`), or an error saying esbuild is missing.
 */
function devBundleCode(entry) {
  const options = bundleOptions(entry);
  // Only this repository's own entries: one of a temporary project (a test's) would be a new entry
  // every run, piling up in the cache.
  const useCache = process.env.CDK8S_ZD_BUNDLE_CACHE !== 'off' && isInside(ROOT, entry);
  const file = useCache ? cacheFile(entry, options) : undefined;
  if (file !== undefined) {
    try {
      const cached = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (typeof cached.code === 'string' && stillHolds(cached.inputs)) return cached.code;
    } catch {
      // missing or unreadable: build it
    }
  }
  const result = requireEsbuild().buildSync(options);
  const code = result.outputFiles[0].text;
  if (file !== undefined) {
    // esbuild names inputs relative to the working directory; a namespaced one (`ns:path`) is not a file.
    const inputs = Object.keys(result.metafile.inputs).filter((p) => !/^[a-z-]+:/.test(p)).map((p) => path.resolve(p));
    try {
      fs.mkdirSync(BUNDLE_CACHE_DIR, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ inputs: fingerprint([...inputs, ...HIDDEN_INPUTS].sort()), code }));
      fs.renameSync(tmp, file); // atomic: a concurrent run reads the old entry or this one, never half of one
    } catch {
      // a cache that cannot be written is no cache
    }
  }
  return code;
}

/** Bundles `entry` into `CACHE_DIR/<name>` (through the cache) and returns the file's path. */
function writeDevBundle(entry, name) {
  const outfile = path.join(CACHE_DIR, name);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(outfile, devBundleCode(entry));
  return outfile;
}

module.exports = { CACHE_DIR, devBundleCode, devBundleOptions, writeDevBundle, bundleCacheFile: (entry) => cacheFile(entry) };
