import type { RandomStream } from '../random/stream.js';
import type { Mutable } from './mutable.js';
import { growthFactor } from './macro.js';
import { breakSizeLog } from './breaks.js';
import type { SeriesDefinition } from './series.js';
import type { Scenario } from '../scenario/types.js';
import type { Estimates } from './calibration.js';

/** Barrels in a tonne of crude (model.md; ESPO blend is close to this average). */
export const BARRELS_PER_TONNE = 7.33;

/**
 * Energy volumes (never above the capacity in force) and their export values.
 *
 * - Pipeline gas (bcm): capacity in force × utilisation; utilisation closes a share of its gap to
 *   full use each year (the Power of Siberia ramp: 0.65, 0.82, 0.81, 0.90, 0.98 of the ramp
 *   capacity in 2020–24), where full use is 1 + the path's overrun (pipelines deliver somewhat
 *   above nameplate), with a yearly log shock.
 * - Crude (Mt): China's demand for Russian crude grows at its calibrated trend with shocks and
 *   breaks; deliveries are the demand capped by ESPO spur + Kazakhstan transit + the usable
 *   seaborne capacity (the path's capacity × the regime's access).
 * - LNG (Mt): China's share of the Russian LNG capacity in force (sanctioned plants only in part),
 *   a random walk with its calibrated trend, under 1.
 * - Coal (Mt): min(rail capacity, China's demand), demand growing at its trend and with China's GDP.
 * Each carrier but gas can break (a 2023-type jump) with the calibrated probability and size.
 */
export interface EnergyParams {
  readonly gasUtilisationAdjustmentSpeed: number;
  readonly gasUtilisationVolatility: number;
  readonly crudePipelineMt: number;
  readonly crudeKazakhstanTransitMt: number;
  readonly crudeDemandTrendLogPerYear: number;
  readonly crudeVolumeVolatility: number;
  readonly lngShareTrendLogPerYear: number;
  readonly lngVolumeVolatility: number;
  readonly coalDemandTrendLogPerYear: number;
  readonly coalDemandGdpElasticity: number;
  readonly coalDemandVolatility: number;
  readonly breakProbabilityPerYear: number;
  /** A break moves a carrier by ± (this + a half-normal excess), log points. */
  readonly breakMinLog: number;
  readonly breakMeanExcessLog: number;
  readonly gasPriceUsdPer1000m3PerUsdBrent: number;
  readonly lngPriceUsdPerTonnePerUsdBrent: number;
  readonly coalPriceUsdPerTonneBase: number;
  readonly coalPriceOilElasticity: number;
  /** Oil products and other HS 27 fuels, USD bn per USD/bbl of Brent (their base-year volume). */
  readonly oilProductsUsdBnPerUsdBrent: number;
  readonly baseBrentUsdPerBarrel: number;
  readonly shocks: boolean;
}

/** Capacities in force this year, from the infrastructure block, the scenario's paths and the path's draws. */
export interface EnergyCapacities {
  /** Nameplate pipeline capacity in force, bcm/yr. */
  readonly pipelineGasBcm: number;
  /** Full use as a share of nameplate: 1 + the path's overrun. */
  readonly pipelineGasFullUseShare: number;
  /** Seaborne crude capacity × the path's factor × the regime's access share, Mt/yr. */
  readonly usableSeaborneCrudeMt: number;
  readonly lngMt: number;
  readonly coalRailMt: number;
}

export interface EnergyState {
  /** Utilisation of the nameplate capacity in force before this year's shock. */
  readonly gasUtilisationShare: number;
  readonly pipelineGasBcm: number;
  /** China's demand for Russian crude (may exceed what the routes can carry). */
  readonly crudeDemandMt: number;
  readonly seaborneCrudeMt: number;
  readonly crudeOilMt: number;
  readonly lngChinaShare: number;
  readonly lngMt: number;
  /** China's demand for Russian coal (may exceed what the railways can carry). */
  readonly coalDemandMt: number;
  readonly coalMt: number;
}

