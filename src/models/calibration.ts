import { SimpleLinearRegression } from 'ml-regression-simple-linear';
import { mean, median, sampleStandardDeviation, rSquared } from 'simple-statistics';
import { historyFingerprint, type History } from '../data/history.js';
import { ordinaryLeastSquares, type OlsFit } from '../stats/ols.js';

/** One calibrated parameter with how it was obtained. */
export interface Estimate {
  /** The value the model uses (the centre of its sampling distribution). */
  readonly value: number;
  /** What the regression gave, before any judgement (equal to value when the data identify it); null when too few data. */
  readonly estimate: number | null;
  readonly identified: boolean;
  readonly unit: string;
  readonly method: string;
  readonly data: string;
  readonly observations: number;
  readonly rSquared: number | null;
  /**
   * Spread of the value's sampling distribution, from which each path draws its own value
   * (Student-t with `degreesOfFreedom`): the regression's standard error when the data identify
   * the parameter, a stated judgement spread when they do not, null for a value held fixed.
   */
  readonly standardError: number | null;
  readonly degreesOfFreedom: number | null;
  readonly note: string;
}

/** Names of the calibrated parameters. */
export const ESTIMATED_PARAMETERS = [
  'brentMeanReversionPhi',
  'brentVolatilityLog',
  'russiaGrowthOilSensitivityPct',
  'russiaGdpVolatilityPct',
  'chinaGdpVolatilityPct',
  'rubOilElasticity',
  'rubVolatilityLog',
  'chineseExportsTrendLogPerYear',
  'importIncomeElasticity',
  'importRubElasticity',
  'chineseExportsVolatility',
  'nonEnergyTrendLogPerYear',
  'nonEnergyVolatility',
  'tradeBreakProbabilityPerYear',
  'tradeBreakMinLog',
  'tradeBreakMeanExcessLog',
  'crudeDemandTrendLogPerYear',
  'crudeVolumeVolatility',
  'lngShareTrendLogPerYear',
  'lngShareVolatility',
  'coalDemandTrendLogPerYear',
  'coalDemandVolatility',
  'energyBreakProbabilityPerYear',
  'energyBreakMinLog',
  'energyBreakMeanExcessLog',
  'settlementLogitStepPerYear',
] as const;
export type EstimatedParameter = (typeof ESTIMATED_PARAMETERS)[number];

/** Two parameters estimated together, whose draws keep the estimates' correlation. */
export interface EstimateCorrelation {
  readonly a: EstimatedParameter;
  readonly b: EstimatedParameter;
  readonly correlation: number;
}

/** Everything `eastward calibrate` writes to data/calibration.json. */
/** The calibrated estimates, by parameter: what block parameters fall back on when a scenario omits them. */
export type Estimates = Calibration['estimates'];

export interface Calibration {
  readonly dataThroughYear: number;
  /**
   * historyFingerprint of the data up to dataThroughYear: a calibration.json is used only for the
   * data it was made from (a revised year, or a user's data folder, gets a fresh calibration).
   */
  readonly dataFingerprint: string;
  readonly estimates: Readonly<Record<EstimatedParameter, Estimate>>;
  readonly correlations: readonly EstimateCorrelation[];
}

/** Fewer residual degrees of freedom than this and a regression is not attempted: the stated judgement is used. */
export const MIN_OBSERVATIONS = 3;

/**
 * Values (and spreads) used when the data up to the through-year cannot identify a parameter
 * (early backtests): judgement, stated in docs/model.md.
 */
export const JUDGEMENT = {
  russiaGrowthOilSensitivityPct: { value: 3, spread: 2 },
  russiaGdpVolatilityPct: { value: 2, spread: null },
  chinaGdpVolatilityPct: { value: 1, spread: null },
  rubOilElasticity: { value: -0.2, spread: 0.1 },
  rubVolatilityLog: { value: 0.1, spread: null },
  importIncomeElasticity: { value: 1.5, spread: 0.5 },
  importRubElasticity: { value: 0.5, spread: 0.25 },
  chineseExportsVolatility: { value: 0.1, spread: null },
  nonEnergyVolatility: { value: 0.1, spread: null },
  /** A flow with no yearly change on record: no trend, ± 10 % a year. */
  energyTrendLogPerYear: { value: 0, spread: 0.1 },
  /** A young flow (under three yearly changes): LNG and coal moved by 4–40 % a year in 2021–24; 0.2. */
  energyVolumeVolatility: { value: 0.2, spread: null },
  breakProbabilityPerYear: { value: 0.1, spread: null },
  /** A break's threshold when the data are too few to measure one (2.5 × a 0.08 regular s.d.). */
  breakMinLog: { value: 0.2, spread: null },
  /** A break's mean excess over its threshold when none is on record: half the threshold. */
  breakMeanExcessLog: { value: 0.1, spread: null },
  settlementLogitStepPerYear: { value: 0.5, spread: 0.25 },
} as const;

/** The settlement ceiling under which the logit step is fitted (the baseline's; docs/model.md). */
export const CALIBRATION_SETTLEMENT_CEILING = 0.98;
/** Settlement statements before this year describe the pre-2020 plateau, not the current shift. */
export const SETTLEMENT_FIT_FROM_YEAR = 2020;
/**
 * A year whose residual lies further than this many robust standard deviations (1.4826 × median
 * absolute deviation) from zero is a break year: its residual feeds the break process, not the
 * regular noise. 2.5 flags 1 in 80 Gaussian years, so ordinary years rarely count as breaks.
 */
