import { describe, expect, it } from 'vitest';
import { effectiveDiscountPct, initialOilState, russianCrudePriceUsdPerBarrel, stepOil, type OilParams } from '../../src/models/oil.js';
import { fixedStream } from '../helpers.js';

const params: OilParams = { meanReversionPhi: 0.5, volatilityLog: 0.3, jumpProbabilityPerYear: 0.1, jumpMeanLog: 0.2, jumpStdLog: 0.1, shocks: true };

describe('oil block', () => {
  it('moves from the observed price towards the anchor, the base price weighing φ^k', () => {
    const calm = { ...params, shocks: false };
    const y1 = stepOil(calm, 100, Math.log(120), 1, fixedStream(0.01, 1), initialOilState(120));
    // weight ½: √(100 · 120) = 109.5445…
    expect(y1.brentUsdPerBarrel).toBeCloseTo(109.5445115, 6);
    const y2 = stepOil(calm, 100, Math.log(120), 1, fixedStream(0.01, 1), y1);
    // weight ¼: 100^0.75 · 120^0.25 = 104.6635…
    expect(y2.brentUsdPerBarrel).toBeCloseTo(104.6635139, 6);
  });

  it('follows the anchor exactly with φ = 0 and no shocks', () => {
    const y = stepOil({ ...params, meanReversionPhi: 0, shocks: false }, 82.49, Math.log(100.93), 1, fixedStream(0.5, 1), initialOilState(100.93));
    expect(y.brentUsdPerBarrel).toBeCloseTo(82.49, 10);
  });

  it('adds the shock and, when triggered, the jump', () => {
    const start = initialOilState(100);
    // uniform 0.05 < λ 0.1 triggers a jump; every normal draw is 1: x = 0.3·1 + 0.2 + 0.1·1 = 0.6
    expect(stepOil(params, 100, Math.log(100), 1, fixedStream(0.05, 1), start).logDeviation).toBeCloseTo(0.6, 12);
    // uniform 0.5 ≥ λ: no jump, x = 0.3
    expect(stepOil(params, 100, Math.log(100), 1, fixedStream(0.5, 1), start).brentUsdPerBarrel).toBeCloseTo(100 * Math.exp(0.3), 9);
  });

  it('never falls when an anchor point rises (the case the property tests found)', () => {
    const p = { ...params, meanReversionPhi: 0.999, shocks: false };
    const a = stepOil(p, 10.0421, Math.log(80.52), 0, fixedStream(0.5, 0), initialOilState(80.52));
    const b = stepOil(p, 11.0421, Math.log(80.52), 0, fixedStream(0.5, 0), initialOilState(80.52));
    expect(b.brentUsdPerBarrel).toBeGreaterThan(a.brentUsdPerBarrel);
  });

  it('a price cap "market minus X %" moves the discount only on the share it binds on, and only when deeper', () => {
    expect(effectiveDiscountPct(11.1, 15, 0.5)).toBeCloseTo(13.05, 12);
    expect(effectiveDiscountPct(11.1, 15, 1)).toBeCloseTo(15, 12);
    expect(effectiveDiscountPct(20, 15, 1)).toBe(20);
    expect(effectiveDiscountPct(11.1, -1, 1)).toBe(11.1); // no cap in force
  });

  it('prices Russian crude at Brent less a proportional discount', () => {
    // seed 002: USD 89.7 delivered in 2022 with Brent at 100.93: 11.126 % under Brent
    expect(russianCrudePriceUsdPerBarrel(100.93, 11.126)).toBeCloseTo(89.7, 2);
    // the same discount keeps its share at USD 50: 11.126 % of 50, not USD 11.2 (22 %)
    expect(russianCrudePriceUsdPerBarrel(50, 11.126)).toBeCloseTo(50 * (1 - 0.11126), 12);
  });
});
