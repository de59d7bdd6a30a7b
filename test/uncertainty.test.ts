import { describe, expect, it } from 'vitest';
import { ordinaryLeastSquares } from '../src/stats/ols.js';
import { breakYears, carrierTrend, fourCarriersUsdBn, HISTORY_PRICE_RULES, nonEnergyHistory, oilProductsPerUsdBrent, restrictedTrendFit, robustSd, splitBreaks } from '../src/models/calibration.js';
import { breakSizeLog } from '../src/models/breaks.js';
import { baseYearData, reconcileBaseYear } from '../src/models/baseState.js';
import { history } from './helpers.js';
import { drawParameters, type UncertainParameter } from '../src/models/parameterDraws.js';
import { RandomStream } from '../src/random/stream.js';
import { withOverrides } from '../src/index.js';
import { runScenario } from '../src/report/run.js';
import { fixedStream, loadLibraryScenario } from './helpers.js';

const one = (over: Partial<UncertainParameter> = {}): UncertainParameter => ({
  block: 'trade',
  field: 'importIncomeElasticity',
  mean: 2,
  standardError: 0.5,
  degreesOfFreedom: 0,
  min: 0,
  max: 5,
  correlatedWith: -1,
  correlation: 0,
  ...over,
});

describe('ordinary least squares with the coefficients\' covariance, by hand', () => {
  it('fits a line through four points', () => {
    // x̄ = 1.5, ȳ = 4.25, Sxx = 5, Sxy = 11.5: slope 2.3, intercept 0.8; residuals 0.2, −0.1, −0.4, 0.3
    const f = ordinaryLeastSquares([[1, 0], [1, 1], [1, 2], [1, 3]], [1, 3, 5, 8]);
    expect(f.coefficients[0]).toBeCloseTo(0.8, 12);
    expect(f.coefficients[1]).toBeCloseTo(2.3, 12);
    expect(f.residualSd).toBeCloseTo(Math.sqrt(0.3 / 2), 12);
    // Var(slope) = s² / Sxx = 0.15 / 5; Var(intercept) = s² (1/n + x̄²/Sxx) = 0.15 · (0.25 + 0.45)
    expect(f.covariance[1][1]).toBeCloseTo(0.03, 12);
    expect(f.covariance[0][0]).toBeCloseTo(0.105, 12);
    expect(f.degreesOfFreedom).toBe(2);
  });

  it('refuses fewer rows than columns', () => {
    expect(() => ordinaryLeastSquares([[1, 0]], [1])).toThrow(/more rows/);
  });
});

describe('trends, robust scale and breaks, by hand', () => {
  it('a carrier trend is the mean change; its spread the sample s.d. / √n from three changes on', () => {
    const t = carrierTrend([0.1, 0.2, 0.3]);
    expect(t.trend).toBeCloseTo(0.2, 12);
    expect(t.standardError).toBeCloseTo(0.1 / Math.sqrt(3), 12);
    expect(t.degreesOfFreedom).toBe(2);
    const young = carrierTrend([0.1, 0.3], 0.2);
    expect(young.trend).toBeCloseTo(0.2, 12);
    expect(young.standardError).toBeCloseTo(0.2 / Math.sqrt(2), 12); // judgement σ / √n
    expect(carrierTrend([]).trend).toBeUndefined();
  });

  it('restricted least squares uses the final fit\'s coefficients, not the first fit\'s', () => {
    // y = 0.1 + 2·x1 − 1·x2 exactly: x2's −1 is rejected (must be > 0), fixed at 0.5 and moved left,
    // so the refit of y − 0.5·x2 on x1 gives another slope than the unrestricted 2.
    const x1 = [0, 1, 2, 3, 4, 5];
    const x2 = [1, 0, 2, 1, 3, 1];
    const y = x1.map((v, i) => 0.1 + 2 * v - x2[i]);
    const f = restrictedTrendFit(y, [
      { x: x1, accept: () => true, judgement: 1, judgementSpread: 0.5 },
      { x: x2, accept: (v) => v > 0, judgement: 0.5, judgementSpread: 0.25 },
    ], 0.1);
    expect(f.drivers[1].estimated).toBe(false);
    expect(f.drivers[1].value).toBe(0.5);
    expect(f.drivers[1].raw).toBeCloseTo(-1, 9);
    expect(f.drivers[0].raw).toBeCloseTo(2, 9);
    const lhs = y.map((v, i) => v - 0.5 * x2[i]);
    const refit = ordinaryLeastSquares(x1.map((v) => [1, v]), lhs);
    expect(f.drivers[0].value).toBeCloseTo(refit.coefficients[1], 12);
    expect(f.drivers[0].value).not.toBeCloseTo(2, 3);
    expect(f.trend).toBeCloseTo(refit.coefficients[0], 12);
  });

  it('finds break years on a block\'s pooled robust scale, and draws breaks beyond the threshold', () => {
    const b = breakYears([[0.1, -0.1, 0.1], [-0.1, 2]]);
    expect(b.thresholdLog).toBeCloseTo(2.5 * 0.14826, 12);
    expect(b.breakResiduals).toEqual([2]);
    expect(b.isBreak).toEqual([[false, false, false], [false, true]]);
    expect(b.n).toBe(5);
    // a break is at least the threshold, sign from z, excess half-normal with the given mean
    expect(breakSizeLog(0.2, 0.1, 1)).toBeCloseTo(0.2 + 0.1 * Math.sqrt(Math.PI / 2), 12);
    expect(breakSizeLog(0.2, 0.1, -1)).toBeCloseTo(-(0.2 + 0.1 * Math.sqrt(Math.PI / 2)), 12);
    expect(Math.abs(breakSizeLog(0.2, 0.1, 0))).toBe(0.2);
    const rng = new RandomStream(3, 0, 1);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += Math.abs(breakSizeLog(0.2, 0.1, rng.normal())) - 0.2;
    expect(sum / 20_000).toBeCloseTo(0.1, 2);
  });

  it('flags as breaks only residuals beyond 2.5 robust standard deviations', () => {
    expect(robustSd([0.1, -0.1, 0.1, -0.1, 2])).toBeCloseTo(0.14826, 12);
    const s = splitBreaks([0.1, -0.1, 0.1, -0.1, 2]);
    expect(s.breaks).toEqual([2]);
    expect(s.regular).toEqual([0.1, -0.1, 0.1, -0.1]);
    expect(splitBreaks([0.1, -0.1, 0.3], 1).breaks).toEqual([]); // a wider pooled scale: no break
  });
});

