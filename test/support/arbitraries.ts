/**
 * Shared fast-check arbitraries for the tests.
 *
 * `binaryUnit` is fast-check's own `unit: 'binary'` (one code point of the full alphabet, U+0000 to
 * U+10FFFF without the surrogates U+D800-U+DFFF), built the same way: `fc.nat` over the 1,112,064
 * code points, mapped in code-point order. With fast-check 4.10.2 it generates and shrinks exactly
 * like `'binary'` for the same seed (checked on 15,000 samples of 6 lengths x 5 seeds, and on the
 * counterexamples and shrink counts of failing properties); test/arbitraries.test.ts checks its
 * alphabet and its mapping back.
 *
 * Why not just `fc.string({ unit: 'binary' })`: when it builds a string arbitrary, fast-check checks
 * which of its "dangerous" strings (`__proto__`, `constructor`, ...) the unit can produce, and for
 * `'binary'` that builds a reverse map of all 1.1 million code points (~1.3 s of CPU). fast-check
 * caches it, but jest loads a fresh fast-check for every test file, so each file paid it again.
 * This unit maps a character back to its index with arithmetic instead.
 */
import * as fc from 'fast-check';

const SURROGATES_START = 0xd800;
const SURROGATES_COUNT = 0x800;
/** Code points of the full alphabet: all of U+0000-U+10FFFF but the surrogates. */
const CHOICES = 0x110000 - SURROGATES_COUNT;

function toChar(index: number): string {
  return String.fromCodePoint(index < SURROGATES_START ? index : index + SURROGATES_COUNT);
}

function toIndex(value: unknown): number {
  if (typeof value !== 'string') throw new Error('not a string');
  const cp = value.codePointAt(0);
  if (cp === undefined || String.fromCodePoint(cp) !== value) throw new Error('not a single code point');
  if (cp >= SURROGATES_START && cp < SURROGATES_START + SURROGATES_COUNT) throw new Error('lone surrogate');
  return cp < SURROGATES_START ? cp : cp - SURROGATES_COUNT;
}

/** Same values as fast-check's `unit: 'binary'`, without its 1.1-million-entry reverse map. */
export const binaryUnit: fc.Arbitrary<string> = fc.nat({ max: CHOICES - 1 }).map(toChar, toIndex);

/** `fc.string({ unit: 'binary', ...constraints })`, same values, cheap to build. */
export function binaryString(constraints: Omit<fc.StringConstraints, 'unit'> = {}): fc.Arbitrary<string> {
  return fc.string({ ...constraints, unit: binaryUnit });
}
