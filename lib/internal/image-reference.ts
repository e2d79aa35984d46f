import { Problem } from './problems';
import { checkLabelValue, kindOf } from './validators';

/**
 * Container image references, parsed exactly as written: `[registry[:port]/]repository[:tag][@digest]`.
 * The one image parser of the library (`ContainerImage`, the kubectl image of a restart schedule, the
 * rule engine's `mutable-image-tag`).
 */

/** The parts of an image reference; `formatImage` gives back the reference. */
export interface ImageParts {
  /** The registry host (and port), e.g. `ghcr.io` or `localhost:5000`; absent for Docker Hub short names. */
  readonly registry?: string;
  /** The repository path within the registry, e.g. `nginx` or `org/site`. */
  readonly repository: string;
  /** The tag, e.g. `1.2.3`. */
  readonly tag?: string;
  /** The content digest, e.g. `sha256:` and 64 lowercase hex characters. */
  readonly digest?: string;
}

/** Longest name (registry and repository) that registries accept, as in `distribution/reference`. */
const NAME_TOTAL_LENGTH_MAX = 255;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const REGISTRY = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };

const IMAGE_ALLOWED =
  '[registry[:port]/]repository[:tag][@digest], e.g. "nginx:1.27", "ghcr.io/org/site:1.2.3" or "nginx@sha256:<64 hex>"';
const REPOSITORY_ALLOWED =
  "a lowercase repository: path components of a-z and 0-9, separated inside by '.', '_', '__' or '-', joined by '/'";
const REGISTRY_ALLOWED =
  "a registry host of letters, digits and '-' in dot-separated parts (or [IPv6]), with an optional :port, e.g. \"ghcr.io\" or \"localhost:5000\"";
const TAG_ALLOWED = "a tag of 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'";
const DIGEST_ALLOWED = 'a digest "sha256:" + 64 lowercase hex characters, or "sha512:" + 128 lowercase hex characters';

/** The reference as written: `[registry/]repository[:tag][@digest]`. */
export function formatImage(parts: ImageParts): string {
  const registry = parts.registry !== undefined ? `${parts.registry}/` : '';
  const tag = parts.tag !== undefined ? `:${parts.tag}` : '';
  const digest = parts.digest !== undefined ? `@${parts.digest}` : '';
  return `${registry}${parts.repository}${tag}${digest}`;
}

/** True when the tag is `latest` or there is neither tag nor digest (which means `latest`). */
export function isFloating(parts: ImageParts): boolean {
  return parts.tag === 'latest' || (parts.tag === undefined && parts.digest === undefined);
}

/**
 * Parses a container image reference, following the Docker/OCI distribution grammar
 * (`github.com/distribution/reference`):
 * `[registry[:port]/]path-component(/path-component)*[:tag][@digest]`.
 *
 * The first component is the registry when it contains `.` or `:` or is `localhost` (as Docker and
 * the kubelet decide). Repositories are lowercase, tags have at most 128 characters, digests are
 * `sha256:` + 64 or `sha512:` + 128 lowercase hex characters, and the name (registry and repository)
 * has at most 255 characters. Checking this at synth time turns an `ErrImagePull`/`InvalidImageName`
 * during the rollout into an error before anything is applied.
 *
 * Never throws: returns every problem found (named `property`, each with a fix), or the parts.
 */
