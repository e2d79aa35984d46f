/**
 * Kubernetes resource quantities (`500m`, `0.5`, `64Mi`, `1.5Gi`, `129M`, `1e3`), parsed exactly.
 *
 * A quantity is a decimal number followed by a suffix: binary (`Ki`, `Mi`, `Gi`, `Ti`, `Pi`, `Ei`),
 * decimal SI (`n`, `u`, `m`, none, `k`, `M`, `G`, `T`, `P`, `E`) or a decimal exponent (`e3`, `E-2`).
 * Values are kept as whole nano-units in a `bigint`, so `0.1 + 0.2` CPU is exactly `300m` and sums of
 * thousands of pods never drift. Anything finer than a nano-unit rounds up, as Kubernetes rounds it.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

/** A non-negative quantity in nano-units (1 CPU = 10^9, 1 byte = 10^9). */
export type Nano = bigint;

const NANO = 1_000_000_000n;
const MILLI_IN_NANO = 1_000_000n;

const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY = /^\+?(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d{1,3})?$/;

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
  if (text.length === 0 || text.length > 64) return undefined;
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [whole, fraction = ''] = m[1].split('.');
  const digits = BigInt(`${whole || '0'}${fraction}`);
  const suffix = m[2] ?? '';
  let twos = 0;
  let tens = -fraction.length;
  if (suffix in BINARY) twos = BINARY[suffix];
  else if (suffix in DECIMAL) tens += DECIMAL[suffix];
  else tens += Number(suffix.slice(1));
  // value = digits * 2^twos * 10^tens; in nano-units multiply by 10^9, rounding up what is left below.
  tens += 9;
  let numerator = digits * (1n << BigInt(twos));
  let denominator = 1n;
  if (tens >= 0) numerator *= 10n ** BigInt(tens);
  else denominator = 10n ** BigInt(-tens);
  return (numerator + denominator - 1n) / denominator;
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