/** A break's log size this year: breakSizeLog with probability λ, else 0 (both numbers always drawn). */
function breakLog(p: EnergyParams, rng: RandomStream): number {
  const trigger = rng.uniform();
  const z = rng.normal();
  return p.shocks && trigger < p.breakProbabilityPerYear ? breakSizeLog(p.breakMinLog, p.breakMeanExcessLog, z) : 0;
}

/**
 * One year of energy volumes. Draws four normals and three breaks (a uniform and a normal each), always.
 *
 * @example
 * // no shocks: utilisation closes half its gap to full use; gas = capacity × utilisation
 * stepEnergyVolumes({ ...p, gasUtilisationAdjustmentSpeed: 0.5 }, { ...caps, pipelineGasBcm: 38, pipelineGasFullUseShare: 1 }, 5, rng,
 *   { ...prev, gasUtilisationShare: 0.8 }).pipelineGasBcm; // 38 × 0.9 = 34.2
 */
export function stepEnergyVolumes(
  p: EnergyParams,
  caps: EnergyCapacities,
  chinaGdpGrowthPct: number,
  rng: RandomStream,
  prev: EnergyState,
  into: Mutable<EnergyState> = { gasUtilisationShare: 0, pipelineGasBcm: 0, crudeDemandMt: 0, seaborneCrudeMt: 0, crudeOilMt: 0, lngChinaShare: 0, lngMt: 0, coalDemandMt: 0, coalMt: 0 },
): EnergyState {
  const eGas = rng.normal();
  const eCrude = rng.normal();
  const eLng = rng.normal();
  const eCoal = rng.normal();
  const jCrude = breakLog(p, rng);
  const jLng = breakLog(p, rng);
  const jCoal = breakLog(p, rng);
  const on = p.shocks ? 1 : 0;

  const fullUse = caps.pipelineGasFullUseShare;
  const gasUtilisationShare = prev.gasUtilisationShare + p.gasUtilisationAdjustmentSpeed * (fullUse - prev.gasUtilisationShare);
  const pipelineGasBcm = caps.pipelineGasBcm * Math.min(fullUse, gasUtilisationShare * Math.exp(on * p.gasUtilisationVolatility * eGas));

  const crudeDemandMt = prev.crudeDemandMt * Math.exp(p.crudeDemandTrendLogPerYear + on * p.crudeVolumeVolatility * eCrude + jCrude);
  const routesMt = p.crudePipelineMt + p.crudeKazakhstanTransitMt + caps.usableSeaborneCrudeMt;
  const crudeOilMt = Math.min(routesMt, crudeDemandMt);
  const seaborneCrudeMt = Math.max(0, crudeOilMt - p.crudePipelineMt - p.crudeKazakhstanTransitMt);

  const lngChinaShare = Math.min(1, prev.lngChinaShare * Math.exp(p.lngShareTrendLogPerYear + on * p.lngVolumeVolatility * eLng + jLng));
  const lngMt = caps.lngMt * lngChinaShare;

  const growth = growthFactor(chinaGdpGrowthPct);
  const coalDemandMt = prev.coalDemandMt * Math.exp(p.coalDemandTrendLogPerYear + p.coalDemandGdpElasticity * Math.log(growth) + on * p.coalDemandVolatility * eCoal + jCoal);
  const coalMt = Math.min(caps.coalRailMt, coalDemandMt);

  into.gasUtilisationShare = gasUtilisationShare;
  into.pipelineGasBcm = pipelineGasBcm;
  into.crudeDemandMt = crudeDemandMt;
  into.seaborneCrudeMt = seaborneCrudeMt;
  into.crudeOilMt = crudeOilMt;
  into.lngChinaShare = lngChinaShare;
  into.lngMt = lngMt;
  into.coalDemandMt = coalDemandMt;
  into.coalMt = coalMt;
  return into;
}