export function parseImage(ref: unknown, property: string): { readonly problems: Problem[]; readonly parts?: ImageParts } {
  const problems: Problem[] = [];
  const add = (problem: string, allowed: string, fix: string) => problems.push({ property, problem, value: ref, allowed, fix });

  if (typeof ref !== 'string') {
    add(`must be a string, not ${kindOf(ref)}`, IMAGE_ALLOWED, 'write the image as a string, e.g. "nginx:1.27"');
    return { problems };
  }
  if (ref === '') {
    add('must not be empty', IMAGE_ALLOWED, 'name an image, e.g. "nginx:1.27" or "ghcr.io/org/site:1.2.3"');
    return { problems };
  }
  if (/\s/.test(ref)) {
    const trimmed = ref.trim();
    if (trimmed !== '' && !/\s/.test(trimmed)) {
      add('must not start or end with whitespace', IMAGE_ALLOWED, `use ${JSON.stringify(trimmed)}`);
    } else {
      add('must not contain whitespace', IMAGE_ALLOWED, 'remove the spaces; a tag follows the name after a \':\', e.g. "nginx:1.27"');
    }
    return { problems };
  }

  const at = ref.indexOf('@');
  if (at >= 0 && ref.indexOf('@', at + 1) >= 0) {
    add("must contain at most one '@'", IMAGE_ALLOWED, 'keep one digest after a single \'@\', e.g. "nginx@sha256:<64 hex>"');
    return { problems };
  }
  const nameAndTag = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;

  // '::' outside a bracketed IPv6 registry is never valid (a typo for ':').
  if (nameAndTag.replace(/^\[[^\]]*\]/, '').includes('::')) {
    add("must not contain '::'", IMAGE_ALLOWED, "use a single ':' between the name and the tag, e.g. \"nginx:1.27\"");
    return { problems };
  }

  let name = nameAndTag;
  let tag: string | undefined;
  const lastColon = nameAndTag.lastIndexOf(':');
  if (lastColon > nameAndTag.lastIndexOf('/')) {
    name = nameAndTag.slice(0, lastColon);
    tag = nameAndTag.slice(lastColon + 1);
  }

  if (name === '') {
    const problem = at === 0 ? "has no name before '@'" : "has no repository name before ':'";
    add(problem, IMAGE_ALLOWED, 'put the repository first, e.g. "nginx:1.27"');
  }

  let registry: string | undefined;
  let repository = name;
  const firstSlash = name.indexOf('/');
  if (firstSlash > 0) {
    const first = name.slice(0, firstSlash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      repository = name.slice(firstSlash + 1);
    }
  }

  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    // Checked first: it also keeps the regular expressions below away from huge inputs.
    add(`has a name of ${name.length} characters, more than ${NAME_TOTAL_LENGTH_MAX}`, IMAGE_ALLOWED, 'use a shorter registry or repository path');
  } else if (registry !== undefined && !REGISTRY.test(registry)) {
    add(`has an invalid registry ${JSON.stringify(registry)}`, REGISTRY_ALLOWED, 'fix the registry host, e.g. "ghcr.io" or "registry.example.com:5000"');
  }
  if (name !== '' && name.length <= NAME_TOTAL_LENGTH_MAX) {
    const components = repository.split('/');
    const lowered = repository.toLowerCase();
    if (components.some((c) => c === '')) {
      add("has an empty path component (a leading, trailing or double '/')", REPOSITORY_ALLOWED, "remove the extra '/', e.g. \"org/site\"");
    } else if (!components.every((c) => PATH_COMPONENT.test(c))) {
      if (lowered !== repository && lowered.split('/').every((c) => PATH_COMPONENT.test(c))) {
        const fixed = ref.slice(0, registry !== undefined ? registry.length + 1 : 0) + lowered + ref.slice(name.length);
        add('must be lowercase in the repository', REPOSITORY_ALLOWED, `use ${JSON.stringify(fixed)}`);
      } else {
        const bad = components.find((c) => !PATH_COMPONENT.test(c)) ?? repository;
        add(
          `has an invalid path component ${JSON.stringify(bad)}`,
          REPOSITORY_ALLOWED,
          "use lowercase letters and digits, separated by '.', '_', '__' or '-' inside a component, e.g. \"org/my-site\"",
        );
      }
    } else if (registry === undefined && /^[a-f0-9]{64}$/.test(ref)) {
      add('is an image ID, not a name', IMAGE_ALLOWED, 'use the repository and the digest, e.g. "nginx@sha256:<64 hex>"');
    }
  }

  if (tag === '') {
    add("has an empty tag after ':'", TAG_ALLOWED, "add a tag after the ':', e.g. \"nginx:1.27\", or remove the ':'");
  } else if (tag !== undefined) {
    const tagProblem = checkImageTag(tag, property);
    if (tagProblem) add(`has a tag that ${tagProblem.problem}`, TAG_ALLOWED, tagProblem.fix);
  }

  if (digest === '') {
    add("has an empty digest after '@'", DIGEST_ALLOWED, "add the digest after the '@', e.g. \"nginx@sha256:<64 hex>\", or remove the '@'");
  } else if (digest !== undefined) {
    const digestProblem = checkDigest(digest);
    if (digestProblem) add(digestProblem.problem, DIGEST_ALLOWED, digestProblem.fix);
  }

  if (problems.length > 0) return { problems };
  return { problems, parts: { registry, repository, tag, digest } };
}

