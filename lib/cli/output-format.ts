import { Option } from 'commander';

/** `--format`: `text` for people (the default), `json` for machines. */
export function formatOption(choices: readonly string[] = ['text', 'json']): Option {
  return new Option('-f, --format <format>', 'output format').choices([...choices]).default('text');
}
