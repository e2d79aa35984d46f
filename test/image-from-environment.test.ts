import * as fc from 'fast-check';
import { ValidationError } from '../lib/errors';
import { ImageFromEnvironmentOptions, imageFromEnvironment } from '../lib/image-from-environment';
import { parseImageReference } from '../lib/image-reference';
import { binaryString } from './support/arbitraries';

const SHA = `sha256:${'ab'.repeat(32)}`;

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

describe('imageFromEnvironment with a repository (the variable holds the tag)', () => {
  const site = (env: Record<string, string | undefined>, extra: Partial<ImageFromEnvironmentOptions> = {}) =>
    imageFromEnvironment({ variable: 'BUILD_NUMBER', repository: 'user/site', env, ...extra });

  test.each<[string, string, string]>([
    ['user/site', '42', 'user/site:42'],
    ['user/site', 'v1.2.3', 'user/site:v1.2.3'],
    ['user/site', '3f2c1e0', 'user/site:3f2c1e0'],
    ['ghcr.io/org/site', '1.2.3-rc.1', 'ghcr.io/org/site:1.2.3-rc.1'],
    ['localhost:5000/site', 'dev_build', 'localhost:5000/site:dev_build'],
  ])('builds %s from the tag %j', (repository, tag, expected) => {
    expect(imageFromEnvironment({ variable: 'BUILD_NUMBER', repository, env: { BUILD_NUMBER: tag } })).toBe(expected);
  });

  test('a set variable wins over the default', () => {
    expect(site({ BUILD_NUMBER: '42' }, { default: 'user/site:dev' })).toBe('user/site:42');
  });

  test('the default is used when the variable is unset, so that synth works on a fresh clone', () => {
    expect(site({}, { default: 'user/site:dev' })).toBe('user/site:dev');
    expect(site({ OTHER: '1' }, { default: 'user/site:dev' })).toBe('user/site:dev');
  });

  test('fails if the variable is unset and there is no default, telling how to set it', () => {
    expect(errorOf(() => site({})).message).toBe(
      '$BUILD_NUMBER is not set, got undefined; ' +
        "allowed: an image tag (1 to 128 letters, digits, '_', '.', '-'), used as \"user/site:<tag>\". " +
        'Fix: set it when you synth, e.g. `BUILD_NUMBER=42 npm run synth`, or pass a `default` to imageFromEnvironment.',
    );
  });

  test('fails if the variable is set but empty, even with a default', () => {
    expect(errorOf(() => site({ BUILD_NUMBER: '' }, { default: 'user/site:dev' })).message).toBe(
      '$BUILD_NUMBER is set but empty, got ""; ' +
        "allowed: an image tag (1 to 128 letters, digits, '_', '.', '-'), used as \"user/site:<tag>\". " +
        'Fix: set it to the tag the CI job built, e.g. `BUILD_NUMBER=42 npm run synth`, or unset it to use the default.',
    );
  });

  test('fails if the variable holds a whole reference', () => {
    expect(errorOf(() => site({ BUILD_NUMBER: 'user/site:42' })).message).toBe(
      '$BUILD_NUMBER must hold only the tag, not a whole image reference, got "user/site:42"; ' +
        "allowed: a tag of 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'. " +
        'Fix: set it to the tag alone (e.g. `BUILD_NUMBER=42`), since `repository` ("user/site") is given; ' +
        'or drop `repository` so that the variable holds the whole reference.',
    );
  });

  test.each<[string, string, string]>([
    ['a branch name', 'feature/login', "may only contain letters, digits, '_', '.' and '-'"],
    ['a trailing newline', '42\n', 'must not start or end with whitespace'],
    ['a leading dash', '-42', "must not start with '.' or '-'"],
    ['a leading dot', '.42', "must not start with '.' or '-'"],
    ['unicode', '42é', "may only contain letters, digits, '_', '.' and '-'"],
    ['a digest', SHA, 'must hold only the tag, not a whole image reference'],
    ['129 characters', 'x'.repeat(129), 'is 129 characters long, more than 128'],
  ])('fails if the tag has %s, even with a default', (_name, value, problem) => {
    const error = errorOf(() => site({ BUILD_NUMBER: value }, { default: 'user/site:dev' }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ property: '$BUILD_NUMBER', value, problem });
  });

  test('suggests the cleaned tag', () => {
    expect(errorOf(() => site({ BUILD_NUMBER: 'feature/login' })).problems[0].fix).toBe('use "feature-login"');
    expect(errorOf(() => site({ BUILD_NUMBER: '42\n' })).problems[0].fix).toBe('use "42"');
  });
});

