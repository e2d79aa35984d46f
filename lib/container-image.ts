import { checkImageTag, formatImage, ImageParts, imageVersionLabel, isFloating, parseImage } from './internal/image-reference';
import { Problem } from './internal/problems';
import { kindOf } from './internal/validators';

/** Options of `ContainerImage.fromEnvironment()`. */
export interface ImageFromEnvironmentOptions {
  /**
   * The environment variable to read, without `$` (e.g. `BUILD_NUMBER`, `IMAGE`).
   */
  readonly variable: string;

  /**
   * The image name (`[registry/]repository`, no tag or digest). When set, the variable holds only
   * the tag and the image is `<repository>:<value>` (`BUILD_NUMBER=42` gives `user/site:42`); when
   * unset, the variable holds a whole image reference (`IMAGE=ghcr.io/org/site:1.2.3`).
   * @default - the variable holds a whole image reference
   */
  readonly repository?: string;

  /**
   * The image to use when the variable is not set at all, so that `npm run synth` works on a fresh
   * clone. Used only when the variable is unset: a variable that is set but empty or malformed is
   * always an error (a CI job that lost its build number must not quietly deploy the fallback).
   * Always a whole image reference, even with `repository`. Checked even when the variable is set.
   * @default - an unset variable is an error
   */
  readonly fallback?: string;

  /**
   * The environment to read from; injectable for tests.
   * @default process.env
   */
  readonly env?: Record<string, string>;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A container image: where it comes from and exactly which build it is.
 *
 * Parsed once, where it is created, following the Docker/OCI distribution grammar
 * (`[registry[:port]/]repository[:tag][@digest]`, as `github.com/distribution/reference` and the
 * kubelet read it), and rendered exactly as written: no `docker.io/library/` is added. An image that
 * cannot be parsed carries its problems (each with the bad value and a fix); the construct that uses it
 * reports them at synth, with its path, together with every other problem of the app. A bad image so
 * fails the synth instead of an `ErrImagePull` or `InvalidImageName` during the rollout.
 *
 * @example
 * ContainerImage.fromRegistry('ghcr.io/org/site:1.2.3');
 * ContainerImage.fromDigest('ghcr.io/org/site', 'sha256:0123...');
 * ContainerImage.fromEnvironment({ variable: 'BUILD_NUMBER', repository: 'user/site', fallback: 'user/site:dev' });
 */
export class ContainerImage {
  /**
   * An image by its reference, e.g. `nginx:1.27`, `ghcr.io/org/site:1.2.3` or
   * `nginx@sha256:<64 hex>`. A digest is the safest (what runs is exactly what was tested); a mutable
   * tag such as `latest` is accepted by a site only with `imagePullPolicy: Always`.
   */
  public static fromRegistry(reference: string): ContainerImage {
    return ContainerImage.parse(reference, []);
  }

  /**
   * An image pinned by content digest: `<repository>@<digest>`, e.g.
   * `fromDigest('ghcr.io/org/site', 'sha256:<64 hex>')`. What runs never changes, whatever is pushed
   * to a tag later.
   * @param repository `[registry/]repository`, without a tag or digest.
   * @param digest `sha256:` and 64 lowercase hex characters, or `sha512:` and 128.
   */
  public static fromDigest(repository: string, digest: string): ContainerImage {
    const problems = repositoryProblems(repository, 'repository', 'the digest');
    if (problems.length > 0) return new ContainerImage(String(repository), undefined, problems);
    return ContainerImage.parse(`${repository}@${digest}`, []);
  }

