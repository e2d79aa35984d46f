import * as fc from 'fast-check';
import { Problem, formatProblem } from '../../lib/internal/problems';
import {
  checkAnnotationKey,
  checkCronSchedule,
  checkDnsLabel,
  checkDnsSubdomain,
  checkHttpPath,
  checkIntegerRange,
  checkLabelKey,
  checkLabelValue,
  checkNodePort,
  checkPercentOrAbsolute,
  checkPort,
  checkPortName,
  checkQuantity,
  checkTimeZone,
} from '../../lib/internal/validators';
import { binaryString } from '../support/arbitraries';
import { expectEqual } from '../support/expect-equal';

/** The whole message a problem renders to. */
function message(p: Problem | undefined): string | undefined {
  return p === undefined ? undefined : formatProblem(p);
}

describe('checkDnsLabel', () => {
  test.each(['a', 'web', 'my-site', 'a1', '1a', '0', 'a-b-c', 'x'.repeat(63)])('accepts %j', (v) => {
    expect(checkDnsLabel(v, 'name')).toBeUndefined();
  });

  test.each<[unknown, string]>([
    ['', 'must not be empty'],
    ['My-Site', 'must be lowercase'],
    ['-web', "must start and end with a letter or digit, not '-'"],
    ['web-', "must start and end with a letter or digit, not '-'"],
    ['my_site', "may only contain lowercase letters, digits and '-'"],
    ['my.site', "may only contain lowercase letters, digits and '-'"],
    ['sité', "may only contain lowercase letters, digits and '-'"],
    ['x'.repeat(64), 'is 64 characters long, more than 63'],
    [42, 'must be a string, not a number'],
    [undefined, 'must be a string, not undefined'],
  ])('fails if the label is %j', (v, problem) => {
    expect(checkDnsLabel(v, 'name')?.problem).toBe(problem);
  });

  test('fails if the label is uppercase, with the whole message', () => {
    expect(message(checkDnsLabel('My_Site', 'name'))).toBe(
      'name must be lowercase, got "My_Site"; allowed: at most 63 characters: lowercase letters, digits and \'-\', ' +
        'starting and ending with a letter or digit (RFC 1123 label). Fix: use "my-site".',
    );
  });
});

describe('checkDnsSubdomain', () => {
  test.each(['a', 'my-site', 'www.example.com', 'a.b.c', '0.0', `${'x'.repeat(63)}.${'y'.repeat(63)}`, 'x'.repeat(253)])('accepts %j', (v) => {
    expect(checkDnsSubdomain(v, 'host')).toBeUndefined();
  });

  test.each<[unknown, string]>([
    ['', 'must not be empty'],
    ['WWW.example.com', 'must be lowercase'],
    ['.example.com', "must not start or end with '.' nor contain '..'"],
    ['example.com.', "must not start or end with '.' nor contain '..'"],
    ['example..com', "must not start or end with '.' nor contain '..'"],
    ['-a.example.com', "must start and end each dot-separated part with a letter or digit, not '-'"],
    ['a-.example.com', "must start and end each dot-separated part with a letter or digit, not '-'"],
    ['my_site.com', "may only contain lowercase letters, digits, '-' and '.'"],
    ['x'.repeat(254), 'is 254 characters long, more than 253'],
    [null, 'must be a string, not null'],
  ])('fails if the subdomain is %j', (v, problem) => {
    expect(checkDnsSubdomain(v, 'host')?.problem).toBe(problem);
  });

  test('fails if the subdomain has an underscore, with the whole message', () => {
    expect(message(checkDnsSubdomain('My_Site.example.com', 'host'))).toBe(
      'host must be lowercase, got "My_Site.example.com"; allowed: at most 253 characters: dot-separated parts of lowercase letters, ' +
        "digits and '-', each starting and ending with a letter or digit (RFC 1123 subdomain). Fix: use \"my-site.example.com\".",
    );
  });
});

