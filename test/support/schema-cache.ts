/**
 * The on-disk cache of `schema.ts` and `schema-v133.ts`: what they derive from the schema packages,
 * kept once per machine instead of being derived again by every jest test file.
 *
 * Why
 * ---
 * Jest gives every test file its own module registry, so every test file that validates manifests
 * used to read the 1.27 definitions, make them strict and compile each kind with ajv (~0.25 s for a
 * first Deployment), and for 1.33 load the `typescript` package and parse the package's `.d.ts` files
 * (~0.55 s). What that work produces depends only on the installed packages and on the code of the
 * `schema*.ts` modules, so it is written here the first time and read back afterwards:
 * - `ajv-<definition id>.js`: the ajv "standalone" code of one compiled validator (1.27 kinds, CRDs);
 * - `ajv-kinds.json`: which 1.27 definition validates which `apiVersion/kind`;
 * - `k8s-1.33-<apiVersion>-<Kind>.json`: what the 1.33 declaration walk needs of the `.d.ts` files
 *   for one kind (every interface reachable from it: its fields, which are required, the type each
 *   field refers to), so that a later load needs neither `typescript` nor the parsing;
 * - `k8s-1.33-validators-<Id>.js`: the package's own compiled validator modules a 1.33 kind requires
 *   (~115 for a Deployment), unchanged, in one file instead of one file each (see schema-v133.ts).
 *
 * Where, and when an entry is stale
 * ---------------------------------
 * `node_modules/.cache/cdk8s-zero-downtime/schema/<key>/`, `<key>` being a hash of everything an entry
 * depends on (KEY_PACKAGES' versions, KEY_SOURCES' contents): a changed package or schema module gives
 * a new directory, never a stale entry; directories of other keys are removed when a new one is made.
 *
 * Concurrency and failures
 * ------------------------
 * Two jest workers (or two runs) may build the same entry at once: each writes its own temporary file
 * and renames it into place (atomic), so a reader sees no entry or a complete one, never a partial
 * one, and the last writer wins with the same content. An entry that cannot be read or used counts as
 * missing (it is rebuilt in memory and written again); when the directory cannot be written, the
 * modules silently keep working in memory, as they did without this cache.
 *
 * Switches (environment, read when this module is loaded): `CDK8S_ZD_SCHEMA_CACHE=off` bypasses the
 * cache (nothing read or written); `CDK8S_ZD_SCHEMA_CACHE_DIR=<dir>` puts the key directories under
 * another directory.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const SCHEMA_CACHE_SWITCH = 'CDK8S_ZD_SCHEMA_CACHE';
const SCHEMA_CACHE_DIR = 'CDK8S_ZD_SCHEMA_CACHE_DIR';

/** Where the key directories go by default: node_modules' cache, where this repository keeps its other caches. */
const DEFAULT_SCHEMA_CACHE_BASE = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'cdk8s-zero-downtime', 'schema');

/**
 * The packages whose code or data ends up in an entry, as [package, package it is resolved from]:
 * the schema data (1.27: kubernetes-models and its apimachinery; 1.33: the alias and its own
 * apimachinery; the two CRD packages), the compiler and its formats, the declaration parser.
 */
const KEY_PACKAGES: ReadonlyArray<readonly [string, string?]> = [
  ['kubernetes-models'],
  ['@kubernetes-models/apimachinery', 'kubernetes-models'],
  ['kubernetes-models-1-33'],
  ['@kubernetes-models/apimachinery', 'kubernetes-models-1-33'],
  ['@kubernetes-models/argo-cd'],
  ['@kubernetes-models/gateway-api'],
  ['ajv'],
  ['ajv-formats'],
  ['typescript'],
];

/** The modules (next to this one) whose code decides what an entry holds. */
const KEY_SOURCES = ['schema.ts', 'schema-v133.ts', 'schema-formats.ts', 'schema-cache.ts'];

/** What this module registry did with the cache (for tests and for measuring). */
export interface SchemaCacheStats {
  /** Entries read and used. */
  hits: number;
  /** Entries looked for and not found (or found unusable). */
  misses: number;
  /** Entries written. */
  writes: number;
}

const stats: SchemaCacheStats = { hits: 0, misses: 0, writes: 0 };

