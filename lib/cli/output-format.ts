import { Option } from 'commander';

/**
 * `-f, --format`: `text` for people (the default), `json` for machines; the one definition `check`,
 * `plan` and `verify` share. commander refuses a value outside `choices` before the subcommand runs,
 * with exit code 2 and its own message: `error: option '-f, --format <format>' argument 'xml' is
 * invalid. Allowed choices are text, json.`
 */
export function formatOption(choices: readonly string[] = ['text', 'json']): Option {
  return new Option('-f, --format <format>', 'output format').choices([...choices]).default('text');
}
