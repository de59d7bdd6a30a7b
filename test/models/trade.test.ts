import { describe, expect, it } from 'vitest';
import { stepTrade, tradeTotals, type TradeParams, type TradeState } from '../../src/models/trade.js';
import { fixedStream } from '../helpers.js';

const p: TradeParams = {
  nonEnergyGdpElasticity: 1,
  nonEnergyVolatility: 0.05,
  importIncomeElasticity: 2,
  importRubElasticity: 0.5,
  chinaShareAdjustmentSpeed: 0.5,
  chineseExportsVolatility: 0.05,
  chineseExportsScaleUsdBn: 100,
  nonEnergyTrendLogPerYear: 0,
  nonEnergyCommodityPriceElasticity: 0,
  chineseExportsTrendLogPerYear: 0,
  breakProbabilityPerYear: 0,
  breakMinLog: 0.3,
  breakMeanExcessLog: 0,
  trendDampingPerYear: 1,
  shocks: false,
};
const prev: TradeState = {
  nonEnergyExportsRuCnUsdBn: 40,
  importDemandIndex: 1,
  chinaShareIndex: 1,
  noiseFactor: 1,
  trendWeight: 1,
  exportsRuCnUsdBn: 120,
  exportsCnRuUsdBn: 95,
  turnoverUsdBn: 215,
  balanceUsdBn: 25,
};

