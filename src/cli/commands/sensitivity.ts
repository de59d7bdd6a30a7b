import path from 'node:path';
import { Command, Option } from 'commander';
import { loadHistory } from '../../data/history.js';
import { againstModel, baseYearData } from '../../models/baseState.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { writeFilesUnder } from '../../io/atomicWrite.js';
import { checkOutputFolder } from '../../io/outputFolder.js';
import { DEFAULT_RUNS, DEFAULT_SENSITIVITY_SERIES, sensitivity, type SensitivityMethod } from '../../sensitivity/analysis.js';
import { sensitivityFiles, sensitivityMethodLine } from '../../views/sensitivityFiles.js';
import { CliOutput } from '../output.js';
import { abortOnSignals, type CommandContext, describeWritten, EXIT } from '../shared.js';
import { BAD_INPUT, commandHelp, JSON_HELP, jsonOption, outOption, quietOption, scenarioRootOption, settingOption, yearList } from '../options.js';

export async function sensitivityCommand(out: CliOutput, file: string, opts: { method: SensitivityMethod; series?: string; years?: number[]; runs?: number; seed?: number; workers?: number; out?: string; scenarioRoot?: string }): Promise<number> {
  const history = loadHistory();
  const base = baseYearData(history);
  const { scenario } = loadScenarioFile(file, { ...againstModel(base), root: opts.scenarioRoot });
  const outDir = opts.out ?? path.join('out', 'sensitivity', `${scenario.id}-${opts.method}`);
  checkOutputFolder(outDir);
  const interrupt = abortOnSignals('SIGINT');
  const started = Date.now();
  try {
    const series = opts.series?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const result = await sensitivity(scenario, {
      method: opts.method,
      series,
      years: opts.years,
      runs: opts.runs,
      seed: opts.seed,
      workers: opts.workers,
      history,
      signal: interrupt.signal,
      onProgress: (done, total) => out.info(`levers ${done} of ${total}`),
      onWarning: (m) => out.warn(m),
    });
    const written = writeFilesUnder(outDir, await sensitivityFiles(result), interrupt.signal);
    if (result.method === 'tornado') {
      for (const o of result.outputs) out.human(`${o.series} ${o.year} (median ${o.base.p50.toPrecision(4)} ${o.unit}): ${o.bars.slice(0, 3).map((b) => `${b.lever} ${b.low.p50 >= 0 ? '+' : ''}${b.low.p50.toPrecision(3)} / ${b.high.p50 >= 0 ? '+' : ''}${b.high.p50.toPrecision(3)}`).join('; ')}\n`);
    } else {
      for (const o of result.outputs) out.human(`${o.series} ${o.year}: ${(o.indices ?? []).map((g) => `${g.group} ${g.total.estimate.toFixed(2)}`).join(', ') || 'does not vary'} (total indices)\n`);
    }
    out.info(`${sensitivityMethodLine(result)} ${((Date.now() - started) / 1000).toFixed(1)} s; ${describeWritten(outDir, written)}`);
    out.document({ ok: true, command: 'sensitivity', outDir, files: written, sensitivity: result });
    return EXIT.ok;
  } catch (e) {
    if (interrupt.signal.aborted) {
      out.error('interrupted: nothing written');
      return EXIT.interrupted;
    }
    throw e;
  } finally {
    interrupt.dispose();
  }
}

/** Register `eastward sensitivity` on the program. */
export function registerSensitivity(program: Command, { out, act }: CommandContext): void {
  program
    .command('sensitivity')
    .description('What drives the forecast: one-at-a-time swings of every lever (tornado) or Sobol indices by input group, on common random numbers; writes DIR/sensitivity.html, .md, .json and charts/.')
    .argument('<scenario>', 'scenario JSON file')
    .addOption(new Option('--method <method>', 'tornado (one lever at a time) or sobol (variance shares by input group)').choices(['tornado', 'sobol']).default('tornado'))
    .option('--series <names>', `series to analyse, comma-separated (default: ${DEFAULT_SENSITIVITY_SERIES.join(',')})`)
    .option('--years <years>', 'projected years to analyse, e.g. 2030,2035 (default: every fifth and the last)', yearList)
    .addOption(settingOption('runs', `paths per lever setting (tornado, default ${DEFAULT_RUNS.tornado}) or base samples N (sobol, default ${DEFAULT_RUNS.sobol}; N × 8 evaluations)`))
    .addOption(settingOption('seed', 'seed (default: the scenario\'s simulation.seed)'))
    .addOption(settingOption('workers', 'worker threads; 0 runs in this thread (default: cores available)'))
    .addOption(outOption('output folder (default: out/sensitivity/<scenario id>-<method>)'))
    .addOption(scenarioRootOption())
    .addOption(jsonOption(JSON_HELP.sensitivity))
    .addOption(quietOption())
    .addHelpText('after', commandHelp(
      ['eastward sensitivity scenarios/baseline.json', 'eastward sensitivity scenarios/baseline.json --method sobol --series trade.turnover --years 2030', 'eastward sensitivity my.json --method tornado --runs 4096 --out out/my-tornado --json > tornado.json'],
      { 0: 'ok: the analysis is written', 1: 'the analysis failed', 2: BAD_INPUT, 130: 'interrupted (Ctrl-C): nothing written' },
    ))
    .action((file: string, opts) => act('sensitivity', opts, () => sensitivityCommand(out, file, opts)));
}
