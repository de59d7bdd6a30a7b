/**
 * Scores of a probabilistic forecast against what happened. Each function is one definition,
 * tested against values worked out by hand (test/backtest.test.ts).
 */

/** Quantile levels used to score a forecast distribution: 0.01, 0.02, …, 0.99. */
export const SCORING_LEVELS: readonly number[] = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

/**
 * Pinball (quantile) loss of the τ-quantile q for the outcome y.
 *
 * @example
 * pinballLoss(0.9, 100, 110); // 9: under-forecast by 10 at τ = 0.9
 */
export function pinballLoss(tau: number, q: number, y: number): number {
  return y >= q ? tau * (y - q) : (1 - tau) * (q - y);
}

/**
 * Continuous ranked probability score from quantiles at evenly spaced levels, by
 * CRPS(F, y) = 2 ∫₀¹ pinball_τ(F⁻¹(τ), y) dτ (Laio & Tamea 2007), the integral taken by the
 * midpoint rule over the levels. In the unit of the forecast; lower is better; for a point forecast
 * it is the absolute error.
 *
 * @example
 * crpsFromQuantiles(SCORING_LEVELS, SCORING_LEVELS.map(() => 5), 7); // 2
 */
export function crpsFromQuantiles(levels: readonly number[], quantiles: readonly number[], y: number): number {
  let sum = 0;
  for (let i = 0; i < levels.length; i++) sum += pinballLoss(levels[i], quantiles[i], y);
  return (2 * sum) / levels.length;
}

/**
 * Closed-form CRPS of a normal forecast N(μ, σ²) (Gneiting & Raftery 2007), for checking the
 * quantile approximation.
 *
 * @example
 * crpsNormal(0, 1, 0); // 0.2337 = 2φ(0) − 1/√π
 */
export function crpsNormal(mu: number, sigma: number, y: number): number {
  if (sigma === 0) return Math.abs(y - mu);
  const z = (y - mu) / sigma;
  const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  return sigma * (z * (2 * normalCdf(z) - 1) + 2 * pdf - 1 / Math.sqrt(Math.PI));
}

/**
 * Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf, |error| < 1.5e−7).
 *
 * @example
 * normalCdf(0); // 0.5
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Standard normal quantile (Acklam's rational approximation, relative error < 1.2e−9).
 *
 * @example
 * normalQuantile(0.975); // 1.959964
 */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Is y inside [lo, hi] (inclusive)?
 *
 * @example
 * covered(90, 110, 110); // true
 */
export function covered(lo: number, hi: number, y: number): boolean {
  return y >= lo && y <= hi;
}

/**
 * Absolute percentage error of a point forecast, as a share (0.1 = 10 %); null when y is 0.
 *
 * @example
 * absolutePercentageError(110, 100); // 0.1
 */
export function absolutePercentageError(forecast: number, y: number): number | null {
  return y === 0 ? null : Math.abs(forecast - y) / Math.abs(y);
}

/**
 * Probability integral transform of an outcome: the forecast's CDF at y, read from its quantiles
 * at ascending `levels` by linear interpolation. An outcome below the first quantile counts as 0
 * and one above the last as 1 (the quantiles do not say where in the outer tail it lies; either
 * way it falls in the outer decile). When y equals a run of equal quantiles (a point mass, e.g. a
 * capacity ceiling) the PIT is the middle of that run, so a forecast that puts all its mass on
 * the outcome reads 0.5, not 0 or 1.
 *
 * @example
 * pitFromQuantiles([0.1, 0.5, 0.9], [90, 100, 110], 105); // 0.7
 * pitFromQuantiles([0.1, 0.5, 0.9], [90, 100, 110], 80);  // 0
 */
