/** The command's name: the package's `bin`, and the first word of every message it prints on failure. */
export const COMMAND_NAME = 'cdk8s-zero-downtime';

/**
 * The start of every failure message the command writes to stderr: `cdk8s-zero-downtime <subcommand>: `
 * (e.g. `cdk8s-zero-downtime check: x.yaml:3:1: ...`), or `cdk8s-zero-downtime: ` without a subcommand
 * (a failure of the command as a whole, e.g. an internal error). One form for every subcommand, so
 * that a CI log shows which step failed and `grep '^cdk8s-zero-downtime'` finds every failure.
 *
 * Usage errors found by commander itself (an unknown option, a missing argument, a `--format` outside
 * its choices) keep commander's own `error: ...` form.
 */
export function errorPrefix(subcommand?: string): string {
  return subcommand === undefined || subcommand === '' ? `${COMMAND_NAME}: ` : `${COMMAND_NAME} ${subcommand}: `;
}
