import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { RuleEngine } from '../../lib/engine/check';
import { expectEqual } from '../support/expect-equal';

/*
 * The engine takes whatever YAML holds: it never throws, and every finding points at an object of the
 * input. Real shapes (the fixtures) are mutated field by field into nulls, wrong types, huge lists.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'manifests');
const REAL: any[] = ['good.yaml', 'rollout-unsafe.yaml', 'drain-blockers.yaml', 'conflicts.yaml']
  .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(FIXTURES, f), 'utf8')).map((d) => d.toJS()))
  .filter((o) => o !== null);

/**
 * The fields of a JSON value in the order of the list of every path to a field (the value itself,
 * then each element or entry in turn): array elements as `flatMap` visits them (holes skipped), object
 * entries as `Object.entries` lists them.
 */
function children(value: unknown): Array<[string | number, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[i, v] as [number, unknown]]);
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  return [];
}

/** How many paths to a field `value` has (itself included), recorded for every object and array in it. */
function countPaths(value: unknown, counts: Map<unknown, number>): number {
  let n = 1;
  for (const [, v] of children(value)) n += countPaths(v, counts);
  if (typeof value === 'object' && value !== null) counts.set(value, n);
  return n;
}

/**
 * Path number `n % <number of paths>` of the list of every path to a field of `value`, without listing
 * them all: objects holding the 2,000-element list made that list of lists most of this file's time.
 */
function pathAt(value: unknown, n: number): Array<string | number> {
  const counts = new Map<unknown, number>();
  let rest = n % countPaths(value, counts);
  const at: Array<string | number> = [];
  let node = value;
  while (rest > 0) {
    rest -= 1; // the node itself
    for (const [k, v] of children(node)) {
      const size = typeof v === 'object' && v !== null ? counts.get(v)! : 1;
      if (rest < size) {
        at.push(k);
        node = v;
        break;
      }
      rest -= size;
    }
  }
  return at;
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
  .map(([i, edits]) => edits.reduce((obj, [n, v]) => setAt(obj, pathAt(obj, n), v), REAL[i]));

test('never throws on mutated real shapes, and findings point at input objects', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(mutated, fc.constantFrom(...REAL)), { minLength: 1, maxLength: 12 }), (objects) => {
      const findings = RuleEngine.check(objects);
      // 0 <= objectIndex < objects.length and a string message, for every finding
      expectEqual(findings.filter((f) => !(typeof f.objectIndex === 'number' && f.objectIndex >= 0 && f.objectIndex < objects.length && typeof f.message === 'string')), []);
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
  );
});

test('never throws on arbitrary JSON values', () => {
  fc.assert(fc.property(fc.array(fc.anything({ maxDepth: 4 }), { maxLength: 6 }), (objects) => {
    expectEqual(Array.isArray(RuleEngine.check(objects)), true);
  }), { numRuns: 150 });
});

test('a huge input: 3,000 copies of a site in distinct namespaces check in one pass', () => {
  const objects = Array.from({ length: 1000 }, (_, i) => REAL.slice(0, 3).map((o) => ({ ...o, metadata: { ...o.metadata, namespace: `ns-${i}` } }))).flat();
  expect(RuleEngine.check(objects)).toEqual([]);
});
