import { Command } from 'commander';
import { CliContext } from './program';

/** Registers `check` (placeholder until the engine lands). */
export function registerCheck(program: Command, _ctx: CliContext): void {
  program.command('check').description('check manifests (work in progress)');
}