describe('per-path parameter draws', () => {
  it('a normal draw is mean + standard error × z', () => {
    const out = new Float64Array(1);
    drawParameters([one()], fixedStream(0.5, 1.2), out, new Float64Array(1), new Float64Array(1));
    expect(out[0]).toBeCloseTo(2 + 0.5 * 1.2, 12);
  });

  it('a draw outside the bounds is redrawn, and after too many tries falls back to the point value', () => {
    const out = new Float64Array(1);
    drawParameters([one({ max: 2.1 })], fixedStream(0.5, 1.2), out, new Float64Array(1), new Float64Array(1));
    expect(out[0]).toBe(2);
  });

  it('a pair whose second draw falls outside its bounds is redrawn together, never one alone', () => {
    // Scripted normals: the first (a) is 0; then b's own normal 3 puts b at 3 > max 1 → redraw both:
    // a's new normal 1, b's 0 → a = 1, b = ρ·1 = 0.5.
    const normals = [0, 3, 1, 0];
    const rng = { uniform: () => 0.5, normal: () => normals.shift() ?? 0 } as unknown as RandomStream;
    const list = [one({ field: 'chineseExportsTrendLogPerYear', mean: 0, standardError: 1, min: -5, max: 5 }), one({ mean: 0, standardError: 1, min: -1, max: 1, correlatedWith: 0, correlation: 0.5 })];
    const out = new Float64Array(2);
    drawParameters(list, rng, out, new Float64Array(2), new Float64Array(2));
    expect(out[0]).toBe(1);
    expect(out[1]).toBeCloseTo(0.5, 12);
  });

  it('a jointly estimated pair keeps its correlation; Student-t draws have the t spread', () => {
    const list = [one({ field: 'chineseExportsTrendLogPerYear', mean: 0, standardError: 1, degreesOfFreedom: 6, min: -1e9, max: 1e9 }), one({ mean: 0, standardError: 1, degreesOfFreedom: 6, min: -1e9, max: 1e9, correlatedWith: 0, correlation: -0.5 })];
    const rng = new RandomStream(5, 0, 7);
    const out = new Float64Array(2);
    const n = 60_000;
    let sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
    for (let i = 0; i < n; i++) {
      drawParameters(list, rng, out, new Float64Array(2), new Float64Array(2));
      sa += out[0]; sb += out[1]; sab += out[0] * out[1]; saa += out[0] ** 2; sbb += out[1] ** 2;
    }
    const va = saa / n - (sa / n) ** 2;
    const vb = sbb / n - (sb / n) ** 2;
    expect((sab / n - (sa / n) * (sb / n)) / Math.sqrt(va * vb)).toBeCloseTo(-0.5, 1);
    expect(Math.abs(va - 6 / 4)).toBeLessThan(0.06); // Var(t₆) = ν / (ν − 2) = 1.5 (3 s.e. of the sample variance)
  });
});

