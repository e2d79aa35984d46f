import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { ContainerImage, ImageFromEnvironmentOptions, ZeroDowntimeWebsite } from '../lib';
import { checkImageTag, parseImage } from '../lib/internal/image-reference';
import { formatProblem, Problem } from '../lib/internal/problems';
import { checkLabelValue } from '../lib/internal/validators';
import { binaryString } from './support/arbitraries';
import { freshChart } from './support/chart';
import { expectEqual } from './support/expect-equal';

/*
 * ContainerImage: the factories (registry, digest, environment) and the one image parser behind them
 * (lib/internal/image-reference.ts). An image never throws: it carries its problems (`_problems`,
 * named '' for the image itself or `$VARIABLE`), and the site that uses it reports them at synth.
 */

const HEX64 = '0123456789abcdef'.repeat(4);
const HEX128 = HEX64.repeat(2);
const SHA = `sha256:${HEX64}`;

/** The problems of a reference, as the parser names them after `property`. */
function problemsOf(input: unknown, property = 'image'): Problem[] {
  const { problems } = parseImage(input, property);
  expect(problems.length).toBeGreaterThan(0);
  return problems;
}

/** The problem lines of an image used by a site (path `test/site`), without the cdk8s header. */
function siteLines(image: ContainerImage): string[] {
  const chart = freshChart();
  new ZeroDowntimeWebsite(chart, 'site', { image });
  try {
    Testing.synth(chart);
  } catch (e) {
    const [header, ...lines] = (e as Error).message.split('\n');
    expect(header).toBe('Validation failed with the following errors:');
    return lines.map((l) => l.replace(/^ {2}/, ''));
  }
  throw new Error('expected synth to fail');
}

/** The plain fields of an image, for comparisons. */
function fields(image: ContainerImage): Record<string, unknown> {
  const out: Record<string, unknown> = { repository: image.repository, mutable: image.mutable, floating: image.floating };
  if (image.registry !== undefined) out.registry = image.registry;
  if (image.tag !== undefined) out.tag = image.tag;
  if (image.digest !== undefined) out.digest = image.digest;
  return out;
}

