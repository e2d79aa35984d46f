import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import { checkOutput } from './synth-check';
import { NESTED_ENV, refuseOutput, SYNTH, synthesize } from './synth-output';
import { ExitCode } from '../internal/exit-codes';
import { CliContext } from './context';

const HELP_AFTER = `
Runs the cdk8s app into a staging directory next to the output directory and replaces the output
directory only when the whole app succeeded (exit 0, at least one file written). A failing app leaves
the previous output exactly as it was; files of charts that no longer exist are removed, because the
whole directory is replaced. Prints what changed: added (+), changed (~) and removed (-) files.

The app command runs through the shell in the current directory with CDK8S_OUTDIR set to the staging
directory; the app must leave App.outdir unset (new App(), not new App({ outdir: 'dist' })).
  --app  default: the app: command of ./cdk8s.yaml (the file \`cdk8s init\` writes)
  --out  default: $CDK8S_OUTDIR, else the output: of ./cdk8s.yaml, else dist

With --check, nothing is written: the app runs into a temporary directory, which is compared with the
output directory file by file, byte by byte; the report lists the files to add (+), remove (-) and
update (~, with a short diff). Use it in CI to fail when the committed output is stale.

Exit codes: 0 written; the app's exit code when it failed (1 when it wrote nothing or the output could
not be replaced, 128+n when it was killed by signal n or synth was interrupted); 2 bad usage.
With --check: 0 up to date; 1 stale; 2 bad usage, or the app failed (nothing was checked); 128+n
interrupted.

Examples:
  $ cdk8s-zero-downtime synth                                  # app: and output: from cdk8s.yaml
  $ cdk8s-zero-downtime synth --app "npx ts-node main.ts" --out dist
  $ BUILD_NUMBER=42 cdk8s-zero-downtime synth && git add dist/
  $ cdk8s-zero-downtime synth --check                          # in CI: is the committed dist/ current?
`;

/** Options of `synth`, as commander parses them. */
interface SynthOptions {
  readonly app?: string;
  readonly out?: string;
  readonly check?: boolean;
  /** Hidden: the command the --check report tells to run (a wrapper such as `npm run synth`). */
  readonly fixCommand?: string;
}

/** Registers `synth`. */
export function registerSynth(program: Command, ctx: CliContext): void {
  program
    .command('synth')
    .description('render a cdk8s app into an output directory, replacing it only when the whole app succeeded')
    .option('--app <command>', 'command that runs the cdk8s app (default: app: in ./cdk8s.yaml)')
    .option('--out <dir>', 'output directory (default: $CDK8S_OUTDIR, output: in ./cdk8s.yaml, or dist)')
    .option('--check', 'render into a temporary directory and compare with the output directory; write nothing')
    .addOption(new Option('--fix-command <command>', 'the command the --check report names as the fix').hideHelp())
    .addHelpText('after', HELP_AFTER)
    .action(async (opts: SynthOptions) => {
      ctx.exitCode = (await runSynth(opts, ctx)) as ExitCode;
    });
}

async function runSynth(opts: SynthOptions, ctx: CliContext): Promise<number> {
  const cwd = ctx.io.cwd ?? process.cwd();
  const usage = (message: string): number => {
    ctx.io.stderr.write(`${SYNTH}${message}\n`);
    return ExitCode.USAGE;
  };
  let project: ProjectConfig;
  try {
    // Read only for what --app and --out leave open (scripts/synth.mjs gives both).
    project = opts.app !== undefined && opts.out !== undefined ? {} : readProjectConfig(cwd);
  } catch (e) {
    return usage((e as Error).message);
  }
  const app = opts.app ?? project.app;
  if (app === undefined || app.trim() === '') {
    return usage(
      opts.app !== undefined
        ? '--app needs a command, e.g. --app "npx ts-node main.ts"'
        : `no app command: pass --app "<command that runs your cdk8s app>" (e.g. --app "npx ts-node main.ts"), or run it where a cdk8s.yaml with an app: line is (${project.file ? `${project.file} has no app:` : 'there is no cdk8s.yaml in this directory'})`,
    );
  }
  if (opts.app === undefined && ctx.io.env[NESTED_ENV] !== undefined) {
    return usage(
      `cdk8s.yaml's app: (${app}) runs cdk8s-zero-downtime synth itself, which would run it again forever; pass the command that runs the app with --app, e.g. app: cdk8s-zero-downtime synth --app "npx ts-node main.ts"`,
    );
  }
  const out = opts.out ?? nonEmpty(ctx.io.env.CDK8S_OUTDIR) ?? project.output ?? 'dist';
  if (out.trim() === '') return usage('--out needs a directory, e.g. --out dist');
  const outAbs = path.resolve(cwd, out);
  const env = { ...ctx.io.env, [NESTED_ENV]: '1' };
  if (opts.check) {
    const fixCommand = opts.fixCommand ?? ['cdk8s-zero-downtime synth', ...(opts.app !== undefined ? ['--app', shellWord(opts.app)] : []), ...(opts.out !== undefined ? ['--out', shellWord(opts.out)] : [])].join(' ');
    return checkOutput({ app, outAbs, cwd, env, stdout: ctx.io.stdout, stderr: ctx.io.stderr, fixCommand });
  }
  const refused = refuseOutput(outAbs, cwd);
  if (refused !== undefined) return usage(`refusing to replace ${outAbs}: ${refused} (pass a dedicated output directory such as dist)`);

  const inherit = (s: NodeJS.WritableStream) => (s === process.stdout || s === process.stderr ? 'inherit' : 'pipe');
  return synthesize({
    app,
    outAbs,
    cwd,
    env,
    stdout: ctx.io.stdout,
    stderr: ctx.io.stderr,
    appStdout: inherit(ctx.io.stdout),
    appStderr: inherit(ctx.io.stderr),
  });
}

/** `s` as one POSIX shell word, quoted only when it needs to be. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** What `synth` reads from the project's cdk8s.yaml. */
interface ProjectConfig {
  /** The file read, if any. */
  readonly file?: string;
  readonly app?: string;
  readonly output?: string;
}

/** `app:` and `output:` of ./cdk8s.yaml (the cdk8s CLI's project file), when there is one. */
function readProjectConfig(cwd: string): ProjectConfig {
  const file = path.join(cwd, 'cdk8s.yaml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let config: unknown;
  try {
    // Loaded here, not at the top: every other command starts without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    config = (require('yaml') as typeof import('yaml')).parse(text);
  } catch (e) {
    throw new Error(`cannot read cdk8s.yaml: ${(e as Error).message.split('\n')[0]}`);
  }
  const fields = config !== null && typeof config === 'object' ? (config as Record<string, unknown>) : {};
  const str = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
  return { file: 'cdk8s.yaml', app: str('app'), output: str('output') };
}
