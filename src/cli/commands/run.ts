import path from 'node:path';
import { Command, Option } from 'commander';
import { loadHistory } from '../../data/history.js';
import { againstModel, baseYearData } from '../../models/baseState.js';
import { runScenario } from '../../report/run.js';
import { seriesOf } from '../../engine/series.js';
import { modelStructure } from '../../models/series.js';
import { readKnownValues } from '../../backtest/actuals.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { SAMPLING_METHODS } from '../../scenario/runOptions.js';
import { reportFiles } from '../../views/reportFiles.js';
import { preloadRenderer } from '../../charts/render.js';
import { writeFilesUnder } from '../../io/atomicWrite.js';
import { prepareParams } from '../../report/run.js';
import { samplePaths } from '../../engine/variants.js';
import { samplesCsv } from '../../views/samples.js';
import { ProgressBar } from '../progressBar.js';
import { checkOutputFolder } from '../../io/outputFolder.js';
import { CliOutput } from '../output.js';
import { type Sampling, type Scenario } from '../../scenario/types.js';
import { abortOnSignals, type CommandContext, describeWritten, EXIT, printHeadline, projectionYears, tableYearsInside } from '../shared.js';
import { BAD_INPUT, commandHelp, integer, JSON_HELP, jsonOption, outOption, pathRange, quietOption, scenarioRootOption, dataDirOption, setting, settingOption, yearList } from '../options.js';
import { pathRangeProblem, rangeText, simulateShard, type PathRange } from '../../engine/shard.js';
import { writeShardFile } from '../../engine/shardFile.js';
import { checkOutputFile } from '../../io/outputFolder.js';

/** Most paths --samples writes (each is about 400 rows of samples.csv). */
export const MAX_SAMPLES = 100_000;

export interface RunCommandOptions {
  runs?: number;
  seed?: number;
  workers?: number;
  chunkPaths?: number;
  sampling?: Sampling;
  out?: string;
  progress: boolean;
  tableYears?: number[];
  scenarioRoot?: string;
  paths?: PathRange;
  partial?: string;
  dataDir?: string;
  actuals?: string;
  samples?: number;
}

export async function runCommand(out: CliOutput, file: string, opts: RunCommandOptions): Promise<number> {
  const history = loadHistory(opts.dataDir);
  const base = baseYearData(history);
  const { scenario } = loadScenarioFile(file, { ...againstModel(base), root: opts.scenarioRoot });
  if (opts.partial !== undefined || opts.paths !== undefined) return shardCommand(out, scenario, opts);
  const outDir = opts.out ?? path.join('out', scenario.id);
  // Arguments and the output folder are checked before the simulation, not discovered after it.
  const projected = projectionYears(base.year, scenario.horizon);
  if (!tableYearsInside(out, opts.tableYears, projected)) return EXIT.badInput;
  // Known values are checked against the projected years before any work (exit 2 naming file and line).
  const known = opts.actuals === undefined ? undefined : readKnownValues(opts.actuals, projected, seriesOf(modelStructure(scenario)).map((s) => s.name));
  checkOutputFolder(outDir);
  const interrupt = abortOnSignals('SIGINT');
  const bar = opts.progress && !out.quiet ? new ProgressBar() : undefined;
  const started = Date.now();
  // The report's charts need vega: its loading overlaps the simulation (idle here while the pool runs).
  preloadRenderer();
  try {
    const report = await runScenario(scenario, {
      runs: opts.runs,
      seed: opts.seed,
      workers: opts.workers,
      chunkPaths: opts.chunkPaths,
      sampling: opts.sampling,
      history,
      dataDir: opts.dataDir,
      known,
      signal: interrupt.signal,
      onProgress: (p) => bar?.update(p.completedPaths, p.totalPaths),
      onWarning: (m) => out.warn(m),
    });
    bar?.finish();
    const files = await reportFiles(report, { tableYears: opts.tableYears });
    if (opts.samples !== undefined) {
      // The run's own first paths: same parameters, seed, path indices and sampling, so the same bytes for any workers.
      const { params: resolved } = prepareParams(scenario, { history });
      const params = opts.sampling ? { ...resolved, sampling: opts.sampling } : resolved;
      const ids = { gas: scenario.energy.pipelineGas.projects.map((p) => p.id), lng: scenario.energy.lng.plants.map((p) => p.id) };
      files['samples.csv'] = samplesCsv(report.scenario.id, await samplePaths(params, report.seed, Math.min(opts.samples, report.runs), ids, { workers: 0, signal: interrupt.signal }));
    }
    // Ctrl-C is honoured until the last rename: charts render first, and an abort then writes nothing.
    const written = writeFilesUnder(outDir, files, interrupt.signal);
    printHeadline(out, report, opts.tableYears);
    const seconds = (Date.now() - started) / 1000;
    out.info(`${report.runs.toLocaleString('en-US')} paths × ${report.years.length} years in ${seconds.toFixed(2)} s; ${describeWritten(outDir, written)}`);
    out.document({ ok: true, command: 'run', outDir, files: written, report });
    return EXIT.ok;
  } catch (e) {
    bar?.finish();
    if (interrupt.signal.aborted) {
      out.error('interrupted: no report written');
      return EXIT.interrupted;
    }
    throw e;
  } finally {
    interrupt.dispose();
  }
}

