import type { RandomStream } from '../random/stream.js';
import type { Mutable } from './mutable.js';
import { growthFactor } from './macro.js';
import { breakSizeLog } from './breaks.js';
import type { SeriesDefinition } from './series.js';
import type { Scenario } from '../scenario/types.js';
import type { Estimates } from './calibration.js';

/**
 * Bilateral trade, USD bn:
 *   Russian exports = energy value + non-energy goods NE_t:
 *     ln NE_t = ln NE_{t−1} + a_NE + ε_NE·ln(1+g_CN) + ε_P·Δln Brent_t + σ_NE·ε + J_NE
 *   Chinese exports = K · D_t · s_t · (1 − f_t) · N_t
 *     D_t  Russia's import demand (index, 1 in the base year): ×e^{a_CN} ×(1+g_RU)^{ε_inc} ×(R_{t−1}/R_t)^{ε_fx},
 *          a_CN the calibrated trend (China's rising share of Russia's imports); both trends
 *          damped: year t after the base applies ψ^t of them (a share cannot rise for ever)
 *     s_t  China's share of Russia's imports relative to the base year, closing a share k of the gap
 *          to the regime's ceiling each year
 *     f_t  the regime's payment friction; N_t a random walk: ln N_t = ln N_{t−1} + σ_CN·ε + J_CN
 *   J: a break (a 2014/2020/2022-type departure) in a year with probability λ, hitting both flows
 *   at once, each by ± (threshold + half-normal excess), sign even (breakSizeLog).
 *   turnover = both flows; balance = Russian − Chinese exports.
 */
export interface TradeParams {
  readonly nonEnergyGdpElasticity: number;
  readonly nonEnergyVolatility: number;
  /** a_NE: yearly log growth of non-energy exports beyond China's GDP growth. */
  readonly nonEnergyTrendLogPerYear: number;
  /** ε_P: elasticity of non-energy exports' value to Brent (the commodity cycle's proxy); 0 = off. */
  readonly nonEnergyCommodityPriceElasticity: number;
  /** a_CN: yearly log growth of Chinese exports beyond income and rouble effects. */
  readonly chineseExportsTrendLogPerYear: number;
  readonly breakProbabilityPerYear: number;
  /** A break moves each flow by ± (this + a half-normal excess), log points. */
  readonly breakMinLog: number;
  readonly breakMeanExcessLog: number;
  /** ψ: each year the two trends keep this share of last year's strength (1: undamped). */
  readonly trendDampingPerYear: number;
  readonly importIncomeElasticity: number;
  readonly importRubElasticity: number;
  readonly chinaShareAdjustmentSpeed: number;
  readonly chineseExportsVolatility: number;
  /** K = base-year Chinese exports / (1 − base-year friction). */
  readonly chineseExportsScaleUsdBn: number;
  readonly shocks: boolean;
}

export interface TradeState {
  readonly nonEnergyExportsRuCnUsdBn: number;
  readonly importDemandIndex: number;
  readonly chinaShareIndex: number;
  readonly noiseFactor: number;
  /** ψ^t: how much of the calibrated trends still applies this year (1 in the base year). */
  readonly trendWeight: number;
  readonly exportsRuCnUsdBn: number;
  readonly exportsCnRuUsdBn: number;
  readonly turnoverUsdBn: number;
  readonly balanceUsdBn: number;
}

/** Inputs of the year from the other blocks. */
export interface TradeDrivers {
  readonly energyValueUsdBn: number;
  readonly chinaGdpGrowthPct: number;
  readonly russiaGdpGrowthPct: number;
  /** Δ ln Brent this year (the commodity cycle non-energy exports follow, by ε_P). */
  readonly deltaLogBrent: number;
  /** Δ ln(RUB per USD): positive when the rouble weakens. */
  readonly deltaLogRubPerUsd: number;
  readonly chinaShareCeilingRelative: number;
  readonly paymentFrictionShare: number;
}

/**
 * Russian and Chinese exports from their parts. The identity the base year is calibrated on.
 *
 * @example
 * tradeTotals(85.45, 28.70, 76.12); // { exportsRuCnUsdBn: 114.15, turnoverUsdBn: 190.27, balanceUsdBn: 38.03 }
 */
