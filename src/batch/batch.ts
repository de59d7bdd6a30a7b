import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareReports, comparisonHtml, comparisonMarkdown, type PairedAgainstReference } from '../compare/compare.js';
import { pairedAgainstReference } from '../compare/paired.js';
import { historyFingerprint, loadHistory, type History } from '../data/history.js';
import type { ForecastReport } from '../report/report.js';
import { openWorkerPool, runScenario, type WorkerPool } from '../report/run.js';
import { removeStaleTemporaries, replaceDirectoryAtomically, writeFilesUnder } from '../io/atomicWrite.js';
import { acquireFolderLock, checkOutputFolder } from '../io/outputFolder.js';
import { readReportJson, reportFiles } from '../views/reportFiles.js';
import { againstModel, baseYearData } from '../models/baseState.js';
import { engineVersion } from '../paths.js';
import { ScenarioError, formatProblems } from '../scenario/errors.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { escapeHtml, htmlPage, htmlTable } from '../views/html.js';
import { markdownTable } from '../views/markdown.js';
import type { TextTable } from '../views/tables.js';
import { canonicalJson, sha256 } from '../io/fingerprint.js';
import { loadCalibration } from '../models/calibrationFile.js';
import type { Calibration } from '../models/calibration.js';

/** What happened to one scenario file of a batch. */
export type BatchStatus = 'ran' | 'unchanged' | 'invalid' | 'failed';

export interface BatchEntry {
  /** The scenario file as given (or found in a given folder). */
  readonly file: string;
  readonly status: BatchStatus;
  readonly id?: string;
  readonly name?: string;
  /** Report folder relative to the batch's output folder. */
  readonly reportDir?: string;
  /** What was wrong, for invalid and failed scenarios (file: pointer: message lines). */
  readonly problems?: readonly string[];
}

export interface BatchOptions {
  readonly outDir: string;
  /** Override every scenario's runs and seed (default: each scenario's own). */
  readonly runs?: number;
  readonly seed?: number;
  /** Worker threads shared by all runs; 0 runs in this thread (default: the cores available). */
  readonly workers?: number;
  /** Rerun scenarios whose report is up to date. */
  readonly force?: boolean;
  readonly tableYears?: readonly number[];
  /** The folder tree each scenario's `extends` may reach (default: each file's own folder). */
  readonly scenarioRoot?: string;
  /** A data folder laid out like data/ (see SimulationOptions.dataDir); default: the shipped data. */
  readonly dataDir?: string;
  readonly signal?: AbortSignal;
  /** One line per scenario as it finishes, for a terminal. */
  readonly onEvent?: (message: string) => void;
  readonly onWarning?: (message: string) => void;
  /** Where the reports are made (default: this machine's worker pool; see BatchEngine). */
  readonly engine?: BatchEngine;
}

/** One scenario a batch has to run: its file, the validated scenario and its settings. */
export interface BatchRun {
  readonly file: string;
  readonly scenario: Scenario;
  readonly runs: number;
  readonly seed: number;
}

/**
 * How a batch's reports are made: on this machine's pool (localEngine, the default) or by the
 * workers of a job queue (queue/). The batch around it — which scenarios, report folders,
 * manifests, resuming, the index and comparison — is the same either way.
 */
export interface BatchEngine {
  /** Every run the batch needs, before any report is asked for (a queue submits them all here). */
  start(runs: readonly BatchRun[]): Promise<void>;
  /** The report of one of those runs. */
  report(run: BatchRun): Promise<ForecastReport>;
  /** Release what start and report opened (pools, connections), whatever happened; runBatch calls it. */
  close(): Promise<void>;
}

/**
 * Reports made here: one worker pool (opened at the first run, `workers` threads, default the
 * cores available; 0 runs in this thread) shared by every run of the batch.
 */