export function pitFromQuantiles(levels: readonly number[], quantiles: readonly number[], y: number): number {
  const last = quantiles.length - 1;
  if (y < quantiles[0]) return 0;
  if (y > quantiles[last]) return 1;
  let firstAtOrAbove = 0;
  while (quantiles[firstAtOrAbove] < y) firstAtOrAbove++;
  let lastAtOrBelow = last;
  while (quantiles[lastAtOrBelow] > y) lastAtOrBelow--;
  if (firstAtOrAbove <= lastAtOrBelow) return (levels[firstAtOrAbove] + levels[lastAtOrBelow]) / 2;
  // Strictly between two neighbouring quantiles.
  const lo = lastAtOrBelow;
  const hi = firstAtOrAbove;
  const share = (y - quantiles[lo]) / (quantiles[hi] - quantiles[lo]);
  return Math.min(1, Math.max(0, levels[lo] + share * (levels[hi] - levels[lo])));
}

/** The ten deciles of a PIT histogram: decile d holds PIT values in [d/10, (d+1)/10), the last also 1. */
export const PIT_DECILES = 10;

/**
 * How many PIT values fall in each decile of [0, 1]. Flat counts are calibrated bands; U-shaped
 * (outer deciles full) too narrow; hump-shaped too wide; sloped biased.
 *
 * @example
 * pitDecileCounts([0.05, 0.95, 1, 0.5]); // [1, 0, 0, 0, 0, 1, 0, 0, 0, 2]
 */
export function pitDecileCounts(pits: readonly number[]): number[] {
  const counts = new Array<number>(PIT_DECILES).fill(0);
  for (const p of pits) counts[Math.min(PIT_DECILES - 1, Math.floor(p * PIT_DECILES))]++;
  return counts;
}

/**
 * Is an outcome with this PIT inside the central interval holding `nominal` of the forecast's
 * probability (e.g. 0.8: between its P10 and P90)?
 *
 * @example
 * insideCentralInterval(0.85, 0.8); // true
 * insideCentralInterval(0.95, 0.8); // false
 */
export function insideCentralInterval(pit: number, nominal: number): boolean {
  // A small tolerance so that an outcome exactly on P10 or P90 counts as inside, as `covered` does.
  return Math.abs(pit - 0.5) <= nominal / 2 + 1e-12;
}

/** A two-sided confidence interval for a share, as shares. */
export interface ShareInterval {
  readonly low: number;
  readonly high: number;
}

/**
 * Wilson score interval for a binomial share (95 % by default): unlike the normal approximation it
 * stays inside [0, 1] and is honest for the handful of points a backtest has (n = 8, 6 inside:
 * 41–93 %).
 *
 * @example
 * wilsonInterval(6, 8); // { low: 0.409, high: 0.929 }
 */
export function wilsonInterval(successes: number, n: number, z = 1.959964): ShareInterval {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  // The interval always holds p; clamp so rounding at p = 0 or 1 (1 − 1e-16) cannot exclude it.
  return { low: Math.max(0, Math.min(p, centre - halfWidth)), high: Math.min(1, Math.max(p, centre + halfWidth)) };
}

/**
 * CRPS skill of a forecast against a reference: 1 − CRPS / CRPS_reference. Positive when the
 * forecast is better, 0 when equal, negative when worse; null when the reference is perfect (0).
 *
 * @example
 * crpsSkill(7.8, 12.0); // 0.35
 */
export function crpsSkill(crps: number, referenceCrps: number): number | null {
  return referenceCrps === 0 ? null : 1 - crps / referenceCrps;
}

/**
 * Split-conformal scale factor: the ⌈(n+1)·level⌉-th smallest of the calibration scores (here
 * |actual − P50| / half the P10–P90 width of past forecasts), so that a band widened by it covers
 * a new outcome with probability ≥ level when the scores are exchangeable. Null when there are
 * too few scores for that rank (n < level/(1 − level), e.g. 4 for 80 %).
 *
 * @example
 * conformalFactor([0.5, 1, 2, 3], 0.8); // 3: rank ⌈5·0.8⌉ = 4
 * conformalFactor([0.5, 1, 2], 0.8);    // null
 */
export function conformalFactor(scores: readonly number[], level: number): number | null {
  const rank = Math.ceil((scores.length + 1) * level);
  if (scores.length === 0 || rank > scores.length) return null;
  return [...scores].sort((a, b) => a - b)[rank - 1];
}
