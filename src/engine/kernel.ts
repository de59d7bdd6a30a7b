import { RandomStream } from '../random/stream.js';
import { energyValues, stepEnergyVolumes, type EnergyState } from '../models/energy.js';
import { capacityInForce, drawInfrastructure, type InfrastructureDraw } from '../models/infrastructure.js';
import { stepMacro, type MacroState } from '../models/macro.js';
import { initialOilState, russianCrudePriceUsdPerBarrel, stepOil, type OilState } from '../models/oil.js';
import { stepRegime } from '../models/sanctions.js';
import { settlementShares, stepSettlement, type SettlementShares } from '../models/settlement.js';
import { stepTrade, type TradeState } from '../models/trade.js';
import type { ModelParams } from './params.js';
import { SERIES_COUNT, SERIES_INDEX as S } from './series.js';

/** One random stream per block, so that a block drawing more or fewer numbers never shifts another's. */
export const STREAM = { oil: 0, sanctions: 1, macro: 2, infrastructure: 3, energy: 4, trade: 5, settlement: 6 } as const;

/** Reusable per-thread scratch: the block streams, re-seeded for each path. */
export class PathStreams {
  readonly oil = new RandomStream(0, 0, STREAM.oil);
  readonly sanctions = new RandomStream(0, 0, STREAM.sanctions);
  readonly macro = new RandomStream(0, 0, STREAM.macro);
  readonly infrastructure = new RandomStream(0, 0, STREAM.infrastructure);
  readonly energy = new RandomStream(0, 0, STREAM.energy);
  readonly trade = new RandomStream(0, 0, STREAM.trade);
  readonly settlement = new RandomStream(0, 0, STREAM.settlement);

  reseed(seed: number, pathIndex: number): void {
    this.oil.reseed(seed, pathIndex, STREAM.oil);
    this.sanctions.reseed(seed, pathIndex, STREAM.sanctions);
    this.macro.reseed(seed, pathIndex, STREAM.macro);
    this.infrastructure.reseed(seed, pathIndex, STREAM.infrastructure);
    this.energy.reseed(seed, pathIndex, STREAM.energy);
    this.trade.reseed(seed, pathIndex, STREAM.trade);
    this.settlement.reseed(seed, pathIndex, STREAM.settlement);
  }
}

/**
 * Simulate one path and write its values into `out` (row-major: series × years, SERIES order).
 * A pure function of (params, seed, pathIndex): the streams are re-seeded from those two numbers.
 */
