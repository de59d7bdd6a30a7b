import { engineVersion } from '../paths.js';
import type { History } from '../data/history.js';
import type { RunAccumulator } from '../stats/summary.js';
import { DEFAULT_LAYOUT } from '../stats/logHistogram.js';
import { BLOCK_PATHS } from '../stats/summary.js';
import { SERIES, type SeriesName } from './series.js';

/** One series of the report: a value per projected year for each statistic. */
export interface SeriesReport {
  readonly unit: string;
  readonly description: string;
  readonly mean: number[];
  readonly sd: number[];
  readonly min: number[];
  readonly p05: number[];
  readonly p10: number[];
  readonly p50: number[];
  readonly p90: number[];
  readonly p95: number[];
  readonly max: number[];
  /** Monte Carlo standard error of the mean: sd / √runs. */
  readonly meanStandardError: number[];
}

/** Observed history of a series, for charts and comparisons (from data/history.csv). */
export interface HistoryReport {
  readonly unit: string;
  readonly years: number[];
  readonly values: number[];
}

/** The report format (report.json). No wall-clock time, host name or absolute path. */
export interface ForecastReport {
  readonly scenario: { readonly id: string; readonly name: string; readonly description: string };
  readonly engine: { readonly name: 'eastward'; readonly version: string };
  readonly seed: number;
  readonly runs: number;
  readonly shocks: boolean;
  /** Last data year: the projection starts the year after. */
  readonly baseYear: number;
  readonly years: number[];
  readonly sampling: {
    readonly method: 'independent';
    readonly blockPaths: number;
    readonly quantileRelativeAccuracy: number;
    readonly quantileMethod: string;
  };
  readonly series: Record<SeriesName, SeriesReport>;
  readonly history: Record<string, HistoryReport>;
}

/** Series of the report that have an observed history under the same name. */
function historyFor(history: History, baseYear: number): Record<string, HistoryReport> {
  const out: Record<string, HistoryReport> = {};
  for (const s of SERIES) {
    const pts = history.range(s.name, -Infinity, baseYear);
    if (pts.length === 0) continue;
    out[s.name] = { unit: history.unit(s.name), years: pts.map(([y]) => y), values: pts.map(([, v]) => v) };
  }
  return out;
}

/** Assemble the report from a finished accumulator. */
export function buildReport(
  acc: RunAccumulator,
  meta: { id: string; name: string; description: string; seed: number; runs: number; shocks: boolean; baseYear: number; years: readonly number[] },
  history: History,
): ForecastReport {
  const n = meta.years.length;
  const series = {} as Record<SeriesName, SeriesReport>;
  SERIES.forEach((s, i) => {
    const r: SeriesReport = { unit: s.unit, description: s.description, mean: [], sd: [], min: [], p05: [], p10: [], p50: [], p90: [], p95: [], max: [], meanStandardError: [] };
    for (let t = 0; t < n; t++) {
      const c = acc.cell(i * n + t);
      r.mean.push(c.mean);
      r.sd.push(c.sd);
      r.min.push(c.min);
      r.p05.push(c.p05);
      r.p10.push(c.p10);
      r.p50.push(c.p50);
      r.p90.push(c.p90);
      r.p95.push(c.p95);
      r.max.push(c.max);
      r.meanStandardError.push(c.sd / Math.sqrt(acc.pathCount));
    }
    series[s.name] = r;
  });
  return {
    scenario: { id: meta.id, name: meta.name, description: meta.description },
    engine: { name: 'eastward', version: engineVersion },
    seed: meta.seed,
    runs: meta.runs,
    shocks: meta.shocks,
    baseYear: meta.baseYear,
    years: [...meta.years],
    sampling: {
      method: 'independent',
      blockPaths: BLOCK_PATHS,
      quantileRelativeAccuracy: DEFAULT_LAYOUT.relativeAccuracy,
      quantileMethod: `log-binned histogram, value of rank floor(q·(runs−1)), relative error ≤ ${DEFAULT_LAYOUT.relativeAccuracy} for |x| ≥ ${DEFAULT_LAYOUT.minMagnitude}, clamped to [min, max]`,
    },
    series,
    history: historyFor(history, meta.baseYear),
  };
}
