import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DataError, loadHistory, type History } from './data/history.js';
import { BASE_SERIES, baseYearData, OPTIONAL_BASE_SERIES } from './models/baseState.js';
import { calibrate } from './models/calibration.js';
import { calibrationJson, CALIBRATION_FILE } from './models/calibrationFile.js';
import { openWorkerPool, runScenario } from './engine/run.js';
import { SERIES } from './engine/series.js';
import { backtest, NothingToScoreError, type OilMode, type Recalibration } from './backtest/backtest.js';
import { readActuals, withObservations, ActualsError } from './backtest/actuals.js';
import { backtestMarkdown, writeBacktestFiles } from './backtest/files.js';
import { groupWarnings, type Unscored } from './backtest/warnings.js';
import { BAND_TRUST_FILE, bandTrustFingerprint, bandTrustJson, computeBandTrust } from './backtest/trust.js';
import { engineVersion, dataDir, packageRoot } from './paths.js';
import { loadScenarioFile } from './scenario/load.js';
import { MAX_PROBLEMS_SHOWN, ScenarioError, formatProblems } from './scenario/errors.js';
import { RUN_SETTING_LIMITS, SAMPLING_METHODS } from './scenario/runOptions.js';
import { writeFilesAtomically, writeFilesUnder } from './io/atomicWrite.js';
import { readReportJson, writeReportFiles } from './io/reportFiles.js';
import { ProgressBar } from './io/progressBar.js';
import { checkOutputFolder, OutputFolderError } from './io/outputFolder.js';
import { CliOutput, type JsonProblem, type OutputMode } from './io/cliOutput.js';
import { escapeControlCharacters } from './text/controlCharacters.js';
import { bandsTable, resolveTableYears } from './views/tables.js';
import { plainTable, terminalQuestionsTable, terminalTable, terminalWidth } from './views/terminal.js';
import { escapeHtml, htmlPage } from './views/html.js';
import { compareReports, comparisonHtml, comparisonMarkdown, comparisonQuestions, comparisonRecords } from './compare/compare.js';
import { runBatch, type BatchStatus } from './batch/batch.js';
import { HEADLINE_SERIES, type ForecastReport } from './engine/report.js';
import { libraryScenarioIds, newScenarioDocument, scenarioIdFromFile } from './scenario/newScenario.js';
import type { ScenarioProblem } from './scenario/errors.js';
import type { TextTable } from './views/tables.js';
import type { Sampling } from './scenario/types.js';

/** Exit codes: 0 ok, 1 the run failed, 2 bad input (arguments or scenario). */
export const EXIT = { ok: 0, failure: 1, badInput: 2, interrupted: 130 } as const;

function integer(name: string, min: number, max: number) {
  return (raw: string): number => {
    const v = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min || v > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return v;
  };
}

/** A run setting's flag, with the same range as the library's option (RUN_SETTING_LIMITS). */
function setting(flag: string, name: keyof typeof RUN_SETTING_LIMITS) {
  return integer(flag, RUN_SETTING_LIMITS[name].min, RUN_SETTING_LIMITS[name].max);
}

/**
 * Environment variables for the common options: each fills its flag when the flag is not given, and
 * is parsed by the flag's own parser (the same RUN_SETTING_LIMITS), so a bad value exits 2 naming it.
 */
export const ENVIRONMENT = {
  runs: 'EASTWARD_RUNS',
  seed: 'EASTWARD_SEED',
  workers: 'EASTWARD_WORKERS',
  out: 'EASTWARD_OUT',
} as const;

/** `--runs`, `--seed` or `--workers`: the setting's range, its environment variable, and a default if any. */
function settingOption(name: 'runs' | 'seed' | 'workers', description: string, defaultValue?: number): Option {
  const flag = `--${name}`;
  const o = new Option(`${flag} <${name === 'runs' ? 'n' : name === 'seed' ? 's' : 'w'}>`, description).argParser(setting(flag, name)).env(ENVIRONMENT[name]);
  return defaultValue === undefined ? o : o.default(defaultValue);
}

/** `--out <dir>` with EASTWARD_OUT; required for batch (the flag or the variable). */
function outOption(description: string, options: { readonly default?: string; readonly required?: boolean } = {}): Option {
  const o = new Option('--out <dir>', description).env(ENVIRONMENT.out);
  if (options.required) o.makeOptionMandatory();
  return options.default === undefined ? o : o.default(options.default);
}

