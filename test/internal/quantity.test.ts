import fc from 'fast-check';
import { formatBytes, formatCpu, parseQuantity, toBytes, toMillicores } from '../../lib/internal/quantity';
import { expectEqual } from '../support/expect-equal';

describe('parseQuantity', () => {
  test.each<[unknown, string]>([
    ['500m', '500'],
    ['0.5', '500'],
    ['.5', '500'],
    ['2', '2000'],
    [1, '1000'],
    [0.25, '250'],
    ['1e3', '1000000'],
    ['100u', '1'], // 0.1 millicore rounds up to 1m, as Kubernetes does
    ['1n', '1'],
    ['  750m  ', '750'],
  ])('CPU %p is %p millicores', (value, milli) => {
    expect(String(toMillicores(parseQuantity(value)!))).toBe(milli);
  });

  test.each<[unknown, bigint]>([
    ['64Mi', 64n * 1024n * 1024n],
    ['1.5Gi', 3n * 512n * 1024n * 1024n],
    ['128974848', 128974848n],
    ['129e6', 129000000n],
    ['129M', 129000000n],
    ['123Mi', 123n * 1024n * 1024n],
    ['1k', 1000n],
    ['1Ki', 1024n],
    ['2G', 2000000000n],
    ['1Ti', 1n << 40n],
    ['1.5k', 1500n],
    ['0.1Ki', 103n], // 102.4 bytes round up
    [1073741824, 1073741824n],
  ])('memory %p is %p bytes', (value, bytes) => {
    expect(toBytes(parseQuantity(value)!)).toBe(bytes);
  });

  test('decimal fractions are exact: 0.1 + 0.2 CPU is 300m', () => {
    expect(formatCpu(parseQuantity('0.1')! + parseQuantity('0.2')!)).toBe('300m');
  });

  test.each([['-1'], ['1Kb'], ['abc'], [''], ['1.2.3'], ['Mi'], [null], [undefined], [{}], [[]], [NaN], [Infinity], [-5], ['1 Gi'], ['0x10']])(
    '%p is not a quantity',
    (value) => {
      expect(parseQuantity(value)).toBeUndefined();
    },
  );

  test('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const q = parseQuantity(s);
        expectEqual(q === undefined || q >= 0n, true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatting', () => {
  test.each([
    ['50m', '50m'],
    ['1', '1'],
    ['1500m', '1500m'],
    ['2000m', '2'],
  ])('CPU %p prints as %p', (q, printed) => {
    expect(formatCpu(parseQuantity(q)!)).toBe(printed);
  });

  test.each([
    ['64Mi', '64Mi'],
    ['1024Mi', '1Gi'],
    ['129M', '129M'],
    ['1000', '1k'],
    ['1536Mi', '1536Mi'],
    ['192Mi', '192Mi'],
    ['100', '100'],
    ['0', '0'],
  ])('bytes %p print as %p', (q, printed) => {
    expect(formatBytes(parseQuantity(q)!)).toBe(printed);
  });

  test('printing and parsing again gives the same amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 50n }), fc.bigInt({ min: 0n, max: 10n ** 7n }), (bytes, milli) => {
        expectEqual(
          { bytes: toBytes(parseQuantity(formatBytes(bytes * 1_000_000_000n))!), milli: toMillicores(parseQuantity(formatCpu(milli * 1_000_000n))!) },
          { bytes, milli },
        );
      }),
      { numRuns: 500 },
    );
  });
});
