import { SimpleLinearRegression } from 'ml-regression-simple-linear';
import MLR from 'ml-regression-multivariate-linear';
import { mean, sampleStandardDeviation, rSquared } from 'simple-statistics';
import type { History } from '../data/history.js';

/** One calibrated parameter with how it was obtained. */
export interface Estimate {
  /** The value the model uses. */
  readonly value: number;
  /** What the regression gave, before any judgement (equal to value when the data identify it); null when too few data. */
  readonly estimate: number | null;
  readonly identified: boolean;
  readonly unit: string;
  readonly method: string;
  readonly data: string;
  readonly observations: number;
  readonly rSquared: number | null;
  readonly note: string;
}

/** Everything `eastward calibrate` writes to data/calibration.json. */
export interface Calibration {
  readonly dataThroughYear: number;
  readonly estimates: {
    readonly brentMeanReversionPhi: Estimate;
    readonly brentVolatilityLog: Estimate;
    readonly russiaGrowthOilSensitivityPct: Estimate;
    readonly rubOilElasticity: Estimate;
    readonly rubVolatilityLog: Estimate;
    readonly importIncomeElasticity: Estimate;
    readonly importRubElasticity: Estimate;
    readonly chineseExportsVolatility: Estimate;
    readonly settlementLogitStepPerYear: Estimate;
  };
}

/** Fewer observations than this and a regression is not attempted: the stated judgement is used. */
export const MIN_OBSERVATIONS = 3;

/**
 * Values used when the data up to the through-year cannot identify a parameter (early backtests):
 * judgement, stated in docs/model.md.
 */
export const JUDGEMENT = {
  russiaGrowthOilSensitivityPct: 3,
  rubOilElasticity: -0.2,
  rubVolatilityLog: 0.1,
  importIncomeElasticity: 1.5,
  importRubElasticity: 0.5,
  chineseExportsVolatility: 0.1,
  settlementLogitStepPerYear: 0.5,
} as const;

/** The settlement ceiling under which the logit step is fitted (the baseline's; docs/model.md). */
export const CALIBRATION_SETTLEMENT_CEILING = 0.98;
/** Settlement statements before this year describe the pre-2020 plateau, not the current shift. */
export const SETTLEMENT_FIT_FROM_YEAR = 2020;

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

/**
 * Brent AR(1) on log deviations from the sample mean of log Brent: x_t = a + φ·x_{t−1} + e_t.
 * Returns φ and σ = sd(e).
 *
 * @example
 * brentAr1(history, 2024).phi; // ≈ 0.6 on 2007–2024 annual averages
 */