describe('ContainerImage.fromRegistry', () => {
  test.each<[string, Record<string, unknown>]>([
    ['nginx', { repository: 'nginx', mutable: true, floating: true }],
    ['nginx:latest', { repository: 'nginx', tag: 'latest', mutable: true, floating: true }],
    ['nginx:1.27-alpine', { repository: 'nginx', tag: '1.27-alpine', mutable: true, floating: false }],
    ['user/site:42', { repository: 'user/site', tag: '42', mutable: true, floating: false }],
    ['ghcr.io/org/site:1.2.3', { registry: 'ghcr.io', repository: 'org/site', tag: '1.2.3', mutable: true, floating: false }],
    ['localhost:5000/a/b:tag', { registry: 'localhost:5000', repository: 'a/b', tag: 'tag', mutable: true, floating: false }],
    ['localhost/site', { registry: 'localhost', repository: 'site', mutable: true, floating: true }],
    [`registry.example.com:443/x@${SHA}`, { registry: 'registry.example.com:443', repository: 'x', digest: SHA, mutable: false, floating: false }],
    [`x:tag@${SHA}`, { repository: 'x', tag: 'tag', digest: SHA, mutable: false, floating: false }],
    [`nginx:latest@${SHA}`, { repository: 'nginx', tag: 'latest', digest: SHA, mutable: false, floating: true }],
    [`nginx@sha512:${HEX128}`, { repository: 'nginx', digest: `sha512:${HEX128}`, mutable: false, floating: false }],
    ['docker.io/library/nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27', mutable: true, floating: false }],
    ['quay.io/org/team/deep/image:v1_2', { registry: 'quay.io', repository: 'org/team/deep/image', tag: 'v1_2', mutable: true, floating: false }],
    ['org/a.b_c__d-e---f', { repository: 'org/a.b_c__d-e---f', mutable: true, floating: true }],
    ['my_org/site', { repository: 'my_org/site', mutable: true, floating: true }],
    ['Registry.Example.COM/site:Tag_1.0-RC', { registry: 'Registry.Example.COM', repository: 'site', tag: 'Tag_1.0-RC', mutable: true, floating: false }],
    ['192.168.1.10:5000/site:3', { registry: '192.168.1.10:5000', repository: 'site', tag: '3', mutable: true, floating: false }],
    ['[::1]:5000/site:3', { registry: '[::1]:5000', repository: 'site', tag: '3', mutable: true, floating: false }],
    ['localhost:5000', { repository: 'localhost', tag: '5000', mutable: true, floating: false }],
    [`site:_${'x'.repeat(127)}`, { repository: 'site', tag: `_${'x'.repeat(127)}`, mutable: true, floating: false }],
  ])('parses %s', (input, expected) => {
    const image = ContainerImage.fromRegistry(input);
    expect(image._problems).toEqual([]);
    expect(fields(image)).toEqual(expected);
    expect(image.reference).toBe(input);
    expect(`${image}`).toBe(input);
  });

  test('a name of exactly 255 characters is allowed', () => {
    const name = `${'a'.repeat(127)}/${'b'.repeat(127)}`;
    expect(ContainerImage.fromRegistry(`${name}:1`).repository).toBe(name);
  });

  test.each<[string, unknown, string]>([
    ['an uppercase repository', 'Nginx', 'must be lowercase in the repository'],
    ['an uppercase path component', 'ghcr.io/Org/site', 'must be lowercase in the repository'],
    ['an uppercase first component without a registry marker', 'Foo/bar', 'must be lowercase in the repository'],
    ['a trailing colon', 'nginx:', "has an empty tag after ':'"],
    ['a colon before the digest without a tag', `nginx:@${SHA}`, "has an empty tag after ':'"],
    ['a short digest', 'nginx@sha256:abc', 'has a sha256 digest of 3 hex characters, not 64'],
    ['a digest one character short', `nginx@sha256:${HEX64.slice(1)}`, 'has a sha256 digest of 63 hex characters, not 64'],
    ['an uppercase digest', `nginx@sha256:${HEX64.toUpperCase()}`, 'has a digest with uppercase hex'],
    ['an uppercase digest algorithm', `nginx@SHA256:${HEX64}`, 'has a digest algorithm that must be lowercase'],
    ['an unsupported digest algorithm', `nginx@md5:${HEX64}`, 'has an unsupported digest algorithm "md5"'],
    ['a digest without algorithm', `nginx@${HEX64}`, 'has a digest without an algorithm'],
    ['a digest that is not hex', `nginx@sha256:${'g'.repeat(64)}`, 'has a digest with characters other than hex'],
    ['a trailing @', 'nginx@', "has an empty digest after '@'"],
    ['two @', `a@${SHA}@${SHA}`, "must contain at most one '@'"],
    ['a space', 'a b', 'must not contain whitespace'],
    ['surrounding whitespace', ' nginx\n', 'must not start or end with whitespace'],
    ['only a tag', ':tag', "has no repository name before ':'"],
    ['only a digest', `@${SHA}`, "has no name before '@'"],
    ['an empty string', '', 'must not be empty'],
    ['a double colon', 'nginx::1', "must not contain '::'"],
    ['a double slash', 'a//b', "has an empty path component (a leading, trailing or double '/')"],
    ['a leading slash', '/nginx', "has an empty path component (a leading, trailing or double '/')"],
    ['a trailing slash', 'ghcr.io/org/', "has an empty path component (a leading, trailing or double '/')"],
    ['a registry only', 'ghcr.io/', "has an empty path component (a leading, trailing or double '/')"],
    ['a leading separator', '-nginx', 'has an invalid path component "-nginx"'],
    ['a trailing separator', 'nginx_', 'has an invalid path component "nginx_"'],
    ['two dots in a component', 'a..b', 'has an invalid path component "a..b"'],
    ['three underscores', 'a___b', 'has an invalid path component "a___b"'],
    ['unicode in the repository', 'ñginx', 'has an invalid path component "ñginx"'],
    ['an invalid registry', 'my_reg.io/site', 'has an invalid registry "my_reg.io"'],
    ['a registry with a non-numeric port', 'ghcr.io:abc/site', 'has an invalid registry "ghcr.io:abc"'],
    ['a tag starting with a dash', 'nginx:-1', "has a tag that must not start with '.' or '-'"],
    ['a tag with unicode', 'nginx:1.0é', "has a tag that may only contain letters, digits, '_', '.' and '-'"],
    ['a tag with an emoji', 'nginx:🚀', "has a tag that may only contain letters, digits, '_', '.' and '-'"],
    ['a tag of 129 characters', `nginx:${'a'.repeat(129)}`, 'has a tag that is 129 characters long, more than 128'],
    ['a name of 256 characters', `${'a'.repeat(128)}/${'b'.repeat(127)}`, 'has a name of 256 characters, more than 255'],
    ['an image ID', HEX64, 'is an image ID, not a name'],
    ['undefined', undefined, 'must be a string, not undefined'],
    ['a number', 42, 'must be a string, not a number'],
    ['NaN', NaN, 'must be a string, not NaN'],
    ['null', null, 'must be a string, not null'],
    ['an object', { repository: 'nginx' }, 'must be a string, not an object'],
  ])('fails if the reference has %s', (_name, input, problem) => {
    const problems = problemsOf(input, 'web.image');
    expect(problems.map((p) => p.problem)).toContain(problem);
    expect(ContainerImage.fromRegistry(input as string)._problems.map((p) => p.problem)).toContain(problem);
    for (const p of problems) {
      expect(p.property).toBe('web.image');
      expect(p.value).toBe(input);
      expect(p.allowed).not.toBe('');
      expect(p.fix).not.toBe('');
    }
  });

  test('fails if the repository is uppercase, with the whole message a site reports', () => {
    expect(siteLines(ContainerImage.fromRegistry('Nginx'))).toEqual([
      '[test/site] image must be lowercase in the repository, got "Nginx"; ' +
        "allowed: a lowercase repository: path components of a-z and 0-9, separated inside by '.', '_', '__' or '-', joined by '/'. " +
        'Fix: use "nginx".',
    ]);
  });

  test('fails if the tag is empty, with the whole message and the given property', () => {
    expect(formatProblem(problemsOf('nginx:', 'containers[0].image')[0])).toBe(
      'containers[0].image has an empty tag after \':\', got "nginx:"; ' +
        "allowed: a tag of 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'. " +
        "Fix: add a tag after the ':', e.g. \"nginx:1.27\", or remove the ':'.",
    );
  });

  test('fails if the digest is too short, with the whole message', () => {
    expect(formatProblem(problemsOf('nginx@sha256:abc')[0])).toBe(
      'image has a sha256 digest of 3 hex characters, not 64, got "nginx@sha256:abc"; ' +
        'allowed: a digest "sha256:" + 64 lowercase hex characters, or "sha512:" + 128 lowercase hex characters. ' +
        'Fix: copy the whole digest, e.g. from `docker buildx imagetools inspect <image>` or `crane digest <image>`.',
    );
  });

  test('fails with every problem at once', () => {
    expect(problemsOf('Org/Site:-x@sha256:abc').map((p) => p.problem)).toEqual([
      'must be lowercase in the repository',
      "has a tag that must not start with '.' or '-'",
      'has a sha256 digest of 3 hex characters, not 64',
    ]);
  });

  test('suggests the lowercase reference, keeping registry, tag and digest', () => {
    expect(problemsOf(`GHCR.io/Org/Site:V1@${SHA}`)[0].fix).toBe(`use "GHCR.io/org/site:V1@${SHA}"`);
  });

  test('suggests the lowercase digest', () => {
    expect(problemsOf(`nginx@sha256:${HEX64.toUpperCase()}`)[0].fix).toBe(`use "${SHA}"`);
  });

  test.each([
    ['a long path', `${'a-'.repeat(50_000)}!`],
    ['a long registry', `a.${'a'.repeat(50_000)}_/x`],
    ['a long tag', `nginx:${'a'.repeat(50_000)}!`],
    ['a long digest', `nginx@sha256:${'a'.repeat(50_000)}`],
  ])('reports a problem for %s of 50,000 characters (the shapes that make a backtracking regular expression stall)', (_name, input) => {
    expect(ContainerImage.fromRegistry(input)._problems.length).toBeGreaterThan(0);
  });
});