/** True when `image` is a valid reference without a digest whose tag is `latest` or missing. */
export function isFloatingImage(image: unknown): boolean {
  const { parts } = parseImage(image, 'image');
  return parts !== undefined && isFloating(parts);
}

/**
 * Checks an image tag alone (e.g. a build number from CI): 1 to 128 letters, digits, `_`, `.` and
 * `-`, not starting with `.` or `-`.
 */
export function checkImageTag(value: unknown, property: string): Problem | undefined {
  const fail = (problem: string, fix: string): Problem => ({ property, problem, value, allowed: TAG_ALLOWED, fix });
  if (typeof value !== 'string') return fail(`must be a string, not ${kindOf(value)}`, 'write the tag as a string, e.g. "1.2.3"');
  if (value === '') return fail('must not be empty', 'use a tag such as "1.2.3" or a build number such as "42"');
  if (value.length > 128) return fail(`is ${value.length} characters long, more than 128`, 'shorten the tag to 128 characters, e.g. a version or a short commit hash');
  if (TAG.test(value)) return undefined;
  const trimmed = value.trim();
  if (trimmed !== value && TAG.test(trimmed)) return fail('must not start or end with whitespace', `use ${JSON.stringify(trimmed)}`);
  if (/^[.-]/.test(value)) return fail("must not start with '.' or '-'", 'start the tag with a letter, digit or \'_\'');
  const cleaned = value.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 128);
  return fail(
    "may only contain letters, digits, '_', '.' and '-'",
    cleaned !== '' && TAG.test(cleaned) ? `use ${JSON.stringify(cleaned)}` : 'use a tag such as "1.2.3"',
  );
}

/**
 * A value for the `app.kubernetes.io/version` label of pods running the image `parts`.
 *
 * The tag when it is a valid label value (at most 63 characters, alphanumeric at both ends, `-_.`
 * inside), so `kubectl get pods -L app.kubernetes.io/version` shows `1.2.3`. Otherwise, when there is
 * a digest, the algorithm and the first 12 hex characters (`sha256-0123456789ab`): short, deterministic
 * and enough to tell versions apart, like a short Git hash. Otherwise (e.g. a 100-character tag)
 * `undefined`: leave the label out rather than render an invalid one.
 */
export function imageVersionLabel(parts: ImageParts): string | undefined {
  const tag = parts.tag;
  if (typeof tag === 'string' && tag !== '' && checkLabelValue(tag, 'tag') === undefined) return tag;
  const m = parts.digest === undefined ? null : /^(sha256|sha512):([0-9a-f]{12})/.exec(parts.digest);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

function checkDigest(digest: string): { problem: string; fix: string } | undefined {
  const copy = 'copy the whole digest, e.g. from `docker buildx imagetools inspect <image>` or `crane digest <image>`';
  const colon = digest.indexOf(':');
  if (colon < 0) return { problem: 'has a digest without an algorithm', fix: `write it as "sha256:<64 hex>"; ${copy}` };
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const expected = DIGEST_HEX_LENGTH[algorithm];
  if (expected === undefined) {
    const lower = algorithm.toLowerCase();
    return DIGEST_HEX_LENGTH[lower] !== undefined
      ? { problem: 'has a digest algorithm that must be lowercase', fix: `use "${lower}:"` }
      : { problem: `has an unsupported digest algorithm ${JSON.stringify(algorithm)}`, fix: `use a sha256 digest; ${copy}` };
  }
  if (/^[0-9a-fA-F]*$/.test(hex) && /[A-F]/.test(hex) && hex.length === expected) {
    return { problem: 'has a digest with uppercase hex', fix: `use "${algorithm}:${hex.toLowerCase()}"` };
  }
  if (!/^[0-9a-fA-F]*$/.test(hex)) return { problem: 'has a digest with characters other than hex', fix: copy };
  if (hex.length !== expected) {
    return { problem: `has a ${algorithm} digest of ${hex.length} hex characters, not ${expected}`, fix: copy };
  }
  return undefined;
}