export const BREAK_THRESHOLD_ROBUST_SD = 2.5;

/**
 * Price rules used to split the history of Russian exports into energy and non-energy, so that
 * the non-energy trend can be estimated (the baseline's rules; sources in scenarios/baseline.json):
 * crude at Brent less 11.1 % (2022: USD 89.7 delivered against Brent 100.93, the RIAC 2023 report and EIA),
 * gas at 3.5 × Brent per 1000 m³, LNG at 6.8 × Brent per tonne, coal at USD 100/t.
 */
export const HISTORY_PRICE_RULES = {
  crudeDiscountShareOfBrent: 0.111,
  barrelsPerTonne: 7.33,
  gasUsdPer1000m3PerUsdBrent: 3.5,
  lngUsdPerTonnePerUsdBrent: 6.8,
  coalUsdPerTonne: 100,
} as const;

function round(x: number, digits = 6): number {
  return Number(x.toPrecision(digits));
}

function r2(x: number[], y: number[], predict: (x: number) => number): number {
  return rSquared(x.map((xi, i) => [xi, y[i]]), predict);
}

/** Years t with values at both t and t−1 for every series, up to `through`. */
function consecutiveYears(history: History, series: readonly string[], through: number): number[] {
  const years = history.years(series[0]).filter((y) => y <= through);
  return years.filter((y) => series.every((s) => history.has(s, y) && history.has(s, y - 1)));
}

function residualSd(y: number[], fitted: number[], parameters: number): number {
  const ss = y.reduce((acc, yi, i) => acc + (yi - fitted[i]) ** 2, 0);
  return Math.sqrt(ss / Math.max(1, y.length - parameters));
}

function logChange(history: History, series: string, year: number): number {
  return Math.log(history.value(series, year) / history.value(series, year - 1));
}

/**
 * Brent AR(1) on log deviations from the sample mean of log Brent: x_t = a + φ·x_{t−1} + e_t.
 * Returns φ, its standard error and σ = sd(e).
 *
 * @example
 * brentAr1(history, 2024).phi; // ≈ 0.49 on 2007–2024 annual averages
 */
export function brentAr1(history: History, through: number): { phi: number; phiStandardError: number; sigma: number; n: number; r2: number } {
  const pts = history.range('oil.brent', -Infinity, through);
  const logs = pts.map(([, v]) => Math.log(v));
  const mu = mean(logs);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 1; i < pts.length; i++) {
    if (pts[i][0] !== pts[i - 1][0] + 1) continue;
    x.push(logs[i - 1] - mu);
    y.push(logs[i] - mu);
  }
  const reg = new SimpleLinearRegression(x, y);
  const fitted = x.map((xi) => reg.predict(xi));
  const sigma = residualSd(y, fitted, 2);
  const xMean = mean(x);
  const sxx = x.reduce((a, xi) => a + (xi - xMean) ** 2, 0);
  return { phi: reg.slope, phiStandardError: sxx > 0 ? sigma / Math.sqrt(sxx) : 0, sigma, n: x.length, r2: r2(x, y, (v) => reg.predict(v)) };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Robust scale of residuals: 1.4826 × the median absolute deviation from zero (the model's
 * residuals have mean zero by construction), so one 2022 does not hide itself by inflating the
 * scale it is measured against.
 *
 * @example
 * robustSd([0.1, -0.1, 0.1, -0.1, 2]); // 0.14826
 */
export function robustSd(residuals: readonly number[]): number {
  return residuals.length > 0 ? 1.4826 * median(residuals.map(Math.abs)) : 0;
}

/**
 * Split residuals into regular years and break years (beyond BREAK_THRESHOLD_ROBUST_SD robust
 * standard deviations of `scale`: by default the residuals' own; the flows of one block share
 * their pooled scale, so a year is a break or not whichever flow's noise is being estimated).
 *
 * @example
 * splitBreaks([0.1, -0.1, 0.1, -0.1, 2]).breaks; // [2]
 */
export function splitBreaks(residuals: readonly number[], scale: number = robustSd(residuals)): { regular: number[]; breaks: number[] } {
  const thresholdLog = BREAK_THRESHOLD_ROBUST_SD * scale;
  return { regular: residuals.filter((r) => !isBreakResidual(r, thresholdLog)), breaks: residuals.filter((r) => isBreakResidual(r, thresholdLog)) };
}

/** The one rule for a break year: a residual further from zero than the threshold (none when the scale is 0). */
function isBreakResidual(residual: number, thresholdLog: number): boolean {
  return thresholdLog > 0 && Math.abs(residual) > thresholdLog;
}

/**
 * A regression of a flow's yearly log change on its drivers, where each elasticity is either
 * estimated (kept when inside its accepted range) or fixed at a judgement value and moved to the
 * left-hand side (restricted least squares); the intercept — the flow's own trend — is always
 * estimated. Returns the fit of what remains.
 */
export interface RestrictedTrendFit {
  readonly fit: OlsFit | undefined;
  /** Per driver: the value used, whether the data gave it, and the unrestricted estimate. */
  readonly drivers: ReadonlyArray<{ value: number; estimated: boolean; raw: number | undefined; standardError: number | null }>;
  readonly trend: number | undefined;
  readonly trendStandardError: number | undefined;
  /** Correlation of the trend with the first estimated driver (for joint draws), 0 if none. */
  readonly trendDriverCorrelation: number;
  readonly n: number;
}

