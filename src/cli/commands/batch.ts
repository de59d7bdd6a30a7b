import path from 'node:path';
import { Command } from 'commander';
import { CliOutput } from '../output.js';
import { escapeControlCharacters } from '../../text/controlCharacters.js';
import { type BatchEngine, type BatchStatus, runBatch } from '../../batch/batch.js';
import { abortOnSignals, type CommandContext, EXIT } from '../shared.js';
import { loadHistory } from '../../data/history.js';
import { baseYearData } from '../../models/baseState.js';
import { BAD_INPUT, commandHelp, dataDirOption, JSON_HELP, jsonOption, outOption, quietOption, scenarioRootOption, settingOption, yearList } from '../options.js';

/**
 * `eastward batch`, and `eastward queue submit` with the queue's engine (`engine`, made once the
 * arguments are checked; `command` names the command in its JSON document).
 */
export async function batchCommand(
  out: CliOutput,
  inputs: string[],
  opts: { out: string; runs?: number; seed?: number; workers?: number; force: boolean; tableYears?: number[]; scenarioRoot?: string; dataDir?: string },
  how: { readonly command: string; readonly engine?: (signal: AbortSignal) => Promise<BatchEngine> } = { command: 'batch' },
): Promise<number> {
  // Table years must be projected years: after the data's last year (each scenario's horizon then
  // decides how far its own tables reach). Checked before any scenario runs.
  const firstProjected = baseYearData(loadHistory(opts.dataDir)).year + 1;
  const early = (opts.tableYears ?? []).filter((y) => y < firstProjected);
  if (early.length > 0) {
    out.error(`error: --table-years ${early.join(',')}: not projected (projections start in ${firstProjected})`);
    return EXIT.badInput;
  }
  const interrupt = abortOnSignals('SIGINT', 'SIGTERM');
  const started = Date.now();
  try {
    const engine = how.engine ? await how.engine(interrupt.signal) : undefined;
    const result = await runBatch(inputs, {
      engine,
      outDir: opts.out,
      runs: opts.runs,
      seed: opts.seed,
      workers: opts.workers,
      force: opts.force,
      tableYears: opts.tableYears,
      scenarioRoot: opts.scenarioRoot,
      dataDir: opts.dataDir,
      signal: interrupt.signal,
      onEvent: (m) => out.info(m.split('\n').map(escapeControlCharacters).join('\n')),
      onWarning: (m) => out.warn(m),
    });
    const count = (s: BatchStatus) => result.entries.filter((e) => e.status === s).length;
    const bad = result.entries.filter((e) => e.status === 'invalid' || e.status === 'failed');
    out.info(`${count('ran')} ran, ${count('unchanged')} unchanged, ${count('invalid')} invalid, ${count('failed')} failed in ${((Date.now() - started) / 1000).toFixed(1)} s; wrote ${path.join(opts.out, 'index.html')}`);
    for (const e of bad) {
      // Under --quiet the per-scenario lines were not shown: the problems are errors, so print them here.
      const problems = out.quiet ? (e.problems ?? []).map((p) => `\n  ${escapeControlCharacters(p)}`).join('') : '';
      out.error(`${e.status}: ${escapeControlCharacters(e.file)}${problems}`, { file: e.file, message: `${e.status}${e.problems ? `: ${e.problems.join('; ')}` : ''}` });
    }
    const code = count('failed') > 0 ? EXIT.failure : bad.length > 0 ? EXIT.badInput : EXIT.ok;
    out.document({
      ok: code === EXIT.ok,
      command: how.command,
      outDir: opts.out,
      counts: { ran: count('ran'), unchanged: count('unchanged'), invalid: count('invalid'), failed: count('failed') },
      scenarios: result.entries,
      indexFiles: result.indexFiles.map((f) => path.join(opts.out, f)),
    });
    return code;
  } catch (e) {
    if (interrupt.signal.aborted) {
      out.error('interrupted: finished reports are complete; run the same command again to resume');
      return EXIT.interrupted;
    }
    throw e;
  } finally {
    interrupt.dispose();
  }
}

/** Register `eastward batch` on the program. */
export function registerBatch(program: Command, { out, act }: CommandContext): void {
  program
    .command('batch')
    .usage('--out <dir> [options] <input...>')
    .description('Run every scenario of folders or files into DIR/<scenario id>/, then write DIR/index.html, index.md, comparison.csv and batch.json. Bad scenarios are reported and skipped (exit non-zero at the end); unchanged ones are skipped, so an interrupted batch resumes.')
    .argument('<input...>', 'folders (their *.json files) or scenario files')
    .addOption(outOption('output folder (required: the flag or EASTWARD_OUT)', { required: true }))
    .addOption(settingOption('runs', 'paths per scenario (default: each scenario\'s simulation.runs)'))
    .addOption(settingOption('seed', 'seed for every scenario (default: each scenario\'s simulation.seed)'))
    .addOption(settingOption('workers', 'worker threads shared by all runs; 0 runs in this thread (default: cores available)'))
    .option('--force', 'rerun scenarios whose report is up to date', false)
    .option('--table-years <years>', 'years the tables show, e.g. 2027,2030', yearList)
    .addOption(scenarioRootOption())
    .addOption(dataDirOption())
    .addOption(jsonOption(JSON_HELP.batch))
    .addOption(quietOption())
    .addHelpText('after', commandHelp(
      ['eastward batch scenarios --out out/library', 'eastward batch scenarios my.json --out out/all --runs 20000 --force', 'EASTWARD_OUT=out/nightly eastward batch scenarios --quiet --json > batch.json'],
      { 0: 'every scenario ran or was unchanged', 1: 'a scenario\'s run failed (the others completed)', 2: `an invalid scenario was skipped (the others completed), or ${BAD_INPUT}`, 130: 'interrupted: finished reports are whole; rerun to resume' },
    ))
    .action((inputs: string[], opts) => act('batch', opts, () => batchCommand(out, inputs, opts)));
}
