import { Duration } from 'cdk8s';
import { seconds } from './duration';
import { Problem, describeValue } from './problems';
import { QUANTITY } from './quantity';

/*
 * The one set of small, pure checkers for the values a user passes to the constructs and options:
 * names, numbers, durations, paths, schedules, quantities, labels. (Images are checked by
 * `image-reference.ts`.)
 *
 * Each checker takes the value (typed `unknown`: JavaScript callers and YAML-fed props can pass
 * anything) and the property name as the user spells it, and returns a `Problem` or `undefined`.
 * None of them throws, whatever the input: options and constructs collect every problem and report
 * them together at synth (see `ProblemList` in `problems.ts`).
 *
 * The rules are the ones the Kubernetes API server applies (`k8s.io/apimachinery/pkg/util/validation`),
 * so a value accepted here is not rejected later by `kubectl apply`.
 */

/** Kubernetes' integer fields (replicas, seconds, thresholds) are int32. */
export const MAX_INT32 = 2147483647;

// ---------------------------------------------------------------------------------------------------
// Names

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL_ALLOWED =
  "at most 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit (RFC 1123 label)";
const DNS_1035_LABEL_ALLOWED =
  "at most 63 characters: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (RFC 1035 label)";
const DNS_SUBDOMAIN_ALLOWED =
  "at most 253 characters: dot-separated parts of lowercase letters, digits and '-', each starting and ending with a letter or digit (RFC 1123 subdomain)";

/**
 * Checks an RFC 1123 DNS label: the name of a namespace, a container, a port's Service.
 *
 * Kubernetes uses it wherever a name becomes a DNS record, so it is lowercase and at most 63 characters.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
 */
export function checkDnsLabel(value: unknown, property: string): Problem | undefined {
  return dnsLabelProblem(value, property, false);
}

/**
 * Checks an RFC 1035 DNS label: an RFC 1123 label that starts with a letter, which a Service name
 * must be (the site name names the Service).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#rfc-1035-label-names
 */
export function checkDns1035Label(value: unknown, property: string): Problem | undefined {
  return dnsLabelProblem(value, property, true);
}

function dnsLabelProblem(value: unknown, property: string, letterFirst: boolean): Problem | undefined {
  const repair = (s: string) => (letterFirst ? toDnsLabel(s).replace(/^[0-9-]+/, '') : toDnsLabel(s));
  return nameProblem(value, {
    property,
    maxLength: 63,
    allowed: letterFirst ? DNS_1035_LABEL_ALLOWED : DNS_LABEL_ALLOWED,
    fix: suggestion(value, repair, 'a name such as "web"'),
    problemOf: (name) => {
      if (DNS_LABEL.test(name) && !(letterFirst && /^[0-9]/.test(name))) return undefined;
      if (/[A-Z]/.test(name)) return 'must be lowercase';
      if (/^-|-$/.test(name)) return "must start and end with a letter or digit, not '-'";
      if (letterFirst && /^[0-9]/.test(name) && DNS_LABEL.test(name)) return 'must start with a letter';
      return 'may only contain lowercase letters, digits and \'-\'';
    },
  });
}

/** How one kind of name is checked, after the checks every name shares. */
interface NameRules {
  readonly property: string;
  readonly maxLength: number;
  readonly allowed: string;
  readonly fix: string;
  /** What is wrong with a non-empty string of at most `maxLength` characters, if anything. */
  readonly problemOf: (name: string) => string | undefined;
}

/** A name: a non-empty string of at most `maxLength` characters that `problemOf` accepts. */
function nameProblem(value: unknown, rules: NameRules): Problem | undefined {
  let problem: string | undefined;
  if (typeof value !== 'string') problem = `must be a string, not ${kindOf(value)}`;
  else if (value === '') problem = 'must not be empty';
  else if (value.length > rules.maxLength) problem = `is ${value.length} characters long, more than ${rules.maxLength}`;
  else problem = rules.problemOf(value);
  return problem === undefined ? undefined : { property: rules.property, problem, value, allowed: rules.allowed, fix: rules.fix };
}

