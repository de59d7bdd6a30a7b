import type { Mutable } from './mutable.js';
import type { SeriesDefinition } from './series.js';
import type { Scenario } from '../scenario/types.js';
import type { Estimates } from './calibration.js';

/**
 * China and Russia real GDP growth and the rouble, linked to the oil path:
 *   g_CN,t = path_t + σ_CN·ε
 *   g_RU,t = trend_t + β·Δln P_t + σ_RU·ε
 *   ln R_t = ln R_{t−1} + drift + η·Δln P_t + σ_R·ε      (R: RUB per USD, index = 1 in the base year)
 */
export interface MacroParams {
  readonly chinaGdpVolatilityPct: number;
  readonly russiaGdpVolatilityPct: number;
  /** β: percentage points of Russian growth per unit of Δln Brent. */
  readonly russiaGrowthOilSensitivityPct: number;
  /** η: Δln(RUB per USD) per unit of Δln Brent (negative: oil up, rouble stronger). */
  readonly rubOilElasticity: number;
  readonly rubDriftLogPerYear: number;
  readonly rubVolatilityLog: number;
  readonly shocks: boolean;
}

export interface MacroState {
  readonly chinaGdpGrowthPct: number;
  readonly russiaGdpGrowthPct: number;
  /** ln of RUB per USD relative to the base year (0 in the base year). */
  readonly logRubPerUsdIndex: number;
}

/** This year's standard-normal macro shocks (drawn by the caller, possibly correlated with oil). */
export interface MacroShocks {
  readonly chinaGdp: number;
  readonly russiaGdp: number;
  readonly rub: number;
}

/**
 * One year of macro drivers.
 *
 * @example
 * // no shocks, oil unchanged: growth on its paths, rouble on its drift
 * stepMacro(p, 4.5, 1.5, 0, { chinaGdp: 0, russiaGdp: 0, rub: 0 }, prev); // { chinaGdpGrowthPct: 4.5, russiaGdpGrowthPct: 1.5, … }
 */
export function stepMacro(
  p: MacroParams,
  chinaPathPct: number,
  russiaTrendPct: number,
  deltaLogBrent: number,
  z: MacroShocks,
  prev: MacroState,
  into: Mutable<MacroState> = { chinaGdpGrowthPct: 0, russiaGdpGrowthPct: 0, logRubPerUsdIndex: 0 },
): MacroState {
  const eCn = z.chinaGdp;
  const eRu = z.russiaGdp;
  const eRub = z.rub;
  const on = p.shocks ? 1 : 0;
  const logRub = prev.logRubPerUsdIndex + p.rubDriftLogPerYear + p.rubOilElasticity * deltaLogBrent + on * p.rubVolatilityLog * eRub;
  into.chinaGdpGrowthPct = chinaPathPct + on * p.chinaGdpVolatilityPct * eCn;
  into.russiaGdpGrowthPct = russiaTrendPct + p.russiaGrowthOilSensitivityPct * deltaLogBrent + on * p.russiaGdpVolatilityPct * eRu;
  into.logRubPerUsdIndex = logRub;
  return into;
}

/** Growth in percent as a gross factor, floored so that a −100 % draw cannot flip signs downstream. */
export function growthFactor(growthPct: number): number {
  return Math.max(1 + growthPct / 100, 0.05);
}

/** The macro block's series (growth observed in data/history.csv as gdp.*). */
export const MACRO_SERIES: readonly SeriesDefinition[] = [
  { name: 'macro.china_gdp_growth', unit: '% real', description: 'China real GDP growth', historyName: 'gdp.china_growth', read: ['macro', 'chinaGdpGrowthPct'] },
  { name: 'macro.russia_gdp_growth', unit: '% real', description: 'Russia real GDP growth', historyName: 'gdp.russia_growth', read: ['macro', 'russiaGdpGrowthPct'] },
  { name: 'macro.rub_per_usd_index', unit: 'index, base year = 1', description: 'RUB per USD relative to the base year (above 1: weaker rouble)', value: (y) => Math.exp(y.macro.logRubPerUsdIndex) },
];

/**
 * The macro block's parameters from the scenario's `macro` section; what it omits comes from the
 * calibration's estimates.
 *
 * @example
 * macroParams(scenario, calibration.estimates, true).rubDriftLogPerYear; // ln(1 + drift % / 100)
 */
export function macroParams(s: Scenario, est: Estimates, shocks: boolean): MacroParams {
  return {
    russiaGrowthOilSensitivityPct: s.macro.russiaGrowthOilSensitivityPct ?? est.russiaGrowthOilSensitivityPct.value,
    rubOilElasticity: s.macro.rubOilElasticity ?? est.rubOilElasticity.value,
    rubDriftLogPerYear: Math.log(1 + s.macro.rubDriftPctPerYear / 100),
    rubVolatilityLog: s.macro.rubVolatilityLog ?? est.rubVolatilityLog.value,
    chinaGdpVolatilityPct: s.macro.chinaGdpVolatilityPct ?? est.chinaGdpVolatilityPct.value,
    russiaGdpVolatilityPct: s.macro.russiaGdpVolatilityPct ?? est.russiaGdpVolatilityPct.value,
    shocks,
  };
}