export function simulatePath(p: ModelParams, seed: number, pathIndex: number, streams: PathStreams, out: Float64Array): void {
  streams.reseed(seed, pathIndex);
  const n = p.years.length;
  const b = p.base;

  const gasDraws: InfrastructureDraw[] = p.gasProjects.map((item) => drawInfrastructure(item, streams.infrastructure, p.shocks));
  const lngDraws: InfrastructureDraw[] = p.lngPlants.map((item) => drawInfrastructure(item, streams.infrastructure, p.shocks));

  let oil: OilState = initialOilState(b.brentUsdPerBarrel);
  const logBaseBrent = Math.log(b.brentUsdPerBarrel);
  let regime = p.initialRegime;
  let macro: MacroState = { chinaGdpGrowthPct: 0, russiaGdpGrowthPct: 0, logRubPerUsdIndex: 0 };
  let energy: EnergyState = {
    pipelineGasBcm: b.pipelineGasBcm,
    seaborneCrudeMt: b.seaborneCrudeMt,
    crudeOilMt: b.crudeOilMt,
    lngMt: b.lngMt,
    coalDemandMt: b.coalMt,
    coalMt: b.coalMt,
  };
  let trade: TradeState = {
    nonEnergyExportsRuCnUsdBn: b.nonEnergyExportsRuCnUsdBn,
    importDemandIndex: 1,
    chinaShareIndex: 1,
    noiseFactor: 1,
    exportsRuCnUsdBn: b.exportsRuCnUsdBn,
    exportsCnRuUsdBn: b.exportsCnRuUsdBn,
    turnoverUsdBn: b.turnoverUsdBn,
    balanceUsdBn: b.exportsRuCnUsdBn - b.exportsCnRuUsdBn,
  };
  let settlement: SettlementShares = settlementShares(b.settlementLogit, p.settlement.ceiling, b.cnyShareOfNational, p.settlement.usdShareOfNonNational, p.settlement.eurShareOfNonNational);

  for (let t = 0; t < n; t++) {
    const year = p.years[t];
    const prevBrent = oil.brentUsdPerBarrel;
    oil = stepOil(p.oil, p.anchorUsdPerBarrel[t], logBaseBrent, streams.oil, oil);
    const deltaLogBrent = Math.log(oil.brentUsdPerBarrel / prevBrent);
    regime = stepRegime(p.sanctions, t, streams.sanctions, regime);
    const prevLogRub = macro.logRubPerUsdIndex;
    macro = stepMacro(p.macro, p.chinaGdpGrowthPct[t], p.russiaTrendGrowthPct[t], deltaLogBrent, streams.macro, macro);

    const caps = {
      pipelineGasBcm: capacityInForce(p.gasProjects, gasDraws, year, 1),
      usableSeaborneCrudeMt: p.seaborneCapacityMt[t] * p.levers.seaborneCrudeAccessShare[regime],
      lngMt: capacityInForce(p.lngPlants, lngDraws, year, p.levers.sanctionedLngAccessShare[regime]),
      coalRailMt: p.coalRailCapacityMt[t],
    };
    energy = stepEnergyVolumes(p.energy, caps, macro.chinaGdpGrowthPct, streams.energy, energy);
    const crudePrice = russianCrudePriceUsdPerBarrel(oil.brentUsdPerBarrel, p.levers.crudeDiscountUsdPerBarrel[regime]);
    const values = energyValues(p.energy, energy, crudePrice, oil.brentUsdPerBarrel, prevBrent);

    trade = stepTrade(
      p.trade,
      {
        energyValueUsdBn: values.totalUsdBn,
        chinaGdpGrowthPct: macro.chinaGdpGrowthPct,
        russiaGdpGrowthPct: macro.russiaGdpGrowthPct,
        deltaLogRubPerUsd: macro.logRubPerUsdIndex - prevLogRub,
        chinaShareCeilingRelative: p.levers.chinaImportShareCeilingRelative[regime],
        paymentFrictionShare: p.levers.paymentFrictionShare[regime],
      },
      streams.trade,
      trade,
    );
    settlement = stepSettlement(p.settlement, p.levers.nationalShareSpeedMultiplier[regime], streams.settlement, settlement);

    out[S['trade.turnover'] * n + t] = trade.turnoverUsdBn;
    out[S['trade.exports_ru_cn'] * n + t] = trade.exportsRuCnUsdBn;
    out[S['trade.exports_cn_ru'] * n + t] = trade.exportsCnRuUsdBn;
    out[S['trade.balance'] * n + t] = trade.balanceUsdBn;
    out[S['trade.energy_exports_ru_cn'] * n + t] = values.totalUsdBn;
    out[S['trade.non_energy_exports_ru_cn'] * n + t] = trade.nonEnergyExportsRuCnUsdBn;
    out[S['trade.crude_oil_value'] * n + t] = values.crudeUsdBn;
    out[S['trade.pipeline_gas_value'] * n + t] = values.pipelineGasUsdBn;
    out[S['trade.lng_value'] * n + t] = values.lngUsdBn;
    out[S['trade.coal_value'] * n + t] = values.coalUsdBn;
    out[S['energy.crude_oil'] * n + t] = energy.crudeOilMt;
    out[S['energy.pipeline_gas'] * n + t] = energy.pipelineGasBcm;
    out[S['energy.pipeline_gas_capacity'] * n + t] = caps.pipelineGasBcm;
    out[S['energy.lng'] * n + t] = energy.lngMt;
    out[S['energy.coal'] * n + t] = energy.coalMt;
    out[S['energy.coal_rail_capacity'] * n + t] = caps.coalRailMt;
    out[S['oil.brent'] * n + t] = oil.brentUsdPerBarrel;
    out[S['oil.russian_crude_price'] * n + t] = crudePrice;
    out[S['macro.china_gdp_growth'] * n + t] = macro.chinaGdpGrowthPct;
    out[S['macro.russia_gdp_growth'] * n + t] = macro.russiaGdpGrowthPct;
    out[S['macro.rub_per_usd_index'] * n + t] = Math.exp(macro.logRubPerUsdIndex);
    out[S['settlement.national'] * n + t] = settlement.national;
    out[S['settlement.rub'] * n + t] = settlement.rub;
    out[S['settlement.cny'] * n + t] = settlement.cny;
    out[S['settlement.usd'] * n + t] = settlement.usd;
    out[S['settlement.eur'] * n + t] = settlement.eur;
    out[S['settlement.other'] * n + t] = settlement.other;
    out[S['sanctions.regime_easing'] * n + t] = regime === 0 ? 1 : 0;
    out[S['sanctions.regime_status_quo'] * n + t] = regime === 1 ? 1 : 0;
    out[S['sanctions.regime_tightening'] * n + t] = regime === 2 ? 1 : 0;
    out[S['sanctions.regime_secondary'] * n + t] = regime === 3 ? 1 : 0;
  }
}

/** Length of one path's output buffer. */
export function pathBufferLength(p: ModelParams): number {
  return SERIES_COUNT * p.years.length;
}