/**
 * Restricted least squares of a flow's yearly log change on its drivers (see RestrictedTrendFit).
 *
 * @example
 * // a driver whose estimate is rejected is fixed at its judgement and the rest refitted
 * restrictedTrendFit(y, [{ x, accept: (v) => v > 0, judgement: 0.5, judgementSpread: 0.25 }], 0.1).drivers[0].value; // 0.5
 */
export function restrictedTrendFit(
  y: readonly number[],
  drivers: ReadonlyArray<{ x: readonly number[]; accept: (v: number) => boolean; judgement: number; judgementSpread: number }>,
  judgementSd: number,
): RestrictedTrendFit {
  const n = y.length;
  const free = drivers.map(() => true);
  let raw: Array<number | undefined> = drivers.map(() => undefined);
  let fit: OlsFit | undefined;
  // Drop the first rejected driver and refit, until every estimated driver is accepted.
  for (;;) {
    const cols = drivers.map((_, j) => j).filter((j) => free[j]);
    const k = cols.length + 1;
    if (n - k < MIN_OBSERVATIONS - 1 || n <= k) {
      if (cols.length === 0) break;
      free[cols[cols.length - 1]] = false; // too few points for so many coefficients
      continue;
    }
    const lhs = y.map((yi, i) => yi - drivers.reduce((a, d, j) => a + (free[j] ? 0 : d.judgement * d.x[i]), 0));
    fit = ordinaryLeastSquares(y.map((_, i) => [1, ...cols.map((j) => drivers[j].x[i])]), lhs);
    if (raw.every((r) => r === undefined)) raw = drivers.map((_, j) => (free[j] ? fit!.coefficients[1 + cols.indexOf(j)] : undefined));
    const rejected = cols.find((j, c) => !drivers[j].accept(fit!.coefficients[1 + c]));
    if (rejected === undefined) break;
    free[rejected] = false;
    fit = undefined;
  }
  if (!fit) {
    // Too few points for a regression: every elasticity at judgement, and the trend is still the
    // mean of what remains (carrierTrend's rule: its spread from the judgement volatility).
    const lhs = y.map((yi, i) => yi - drivers.reduce((a, d) => a + d.judgement * d.x[i], 0));
    const t = carrierTrend(lhs, judgementSd);
    return {
      fit: undefined,
      drivers: drivers.map((d, j) => ({ value: d.judgement, estimated: false, raw: raw[j], standardError: d.judgementSpread })),
      trend: t.trend,
      trendStandardError: t.standardError ?? undefined,
      trendDriverCorrelation: 0,
      n,
    };
  }
  const f = fit;
  const cols = drivers.map((_, j) => j).filter((j) => free[j]);
  const se = (c: number) => Math.sqrt(f.covariance[c][c]);
  return {
    fit: f,
    drivers: drivers.map((d, j) => {
      const c = cols.indexOf(j);
      return c < 0 ? { value: d.judgement, estimated: false, raw: raw[j], standardError: d.judgementSpread } : { value: f.coefficients[1 + c], estimated: true, raw: raw[j], standardError: se(1 + c) };
    }),
    trend: f.coefficients[0],
    trendStandardError: se(0),
    trendDriverCorrelation: cols.length > 0 ? f.covariance[0][1] / (se(0) * se(1)) : 0,
    n,
  };
}

/**
 * Value of the four energy carriers Russia exported to China in `year`, at HISTORY_PRICE_RULES
 * (carriers the data do not observe that year count 0), or undefined without crude and Brent.
 *
 * @example
 * fourCarriersUsdBn(history, 2022); // ≈ 73.4: crude 56.7 + gas 5.4 + LNG 4.5 + coal 6.8
 */
export function fourCarriersUsdBn(history: History, year: number): number | undefined {
  if (!history.has('energy.crude_oil', year) || !history.has('oil.brent', year)) return undefined;
  const p = HISTORY_PRICE_RULES;
  const brent = history.value('oil.brent', year);
  let energy = (history.value('energy.crude_oil', year) * p.barrelsPerTonne * brent * (1 - p.crudeDiscountShareOfBrent)) / 1000;
  if (history.has('energy.pipeline_gas', year)) energy += (history.value('energy.pipeline_gas', year) * p.gasUsdPer1000m3PerUsdBrent * brent) / 1000;
  if (history.has('energy.lng', year)) energy += (history.value('energy.lng', year) * p.lngUsdPerTonnePerUsdBrent * brent) / 1000;
  if (history.has('energy.coal', year)) energy += (history.value('energy.coal', year) * p.coalUsdPerTonne) / 1000;
  return energy;
}

/**
 * Oil products and other mineral fuels (HS 27 less the four carriers) per USD of Brent, from the
 * latest year up to `through` whose HS 27 total is observed; undefined when none is. Oil products
 * are priced off Brent, so the ratio carries their volume at any price.
 *
 * @example
 * oilProductsPerUsdBrent(history, 2024); // { value: ≈ 0.119, year: 2022 } (USD 12.0 bn at Brent 100.93)
 */
export function oilProductsPerUsdBrent(history: History, through: number): { value: number; year: number } | undefined {
  const years = history.years('trade.mineral_fuels_ru_cn').filter((y) => y <= through && fourCarriersUsdBn(history, y) !== undefined);
  if (years.length === 0) return undefined;
  const year = years[years.length - 1];
  const other = history.value('trade.mineral_fuels_ru_cn', year) - fourCarriersUsdBn(history, year)!;
  return { value: Math.max(0, other) / history.value('oil.brent', year), year };
}

