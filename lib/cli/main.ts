#!/usr/bin/env node
/**
 * The `cdk8s-zero-downtime` command (the package's `bin`). See `program.ts` for the subcommands.
 */
import { errorPrefix } from './cli-errors';
import { runCli } from './program';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${errorPrefix()}internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