describe('checkPort and checkNodePort', () => {
  test.each([1, 80, 8080, 65535])('accepts port %j', (v) => {
    expect(checkPort(v, 'port')).toBeUndefined();
  });

  test.each<[unknown, string]>([
    [0, 'must be at least 1'],
    [-1, 'must be at least 1'],
    [65536, 'must be at most 65535'],
    [80.5, 'must be an integer'],
    [NaN, 'must be a number, not NaN'],
    [Infinity, 'must be an integer'],
    ['8080', 'must be a number, not a string'],
    ['http', 'must be a number, not a string'],
    [undefined, 'must be a number, not undefined'],
    [8080n, 'must be a number, not a bigint'],
  ])('fails if the port is %p', (v, problem) => {
    expect(checkPort(v, 'port')?.problem).toBe(problem);
  });

  test('fails if the port is a numeric string, with the whole message', () => {
    expect(message(checkPort('8080', 'port'))).toBe(
      'port must be a number, not a string, got "8080"; allowed: an integer from 1 to 65535. Fix: write it without quotes: 8080.',
    );
  });

  test.each([30000, 31234, 32767])('accepts node port %j', (v) => {
    expect(checkNodePort(v, 'nodePort')).toBeUndefined();
  });

  test('fails if the node port is outside the default range, with the whole message', () => {
    expect(message(checkNodePort(80, 'nodePort'))).toBe(
      'nodePort must be at least 30000, got 80; allowed: an integer from 30000 to 32767 (the default Kubernetes ' +
        '--service-node-port-range). Fix: pick a port from 30000 to 32767, or leave nodePort unset so that Kubernetes assigns a free one.',
    );
    expect(checkNodePort(32768, 'nodePort')?.problem).toBe('must be at most 32767');
  });
});

describe('checkPortName', () => {
  test.each(['http', 'https', 'metrics', 'web-8080', 'h2c', 'a', 'x'.repeat(15)])('accepts %j', (v) => {
    expect(checkPortName(v, 'portName')).toBeUndefined();
  });

  test.each<[unknown, string]>([
    ['', 'must not be empty'],
    ['HTTP', 'must be lowercase'],
    ['8080', 'must contain at least one letter'],
    ['-http', "must not start or end with '-'"],
    ['http-', "must not start or end with '-'"],
    ['http--alt', "must not contain '--'"],
    ['http_alt', "may only contain lowercase letters, digits and '-'"],
    ['x'.repeat(16), 'is 16 characters long, more than 15'],
    [80, 'must be a string, not a number'],
  ])('fails if the name is %j', (v, problem) => {
    expect(checkPortName(v, 'portName')?.problem).toBe(problem);
  });

  test('fails if the name is too long, with the whole message', () => {
    expect(message(checkPortName('prometheus-metrics', 'portName'))).toBe(
      'portName is 18 characters long, more than 15, got "prometheus-metrics"; allowed: at most 15 characters: ' +
        "lowercase letters, digits and '-', with at least one letter, no '-' at either end and no '--' (IANA_SVC_NAME). " +
        'Fix: use "prometheus-metr".',
    );
  });
});

describe('checkIntegerRange', () => {
  test.each<[unknown, number, number]>([
    [1, 1, 10],
    [10, 1, 10],
    [0, 0, 0],
    [1_000_000, 1, Infinity],
  ])('accepts %j in %j..%j', (v, min, max) => {
    expect(checkIntegerRange(v, 'replicas', min, max)).toBeUndefined();
  });

  test.each<[unknown, number, number, string]>([
    [0, 1, 10, 'must be at least 1'],
    [11, 1, 10, 'must be at most 10'],
    [1.5, 1, 10, 'must be an integer'],
    ['3', 1, 10, 'must be a number, not a string'],
    [null, 1, 10, 'must be a number, not null'],
  ])('fails if the value is %j in %j..%j', (v, min, max, problem) => {
    expect(checkIntegerRange(v, 'replicas', min, max)?.problem).toBe(problem);
  });

  test('fails if the value is too small, with the whole message', () => {
    expect(message(checkIntegerRange(0, 'replicas', 2, Infinity))).toBe(
      'replicas must be at least 2, got 0; allowed: an integer of at least 2. Fix: use an integer of at least 2.',
    );
  });
});