/**
 * Checks an RFC 1123 DNS subdomain: the name of most objects (Deployment, ConfigMap, ...) and the
 * prefix of a label key.
 *
 * Like the Kubernetes API server, it checks the total length (253) and the characters, not the length
 * of each dot-separated part.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
 */
export function checkDnsSubdomain(value: unknown, property: string): Problem | undefined {
  return nameProblem(value, {
    property,
    maxLength: 253,
    allowed: DNS_SUBDOMAIN_ALLOWED,
    fix: suggestion(value, toDnsSubdomain, 'a name such as "my-site" or "www.example.com"'),
    problemOf: (name) => {
      if (DNS_SUBDOMAIN.test(name)) return undefined;
      if (/[A-Z]/.test(name)) return 'must be lowercase';
      if (/^\.|\.$|\.\./.test(name)) return "must not start or end with '.' nor contain '..'";
      if (/(^|\.)-|-(\.|$)/.test(name)) return "must start and end each dot-separated part with a letter or digit, not '-'";
      return "may only contain lowercase letters, digits, '-' and '.'";
    },
  });
}

const HOST_NAME_ALLOWED = 'a lowercase DNS name such as "www.example.com", optionally with a leading "*." (e.g. "*.example.com"), at most 253 characters in all, not an IP address';

/**
 * Checks a host name that routes traffic: an Ingress rule's `host` and an HTTPRoute's `hostnames`. Both
 * take an RFC 1123 DNS subdomain, optionally behind one leading `*.` wildcard label, at most 253
 * characters in all (the wildcard included), and refuse IP addresses.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/#IngressSpec (rules.host)
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#hostname
 */
export function checkHostName(value: unknown, property: string): Problem | undefined {
  if (typeof value === 'string' && value.length > 253) {
    return { property, problem: `is ${value.length} characters long, more than 253`, value, allowed: HOST_NAME_ALLOWED, fix: 'use a shorter host name, or a wildcard such as "*.example.com"' };
  }
  const bare = typeof value === 'string' && value.startsWith('*.') ? value.slice(2) : value;
  const problem = checkDnsSubdomain(bare, property);
  if (problem) return { ...problem, value, allowed: HOST_NAME_ALLOWED };
  if (typeof value === 'string' && /^\d+(\.\d+){3}$/.test(value)) {
    return { property, problem: 'is an IP address', value, allowed: HOST_NAME_ALLOWED, fix: 'use a DNS name, or leave the host out' };
  }
  return undefined;
}

/**
 * Checks a port name (IANA_SVC_NAME), as used by container ports and Service ports.
 *
 * A named port lets a Service and a probe refer to `http` instead of a number that may change.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
 */
export function checkPortName(value: unknown, property: string): Problem | undefined {
  return nameProblem(value, {
    property,
    maxLength: 15,
    allowed: "at most 15 characters: lowercase letters, digits and '-', with at least one letter, no '-' at either end and no '--' (IANA_SVC_NAME)",
    fix: suggestion(value, toPortName, 'a name such as "http"'),
    problemOf: (name) => {
      if (/[A-Z]/.test(name)) return 'must be lowercase';
      if (!/^[-a-z0-9]+$/.test(name)) return "may only contain lowercase letters, digits and '-'";
      if (!/[a-z]/.test(name)) return 'must contain at least one letter';
      if (/^-|-$/.test(name)) return "must not start or end with '-'";
      if (name.includes('--')) return "must not contain '--'";
      return undefined;
    },
  });
}

// ---------------------------------------------------------------------------------------------------
// Numbers

/**
 * Checks that a value is an integer from `min` to `max` (both included; pass `Infinity` for no
 * upper bound).
 */
export function checkIntegerRange(value: unknown, property: string, min: number, max: number): Problem | undefined {
  const allowed = Number.isFinite(max) ? `an integer from ${min} to ${max}` : `an integer of at least ${min}`;
  return integerProblem(value, property, min, max, allowed, Number.isFinite(max) ? `use an integer from ${min} to ${max}` : `use an integer of at least ${min}`);
}

/** Checks a TCP/UDP port number: an integer from 1 to 65535. */
export function checkPort(value: unknown, property: string): Problem | undefined {
  return integerProblem(value, property, 1, 65535, 'an integer from 1 to 65535', 'use a port number from 1 to 65535, e.g. 8080');
}