export function tradeTotals(energyValueUsdBn: number, nonEnergyUsdBn: number, exportsCnRuUsdBn: number) {
  const exportsRuCnUsdBn = energyValueUsdBn + nonEnergyUsdBn;
  return {
    exportsRuCnUsdBn,
    exportsCnRuUsdBn,
    turnoverUsdBn: exportsRuCnUsdBn + exportsCnRuUsdBn,
    balanceUsdBn: exportsRuCnUsdBn - exportsCnRuUsdBn,
  };
}

/**
 * One year of trade. Draws two normals, a uniform and two normals (the break), always.
 *
 * @example
 * // no shocks, no growth, no rouble move, no headroom, unchanged friction: the flows stay put
 * stepTrade(p, { energyValueUsdBn: 80, chinaGdpGrowthPct: 0, russiaGdpGrowthPct: 0, deltaLogBrent: 0, deltaLogRubPerUsd: 0, chinaShareCeilingRelative: 1, paymentFrictionShare: f }, rng, prev);
 */
export function stepTrade(
  p: TradeParams,
  d: TradeDrivers,
  rng: RandomStream,
  prev: TradeState,
  into: Mutable<TradeState> = { nonEnergyExportsRuCnUsdBn: 0, importDemandIndex: 0, chinaShareIndex: 0, noiseFactor: 0, trendWeight: 0, exportsRuCnUsdBn: 0, exportsCnRuUsdBn: 0, turnoverUsdBn: 0, balanceUsdBn: 0 },
): TradeState {
  const eNonEnergy = rng.normal();
  const eChina = rng.normal();
  const breakTrigger = rng.uniform();
  const breakNonEnergy = rng.normal();
  const breakChina = rng.normal();
  const on = p.shocks ? 1 : 0;
  const broken = on === 1 && breakTrigger < p.breakProbabilityPerYear;
  const jNonEnergy = broken ? breakSizeLog(p.breakMinLog, p.breakMeanExcessLog, breakNonEnergy) : 0;
  const jChina = broken ? breakSizeLog(p.breakMinLog, p.breakMeanExcessLog, breakChina) : 0;
  const trendWeight = prev.trendWeight * p.trendDampingPerYear;
  const cnGrowth = growthFactor(d.chinaGdpGrowthPct);
  const ruGrowth = growthFactor(d.russiaGdpGrowthPct);
  // exp(ε·ln g) rather than Math.pow: same value, and much cheaper on the per-path hot path.
  const nonEnergy = prev.nonEnergyExportsRuCnUsdBn * Math.exp(trendWeight * p.nonEnergyTrendLogPerYear + p.nonEnergyGdpElasticity * Math.log(cnGrowth) + p.nonEnergyCommodityPriceElasticity * d.deltaLogBrent + on * p.nonEnergyVolatility * eNonEnergy + jNonEnergy);
  const importDemandIndex = prev.importDemandIndex * Math.exp(trendWeight * p.chineseExportsTrendLogPerYear + p.importIncomeElasticity * Math.log(ruGrowth) - p.importRubElasticity * d.deltaLogRubPerUsd);
  const chinaShareIndex = prev.chinaShareIndex + p.chinaShareAdjustmentSpeed * (d.chinaShareCeilingRelative - prev.chinaShareIndex);
  const noiseFactor = on === 0 ? prev.noiseFactor : prev.noiseFactor * Math.exp(p.chineseExportsVolatility * eChina + jChina);
  const exportsCnRu = p.chineseExportsScaleUsdBn * importDemandIndex * chinaShareIndex * (1 - d.paymentFrictionShare) * noiseFactor;
  // The identities of tradeTotals, written out: an object spread here costs a tenth of the kernel.
  const exportsRuCn = d.energyValueUsdBn + nonEnergy;
  into.nonEnergyExportsRuCnUsdBn = nonEnergy;
  into.importDemandIndex = importDemandIndex;
  into.chinaShareIndex = chinaShareIndex;
  into.noiseFactor = noiseFactor;
  into.trendWeight = trendWeight;
  into.exportsRuCnUsdBn = exportsRuCn;
  into.exportsCnRuUsdBn = exportsCnRu;
  into.turnoverUsdBn = exportsRuCn + exportsCnRu;
  into.balanceUsdBn = exportsRuCn - exportsCnRu;
  return into;
}