describe('checkPercentOrAbsolute', () => {
  test.each<unknown>([0, 1, 10, '0%', '25%', '100%', '150%'])('accepts %j', (v) => {
    expect(checkPercentOrAbsolute(v, 'maxSurge')).toBeUndefined();
  });

  test.each<[unknown, number | undefined, string]>([
    [-1, undefined, 'must not be negative'],
    [1.5, undefined, 'must be a whole number of pods'],
    ['1', undefined, 'is a number in a string without "%"'],
    ['25 %', undefined, 'must be a number of pods or a percentage'],
    ['-5%', undefined, 'must be a number of pods or a percentage'],
    ['150%', 100, 'must be at most 100%'],
    [true, undefined, 'must be a number or a percentage string, not a boolean'],
  ])('fails if the value is %j (max %j%)', (v, max, problem) => {
    expect(checkPercentOrAbsolute(v, 'maxUnavailable', max)?.problem).toBe(problem);
  });

  test('fails if a number is quoted, with the whole message', () => {
    expect(message(checkPercentOrAbsolute('1', 'maxSurge'))).toBe(
      'maxSurge is a number in a string without "%", got "1"; allowed: a non-negative integer (a number of pods, e.g. 1) ' +
        'or a percentage string (e.g. "25%"). Fix: write the number 1 (pods) or "1%" (percent).',
    );
  });
});

describe('checkHttpPath', () => {
  test.each(['/', '/healthz', '/ready?full=1', '/a%20b', '/ünïcode'])('accepts %j', (v) => {
    expect(checkHttpPath(v, 'readiness.path')).toBeUndefined();
  });

  test.each<[unknown, string]>([
    ['', 'must not be empty'],
    ['healthz', "must start with '/'"],
    ['http://localhost/healthz', 'must be a path, not a URL'],
    ['/health z', 'must not contain whitespace or control characters'],
    ['/healthz\n', 'must not contain whitespace or control characters'],
    ['/a\u0000', 'must not contain whitespace or control characters'],
    [404, 'must be a string, not a number'],
  ])('fails if the path is %j', (v, problem) => {
    expect(checkHttpPath(v, 'readiness.path')?.problem).toBe(problem);
  });

  test('fails if the path has no leading slash, with the whole message', () => {
    expect(message(checkHttpPath('healthz', 'readiness.path'))).toBe(
      "readiness.path must start with '/', got \"healthz\"; allowed: a path starting with '/' without spaces or control characters " +
        '(e.g. "/healthz"). Fix: use "/healthz".',
    );
  });
});

