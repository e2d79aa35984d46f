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
