import type { ForecastReport } from '../report/report.js';
import { SERIES, type SeriesName } from '../engine/series.js';

/** One row of tidy data: a series in a year, every statistic as a column. */
export interface TidyRow {
  readonly scenario: string;
  readonly series: SeriesName;
  readonly unit: string;
  readonly year: number;
  readonly mean: number;
  readonly p05: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
}

/**
 * A report as tidy rows (one per series and year), what a notebook hands to a data-frame or a
 * Vega-Lite chart. All series, or the ones named.
 *
 * @example
 * tidyRows(report, ['energy.pipeline_gas'])[0]; // { scenario: 'baseline', series: 'energy.pipeline_gas', unit: 'bcm', year: 2025, mean: 37.1, p05: …, … }
 */
export function tidyRows(report: ForecastReport, names: readonly SeriesName[] = SERIES.map((s) => s.name)): TidyRow[] {
  const rows: TidyRow[] = [];
  for (const series of names) {
    const s = report.series[series];
    report.years.forEach((year, t) => rows.push({ scenario: report.scenario.id, series, unit: s.unit, year, mean: s.mean[t], p05: s.p05[t], p10: s.p10[t], p50: s.p50[t], p90: s.p90[t], p95: s.p95[t] }));
  }
  return rows;
}