  /**
   * The image a CI job built, read from an environment variable when the app is synthesized.
   *
   * It replaces rewriting the manifest after synth with `sed -i` and `${BUILD_NUMBER}`, which silently
   * writes `image: user/site:` when the variable is missing and can match the wrong line. Here a
   * missing, empty or malformed value is a problem named after the variable (`$BUILD_NUMBER`), reported
   * when the app is synthesized, before anything reaches the cluster.
   *
   * - With `repository`, the variable holds the tag only (checked as a tag) and the image is
   *   `<repository>:<tag>`; otherwise it holds a whole reference.
   * - Unset: `fallback` when given, else a problem telling how to set it.
   * - Set but empty or malformed: always a problem, never the fallback.
   *
   * @example
   * // Jenkinsfile:  sh 'docker build -t user/site:${BUILD_NUMBER} . && docker push user/site:${BUILD_NUMBER}'
   * //               sh 'npm run synth'   // Jenkins sets BUILD_NUMBER for every build
   * new ZeroDowntimeWebsite(chart, 'site', {
   *   image: ContainerImage.fromEnvironment({ variable: 'BUILD_NUMBER', repository: 'user/site', fallback: 'user/site:dev' }),
   * });
   * // BUILD_NUMBER=42 npm run synth  ->  image: user/site:42
   * // npm run synth (fresh clone)    ->  image: user/site:dev
   * // BUILD_NUMBER= npm run synth    ->  [site/site] $BUILD_NUMBER is set but empty, ...
   */
  public static fromEnvironment(options: ImageFromEnvironmentOptions): ContainerImage {
    const opts: Partial<ImageFromEnvironmentOptions> =
      options !== null && typeof options === 'object' ? options : ({} as Partial<ImageFromEnvironmentOptions>);

    // Mistakes in the code calling us come first: they are fixed once, not per build.
    const problems: Problem[] = [];
    const variable = opts.variable;
    if (typeof variable !== 'string' || !VARIABLE_NAME.test(variable)) {
      const bare = typeof variable === 'string' ? variable.replace(/^\$\{?|\}$/g, '') : '';
      problems.push({
        property: 'variable',
        problem: typeof variable === 'string' ? 'must be an environment variable name' : `must be a string, not ${kindOf(variable)}`,
        value: variable,
        allowed: "letters, digits and '_', not starting with a digit, without '$' (e.g. \"BUILD_NUMBER\")",
        fix: bare !== '' && VARIABLE_NAME.test(bare) ? `use ${JSON.stringify(bare)}` : 'name the variable, e.g. "BUILD_NUMBER"',
      });
    }
    const repository = opts.repository;
    if (repository !== undefined) problems.push(...repositoryProblems(repository, 'repository', 'the variable'));
    const fallback = opts.fallback;
    if (fallback !== undefined) problems.push(...parseImage(fallback, 'fallback').problems);
    if (problems.length > 0) return new ContainerImage('', undefined, problems);

    const name = variable as string;
    const property = `$${name}`;
    const env = opts.env ?? process.env;
    const raw: unknown = env !== null && typeof env === 'object' ? env[name] : undefined;
    const example = repository !== undefined ? '42' : 'ghcr.io/org/site:1.2.3';
    const allowed =
      repository !== undefined
        ? `an image tag (1 to 128 letters, digits, '_', '.', '-'), used as ${JSON.stringify(`${repository}:<tag>`)}`
        : 'a whole image reference, e.g. "ghcr.io/org/site:1.2.3"';
    const fail = (problem: string, fix: string): ContainerImage =>
      new ContainerImage(typeof raw === 'string' ? raw : '', undefined, [{ property, problem, value: raw, allowed, fix }]);

    if (raw === undefined) {
      if (fallback !== undefined) return ContainerImage.parse(fallback, []);
      return fail('is not set', `set it when you synth, e.g. \`${name}=${example} npx cdk8s-zero-downtime synth\`, or pass a \`fallback\` to ContainerImage.fromEnvironment`);
    }
    if (raw === '') {
      return fail(
        'is set but empty',
        `set it to ${repository !== undefined ? 'the tag the CI job built' : 'the image the CI job built'}, e.g. \`${name}=${example} npx cdk8s-zero-downtime synth\`, or unset it${fallback !== undefined ? ' to use the fallback' : ''}`,
      );
    }
    if (typeof raw !== 'string') return fail(`must be a string, not ${kindOf(raw)}`, `set it as text, e.g. \`${name}=${example}\``);

    if (repository === undefined) return ContainerImage.parse(raw, [], property);
    const tagProblem = checkImageTag(raw, property);
    if (tagProblem) {
      const wholeReference = /[:@]/.test(raw) || raw === repository || raw.startsWith(`${repository}/`);
      return new ContainerImage(raw, undefined, [
        wholeReference
          ? {
            ...tagProblem,
            problem: 'must hold only the tag, not a whole image reference',
            fix: `set it to the tag alone (e.g. \`${name}=42\`), since \`repository\` ("${repository}") is given; or drop \`repository\` so that the variable holds the whole reference`,
          }
          : { ...tagProblem, allowed },
      ]);
    }
    return ContainerImage.parse(`${repository}:${raw}`, [], property);
  }

