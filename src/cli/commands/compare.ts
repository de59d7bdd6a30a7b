import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadHistory } from '../../data/history.js';
import { againstModel, baseYearData } from '../../models/baseState.js';
import { openWorkerPool, runScenario } from '../../report/run.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { ScenarioError } from '../../scenario/errors.js';
import { writeFilesUnder } from '../../io/atomicWrite.js';
import { readReportJson } from '../../views/reportFiles.js';
import { checkOutputFolder } from '../../io/outputFolder.js';
import { CliOutput } from '../output.js';
import { escapeControlCharacters } from '../../text/controlCharacters.js';
import { escapeHtml, htmlPage } from '../../views/html.js';
import { compareReports, comparisonHtml, comparisonMarkdown, comparisonQuestions, comparisonRecords } from '../../compare/compare.js';
import { pairedAgainstReference } from '../../compare/paired.js';
import { type ForecastReport } from '../../report/report.js';
import { type CommandContext, EXIT, projectionYears, stdoutTable, tableYearsInside } from '../shared.js';
import { BAD_INPUT, commandHelp, dataDirOption, JSON_HELP, jsonOption, outOption, quietOption, scenarioRootOption, settingOption, yearList } from '../options.js';

export async function compareCommand(out: CliOutput, inputs: string[], opts: { out?: string; runs?: number; seed?: number; workers?: number; tableYears?: number[]; scenarioRoot?: string; dataDir?: string }): Promise<number> {
  const history = loadHistory(opts.dataDir);
  const base = baseYearData(history);
  // Reports are read as they are; scenarios are run on one seed and run count so that their
  // differences come from the scenarios (common random numbers), not from Monte Carlo noise.
  const loaded = inputs.map((input) => ({ input, report: readReportJson(input) }));
  // A folder is a report folder: one without a readable report.json is named as such, not read as a scenario.
  const brokenFolders = loaded.filter((l) => !l.report && existsSync(l.input) && statSync(l.input).isDirectory());
  if (brokenFolders.length > 0) {
    throw new ScenarioError(
      brokenFolders.map((l) => {
        const file = path.join(l.input, 'report.json');
        return { file, pointer: '', message: existsSync(file) ? 'is not an eastward report (not valid JSON, or not written by eastward)' : 'missing: a folder given to compare must hold a report.json' };
      }),
    );
  }
  const toRun = loaded.filter((l) => !l.report).map((l) => ({ ...l, scenario: loadScenarioFile(l.input, { ...againstModel(base), root: opts.scenarioRoot }).scenario }));
  const projected = loaded.map((l) => l.report?.years ?? projectionYears(base.year, toRun.find((x) => x.input === l.input)!.scenario.horizon));
  if (!tableYearsInside(out, opts.tableYears, projected.reduce((common, years) => common.filter((y) => years.includes(y))))) return EXIT.badInput;
  const outDir = opts.out ?? path.join('out', 'compare');
  checkOutputFolder(outDir);
  const firstScenario = toRun[0]?.scenario;
  const runs = opts.runs ?? firstScenario?.simulation.runs;
  const seed = opts.seed ?? firstScenario?.simulation.seed;
  const pool = toRun.length > 0 && opts.workers !== 0 ? openWorkerPool(opts.workers) : undefined;
  const reports: ForecastReport[] = [];
  try {
    for (const l of loaded) {
      const s = toRun.find((x) => x.input === l.input)?.scenario;
      reports.push(l.report ?? (await runScenario(s!, { runs, seed, history, dataDir: opts.dataDir, pool, workers: pool ? undefined : 0, onWarning: (m) => out.warn(m) })));
    }
  } finally {
    await pool?.destroy();
  }
  // Scenario files run here are also run in pairs with the reference, on the same paths; reports read from disk stay unpaired.
  const scenarios = loaded.map((l) => toRun.find((x) => x.input === l.input)?.scenario);
  const paired = runs !== undefined && seed !== undefined ? await pairedAgainstReference(scenarios, { runs, seed }, { history, workers: opts.workers, onWarning: (m) => out.warn(m) }) : scenarios.map(() => undefined);
  const unpaired = reports.slice(1).filter((_, k) => !paired[k + 1]).map((r) => r.scenario.id);
  if (reports.length > 1 && unpaired.length > 0) out.info(`differences from ${reports[0].scenario.id} are unpaired for ${unpaired.join(', ')} (a report read from disk has no paths to pair; give scenario files for paired differences)`);
  const c = await compareReports(reports, opts.tableYears, 'charts', paired);
  c.warnings.forEach((m) => out.warn(m));
  const files: Record<string, string> = {
    'comparison.csv': c.csv,
    'comparison.md': `# ${reports.map((r) => r.scenario.id).join(' vs ')}\n\n${comparisonMarkdown(c)}`,
    'comparison.html': htmlPage(`${reports.map((r) => r.scenario.id).join(' vs ')} — eastward comparison`, `<h1>${escapeHtml(reports.map((r) => r.scenario.name).join(' vs '))}</h1>\n${comparisonHtml(c)}`),
    ...c.chartFiles,
  };
  writeFilesUnder(outDir, files);
  for (const t of c.tables) out.human(`${escapeControlCharacters(t.title)}\n${stdoutTable(t)}\n`);
  out.info(`wrote ${outDir}/{comparison.html,comparison.md,comparison.csv} and ${Object.keys(c.chartFiles).length} chart files`);
  out.document({
    ok: true,
    command: 'compare',
    outDir,
    files: Object.keys(files).map((f) => path.join(outDir, f)),
    scenarios: reports.map((r) => ({ id: r.scenario.id, name: r.scenario.name, runs: r.runs, seed: r.seed, engine: r.engine })),
    reference: reports[0].scenario.id,
    years: c.years,
    warnings: c.warnings,
    questions: comparisonQuestions(reports),
    rows: comparisonRecords(reports, paired),
  });
  return EXIT.ok;
}

/** Register `eastward compare` on the program. */
export function registerCompare(program: Command, { out, act }: CommandContext): void {
  program
    .command('compare')
    .description('Compare reports (report.json or its folder) or scenarios (run on one seed) side by side: DIR/comparison.html, .md, .csv and charts/. Scenario files are also run in pairs with the first on the same paths: the per-path difference (median, P10, P90) and the probability of being above it.')
    .argument('<input...>', 'report.json files, report folders or scenario files; the first is the reference for differences')
    .addOption(outOption('output folder', { default: path.join('out', 'compare') }))
    .addOption(settingOption('runs', 'paths per scenario run (default: the first scenario\'s)'))
    .addOption(settingOption('seed', 'seed for every scenario run (default: the first scenario\'s)'))
    .addOption(settingOption('workers', 'worker threads; 0 runs in this thread (default: cores available)'))
    .option('--table-years <years>', 'years the tables show, e.g. 2027,2030', yearList)
    .addOption(scenarioRootOption())
    .addOption(dataDirOption())
    .addOption(jsonOption(JSON_HELP.compare))
    .addOption(quietOption())
    .addHelpText('after', commandHelp(
      ['eastward compare scenarios/baseline.json scenarios/high-oil.json scenarios/low-oil-tight-cap.json', 'eastward compare out/baseline out/high-oil/report.json --out out/cmp', 'eastward compare scenarios/baseline.json scenarios/pos2-never.json --runs 20000 --json > cmp.json'],
      { 0: 'ok: the comparison is written', 1: 'a run failed', 2: BAD_INPUT },
    ))
    .action((inputs: string[], opts) => act('compare', opts, () => compareCommand(out, inputs, opts)));
}