describe('checkImageTag', () => {
  test.each(['1', '42', 'latest', 'v1.2.3', '_private', 'A-B_c.D', 'x'.repeat(128)])('accepts %s', (tag) => {
    expect(checkImageTag(tag, 'tag')).toBeUndefined();
  });

  test.each<[unknown, string]>([
    ['', 'must not be empty'],
    ['.1', "must not start with '.' or '-'"],
    ['-1', "must not start with '.' or '-'"],
    ['feature/x', "may only contain letters, digits, '_', '.' and '-'"],
    ['42\n', 'must not start or end with whitespace'],
    ['x'.repeat(129), 'is 129 characters long, more than 128'],
    [42, 'must be a string, not a number'],
  ])('fails if the tag is %j', (tag, problem) => {
    expect(checkImageTag(tag, 'tag')?.problem).toBe(problem);
  });

  test('suggests a cleaned tag', () => {
    expect(checkImageTag('feature/x', 'tag')?.fix).toBe('use "feature-x"');
    expect(checkImageTag(' 42 ', 'tag')?.fix).toBe('use "42"');
  });
});

describe('ContainerImage.versionLabel', () => {
  test.each<[string, string | undefined]>([
    ['nginx:1.27', '1.27'],
    ['nginx:latest', 'latest'],
    ['user/site:42', '42'],
    [`x:v1@${SHA}`, 'v1'],
    [`x@${SHA}`, 'sha256-0123456789ab'],
    [`x@sha512:${HEX128}`, 'sha512-0123456789ab'],
    ['nginx', undefined],
    ['nginx:_build', undefined],
    ['nginx:1.0-', undefined],
    [`nginx:${'a'.repeat(64)}`, undefined],
    [`nginx:${'a'.repeat(63)}`, 'a'.repeat(63)],
    [`nginx:_build@${SHA}`, 'sha256-0123456789ab'],
  ])('of %s is %s', (input, expected) => {
    expect(ContainerImage.fromRegistry(input).versionLabel).toBe(expected);
  });

  test('is undefined for an invalid reference', () => {
    expect(ContainerImage.fromRegistry('Nginx:1.0').versionLabel).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

/** Arbitraries built from the grammar of `distribution/reference`. */
const alphaNumeric = fc.stringMatching(/^[a-z0-9]{1,6}$/);
const separator = fc.constantFrom('.', '_', '__', '-', '--', '---');
const pathComponent = fc
  .tuple(alphaNumeric, fc.array(fc.tuple(separator, alphaNumeric), { maxLength: 3 }))
  .map(([first, rest]) => first + rest.map(([sep, an]) => sep + an).join(''));
const domainComponent = fc.stringMatching(/^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,8}[a-zA-Z0-9])$/);
const port = fc.integer({ min: 0, max: 99999 }).map(String);
const registry = fc.oneof(
  fc.tuple(fc.array(domainComponent, { minLength: 2, maxLength: 4 }), fc.option(port)).map(([parts, p]) => parts.join('.') + (p === null ? '' : `:${p}`)),
  fc.tuple(domainComponent, port).map(([host, p]) => `${host}:${p}`),
  fc.option(port).map((p) => (p === null ? 'localhost' : `localhost:${p}`)),
  // An IPv6 address always has a ':', which is what marks the first component as a registry.
  fc.tuple(fc.stringMatching(/^[a-fA-F0-9:]{0,12}$/), fc.option(port)).map(([ip, p]) => `[${ip}:]` + (p === null ? '' : `:${p}`)),
);
const tag = fc.oneof(fc.stringMatching(/^\w[\w.-]{0,15}$/), fc.stringMatching(/^\w[\w.-]{0,127}$/));
const digest = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `sha256:${h}`),
  fc.stringMatching(/^[0-9a-f]{128}$/).map((h) => `sha512:${h}`),
);
const validReference = fc
  .record({
    registry: fc.option(registry, { nil: undefined }),
    components: fc.array(pathComponent, { minLength: 1, maxLength: 4 }),
    tag: fc.option(tag, { nil: undefined }),
    digest: fc.option(digest, { nil: undefined }),
  })
  .filter(({ registry: reg, components }) => {
    const name = (reg !== undefined ? `${reg}/` : '') + components.join('/');
    if (name.length > 255) return false;
    // Without a registry, a first component that looks like a host would be read as the registry.
    if (reg === undefined && components.length > 1 && (components[0].includes('.') || components[0] === 'localhost')) return false;
    // A bare 64-hex string is an image ID.
    return !(reg === undefined && components.length === 1 && /^[a-f0-9]{64}$/.test(components[0]));
  })
  .map((parts) => ({
    ...parts,
    repository: parts.components.join('/'),
    text:
      (parts.registry !== undefined ? `${parts.registry}/` : '') +
      parts.components.join('/') +
      (parts.tag !== undefined ? `:${parts.tag}` : '') +
      (parts.digest !== undefined ? `@${parts.digest}` : ''),
  }));

