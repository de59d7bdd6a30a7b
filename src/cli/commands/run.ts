import path from 'node:path';
import { Command, Option } from 'commander';
import { loadHistory } from '../../data/history.js';
import { againstBaseYear, baseYearData } from '../../models/baseState.js';
import { runScenario } from '../../report/run.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { SAMPLING_METHODS } from '../../scenario/runOptions.js';
import { reportFiles } from '../../views/reportFiles.js';
import { writeFilesUnder } from '../../io/atomicWrite.js';
import { prepareParams } from '../../report/run.js';
import { samplePaths } from '../../engine/variants.js';
import { samplesCsv } from '../../views/samples.js';
import { ProgressBar } from '../progressBar.js';
import { checkOutputFolder } from '../../io/outputFolder.js';
import { CliOutput } from '../output.js';
import { type Sampling } from '../../scenario/types.js';
import { abortOnSignals, type CommandContext, describeWritten, EXIT, printHeadline, projectionYears, tableYearsInside } from '../shared.js';
import { BAD_INPUT, commandHelp, integer, JSON_HELP, jsonOption, outOption, quietOption, scenarioRootOption, setting, settingOption, yearList } from '../options.js';

/** Most paths --samples writes (each is about 400 rows of samples.csv). */
export const MAX_SAMPLES = 100_000;

export async function runCommand(out: CliOutput, file: string, opts: { runs?: number; seed?: number; workers?: number; chunkPaths?: number; sampling?: Sampling; out?: string; progress: boolean; tableYears?: number[]; scenarioRoot?: string; samples?: number }): Promise<number> {
  const history = loadHistory();
  const base = baseYearData(history);
  const { scenario } = loadScenarioFile(file, { ...againstBaseYear(base), root: opts.scenarioRoot });
  const outDir = opts.out ?? path.join('out', scenario.id);
  // Arguments and the output folder are checked before the simulation, not discovered after it.
  if (!tableYearsInside(out, opts.tableYears, projectionYears(base.year, scenario.horizon))) return EXIT.badInput;
  checkOutputFolder(outDir);
  const interrupt = abortOnSignals('SIGINT');
  const bar = opts.progress && !out.quiet ? new ProgressBar() : undefined;
  const started = Date.now();
  try {
    const report = await runScenario(scenario, {
      runs: opts.runs,
      seed: opts.seed,
      workers: opts.workers,
      chunkPaths: opts.chunkPaths,
      sampling: opts.sampling,
      history,
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
    .addOption(scenarioRootOption())
    .addOption(jsonOption(JSON_HELP.run))
    .addOption(quietOption())
    .addHelpText('after', commandHelp(
      ['eastward run scenarios/baseline.json', 'eastward run my.json --runs 50000 --seed 7 --out out/my --table-years 2027,2030', 'eastward run scenarios/baseline.json --samples 1000   # + samples.csv for your own scatter plots', 'eastward run scenarios/baseline.json --json --quiet | jq .report.questions', 'EASTWARD_WORKERS=2 eastward run scenarios/high-oil.json --quiet'],
      { 0: 'ok: the report is written', 1: 'the run failed', 2: BAD_INPUT, 130: 'interrupted (Ctrl-C): nothing written' },
    ))
    .action((file: string, opts) => act('run', opts, () => runCommand(out, file, opts)));
}