  /** Parses `reference`; problems are named `property` (`''`: the image itself). */
  private static parse(reference: string, problems: Problem[], property = ''): ContainerImage {
    const parsed = parseImage(reference, property);
    return new ContainerImage(typeof reference === 'string' ? reference : String(reference), parsed.parts, [...problems, ...parsed.problems]);
  }

  /** The reference as written, e.g. `ghcr.io/org/site:1.2.3` (what the container's `image` field gets). */
  public readonly reference: string;
  /** The registry host (and port), e.g. `ghcr.io` or `localhost:5000`; undefined for Docker Hub short names. */
  public readonly registry?: string;
  /** The repository path within the registry, e.g. `nginx` or `org/site` (empty when the reference is invalid). */
  public readonly repository: string;
  /** The tag, e.g. `1.2.3`. */
  public readonly tag?: string;
  /** The content digest, e.g. `sha256:` and 64 lowercase hex characters. */
  public readonly digest?: string;
  /** True when there is no digest: a tag can be re-pointed to other content at any time. */
  public readonly mutable: boolean;
  /** True when the tag is `latest` or there is neither tag nor digest (which means `latest`). */
  public readonly floating: boolean;
  /**
   * A value for the `app.kubernetes.io/version` label of pods running the image: the tag when it is a
   * valid label value, else the digest's algorithm and first 12 hex characters (`sha256-0123456789ab`),
   * else undefined (the label is then left out).
   */
  public readonly versionLabel?: string;
  /** Problems with the reference (named `''`: the image itself, or `$VARIABLE`). @internal */
  public readonly _problems: Problem[];

  private constructor(reference: string, parts: ImageParts | undefined, problems: Problem[]) {
    this.reference = parts ? formatImage(parts) : reference;
    this.registry = parts?.registry;
    this.repository = parts?.repository ?? '';
    this.tag = parts?.tag;
    this.digest = parts?.digest;
    this.mutable = parts?.digest === undefined;
    this.floating = parts !== undefined && isFloating(parts);
    this.versionLabel = parts ? imageVersionLabel(parts) : undefined;
    this._problems = problems;
  }

  /** The reference as written. */
  public toString(): string {
    return this.reference;
  }
}

/** Problems of a `[registry/]repository` that must not carry a tag or digest (`what` provides it). */
function repositoryProblems(repository: unknown, property: string, what: string): Problem[] {
  const parsed = parseImage(repository, property);
  if (!parsed.parts) return parsed.problems;
  const p = parsed.parts;
  if (p.tag === undefined && p.digest === undefined) return [];
  return [{
    property,
    problem: `must not include a tag or digest (${what} provides ${what === 'the digest' ? 'it' : 'the tag'})`,
    value: repository,
    allowed: '[registry/]repository, e.g. "user/site" or "ghcr.io/org/site"',
    fix: `use ${JSON.stringify(`${p.registry !== undefined ? `${p.registry}/` : ''}${p.repository}`)}`,
  }];
}

/**
 * When the kubelet pulls the image.
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
 */
export enum ImagePullPolicy {
  /** Ask the registry on every pod start: a re-pushed tag is picked up. */
  ALWAYS = 'Always',
  /** Pull only when the node does not have the image (right for a digest, which never changes). */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull. */
  NEVER = 'Never',
}