describe('imageFromEnvironment without a repository (the variable holds the whole reference)', () => {
  test.each(['nginx', 'ghcr.io/org/site:1.2.3', `ghcr.io/org/site@${SHA}`, 'localhost:5000/a/b:tag'])('returns %s', (image) => {
    expect(imageFromEnvironment({ variable: 'IMAGE', env: { IMAGE: image } })).toBe(image);
  });

  test('fails if the reference is malformed, naming the variable', () => {
    expect(errorOf(() => imageFromEnvironment({ variable: 'IMAGE', env: { IMAGE: 'ghcr.io/Org/site:1' } })).message).toBe(
      '$IMAGE must be lowercase in the repository, got "ghcr.io/Org/site:1"; ' +
        "allowed: a lowercase repository: path components of a-z and 0-9, separated inside by '.', '_', '__' or '-', joined by '/'. " +
        'Fix: use "ghcr.io/org/site:1".',
    );
  });

  test('fails if the variable is unset, with an example of a whole reference', () => {
    expect(errorOf(() => imageFromEnvironment({ variable: 'IMAGE', env: {} })).message).toBe(
      '$IMAGE is not set, got undefined; allowed: a whole image reference, e.g. "ghcr.io/org/site:1.2.3". ' +
        'Fix: set it when you synth, e.g. `IMAGE=ghcr.io/org/site:1.2.3 npm run synth`, or pass a `default` to imageFromEnvironment.',
    );
  });

  test.each(['nginx:', 'a b', ':tag', 'nginx@sha256:abc'])('fails if the variable is %j, even with a default', (image) => {
    const error = errorOf(() => imageFromEnvironment({ variable: 'IMAGE', env: { IMAGE: image }, default: 'nginx:1.27' }));
    expect(error.problems.every((p) => p.property === '$IMAGE' && p.value === image)).toBe(true);
  });
});

describe('imageFromEnvironment options', () => {
  test('reads process.env by default', () => {
    const name = 'CDK8S_ZERO_DOWNTIME_TEST_BUILD_NUMBER';
    process.env[name] = '7';
    try {
      expect(imageFromEnvironment({ variable: name, repository: 'user/site' })).toBe('user/site:7');
    } finally {
      delete process.env[name];
    }
    expect(imageFromEnvironment({ variable: name, repository: 'user/site', default: 'user/site:dev' })).toBe('user/site:dev');
  });

  test('fails with every problem of the options at once, even when the variable is set', () => {
    const error = errorOf(() =>
      imageFromEnvironment({ variable: '$BUILD_NUMBER', repository: 'user/site:1', default: 'User/site', env: { BUILD_NUMBER: '42' } }),
    );
    expect(error.message).toBe(
      '3 problems:\n' +
        "  variable must be an environment variable name, got \"$BUILD_NUMBER\"; allowed: letters, digits and '_', not starting with a digit, without '$' (e.g. \"BUILD_NUMBER\"). Fix: use \"BUILD_NUMBER\".\n" +
        '  repository must not include a tag or digest (the variable provides the tag), got "user/site:1"; allowed: [registry/]repository, e.g. "user/site" or "ghcr.io/org/site". Fix: use "user/site".\n' +
        "  default must be lowercase in the repository, got \"User/site\"; allowed: a lowercase repository: path components of a-z and 0-9, separated inside by '.', '_', '__' or '-', joined by '/'. Fix: use \"user/site\".",
    );
  });

  test.each<[string, unknown, string]>([
    ['the options are undefined', undefined, 'variable'],
    ['the variable is missing', {}, 'variable'],
    ['the variable is a number', { variable: 42 }, 'variable'],
    ['the variable is empty', { variable: '' }, 'variable'],
    ['the variable has a space', { variable: 'BUILD NUMBER' }, 'variable'],
    ['the repository is not a string', { variable: 'X', repository: 42 }, 'repository'],
    ['the repository is empty', { variable: 'X', repository: '' }, 'repository'],
    ['the default is malformed', { variable: 'X', default: 'nginx:' }, 'default'],
    ['the environment holds a number', { variable: 'X', env: { X: 42 } }, '$X'],
    ['the environment is null', { variable: 'X', env: null }, '$X'],
  ])('fails with a ValidationError, not a TypeError, if %s', (_name, options, property) => {
    const error = errorOf(() => imageFromEnvironment(options as ImageFromEnvironmentOptions));
    expect(error.problems[0].property).toBe(property);
  });

  test('property: a set variable gives <repository>:<value> or throws, and never falls back to the default', () => {
    fc.assert(
      fc.property(fc.oneof(binaryString({ maxLength: 140 }), fc.stringMatching(/^\w[\w.-]{0,20}$/)), (value) => {
        const options = { variable: 'BUILD_NUMBER', repository: 'user/site', default: 'user/site:fallback', env: { BUILD_NUMBER: value } };
        let image: string;
        try {
          image = imageFromEnvironment(options);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          expect((e as ValidationError).problems.every((p) => p.property === '$BUILD_NUMBER')).toBe(true);
          return;
        }
        expect(image).toBe(`user/site:${value}`);
        expect(parseImageReference(image).tag).toBe(value);
      }),
      { numRuns: 200 },
    );
  });
});
