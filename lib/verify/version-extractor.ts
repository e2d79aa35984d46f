/**
 * Reading the served version out of an answer, so that the v1 → v2 switch shows in the report.
 */
import type { IncomingHttpHeaders } from 'http';

/** Longest version string kept; longer ones are cut (a pattern matching a whole page stays readable). */
export const MAX_VERSION_LENGTH = 64;

/** Finds the version in an answer's headers and body; `undefined` when there is none. */
export type VersionExtractor = (headers: IncomingHttpHeaders, body: string) => string | undefined;

/**
 * Builds the extractor for `--version-header` and `--version-pattern`:
 * - header only: the header's value;
 * - pattern only: the pattern's first match in the body (the first bytes of it, see `MAX_BODY_BYTES`
 *   in `http-probe.ts`);
 * - both: the pattern's first match in the header's value.
 *
 * With a capture group, the first group that matched is the version (`version: (\S+)` gives `1.2.3`);
 * without one, the whole match. Returns `undefined` when neither option is given.
 */
export function makeVersionExtractor(header: string | undefined, pattern: RegExp | undefined): VersionExtractor | undefined {
  if (header === undefined && pattern === undefined) return undefined;
  const name = header?.toLowerCase();
  return (headers, body) => {
    let text: string | undefined;
    if (name !== undefined) {
      const value = headers[name];
      text = Array.isArray(value) ? value.join(', ') : value;
      if (text === undefined) return undefined;
    } else {
      text = body;
    }
    if (pattern === undefined) return clean(text);
    const m = pattern.exec(text);
    if (!m) return undefined;
    const group = m.slice(1).find((g) => g !== undefined);
    return clean(group ?? m[0]);
  };
}

function clean(s: string): string | undefined {
  const t = s.trim().replace(/\s+/g, ' ');
  if (t === '') return undefined;
  return t.length > MAX_VERSION_LENGTH ? `${t.slice(0, MAX_VERSION_LENGTH - 3)}...` : t;
}
