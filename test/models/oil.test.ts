import { describe, expect, it } from 'vitest';
import { initialOilState, russianCrudePriceUsdPerBarrel, stepOil, type OilParams } from '../../src/models/oil.js';
import { fixedStream } from '../helpers.js';

const params: OilParams = { meanReversionPhi: 0.5, volatilityLog: 0.3, jumpProbabilityPerYear: 0.1, jumpMeanLog: 0.2, jumpStdLog: 0.1, shocks: true };

describe('oil block', () => {
  it('decays the log deviation by φ without shocks', () => {
    const prev = { logDeviation: Math.log(1.2), brentUsdPerBarrel: 120 };
    const next = stepOil({ ...params, shocks: false }, 100, fixedStream(0.01, 1), prev);
    // 100 · 1.2^0.5 = 109.5445…
    expect(next.brentUsdPerBarrel).toBeCloseTo(109.5445115, 6);
  });

  it('adds the shock and, when triggered, the jump', () => {
    const prev = { logDeviation: 0, brentUsdPerBarrel: 100 };
    // uniform 0.05 < λ 0.1 triggers a jump; every normal draw is 1: x = 0.3·1 + 0.2 + 0.1·1 = 0.6
    expect(stepOil(params, 100, fixedStream(0.05, 1), prev).logDeviation).toBeCloseTo(0.6, 12);
    // uniform 0.5 ≥ λ: no jump, x = 0.3
    expect(stepOil(params, 100, fixedStream(0.5, 1), prev).brentUsdPerBarrel).toBeCloseTo(100 * Math.exp(0.3), 9);
  });

  it('starts from the observed Brent', () => {
    expect(initialOilState(80, 100).logDeviation).toBeCloseTo(Math.log(0.8), 12);
  });

  it('prices Russian crude at Brent minus the discount, floored at a fifth of Brent', () => {
    // seed 002: USD 89.7 delivered in 2022 with Brent at 100.93
    expect(russianCrudePriceUsdPerBarrel(100.93, 11.23)).toBeCloseTo(89.7, 6);
    expect(russianCrudePriceUsdPerBarrel(20, 30)).toBeCloseTo(4, 12);
  });
});