export function localEngine(options: { readonly workers?: number; readonly history?: History; readonly dataDir?: string; readonly calibration?: Calibration; readonly signal?: AbortSignal; readonly onWarning?: (message: string) => void }): BatchEngine {
  let pool: WorkerPool | undefined;
  return {
    start: async () => {},
    report: async ({ scenario, runs, seed }) => {
      if (pool === undefined && options.workers !== 0) pool = openWorkerPool(options.workers); // undefined: the default thread count
      return runScenario(scenario, { runs, seed, history: options.history, dataDir: options.dataDir, calibration: options.calibration, pool, workers: pool ? undefined : 0, signal: options.signal, onWarning: options.onWarning });
    },
    close: async () => {
      await pool?.destroy();
    },
  };
}

export interface BatchResult {
  readonly entries: readonly BatchEntry[];
  /** Reports of the scenarios that ran or were unchanged, in input order. */
  readonly reports: readonly ForecastReport[];
  /** Files the index step wrote (index.html, comparison.csv, …), relative to outDir. */
  readonly indexFiles: readonly string[];
}

/** Name of the file in each report folder that says what produced it. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * What produced a report folder, and the SHA-256 of every file written into it: the report is up
 * to date only if the fingerprint is unchanged and every file is still there with its bytes (a
 * folder damaged since, or written by a crashed concurrent run, is rerun, not trusted).
 */
interface Manifest {
  readonly fingerprint: string;
  readonly engineVersion: string;
  readonly scenarioId: string;
  readonly scenarioFile: string;
  readonly files: Readonly<Record<string, string>>;
}

/** Does every file the manifest lists still hold the bytes it recorded? */
function folderIntact(dir: string, manifest: Manifest): boolean {
  if (typeof manifest.files !== 'object' || manifest.files === null || Object.keys(manifest.files).length === 0) return false;
  return Object.entries(manifest.files).every(([rel, hash]) => {
    try {
      return sha256(readFileSync(path.join(dir, rel))) === hash;
    } catch {
      return false;
    }
  });
}

/**
 * The scenario files of a batch: each folder's *.json files (not its subfolders), sorted by name,
 * and each file as given, in the order given; duplicates dropped.
 *
 * @example
 * scenarioFilesOf(['scenarios']); // ['scenarios/baseline.json', 'scenarios/de-escalation.json', …]
 */
export function scenarioFilesOf(inputs: readonly string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) {
      for (const name of readdirSync(input).filter((n) => n.endsWith('.json')).sort()) files.push(path.join(input, name));
    } else files.push(input);
  }
  return [...new Set(files)];
}

/**
 * The fingerprint of a run: the resolved scenario, the run settings, the engine version and the
 * data it calibrates on. A report folder whose manifest carries it is up to date.
 */
export function runFingerprint(scenario: Scenario, settings: { runs: number; seed: number; tableYears?: readonly number[] }, dataFingerprint: string): string {
  return sha256(canonicalJson({ scenario, runs: settings.runs, seed: settings.seed, tableYears: settings.tableYears ?? null, engineVersion, data: dataFingerprint }));
}

function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

function problemLines(e: unknown): string[] | undefined {
  if (e instanceof ScenarioError) return formatProblems(e.problems);
  return undefined;
}

/**
 * Run every scenario into outDir/<scenario id>/ and write outDir/index.html, index.md,
 * comparison.csv and batch.json. An invalid or failing scenario is recorded and skipped; the others
 * complete. Each report folder is replaced whole (a reader never sees half of one), and one whose
 * scenario, settings, engine and data are unchanged is skipped unless `force`, so an interrupted
 * batch resumes where it stopped.
 */
export async function runBatch(inputs: readonly string[], options: BatchOptions): Promise<BatchResult> {
  const { outDir } = options;
  try {
    checkOutputFolder(outDir);
    const release = acquireFolderLock(outDir);
    try {
      return await runBatchLocked(inputs, options);
    } finally {
      release();
    }
  } finally {
    await options.engine?.close(); // a caller's engine is closed whatever happened (its connections would keep the process alive)
  }
}

/** A scenario file of a batch once read: its entry as it stands (invalid, unchanged), or the run it needs. */
type BatchSlot = { readonly entry: BatchEntry; readonly report?: ForecastReport; readonly reported?: { readonly scenario: Scenario; readonly runs: number; readonly seed: number } } | { readonly run: BatchRun & { readonly id: string; readonly fingerprint: string } };