describe('checkCronSchedule', () => {
  test.each([
    '0 3 * * *',
    '*/15 * * * *',
    '0 0 1 * *',
    '0 0 1 1 *',
    '30 2 * * 0',
    '0 9-17 * * 1-5',
    '0 9-17/2 * * MON-FRI',
    '0 0 * jan,jul sun',
    '5/15 * * * *',
    '0,30 * * * *',
    '59 23 31 12 6',
    '0 0 ? * *',
    '  0   3  *  *  *  ',
    '0 0 29 2 *',
    '0 0 31 1-3 *',
    '0 0 31 2 1',
    '@yearly',
    '@annually',
    '@monthly',
    '@weekly',
    '@daily',
    '@midnight',
    '@hourly',
  ])('accepts %j', (v) => {
    expect(checkCronSchedule(v, 'schedule')).toBeUndefined();
  });

  test.each<[unknown, string]>([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['* * * *', 'has 4 fields, not 5'],
    ['0 0 3 * * *', 'has 6 fields, not 5'],
    ['60 * * * *', 'has minute 60 out of range 0-59'],
    ['0 24 * * *', 'has hour 24 out of range 0-23'],
    ['0 0 0 * *', 'has day of month 0 out of range 1-31'],
    ['0 0 32 * *', 'has day of month 32 out of range 1-31'],
    ['0 0 * 13 *', 'has month 13 out of range 1-12'],
    ['0 0 * * 7', 'has day of week 7 out of range 0-6'],
    ['0 0 * * MON-SUN', 'has a backwards range "MON-SUN" in the day of week field'],
    ['0 0 * * FRIDAY', 'has an invalid day of week "FRIDAY"'],
    ['0 0 * MON *', 'has an invalid month "MON"'],
    ['0 0 JAN * *', 'has an invalid day of month "JAN"'],
    ['*/0 * * * *', 'has an invalid step "0" in the minute field'],
    ['*/x * * * *', 'has an invalid step "x" in the minute field'],
    ['1/2/3 * * * *', "has more than one '/' in the minute field \"1/2/3\""],
    ['1-2-3 * * * *', "has more than one '-' in the minute field \"1-2-3\""],
    ['1,,2 * * * *', 'has an empty item in the minute field "1,,2"'],
    ['-1 * * * *', 'has an empty value in the minute field'],
    ['+1 * * * *', 'has an invalid minute "+1"'],
    ['0 0 L * *', 'has an invalid day of month "L"'],
    ['0 0 30 2 *', 'never runs: no chosen month has day 30'],
    ['0 0 31 4,6,9,11 *', 'never runs: no chosen month has day 31'],
    ['CRON_TZ=Europe/Berlin 0 3 * * *', 'must not set a time zone with CRON_TZ='],
    ['TZ=UTC 0 3 * * *', 'must not set a time zone with TZ='],
    ['0 3 * * * TZ=UTC', 'must not set a time zone with TZ='],
    ['@every 1h', 'must not use @every'],
    ['@Daily', 'has a macro that must be written lowercase without spaces'],
    ['@daily ', 'has a macro that must be written lowercase without spaces'],
    [' @hourly', 'has a macro that must be written lowercase without spaces'],
    ['@reboot', 'has an unknown macro'],
    [3, 'must be a string, not a number'],
  ])('fails if the schedule is %j', (v, problem) => {
    expect(checkCronSchedule(v, 'schedule')?.problem).toBe(problem);
  });

  test('fails if the schedule has a CRON_TZ prefix, with the whole message pointing to timeZone', () => {
    expect(message(checkCronSchedule('CRON_TZ=Europe/Berlin 0 3 * * *', 'restartSchedule.schedule'))).toBe(
      'restartSchedule.schedule must not set a time zone with CRON_TZ=, got "CRON_TZ=Europe/Berlin 0 3 * * *"; ' +
        'allowed: 5 fields "minute hour day-of-month month day-of-week" (minute 0-59, hour 0-23, day of month 1-31, ' +
        'month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT; each field "*", a value, a range "a-b", a step "*/n" or "a-b/n", ' +
        'or a comma-separated list of those) or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly. ' +
        'Fix: use the schedule "0 3 * * *" and set "Europe/Berlin" in the timeZone property instead (Kubernetes rejects TZ= in schedules).',
    );
  });

  test('fails if the schedule has seconds, with a fix that says so', () => {
    expect(checkCronSchedule('0 0 3 * * *', 'schedule')?.fix).toBe(
      'remove the seconds field: Kubernetes schedules have 5 fields and run at most once a minute',
    );
  });

  test('fails if Sunday is 7, with a fix that says 0', () => {
    expect(checkCronSchedule('0 3 * * 7', 'schedule')?.fix).toContain('0 is Sunday; 7 is not accepted');
  });
});