export function brentAr1(history: History, through: number): { phi: number; sigma: number; n: number; r2: number } {
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
  return { phi: reg.slope, sigma: residualSd(y, fitted, 2), n: x.length, r2: r2(x, y, (v) => reg.predict(v)) };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Estimate every parameter the shipped data can identify, using data up to and including
 * `throughYear` only (nothing later can leak in). Deterministic: the same data give the same bytes.
 */
export function calibrate(history: History, throughYear: number = history.lastYear('trade.turnover')): Calibration {
  // Brent: AR(1) persistence and shock size.
  const ar = brentAr1(history, throughYear);
  const phiValue = clamp(ar.phi, 0, 0.95);

  // Russian growth on the change in log Brent.
  const gYears = consecutiveYears(history, ['gdp.russia_growth', 'oil.brent'], throughYear).filter((y) => history.has('gdp.russia_growth', y));
  const gx = gYears.map((y) => Math.log(history.value('oil.brent', y) / history.value('oil.brent', y - 1)));
  const gy = gYears.map((y) => history.value('gdp.russia_growth', y));
  const gOk = gYears.length >= MIN_OBSERVATIONS;
  const gReg = gOk ? new SimpleLinearRegression(gx, gy) : undefined;

  // Rouble on the change in log Brent.
  const fYears = consecutiveYears(history, ['fx.usd_rub', 'oil.brent'], throughYear);
  const fx = fYears.map((y) => Math.log(history.value('oil.brent', y) / history.value('oil.brent', y - 1)));
  const fy = fYears.map((y) => Math.log(history.value('fx.usd_rub', y) / history.value('fx.usd_rub', y - 1)));
  const fOk = fYears.length >= MIN_OBSERVATIONS;
  const fReg = fOk ? new SimpleLinearRegression(fx, fy) : undefined;
  const fFitted = fReg ? fx.map((v) => fReg.predict(v)) : [];

  // Chinese exports on Russian growth and the rouble: Δln X = a + ε_inc·ln(1+g) − ε_fx·Δln R.
  const mYears = consecutiveYears(history, ['trade.exports_cn_ru', 'fx.usd_rub'], throughYear).filter((y) => history.has('gdp.russia_growth', y));
  const mX = mYears.map((y) => [
    Math.log(1 + history.value('gdp.russia_growth', y) / 100),
    Math.log(history.value('fx.usd_rub', y) / history.value('fx.usd_rub', y - 1)),
  ]);
  const mY = mYears.map((y) => [Math.log(history.value('trade.exports_cn_ru', y) / history.value('trade.exports_cn_ru', y - 1))]);
  // Three coefficients need more than three points.
  const mOk = mYears.length >= MIN_OBSERVATIONS + 1;
  const mReg = mOk ? new MLR(mX, mY) : undefined;
  const incomeRaw = mReg ? mReg.weights[0][0] : Number.NaN;
  const rubRaw = mReg ? -mReg.weights[1][0] : Number.NaN;
  const mFitted = mReg ? mReg.predict(mX).map((r: number[]) => r[0]) : [];
  const mResidualSd = mReg ? residualSd(mY.map((r: number[]) => r[0]), mFitted, 3) : Number.NaN;
  const mR2 = mReg ? 1 - mY.reduce((a: number, r: number[], i: number) => a + (r[0] - mFitted[i]) ** 2, 0) / mY.reduce((a: number, r: number[]) => a + (r[0] - mean(mY.map((q: number[]) => q[0]))) ** 2, 0) : Number.NaN;
  const incomeOk = incomeRaw > 0 && incomeRaw < 5;
  const rubOk = rubRaw > 0 && rubRaw < 5;

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
  const sReg = st.length >= MIN_OBSERVATIONS ? new SimpleLinearRegression(sx, sy) : undefined;
  const span = (years: number[]) => (years.length > 0 ? `${years[0]}–${years[years.length - 1]}` : `none up to ${throughYear}`);
  const settlementNote = 'statements are officials\' point remarks, treated as noisy observations; the pace of 2020–24 is the status quo speed, regimes scale it';
  /**
   * An Estimate from a regression's raw value: used when the data gave one (`raw` defined) and it
   * is accepted, otherwise the stated judgement, with a note saying which and why.
   */
  const fitted = (e: {
    raw: number | undefined;
    accepted?: boolean;
    judgement: number;
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
    const tooFew = `only ${e.observations} observations up to ${throughYear} (fewer than ${MIN_OBSERVATIONS}): judgement ${e.judgement}`;
    return {
      value: used ? round(e.raw!) : e.judgement,
      estimate: e.raw !== undefined ? round(e.raw) : null,
      identified: used,
      unit: e.unit,
      method: e.method,
      data: e.data,
      observations: e.observations,
      rSquared: e.raw !== undefined && e.rSquared !== undefined ? round(e.rSquared) : null,
      note: e.raw === undefined ? (e.tooFewNote ?? tooFew) : used ? (e.note ?? '') : (e.rejectedNote ?? ''),
    };
  };

  const firstBrent = history.years('oil.brent')[0];
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
      note: phiValue === ar.phi ? '' : 'estimate clamped to [0, 0.95]',
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
      note: 'annual averages understate intra-year swings; jumps add supply shocks on top',
    },
    russiaGrowthOilSensitivityPct: fitted({
      raw: gReg?.slope,
      judgement: JUDGEMENT.russiaGrowthOilSensitivityPct,
      rSquared: gReg ? r2(gx, gy, (v) => gReg.predict(v)) : undefined,
      unit: 'percentage points of growth per unit Δln Brent',
      method: 'OLS of Russian real GDP growth on Δln Brent',
      data: `gdp.russia_growth, oil.brent ${span(gYears)}`,
      observations: gYears.length,
      note: 'short sample; 2020 (pandemic) and 2022 (sanctions) dominate',
    }),
    rubOilElasticity: fitted({
      raw: fReg?.slope,
      judgement: JUDGEMENT.rubOilElasticity,
      rSquared: fReg ? r2(fx, fy, (v) => fReg.predict(v)) : undefined,
      unit: 'Δln(RUB per USD) per unit Δln Brent',
      method: 'OLS of Δln USD/RUB on Δln Brent',
      data: `fx.usd_rub, oil.brent ${span(fYears)}`,
      observations: fYears.length,
    }),
    rubVolatilityLog: fitted({
      raw: fReg ? residualSd(fy, fFitted, 2) : undefined,
      judgement: JUDGEMENT.rubVolatilityLog,
      unit: 'standard deviation of the yearly log shock to USD/RUB',
      method: 'residual standard deviation of the rouble regression',
      data: `fx.usd_rub, oil.brent ${span(fYears)}`,
      observations: fYears.length,
    }),
    importIncomeElasticity: fitted({
      raw: mReg ? incomeRaw : undefined,
      accepted: incomeOk,
      judgement: JUDGEMENT.importIncomeElasticity,
      rSquared: mReg ? mR2 : undefined,
      unit: 'elasticity of Russian import demand to real GDP',
      method: 'OLS (ml-regression-multivariate-linear) of Δln Chinese exports on ln(1+g_RU) and Δln USD/RUB',
      data: `trade.exports_cn_ru, gdp.russia_growth, fx.usd_rub ${span(mYears)}`,
      observations: mYears.length,
      rejectedNote: 'estimate outside (0, 5): the 2022–23 redirection of Russian imports to China swamps the income effect in so short a sample; judgement 1.5 (import-demand income elasticities of 1–2 are typical for emerging economies)',
    }),
    importRubElasticity: fitted({
      raw: mReg ? rubRaw : undefined,
      accepted: rubOk,
      judgement: JUDGEMENT.importRubElasticity,
      rSquared: mReg ? mR2 : undefined,
      unit: 'elasticity of USD import demand to the rouble\'s USD value',
      method: 'same regression; sign flipped so that a weaker rouble lowers imports',
      data: `trade.exports_cn_ru, gdp.russia_growth, fx.usd_rub ${span(mYears)}`,
      observations: mYears.length,
      rejectedNote: 'estimate has the wrong sign: in 2023 the rouble fell while imports from China surged as Western suppliers were replaced; judgement 0.5 (a weaker rouble makes imports dearer)',
    }),
    chineseExportsVolatility: fitted({
      raw: mReg ? mResidualSd : undefined,
      judgement: JUDGEMENT.chineseExportsVolatility,
      unit: 'standard deviation of the yearly log shock to Chinese exports',
      method: 'residual standard deviation of the import regression above (n − 3 degrees of freedom)',
      data: `trade.exports_cn_ru, gdp.russia_growth, fx.usd_rub ${span(mYears)}`,
      observations: mYears.length,
      note: 'includes the 2022–23 redirection, which the backtest showed the bands must allow for',
    }),
    settlementLogitStepPerYear: fitted({
      raw: sReg?.slope,
      judgement: JUDGEMENT.settlementLogitStepPerYear,
      rSquared: sReg ? r2(sx, sy, (v) => sReg.predict(v)) : undefined,
      unit: 'yearly change of logit(national share / ceiling)',
      method: `OLS of logit(share / ${CALIBRATION_SETTLEMENT_CEILING}) on the date of each statement`,
      data: `settlement-statements.csv ${settlementFrom}–${throughYear}, ${st.length} statements`,
      observations: st.length,
      note: settlementNote,
      tooFewNote: settlementNote,
    }),
  };
  return { dataThroughYear: throughYear, estimates };
}
