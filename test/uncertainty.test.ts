import { describe, expect, it } from 'vitest';
import { ordinaryLeastSquares } from '../src/stats/ols.js';
import { carrierTrend, robustSd, splitBreaks } from '../src/models/calibration.js';
import { drawParameters, type UncertainParameter } from '../src/models/parameterDraws.js';
import { RandomStream } from '../src/random/stream.js';
import { withOverrides } from '../src/index.js';
import { runScenario } from '../src/engine/run.js';
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

  it('a jointly estimated pair keeps its correlation; Student-t draws have the t spread', () => {
    const list = [one({ field: 'chineseExportsTrendLogPerYear', mean: 0, standardError: 1, degreesOfFreedom: 6, min: -1e9, max: 1e9 }), one({ mean: 0, standardError: 1, degreesOfFreedom: 6, min: -1e9, max: 1e9, correlatedWith: 0, correlation: -0.5 })];
    const rng = new RandomStream(5, 0, 7);
    const out = new Float64Array(2);
    const n = 40_000;
    let sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
    for (let i = 0; i < n; i++) {
      drawParameters(list, rng, out, new Float64Array(2), new Float64Array(2));
      sa += out[0]; sb += out[1]; sab += out[0] * out[1]; saa += out[0] ** 2; sbb += out[1] ** 2;
    }
    const va = saa / n - (sa / n) ** 2;
    const vb = sbb / n - (sb / n) ** 2;
    expect((sab / n - (sa / n) * (sb / n)) / Math.sqrt(va * vb)).toBeCloseTo(-0.5, 1);
    expect(va).toBeCloseTo(6 / 4, 0); // Var(t₆) = ν / (ν − 2) = 1.5
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

  it('draws each path\'s settlement ceiling within its range', async () => {
    const r = await runScenario(baseline, { runs: 4000, seed: 8, workers: 0 });
    const last = r.years.length - 1;
    const range = baseline.settlement.ceilingRange!;
    expect(r.series['settlement.national'].max[last]).toBeLessThanOrEqual(range.max * 1.005);
    expect(r.series['settlement.national'].p90[last] - r.series['settlement.national'].p10[last]).toBeGreaterThan(0.01);
  });
});
