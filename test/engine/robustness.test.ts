import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { RuleEngine } from '../../lib';

/*
 * The engine takes whatever YAML holds: it never throws, and every finding points at an object of the
 * input. Real shapes (the fixtures) are mutated field by field into nulls, wrong types, huge lists.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'manifests');
const REAL: any[] = ['good.yaml', 'rollout-unsafe.yaml', 'drain-blockers.yaml', 'conflicts.yaml']
  .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(FIXTURES, f), 'utf8')).map((d) => d.toJS()))
  .filter((o) => o !== null);

/** Every path to a field of a JSON value. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (typeof value === 'object' && value !== null) return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

function setAt(root: any, at: Array<string | number>, replacement: unknown): any {
  if (at.length === 0) return replacement;
  const copy = structuredClone(root);
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key];
  node[at[at.length - 1]] = replacement;
  return copy;
}

const odd = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.constant(Array.from({ length: 2000 }, (_, i) => ({ name: `p${i}`, containerPort: i }))),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 4 }),
  fc.constantFrom('25%', '-1', '1e400', 'NaN', '__proto__', 'constructor'),
);

/** A real object with 1 to 3 fields replaced by odd values. */
const mutated = fc
  .tuple(fc.integer({ min: 0, max: REAL.length - 1 }), fc.array(fc.tuple(fc.nat(), odd), { minLength: 1, maxLength: 3 }))
  .map(([i, edits]) => edits.reduce((obj, [n, v]) => {
    const all = paths(obj);
    return setAt(obj, all[n % all.length], v);
  }, REAL[i]));

test('never throws on mutated real shapes, and findings point at input objects', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(mutated, fc.constantFrom(...REAL)), { minLength: 1, maxLength: 12 }), (objects) => {
      const findings = RuleEngine.check(objects);
      for (const f of findings) {
        expect(f.objectIndex).toBeGreaterThanOrEqual(0);
        expect(f.objectIndex).toBeLessThan(objects.length);
        expect(typeof f.message).toBe('string');
      }
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
  );
});

test('never throws on arbitrary JSON values', () => {
  fc.assert(fc.property(fc.array(fc.anything({ maxDepth: 4 }), { maxLength: 6 }), (objects) => {
    expect(Array.isArray(RuleEngine.check(objects))).toBe(true);
  }), { numRuns: 300 });
});

test('a huge input: 3,000 copies of a site in distinct namespaces check in one pass', () => {
  const objects = Array.from({ length: 1000 }, (_, i) => REAL.slice(0, 3).map((o) => ({ ...o, metadata: { ...o.metadata, namespace: `ns-${i}` } }))).flat();
  expect(RuleEngine.check(objects)).toEqual([]);
});
