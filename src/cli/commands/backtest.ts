import path from 'node:path';
import { Command, Option } from 'commander';
import { loadHistory } from '../../data/history.js';
import { canStartFrom, REQUIRED_BASE_SERIES } from '../../models/baseState.js';
import { openWorkerPool } from '../../report/run.js';
import { seriesOf } from '../../engine/series.js';
import { modelStructure } from '../../models/series.js';
import { backtest, NothingToScoreError, type OilMode, type Recalibration } from '../../backtest/backtest.js';
import { readActuals, withObservations } from '../../backtest/actuals.js';
import { backtestMarkdown, writeBacktestFiles } from '../../backtest/files.js';
import { groupWarnings, type Unscored } from '../../backtest/warnings.js';
import { packageRoot } from '../../paths.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { checkOutputFolder } from '../../io/outputFolder.js';
import { CliOutput } from '../output.js';
import { type CommandContext, EXIT } from '../shared.js';
import { BAD_INPUT, commandHelp, dataDirOption, integer, JSON_HELP, jsonOption, outOption, quietOption, scenarioRootOption, settingOption, yearRange } from '../options.js';

export async function backtestCommand(out: CliOutput, opts: { asOf?: number; rolling?: [number, number]; scenario: string; scenarioRoot?: string; actuals?: string; oil: OilMode; recalibrate: Recalibration; runs: number; seed: number; workers?: number; out?: string; dataDir?: string }): Promise<number> {
  if ((opts.asOf === undefined) === (opts.rolling === undefined)) {
    out.error('error: give exactly one of --as-of YEAR or --rolling FROM..TO');
    return EXIT.badInput;
  }
  let history = loadHistory(opts.dataDir);
  const { scenario } = loadScenarioFile(opts.scenario, { root: opts.scenarioRoot });
  if (opts.actuals) {
    const known = new Set<string>([...seriesOf(modelStructure(scenario)).map((x) => x.name), ...history.seriesNames()]);
    const { observations, unknownSeries } = readActuals(opts.actuals, known);
    const first = opts.asOf ?? opts.rolling![0];
    const unusable: Unscored[] = [
      ...unknownSeries.map((u) => ({ subject: `${opts.actuals}: series ${JSON.stringify(u.series)}`, reason: 'neither produced by the engine nor in data/; ignored', where: `line ${u.line}` })),
      ...observations.filter((o) => o.year <= first).map((o) => ({ subject: `${opts.actuals}: ${o.series}`, reason: `not after the as-of year ${first}: used as history, not scored`, where: String(o.year) })),
    ];
    groupWarnings(unusable).forEach((m) => out.warn(m));
    history = withObservations(history, observations);
  }
  const asOf = opts.asOf !== undefined ? [opts.asOf] : Array.from({ length: opts.rolling![1] - opts.rolling![0] + 1 }, (_, i) => opts.rolling![0] + i);
  const unusable = asOf.filter((y) => !canStartFrom(history, y));
  if (unusable.length > 0) {
    const first = history.years('trade.turnover').find((y) => canStartFrom(history, y));
    out.error(`error: the data cannot start a projection from ${unusable.join(', ')}: an as-of year needs ${REQUIRED_BASE_SERIES.join(', ')} and a settlement statement by then${first !== undefined ? ` (the earliest such year is ${first})` : ''}`);
    return EXIT.badInput;
  }
  const outDir = opts.out ?? path.join('out', `backtest-${asOf.length === 1 ? asOf[0] : `${asOf[0]}-${asOf[asOf.length - 1]}`}`);
  checkOutputFolder(outDir);
  const pool = opts.workers && opts.workers > 0 ? openWorkerPool(opts.workers) : undefined;
  try {
    const result = await backtest({ asOf, scenario, oil: opts.oil, recalibration: opts.recalibrate, history, runs: opts.runs, seed: opts.seed, pool, onProgress: (m) => out.info(m) });
    result.warnings.forEach((m) => out.warn(m));
    const written = writeBacktestFiles(result, outDir);
    out.human(backtestMarkdown(result));
    out.info(`wrote ${written.join(', ')}`);
    out.document({ ok: true, command: 'backtest', outDir, files: written, backtest: result });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof NothingToScoreError) {
      out.error(`error: ${e.message}`);
      return EXIT.badInput;
    }
    throw e;
  } finally {
    await pool?.destroy();
  }
}

/** Register `eastward backtest` on the program. */
export function registerBacktest(program: Command, { out, act }: CommandContext): void {
  program
    .command('backtest')
    .description('Refit on data up to a year, forecast the following years, and score the forecasts (coverage, CRPS, MAPE) beside naive forecasts.')
    .option('--as-of <year>', 'last year of data used for fitting (this or --rolling is required)', integer('--as-of', 1990, 2100))
    .option('--rolling <from..to>', 'every as-of year in the range, scores summarised by horizon (this or --as-of is required)', yearRange)
    .option('--scenario <file>', 'scenario to project with', path.join(packageRoot, 'scenarios', 'baseline.json'))
    .option('--actuals <file>', 'extra actuals in the long format of data/history.csv (series,year,value,…), added to the shipped data for scoring')
    .addOption(new Option('--oil <mode>', 'realised: condition on the realised Brent path; scenario: the scenario\'s own oil uncertainty').choices(['realised', 'scenario']).default('realised'))
    .addOption(new Option('--recalibrate <method>', 'conformal: also score the engine with its bands rescaled by a split-conformal factor learnt from earlier origins (a correction layered on the model)').choices(['none', 'conformal']).default('none'))
    .addOption(settingOption('runs', 'paths per as-of year', 4000))
    .addOption(settingOption('seed', 'run seed', 1))
    .addOption(settingOption('workers', 'worker threads (default: in-process)'))
    .addOption(outOption('output folder (default: out/backtest-<as-of>)'))
    .addOption(scenarioRootOption())
    .addOption(dataDirOption())
    .addOption(jsonOption(JSON_HELP.backtest))
    .addOption(quietOption())
    .addHelpText('after', commandHelp(
      ['eastward backtest --as-of 2021', 'eastward backtest --rolling 2015..2022 --runs 10000 --recalibrate conformal', 'eastward backtest --as-of 2022 --actuals my-actuals.csv --json'],
      { 0: 'ok: backtest.json, .csv and .md are written', 1: 'the backtest failed', 2: `${BAD_INPUT}; neither or both of --as-of and --rolling; nothing to score` },
    ))
    .action((opts) => act('backtest', opts, () => backtestCommand(out, opts)));
}