/** A table for stdout: escaped, and fitted to the terminal's width (100 columns when piped). */
function stdoutTable(t: TextTable): string {
  return plainTable(terminalTable(t), terminalWidth(process.stdout));
}

/**
 * An AbortSignal that fires when the process receives one of `names` (Ctrl-C, kill); `dispose`
 * removes the handlers again.
 */
function abortOnSignals(...names: NodeJS.Signals[]): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  for (const n of names) process.once(n, onSignal);
  return { signal: controller.signal, dispose: () => names.forEach((n) => process.off(n, onSignal)) };
}

/** The headline medians and bands on stdout, then the answers to the scenario's questions. */
function printHeadline(out: CliOutput, report: ForecastReport, tableYears?: readonly number[]): void {
  out.human(`${escapeControlCharacters(report.scenario.name)}\nmedian [P10–P90]\n${stdoutTable(bandsTable(report, resolveTableYears(report.years, tableYears)))}`);
  if (report.questions.length > 0) out.human(`\n${stdoutTable(terminalQuestionsTable(report))}`);
}

/** "wrote N files to DIR: …" without listing every chart. */
function describeWritten(dir: string, written: readonly string[]): string {
  const top = written.map((f) => path.relative(dir, f)).filter((f) => !f.includes(path.sep));
  const charts = written.length - top.length;
  return `wrote ${dir}/{${top.join(',')}}${charts > 0 ? ` and ${charts} chart files in ${path.join(dir, 'charts')}` : ''}`;
}