/**
 * Checks a Service `nodePort`: an integer from 30000 to 32767.
 *
 * That is the default `--service-node-port-range` of the API server; a cluster may be configured with
 * another range, but a value outside the default one is rarely intended.
 */
export function checkNodePort(value: unknown, property: string): Problem | undefined {
  return integerProblem(
    value,
    property,
    30000,
    32767,
    'an integer from 30000 to 32767 (the default Kubernetes --service-node-port-range)',
    'pick a port from 30000 to 32767, or leave nodePort unset so that Kubernetes assigns a free one',
  );
}

/**
 * Checks an "int or percent" value, like a Deployment's `maxSurge`/`maxUnavailable` or a
 * PodDisruptionBudget's `minAvailable`: a non-negative integer or a string `"<integer>%"`.
 *
 * `maxPercent` caps the percentage (Kubernetes caps `maxUnavailable` at 100%, not `maxSurge`).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge
 */
export function checkPercentOrAbsolute(value: unknown, property: string, maxPercent: number = Infinity): Problem | undefined {
  const cap = Number.isFinite(maxPercent) ? ` up to "${maxPercent}%"` : '';
  const allowed = `a non-negative integer (a number of pods, e.g. 1) or a percentage string${cap} (e.g. "25%")`;
  const fail = (problem: string, fix: string): Problem => ({ property, problem, value, allowed, fix });
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return fail('must be a whole number of pods', Number.isFinite(value) ? `use ${Math.max(0, Math.ceil(value))} or a percentage such as "25%"` : 'use a number of pods such as 1 or a percentage such as "25%"');
    if (value < 0) return fail('must not be negative', 'use 0 or more pods, or a percentage such as "25%"');
    if (value > 2147483647) return fail('must fit in a 32-bit integer', 'use a number of pods up to 2147483647, or a percentage such as "25%"');
    return undefined;
  }
  if (typeof value === 'string') {
    const m = /^(\d+)%$/.exec(value);
    if (m) {
      const percent = Number(m[1]);
      return percent > maxPercent ? fail(`must be at most ${maxPercent}%`, `use a percentage from 0% to ${maxPercent}%`) : undefined;
    }
    if (/^\d+$/.test(value)) return fail('is a number in a string without "%"', `write the number ${value} (pods) or "${value}%" (percent)`);
    return fail('must be a number of pods or a percentage', 'write a whole number such as 1, or a string of digits followed by "%", e.g. "25%"');
  }
  return fail(`must be a number or a percentage string, not ${kindOf(value)}`, 'write a whole number such as 1, or a percentage such as "25%"');
}

// ---------------------------------------------------------------------------------------------------
// Durations

/** What a duration check says when the default wording does not fit. */
export interface DurationTexts {
  /** @default - "<min> seconds or more, in whole seconds" */
  readonly allowed?: string;
  /** @default - "use Duration.seconds(N) with a whole N >= <min>" */
  readonly fix?: string;
}

/**
 * Checks a cdk8s `Duration` that Kubernetes receives as whole seconds (an int32 field such as
 * `periodSeconds`): a whole number of seconds from `min` up. The value is shown in seconds (`2.5s`).
 */
