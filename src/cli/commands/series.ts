import path from 'node:path';
import { Command } from 'commander';
import { loadHistory } from '../../data/history.js';
import { againstModel, baseYearData } from '../../models/baseState.js';
import { modelStructure } from '../../models/series.js';
import { HEADLINE_SERIES, seriesOf } from '../../engine/series.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { packageRoot } from '../../paths.js';
import { CliOutput, type OutputMode } from '../output.js';
import { type CommandContext, EXIT, stdoutTable } from '../shared.js';
import { commandHelp, scenarioRootOption } from '../options.js';

/** One series as `eastward series --json` lists it. */
interface SeriesListing {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** Shown in the report's tables and fan charts. */
  readonly headline: boolean;
}

/** The shipped baseline: whose series `eastward series` lists when no scenario is named. */
const BASELINE_FILE = path.join(packageRoot, 'scenarios', 'baseline.json');

/**
 * Every series a report of the scenario carries (the list is built from the model's blocks for
 * that scenario), with its unit and description.
 */
export function seriesCommand(out: CliOutput, file: string | undefined, opts: { scenarioRoot?: string }): number {
  const { scenario } = loadScenarioFile(file ?? BASELINE_FILE, { ...againstModel(baseYearData(loadHistory())), root: opts.scenarioRoot });
  const series: SeriesListing[] = seriesOf(modelStructure(scenario)).map((s) => ({ name: s.name, unit: s.unit, description: s.description, headline: HEADLINE_SERIES.includes(s.name) }));
  out.human(stdoutTable({ title: 'Series', caption: `The series of every report of ${scenario.id}.`, header: ['series', 'unit', 'description'], rows: series.map((s) => [s.name, s.unit, s.description]), numericColumns: [] }));
  out.document({ ok: true, command: 'series', scenario: scenario.id, series });
  return EXIT.ok;
}

/** Register `eastward series` on the program. */
export function registerSeries(program: Command, { out, act }: CommandContext): void {
  program
    .command('series')
    .argument('[scenario]', "a scenario file whose series to list (default: the shipped baseline's)")
    .description('List every series a report of the scenario carries: name, unit and description.')
    .option('--json', 'print one JSON document on stdout: { ok, command, scenario, series: [{ name, unit, description, headline }] } (headline: in the report\'s tables and fan charts)')
    .addOption(scenarioRootOption())
    .addHelpText('after', commandHelp(['eastward series', 'eastward series scenarios/high-oil.json', 'eastward series --json | jq -r \'.series[] | select(.headline) | .name\''], { 0: 'ok', 2: 'bad arguments or an invalid scenario' }))
    .action((file: string | undefined, opts: OutputMode & { scenarioRoot?: string }) => act('series', opts, () => seriesCommand(out, file, opts)));
}