/**
 * Yearly log changes of Russia's non-energy exports to China: exports less HS 27 where the data
 * observe the chapter's total, else less the energy carriers observed that year (valued by
 * HISTORY_PRICE_RULES, oil products then staying in), over pairs of years that observe the same
 * things — so a carrier entering the data is never read as a fall in non-energy exports.
 */
export function nonEnergyHistory(history: History, through: number): Array<{ year: number; deltaLog: number }> {
  const observed = ['energy.pipeline_gas', 'energy.lng', 'energy.coal', 'trade.mineral_fuels_ru_cn'] as const;
  const nonEnergy = (year: number): number | undefined => {
    if (!history.has('trade.exports_ru_cn', year)) return undefined;
    const energy = history.has('trade.mineral_fuels_ru_cn', year) ? history.value('trade.mineral_fuels_ru_cn', year) : fourCarriersUsdBn(history, year);
    if (energy === undefined) return undefined;
    const v = history.value('trade.exports_ru_cn', year) - energy;
    return v > 0 ? v : undefined;
  };
  const out: Array<{ year: number; deltaLog: number }> = [];
  for (const year of history.years('trade.exports_ru_cn').filter((y) => y <= through)) {
    const now = nonEnergy(year);
    const before = nonEnergy(year - 1);
    if (now === undefined || before === undefined) continue;
    if (!observed.every((c) => history.has(c, year) === history.has(c, year - 1))) continue;
    out.push({ year, deltaLog: Math.log(now / before) });
  }
  return out;
}

/** The coal-demand elasticity to China's GDP that the coal trend is estimated net of (the baseline's). */
export const COAL_DEMAND_GDP_ELASTICITY = 0.5;

/** A carrier's trend: the mean of its yearly log changes, with residuals and a standard error. */
interface CarrierTrend {
  readonly trend: number | undefined;
  readonly standardError: number | null;
  readonly degreesOfFreedom: number | null;
  readonly residuals: number[];
  readonly n: number;
}

/**
 * The mean of a carrier's yearly log changes. From three changes on, its standard error is the
 * sample s.d. / √n (Student-t, n − 1 degrees of freedom); with one or two (a young flow), the mean
 * is still the best guess but its spread uses a judgement volatility (default
 * JUDGEMENT.energyVolumeVolatility) / √n.
 *
 * @example
 * carrierTrend([0.1, 0.3]).trend; // 0.2, standard error 0.2 / √2
 */
export function carrierTrend(deltas: readonly number[], judgementSd: number = JUDGEMENT.energyVolumeVolatility.value): CarrierTrend {
  const n = deltas.length;
  if (n === 0) return { trend: undefined, standardError: null, degreesOfFreedom: null, residuals: [], n };
  const m = mean([...deltas]);
  const residuals = deltas.map((d) => d - m);
  const own = n - 1 >= MIN_OBSERVATIONS - 1;
  const sd = own ? Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / (n - 1)) : judgementSd;
  return { trend: m, standardError: sd / Math.sqrt(n), degreesOfFreedom: own ? n - 1 : 0, residuals: n > 1 ? residuals : [], n };
}

/** Rule of succession: k events in n years → (k + 1) / (n + 2), never 0 or 1 from a short record. */
function succession(k: number, n: number): number {
  return (k + 1) / (n + 2);
}

/** Break years of one block: which residual of each flow is a break, and the threshold used. */
export interface BreakYears {
  /** Per flow, per residual: beyond the threshold? */
  readonly isBreak: boolean[][];
  readonly breakResiduals: number[];
  /** BREAK_THRESHOLD_ROBUST_SD × the robust s.d. of every flow's residuals pooled, log points. */
  readonly thresholdLog: number;
  /** Residual years pooled over the flows. */
  readonly n: number;
}

/**
 * Find the break years of a block from its flows' pass-1 residuals, pooled: one robust scale for
 * the block, so a year counts as a break whichever flow it shows in.
 *
 * @example
 * breakYears([[0.1, -0.1, 0.1], [-0.1, 2]]).breakResiduals; // [2]
 */
export function breakYears(flows: ReadonlyArray<readonly number[]>): BreakYears {
  const pooled = flows.flat();
  const thresholdLog = BREAK_THRESHOLD_ROBUST_SD * robustSd(pooled);
  const isBreak = flows.map((f) => f.map((r) => isBreakResidual(r, thresholdLog)));
  const breakResiduals = flows.flatMap((f, k) => f.filter((_, i) => isBreak[k][i]));
  return { isBreak, breakResiduals, thresholdLog, n: pooled.length };
}

/**
 * Estimate every parameter the shipped data can identify, using data up to and including
 * `throughYear` only (nothing later can leak in). Deterministic: the same data give the same bytes.
 */