/** Export values by carrier, USD bn. */
export interface EnergyValues {
  readonly crudeUsdBn: number;
  readonly pipelineGasUsdBn: number;
  readonly lngUsdBn: number;
  readonly coalUsdBn: number;
  /** Oil products and other HS 27 fuels: Brent-priced, at the base year's volume. */
  readonly oilProductsUsdBn: number;
  /** HS 27 as a whole: the four carriers and oil products. */
  readonly totalUsdBn: number;
  readonly crudePriceUsdPerBarrel: number;
  readonly gasPriceUsdPer1000m3: number;
}

/**
 * Values of this year's volumes. Gas and LNG are oil-indexed on the average of this and last
 * year's Brent (contracts lag oil by 6–9 months); coal moves with Brent at an elasticity.
 *
 * @example
 * // 2022 check (the RIAC 2023 report): 86.25 Mt × 7.33 bbl/t × USD 89.7/bbl ≈ USD 56.7 bn of crude
 * energyValues(p, { crudeOilMt: 86.25, … }, 89.7, 100.93, 70.86).crudeUsdBn; // ≈ 56.71
 */
export function energyValues(
  p: EnergyParams,
  v: Pick<EnergyState, 'crudeOilMt' | 'pipelineGasBcm' | 'lngMt' | 'coalMt'>,
  crudePriceUsdPerBarrel: number,
  brentUsdPerBarrel: number,
  previousBrentUsdPerBarrel: number,
  into: Mutable<EnergyValues> = { crudeUsdBn: 0, pipelineGasUsdBn: 0, lngUsdBn: 0, coalUsdBn: 0, oilProductsUsdBn: 0, totalUsdBn: 0, crudePriceUsdPerBarrel: 0, gasPriceUsdPer1000m3: 0 },
): EnergyValues {
  const laggedBrent = 0.5 * (brentUsdPerBarrel + previousBrentUsdPerBarrel);
  const gasPriceUsdPer1000m3 = p.gasPriceUsdPer1000m3PerUsdBrent * laggedBrent;
  const lngPriceUsdPerTonne = p.lngPriceUsdPerTonnePerUsdBrent * laggedBrent;
  const coalPriceUsdPerTonne = p.coalPriceUsdPerTonneBase * Math.exp(p.coalPriceOilElasticity * Math.log(brentUsdPerBarrel / p.baseBrentUsdPerBarrel));
  // Mt × USD/t = USD mn; /1000 → USD bn. bcm × USD per 1000 m³ = USD mn; /1000 → USD bn.
  const crudeUsdBn = (v.crudeOilMt * BARRELS_PER_TONNE * crudePriceUsdPerBarrel) / 1000;
  const pipelineGasUsdBn = (v.pipelineGasBcm * gasPriceUsdPer1000m3) / 1000;
  const lngUsdBn = (v.lngMt * lngPriceUsdPerTonne) / 1000;
  const coalUsdBn = (v.coalMt * coalPriceUsdPerTonne) / 1000;
  const oilProductsUsdBn = p.oilProductsUsdBnPerUsdBrent * brentUsdPerBarrel;
  into.crudeUsdBn = crudeUsdBn;
  into.pipelineGasUsdBn = pipelineGasUsdBn;
  into.lngUsdBn = lngUsdBn;
  into.coalUsdBn = coalUsdBn;
  into.oilProductsUsdBn = oilProductsUsdBn;
  into.totalUsdBn = crudeUsdBn + pipelineGasUsdBn + lngUsdBn + coalUsdBn + oilProductsUsdBn;
  into.crudePriceUsdPerBarrel = crudePriceUsdPerBarrel;
  into.gasPriceUsdPer1000m3 = gasPriceUsdPer1000m3;
  return into;
}

