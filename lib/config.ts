import { createHash } from 'crypto';

/**
 * Files and environment variables from a ConfigMap the construct owns.
 *
 * The pod template carries a `checksum/config` annotation with a hash of the data, so changing the
 * content rolls the pods (a mounted ConfigMap is otherwise updated in place, unseen by servers that
 * read config at start), and nothing else does.
 */
export interface WebsiteConfig {
  /**
   * Files, by file name, mounted read-only under `mountPath`.
   * @default - no files
   */
  readonly files?: Record<string, string>;

  /**
   * Directory the files are mounted at.
   * @default '/etc/website'
   */
  readonly mountPath?: string;

  /**
   * Environment variables stored in the ConfigMap and loaded with `envFrom`.
   * @default - none
   */
  readonly env?: Record<string, string>;
}

/** The pod template annotation holding the ConfigMap hash (Helm's idiom). */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** sha256 of the data in a stable, key-sorted form: same content, same hash, on every machine. */
export function configChecksum(data: Record<string, string>): string {
  const canonical = JSON.stringify(Object.keys(data).sort().map((k) => [k, data[k]]));
  return createHash('sha256').update(canonical).digest('hex');
}