async function runCommand(out: CliOutput, file: string, opts: { runs?: number; seed?: number; workers?: number; chunkPaths?: number; sampling?: Sampling; out?: string; progress: boolean; tableYears?: number[]; scenarioRoot?: string }): Promise<number> {
  const history = loadHistory();
  const base = baseYearData(history);
  const { scenario } = loadScenarioFile(file, { base, root: opts.scenarioRoot });
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
    // Ctrl-C is honoured until the last rename: charts render first, and an abort then writes nothing.
    const written = await writeReportFiles(report, outDir, { tableYears: opts.tableYears, signal: interrupt.signal });
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

/** One file's verdict in `validate --json`. */
interface ValidatedFile {
  readonly file: string;
  readonly valid: boolean;
  readonly problems: readonly JsonProblem[];
}

function validateCommand(out: CliOutput, files: string[], opts: { scenarioRoot?: string }): number {
  const base = baseYearData(loadHistory());
  const verdicts: ValidatedFile[] = [];
  for (const file of files) {
    try {
      loadScenarioFile(file, { base, root: opts.scenarioRoot });
      out.human(`${file}: valid\n`);
      verdicts.push({ file, valid: true, problems: [] });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      printProblems(out, e);
      verdicts.push({ file, valid: false, problems: e.problems.map(jsonProblem) });
    }
  }
  const valid = verdicts.every((v) => v.valid);
  out.document({ ok: valid, command: 'validate', files: verdicts });
  return valid ? EXIT.ok : EXIT.badInput;
}

/** A scenario problem for a JSON document: its file, pointer and message (line and column for malformed JSON). */
function jsonProblem(p: ScenarioProblem): JsonProblem {
  return p.line !== undefined ? { file: p.file, pointer: p.pointer, message: p.message, line: p.line, column: p.column ?? 1 } : { file: p.file, pointer: p.pointer, message: p.message };
}

/** One series as `eastward series --json` lists it. */
interface SeriesListing {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** Shown in the report's tables and fan charts. */
  readonly headline: boolean;
}

/** Every series a report carries, with its unit and description. */
function seriesCommand(out: CliOutput): number {
  const series: SeriesListing[] = SERIES.map((s) => ({ name: s.name, unit: s.unit, description: s.description, headline: (HEADLINE_SERIES as readonly string[]).includes(s.name) }));
  out.human(stdoutTable({ title: 'Series', caption: 'The series of every report.', header: ['series', 'unit', 'description'], rows: series.map((s) => [s.name, s.unit, s.description]), numericColumns: [] }));
  out.document({ ok: true, command: 'series', series });
  return EXIT.ok;
}

/** Write a new scenario file that extends a library scenario; never overwrites. */
function newCommand(out: CliOutput, file: string, opts: { from: string }): number {
  const id = scenarioIdFromFile(file);
  if (id === undefined) {
    out.error(`error: ${escapeControlCharacters(file)}: no scenario id can be made from this file name; name it like cheap-oil.json`);
    return EXIT.badInput;
  }
  const document = newScenarioDocument(file, opts.from, id);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  try {
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    out.error(`error: ${escapeControlCharacters(file)} already exists; not overwritten (choose another name, or delete it first)`);
    return EXIT.badInput;
  }
  loadScenarioFile(file, { base: baseYearData(loadHistory()) }); // what was written validates (a ScenarioError would exit 2)
  out.human(`wrote ${escapeControlCharacters(file)}: scenario "${id}" extending ${document.extends}\nnext: edit its name and description, add only the values to change, then run \`eastward validate ${escapeControlCharacters(file)}\`\n`);
  out.document({ ok: true, command: 'new', file, id, extends: document.extends, document });
  return EXIT.ok;
}

/** A generated file's bytes on disk ('' when missing: missing counts as different). */
function currentText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Re-estimate data/calibration.json and recompute data/backtest-summary.json (the rolling
 * backtest behind every report's "How far to trust these bands"); `--check` only compares.
 */
async function calibrateCommand(opts: { check: boolean; dataDir: string }): Promise<number> {
  const history = loadHistory(opts.dataDir);
  const base = baseYearData(history);
  const expected: Record<string, string> = {
    [path.join(opts.dataDir, CALIBRATION_FILE)]: calibrationJson(calibrate(history, base.year)),
    [path.join(opts.dataDir, BAND_TRUST_FILE)]: bandTrustJson(await computeBandTrust({ history }), bandTrustFingerprint(history)),
  };
  if (opts.check) {
    const stale = Object.keys(expected).filter((file) => currentText(file) !== expected[file]);
    if (stale.length === 0) {
      process.stdout.write(`${Object.keys(expected).join(' and ')} are up to date (data through ${base.year})\n`);
      return EXIT.ok;
    }
    for (const file of stale) process.stderr.write(`${file} differs from a fresh computation: run \`eastward calibrate\`\n`);
    return EXIT.failure;
  }
  writeFilesAtomically(expected);
  process.stdout.write(`wrote ${Object.keys(expected).join(' and ')} (data through ${base.year})\n`);
  return EXIT.ok;
}

/** Base series an as-of year must observe (gas, LNG and coal may be missing: started from zero). */
const REQUIRED_BASE_SERIES = BASE_SERIES.filter((x) => !(OPTIONAL_BASE_SERIES as readonly string[]).includes(x));

/** Can a projection start from `year`: every required base series and a settlement statement by then? */
function canStartFrom(history: History, year: number): boolean {
  return REQUIRED_BASE_SERIES.every((x) => history.has(x, year)) && history.has('oil.brent', year - 1) && history.settlementStatements.some((st) => Math.floor(st.decimalYear) <= year);
}

async function backtestCommand(out: CliOutput, opts: { asOf?: number; rolling?: [number, number]; scenario: string; scenarioRoot?: string; actuals?: string; oil: OilMode; recalibrate: Recalibration; runs: number; seed: number; workers?: number; out?: string }): Promise<number> {
  if ((opts.asOf === undefined) === (opts.rolling === undefined)) {
    out.error('error: give exactly one of --as-of YEAR or --rolling FROM..TO');
    return EXIT.badInput;
  }
  let history = loadHistory();
  if (opts.actuals) {
    const known = new Set<string>([...SERIES.map((x) => x.name), ...history.seriesNames()]);
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
  const { scenario } = loadScenarioFile(opts.scenario, { root: opts.scenarioRoot });
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

async function compareCommand(out: CliOutput, inputs: string[], opts: { out?: string; runs?: number; seed?: number; workers?: number; tableYears?: number[]; scenarioRoot?: string }): Promise<number> {
  const history = loadHistory();
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
  const toRun = loaded.filter((l) => !l.report).map((l) => ({ ...l, scenario: loadScenarioFile(l.input, { base, root: opts.scenarioRoot }).scenario }));
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
      reports.push(l.report ?? (await runScenario(s!, { runs, seed, history, pool, workers: pool ? undefined : 0, onWarning: (m) => out.warn(m) })));
    }
  } finally {
    await pool?.destroy();
  }
  const c = await compareReports(reports, opts.tableYears);
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
    rows: comparisonRecords(reports),
  });
  return EXIT.ok;
}

