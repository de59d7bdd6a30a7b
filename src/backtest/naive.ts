import type { History } from '../data/history.js';
import { normalQuantile, SCORING_LEVELS } from './scores.js';

/** A forecast distribution described by its quantiles at SCORING_LEVELS. */
export interface QuantileForecast {
  /** Quantiles at SCORING_LEVELS (ascending). */
  readonly quantiles: readonly number[];
}

/** The two naive benchmarks every engine forecast is scored beside. */
export type NaiveMethod = 'noChange' | 'averageGrowth';

/**
 * Naive forecasts of `series` for `year` made with data up to `asOf` only, each with an interval
 * from its own historical one-step errors, widened by √h for h years ahead:
 *
 * - noChange: the last value stays; errors = past one-year changes.
 * - averageGrowth: the last value grows at the average past growth; errors = past one-year
 *   changes minus that average.
 *
 * Positive series are modelled in logs (errors in Δln, lognormal bands); series that can be
 * zero or negative in levels. Returns undefined when fewer than three past values exist.
 *
 * @example
 * naiveForecast(history, 'trade.turnover', 2019, 2021, 'noChange')!.quantiles[49]; // the 2019 value
 */
export function naiveForecast(history: History, series: string, asOf: number, year: number, method: NaiveMethod): QuantileForecast | undefined {
  const past = history.range(series, -Infinity, asOf);
  if (past.length < 3 || past[past.length - 1][0] !== asOf) return undefined;
  const positive = past.every(([, v]) => v > 0);
  const transform = positive ? Math.log : (v: number) => v;
  const steps: number[] = [];
  for (let i = 1; i < past.length; i++) {
    const gap = past[i][0] - past[i - 1][0];
    // Changes over gaps in the data are spread evenly over the missing years.
    steps.push((transform(past[i][1]) - transform(past[i - 1][1])) / gap);
  }
  const drift = method === 'averageGrowth' ? steps.reduce((a, b) => a + b, 0) / steps.length : 0;
  const errors = steps.map((s) => s - drift);
  const sigma = Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / Math.max(1, errors.length - (method === 'averageGrowth' ? 1 : 0)));
  const h = year - asOf;
  const centre = transform(past[past.length - 1][1]) + drift * h;
  const spread = sigma * Math.sqrt(h);
  const quantiles = SCORING_LEVELS.map((tau) => {
    const v = centre + spread * normalQuantile(tau);
    return positive ? Math.exp(v) : v;
  });
  return { quantiles };
}