export function checkWholeSeconds(value: unknown, property: string, min: number, texts: DurationTexts = {}): Problem | undefined {
  let s = NaN;
  try {
    s = seconds(value as Duration);
  } catch {
    // not a Duration: reported below
  }
  const allowed = texts.allowed ?? `${min} ${min === 1 ? 'second' : 'seconds'} or more, in whole seconds`;
  const fix = texts.fix ?? `use Duration.seconds(N) with a whole N >= ${min}`;
  const shown = Number.isFinite(s) ? `${s}s` : value;
  if (!Number.isInteger(s)) return { property, problem: 'must be a whole number of seconds', value: shown, allowed, fix };
  if (s > MAX_INT32) {
    // Kubernetes keeps every seconds field in an int32: the API server refuses larger values.
    return { property, problem: `must be at most ${MAX_INT32} seconds (an int32 field)`, value: shown, allowed: `${min} to ${MAX_INT32} seconds, in whole seconds`, fix: 'use a shorter duration, e.g. Duration.minutes(10)' };
  }
  if (s < min) return { property, problem: `must be at least ${min}s`, value: shown, allowed, fix };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// HTTP

/**
 * Checks the path of an HTTP probe or Ingress rule: it starts with `/` and has no whitespace or
 * control characters (they cannot appear in an HTTP request line).
 */
export function checkHttpPath(value: unknown, property: string): Problem | undefined {
  const allowed = "a path starting with '/' without spaces or control characters (e.g. \"/healthz\")";
  const fail = (problem: string, fix: string): Problem => ({ property, problem, value, allowed, fix });
  if (typeof value !== 'string') return fail(`must be a string, not ${kindOf(value)}`, 'write the path as a string, e.g. "/healthz"');
  if (value === '') return fail('must not be empty', 'use "/" for the root, or a path such as "/healthz"');
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    return fail('must not contain whitespace or control characters', "remove them, or percent-encode a space as '%20'");
  }
  if (!value.startsWith('/')) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(value)
      ? fail("must be a path, not a URL", 'give only the path (e.g. "/healthz"): the kubelet connects to the pod itself')
      : fail("must start with '/'", `use ${JSON.stringify('/' + value)}`);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Schedules and time zones

const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const CRON_ALLOWED =
  '5 fields "minute hour day-of-month month day-of-week" (minute 0-59, hour 0-23, day of month 1-31, ' +
  'month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT; each field "*", a value, a range "a-b", a step "*/n" ' +
  'or "a-b/n", or a comma-separated list of those) or one of ' +
  CRON_MACROS.join(', ');

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly hint?: string;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const CRON_FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 6, names: DAY_NAMES, hint: ' (0 is Sunday; 7 is not accepted)' },
];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Checks a CronJob `schedule` the way Kubernetes parses it (`robfig/cron` standard parser): five
 * fields with numbers, names (`JAN`-`DEC`, `SUN`-`SAT`, any case), `*`, `?`, ranges, steps and
 * lists, or one of the macros `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`,
 * `@hourly`.
 *
 * It rejects what Kubernetes rejects (six fields with seconds, out-of-range values, `7` for Sunday,
 * `CRON_TZ=`/`TZ=` prefixes: the zone belongs in the CronJob's `timeZone`), plus `@every` (not
 * documented for CronJobs), empty list items, and day-of-month values that never occur in the chosen
 * months (e.g. `0 0 30 2 *`), which Kubernetes accepts but never runs.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
 */
export function checkCronSchedule(value: unknown, property: string): Problem | undefined {
  const fail = (problem: string, fix: string): Problem => ({ property, problem, value, allowed: CRON_ALLOWED, fix });
  if (typeof value !== 'string') {
    return fail(`must be a string, not ${kindOf(value)}`, 'write the schedule as a string, e.g. "0 3 * * *" for 03:00 every day');
  }
  if (value.trim() === '') return fail('must not be empty', 'use a schedule such as "0 3 * * *" (03:00 every day)');
  const tz = /^\s*(CRON_TZ|TZ)=(\S*)\s*(.*)$/.exec(value);
  if (tz || value.includes('TZ=')) {
    const zone = tz?.[2] ? JSON.stringify(tz[2]) : 'the zone';
    const rest = tz?.[3] ? `use the schedule ${JSON.stringify(tz[3])} and ` : '';
    return fail(`must not set a time zone with ${tz?.[1] ?? 'TZ'}=`, `${rest}set ${zone} in the timeZone property instead (Kubernetes rejects TZ= in schedules)`);
  }
  if (value.trim().startsWith('@')) {
    if (CRON_MACROS.includes(value)) return undefined;
    if (value.trim().startsWith('@every')) {
      return fail('must not use @every', 'write a 5-field schedule instead, e.g. "*/15 * * * *" for every 15 minutes');
    }
    const lower = value.trim().toLowerCase();
    return CRON_MACROS.includes(lower)
      ? fail('has a macro that must be written lowercase without spaces', `use ${JSON.stringify(lower)}`)
      : fail('has an unknown macro', `use one of ${CRON_MACROS.join(', ')}, or a 5-field schedule such as "0 3 * * *"`);
  }
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) {
    const fix =
      fields.length === 6
        ? 'remove the seconds field: Kubernetes schedules have 5 fields and run at most once a minute'
        : 'write exactly 5 fields separated by spaces, e.g. "0 3 * * *" (03:00 every day)';
    return fail(`has ${fields.length} field${fields.length === 1 ? '' : 's'}, not 5`, fix);
  }
  const sets: Array<Set<number>> = [];
  for (let i = 0; i < fields.length; i++) {
    const parsed = parseCronField(fields[i], CRON_FIELDS[i]);
    if (!(parsed instanceof Set)) return fail(parsed.problem, parsed.fix ?? cronFieldFix(CRON_FIELDS[i]));
    sets.push(parsed);
  }
  // With day of week unrestricted, a day of month that no chosen month has never fires.
  if (fields[4] === '*' || fields[4] === '?') {
    const firstDay = Math.min(...sets[2]);
    const longest = Math.max(...[...sets[3]].map((m) => DAYS_IN_MONTH[m - 1]));
    if (firstDay > longest) {
      return fail(
        `never runs: no chosen month has day ${firstDay}`,
        'choose a day of month that one of the chosen months has (days 1-28 exist in every month), or add a month that has it',
      );
    }
  }
  return undefined;
}