describe('checkTimeZone', () => {
  test.each(['UTC', 'Etc/UTC', 'Etc/GMT-2', 'Europe/Berlin', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Europe/Kyiv', 'US/Eastern'])(
    'accepts %j',
    (v) => {
      expect(checkTimeZone(v, 'timeZone')).toBeUndefined();
    },
  );

  test.each<[unknown, string]>([
    ['', 'must not be empty'],
    ['CEST', 'must be a zone name, not an abbreviation'],
    ['EST', 'must be a zone name, not an abbreviation'],
    ['GMT', 'must be a zone name, not an abbreviation'],
    ['+02:00', 'must be a zone name, not an offset'],
    ['-0500', 'must be a zone name, not an offset'],
    ['UTC+2', 'must be a zone name, not an offset'],
    ['GMT+01:00', 'must be a zone name, not an offset'],
    ['europe/berlin', 'has the wrong case'],
    ['utc', 'has the wrong case'],
    ['Europe/Atlantis', 'is not a known IANA time zone'],
    ['Etc/GMT+15', 'is not a known IANA time zone'],
    ['Europe/Berlin ', 'is not a known IANA time zone'],
    [2, 'must be a string, not a number'],
  ])('fails if the zone is %j', (v, problem) => {
    expect(checkTimeZone(v, 'timeZone')?.problem).toBe(problem);
  });

  test('fails if the zone is an abbreviation, with the whole message', () => {
    expect(message(checkTimeZone('CEST', 'restartSchedule.timeZone'))).toBe(
      'restartSchedule.timeZone must be a zone name, not an abbreviation, got "CEST"; allowed: an IANA time zone name such as ' +
        '"Europe/Berlin" or "America/New_York", or "UTC" or "Etc/..." (exact case; from the tz database). Fix: use the region ' +
        'whose clock you mean, e.g. "Europe/Berlin" instead of "CEST", "America/New_York" instead of "EST", "UTC" instead of "GMT".',
    );
  });

  test('suggests the right case', () => {
    expect(checkTimeZone('europe/berlin', 'timeZone')?.fix).toBe('use "Europe/Berlin"');
  });
});

describe('checkQuantity', () => {
  test.each(['0', '1', '250m', '0.5', '.5', '1.', '+1', '1e3', '1E-2', '512Mi', '1Gi', '2Ti', '1k', '1M', '100n', '5u', '1Ei'])('accepts %j', (v) => {
    expect(checkQuantity(v, 'resources.cpu')).toBeUndefined();
  });

  test.each<[unknown, string | undefined, string]>([
    ['', undefined, 'must not be empty'],
    ['-1', undefined, 'must not be negative'],
    ['-250m', undefined, 'must not be negative'],
    ['1GB', undefined, 'has a byte unit Kubernetes does not know'],
    ['512mb', undefined, 'has a byte unit Kubernetes does not know'],
    ['1 Gi', undefined, 'must not contain spaces'],
    ['1gi', undefined, 'must be a Kubernetes quantity'],
    ['1Ki1', undefined, 'must be a Kubernetes quantity'],
    ['1.5 cores', undefined, 'must be a Kubernetes quantity'],
    ['.', undefined, 'must be a Kubernetes quantity'],
    ['1e', undefined, 'must be a Kubernetes quantity'],
    ['512m', 'memory', 'is a fraction of a byte (the suffix m means 10^-3)'],
    [1, undefined, 'must be a quantity string, not a number'],
  ])('fails if the quantity is %j (%s)', (v, resource, problem) => {
    expect(checkQuantity(v, 'resources.memory', { resource: resource as 'memory' | undefined })?.problem).toBe(problem);
  });

  test('fails if memory uses m, with the whole message', () => {
    expect(message(checkQuantity('512m', 'resources.memory', { resource: 'memory' }))).toBe(
      'resources.memory is a fraction of a byte (the suffix m means 10^-3), got "512m"; allowed: a non-negative decimal number ' +
        'with an optional suffix: n, u, m, k, M, G, T, P, E (powers of 1000), Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024) or an ' +
        'exponent like e3. Fix: use "512Mi" for mebibytes.',
    );
  });

  test('suggests binary units for byte suffixes', () => {
    expect(checkQuantity('1GB', 'memory')?.fix).toBe('use "1Gi" (powers of 1024) or "1G" (powers of 1000)');
    expect(checkQuantity('64kb', 'memory')?.fix).toBe('use "64Ki" (powers of 1024) or "64k" (powers of 1000)');
  });
});

describe('checkLabelValue', () => {
  test.each(['', 'a', '1.2.3', 'v1.2.3-rc.1', 'A_b-C.d', 'x'.repeat(63)])('accepts %j', (v) => {
    expect(checkLabelValue(v, 'labels.tier')).toBeUndefined();
  });

  test.each<[unknown, string]>([
    ['-a', 'must start and end with a letter or digit'],
    ['a.', 'must start and end with a letter or digit'],
    ['_', 'must start and end with a letter or digit'],
    ['a b', "may only contain letters, digits, '-', '_' and '.'"],
    ['a/b', "may only contain letters, digits, '-', '_' and '.'"],
    ['é', "may only contain letters, digits, '-', '_' and '.'"],
    ['x'.repeat(64), 'is 64 characters long, more than 63'],
    [true, 'must be a string, not a boolean'],
  ])('fails if the value is %j', (v, problem) => {
    expect(checkLabelValue(v, 'labels.tier')?.problem).toBe(problem);
  });

  test('fails if the value has a slash, with the whole message', () => {
    expect(message(checkLabelValue('feature/login', 'labels.branch'))).toBe(
      "labels.branch may only contain letters, digits, '-', '_' and '.', got \"feature/login\"; allowed: at most 63 characters: " +
        "letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty. Fix: use \"feature-login\".",
    );
  });
});

describe('checkLabelKey and checkAnnotationKey', () => {
  test.each(['tier', 'app.kubernetes.io/name', 'example.com/Team_Name', 'a', 'A.b-c_d', `${'x'.repeat(253)}/${'y'.repeat(63)}`])('accepts %j', (v) => {
    expect(checkLabelKey(v, 'labels')).toBeUndefined();
    expect(checkAnnotationKey(v, 'annotations')).toBeUndefined();
  });

  test.each<[unknown, string]>([
    ['', 'must not be empty'],
    ['a/b/c', "must contain at most one '/'"],
    ['/name', "has an empty prefix before '/'"],
    ['example.com/', 'has an empty name after the prefix'],
    ['Example.com/name', 'has an invalid prefix: it must be lowercase'],
    ['my_co.com/name', "has an invalid prefix: it may only contain lowercase letters, digits, '-' and '.'"],
    [`${'x'.repeat(254)}/name`, 'has an invalid prefix: it is 254 characters long, more than 253'],
    ['-name', "has a name that may only contain letters, digits, '-', '_' and '.', starting and ending with a letter or digit"],
    ['example.com/na me', "has a name that may only contain letters, digits, '-', '_' and '.', starting and ending with a letter or digit"],
    ['x'.repeat(64), 'has a name of 64 characters, more than 63'],
    [{}, 'must be a string, not an object'],
  ])('fails if the label key is %j', (v, problem) => {
    expect(checkLabelKey(v, 'labels')?.problem).toBe(problem);
  });

  test('annotation keys may have an uppercase prefix, label keys may not', () => {
    expect(checkAnnotationKey('Example.com/name', 'annotations')).toBeUndefined();
    expect(checkLabelKey('Example.com/name', 'labels')).toBeDefined();
  });

  test('fails if the annotation key has two slashes, with the whole message', () => {
    expect(message(checkAnnotationKey('a/b/c', 'annotations'))).toBe(
      "annotations must contain at most one '/', got \"a/b/c\"; allowed: an optional prefix (a lowercase DNS subdomain of at most " +
        "253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending " +
        'with a letter or digit (e.g. "app.kubernetes.io/name"). Fix: use "<prefix>/<name>", e.g. "example.com/team".',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

type Checker = (value: unknown, property: string) => Problem | undefined;
const CHECKERS: Array<[string, Checker]> = [
  ['checkDnsLabel', checkDnsLabel],
  ['checkDnsSubdomain', checkDnsSubdomain],
  ['checkPort', checkPort],
  ['checkNodePort', checkNodePort],
  ['checkPortName', checkPortName],
  ['checkIntegerRange', (v, p) => checkIntegerRange(v, p, -3, 7)],
  ['checkPercentOrAbsolute', (v, p) => checkPercentOrAbsolute(v, p, 100)],
  ['checkHttpPath', checkHttpPath],
  ['checkCronSchedule', checkCronSchedule],
  ['checkTimeZone', checkTimeZone],
  ['checkQuantity', (v, p) => checkQuantity(v, p, { resource: 'memory' })],
  ['checkLabelValue', checkLabelValue],
  ['checkLabelKey', checkLabelKey],
  ['checkAnnotationKey', checkAnnotationKey],
];

/** Anything, including the exotic values (bigints, null prototypes, boxed values, sparse arrays...). */
const exotic = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  maxDepth: 2,
});
const inputs = fc.oneof(
  exotic,
  binaryString({ maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', '5', '-', '.', '_', '/', '*', ',', '%', ' ', 'm', 'i', '@', ':'), maxLength: 20 }),
  fc.double(),
  fc.integer({ min: -100_000, max: 100_000 }),
);

describe('properties', () => {
  test('(d) no checker throws on any input, and each returns a complete Problem or undefined', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom('x', 'spec.port'), (value, property) => {
        // Every check of every checker, collected: one assertion per run instead of ~100 expects (jest's
        // expect costs ~40 us a call, which made this test take over a second).
        const wrong: string[] = [];
        for (const [name, check] of CHECKERS) {
          const p = check(value, property);
          if (p === undefined) continue;
          if (p.property !== property) wrong.push(`${name}: property is ${JSON.stringify(p.property)}, not ${JSON.stringify(property)}`);
          if (!Object.is(p.value, value)) wrong.push(`${name}: value is not the input`);
          for (const key of ['problem', 'allowed', 'fix'] as const) {
            const text: unknown = p[key];
            if (typeof text !== 'string' || text.length === 0) wrong.push(`${name}: ${key} is not a non-empty string (${typeof text})`);
          }
        }
        expectEqual(wrong, []);
      }),
      { numRuns: 300 },
    );
  });

  test('(d) problems of ordinary values always format', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        // every problem formats as one complete line (collected: one assertion per run, not one expect per checker)
        const unformatted: string[] = [];
        for (const [name, check] of CHECKERS) {
          const p = check(value, 'x');
          if (!p) continue;
          const line = formatProblem(p);
          if (typeof line !== 'string' || !/^x .+, got .+; allowed: .+\. Fix: .+\.$/s.test(line)) unformatted.push(`${name}: ${String(line)}`);
        }
        expectEqual(unformatted, []);
      }),
      { numRuns: 100 },
    );
  });

  test.each<[string, Checker, RegExp]>([
    ['checkDnsLabel', checkDnsLabel, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/],
    ['checkLabelValue', checkLabelValue, /^(?=[\s\S]{0,63}$)(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/],
    ['checkPortName', checkPortName, /^(?=[\s\S]{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/],
    ['checkHttpPath', checkHttpPath, /^\/[^\s\u0000-\u001f\u007f]*$/],
  ])('%s agrees with the Kubernetes regular expression, and its suggestions pass', (_name, check, rule) => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: fc.constantFrom('a', 'B', '0', '-', '_', '.', '/', ' ', 'é'), maxLength: 70 }), fc.string()), (value) => {
        const p = check(value, 'x');
        const suggested = p && /^use ("(?:[^"\\]|\\.)*")$/.exec(p.fix);
        expectEqual(
          { accepted: p === undefined, suggestionProblem: suggested ? check(JSON.parse(suggested[1]), 'x') : undefined },
          { accepted: rule.test(value), suggestionProblem: undefined },
        );
      }),
      { numRuns: 300 },
    );
  });

  test('checkCronSchedule accepts every schedule built from the grammar', () => {
    const field = (min: number, max: number) => {
      const value = fc.integer({ min, max });
      const range = fc.tuple(value, value).map(([a, b]) => (a <= b ? `${a}-${b}` : `${b}-${a}`));
      const step = fc.integer({ min: 1, max: max + 1 });
      const item = fc.oneof(
        value.map(String),
        range,
        fc.constant('*'),
        step.map((s) => `*/${s}`),
        fc.tuple(range, step).map(([r, s]) => `${r}/${s}`),
      );
      return fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.join(','));
    };
    fc.assert(
      fc.property(field(0, 59), field(0, 23), fc.constant('*'), field(1, 12), field(0, 6), (...fields) => {
        expectEqual(checkCronSchedule(fields.join(' '), 'schedule'), undefined);
      }),
      { numRuns: 300 },
    );
  });
});