export function calibrate(history: History, throughYear: number = history.lastYear('trade.turnover')): Calibration {
  const span = (years: number[]) => (years.length > 0 ? `${years[0]}–${years[years.length - 1]}` : `none up to ${throughYear}`);
  /**
   * An Estimate from a regression's raw value: used when the data gave one (`raw` defined) and it
   * is accepted, otherwise the stated judgement, with a note saying which and why.
   */
  const fitted = (e: {
    raw: number | undefined;
    /** The value used when accepted, if not raw itself (a restricted refit's coefficient). */
    used?: number;
    accepted?: boolean;
    judgement: { readonly value: number; readonly spread: number | null };
    standardError?: number | null;
    degreesOfFreedom?: number | null;
    rSquared?: number;
    unit: string;
    method: string;
    data: string;
    observations: number;
    note?: string;
    rejectedNote?: string;
    tooFewNote?: string;
  }): Estimate => {
    const used = e.raw !== undefined && (e.accepted ?? true);
    const tooFew = `only ${e.observations} usable observations up to ${throughYear}: judgement ${e.judgement.value}`;
    return {
      value: used ? round(e.used ?? e.raw!) : e.judgement.value,
      estimate: e.raw !== undefined ? round(e.raw) : null,
      identified: used,
      unit: e.unit,
      method: e.method,
      data: e.data,
      observations: e.observations,
      rSquared: e.raw !== undefined && e.rSquared !== undefined ? round(e.rSquared) : null,
      standardError: used ? (e.standardError === undefined || e.standardError === null ? null : round(e.standardError)) : e.judgement.spread,
      degreesOfFreedom: used ? (e.degreesOfFreedom ?? null) : null,
      note: e.raw === undefined ? (e.tooFewNote ?? tooFew) : used ? (e.note ?? '') : (e.rejectedNote ?? ''),
    };
  };
  const trendEstimate = (t: CarrierTrend, unit: string, method: string, data: string, note: string): Estimate =>
    fitted({ raw: t.trend, judgement: JUDGEMENT.energyTrendLogPerYear, standardError: t.standardError, degreesOfFreedom: t.degreesOfFreedom, unit, method, data, observations: t.n, note });
  /** A residual standard deviation of a pass-2 fit (regular years only), or judgement when too few. */
  const noise = (
    residuals: readonly number[],
    parameters: number,
    judgement: { readonly value: number; readonly spread: number | null },
    unit: string,
    method: string,
    data: string,
    note = '',
  ): Estimate => {
    const dof = residuals.length - parameters;
    const raw = dof >= MIN_OBSERVATIONS - 1 ? Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / dof) : undefined;
    return fitted({ raw, judgement, unit, method, data, observations: residuals.length, note, degreesOfFreedom: raw === undefined ? null : dof });
  };

  // Brent: AR(1) persistence and shock size.
  const ar = brentAr1(history, throughYear);
  const phiValue = clamp(ar.phi, 0, 0.95);

  // Russian growth on the change in log Brent.
  const gYears = consecutiveYears(history, ['gdp.russia_growth', 'oil.brent'], throughYear).filter((y) => history.has('gdp.russia_growth', y));
  const gx = gYears.map((y) => logChange(history, 'oil.brent', y));
  const gy = gYears.map((y) => history.value('gdp.russia_growth', y));
  const gFit = gYears.length - 2 >= MIN_OBSERVATIONS - 1 ? ordinaryLeastSquares(gx.map((x) => [1, x]), gy) : undefined;

  // China's growth: its spread around its own mean (the scenario gives the path).
  const cnYears = history.years('gdp.china_growth').filter((y) => y <= throughYear);
  const cnGrowth = cnYears.map((y) => history.value('gdp.china_growth', y));
  const cnMean = cnGrowth.length > 0 ? mean(cnGrowth) : 0;

  // Rouble on the change in log Brent.
  const fYears = consecutiveYears(history, ['fx.usd_rub', 'oil.brent'], throughYear);
  const fx = fYears.map((y) => logChange(history, 'oil.brent', y));
  const fy = fYears.map((y) => logChange(history, 'fx.usd_rub', y));
  const fFit = fYears.length - 2 >= MIN_OBSERVATIONS - 1 ? ordinaryLeastSquares(fx.map((x) => [1, x]), fy) : undefined;

  // Each block is fitted twice. Pass 1 on every year finds the break years (residuals beyond the
  // robust threshold of the block's pooled residuals); pass 2 refits on the regular years only, so
  // a break (mean zero by construction) neither tilts a trend nor inflates the regular noise.
  // Chinese exports: Δln X = a + ε_inc·ln(1+g_RU) − ε_fx·Δln R + u; the trend a is kept.
  const mYears = consecutiveYears(history, ['trade.exports_cn_ru', 'fx.usd_rub'], throughYear).filter((y) => history.has('gdp.russia_growth', y));
  const mY = mYears.map((y) => logChange(history, 'trade.exports_cn_ru', y));
  const mDrivers = [
    { x: mYears.map((y) => Math.log(1 + history.value('gdp.russia_growth', y) / 100)), accept: (v: number) => v > 0 && v < 5, judgement: JUDGEMENT.importIncomeElasticity.value, judgementSpread: JUDGEMENT.importIncomeElasticity.spread },
    { x: mYears.map((y) => -logChange(history, 'fx.usd_rub', y)), accept: (v: number) => v > 0 && v < 5, judgement: JUDGEMENT.importRubElasticity.value, judgementSpread: JUDGEMENT.importRubElasticity.spread },
  ];
  const mFitAll = restrictedTrendFit(mY, mDrivers, JUDGEMENT.chineseExportsVolatility.value);
  const mData = `trade.exports_cn_ru, gdp.russia_growth, fx.usd_rub ${span(mYears)}`;

  // Non-energy Russian exports: Δln NE − ln(1+g_CN) = a_NE + u (unit elasticity is the scenario's).
  const neYears = nonEnergyHistory(history, throughYear).filter((r) => history.has('gdp.china_growth', r.year));
  const neY = neYears.map((r) => r.deltaLog - Math.log(1 + history.value('gdp.china_growth', r.year) / 100));
  const neAll = carrierTrend(neY, JUDGEMENT.nonEnergyVolatility.value);
  const neData = `trade.exports_ru_cn less HS 27 (observed) or the four carriers at the stated price rules, gdp.china_growth ${span(neYears.map((r) => r.year))}`;

  const mAllResiduals = mFitAll.fit?.residuals ?? [];
  const trade = breakYears([mAllResiduals, neAll.residuals]);
  const mRegular = (i: number) => !trade.isBreak[0][i];
  const mFit = restrictedTrendFit(
    mY.filter((_, i) => mRegular(i)),
    mDrivers.map((d) => ({ ...d, x: d.x.filter((_, i) => mRegular(i)) })),
    JUDGEMENT.chineseExportsVolatility.value,
  );
  const neTrend = carrierTrend(neY.filter((_, i) => !trade.isBreak[1][i]), JUDGEMENT.nonEnergyVolatility.value);

  // Crude demand, China's share of Russian LNG and coal demand: each grows at its own trend (the
  // mean yearly log change; coal's net of China's GDP at COAL_DEMAND_GDP_ELASTICITY), with shocks
  // around it, under the capacity in force.
  const cYears = consecutiveYears(history, ['energy.crude_oil'], throughYear);
  const cY = cYears.map((y) => logChange(history, 'energy.crude_oil', y));
  const lYears = consecutiveYears(history, ['energy.lng'], throughYear);
  const lY = lYears.map((y) => logChange(history, 'energy.lng', y));
  const kYears = consecutiveYears(history, ['energy.coal'], throughYear).filter((y) => history.has('gdp.china_growth', y));
  const kY = kYears.map((y) => logChange(history, 'energy.coal', y) - COAL_DEMAND_GDP_ELASTICITY * Math.log(1 + history.value('gdp.china_growth', y) / 100));
  const energy = breakYears([carrierTrend(cY).residuals, carrierTrend(lY).residuals, carrierTrend(kY).residuals]);
  const regularOf = (xs: number[], k: number) => xs.filter((_, i) => !(energy.isBreak[k][i] ?? false));
  const crudeTrend = carrierTrend(regularOf(cY, 0));
  const lngTrend = carrierTrend(regularOf(lY, 1));
  const coalTrend = carrierTrend(regularOf(kY, 2));

  // Settlement: logit(n / ceiling) on time, over statements since SETTLEMENT_FIT_FROM_YEAR (the
  // current shift); before enough of those exist, over every statement up to the through-year.
  const upTo = history.settlementStatements.filter((s) => Math.floor(s.decimalYear) <= throughYear);
  const recent = upTo.filter((s) => s.decimalYear >= SETTLEMENT_FIT_FROM_YEAR);
  const st = recent.length >= MIN_OBSERVATIONS ? recent : upTo;
  const settlementFrom = st.length > 0 ? Math.floor(st[0].decimalYear) : throughYear;
  const sx = st.map((s) => s.decimalYear);
  const sy = st.map((s) => {
    const r = Math.min(s.nationalShare / CALIBRATION_SETTLEMENT_CEILING, 0.999);
    return Math.log(r / (1 - r));
  });
  const sFit = st.length >= MIN_OBSERVATIONS ? ordinaryLeastSquares(sx.map((x) => [1, x]), sy) : undefined;
  const settlementNote = 'statements are officials\' point remarks, treated as noisy observations; the pace of 2020–24 is the status quo speed, regimes scale it';

  const firstBrent = history.years('oil.brent')[0];
  const income = mFit.drivers[0];
  const rub = mFit.drivers[1];
  const breakEstimates = (found: BreakYears, what: string, data: string) => {
    const n = found.n;
    const k = found.breakResiduals.length;
    const excess = found.breakResiduals.map((r) => Math.abs(r) - found.thresholdLog);
    return {
      probability: fitted({
        raw: n >= MIN_OBSERVATIONS ? succession(k, n) : undefined,
        judgement: JUDGEMENT.breakProbabilityPerYear,
        unit: 'probability of a break year',
        method: `(k + 1) / (n + 2) over the ${what} residual years, k of them beyond ${BREAK_THRESHOLD_ROBUST_SD} robust s.d. (1.4826 × median absolute residual)`,
        data,
        observations: n,
        note: `${k} break years of ${n}`,
      }),
      minimum: fitted({
        raw: n >= MIN_OBSERVATIONS && found.thresholdLog > 0 ? found.thresholdLog : undefined,
        judgement: JUDGEMENT.breakMinLog,
        unit: 'smallest log size of a break (the threshold a year must pass to count as one)',
        method: `${BREAK_THRESHOLD_ROBUST_SD} × the robust s.d. of the pass-1 residuals`,
        data,
        observations: n,
        note: 'a break moves a flow by ± (this + an excess); its sign is even (mean zero: the trends carry the average growth)',
      }),
      meanExcess: fitted({
        raw: k > 0 ? mean(excess) : undefined,
        judgement: JUDGEMENT.breakMeanExcessLog,
        unit: 'mean log size of a break beyond the threshold',
        method: 'mean of |residual| − threshold over the break years; drawn half-normal with this mean',
        data,
        observations: k,
        tooFewNote: `no break year among ${n} residual years up to ${throughYear}: judgement ${JUDGEMENT.breakMeanExcessLog.value} (half the typical threshold)`,
      }),
    };
  };
  const tradeBreaks = breakEstimates(trade, 'Chinese-exports and non-energy', `${mData}; ${neData}`);
  const energyBreaks = breakEstimates(energy, 'crude, LNG and coal', `energy.crude_oil ${span(cYears)}, energy.lng ${span(lYears)}, energy.coal ${span(kYears)}`);

  const estimates: Calibration['estimates'] = {
    brentMeanReversionPhi: {
      value: round(phiValue),
      estimate: round(ar.phi),
      identified: phiValue === ar.phi,
      unit: 'share of last year\'s log deviation that persists',
      method: 'OLS of x_t on x_{t-1}, x = ln Brent − mean ln Brent (ml-regression-simple-linear)',
      data: `oil.brent ${firstBrent}–${throughYear} (annual averages)`,
      observations: ar.n,
      rSquared: round(ar.r2),
      standardError: round(ar.phiStandardError),
      degreesOfFreedom: ar.n - 2,
      note: phiValue === ar.phi ? 'draws clamped to [0, 0.95]' : 'estimate clamped to [0, 0.95]',
    },
    brentVolatilityLog: {
      value: round(ar.sigma),
      estimate: round(ar.sigma),
      identified: true,
      unit: 'standard deviation of the yearly log shock',
      method: 'residual standard deviation of the AR(1) above (n − 2 degrees of freedom)',
      data: `oil.brent ${firstBrent}–${throughYear}`,
      observations: ar.n,
      rSquared: null,
      standardError: null,
      degreesOfFreedom: ar.n - 2,
      note: 'annual averages understate intra-year swings; jumps add supply shocks on top',
    },
    russiaGrowthOilSensitivityPct: fitted({
      raw: gFit?.coefficients[1],
      judgement: JUDGEMENT.russiaGrowthOilSensitivityPct,
      standardError: gFit ? Math.sqrt(gFit.covariance[1][1]) : null,
      degreesOfFreedom: gFit?.degreesOfFreedom,
      rSquared: gFit?.rSquared,
      unit: 'percentage points of growth per unit Δln Brent',
      method: 'OLS of Russian real GDP growth on Δln Brent',
      data: `gdp.russia_growth, oil.brent ${span(gYears)}`,
      observations: gYears.length,
      note: 'short sample; 2020 (pandemic) and 2022 (sanctions) dominate',
    }),
    russiaGdpVolatilityPct: fitted({
      raw: gFit?.residualSd,
      judgement: JUDGEMENT.russiaGdpVolatilityPct,
      degreesOfFreedom: gFit?.degreesOfFreedom,
      unit: 'percentage points (s.d. of the yearly growth shock)',
      method: 'residual standard deviation of the growth regression above (n − 2 degrees of freedom)',
      data: `gdp.russia_growth, oil.brent ${span(gYears)}`,
      observations: gYears.length,
    }),
    chinaGdpVolatilityPct: fitted({
      raw: cnGrowth.length >= MIN_OBSERVATIONS ? sampleStandardDeviation(cnGrowth.map((g) => g - cnMean)) : undefined,
      judgement: JUDGEMENT.chinaGdpVolatilityPct,
      degreesOfFreedom: cnGrowth.length - 1,
      unit: 'percentage points (s.d. of the yearly growth shock)',
      method: 'sample standard deviation of NBS growth around its mean',
      data: `gdp.china_growth ${span(cnYears)}`,
      observations: cnGrowth.length,
      note: 'includes the slowdown of the 2010s, which a scenario path carries: an upper bound',
    }),
    rubOilElasticity: fitted({
      raw: fFit?.coefficients[1],
      judgement: JUDGEMENT.rubOilElasticity,
      standardError: fFit ? Math.sqrt(fFit.covariance[1][1]) : null,
      degreesOfFreedom: fFit?.degreesOfFreedom,
      rSquared: fFit?.rSquared,
      unit: 'Δln(RUB per USD) per unit Δln Brent',
      method: 'OLS of Δln USD/RUB on Δln Brent',
      data: `fx.usd_rub, oil.brent ${span(fYears)}`,
      observations: fYears.length,
    }),
    rubVolatilityLog: fitted({
      raw: fFit?.residualSd,
      judgement: JUDGEMENT.rubVolatilityLog,
      degreesOfFreedom: fFit?.degreesOfFreedom,
      unit: 'standard deviation of the yearly log shock to USD/RUB',
      method: 'residual standard deviation of the rouble regression',
      data: `fx.usd_rub, oil.brent ${span(fYears)}`,
      observations: fYears.length,
    }),
    chineseExportsTrendLogPerYear: fitted({
      raw: mFit.trend,
      judgement: { value: 0, spread: 0.1 },
      standardError: mFit.trendStandardError,
      degreesOfFreedom: mFit.fit?.degreesOfFreedom ?? 0,
      rSquared: mFit.fit?.rSquared,
      unit: 'yearly log growth of Chinese exports beyond income and rouble effects',
      method: 'intercept of the import regression: OLS of Δln Chinese exports on ln(1+g_RU) and Δln USD/RUB, elasticities outside (0, 5) fixed at judgement and moved to the left (restricted least squares)',
      data: mData,
      observations: mYears.length,
      note: 'China\'s rising share of Russia\'s imports; drawn per path with its standard error, so long horizons carry the doubt about it',
    }),
    importIncomeElasticity: fitted({
      raw: income.raw,
      used: income.estimated ? income.value : undefined,
      accepted: income.estimated,
      judgement: JUDGEMENT.importIncomeElasticity,
      standardError: income.standardError,
      degreesOfFreedom: mFit.fit?.degreesOfFreedom,
      rSquared: mFit.fit?.rSquared,
      unit: 'elasticity of Russian import demand to real GDP',
      method: 'same regression (ml-matrix for (XᵀX)⁻¹)',
      data: mData,
      observations: mYears.length,
      rejectedNote: `estimate outside (0, 5) or too few points: judgement ${JUDGEMENT.importIncomeElasticity.value} ± ${JUDGEMENT.importIncomeElasticity.spread} (import-demand income elasticities of 1–2 are typical for emerging economies)`,
    }),
    importRubElasticity: fitted({
      raw: rub.raw,
      used: rub.estimated ? rub.value : undefined,
      accepted: rub.estimated,
      judgement: JUDGEMENT.importRubElasticity,
      standardError: rub.standardError,
      degreesOfFreedom: mFit.fit?.degreesOfFreedom,
      rSquared: mFit.fit?.rSquared,
      unit: 'elasticity of USD import demand to the rouble\'s USD value',
      method: 'same regression; sign flipped so that a weaker rouble lowers imports',
      data: mData,
      observations: mYears.length,
      rejectedNote: `estimate has the wrong sign or too few points (in 2023 the rouble fell while imports from China surged as Western suppliers were replaced): judgement ${JUDGEMENT.importRubElasticity.value} ± ${JUDGEMENT.importRubElasticity.spread} (a weaker rouble makes imports dearer)`,
    }),
    chineseExportsVolatility: noise(
      mFit.fit?.residuals ?? [],
      1 + mFit.drivers.filter((d) => d.estimated).length,
      JUDGEMENT.chineseExportsVolatility,
      'standard deviation of the yearly log shock to Chinese exports',
      'residual standard deviation of the import regression over its regular years (break years go to the break process)',
      mData,
    ),
    nonEnergyTrendLogPerYear: fitted({
      raw: neTrend.trend,
      judgement: { value: 0, spread: 0.1 },
      standardError: neTrend.standardError,
      degreesOfFreedom: neTrend.degreesOfFreedom,
      unit: 'yearly log growth of non-energy exports beyond China\'s GDP growth',
      method: 'mean of Δln non-energy exports − ln(1+g_CN) (unit GDP elasticity)',
      data: neData,
      observations: neY.length,
    }),
    nonEnergyVolatility: noise(neTrend.residuals, 1, JUDGEMENT.nonEnergyVolatility, 'standard deviation of the yearly log shock to non-energy exports', 'standard deviation of the non-energy residuals over regular years', neData),
    tradeBreakProbabilityPerYear: tradeBreaks.probability,
    tradeBreakMinLog: tradeBreaks.minimum,
    tradeBreakMeanExcessLog: tradeBreaks.meanExcess,
    crudeDemandTrendLogPerYear: trendEstimate(crudeTrend, 'yearly log growth of China\'s demand for Russian crude', 'mean yearly log change of crude deliveries', `energy.crude_oil ${span(cYears)}`, 'deliveries are capped by the pipeline, transit and seaborne capacity in force'),
    crudeVolumeVolatility: noise(crudeTrend.residuals, 1, JUDGEMENT.energyVolumeVolatility, 'standard deviation of the yearly log shock to crude demand', 'standard deviation of the crude residuals over regular years', `energy.crude_oil ${span(cYears)}`),
    lngShareTrendLogPerYear: trendEstimate(lngTrend, 'yearly log growth of China\'s share of Russian LNG capacity', 'mean yearly log change of LNG deliveries', `energy.lng ${span(lYears)}`, 'the share is capped at 1'),
    lngShareVolatility: noise(lngTrend.residuals, 1, JUDGEMENT.energyVolumeVolatility, 'standard deviation of the yearly log shock to China\'s share of Russian LNG', 'standard deviation of Δln LNG deliveries around their mean, regular years', `energy.lng ${span(lYears)}`),
    coalDemandTrendLogPerYear: trendEstimate(coalTrend, 'yearly log growth of China\'s coal demand beyond its GDP effect', `mean yearly log change of coal deliveries less ${COAL_DEMAND_GDP_ELASTICITY} × ln(1 + g_CN)`, `energy.coal, gdp.china_growth ${span(kYears)}`, 'deliveries are capped by the rail capacity in force'),
    coalDemandVolatility: noise(coalTrend.residuals, 1, JUDGEMENT.energyVolumeVolatility, 'standard deviation of the yearly log shock to China\'s coal demand', 'standard deviation of coal residuals around their mean, regular years', `energy.coal ${span(kYears)}`),
    energyBreakProbabilityPerYear: energyBreaks.probability,
    energyBreakMinLog: energyBreaks.minimum,
    energyBreakMeanExcessLog: energyBreaks.meanExcess,
    settlementLogitStepPerYear: fitted({
      raw: sFit?.coefficients[1],
      judgement: JUDGEMENT.settlementLogitStepPerYear,
      standardError: sFit ? Math.sqrt(sFit.covariance[1][1]) : null,
      degreesOfFreedom: sFit?.degreesOfFreedom,
      rSquared: sFit?.rSquared,
      unit: 'yearly change of logit(national share / ceiling)',
      method: `OLS of logit(share / ${CALIBRATION_SETTLEMENT_CEILING}) on the date of each statement`,
      data: `settlement-statements.csv ${settlementFrom}–${throughYear}, ${st.length} statements`,
      observations: st.length,
      note: settlementNote,
      tooFewNote: settlementNote,
    }),
  };
  const correlations: EstimateCorrelation[] = [];
  if (mFit.fit && income.estimated) correlations.push({ a: 'chineseExportsTrendLogPerYear', b: 'importIncomeElasticity', correlation: round(mFit.trendDriverCorrelation) });
  return { dataThroughYear: throughYear, dataFingerprint: historyFingerprint(history.truncatedAt(throughYear)), estimates, correlations };
}