function cronFieldFix(field: CronField): string {
  const names = field.names ? ` or ${field.names[0].toUpperCase()}-${field.names[field.names.length - 1].toUpperCase()}` : '';
  const article = field.name === 'hour' ? 'an' : 'a';
  return `use ${article} ${field.name} from ${field.min} to ${field.max}${names}${field.hint ?? ''}, "*", a range "a-b", a step "*/n" or a list "a,b"`;
}

interface CronFieldProblem {
  readonly problem: string;
  /** @default - how to write the field */
  readonly fix?: string;
}

/** Returns the values a field selects, or what is wrong with it. */
function parseCronField(text: string, field: CronField): Set<number> | CronFieldProblem {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') {
      return { problem: `has an empty item in the ${field.name} field ${JSON.stringify(text)}`, fix: "remove the extra ','" };
    }
    const slash = item.split('/');
    if (slash.length > 2) return { problem: `has more than one '/' in the ${field.name} field ${JSON.stringify(item)}` };
    const [range, stepText] = slash;
    let start: number;
    let end: number;
    if (range === '*' || range === '?') {
      start = field.min;
      end = field.max;
    } else {
      const bounds = range.split('-');
      if (bounds.length > 2) return { problem: `has more than one '-' in the ${field.name} field ${JSON.stringify(item)}` };
      const low = cronValue(bounds[0], field);
      if (typeof low !== 'number') return low;
      start = low;
      if (bounds.length === 2) {
        const high = cronValue(bounds[1], field);
        if (typeof high !== 'number') return high;
        end = high;
      } else {
        end = stepText === undefined ? start : field.max; // "5/15" means "5-max/15"
      }
    }
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) {
        return {
          problem: `has an invalid step ${JSON.stringify(stepText)} in the ${field.name} field`,
          fix: `write the step as a whole number of at least 1 after '/', e.g. "*/15"`,
        };
      }
      step = Number(stepText);
    }
    if (start > end) {
      return {
        problem: `has a backwards range ${JSON.stringify(item)} in the ${field.name} field`,
        fix: `write the smaller value first, or a list such as "${end}-${field.max},${field.min}-${start}" to wrap around`,
      };
    }
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return values;
}

function cronValue(text: string, field: CronField): number | CronFieldProblem {
  if (field.names) {
    const index = field.names.indexOf(text.toLowerCase());
    if (index >= 0) return index + field.min;
  }
  if (!/^\d+$/.test(text)) {
    return { problem: text === '' ? `has an empty value in the ${field.name} field` : `has an invalid ${field.name} ${JSON.stringify(text)}` };
  }
  const n = Number(text);
  if (n < field.min || n > field.max) return { problem: `has ${field.name} ${text} out of range ${field.min}-${field.max}` };
  return n;
}