/** The energy block's series: the four carriers' volumes and the capacities that bound them. */
export const ENERGY_SERIES: readonly SeriesDefinition[] = [
  { name: 'energy.crude_oil', unit: 'Mt', description: 'Crude oil exported to China', read: ['energy', 'crudeOilMt'] },
  { name: 'energy.pipeline_gas', unit: 'bcm', description: 'Pipeline gas exported to China', read: ['energy', 'pipelineGasBcm'] },
  // What the pipelines can deliver this year: nameplate in force × the path's full use (1 + overrun).
  { name: 'energy.pipeline_gas_capacity', unit: 'bcm/yr', description: "Pipeline capacity to China in force (nameplate × the path's allowance above it)", value: (y) => y.capacities.pipelineGasBcm * y.capacities.pipelineGasFullUseShare },
  { name: 'energy.lng', unit: 'Mt', description: 'LNG exported to China', read: ['energy', 'lngMt'] },
  { name: 'energy.coal', unit: 'Mt', description: 'Coal exported to China', read: ['energy', 'coalMt'] },
  { name: 'energy.coal_rail_capacity', unit: 'Mt/yr', description: 'Rail and crossing capacity usable for coal to China', read: ['capacities', 'coalRailMt'] },
];

/**
 * The energy block's parameters from the scenario's `energy` section; what it omits comes from the
 * calibration's estimates, and the oil-products rate and base Brent from the base year's data.
 *
 * @example
 * energyParams(scenario, calibration.estimates, base, true).crudePipelineMt; // ESPO + Kazakhstan route capacity, Mt
 */
export function energyParams(s: Scenario, est: Estimates, base: { readonly oilProductsUsdBnPerUsdBrent: number; readonly brentUsdPerBarrel: number }, shocks: boolean): EnergyParams {
  const e = s.energy;
  const crude = e.crude;
  return {
    gasUtilisationAdjustmentSpeed: e.pipelineGas.utilisationAdjustmentSpeed,
    gasUtilisationVolatility: e.pipelineGas.utilisationVolatility,
    crudePipelineMt: crude.pipelineCapacityMt,
    crudeKazakhstanTransitMt: crude.kazakhstanTransitMt,
    crudeDemandTrendLogPerYear: crude.demandTrendLogPerYear ?? est.crudeDemandTrendLogPerYear.value,
    crudeVolumeVolatility: crude.volumeVolatility ?? est.crudeVolumeVolatility.value,
    lngShareTrendLogPerYear: e.lng.chinaShareTrendLogPerYear ?? est.lngShareTrendLogPerYear.value,
    lngVolumeVolatility: e.lng.volumeVolatility ?? est.lngShareVolatility.value,
    coalDemandTrendLogPerYear: e.coal.demandTrendLogPerYear ?? est.coalDemandTrendLogPerYear.value,
    coalDemandGdpElasticity: e.coal.demandGdpElasticity,
    coalDemandVolatility: e.coal.demandVolatility ?? est.coalDemandVolatility.value,
    breakProbabilityPerYear: e.breakProbabilityPerYear ?? est.energyBreakProbabilityPerYear.value,
    breakMinLog: e.breakMinLog ?? est.energyBreakMinLog.value,
    breakMeanExcessLog: e.breakMeanExcessLog ?? est.energyBreakMeanExcessLog.value,
    gasPriceUsdPer1000m3PerUsdBrent: e.pipelineGas.priceUsdPer1000m3PerUsdBrent,
    lngPriceUsdPerTonnePerUsdBrent: e.lng.priceUsdPerTonnePerUsdBrent,
    coalPriceUsdPerTonneBase: e.coal.priceUsdPerTonneBase,
    coalPriceOilElasticity: e.coal.priceOilElasticity,
    oilProductsUsdBnPerUsdBrent: base.oilProductsUsdBnPerUsdBrent,
    baseBrentUsdPerBarrel: base.brentUsdPerBarrel,
    shocks,
  };
}