/** runBatch once this process holds the output folder's lock. */
async function runBatchLocked(inputs: readonly string[], options: BatchOptions): Promise<BatchResult> {
  const { outDir } = options;
  for (const n of removeStaleTemporaries(outDir)) options.onWarning?.(`removed ${path.join(outDir, n)} left by an interrupted run`);
  const history: History = loadHistory(options.dataDir);
  const base = baseYearData(history);
  // Calibrated once for the whole batch; a report is stale when the data or their calibration change.
  const calibration = loadCalibration(history, base.year, options.onWarning, options.dataDir);
  const dataFingerprint = sha256(canonicalJson({ data: historyFingerprint(history), calibration }));
  const slots: BatchSlot[] = [];
  const owners = new Map<string, string>();
  // First every file is read and checked, and up-to-date reports are found, so that the engine is
  // handed every run at once (a queue's workers then work on all scenarios side by side).
  for (const file of scenarioFilesOf(inputs)) {
    options.signal?.throwIfAborted();
    let scenario: Scenario;
    try {
      scenario = loadScenarioFile(file, { ...againstModel(base), root: options.scenarioRoot }).scenario;
    } catch (e) {
      const problems = problemLines(e) ?? [`${file}: ${(e as Error).message}`];
      slots.push({ entry: { file, status: 'invalid', problems } });
      options.onEvent?.(`invalid  ${file}\n${problems.map((p) => `  ${p}`).join('\n')}`);
      continue;
    }
    const id = scenario.id;
    const owner = owners.get(id);
    if (owner !== undefined) {
      const problems = [`${file}: /id: ${JSON.stringify(id)} is already the id of ${owner}; each scenario of a batch needs its own id (it names the report folder)`];
      slots.push({ entry: { file, status: 'invalid', id, name: scenario.name, problems } });
      options.onEvent?.(`invalid  ${file}\n  ${problems[0]}`);
      continue;
    }
    owners.set(id, file);
    const runs = options.runs ?? scenario.simulation.runs;
    const seed = options.seed ?? scenario.simulation.seed;
    const fingerprint = runFingerprint(scenario, { runs, seed, tableYears: options.tableYears }, dataFingerprint);
    const dir = path.join(outDir, id);
    const manifest = readManifest(dir);
    const previous = manifest?.fingerprint === fingerprint && !options.force && folderIntact(dir, manifest) ? readReportJson(dir) : undefined;
    if (previous) {
      slots.push({ entry: { file, status: 'unchanged', id, name: scenario.name, reportDir: id }, report: previous, reported: { scenario, runs, seed } });
      options.onEvent?.(`unchanged ${file} → ${dir}`);
      continue;
    }
    slots.push({ run: { file, scenario, runs, seed, id, fingerprint } });
  }

  const entries: BatchEntry[] = [];
  const reports: ForecastReport[] = [];
  const engine = options.engine ?? localEngine({ workers: options.workers, history, dataDir: options.dataDir, calibration, signal: options.signal, onWarning: options.onWarning });
  // The scenario behind each report, with its run settings: the comparison pairs them with the first.
  const reported: Array<{ scenario: Scenario; runs: number; seed: number }> = [];
  try {
    const runs = slots.flatMap((s) => ('run' in s ? [s.run] : []));
    if (runs.length > 0) await engine.start(runs);
    for (const slot of slots) {
      if (!('run' in slot)) {
        entries.push(slot.entry);
        if (slot.report) reports.push(slot.report);
        if (slot.reported) reported.push(slot.reported);
        continue;
      }
      const { file, scenario, id, fingerprint, runs, seed } = slot.run;
      const dir = path.join(outDir, id);
      try {
        options.signal?.throwIfAborted();
        const report = await engine.report(slot.run);
        const files = await reportFiles(report, { tableYears: options.tableYears });
        const hashes = Object.fromEntries(Object.entries(files).map(([rel, text]) => [rel, sha256(text)]));
        const m: Manifest = { fingerprint, engineVersion, scenarioId: id, scenarioFile: path.basename(file), files: hashes };
        files[MANIFEST_FILE] = `${JSON.stringify(m, null, 2)}\n`;
        replaceDirectoryAtomically(dir, files, options.signal);
        entries.push({ file, status: 'ran', id, name: scenario.name, reportDir: id });
        reports.push(report);
        reported.push({ scenario, runs, seed });
        options.onEvent?.(`ran      ${file} → ${dir}`);
      } catch (e) {
        if (options.signal?.aborted) throw e;
        const inputProblems = problemLines(e);
        const problems = inputProblems ?? [`${file}: ${(e as Error).message ?? String(e)}`];
        entries.push({ file, status: inputProblems ? 'invalid' : 'failed', id, name: scenario.name, problems });
        options.onEvent?.(`failed   ${file}\n${problems.map((p) => `  ${p}`).join('\n')}`);
      }
    }
  } finally {
    if (!options.engine) await engine.close();
  }
  // Paired differences use the reference's seed and run count for every pair (each report keeps its own).
  const first = reported[0];
  const paired = first ? await pairedAgainstReference(reported.map((r) => r.scenario), { runs: first.runs, seed: first.seed }, { history, dataDir: options.dataDir, calibration, workers: options.workers, signal: options.signal, onWarning: options.onWarning }) : [];
  const indexFiles = await writeIndex(outDir, entries, reports, paired, options.tableYears, options.signal);
  return { entries, reports, indexFiles };
}

