import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-27';

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

/** `WebsiteConfig` with its defaults. @internal */
export interface ResolvedConfig {
  readonly files: Record<string, string>;
  readonly env: Record<string, string>;
  readonly mountPath: string;
}

/** The defaults of `WebsiteConfig`, in one place: checks and rendering read the resolved value. @internal */
export function resolveConfig(config: WebsiteConfig): ResolvedConfig {
  return { files: config.files ?? {}, env: config.env ?? {}, mountPath: config.mountPath ?? '/etc/website' };
}

/** What a `WebsiteConfig` adds to the ConfigMap and the pod. @internal */
export interface ConfigWiring {
  /**
   * ConfigMap data: files and environment variables, sorted by key; undefined when there are none (the
   * API server drops an empty `data: {}`, so the live ConfigMap would differ from the manifest).
   */
  readonly data?: Record<string, string>;
  /** Value of the `checksum/config` pod template annotation. */
  readonly checksum: string;
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  readonly env: k8s.EnvVar[];
}

/** Wires a resolved `WebsiteConfig` into the ConfigMap `configMapName` and the pod. @internal */
export function configWiring(configMapName: string, config: ResolvedConfig): ConfigWiring {
  const { files, env } = config;
  const data: Record<string, string> = {};
  for (const key of Object.keys({ ...files, ...env }).sort()) data[key] = key in files ? files[key] : env[key];
  const fileKeys = Object.keys(files).sort();
  const mounted = fileKeys.length > 0;
  return {
    data: Object.keys(data).length > 0 ? data : undefined,
    checksum: configChecksum(data),
    volumes: mounted ? [{ name: 'config', configMap: { name: configMapName, items: fileKeys.map((k) => ({ key: k, path: k })) } }] : [],
    mounts: mounted ? [{ name: 'config', mountPath: config.mountPath, readOnly: true }] : [],
    env: Object.keys(env).sort().map((k) => ({ name: k, valueFrom: { configMapKeyRef: { name: configMapName, key: k } } })),
  };
}