/** Strings biased towards the grammar's characters, so that many are nearly valid. */
const nearlyValid = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '0', '9', '.', '_', '-', '/', ':', '@', '[', ']', ' ', 'é'), maxLength: 30 }),
  fc.tuple(validReference, fc.nat(), fc.string({ minLength: 1, maxLength: 2 })).map(([ref, at, insert]) => {
    const i = at % (ref.text.length + 1);
    return ref.text.slice(0, i) + insert + ref.text.slice(i);
  }),
);

/** An independent oracle: the anchored regular expression of `distribution/reference`, plus our registry rule. */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG_DIGEST = '(?::[\\w][\\w.-]{0,127})?(?:@(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?';
const WITH_REGISTRY = new RegExp(`^(?=[^/]*[.:]|localhost[:/])(${DOMAIN})/(${PATH})${TAG_DIGEST}$`);
const WITHOUT_REGISTRY = new RegExp(`^(?![^/]*[.:][^/]*/|localhost/)(${PATH})${TAG_DIGEST}$`);
function oracleAccepts(s: string): boolean {
  const m = WITH_REGISTRY.exec(s);
  if (m) return m[1].length + 1 + m[2].length <= 255;
  const n = WITHOUT_REGISTRY.exec(s);
  if (n) return n[1].length <= 255 && !/^[a-f0-9]{64}$/.test(s);
  return false;
}