/** `run --paths A..B --partial FILE`: simulate a range of the run's paths and write their mergeable summary. */
async function shardCommand(out: CliOutput, scenario: Scenario, opts: RunCommandOptions): Promise<number> {
  const refuse = (message: string) => {
    out.error(`error: ${message}`);
    return EXIT.badInput;
  };
  if (opts.partial === undefined) return refuse('--paths needs --partial FILE: a range of paths makes a shard, not a report (merge the shards with `eastward merge`)');
  if (opts.out !== undefined) return refuse('--out is not used with --partial: a shard is one file; `eastward merge` writes the report folder');
  if (opts.tableYears !== undefined) return refuse('--table-years is not used with --partial: give it to `eastward merge`');
  // A shard records the installation's own data (merge checks it on every shard): no other data or known values.
  if (opts.dataDir !== undefined) return refuse('--data-dir is not used with --partial: a shard runs on the installation\'s data, which merge checks against every shard');
  if (opts.actuals !== undefined) return refuse('--actuals is not used with --partial: shards are plain runs of the scenario');
  const runs = opts.runs ?? scenario.simulation.runs;
  const range = opts.paths ?? { start: 0, end: runs };
  const problem = pathRangeProblem(range, runs);
  if (problem) return refuse(`--paths ${problem}`);
  checkOutputFile(opts.partial, '--partial');
  const interrupt = abortOnSignals('SIGINT');
  const bar = opts.progress && !out.quiet ? new ProgressBar() : undefined;
  const started = Date.now();
  try {
    const shard = await simulateShard(scenario, range, {
      runs,
      seed: opts.seed,
      workers: opts.workers,
      chunkPaths: opts.chunkPaths,
      sampling: opts.sampling,
      signal: interrupt.signal,
      onProgress: (p) => bar?.update(p.completedPaths, p.totalPaths),
      onWarning: (m) => out.warn(m),
    });
    bar?.finish();
    writeShardFile(opts.partial, shard, interrupt.signal);
    const seconds = (Date.now() - started) / 1000;
    out.info(`paths ${rangeText(range)} of ${runs.toLocaleString('en-US')} in ${seconds.toFixed(2)} s; wrote ${opts.partial} (merge the shards with \`eastward merge FILE… --out DIR\`)`);
    out.document({ ok: true, command: 'run', partial: opts.partial, scenario: scenario.id, paths: range, runs, seed: shard.run.seed });
    return EXIT.ok;
  } catch (e) {
    bar?.finish();
    if (interrupt.signal.aborted) {
      out.error('interrupted: no shard written');
      return EXIT.interrupted;
    }
    throw e;
  } finally {
    interrupt.dispose();
  }
}

/** Register `eastward run` on the program. */
export function registerRun(program: Command, { out, act }: CommandContext): void {
  program
    .command('run')
    .description('Run a scenario\'s Monte Carlo and write DIR/report.html, report.md, report.json, summary.csv and charts/.')
    .argument('<scenario>', 'scenario JSON file')
    .addOption(settingOption('runs', 'number of paths (default: the scenario\'s simulation.runs)'))
    .addOption(settingOption('seed', 'run seed (default: the scenario\'s simulation.seed)'))
    .addOption(settingOption('workers', 'worker threads; 0 runs in this thread (default: cores available, or in-process below 20 000 runs)'))
    .addOption(new Option('--chunk-paths <n>', 'paths per chunk, rounded up to a multiple of 1024 (default: chosen for throughput)').argParser(setting('--chunk-paths', 'chunkPaths')))
    .addOption(new Option('--sampling <method>', 'independent paths, or antithetic pairs (default: the scenario\'s simulation.sampling)').choices(SAMPLING_METHODS))
    .addOption(outOption('output folder (default: out/<scenario id>)'))
    .option('--table-years <years>', 'years the report tables show, e.g. 2027,2030 (default: first, every fifth, last)', yearList)
    .addOption(new Option('--samples <n>', `also write samples.csv: the first n paths (every series and year, and what each path drew), tidy, at most ${MAX_SAMPLES.toLocaleString('en-US')}`).argParser(integer('--samples', 1, MAX_SAMPLES)))
    .option('--no-progress', 'do not show the progress bar')
    .option('--paths <A..B>', 'simulate only paths A (included) to B (excluded) of the run\'s --runs, into a shard (needs --partial)', pathRange)
    .option('--partial <file>', 'write the mergeable summary of the paths (a shard file) instead of a report; `eastward merge` joins shards into the report')
    .addOption(scenarioRootOption())
    .addOption(dataDirOption())
    .option('--actuals <file>', 'values known for projected years, in the backtest\'s actuals format (series,year,value[,unit,quality,source]): every path takes each in its year and continues from it; the report marks them')
    .addOption(jsonOption(JSON_HELP.run))
    .addOption(quietOption())
    .addHelpText('after', commandHelp(
      ['eastward run scenarios/baseline.json', 'eastward run my.json --runs 50000 --seed 7 --out out/my --table-years 2027,2030', 'eastward run scenarios/baseline.json --samples 1000   # + samples.csv for your own scatter plots', 'eastward run scenarios/baseline.json --json --quiet | jq .report.questions', 'EASTWARD_WORKERS=2 eastward run scenarios/high-oil.json --quiet', 'eastward run scenarios/baseline.json --data-dir my-data', 'eastward run scenarios/baseline.json --actuals known-2025.csv', 'eastward run scenarios/baseline.json --runs 100000 --paths 0..50000 --partial a.shard'],
      { 0: 'ok: the report (or with --partial, the shard) is written', 1: 'the run failed', 2: BAD_INPUT, 130: 'interrupted (Ctrl-C): nothing written' },
    ))
    .action((file: string, opts) => act('run', opts, () => runCommand(out, file, opts)));
}
