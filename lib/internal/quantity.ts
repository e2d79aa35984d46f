/**
 * Kubernetes resource quantities (`500m`, `0.5`, `64Mi`, `1.5Gi`, `129M`, `1e3`): the one parser of
 * the library, for the canonical spelling the construct writes, the plan's sums and the input check.
 *
 * A quantity is a decimal number followed by a suffix: binary (`Ki`, `Mi`, `Gi`, `Ti`, `Pi`, `Ei`),
 * decimal SI (`n`, `u`, `m`, none, `k`, `M`, `G`, `T`, `P`, `E`) or a decimal exponent (`e3`, `E-2`).
 * Values are kept as whole nano-units in a `bigint` (1 CPU = 10^9, 1 byte = 10^9), so `0.1 + 0.2` CPU
 * is exactly `300m` and sums of thousands of pods never drift. Anything finer than a nano-unit rounds
 * up, as Kubernetes' `ParseQuantity` rounds it.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/resource/quantity.go
 */

/** A quantity in nano-units (1 CPU = 10^9, 1 byte = 10^9). */
export type Nano = bigint;

const NANO = 10n ** 9n;
const MILLI_IN_NANO = 10n ** 6n;

/** The grammar of a quantity, sign included. */
export const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const BINARY: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Readonly<Record<number, string>> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

/** A parsed quantity: its magnitude in nano-units (rounded up), its sign, and the suffix family it was written in. */
interface Parsed {
  readonly negative: boolean;
  readonly nanos: Nano;
  readonly format: 'binary' | 'decimal' | 'exponent';
  /** The decimal exponent written, for `format: 'exponent'`. */
  readonly exponent: number;
}

/** Parses a quantity string; undefined when it is not one, or its exponent is beyond `maxExponent`. */
function parse(text: string, maxExponent: number): Parsed | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, number, suffix = ''] = m;
  const format = suffix in BINARY ? 'binary' : /^[eE]/.test(suffix) ? 'exponent' : 'decimal';
  const exponent = format === 'exponent' ? Number(suffix.slice(1)) : 0;
  if (Math.abs(exponent) > maxExponent) return undefined;
  const [whole, fraction = ''] = number.split('.');
  const digits = BigInt(`${whole || '0'}${fraction}`);
  // value = digits x 10^tens x 1024^kibis; in nano-units, rounded up as ParseQuantity does.
  const tens = -fraction.length + 9 + (format === 'exponent' ? exponent : format === 'decimal' ? DECIMAL[suffix] : 0);
  let numerator = digits * 1024n ** BigInt(format === 'binary' ? BINARY[suffix] : 0);
  let denominator = 1n;
  if (tens >= 0) numerator *= 10n ** BigInt(tens);
  else denominator = 10n ** BigInt(-tens);
  return { negative: sign === '-', nanos: (numerator + denominator - 1n) / denominator, format, exponent };
}

/**
 * Parses a quantity (a string, or a YAML number such as `cpu: 1`) into nano-units. Returns undefined
 * for anything else: negative values, unknown suffixes, non-finite numbers, other types. Never throws.
 */
export function parseQuantity(value: unknown): Nano | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    text = String(value); // e.g. 1e+21: the exponent form is accepted below
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  // At most 64 characters and a 3-digit exponent: the sums stay small bigints, whatever the input.
  if (text.length === 0 || text.length > 64 || /[eE][+-]?\d{4,}$/.test(text)) return undefined;
  const parsed = parse(text, 999);
  return parsed === undefined || parsed.negative ? undefined : parsed.nanos;
}

/**
 * The canonical spelling of a quantity: the form the API server writes back (k8s.io/apimachinery
 * `Quantity.CanonicalizeBytes`), so a manifest never differs from the live object. `1000m` is `1`,
 * `1024Mi` is `1Gi`, `0.5` is `500m`, `1.5Gi` is `1536Mi`, `2000` is `2k`:
 * - zero is `0`;
 * - binary suffixes (Ki..Ei): a whole number of bytes of at least 1024 is written as
 *   mantissa x 1024^k with the largest k; anything else falls back to decimal SI;
 * - decimal SI (n, u, m, none, k, M, G, T, P, E) and exponents (e3): trailing zeros of the mantissa
 *   move into the exponent, which is then lowered to a multiple of 3.
 * Strings that are not quantities are returned unchanged (input validation reports them).
 */
export function canonicalQuantity(text: string): string {
  const parsed = parse(text, 100);
  if (!parsed) return text;
  const { nanos, format } = parsed;
  if (nanos === 0n) return '0';
  const minus = parsed.negative ? '-' : '';

  if (format === 'binary' && nanos >= 1024n * NANO && nanos % NANO === 0n) {
    let mantissa = nanos / NANO;
    let k = 0;
    while (k < BINARY_SUFFIX.length - 1 && mantissa % 1024n === 0n) {
      mantissa /= 1024n;
      k++;
    }
    return `${minus}${mantissa}${BINARY_SUFFIX[k]}`;
  }

  let mantissa = nanos;
  let exp = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exp++;
  }
  const lower = ((exp % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(lower);
  exp -= lower;
  const decimalSuffix = format === 'exponent' ? (exp === 0 ? '' : `e${exp}`) : DECIMAL_SUFFIX[exp] ?? `e${exp}`;
  return `${minus}${mantissa}${decimalSuffix}`;
}

/** CPU in whole millicores, rounded up (as Kubernetes' `MilliValue`). */
export function toMillicores(n: Nano): bigint {
  return (n + MILLI_IN_NANO - 1n) / MILLI_IN_NANO;
}

/** Bytes, rounded up. */
export function toBytes(n: Nano): bigint {
  return (n + NANO - 1n) / NANO;
}

/** CPU as Kubernetes prints it: whole cores (`2`) when exact, else millicores (`150m`). */
export function formatCpu(n: Nano): string {
  const milli = toMillicores(n);
  return milli % 1000n === 0n ? String(milli / 1000n) : `${milli}m`;
}

const BYTE_SUFFIXES: ReadonlyArray<readonly [string, bigint]> = [
  ['Ei', 1n << 60n],
  ['Pi', 1n << 50n],
  ['Ti', 1n << 40n],
  ['Gi', 1n << 30n],
  ['Mi', 1n << 20n],
  ['Ki', 1n << 10n],
  ['E', 10n ** 18n],
  ['P', 10n ** 15n],
  ['T', 10n ** 12n],
  ['G', 10n ** 9n],
  ['M', 10n ** 6n],
  ['k', 10n ** 3n],
];

/**
 * Bytes (memory, ephemeral storage) in the shortest exact form: `64Mi`, `129M`, `1000`; binary
 * suffixes win a tie. Deterministic.
 */
export function formatBytes(n: Nano): string {
  const bytes = toBytes(n);
  let best = String(bytes);
  if (bytes === 0n) return best;
  for (const [suffix, size] of BYTE_SUFFIXES) {
    if (bytes % size !== 0n) continue;
    const candidate = `${bytes / size}${suffix}`;
    if (candidate.length < best.length) best = candidate;
  }
  return best;
}
