import { Problem, ValidationError } from './errors';
import { checkImageTag, parseImageReference } from './image-reference';
import { kindOf } from './validation';

/** Options of `imageFromEnvironment`. */
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
   * always an error (a CI job that lost its build number must not quietly deploy the default).
   * Always a whole image reference, even with `repository`. Validated even when the variable is set.
   * @default - an unset variable is an error
   */
  readonly default?: string;

  /**
   * The environment to read from; injectable for tests.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Returns the image reference a CI job built, read from an environment variable and validated.
 *
 * It replaces rewriting the manifest after synth with `sed -i` and `${BUILD_NUMBER}`, which silently
 * writes `image: user/site:` when the variable is missing and can match the wrong line. Here a
 * missing, empty or malformed value fails the synth with a `ValidationError` whose property is the
 * variable (`$BUILD_NUMBER`), before anything reaches the cluster.
 *
 * - With `repository`, the variable holds the tag only (validated as a tag) and the result is
 *   `<repository>:<tag>`; otherwise it holds a whole reference, validated by `parseImageReference`.
 * - Unset: `default` when given, else an error telling how to set it.
 * - Set but empty or malformed: always an error, never the default.
 *
 * @returns the image reference, e.g. `user/site:42`.
 * @throws ValidationError naming the variable, the value and how to fix it.
 *
 * @example
 * // Jenkinsfile:  sh 'docker build -t user/site:${BUILD_NUMBER} . && docker push user/site:${BUILD_NUMBER}'
 * //               sh 'npm run synth'   // Jenkins sets BUILD_NUMBER for every build
 * new ZeroDowntimeWebsite(chart, 'site', {
 *   image: imageFromEnvironment({ variable: 'BUILD_NUMBER', repository: 'user/site', default: 'user/site:dev' }),
 * });
 * // BUILD_NUMBER=42 npm run synth  ->  image: user/site:42
 * // npm run synth (fresh clone)    ->  image: user/site:dev
 * // BUILD_NUMBER= npm run synth    ->  ValidationError: $BUILD_NUMBER is set but empty, ...
 */
export function imageFromEnvironment(options: ImageFromEnvironmentOptions): string {
  const opts: Partial<ImageFromEnvironmentOptions> =
    options !== null && typeof options === 'object' ? options : ({} as Partial<ImageFromEnvironmentOptions>);
  const problems: Problem[] = [];
  const capture = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems.push(...e.problems);
    }
  };

  // Mistakes in the code calling us come first: they are fixed once, not per build.
  const variable = opts.variable;
  if (typeof variable !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    const bare = typeof variable === 'string' ? variable.replace(/^\$\{?|\}$/g, '') : '';
    problems.push({
      property: 'variable',
      problem: typeof variable === 'string' ? 'must be an environment variable name' : `must be a string, not ${kindOf(variable)}`,
      value: variable,
      allowed: "letters, digits and '_', not starting with a digit, without '$' (e.g. \"BUILD_NUMBER\")",
      fix: bare !== '' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(bare) ? `use ${JSON.stringify(bare)}` : 'name the variable, e.g. "BUILD_NUMBER"',
    });
  }
  const repository = opts.repository;
  if (repository !== undefined) {
    capture(() => {
      const parsed = parseImageReference(repository, 'repository');
      if (parsed.tag !== undefined || parsed.digest !== undefined) {
        throw new ValidationError([
          {
            property: 'repository',
            problem: 'must not include a tag or digest (the variable provides the tag)',
            value: repository,
            allowed: '[registry/]repository, e.g. "user/site" or "ghcr.io/org/site"',
            fix: `use ${JSON.stringify(`${parsed.registry !== undefined ? `${parsed.registry}/` : ''}${parsed.repository}`)}`,
          },
        ]);
      }
    });
  }
  const fallback = opts.default;
  if (fallback !== undefined) capture(() => parseImageReference(fallback, 'default'));
  if (problems.length > 0) throw new ValidationError(problems);

  const name = variable as string;
  const property = `$${name}`;
  const env = opts.env ?? process.env;
  const raw: unknown = env !== null && typeof env === 'object' ? env[name] : undefined;
  const example = repository !== undefined ? '42' : 'ghcr.io/org/site:1.2.3';
  const allowed =
    repository !== undefined
      ? `an image tag (1 to 128 letters, digits, '_', '.', '-'), used as ${JSON.stringify(`${repository}:<tag>`)}`
      : 'a whole image reference, e.g. "ghcr.io/org/site:1.2.3"';

  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new ValidationError([
      {
        property,
        problem: 'is not set',
        value: raw,
        allowed,
        fix: `set it when you synth, e.g. \`${name}=${example} npm run synth\`, or pass a \`default\` to imageFromEnvironment`,
      },
    ]);
  }
  if (raw === '') {
    throw new ValidationError([
      {
        property,
        problem: 'is set but empty',
        value: raw,
        allowed,
        fix: `set it to ${repository !== undefined ? 'the tag the CI job built' : 'the image the CI job built'}, e.g. \`${name}=${example} npm run synth\`, or unset it${fallback !== undefined ? ' to use the default' : ''}`,
      },
    ]);
  }
  if (typeof raw !== 'string') {
    throw new ValidationError([
      { property, problem: `must be a string, not ${kindOf(raw)}`, value: raw, allowed, fix: `set it as text, e.g. \`${name}=${example}\`` },
    ]);
  }

  if (repository === undefined) {
    return parseImageReference(raw, property).toString();
  }
  const tagProblem = checkImageTag(raw, property);
  if (tagProblem) {
    const wholeReference = /[:@]/.test(raw) || raw === repository || raw.startsWith(`${repository}/`);
    throw new ValidationError([
      wholeReference
        ? {
            ...tagProblem,
            problem: 'must hold only the tag, not a whole image reference',
            fix: `set it to the tag alone (e.g. \`${name}=42\`), since \`repository\` ("${repository}") is given; or drop \`repository\` so that the variable holds the whole reference`,
          }
        : { ...tagProblem, allowed },
    ]);
  }
  return parseImageReference(`${repository}:${raw}`, property).toString();
}
