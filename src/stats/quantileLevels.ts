/**
 * The quantiles every summary reports, as data: field name and level, in the order every output
 * lists them (report.json, summary.csv, comparison.csv, tidy rows, fan charts, backtest scores).
 * Adding a level here adds it everywhere.
 */
export const QUANTILE_LEVELS = [
  ['p05', 0.05],
  ['p10', 0.1],
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
] as const;

export type QuantileField = (typeof QUANTILE_LEVELS)[number][0];

/** One value per quantile field. */
export type Quantiles<T> = { readonly [K in QuantileField]: T };

/** The field names, in order. */
export const QUANTILE_FIELDS: readonly QuantileField[] = QUANTILE_LEVELS.map(([field]) => field);

/**
 * One value per quantile, from a function of the level (keys in QUANTILE_LEVELS order, so JSON
 * written from it keeps its bytes).
 *
 * @example
 * quantilesAt((level) => level * 100); // { p05: 5, p10: 10, p50: 50, p90: 90, p95: 95 }
 */
export function quantilesAt<T>(at: (level: number, field: QuantileField) => T): Quantiles<T> {
  const out = {} as Record<QuantileField, T>;
  for (const [field, level] of QUANTILE_LEVELS) out[field] = at(level, field);
  return out;
}
