import { Command, CommanderError } from 'commander';
import { DataError } from '../data/history.js';
import { backtest } from '../backtest/backtest.js';
import { ActualsError } from '../backtest/actuals.js';
import { engineVersion } from '../paths.js';
import { ScenarioError } from '../scenario/errors.js';
import { OutputFolderError } from '../io/outputFolder.js';
import { CliOutput } from './output.js';
import { escapeControlCharacters } from '../text/controlCharacters.js';
import { type CommandContext, EXIT, printProblems } from './shared.js';
import { ENVIRONMENT } from './options.js';
import { registerRun } from './commands/run.js';
import { registerValidate } from './commands/validate.js';
import { registerSeries } from './commands/series.js';
import { registerNew } from './commands/new.js';
import { registerCalibrate } from './commands/calibrate.js';
import { registerBacktest } from './commands/backtest.js';
import { registerCompare } from './commands/compare.js';
import { registerBatch } from './commands/batch.js';
import { registerMerge } from './commands/merge.js';
import { registerQueue } from './commands/queue.js';
import { RedisUnreachableError } from '../queue/settings.js';
import { registerSensitivity } from './commands/sensitivity.js';

/** Build the command tree. Exposed for tests. */
export function buildProgram(setExit: (code: number) => void, out: CliOutput = processOutput()): Command {
  const program = new Command();
  /** Set the command's output mode from its options, run it, and set the exit code. */
  const act: CommandContext['act'] = async (name, mode, action) => {
    out.use(name, mode);
    setExit(await action());
  };
  const context: CommandContext = { out, act };
  program
    .name('eastward')
    .description('Forecast Russia–China trade, energy volumes and settlement currencies under oil-price and sanctions uncertainty.')
    .version(engineVersion)
    .showHelpAfterError()
    .exitOverride()
    .addHelpText('after', `
Exit codes: 0 ok, 1 the run failed, 2 bad input (arguments, variables, scenario), 130 interrupted.
Every command has --help with examples and its exit codes.

Environment (a flag given on the command line wins; a bad value exits 2 naming the variable):
  ${ENVIRONMENT.runs}     --runs of run, compare, batch, backtest and sensitivity
  ${ENVIRONMENT.seed}     --seed of the same commands
  ${ENVIRONMENT.workers}  --workers of the same commands
  ${ENVIRONMENT.out}      --out of the same commands (satisfies batch's required --out)
  ${ENVIRONMENT.redis} --redis of queue submit and queue worker
  ${ENVIRONMENT.dataDir}  --data-dir of run, compare, batch and backtest`);
  registerRun(program, context);
  registerCompare(program, context);
  registerBatch(program, context);
  registerMerge(program, context);
  registerQueue(program, context);
  registerSensitivity(program, context);
  registerValidate(program, context);
  registerBacktest(program, context);
  registerSeries(program, context);
  registerNew(program, context);
  registerCalibrate(program, context);
  return program;
}

/** The CLI's output on this process's stdout and stderr. */
function processOutput(): CliOutput {
  return new CliOutput({ stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}

/** Does the command line ask for `--json` (before any `--`)? Known before parsing, so a parse error still gets its document. */
function asksForJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const out = processOutput();
  out.use(argv[0] ?? '', { json: asksForJson(argv) });
  const program = buildProgram((c) => {
    code = c;
  }, out);
  code = await parseAndRun(program, argv, out, () => code);
  if (code !== EXIT.ok) out.finish(code);
  return code;
}

/** Parse and run; map what a command throws to an exit code and an error message. */
async function parseAndRun(program: Command, argv: readonly string[], out: CliOutput, exitCode: () => number): Promise<number> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode();
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      out.noteError(e.message.replace(/^error: /, '')); // commander already printed it
      return EXIT.badInput;
    }
    if (e instanceof ScenarioError) {
      printProblems(out, e);
      return EXIT.badInput;
    }
    if (e instanceof OutputFolderError) {
      out.error(`error: ${escapeControlCharacters(e.message)}`);
      return EXIT.badInput;
    }
    if (e instanceof DataError) {
      out.error(`error: ${escapeControlCharacters(e.message)}`);
      return EXIT.badInput;
    }
    if (e instanceof RedisUnreachableError) {
      out.error(`error: ${escapeControlCharacters(e.message)}`);
      return EXIT.badInput;
    }
    if (e instanceof ActualsError) {
      out.error(`error: ${e.message}`);
      return EXIT.badInput;
    }
    out.error(`error: ${(e as Error).message ?? String(e)}`);
    return EXIT.failure;
  }
}