describe('properties', () => {
  test('(a) every reference built from the grammar parses into its parts and round-trips', () => {
    fc.assert(
      fc.property(validReference, (ref) => {
        const parsed = ContainerImage.fromRegistry(ref.text);
        expectEqual(
          {
            problems: parsed._problems,
            text: parsed.toString(),
            registry: parsed.registry,
            repository: parsed.repository,
            tag: parsed.tag,
            digest: parsed.digest,
            mutable: parsed.mutable,
            floating: parsed.floating,
            reparsed: ContainerImage.fromRegistry(parsed.toString()).toString(),
          },
          {
            problems: [],
            text: ref.text,
            registry: ref.registry,
            repository: ref.repository,
            tag: ref.tag,
            digest: ref.digest,
            mutable: ref.digest === undefined,
            floating: ref.tag === 'latest' || (ref.tag === undefined && ref.digest === undefined),
            reparsed: ref.text,
          },
        );
      }),
      { numRuns: 300 },
    );
  });

  test('(b) any input either parses or gives complete problems, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(binaryString({ maxLength: 300 }), nearlyValid, fc.anything()), (input) => {
        const { problems, parts } = parseImage(input, 'image');
        // problems exactly when it does not parse; each named 'image' and formatted as one complete line
        const incomplete = problems.filter((p) => {
          const line = formatProblem(p);
          return p.property !== 'image' || typeof line !== 'string' || !/^image .+, got .+; allowed: .+\. Fix: .+\.$/s.test(line);
        });
        expectEqual({ noProblems: problems.length === 0, incomplete }, { noProblems: parts !== undefined, incomplete: [] });
        if (parts) expectEqual(ContainerImage.fromRegistry(input as string).reference, input);
      }),
      { numRuns: 300 },
    );
  });

  test('parsing agrees with the regular expression of distribution/reference', () => {
    fc.assert(
      fc.property(fc.oneof(nearlyValid, validReference.map((r) => r.text)), (input) => {
        expectEqual(ContainerImage.fromRegistry(input)._problems.length === 0, oracleAccepts(input));
      }),
      { numRuns: 300 },
    );
  });

  test('(c) versionLabel is always a valid label value or undefined', () => {
    fc.assert(
      fc.property(fc.oneof(validReference.map((r) => r.text), nearlyValid), (input) => {
        const ref = ContainerImage.fromRegistry(input);
        if (ref._problems.length > 0) return;
        const label = ref.versionLabel;
        const tagIsLabelValue = ref.tag !== undefined && checkLabelValue(ref.tag, 'tag') === undefined;
        expectEqual(
          {
            empty: label === '',
            labelProblem: label === undefined ? undefined : checkLabelValue(label, 'label'),
            // a tag that is a valid label value is the label
            tagLabel: tagIsLabelValue ? label : undefined,
            // a digest always gives a label
            digestWithoutLabel: ref.digest !== undefined && label === undefined,
          },
          { empty: false, labelProblem: undefined, tagLabel: tagIsLabelValue ? ref.tag : undefined, digestWithoutLabel: false },
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('ContainerImage.fromDigest', () => {
  test('pins a repository to a digest', () => {
    const image = ContainerImage.fromDigest('ghcr.io/org/site', SHA);
    expect(image._problems).toEqual([]);
    expect(fields(image)).toEqual({ registry: 'ghcr.io', repository: 'org/site', digest: SHA, mutable: false, floating: false });
    expect(image.reference).toBe(`ghcr.io/org/site@${SHA}`);
    expect(image.versionLabel).toBe('sha256-0123456789ab');
  });

  test('fails if the repository has a tag, suggesting the bare repository', () => {
    expect(ContainerImage.fromDigest('ghcr.io/org/site:1.2.3', SHA)._problems).toEqual([{
      property: 'repository',
      problem: 'must not include a tag or digest (the digest provides it)',
      value: 'ghcr.io/org/site:1.2.3',
      allowed: '[registry/]repository, e.g. "user/site" or "ghcr.io/org/site"',
      fix: 'use "ghcr.io/org/site"',
    }]);
  });

  test('fails if the digest is malformed, with the whole message a site reports', () => {
    expect(siteLines(ContainerImage.fromDigest('nginx', 'sha256:abc'))).toEqual([
      '[test/site] image has a sha256 digest of 3 hex characters, not 64, got "nginx@sha256:abc"; ' +
        'allowed: a digest "sha256:" + 64 lowercase hex characters, or "sha512:" + 128 lowercase hex characters. ' +
        'Fix: copy the whole digest, e.g. from `docker buildx imagetools inspect <image>` or `crane digest <image>`.',
    ]);
  });
});

describe('ContainerImage.fromEnvironment with a repository (the variable holds the tag)', () => {
  const site = (env: Record<string, string>, extra: Partial<ImageFromEnvironmentOptions> = {}) =>
    ContainerImage.fromEnvironment({ variable: 'BUILD_NUMBER', repository: 'user/site', env, ...extra });

  test.each<[string, string, string]>([
    ['user/site', '42', 'user/site:42'],
    ['user/site', 'v1.2.3', 'user/site:v1.2.3'],
    ['user/site', '3f2c1e0', 'user/site:3f2c1e0'],
    ['ghcr.io/org/site', '1.2.3-rc.1', 'ghcr.io/org/site:1.2.3-rc.1'],
    ['localhost:5000/site', 'dev_build', 'localhost:5000/site:dev_build'],
  ])('builds %s from the tag %j', (repository, tag, expected) => {
    const image = ContainerImage.fromEnvironment({ variable: 'BUILD_NUMBER', repository, env: { BUILD_NUMBER: tag } });
    expect(image._problems).toEqual([]);
    expect(image.reference).toBe(expected);
    expect(image.tag).toBe(tag);
  });

  test('a set variable wins over the fallback', () => {
    expect(site({ BUILD_NUMBER: '42' }, { fallback: 'user/site:dev' }).reference).toBe('user/site:42');
  });

  test('the fallback is used when the variable is unset, so that synth works on a fresh clone', () => {
    expect(site({}, { fallback: 'user/site:dev' }).reference).toBe('user/site:dev');
    expect(site({ OTHER: '1' }, { fallback: 'user/site:dev' }).reference).toBe('user/site:dev');
  });

  test('fails if the variable is unset and there is no fallback, telling how to set it, with the site path', () => {
    expect(siteLines(site({}))).toEqual([
      '[test/site] $BUILD_NUMBER is not set, got undefined; ' +
        "allowed: an image tag (1 to 128 letters, digits, '_', '.', '-'), used as \"user/site:<tag>\". " +
        'Fix: set it when you synth, e.g. `BUILD_NUMBER=42 npx cdk8s-zero-downtime synth`, or pass a `fallback` to ContainerImage.fromEnvironment.',
    ]);
  });

  test('fails if the variable is set but empty, even with a fallback', () => {
    expect(site({ BUILD_NUMBER: '' }, { fallback: 'user/site:dev' })._problems.map(formatProblem)).toEqual([
      '$BUILD_NUMBER is set but empty, got ""; ' +
        "allowed: an image tag (1 to 128 letters, digits, '_', '.', '-'), used as \"user/site:<tag>\". " +
        'Fix: set it to the tag the CI job built, e.g. `BUILD_NUMBER=42 npx cdk8s-zero-downtime synth`, or unset it to use the fallback.',
    ]);
  });

  test('fails if the variable holds a whole reference', () => {
    expect(site({ BUILD_NUMBER: 'user/site:42' })._problems.map(formatProblem)).toEqual([
      '$BUILD_NUMBER must hold only the tag, not a whole image reference, got "user/site:42"; ' +
        "allowed: a tag of 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'. " +
        'Fix: set it to the tag alone (e.g. `BUILD_NUMBER=42`), since `repository` ("user/site") is given; ' +
        'or drop `repository` so that the variable holds the whole reference.',
    ]);
  });

  test.each<[string, string, string]>([
    ['a branch name', 'feature/login', "may only contain letters, digits, '_', '.' and '-'"],
    ['a trailing newline', '42\n', 'must not start or end with whitespace'],
    ['a leading dash', '-42', "must not start with '.' or '-'"],
    ['a leading dot', '.42', "must not start with '.' or '-'"],
    ['unicode', '42é', "may only contain letters, digits, '_', '.' and '-'"],
    ['a digest', SHA, 'must hold only the tag, not a whole image reference'],
    ['129 characters', 'x'.repeat(129), 'is 129 characters long, more than 128'],
  ])('fails if the tag has %s, even with a fallback', (_name, value, problem) => {
    const problems = site({ BUILD_NUMBER: value }, { fallback: 'user/site:dev' })._problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ property: '$BUILD_NUMBER', value, problem });
  });

  test('suggests the cleaned tag', () => {
    expect(site({ BUILD_NUMBER: 'feature/login' })._problems[0].fix).toBe('use "feature-login"');
    expect(site({ BUILD_NUMBER: '42\n' })._problems[0].fix).toBe('use "42"');
  });
});

describe('ContainerImage.fromEnvironment without a repository (the variable holds the whole reference)', () => {
  test.each(['nginx', 'ghcr.io/org/site:1.2.3', `ghcr.io/org/site@${SHA}`, 'localhost:5000/a/b:tag'])('returns %s', (image) => {
    const parsed = ContainerImage.fromEnvironment({ variable: 'IMAGE', env: { IMAGE: image } });
    expect(parsed._problems).toEqual([]);
    expect(parsed.reference).toBe(image);
  });

  test('fails if the reference is malformed, naming the variable, with the site path', () => {
    expect(siteLines(ContainerImage.fromEnvironment({ variable: 'IMAGE', env: { IMAGE: 'ghcr.io/Org/site:1' } }))).toEqual([
      '[test/site] $IMAGE must be lowercase in the repository, got "ghcr.io/Org/site:1"; ' +
        "allowed: a lowercase repository: path components of a-z and 0-9, separated inside by '.', '_', '__' or '-', joined by '/'. " +
        'Fix: use "ghcr.io/org/site:1".',
    ]);
  });

  test('fails if the variable is unset, with an example of a whole reference', () => {
    expect(ContainerImage.fromEnvironment({ variable: 'IMAGE', env: {} })._problems.map(formatProblem)).toEqual([
      '$IMAGE is not set, got undefined; allowed: a whole image reference, e.g. "ghcr.io/org/site:1.2.3". ' +
        'Fix: set it when you synth, e.g. `IMAGE=ghcr.io/org/site:1.2.3 npx cdk8s-zero-downtime synth`, or pass a `fallback` to ContainerImage.fromEnvironment.',
    ]);
  });

  test.each(['nginx:', 'a b', ':tag', 'nginx@sha256:abc'])('fails if the variable is %j, even with a fallback', (image) => {
    const problems = ContainerImage.fromEnvironment({ variable: 'IMAGE', env: { IMAGE: image }, fallback: 'nginx:1.27' })._problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.property === '$IMAGE' && p.value === image)).toBe(true);
  });
});

describe('ContainerImage.fromEnvironment options', () => {
  test('reads process.env by default', () => {
    const name = 'CDK8S_ZERO_DOWNTIME_TEST_BUILD_NUMBER';
    process.env[name] = '7';
    try {
      expect(ContainerImage.fromEnvironment({ variable: name, repository: 'user/site' }).reference).toBe('user/site:7');
    } finally {
      delete process.env[name];
    }
    expect(ContainerImage.fromEnvironment({ variable: name, repository: 'user/site', fallback: 'user/site:dev' }).reference).toBe('user/site:dev');
  });

  test('fails with every problem of the options at once, even when the variable is set, under image', () => {
    const image = ContainerImage.fromEnvironment({ variable: '$BUILD_NUMBER', repository: 'user/site:1', fallback: 'User/site', env: { BUILD_NUMBER: '42' } });
    expect(siteLines(image)).toEqual([
      "[test/site] image.variable must be an environment variable name, got \"$BUILD_NUMBER\"; allowed: letters, digits and '_', not starting with a digit, without '$' (e.g. \"BUILD_NUMBER\"). Fix: use \"BUILD_NUMBER\".",
      '[test/site] image.repository must not include a tag or digest (the variable provides the tag), got "user/site:1"; allowed: [registry/]repository, e.g. "user/site" or "ghcr.io/org/site". Fix: use "user/site".',
      "[test/site] image.fallback must be lowercase in the repository, got \"User/site\"; allowed: a lowercase repository: path components of a-z and 0-9, separated inside by '.', '_', '__' or '-', joined by '/'. Fix: use \"user/site\".",
    ]);
  });

  test.each<[string, unknown, string]>([
    ['the options are undefined', undefined, 'variable'],
    ['the variable is missing', {}, 'variable'],
    ['the variable is a number', { variable: 42 }, 'variable'],
    ['the variable is empty', { variable: '' }, 'variable'],
    ['the variable has a space', { variable: 'BUILD NUMBER' }, 'variable'],
    ['the repository is not a string', { variable: 'X', repository: 42 }, 'repository'],
    ['the repository is empty', { variable: 'X', repository: '' }, 'repository'],
    ['the fallback is malformed', { variable: 'X', fallback: 'nginx:' }, 'fallback'],
    ['the environment holds a number', { variable: 'X', env: { X: 42 } }, '$X'],
    ['the environment is null', { variable: 'X', env: null }, '$X'],
  ])('carries a problem, and never throws a TypeError, if %s', (_name, options, property) => {
    const problems = ContainerImage.fromEnvironment(options as ImageFromEnvironmentOptions)._problems;
    expect(problems[0].property).toBe(property);
  });

  test('property: a set variable gives <repository>:<value> or problems about it, never the fallback', () => {
    fc.assert(
      fc.property(fc.oneof(binaryString({ maxLength: 140 }), fc.stringMatching(/^\w[\w.-]{0,20}$/)), (value) => {
        const options = { variable: 'BUILD_NUMBER', repository: 'user/site', fallback: 'user/site:fallback', env: { BUILD_NUMBER: value } };
        const image = ContainerImage.fromEnvironment(options);
        if (image._problems.length > 0) {
          expectEqual(
            { allAboutTheVariable: image._problems.every((p) => p.property === '$BUILD_NUMBER'), fallback: image.reference === 'user/site:fallback' },
            { allAboutTheVariable: true, fallback: false },
          );
          return;
        }
        expectEqual({ reference: image.reference, tag: image.tag }, { reference: `user/site:${value}`, tag: value });
      }),
      { numRuns: 200 },
    );
  });
});
