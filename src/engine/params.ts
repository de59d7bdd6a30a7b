import type { History } from '../data/history.js';
import type { BaseYearData } from '../models/baseState.js';
import type { Calibration } from '../models/calibration.js';
import type { EnergyParams } from '../models/energy.js';
import { capacityInForce, type InfrastructureParams } from '../models/infrastructure.js';
import type { MacroParams } from '../models/macro.js';
import { cumulativeRows, type SanctionsParams } from '../models/sanctions.js';
import { nationalLogit, type SettlementParams } from '../models/settlement.js';
import type { OilParams } from '../models/oil.js';
import type { TradeParams } from '../models/trade.js';
import { valuesAt } from '../models/yearPath.js';
import { REGIMES, type InfrastructureItem, type Scenario } from '../scenario/types.js';
import { BARRELS_PER_TONNE } from '../models/energy.js';
import { russianCrudePriceUsdPerBarrel } from '../models/oil.js';

/** Regime levers as arrays indexed by regime (0 easing … 3 secondary). */
export interface LeverTable {
  readonly crudeDiscountUsdPerBarrel: Float64Array;
  readonly paymentFrictionShare: Float64Array;
  readonly nationalShareSpeedMultiplier: Float64Array;
  readonly sanctionedLngAccessShare: Float64Array;
  readonly seaborneCrudeAccessShare: Float64Array;
  readonly chinaImportShareCeilingRelative: Float64Array;
}

/**
 * Everything the kernel needs, resolved once per run in the main thread and sent to workers.
 * Plain data only (numbers, arrays, typed arrays): structured-cloneable.
 */
export interface ModelParams {
  readonly baseYear: number;
  readonly years: readonly number[];
  readonly shocks: boolean;
  readonly oil: OilParams;
  readonly anchorUsdPerBarrel: Float64Array;
  readonly sanctions: SanctionsParams;
  readonly initialRegime: number;
  readonly levers: LeverTable;
  readonly macro: MacroParams;
  readonly chinaGdpGrowthPct: Float64Array;
  readonly russiaTrendGrowthPct: Float64Array;
  readonly energy: EnergyParams;
  readonly gasProjects: readonly InfrastructureParams[];
  readonly lngPlants: readonly InfrastructureParams[];
  readonly seaborneCapacityMt: Float64Array;
  readonly coalRailCapacityMt: Float64Array;
  readonly trade: TradeParams;
  readonly settlement: SettlementParams;
  readonly base: BaseYearData & {
    readonly seaborneCrudeMt: number;
    readonly nonEnergyExportsRuCnUsdBn: number;
    readonly energyValueUsdBn: number;
    readonly settlementLogit: number;
    readonly cnyShareOfNational: number;
  };
}

function toInfra(items: readonly InfrastructureItem[]): InfrastructureParams[] {
  return items.map((i) => ({
    capacity: i.capacity,
    probabilityBuilt: i.probabilityBuilt,
    earliestStartYear: i.startYear.earliest,
    latestStartYear: i.startYear.latest,
    rampYears: i.rampYears,
    sanctioned: i.sanctioned ?? false,
  }));
}

/** Capacity of the items certain to be running in `year` (the base year's own capacity). */
function baseCapacity(items: readonly InfrastructureParams[], year: number, access: number): number {
  const draws = items.map((i) => ({ built: i.probabilityBuilt === 1 && i.latestStartYear < year, startYear: i.earliestStartYear }));
  return capacityInForce(items, draws, year, access);
}

/** Thrown when the data and the scenario cannot be reconciled in the base year. */
export class CalibrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationError';
  }
}

/**
 * Resolve a validated scenario against the calibration and the base-year data. Parameters the
 * scenario omits come from the calibration; base-year utilisations and residuals are chosen so
 * that the base year's accounting reproduces the data exactly.
 */