let knownZones: Set<string> | undefined;
let knownZonesLower: Map<string, string> | undefined;

function zones(): { exact: Set<string>; lower: Map<string, string> } {
  if (!knownZones || !knownZonesLower) {
    const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    knownZones = new Set([...list, 'UTC']);
    knownZonesLower = new Map([...knownZones].map((z) => [z.toLowerCase(), z]));
  }
  return { exact: knownZones, lower: knownZonesLower };
}

function intlAcceptsZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks an IANA time zone name, like a CronJob's `timeZone` (`Europe/Berlin`, `America/New_York`,
 * `UTC`, `Etc/GMT-2`).
 *
 * Accepts the zones Node's ICU knows (`Intl.supportedValuesOf('timeZone')`), `UTC`, `Etc/*` and the
 * `Area/Location` aliases Node resolves (e.g. `Europe/Kyiv`, `US/Eastern`), with exact case: the
 * controller looks the name up as a file. Rejects abbreviations (`CEST`, `EST`, `GMT`) and offsets
 * (`+02:00`), which do not follow daylight saving or are ambiguous. Kubernetes itself validates the
 * name against the tz database of the kube-controller-manager, which may be older or newer than Node's.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
 */
export function checkTimeZone(value: unknown, property: string): Problem | undefined {
  const allowed =
    'an IANA time zone name such as "Europe/Berlin" or "America/New_York", or "UTC" or "Etc/..." (exact case; from the tz database)';
  const fail = (problem: string, fix: string): Problem => ({ property, problem, value, allowed, fix });
  if (typeof value !== 'string') return fail(`must be a string, not ${kindOf(value)}`, 'write the zone as a string, e.g. "Europe/Berlin"');
  if (value === '') return fail('must not be empty', 'use a zone such as "Europe/Berlin", or "UTC"');
  const { exact, lower } = zones();
  if (exact.has(value)) return undefined;
  const sameButCase = lower.get(value.toLowerCase());
  if (sameButCase !== undefined) return fail('has the wrong case', `use ${JSON.stringify(sameButCase)}`);
  if (/^(UTC|GMT|Z)?\s*[+-]\d{1,2}(:?\d{2})?$/i.test(value) || /^(UTC|GMT)[+-]/i.test(value)) {
    return fail('must be a zone name, not an offset', 'use the region whose clock you mean, e.g. "Europe/Berlin", so that daylight saving is followed; or "UTC"');
  }
  if (!value.includes('/')) {
    return fail(
      'must be a zone name, not an abbreviation',
      'use the region whose clock you mean, e.g. "Europe/Berlin" instead of "CEST", "America/New_York" instead of "EST", "UTC" instead of "GMT"',
    );
  }
  const plausibleCase = value.split('/').every((part) => /^[A-Z]/.test(part));
  if (value.length <= 64 && /^[A-Za-z0-9_+\-/]+$/.test(value) && plausibleCase && intlAcceptsZone(value)) return undefined;
  return fail('is not a known IANA time zone', 'use a name from the tz database, e.g. "Europe/Berlin" (see `timedatectl list-timezones`)');
}

// ---------------------------------------------------------------------------------------------------
// Quantities


/** Options of `checkQuantity`. */
export interface QuantityCheckOptions {
  /**
   * What the quantity measures. With `'memory'`, the sub-unit suffixes `m`, `u` and `n` are rejected:
   * `512m` is 0.512 bytes, almost always a typo for `512Mi`.
   * @default - any resource
   */
  readonly resource?: 'cpu' | 'memory';
}

