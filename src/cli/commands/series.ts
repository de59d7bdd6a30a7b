import { Command } from 'commander';
import { SERIES } from '../../engine/series.js';
import { CliOutput, type OutputMode } from '../output.js';
import { HEADLINE_SERIES } from '../../engine/series.js';
import { type CommandContext, EXIT, stdoutTable } from '../shared.js';
import { commandHelp } from '../options.js';

/** One series as `eastward series --json` lists it. */
interface SeriesListing {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** Shown in the report's tables and fan charts. */
  readonly headline: boolean;
}

/** Every series a report carries, with its unit and description. */
export function seriesCommand(out: CliOutput): number {
  const series: SeriesListing[] = SERIES.map((s) => ({ name: s.name, unit: s.unit, description: s.description, headline: (HEADLINE_SERIES as readonly string[]).includes(s.name) }));
  out.human(stdoutTable({ title: 'Series', caption: 'The series of every report.', header: ['series', 'unit', 'description'], rows: series.map((s) => [s.name, s.unit, s.description]), numericColumns: [] }));
  out.document({ ok: true, command: 'series', series });
  return EXIT.ok;
}

/** Register `eastward series` on the program. */
export function registerSeries(program: Command, { out, act }: CommandContext): void {
  program
    .command('series')
    .description('List every series a report carries: name, unit and description.')
    .option('--json', 'print one JSON document on stdout: { ok, command, series: [{ name, unit, description, headline }] } (headline: in the report\'s tables and fan charts)')
    .addHelpText('after', commandHelp(['eastward series', 'eastward series --json | jq -r \'.series[] | select(.headline) | .name\''], { 0: 'ok', 2: 'bad arguments' }))
    .action((opts: OutputMode) => act('series', opts, () => seriesCommand(out)));
}
