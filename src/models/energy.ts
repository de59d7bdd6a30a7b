import type { RandomStream } from '../random/stream.js';
import type { Mutable } from './mutable.js';
import { growthFactor } from './macro.js';

/** Barrels in a tonne of crude (model.md; ESPO blend is close to this average). */
export const BARRELS_PER_TONNE = 7.33;

/**
 * Energy volumes (never above the capacity in force) and their export values.
 *
 * - Pipeline gas (bcm): capacity × utilisation, utilisation = min(1, u_base·e^{σε}).
 * - Crude (Mt): ESPO spur + Kazakhstan transit (at capacity) + seaborne cargoes, which close a
 *   share of the gap to the usable seaborne capacity each year (capacity × the regime's access).
 * - LNG (Mt): China's share of Russian LNG capacity in force (sanctioned plants only in part).
 * - Coal (Mt): min(rail capacity, China's demand), demand growing with China's GDP.
 */
export interface EnergyParams {
  readonly gasUtilisationBase: number;
  readonly gasUtilisationVolatility: number;
  readonly crudePipelineMt: number;
  readonly crudeKazakhstanTransitMt: number;
  readonly seaborneAdjustmentSpeed: number;
  readonly crudeVolumeVolatility: number;
  readonly lngChinaShareBase: number;
  readonly lngVolumeVolatility: number;
  readonly coalDemandGdpElasticity: number;
  readonly coalDemandVolatility: number;
  readonly gasPriceUsdPer1000m3PerUsdBrent: number;
  readonly lngPriceUsdPerTonnePerUsdBrent: number;
  readonly coalPriceUsdPerTonneBase: number;
  readonly coalPriceOilElasticity: number;
  readonly baseBrentUsdPerBarrel: number;
  readonly shocks: boolean;
}

/** Capacities in force this year, from the infrastructure block and the scenario's paths. */
export interface EnergyCapacities {
  readonly pipelineGasBcm: number;
  /** Seaborne crude capacity × the regime's access share. */
  readonly usableSeaborneCrudeMt: number;
  readonly lngMt: number;
  readonly coalRailMt: number;
}

export interface EnergyState {
  readonly pipelineGasBcm: number;
  readonly seaborneCrudeMt: number;
  readonly crudeOilMt: number;
  readonly lngMt: number;
  /** China's demand for Russian coal (may exceed what the railways can carry). */
  readonly coalDemandMt: number;
  readonly coalMt: number;
}

/**
 * One year of energy volumes. Draws four normals, always.
 *
 * @example
 * // no shocks: gas = capacity × base utilisation, crude closes part of its seaborne gap
 * stepEnergyVolumes(p, caps, 5, rng, prev).pipelineGasBcm; // ≤ caps.pipelineGasBcm
 */
export function stepEnergyVolumes(
  p: EnergyParams,
  caps: EnergyCapacities,
  chinaGdpGrowthPct: number,
  rng: RandomStream,
  prev: EnergyState,
  into: Mutable<EnergyState> = { pipelineGasBcm: 0, seaborneCrudeMt: 0, crudeOilMt: 0, lngMt: 0, coalDemandMt: 0, coalMt: 0 },
): EnergyState {
  const eGas = rng.normal();
  const eCrude = rng.normal();
  const eLng = rng.normal();
  const eCoal = rng.normal();
  const on = p.shocks ? 1 : 0;

  const utilisation = Math.min(1, p.gasUtilisationBase * Math.exp(on * p.gasUtilisationVolatility * eGas));
  const pipelineGasBcm = caps.pipelineGasBcm * utilisation;

  const seaborneWanted = (prev.seaborneCrudeMt + p.seaborneAdjustmentSpeed * (caps.usableSeaborneCrudeMt - prev.seaborneCrudeMt)) * Math.exp(on * p.crudeVolumeVolatility * eCrude);
  const seaborneCrudeMt = Math.min(caps.usableSeaborneCrudeMt, Math.max(0, seaborneWanted));
  const crudeOilMt = p.crudePipelineMt + p.crudeKazakhstanTransitMt + seaborneCrudeMt;

  const lngShare = Math.min(1, p.lngChinaShareBase * Math.exp(on * p.lngVolumeVolatility * eLng));
  const lngMt = caps.lngMt * lngShare;

  const growth = growthFactor(chinaGdpGrowthPct);
  const coalDemandMt = prev.coalDemandMt * Math.exp(p.coalDemandGdpElasticity * Math.log(growth) + on * p.coalDemandVolatility * eCoal);
  const coalMt = Math.min(caps.coalRailMt, coalDemandMt);

  into.pipelineGasBcm = pipelineGasBcm;
  into.seaborneCrudeMt = seaborneCrudeMt;
  into.crudeOilMt = crudeOilMt;
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
  readonly totalUsdBn: number;
  readonly crudePriceUsdPerBarrel: number;
  readonly gasPriceUsdPer1000m3: number;
}

/**
 * Values of this year's volumes. Gas and LNG are oil-indexed on the average of this and last
 * year's Brent (contracts lag oil by 6–9 months); coal moves with Brent at an elasticity.
 *
 * @example
 * // 2022 check (seed 002): 86.25 Mt × 7.33 bbl/t × USD 89.7/bbl ≈ USD 56.7 bn of crude
 * energyValues(p, { crudeOilMt: 86.25, … }, 89.7, 100.93, 70.86).crudeUsdBn; // ≈ 56.71
 */
export function energyValues(
  p: EnergyParams,
  v: Pick<EnergyState, 'crudeOilMt' | 'pipelineGasBcm' | 'lngMt' | 'coalMt'>,
  crudePriceUsdPerBarrel: number,
  brentUsdPerBarrel: number,
  previousBrentUsdPerBarrel: number,
  into: Mutable<EnergyValues> = { crudeUsdBn: 0, pipelineGasUsdBn: 0, lngUsdBn: 0, coalUsdBn: 0, totalUsdBn: 0, crudePriceUsdPerBarrel: 0, gasPriceUsdPer1000m3: 0 },
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
  into.crudeUsdBn = crudeUsdBn;
  into.pipelineGasUsdBn = pipelineGasUsdBn;
  into.lngUsdBn = lngUsdBn;
  into.coalUsdBn = coalUsdBn;
  into.totalUsdBn = crudeUsdBn + pipelineGasUsdBn + lngUsdBn + coalUsdBn;
  into.crudePriceUsdPerBarrel = crudePriceUsdPerBarrel;
  into.gasPriceUsdPer1000m3 = gasPriceUsdPer1000m3;
  return into;
}
