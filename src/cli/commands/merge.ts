import path from 'node:path';
import { Command } from 'commander';
import { rangeText } from '../../engine/shard.js';
import { readShardFile } from '../../engine/shardFile.js';
import { checkOutputFolder } from '../../io/outputFolder.js';
import { mergeShardReport } from '../../report/run.js';
import { writeReportFiles } from '../../views/reportFiles.js';
import { CliOutput } from '../output.js';
import { abortOnSignals, type CommandContext, describeWritten, EXIT, printHeadline, tableYearsInside } from '../shared.js';
import { BAD_INPUT, commandHelp, JSON_HELP, jsonOption, outOption, quietOption, yearList } from '../options.js';

/**
 * `eastward merge FILE… --out DIR`: check that the shards make one run (same scenario, seed, total
 * runs, sampling, engine and data; ranges that neither overlap nor leave a gap) and write the
 * report a single run would have written, byte for byte.
 */
export async function mergeCommand(out: CliOutput, files: string[], opts: { out?: string; tableYears?: number[] }): Promise<number> {
  // Every file is read and checked before anything is written (a ScenarioError names the file: exit 2).
  const shards = files.map((file) => ({ label: file, shard: readShardFile(file) }));
  const { scenario } = shards[0].shard.run;
  const outDir = opts.out ?? path.join('out', typeof scenario.id === 'string' ? scenario.id : 'merged');
  checkOutputFolder(outDir);
  const interrupt = abortOnSignals('SIGINT');
  try {
    const report = await mergeShardReport(shards, { onWarning: (m) => out.warn(m) });
    if (!tableYearsInside(out, opts.tableYears, report.years)) return EXIT.badInput;
    const written = await writeReportFiles(report, outDir, { tableYears: opts.tableYears, signal: interrupt.signal });
    printHeadline(out, report, opts.tableYears);
    const ranges = shards.map((s) => s.shard.paths).sort((a, b) => a.start - b.start);
    out.info(`merged ${shards.length} shard${shards.length === 1 ? '' : 's'} (${ranges.map(rangeText).join(', ')}) into ${report.runs.toLocaleString('en-US')} paths; ${describeWritten(outDir, written)}`);
    out.document({ ok: true, command: 'merge', outDir, files: written, shards: shards.map((s) => ({ file: s.label, paths: s.shard.paths })), report });
    return EXIT.ok;
  } catch (e) {
    if (interrupt.signal.aborted) {
      out.error('interrupted: no report written');
      return EXIT.interrupted;
    }
    throw e;
  } finally {
    interrupt.dispose();
  }
}

/** Register `eastward merge` on the program. */
export function registerMerge(program: Command, { out, act }: CommandContext): void {
  program
    .command('merge')
    .description('Merge shards written by `run --paths A..B --partial FILE` into the report of the whole run: the same files, byte for byte, as one `run` with the same seed and runs.')
    .argument('<shards...>', 'shard files, in any order')
    .addOption(outOption('output folder (default: out/<scenario id>)'))
    .option('--table-years <years>', 'years the report tables show, e.g. 2027,2030 (default: first, every fifth, last)', yearList)
    .addOption(jsonOption(JSON_HELP.merge))
    .addOption(quietOption())
    .addHelpText('after', commandHelp(
      [
        'eastward run scenarios/baseline.json --runs 100000 --paths 0..50000 --partial a.shard',
        'eastward run scenarios/baseline.json --runs 100000 --paths 50000..100000 --partial b.shard',
        'eastward merge a.shard b.shard --out out/baseline',
      ],
      { 0: 'ok: the report is written', 1: 'the merge failed', 2: `${BAD_INPUT}; shards that do not make one run (a gap, an overlap, another scenario, seed, total, engine or data), or a damaged shard file`, 130: 'interrupted (Ctrl-C): nothing written' },
    ))
    .action((files: string[], opts) => act('merge', opts, () => mergeCommand(out, files, opts)));
}