/**
 * Checks a Kubernetes resource quantity string such as `250m` (CPU) or `512Mi` (memory), and that it
 * is not negative.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export function checkQuantity(value: unknown, property: string, options: QuantityCheckOptions = {}): Problem | undefined {
  const example = options.resource === 'memory' ? '"512Mi"' : options.resource === 'cpu' ? '"250m"' : '"250m" or "512Mi"';
  const allowed =
    'a non-negative decimal number with an optional suffix: n, u, m, k, M, G, T, P, E (powers of 1000), Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024) or an exponent like e3';
  const fail = (problem: string, fix: string): Problem => ({ property, problem, value, allowed, fix });
  if (typeof value !== 'string') {
    const fix = typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? `write it as a string, e.g. ${JSON.stringify(String(value))}`
      : `write it as a string such as ${example}`;
    return fail(`must be a quantity string, not ${kindOf(value)}`, fix);
  }
  if (value === '') return fail('must not be empty', `use a quantity such as ${example}`);
  if (!QUANTITY.test(value)) {
    const bytes = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtTpPeE])i?[bB]\s*$/.exec(value);
    if (bytes) {
      const unit = bytes[2].toUpperCase();
      return fail('has a byte unit Kubernetes does not know', `use ${JSON.stringify(bytes[1] + unit + 'i')} (powers of 1024) or ${JSON.stringify(bytes[1] + (unit === 'K' ? 'k' : unit))} (powers of 1000)`);
    }
    if (/\s/.test(value) && QUANTITY.test(value.replace(/\s+/g, ''))) {
      return fail('must not contain spaces', `use ${JSON.stringify(value.replace(/\s+/g, ''))}`);
    }
    return fail('must be a Kubernetes quantity', `use a quantity such as ${example}`);
  }
  if (value.startsWith('-')) return fail('must not be negative', `use ${JSON.stringify(value.slice(1))} or another non-negative quantity`);
  if (options.resource === 'memory' && /[mun]$/.test(value)) {
    return fail(`is a fraction of a byte (the suffix ${value.slice(-1)} means 10^${value.endsWith('m') ? '-3' : value.endsWith('u') ? '-6' : '-9'})`, `use ${JSON.stringify(value.slice(0, -1) + 'Mi')} for mebibytes`);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Labels and annotations

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_ALLOWED =
  "at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty";

/**
 * Checks a label value (e.g. of `app.kubernetes.io/version`): at most 63 characters, alphanumeric at
 * both ends, `-`, `_`, `.` inside; the empty string is allowed.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export function checkLabelValue(value: unknown, property: string): Problem | undefined {
  const fail = (problem: string): Problem => ({
    property,
    problem,
    value,
    allowed: LABEL_VALUE_ALLOWED,
    fix: suggestion(value, toLabelValue, 'a value such as "v1.2.3"'),
  });
  if (typeof value !== 'string') return fail(`must be a string, not ${kindOf(value)}`);
  if (value.length > 63) return fail(`is ${value.length} characters long, more than 63`);
  if (LABEL_VALUE.test(value)) return undefined;
  if (/^[^A-Za-z0-9]|[^A-Za-z0-9]$/.test(value) && /^[-A-Za-z0-9_.]*$/.test(value)) {
    return fail('must start and end with a letter or digit');
  }
  return fail("may only contain letters, digits, '-', '_' and '.'");
}

/**
 * Checks a label key: an optional prefix (a DNS subdomain, at most 253 characters) and `/`, then a
 * name of at most 63 letters, digits, `-`, `_`, `.`, alphanumeric at both ends
 * (`app.kubernetes.io/name`, `tier`).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export function checkLabelKey(value: unknown, property: string): Problem | undefined {
  return qualifiedNameProblem(value, property, 'label', value);
}

/**
 * Checks an annotation key: the same rules as a label key, except that Kubernetes ignores case in the
 * prefix (it validates the lowercased key).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/#syntax-and-character-set
 */
export function checkAnnotationKey(value: unknown, property: string): Problem | undefined {
  return qualifiedNameProblem(value, property, 'annotation', typeof value === 'string' ? value.toLowerCase() : value);
}