export function resolveParams(s: Scenario, calibration: Calibration, base: BaseYearData): ModelParams {
  const shocks = s.simulation.shocks ?? true;
  const years: number[] = [];
  for (let y = base.year + 1; y <= s.horizon; y++) years.push(y);
  const est = calibration.estimates;
  const r0 = REGIMES.indexOf(s.sanctions.initialRegime);
  const lever = (k: keyof LeverTable) => Float64Array.from(REGIMES, (r) => s.sanctions.levers[r][k]);
  const levers: LeverTable = {
    crudeDiscountUsdPerBarrel: lever('crudeDiscountUsdPerBarrel'),
    paymentFrictionShare: lever('paymentFrictionShare'),
    nationalShareSpeedMultiplier: lever('nationalShareSpeedMultiplier'),
    sanctionedLngAccessShare: lever('sanctionedLngAccessShare'),
    seaborneCrudeAccessShare: lever('seaborneCrudeAccessShare'),
    chinaImportShareCeilingRelative: lever('chinaImportShareCeilingRelative'),
  };

  const gasProjects = toInfra(s.energy.pipelineGas.projects);
  const lngPlants = toInfra(s.energy.lng.plants);
  const gasCapBase = baseCapacity(gasProjects, base.year, 1);
  if (gasCapBase <= 0 && base.pipelineGasBcm > 0) {
    throw new CalibrationError(`pipeline gas flowed in ${base.year} (${base.pipelineGasBcm} bcm) but no project in /energy/pipelineGas/projects runs by then`);
  }
  const lngCapBase = baseCapacity(lngPlants, base.year, levers.sanctionedLngAccessShare[r0]);
  if (lngCapBase <= 0 && base.lngMt > 0) {
    throw new CalibrationError(`LNG flowed in ${base.year} (${base.lngMt} Mt) but no plant in /energy/lng/plants runs by then`);
  }
  const crude = s.energy.crude;
  const seaborneCrudeMt = base.crudeOilMt - crude.pipelineCapacityMt - crude.kazakhstanTransitMt;
  if (seaborneCrudeMt < 0) {
    throw new CalibrationError(`crude exports in ${base.year} (${base.crudeOilMt} Mt) are below pipeline + Kazakhstan transit (${crude.pipelineCapacityMt + crude.kazakhstanTransitMt} Mt): lower /energy/crude/pipelineCapacityMt or kazakhstanTransitMt`);
  }

  const energy: EnergyParams = {
    gasUtilisationBase: gasCapBase > 0 ? Math.min(1, base.pipelineGasBcm / gasCapBase) : 0,
    gasUtilisationVolatility: s.energy.pipelineGas.utilisationVolatility,
    crudePipelineMt: crude.pipelineCapacityMt,
    crudeKazakhstanTransitMt: crude.kazakhstanTransitMt,
    seaborneAdjustmentSpeed: crude.seaborneAdjustmentSpeed,
    crudeVolumeVolatility: crude.volumeVolatility,
    lngChinaShareBase: lngCapBase > 0 ? Math.min(1, base.lngMt / lngCapBase) : 0,
    lngVolumeVolatility: s.energy.lng.volumeVolatility,
    coalDemandGdpElasticity: s.energy.coal.demandGdpElasticity,
    coalDemandVolatility: s.energy.coal.demandVolatility,
    gasPriceUsdPer1000m3PerUsdBrent: s.energy.pipelineGas.priceUsdPer1000m3PerUsdBrent,
    lngPriceUsdPerTonnePerUsdBrent: s.energy.lng.priceUsdPerTonnePerUsdBrent,
    coalPriceUsdPerTonneBase: s.energy.coal.priceUsdPerTonneBase,
    coalPriceOilElasticity: s.energy.coal.priceOilElasticity,
    baseBrentUsdPerBarrel: base.brentUsdPerBarrel,
    shocks,
  };

  // Base-year energy value at base-year prices; non-energy exports are the residual, so the
  // base year's Russian exports equal the data exactly.
  const laggedBrent = 0.5 * (base.brentUsdPerBarrel + base.previousBrentUsdPerBarrel);
  const crudePrice = russianCrudePriceUsdPerBarrel(base.brentUsdPerBarrel, levers.crudeDiscountUsdPerBarrel[r0]);
  const energyValueUsdBn =
    (base.crudeOilMt * BARRELS_PER_TONNE * crudePrice) / 1000 +
    (base.pipelineGasBcm * energy.gasPriceUsdPer1000m3PerUsdBrent * laggedBrent) / 1000 +
    (base.lngMt * energy.lngPriceUsdPerTonnePerUsdBrent * laggedBrent) / 1000 +
    (base.coalMt * energy.coalPriceUsdPerTonneBase) / 1000;
  const nonEnergyExportsRuCnUsdBn = base.exportsRuCnUsdBn - energyValueUsdBn;
  if (nonEnergyExportsRuCnUsdBn < 0) {
    throw new CalibrationError(`energy exports valued at USD ${energyValueUsdBn.toFixed(2)} bn exceed Russian exports of USD ${base.exportsRuCnUsdBn} bn in ${base.year}: check the price parameters in /energy`);
  }

  const settlementCeiling = s.settlement.ceiling;
  const events: Array<Array<readonly [number, number]>> = years.map(() => []);
  for (const e of s.sanctions.events) {
    const i = e.year - base.year - 1;
    if (i >= 0 && i < years.length) events[i].push([REGIMES.indexOf(e.to), e.probability]);
  }
  const matrix = REGIMES.map((from) => REGIMES.map((to) => s.sanctions.transitionMatrix[from][to]));

  return {
    baseYear: base.year,
    years,
    shocks,
    oil: {
      meanReversionPhi: s.oil.meanReversionPhi ?? est.brentMeanReversionPhi.value,
      volatilityLog: s.oil.volatilityLog ?? est.brentVolatilityLog.value,
      jumpProbabilityPerYear: s.oil.jumpProbabilityPerYear,
      jumpMeanLog: s.oil.jumpMeanLog,
      jumpStdLog: s.oil.jumpStdLog,
      shocks,
    },
    anchorUsdPerBarrel: valuesAt(s.oil.anchorUsdPerBarrel, years),
    sanctions: { cumulativeTransitions: cumulativeRows(matrix), eventsByYear: events, shocks },
    initialRegime: r0,
    levers,
    macro: {
      chinaGdpVolatilityPct: s.macro.chinaGdpVolatilityPct,
      russiaGdpVolatilityPct: s.macro.russiaGdpVolatilityPct,
      russiaGrowthOilSensitivityPct: s.macro.russiaGrowthOilSensitivityPct ?? est.russiaGrowthOilSensitivityPct.value,
      rubOilElasticity: s.macro.rubOilElasticity ?? est.rubOilElasticity.value,
      rubDriftLogPerYear: Math.log(1 + s.macro.rubDriftPctPerYear / 100),
      rubVolatilityLog: s.macro.rubVolatilityLog ?? est.rubVolatilityLog.value,
      shocks,
    },
    chinaGdpGrowthPct: valuesAt(s.macro.chinaGdpGrowthPct, years),
    russiaTrendGrowthPct: valuesAt(s.macro.russiaTrendGrowthPct, years),
    energy,
    gasProjects,
    lngPlants,
    seaborneCapacityMt: valuesAt(crude.seaborneCapacityMt, years),
    coalRailCapacityMt: valuesAt(s.energy.coal.railCapacityMtPerYear, years),
    trade: {
      nonEnergyGdpElasticity: s.trade.nonEnergyGdpElasticity,
      nonEnergyVolatility: s.trade.nonEnergyVolatility,
      importIncomeElasticity: s.trade.importIncomeElasticity ?? est.importIncomeElasticity.value,
      importRubElasticity: s.trade.importRubElasticity ?? est.importRubElasticity.value,
      chinaShareAdjustmentSpeed: s.trade.chinaShareAdjustmentSpeed,
      chineseExportsVolatility: s.trade.chineseExportsVolatility,
      chineseExportsScaleUsdBn: base.exportsCnRuUsdBn / (1 - levers.paymentFrictionShare[r0]),
      shocks,
    },
    settlement: {
      ceiling: settlementCeiling,
      logitStepPerYear: s.settlement.logitStepPerYear ?? est.settlementLogitStepPerYear.value,
      logitStepVolatility: s.settlement.logitStepVolatility,
      cnyShareOfNationalTarget: s.settlement.cnyShareOfNationalTarget,
      usdShareOfNonNational: s.settlement.nonNationalSplit.usd,
      eurShareOfNonNational: s.settlement.nonNationalSplit.eur,
      shocks,
    },
    base: {
      ...base,
      seaborneCrudeMt,
      nonEnergyExportsRuCnUsdBn,
      energyValueUsdBn,
      settlementLogit: nationalLogit(Math.min(base.nationalShare, settlementCeiling * (1 - 1e-6)), settlementCeiling),
      cnyShareOfNational: s.settlement.cnyShareOfNational,
    },
  };
}

/** Convenience for tests and hindcasts: history in, parameters out. */
export type ParamsFromHistory = (s: Scenario, history: History) => ModelParams;