/** The switches, read when this module is loaded (a test can load the schema modules afresh with others). */
const switchedOff = ['off', '0', 'false'].includes((process.env[SCHEMA_CACHE_SWITCH] ?? '').toLowerCase());
const cacheBase = process.env[SCHEMA_CACHE_DIR] || DEFAULT_SCHEMA_CACHE_BASE;

/** undefined: not yet decided; null: no cache (switched off, or the key could not be computed). */
let cacheDir: string | null | undefined;
/** False after a write failed: from then on, nothing more is written. */
let writable = true;
let dirMade = false;

/** A copy of this registry's counters. */
export function schemaCacheStats(): SchemaCacheStats {
  return { ...stats };
}

/** The key directory in use, or undefined when the cache is off. */
function schemaCacheDir(): string | undefined {
  if (cacheDir === undefined) {
    if (switchedOff) {
      cacheDir = null;
    } else {
      try {
        cacheDir = path.join(cacheBase, schemaCacheKey());
      } catch {
        cacheDir = null;
      }
    }
  }
  return cacheDir ?? undefined;
}

/**
 * What the cache key is made of, as [what, its version or content]: KEY_PACKAGES' installed versions
 * (`package <name>` or `package <name> (from <package>)`) and KEY_SOURCES' contents (`file <name>`).
 */
export function schemaCacheInputs(): Array<[string, string]> {
  const inputs: Array<[string, string]> = [];
  for (const [name, from] of KEY_PACKAGES) {
    const paths = from ? [path.dirname(require.resolve(`${from}/package.json`))] : undefined;
    const manifest = JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, paths ? { paths } : undefined), 'utf8'));
    inputs.push([`package ${name}${from ? ` (from ${from})` : ''}`, String(manifest.version)]);
  }
  for (const file of KEY_SOURCES) inputs.push([`file ${file}`, fs.readFileSync(path.join(__dirname, file), 'utf8')]);
  return inputs;
}

/** The cache key of these inputs: 16 hex digits of their SHA-256. */
export function schemaCacheKeyOf(inputs: ReadonlyArray<readonly [string, string]>): string {
  const hash = crypto.createHash('sha256');
  for (const [what, value] of inputs) hash.update(`${what}\0${value.length}\0${value}\0`);
  return hash.digest('hex').slice(0, 16);
}

/** The cache key of what is installed and of the code as it is now. */
export function schemaCacheKey(): string {
  return schemaCacheKeyOf(schemaCacheInputs());
}

/** True when entries may be written (the cache is on and no write has failed yet): worth building them. */
export function schemaCacheWritable(): boolean {
  return writable && schemaCacheDir() !== undefined;
}

/** The text of an entry, or undefined when the cache is off or has no such entry. */
export function readSchemaCache(name: string): string | undefined {
  const dir = schemaCacheDir();
  if (dir === undefined) return undefined;
  try {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    stats.hits++;
    return text;
  } catch {
    stats.misses++;
    return undefined;
  }
}

/**
 * Reports that an entry read by `readSchemaCache` could not be used (it will be rebuilt and written
 * again): it counts as a miss, not a hit.
 */
export function rejectSchemaCacheEntry(): void {
  stats.hits--;
  stats.misses++;
}

/** Writes an entry atomically (temporary file, then rename); silently does nothing when it cannot. */
export function writeSchemaCache(name: string, text: string): void {
  const dir = schemaCacheDir();
  if (dir === undefined || !writable) return;
  const file = path.join(dir, name);
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  try {
    if (!dirMade) {
      const made = fs.mkdirSync(dir, { recursive: true });
      dirMade = true;
      if (made === dir) removeOtherKeys(dir);
    }
    fs.writeFileSync(tmp, text, { flag: 'wx' });
    fs.renameSync(tmp, file);
    stats.writes++;
  } catch {
    writable = false;
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to clean up, or cannot: the temporary name is never read
    }
  }
}

/** Removes the key directories next to a newly made one: built for packages or code no longer in use. */
function removeOtherKeys(dir: string): void {
  const base = path.dirname(dir);
  try {
    for (const name of fs.readdirSync(base)) {
      if (/^[0-9a-f]{16}$/.test(name) && name !== path.basename(dir)) {
        fs.rmSync(path.join(base, name), { recursive: true, force: true });
      }
    }
  } catch {
    // best effort: an old directory left behind is never read
  }
}