/**
 * The trade block's series: both flows, turnover and balance, and Russian exports split into
 * energy (valued in the energy block) and non-energy goods, with the energy carriers' values.
 */
export const TRADE_SERIES: readonly SeriesDefinition[] = [
  { name: 'trade.turnover', unit: 'USD bn', description: 'Russia–China trade turnover (China customs basis)', read: ['trade', 'turnoverUsdBn'] },
  { name: 'trade.exports_ru_cn', unit: 'USD bn', description: 'Russian exports to China', read: ['trade', 'exportsRuCnUsdBn'] },
  { name: 'trade.exports_cn_ru', unit: 'USD bn', description: 'Chinese exports to Russia', read: ['trade', 'exportsCnRuUsdBn'] },
  { name: 'trade.balance', unit: 'USD bn', description: 'Russian exports minus Chinese exports', read: ['trade', 'balanceUsdBn'] },
  { name: 'trade.energy_exports_ru_cn', unit: 'USD bn', description: 'Value of mineral fuels (HS 27: crude, pipeline gas, LNG, coal and oil products) exported to China', read: ['values', 'totalUsdBn'] },
  { name: 'trade.non_energy_exports_ru_cn', unit: 'USD bn', description: 'Russian exports to China other than mineral fuels (metals, timber, fish, agriculture, chemicals)', read: ['trade', 'nonEnergyExportsRuCnUsdBn'] },
  { name: 'trade.crude_oil_value', unit: 'USD bn', description: 'Value of crude oil exported to China', read: ['values', 'crudeUsdBn'] },
  { name: 'trade.pipeline_gas_value', unit: 'USD bn', description: 'Value of pipeline gas exported to China', read: ['values', 'pipelineGasUsdBn'] },
  { name: 'trade.lng_value', unit: 'USD bn', description: 'Value of LNG exported to China', read: ['values', 'lngUsdBn'] },
  { name: 'trade.coal_value', unit: 'USD bn', description: 'Value of coal exported to China', read: ['values', 'coalUsdBn'] },
  { name: 'trade.oil_products_value', unit: 'USD bn', description: 'Value of oil products and other mineral fuels (HS 27 less crude, gas, LNG and coal) exported to China', read: ['values', 'oilProductsUsdBn'] },
];

/**
 * The trade block's parameters from the scenario's `trade` section; what it omits comes from the
 * calibration's estimates. K is set so that the base year's Chinese exports come out under the
 * initial regime's payment friction.
 *
 * @example
 * tradeParams(scenario, calibration.estimates, 76.12, true).chineseExportsScaleUsdBn; // 76.12 / (1 − friction)
 */
export function tradeParams(s: Scenario, est: Estimates, baseExportsCnRuUsdBn: number, shocks: boolean): TradeParams {
  const t = s.trade;
  return {
    nonEnergyGdpElasticity: t.nonEnergyGdpElasticity,
    nonEnergyVolatility: t.nonEnergyVolatility ?? est.nonEnergyVolatility.value,
    nonEnergyTrendLogPerYear: t.nonEnergyTrendLogPerYear ?? est.nonEnergyTrendLogPerYear.value,
    nonEnergyCommodityPriceElasticity: t.nonEnergyCommodityPriceElasticity ?? 0,
    chineseExportsTrendLogPerYear: t.chineseExportsTrendLogPerYear ?? est.chineseExportsTrendLogPerYear.value,
    breakProbabilityPerYear: t.breakProbabilityPerYear ?? est.tradeBreakProbabilityPerYear.value,
    breakMinLog: t.breakMinLog ?? est.tradeBreakMinLog.value,
    breakMeanExcessLog: t.breakMeanExcessLog ?? est.tradeBreakMeanExcessLog.value,
    trendDampingPerYear: t.trendDampingPerYear ?? 1,
    importIncomeElasticity: t.importIncomeElasticity ?? est.importIncomeElasticity.value,
    importRubElasticity: t.importRubElasticity ?? est.importRubElasticity.value,
    chinaShareAdjustmentSpeed: t.chinaShareAdjustmentSpeed,
    chineseExportsVolatility: t.chineseExportsVolatility ?? est.chineseExportsVolatility.value,
    chineseExportsScaleUsdBn: baseExportsCnRuUsdBn / (1 - s.sanctions.levers[s.sanctions.initialRegime].paymentFrictionShare),
    shocks,
  };
}
