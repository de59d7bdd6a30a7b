import { quantilesAt, type Quantiles } from '../stats/quantileLevels.js';
import type { ForecastReport } from '../report/report.js';

/** One row of tidy data: a series in a year, every statistic as a column. */
export type TidyRow = TidyRowKeys & Quantiles<number>;

interface TidyRowKeys {
  readonly scenario: string;
  readonly series: string;
  readonly unit: string;
  readonly year: number;
  readonly mean: number;
}

/**
 * A report as tidy rows (one per series and year), what a notebook hands to a data-frame or a
 * Vega-Lite chart. All series, or the ones named.
 *
 * @example
 * tidyRows(report, ['energy.pipeline_gas'])[0]; // { scenario: 'baseline', series: 'energy.pipeline_gas', unit: 'bcm', year: 2025, mean: 37.1, p05: …, … }
 */
export function tidyRows(report: ForecastReport, names: readonly string[] = Object.keys(report.series)): TidyRow[] {
  const rows: TidyRow[] = [];
  for (const series of names) {
    const s = report.series[series];
    report.years.forEach((year, t) => rows.push({ scenario: report.scenario.id, series, unit: s.unit, year, mean: s.mean[t], ...quantilesAt((_, field) => s[field][t]) }));
  }
  return rows;
}