describe('parameter uncertainty in a run', () => {
  const baseline = loadLibraryScenario('baseline.json');

  it('widens the long-horizon band (an error in a trend compounds), and can be switched off', async () => {
    const opts = { runs: 4000, seed: 8, workers: 0 };
    const drawn = await runScenario(baseline, opts);
    const fixed = await runScenario(withOverrides(baseline, { simulation: { parameterUncertainty: false } }), opts);
    const last = drawn.years.length - 1;
    const spread = (r: typeof drawn) => Math.log(r.series['trade.exports_cn_ru'].p90[last] / r.series['trade.exports_cn_ru'].p10[last]);
    expect(spread(drawn)).toBeGreaterThan(1.2 * spread(fixed));
    // one year out the parameters matter little: the bands stay within a fifth of each other
    const first = (r: typeof drawn) => Math.log(r.series['trade.exports_cn_ru'].p90[0] / r.series['trade.exports_cn_ru'].p10[0]);
    expect(first(drawn) / first(fixed)).toBeLessThan(1.2);
  });

  it('draws each path\'s settlement ceiling within its range: the long-run band is wider than under a fixed ceiling', async () => {
    const r = await runScenario(baseline, { runs: 4000, seed: 8, workers: 0 });
    const fixed = await runScenario(withOverrides(baseline, { settlement: { ceilingRange: { min: baseline.settlement.ceiling, max: baseline.settlement.ceiling } } }), { runs: 4000, seed: 8, workers: 0 });
    const last = r.years.length - 1;
    const range = baseline.settlement.ceilingRange!;
    const spread = (x: typeof r) => x.series['settlement.national'].p90[last] - x.series['settlement.national'].p10[last];
    expect(r.series['settlement.national'].max[last]).toBeLessThanOrEqual(range.max * 1.005);
    expect(fixed.series['settlement.national'].max[last]).toBeLessThanOrEqual(baseline.settlement.ceiling * 1.005);
    expect(spread(r)).toBeGreaterThan(2 * spread(fixed));
  });
});

describe('oil products and the non-energy history, by hand', () => {
  it('oil products are HS 27 less the four carriers, per USD of Brent, from the latest year with HS 27', () => {
    const y = 2022;
    const p = HISTORY_PRICE_RULES;
    const brent = history.value('oil.brent', y);
    const carriers =
      (history.value('energy.crude_oil', y) * p.barrelsPerTonne * brent * (1 - p.crudeDiscountShareOfBrent) +
        history.value('energy.pipeline_gas', y) * p.gasUsdPer1000m3PerUsdBrent * brent +
        history.value('energy.lng', y) * p.lngUsdPerTonnePerUsdBrent * brent +
        history.value('energy.coal', y) * p.coalUsdPerTonne) /
      1000;
    expect(fourCarriersUsdBn(history, y)).toBeCloseTo(carriers, 9);
    const later = history.years('trade.mineral_fuels_ru_cn').at(-1)!;
    expect(later).toBe(y);
    expect(oilProductsPerUsdBrent(history, y + 2)).toEqual({ value: (history.value('trade.mineral_fuels_ru_cn', y) - carriers) / brent, year: y });
    expect(oilProductsPerUsdBrent(history, 2020)).toBeUndefined(); // no HS 27 total yet
  });

  it('the non-energy history pairs only years that observe the same things', () => {
    const years = nonEnergyHistory(history, 2024).map((r) => r.year);
    // 2021: coal and LNG enter the data; 2023: HS 27 observed in 2022 but not in 2023
    expect(years).not.toContain(2021);
    expect(years).not.toContain(2023);
    expect(years).toContain(2022); // HS 27 in both 2021 and 2022
    const r2022 = nonEnergyHistory(history, 2024).find((r) => r.year === 2022)!;
    const ne = (y: number) => history.value('trade.exports_ru_cn', y) - history.value('trade.mineral_fuels_ru_cn', y);
    expect(r2022.deltaLog).toBeCloseTo(Math.log(ne(2022) / ne(2021)), 12);
  });

  it('the base year\'s split into energy and non-energy does not depend on the scenario\'s discount lever', () => {
    const baseline = loadLibraryScenario('baseline.json');
    const base = baseYearData(history);
    const deeper = withOverrides(baseline, { sanctions: { levers: { status_quo: { crudeDiscountPctOfBrent: 40 } } } });
    expect(reconcileBaseYear(deeper, base).value.nonEnergyExportsRuCnUsdBn).toBe(reconcileBaseYear(baseline, base).value.nonEnergyExportsRuCnUsdBn);
  });
});