/** The paths the paired differences ran on, in words. */
function pairedPathsText(paired: PairedAgainstReference): string {
  const d = paired.find((x) => x !== undefined);
  return d ? `${d.runs.toLocaleString('en-US')} paths (seed ${d.seed})` : 'paths';
}

function statusTable(entries: readonly BatchEntry[]): TextTable {
  return {
    title: 'Scenarios',
    caption: 'Each scenario file of the batch: ran, unchanged since its last report (skipped), invalid or failed.',
    header: ['scenario', 'name', 'file', 'status', 'report', 'problems'],
    rows: entries.map((e) => [e.id ?? '–', e.name ?? '–', path.basename(e.file), e.status, e.reportDir ? `${e.reportDir}/report.html` : '–', (e.problems ?? []).join('; ')]),
    numericColumns: [],
    links: entries.map((e) => [undefined, undefined, undefined, undefined, e.reportDir ? `${e.reportDir}/report.html` : undefined, undefined]),
  };
}

/** index.html, index.md, comparison.csv, batch.json and the comparison charts (_charts/), written atomically. */
async function writeIndex(outDir: string, entries: readonly BatchEntry[], reports: readonly ForecastReport[], paired: PairedAgainstReference, tableYears?: readonly number[], signal?: AbortSignal): Promise<string[]> {
  const status = statusTable(entries);
  const files: Record<string, string> = {};
  const batchJson = { engine: { name: 'eastward', version: engineVersion }, scenarios: entries.map((e) => ({ ...e, file: path.basename(e.file) })) };
  files['batch.json'] = `${JSON.stringify(batchJson, null, 2)}\n`;
  const title = `eastward batch: ${reports.length} of ${entries.length} scenarios reported`;
  let compareHtml = '<p>No scenario produced a report.</p>';
  let compareMd = 'No scenario produced a report.\n';
  if (reports.length > 0) {
    // Scenario ids start with a letter or digit, so '_charts' never collides with a report folder.
    const c = await compareReports(reports, tableYears, '_charts', paired);
    Object.assign(files, c.chartFiles);
    files['comparison.csv'] = c.csv;
    compareHtml = comparisonHtml(c);
    compareMd = comparisonMarkdown(c);
  }
  const statusHtml = htmlTable(status);
  files['index.html'] = htmlPage(title, `<header><h1>${escapeHtml(title)}</h1><p class="meta">Reference for differences: the first scenario reported (${escapeHtml(reports[0]?.scenario.id ?? '–')}); paired differences run each scenario and the reference on the same ${pairedPathsText(paired)}.</p></header>\n${statusHtml}\n${compareHtml}`);
  files['index.md'] = `# ${title}\n\n${markdownTable(status)}\n${compareMd}`;
  writeFilesUnder(outDir, files, signal);
  return Object.keys(files);
}
