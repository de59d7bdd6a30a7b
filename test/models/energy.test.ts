import { describe, expect, it } from 'vitest';
import { BARRELS_PER_TONNE, energyValues, stepEnergyVolumes, type EnergyParams, type EnergyState } from '../../src/models/energy.js';
import { fixedStream } from '../helpers.js';

const p: EnergyParams = {
  gasUtilisationAdjustmentSpeed: 0.5,
  gasUtilisationVolatility: 0.1,
  crudePipelineMt: 30,
  crudeKazakhstanTransitMt: 10,
  crudeDemandTrendLogPerYear: Math.log(1.1),
  crudeVolumeVolatility: 0.1,
  lngShareTrendLogPerYear: Math.log(1.2),
  lngVolumeVolatility: 0.1,
  coalDemandTrendLogPerYear: 0,
  coalDemandGdpElasticity: 1,
  coalDemandVolatility: 0.1,
  breakProbabilityPerYear: 0.5,
  breakMinLog: 0.3,
  breakMeanExcessLog: 0,
  gasPriceUsdPer1000m3PerUsdBrent: 3.5,
  lngPriceUsdPerTonnePerUsdBrent: 6.8,
  coalPriceUsdPerTonneBase: 100,
  coalPriceOilElasticity: 0.5,
  oilProductsUsdBnPerUsdBrent: 0.1,
  baseBrentUsdPerBarrel: 80,
  shocks: false,
};
const prev: EnergyState = { gasUtilisationShare: 0.8, pipelineGasBcm: 30, crudeDemandMt: 100, seaborneCrudeMt: 60, crudeOilMt: 100, lngChinaShare: 0.25, lngMt: 8, coalDemandMt: 100, coalMt: 100 };
const caps = { pipelineGasBcm: 40, pipelineGasFullUseShare: 1.1, usableSeaborneCrudeMt: 80, lngMt: 30, coalRailMt: 103 };

describe('energy block', () => {
  it('computes volumes by hand without shocks', () => {
    const v = stepEnergyVolumes(p, caps, 5, fixedStream(0, 0), prev);
    expect(v.gasUtilisationShare).toBeCloseTo(0.95, 12); // 0.8 + 0.5 · (1.1 − 0.8)
    expect(v.pipelineGasBcm).toBeCloseTo(38, 12); // 40 · 0.95
    expect(v.crudeDemandMt).toBeCloseTo(110, 12); // 100 · 1.1
    expect(v.crudeOilMt).toBeCloseTo(110, 12); // under 30 + 10 + 80
    expect(v.seaborneCrudeMt).toBeCloseTo(70, 12); // 110 − 30 − 10
    expect(v.lngChinaShare).toBeCloseTo(0.3, 12); // 0.25 · 1.2
    expect(v.lngMt).toBeCloseTo(9, 12); // 30 · 0.3
    expect(v.coalDemandMt).toBeCloseTo(105, 12); // 100 · 1.05
    expect(v.coalMt).toBeCloseTo(103, 12); // capped by rail
  });

  it('never exceeds capacity, whatever the shock', () => {
    const v = stepEnergyVolumes({ ...p, shocks: true }, caps, 5, fixedStream(0, 5), { ...prev, gasUtilisationShare: 1.1, crudeDemandMt: 500, lngChinaShare: 1 });
    expect(v.pipelineGasBcm).toBeLessThanOrEqual(caps.pipelineGasBcm * caps.pipelineGasFullUseShare);
    expect(v.seaborneCrudeMt).toBeLessThanOrEqual(caps.usableSeaborneCrudeMt);
    expect(v.lngMt).toBeLessThanOrEqual(caps.lngMt);
    expect(v.coalMt).toBeLessThanOrEqual(caps.coalRailMt);
    expect(v.crudeOilMt).toBeCloseTo(30 + 10 + 80, 12); // demand far above every route
  });

  it('a break moves a carrier by σ_J · z in a year it strikes, and never when shocks are off', () => {
    // fixedStream(u, z): every uniform u, every normal z. u = 0 < λ: each carrier breaks by 0.3 · z.
    const on = stepEnergyVolumes({ ...p, shocks: true, crudeVolumeVolatility: 0, lngVolumeVolatility: 0, coalDemandVolatility: 0 }, { ...caps, coalRailMt: 1e6 }, 0, fixedStream(0, 1), prev);
    expect(on.crudeDemandMt).toBeCloseTo(100 * 1.1 * Math.exp(0.3), 9);
    expect(on.coalDemandMt).toBeCloseTo(100 * Math.exp(0.3), 9);
    const off = stepEnergyVolumes(p, { ...caps, coalRailMt: 1e6 }, 0, fixedStream(0, 1), prev);
    expect(off.coalDemandMt).toBeCloseTo(100, 12);
  });

  it('values the 2022 crude flow as seed 002 implies', () => {
    // 86.25 Mt × 7.33 bbl/t = 632.2125 Mbbl; × USD 89.7/bbl = USD 56.709 bn
    const v = energyValues(p, { crudeOilMt: 86.25, pipelineGasBcm: 0, lngMt: 0, coalMt: 0 }, 89.7, 100.93, 70.86);
    expect(BARRELS_PER_TONNE).toBe(7.33);
    expect(v.crudeUsdBn).toBeCloseTo(56.70946, 5);
  });

  it('indexes gas and LNG on the average of this and last year\'s Brent', () => {
    const v = energyValues(p, { crudeOilMt: 0, pipelineGasBcm: 10, lngMt: 2, coalMt: 50 }, 0, 90, 70);
    expect(v.gasPriceUsdPer1000m3).toBeCloseTo(280, 12); // 3.5 · 80
    expect(v.pipelineGasUsdBn).toBeCloseTo(2.8, 12); // 10 bcm · 280 / 1000
    expect(v.lngUsdBn).toBeCloseTo((2 * 6.8 * 80) / 1000, 12);
    expect(v.coalUsdBn).toBeCloseTo((50 * 100 * Math.sqrt(90 / 80)) / 1000, 12);
    expect(v.oilProductsUsdBn).toBeCloseTo(0.1 * 90, 12); // Brent-priced at the base volume
    expect(v.totalUsdBn).toBeCloseTo(v.crudeUsdBn + v.pipelineGasUsdBn + v.lngUsdBn + v.coalUsdBn + v.oilProductsUsdBn, 12);
  });
});