function qualifiedNameProblem(value: unknown, property: string, what: string, checked: unknown): Problem | undefined {
  const allowed =
    "an optional prefix (a lowercase DNS subdomain of at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. \"app.kubernetes.io/name\")";
  const fail = (problem: string, fix: string): Problem => ({ property, problem, value, allowed, fix });
  if (typeof checked !== 'string') return fail(`must be a string, not ${kindOf(value)}`, `write the ${what} key as a string, e.g. "example.com/team"`);
  if (checked === '') return fail('must not be empty', `use a ${what} key such as "example.com/team"`);
  const parts = checked.split('/');
  if (parts.length > 2) return fail("must contain at most one '/'", `use "<prefix>/<name>", e.g. "example.com/team"`);
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') return fail("has an empty prefix before '/'", `remove the '/' or put a domain before it, e.g. "example.com/${name || 'team'}"`);
    const prefixProblem = checkDnsSubdomain(prefix, property);
    if (prefixProblem) return fail(`has an invalid prefix: it ${prefixProblem.problem}`, `use a lowercase domain you own as the prefix, e.g. "example.com/${name || 'team'}"`);
  }
  if (name === '') return fail("has an empty name after the prefix", `add a name after the '/', e.g. "example.com/team"`);
  if (name.length > 63) return fail(`has a name of ${name.length} characters, more than 63`, 'shorten the part after the prefix to 63 characters or fewer');
  if (!LABEL_NAME.test(name)) {
    const fixed = toLabelValue(name);
    return fail(
      "has a name that may only contain letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
      fixed ? `use ${JSON.stringify(parts.length === 2 ? `${parts[0]}/${fixed}` : fixed)}` : 'use letters, digits, \'-\', \'_\' and \'.\' in the name',
    );
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Maps and environment variables

const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Keys that JavaScript objects treat specially cannot be rendered faithfully: one problem per such key. */
export function checkMapKeys(map: Record<string, unknown> | undefined, property: string): Problem[] {
  return Object.keys(map ?? {})
    .filter((key) => SPECIAL_KEYS.includes(key))
    .map((key) => ({ property: `${property}[${JSON.stringify(key)}]`, problem: 'is a reserved key', value: key, allowed: `any key but ${SPECIAL_KEYS.join(', ')}`, fix: 'rename the key' }));
}

/** Checks an environment variable name: letters, digits and `_`, not starting with a digit. */
export function checkEnvName(value: string, property: string): Problem | undefined {
  if (ENV_NAME.test(value)) return undefined;
  return { property, problem: 'is not a valid environment variable name', value, allowed: 'letters, digits and "_", not starting with a digit', fix: 'rename the variable' };
}

// ---------------------------------------------------------------------------------------------------
// Helpers

/**
 * Describes the type of a value for "must be a string, not ..." problems, without ever throwing.
 * @internal
 */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) ? 'NaN' : 'a number';
    case 'bigint':
      return 'a bigint';
    case 'boolean':
      return 'a boolean';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'string':
      return 'a string';
    default:
      return 'an object';
  }
}

function integerProblem(value: unknown, property: string, min: number, max: number, allowed: string, fix: string): Problem | undefined {
  const fail = (problem: string, fixText: string = fix): Problem => ({ property, problem, value, allowed, fix: fixText });
  if (typeof value !== 'number') {
    if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
      return fail('must be a number, not a string', `write it without quotes: ${Number(value.trim())}`);
    }
    return fail(`must be a number, not ${kindOf(value)}`);
  }
  if (!Number.isInteger(value)) return fail(Number.isNaN(value) ? 'must be a number, not NaN' : 'must be an integer');
  if (value < min) return fail(`must be at least ${min}`);
  if (value > max) return fail(`must be at most ${max}`);
  return undefined;
}

/** "use "<fixed>"" when the value can be repaired mechanically, else a generic hint. */
function suggestion(value: unknown, repair: (s: string) => string, example: string): string {
  if (typeof value === 'string') {
    const fixed = repair(value);
    if (fixed !== '' && fixed !== value) return `use ${describeValue(fixed)}`;
  }
  return `use ${example}`;
}

function toDnsLabel(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

function toDnsSubdomain(s: string): string {
  return s
    .toLowerCase()
    .split('.')
    .map((part) => part.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((part) => part !== '')
    .join('.')
    .slice(0, 253)
    .replace(/[.-]+$/, '');
}

function toPortName(s: string): string {
  const name = toDnsLabel(s).replace(/-+/g, '-').slice(0, 15).replace(/-+$/, '');
  return /[a-z]/.test(name) ? name : '';
}

function toLabelValue(s: string): string {
  return s
    .replace(/[^-A-Za-z0-9_.]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
}
