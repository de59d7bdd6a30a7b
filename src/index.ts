/**
 * eastward as a library: load a scenario, run it in-process or on the worker pool, read the
 * report.
 *
 * @example
 * import { loadScenario, runScenario } from 'eastward';
 * const scenario = loadScenario('scenarios/baseline.json');
 * const report = await runScenario(scenario, { runs: 10_000, seed: 7, workers: 0 });
 * report.series['trade.turnover'].p50; // USD bn, one per year in report.years
 */
import { loadHistory } from './data/history.js';
import { againstModel, baseYearData } from './models/baseState.js';
import { loadScenarioFile, refuseForbiddenKeys, validateScenarioDocument } from './scenario/load.js';
import { deepMerge, isJsonObject } from './scenario/merge.js';
import { ScenarioError } from './scenario/errors.js';
import type { Scenario } from './scenario/types.js';
import { modelStructure, seriesInfo, type SeriesInfo } from './models/series.js';
import { seriesOf } from './engine/series.js';

/**
 * Load and validate a scenario file (with its `extends` chain). Throws a ScenarioError listing
 * every problem.
 */
export function loadScenario(file: string): Scenario {
  return loadScenarioFile(file, againstModel(baseYearData(loadHistory()))).scenario;
}

/**
 * A scenario with some values overridden (deep-merged like `extends`), validated. For notebooks:
 * `withOverrides(baseline, { oil: { anchorUsdPerBarrel: [{ year: 2025, value: 50 }] } })`.
 */
export function withOverrides(scenario: Scenario, overrides: DeepPartial<Scenario>): Scenario {
  const label = `overrides of ${String(scenario?.id)}`;
  if (!isJsonObject(overrides)) throw new ScenarioError([{ file: label, pointer: '', message: 'overrides must be an object' }]);
  refuseForbiddenKeys(overrides, label);
  const merged = deepMerge(scenario as unknown as Record<string, unknown>, overrides as Record<string, unknown>);
  return validateScenarioDocument(merged, label, againstModel(baseYearData(loadHistory())));
}

/**
 * The series a report of this scenario carries, in report order, with units and descriptions (the
 * list is built from the model's blocks for the scenario).
 *
 * @example
 * listSeries(loadScenario('scenarios/baseline.json')).find((s) => s.name === 'energy.lng')?.unit; // 'Mt'
 */
export function listSeries(scenario: Scenario): SeriesInfo[] {
  return seriesInfo(seriesOf(modelStructure(scenario)));
}

/**
 * Recursively optional, for overrides. Lists of objects with an `id` merge item by item on `id`
 * (so their items may be partial); other arrays (year paths) are replaced whole.
 */
export type DeepPartial<T> = T extends ReadonlyArray<infer U> ? (U extends { readonly id: string } ? ReadonlyArray<DeepPartial<U> & { readonly id: string }> : T) : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

// The public API: what a notebook or a batch job needs. Internals (parameter resolution, the
// calibration, the data reader, chunk planning) stay unexported; tests reach them by path.
export { runScenario, openWorkerPool, type RunOptions, type RunProgress, type WorkerPool } from './report/run.js';
export type { ForecastReport, SeriesReport, HistoryReport, QuestionAnswer } from './report/report.js';
export type { KeyParameter } from './report/keyParameters.js';
export type { BandTrust } from './backtest/trust.js';
export type { SeriesInfo } from './models/series.js';
export { ScenarioError, formatProblem, type ScenarioProblem } from './scenario/errors.js';
export type { Scenario, Question, Regime, RegimeLevers, InfrastructureItem, YearPath } from './scenario/types.js';
export { reportFiles, writeReportFiles, reportJson, summaryCsv, type ReportViewOptions } from './views/reportFiles.js';
export { fanChartSpec, settlementSharesSpec, comparisonSpec } from './charts/specs.js';
export { renderSvg } from './charts/render.js';
export { tidyRows, type TidyRow } from './views/tidy.js';
export { compareReports, comparisonCsv, type ReportComparison } from './compare/compare.js';
export { runBatch, type BatchOptions, type BatchResult, type BatchEntry, type BatchStatus } from './batch/batch.js';
export { sensitivity, type SensitivityOptions, type SensitivityResult, type TornadoResult, type SobolResult } from './sensitivity/analysis.js';
export { sensitivityFiles } from './views/sensitivityFiles.js';
