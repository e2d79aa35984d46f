/**
 * Exit codes of the `cdk8s-zero-downtime` command, the same for every subcommand, so CI can tell a
 * finding from a broken pipeline.
 */
export enum ExitCode {
  /** Everything passed: no finding, no failed request. */
  OK = 0,
  /** The check found something: rule findings (`check`), risks (`plan --fail-on-risk`), failed requests (`verify`). */
  FINDINGS = 1,
  /** The command could not do its job: bad usage, unreadable input, a YAML syntax error, a failed `--during` command. */
  USAGE = 2,
}