describe('trade block', () => {
  it('reproduces the 2022 identities of seed 002', () => {
    // HS 27 (mineral fuels) 85.45 bn of 114.15 bn Russian exports; Chinese exports 76.12 bn
    const t = tradeTotals(85.45142, 28.69858, 76.12);
    expect(t.exportsRuCnUsdBn).toBeCloseTo(114.15, 9);
    expect(t.turnoverUsdBn).toBeCloseTo(190.27, 9);
    expect(t.balanceUsdBn).toBeCloseTo(38.03, 9);
  });

  it('moves each driver by hand', () => {
    const next = stepTrade(
      p,
      { energyValueUsdBn: 80, chinaGdpGrowthPct: 5, russiaGdpGrowthPct: 2, deltaLogBrent: 0, deltaLogRubPerUsd: 0.1, chinaShareCeilingRelative: 1.2, paymentFrictionShare: 0.05 },
      fixedStream(0, 0),
      prev,
    );
    expect(next.nonEnergyExportsRuCnUsdBn).toBeCloseTo(42, 12); // 40 · 1.05
    expect(next.importDemandIndex).toBeCloseTo(1.02 ** 2 * Math.exp(-0.05), 12);
    expect(next.chinaShareIndex).toBeCloseTo(1.1, 12); // 1 + 0.5 · (1.2 − 1)
    expect(next.exportsCnRuUsdBn).toBeCloseTo(100 * 1.02 ** 2 * Math.exp(-0.05) * 1.1 * 0.95, 9);
    expect(next.exportsRuCnUsdBn).toBeCloseTo(122, 12);
    expect(next.turnoverUsdBn).toBeCloseTo(next.exportsRuCnUsdBn + next.exportsCnRuUsdBn, 12);
    expect(next.balanceUsdBn).toBeCloseTo(next.exportsRuCnUsdBn - next.exportsCnRuUsdBn, 12);
  });

  it('adds each flow\'s trend, and a break to both flows in a year it strikes', () => {
    const drivers = { energyValueUsdBn: 80, chinaGdpGrowthPct: 0, russiaGdpGrowthPct: 0, deltaLogBrent: 0, deltaLogRubPerUsd: 0, chinaShareCeilingRelative: 1, paymentFrictionShare: 0 };
    const trended = { ...p, nonEnergyTrendLogPerYear: 0.05, chineseExportsTrendLogPerYear: 0.1 };
    const calm = stepTrade(trended, drivers, fixedStream(0, 0), prev);
    expect(calm.nonEnergyExportsRuCnUsdBn).toBeCloseTo(40 * Math.exp(0.05), 12);
    expect(calm.importDemandIndex).toBeCloseTo(Math.exp(0.1), 12);
    // uniform 0 < λ = 0.5: a break; every normal is 1, noise off: each flow moves by e^{0.3}
    const broken = stepTrade({ ...trended, shocks: true, nonEnergyVolatility: 0, chineseExportsVolatility: 0, breakProbabilityPerYear: 0.5 }, drivers, fixedStream(0, 1), prev);
    expect(broken.nonEnergyExportsRuCnUsdBn).toBeCloseTo(40 * Math.exp(0.05 + 0.3), 12);
    expect(broken.noiseFactor).toBeCloseTo(Math.exp(0.3), 12);
    // uniform 0.9 ≥ λ: no break
    const whole = stepTrade({ ...trended, shocks: true, nonEnergyVolatility: 0, chineseExportsVolatility: 0, breakProbabilityPerYear: 0.5 }, drivers, fixedStream(0.9, 1), prev);
    expect(whole.noiseFactor).toBeCloseTo(1, 12);
  });

  it('damps the trends: year t applies ψ^t of them', () => {
    const drivers = { energyValueUsdBn: 80, chinaGdpGrowthPct: 0, russiaGdpGrowthPct: 0, deltaLogBrent: 0, deltaLogRubPerUsd: 0, chinaShareCeilingRelative: 1, paymentFrictionShare: 0 };
    const damped = { ...p, chineseExportsTrendLogPerYear: 0.1, trendDampingPerYear: 0.5 };
    const one = stepTrade(damped, drivers, fixedStream(0, 0), prev);
    expect(one.trendWeight).toBe(0.5);
    expect(one.importDemandIndex).toBeCloseTo(Math.exp(0.05), 12);
    const two = stepTrade(damped, drivers, fixedStream(0, 0), { ...one });
    expect(two.trendWeight).toBe(0.25);
    expect(two.importDemandIndex).toBeCloseTo(Math.exp(0.05 + 0.025), 12);
  });

  it('moves non-energy exports with the commodity cycle by ε_P · Δln Brent, and only them', () => {
    const drivers = { energyValueUsdBn: 80, chinaGdpGrowthPct: 0, russiaGdpGrowthPct: 0, deltaLogBrent: Math.log(1.2), deltaLogRubPerUsd: 0, chinaShareCeilingRelative: 1, paymentFrictionShare: 0 };
    // Brent up 20 % with ε_P = 0.5: 40 · 1.2^0.5 = 43.8178 (by hand); off (ε_P = 0): unchanged
    const linked = stepTrade({ ...p, nonEnergyCommodityPriceElasticity: 0.5 }, drivers, fixedStream(0, 0), prev);
    expect(linked.nonEnergyExportsRuCnUsdBn).toBeCloseTo(43.8178, 4);
    expect(linked.exportsRuCnUsdBn).toBeCloseTo(80 + 43.8178, 4);
    expect(stepTrade(p, drivers, fixedStream(0, 0), prev).nonEnergyExportsRuCnUsdBn).toBe(40);
    // Chinese exports do not follow Brent
    expect(linked.exportsCnRuUsdBn).toBe(stepTrade(p, drivers, fixedStream(0, 0), prev).exportsCnRuUsdBn);
  });

  it('cuts Chinese exports when payment friction rises', () => {
    const drivers = { energyValueUsdBn: 80, chinaGdpGrowthPct: 0, russiaGdpGrowthPct: 0, deltaLogBrent: 0, deltaLogRubPerUsd: 0, chinaShareCeilingRelative: 1 };
    const calm = stepTrade(p, { ...drivers, paymentFrictionShare: 0.05 }, fixedStream(0, 0), prev);
    const hit = stepTrade(p, { ...drivers, paymentFrictionShare: 0.25 }, fixedStream(0, 0), prev);
    expect(hit.exportsCnRuUsdBn / calm.exportsCnRuUsdBn).toBeCloseTo(0.75 / 0.95, 12);
  });
});
