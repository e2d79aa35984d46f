/**
 * Durations on the `verify` command line: `500ms`, `2s`, `1.5s`, `2m`, `1h`, `1m30s`.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** One `<number><unit>` part; a duration is one or more of them (`1m30s`). */
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/**
 * Parses a duration such as `30s`, `2m`, `1m30s` or `250ms` into milliseconds.
 *
 * A unit is required (`ms`, `s`, `m`, `h`): a bare `30` is refused, because seconds and milliseconds
 * are both plausible readings. Returns `undefined` for anything that is not a duration; the caller
 * reports the problem with the option's name.
 */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== at) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/** Renders milliseconds for people: `250ms`, `2s`, `1.5s`, `2m`, `1m30s`, `1h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${trimNumber(ms / 1000)}s`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const rest = ms % 60_000;
  const parts: string[] = [];
  if (h > 0) parts.push(`${h}h`);
  if (m > 0) parts.push(`${m}m`);
  if (rest > 0) parts.push(rest < 1000 ? `${Math.round(rest)}ms` : `${trimNumber(rest / 1000)}s`);
  return parts.join('');
}

/** A number with at most 3 decimals and no trailing zeros. */
function trimNumber(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