async function batchCommand(out: CliOutput, inputs: string[], opts: { out: string; runs?: number; seed?: number; workers?: number; force: boolean; tableYears?: number[]; scenarioRoot?: string }): Promise<number> {
  const interrupt = abortOnSignals('SIGINT', 'SIGTERM');
  const started = Date.now();
  try {
    const result = await runBatch(inputs, {
      outDir: opts.out,
      runs: opts.runs,
      seed: opts.seed,
      workers: opts.workers,
      force: opts.force,
      tableYears: opts.tableYears,
      scenarioRoot: opts.scenarioRoot,
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
      command: 'batch',
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

function yearList(raw: string): number[] {
  const years = raw.split(',').map((y) => y.trim());
  if (years.length === 0 || years.some((y) => !/^\d{4}$/.test(y))) throw new InvalidArgumentError('must be years separated by commas, e.g. 2027,2030');
  return years.map(Number);
}

function yearRange(raw: string): [number, number] {
  const m = /^(\d{4})\.\.(\d{4})$/.exec(raw.trim());
  if (!m || Number(m[1]) > Number(m[2])) throw new InvalidArgumentError('must look like 2015..2022 (first year not after the last)');
  return [Number(m[1]), Number(m[2])];
}

const QUIET_HELP = 'no progress bar and no informational lines on stderr (warnings and errors are still printed)';

/** What `--json` prints, per command. */
const JSON_HELP = {
  run: 'print one JSON document on stdout instead of the tables: { ok, command, outDir, files, report } (report: the content of report.json)',
  compare: 'print one JSON document on stdout instead of the tables: { ok, command, outDir, files, scenarios, reference, years, warnings, questions, rows } (rows: the rows of comparison.csv)',
  batch: 'print one JSON document on stdout: { ok, command, outDir, counts, scenarios, indexFiles } (scenarios: each file\'s status, report folder and problems)',
  validate: 'print one JSON document on stdout: { ok, command, files: [{ file, valid, problems: [{ file, pointer, message }] }] }',
  backtest: 'print one JSON document on stdout instead of the Markdown: { ok, command, outDir, files, backtest } (backtest: the content of backtest.json)',
} as const;

const SCENARIO_ROOT_HELP = 'folder tree that a scenario\'s "extends" may reach (default: the scenario file\'s own folder)';

/** Print a ScenarioError's problems on stderr, one line each, at most MAX_PROBLEMS_SHOWN of them. */
function printProblems(out: CliOutput, e: ScenarioError): void {
  const lines = formatProblems(e.problems);
  lines.forEach((line, i) => out.error(line, i < MAX_PROBLEMS_SHOWN ? jsonProblem(e.problems[i]) : { message: line }));
}

/** The years a scenario projects: from the year after the data to its horizon. */
function projectionYears(baseYear: number, horizon: number): number[] {
  return Array.from({ length: Math.max(0, horizon - baseYear) }, (_, i) => baseYear + 1 + i);
}

/** Are the --table-years (if any) all projected? If not, say which are not, on stderr. */
function tableYearsInside(out: CliOutput, tableYears: readonly number[] | undefined, projected: readonly number[]): boolean {
  const outside = (tableYears ?? []).filter((y) => !projected.includes(y));
  if (outside.length === 0) return true;
  const range = projected.length > 0 ? `${projected[0]}–${projected[projected.length - 1]}` : 'no years';
  out.error(`error: --table-years ${outside.join(',')}: not projected (the projection covers ${range})`);
  return false;
}

/** Exit codes each command documents in its --help (code: meaning). */
const BAD_INPUT = 'bad input: arguments, an EASTWARD_* variable, a scenario, or an output folder in the way';

/**
 * The text after a command's options in --help: examples, then its exit codes.
 *
 * @example
 * commandHelp(['eastward series'], { 0: 'ok' }); // '\nExamples:\n  $ eastward series\n\nExit codes:\n  0    ok'
 */
export function commandHelp(examples: readonly string[], exits: Readonly<Record<number, string>>): string {
  const codes = Object.entries(exits).map(([code, meaning]) => `  ${code.padEnd(4)} ${meaning}`);
  return `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n\nExit codes:\n${codes.join('\n')}`;
}

/** Build the command tree. Exposed for tests. */
export function buildProgram(setExit: (code: number) => void, out: CliOutput = processOutput()): Command {
  const program = new Command();
  /** Set the command's output mode from its options, run it, and set the exit code. */
  const act = async (name: string, mode: OutputMode, action: () => Promise<number> | number) => {
    out.use(name, mode);
    setExit(await action());
  };
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
  ${ENVIRONMENT.runs}     --runs of run, compare, batch and backtest
  ${ENVIRONMENT.seed}     --seed of the same commands
  ${ENVIRONMENT.workers}  --workers of the same commands
  ${ENVIRONMENT.out}      --out of the same commands (satisfies batch's required --out)`);
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
    .option('--no-progress', 'do not show the progress bar')
    .option('--json', JSON_HELP.run)
    .option('--quiet', QUIET_HELP)
    .option('--scenario-root <dir>', SCENARIO_ROOT_HELP)
    .addHelpText('after', commandHelp(
      ['eastward run scenarios/baseline.json', 'eastward run my.json --runs 50000 --seed 7 --out out/my --table-years 2027,2030', 'eastward run scenarios/baseline.json --json --quiet | jq .report.questions', 'EASTWARD_WORKERS=2 eastward run scenarios/high-oil.json --quiet'],
      { 0: 'ok: the report is written', 1: 'the run failed', 2: BAD_INPUT, 130: 'interrupted (Ctrl-C): nothing written' },
    ))
    .action((file: string, opts) => act('run', opts, () => runCommand(out, file, opts)));
  program
    .command('compare')
    .description('Compare reports (report.json or its folder) or scenarios (run on one seed) side by side: DIR/comparison.html, .md, .csv and charts/.')
    .argument('<input...>', 'report.json files, report folders or scenario files; the first is the reference for differences')
    .addOption(outOption('output folder', { default: path.join('out', 'compare') }))
    .addOption(settingOption('runs', 'paths per scenario run (default: the first scenario\'s)'))
    .addOption(settingOption('seed', 'seed for every scenario run (default: the first scenario\'s)'))
    .addOption(settingOption('workers', 'worker threads; 0 runs in this thread (default: cores available)'))
    .option('--table-years <years>', 'years the tables show, e.g. 2027,2030', yearList)
    .option('--scenario-root <dir>', SCENARIO_ROOT_HELP)
    .option('--json', JSON_HELP.compare)
    .option('--quiet', QUIET_HELP)
    .addHelpText('after', commandHelp(
      ['eastward compare scenarios/baseline.json scenarios/high-oil.json scenarios/low-oil-tight-cap.json', 'eastward compare out/baseline out/high-oil/report.json --out out/cmp', 'eastward compare scenarios/baseline.json scenarios/pos2-never.json --runs 20000 --json > cmp.json'],
      { 0: 'ok: the comparison is written', 1: 'a run failed', 2: BAD_INPUT },
    ))
    .action((inputs: string[], opts) => act('compare', opts, () => compareCommand(out, inputs, opts)));
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
    .option('--scenario-root <dir>', SCENARIO_ROOT_HELP)
    .option('--json', JSON_HELP.batch)
    .option('--quiet', QUIET_HELP)
    .addHelpText('after', commandHelp(
      ['eastward batch scenarios --out out/library', 'eastward batch scenarios my.json --out out/all --runs 20000 --force', 'EASTWARD_OUT=out/nightly eastward batch scenarios --quiet --json > batch.json'],
      { 0: 'every scenario ran or was unchanged', 1: 'a scenario\'s run failed (the others completed)', 2: `an invalid scenario was skipped (the others completed), or ${BAD_INPUT}`, 130: 'interrupted: finished reports are whole; rerun to resume' },
    ))
    .action((inputs: string[], opts) => act('batch', opts, () => batchCommand(out, inputs, opts)));
  program
    .command('validate')
    .description('Check scenario files; print every problem as <file>: <json pointer>: <message>.')
    .argument('<file...>', 'scenario JSON files')
    .option('--scenario-root <dir>', SCENARIO_ROOT_HELP)
    .option('--json', JSON_HELP.validate)
    .option('--quiet', QUIET_HELP)
    .addHelpText('after', commandHelp(
      ['eastward validate scenarios/*.json', 'eastward validate scenarios/high-oil.json scenarios/pos2-never.json --json', 'eastward validate work/mine.json --scenario-root .'],
      { 0: 'every file is valid', 2: 'a file has problems (each printed as <file>: <json pointer>: <message>), or bad arguments' },
    ))
    .action((files: string[], opts: { scenarioRoot?: string } & OutputMode) => act('validate', opts, () => validateCommand(out, files, opts)));
  program
    .command('backtest')
    .description('Refit on data up to a year, forecast the following years, and score the forecasts (coverage, CRPS, MAPE) beside naive forecasts.')
    .option('--as-of <year>', 'last year of data used for fitting (this or --rolling is required)', integer('--as-of', 1990, 2100))
    .option('--rolling <from..to>', 'every as-of year in the range, scores summarised by horizon (this or --as-of is required)', yearRange)
    .option('--scenario <file>', 'scenario to project with', path.join(packageRoot, 'scenarios', 'baseline.json'))
    .option('--scenario-root <dir>', SCENARIO_ROOT_HELP)
    .option('--actuals <file>', 'extra actuals in the long format of data/history.csv (series,year,value,…), added to the shipped data for scoring')
    .addOption(new Option('--oil <mode>', 'realised: condition on the realised Brent path; scenario: the scenario\'s own oil uncertainty').choices(['realised', 'scenario']).default('realised'))
    .addOption(new Option('--recalibrate <method>', 'conformal: also score the engine with its bands rescaled by a split-conformal factor learnt from earlier origins (a correction layered on the model)').choices(['none', 'conformal']).default('none'))
    .addOption(settingOption('runs', 'paths per as-of year', 4000))
    .addOption(settingOption('seed', 'run seed', 1))
    .addOption(settingOption('workers', 'worker threads (default: in-process)'))
    .addOption(outOption('output folder (default: out/backtest-<as-of>)'))
    .option('--json', JSON_HELP.backtest)
    .option('--quiet', QUIET_HELP)
    .addHelpText('after', commandHelp(
      ['eastward backtest --as-of 2021', 'eastward backtest --rolling 2015..2022 --runs 10000 --recalibrate conformal', 'eastward backtest --as-of 2022 --actuals my-actuals.csv --json'],
      { 0: 'ok: backtest.json, .csv and .md are written', 1: 'the backtest failed', 2: `${BAD_INPUT}; neither or both of --as-of and --rolling; nothing to score` },
    ))
    .action((opts) => act('backtest', opts, () => backtestCommand(out, opts)));
  program
    .command('series')
    .description('List every series a report carries: name, unit and description.')
    .option('--json', 'print one JSON document on stdout: { ok, command, series: [{ name, unit, description, headline }] } (headline: in the report\'s tables and fan charts)')
    .addHelpText('after', commandHelp(['eastward series', 'eastward series --json | jq -r \'.series[] | select(.headline) | .name\''], { 0: 'ok', 2: 'bad arguments' }))
    .action((opts: OutputMode) => act('series', opts, () => seriesCommand(out)));
  program
    .command('new')
    .description('Write a new scenario file that extends a scenario of the shipped library ("extends": "eastward/scenarios/<id>.json"), with $schema, an id from the file name, and a name and description to fill in. Never overwrites a file.')
    .argument('<file>', 'scenario file to create, e.g. cheap-oil.json (its name gives the id)')
    .addOption(new Option('--from <scenario>', 'library scenario to extend').choices(libraryScenarioIds()).default('baseline'))
    .option('--json', 'print one JSON document on stdout: { ok, command, file, id, extends, document }')
    .addHelpText('after', commandHelp(
      ['eastward new cheap-oil.json', 'eastward new work/tight-cap-2027.json --from low-oil-tight-cap', 'eastward new cheap-oil.json && eastward validate cheap-oil.json'],
      { 0: 'the file is written and validates', 2: 'the file exists (never overwritten), its name gives no id, or an unknown --from' },
    ))
    .action((file: string, opts: { from: string } & OutputMode) => act('new', opts, () => newCommand(out, file, opts)));
  program
    .command('calibrate')
    .description('Re-estimate the calibrated parameters from data/ and write data/calibration.json; rerun the rolling backtest of the baseline behind every report\'s "How far to trust these bands" and write data/backtest-summary.json.')
    .option('--check', 'only check that both committed files match a fresh computation (exit 1 if not)', false)
    .option('--data-dir <dir>', 'data folder', dataDir)
    .addHelpText('after', commandHelp(
      ['eastward calibrate', 'eastward calibrate --check'],
      { 0: 'written, or (--check) both files are up to date', 1: '--check: a file is stale; or the computation failed', 2: 'bad arguments or data' },
    ))
    .action((opts: { check: boolean; dataDir: string }) => act('calibrate', {}, () => calibrateCommand(opts)));
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
    if (e instanceof ActualsError) {
      out.error(`error: ${e.message}`);
      return EXIT.badInput;
    }
    out.error(`error: ${(e as Error).message ?? String(e)}`);
    return EXIT.failure;
  }
}
