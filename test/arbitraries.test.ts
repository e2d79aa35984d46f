/**
 * test/support/arbitraries.ts: `binaryUnit` is fast-check's `unit: 'binary'` without its
 * 1.1-million-entry reverse map (see there). Its alphabet and mapping back, checked cheaply.
 */
import * as fc from 'fast-check';
import { binaryString, binaryUnit } from './support/arbitraries';
import { expectEqual } from './support/expect-equal';

const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;

test('binaryUnit yields one non-surrogate code point, and maps every one back', () => {
  fc.assert(
    fc.property(binaryUnit, (ch) => {
      const cp = ch.codePointAt(0)!;
      expectEqual(
        { char: String.fromCodePoint(cp), surrogate: isSurrogate(cp), mapsBack: binaryUnit.canShrinkWithoutContext(ch) },
        { char: ch, surrogate: false, mapsBack: true },
      );
    }),
    { numRuns: 1000 },
  );
});

test('binaryUnit covers U+0000-U+10FFFF without the surrogates, and nothing else', () => {
  for (const cp of [0, 0x41, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x10ffff]) {
    expect(binaryUnit.canShrinkWithoutContext(String.fromCodePoint(cp))).toBe(true);
  }
  for (const v of ['\ud800', '\udfff', '', 'ab', '\u{1F600}x', 1, undefined]) {
    expect(binaryUnit.canShrinkWithoutContext(v as string)).toBe(false);
  }
});

test('binaryString keeps its length constraints and reaches far code points', () => {
  const samples = fc.sample(binaryString({ maxLength: 40 }), { seed: 42, numRuns: 500 });
  expect(samples.every((s) => [...s].length <= 40)).toBe(true);
  expect(samples.some((s) => [...s].some((c) => c.codePointAt(0)! > 0xffff))).toBe(true);
  expect(samples.some((s) => s === '')).toBe(true);
});
