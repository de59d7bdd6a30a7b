import type { RandomStream } from '../random/stream.js';
import type { Mutable } from './mutable.js';
import type { SeriesDefinition } from './series.js';
import type { Scenario } from '../scenario/types.js';
import type { Estimates } from './calibration.js';

/**
 * Brent in logs around the scenario's anchor path, starting from the observed base-year price:
 *   ln P_t = (1 − w_t)·ln A_t + w_t·ln P_base + x_t,   w_t = φ^{t−base},
 *   x_t = φ·x_{t−1} + σ·ε_t + J_t,   x_base = 0,
 * with a jump J_t ~ N(μ_J, σ_J) in a year with probability λ (supply shocks).
 *
 * Why the base price gets its own decaying weight (rather than an initial deviation from the
 * anchor's base-year value): then ln P_t rises with every anchor point (by 1 − w_t ≥ 0), so
 * "a higher anchor never lowers Brent" holds for any anchor path, and the anchor's value in the
 * base year plays no part. φ = 0 makes Brent follow the anchor exactly (realised-oil hindcasts).
 */
export interface OilParams {
  /** φ = e^{−κ}: share of last year's log deviation that persists. */
  readonly meanReversionPhi: number;
  /** σ: standard deviation of the yearly log shock. */
  readonly volatilityLog: number;
  readonly jumpProbabilityPerYear: number;
  readonly jumpMeanLog: number;
  readonly jumpStdLog: number;
  /** false: every shock is zero (the central path). */
  readonly shocks: boolean;
}

export interface OilState {
  /** x_t, the accumulated shocks (log points). */
  readonly logDeviation: number;
  /** w_t = φ^{t−base}: how much the observed base-year price still weighs. */
  readonly basePriceWeight: number;
  readonly brentUsdPerBarrel: number;
}

/**
 * The base-year oil state: the observed price with full weight and no shocks yet.
 *
 * @example
 * initialOilState(80.52); // { logDeviation: 0, basePriceWeight: 1, brentUsdPerBarrel: 80.52 }
 */
export function initialOilState(observedBrentUsdPerBarrel: number): OilState {
  return { logDeviation: 0, basePriceWeight: 1, brentUsdPerBarrel: observedBrentUsdPerBarrel };
}

/**
 * One year of Brent. Always draws the same three numbers (shock, jump trigger, jump size) so that
 * two scenarios run on the same seed see the same random numbers (common random numbers).
 *
 * `shock` is this year's standard-normal oil shock (drawn by the caller, possibly correlated with
 * the macro shocks); the jump's two numbers come from `rng`, always both.
 *
 * @example
 * // no shocks, φ = ½: one year on, the observed 120 still weighs ½ against an anchor of 100
 * stepOil({ meanReversionPhi: 0.5, volatilityLog: 0.3, jumpProbabilityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0, shocks: false },
 *         100, Math.log(120), 0, rng, initialOilState(120)).brentUsdPerBarrel; // √(100·120) ≈ 109.54
 */
export function stepOil(p: OilParams, anchorUsdPerBarrel: number, logBaseBrent: number, shock: number, rng: RandomStream, prev: OilState): OilState {
  return stepOilLog(p, Math.log(anchorUsdPerBarrel), logBaseBrent, shock, rng, prev);
}

/** stepOil with the anchor already in logs (the kernel precomputes them once per run). */
export function stepOilLog(p: OilParams, logAnchor: number, logBaseBrent: number, shock: number, rng: RandomStream, prev: OilState, into: Mutable<OilState> = { logDeviation: 0, basePriceWeight: 0, brentUsdPerBarrel: 0 }): OilState {
  const jumpTrigger = rng.uniform();
  const jumpSize = rng.normal();
  let x = p.meanReversionPhi * prev.logDeviation;
  if (p.shocks) {
    x += p.volatilityLog * shock;
    if (jumpTrigger < p.jumpProbabilityPerYear) x += p.jumpMeanLog + p.jumpStdLog * jumpSize;
  }
  const w = p.meanReversionPhi * prev.basePriceWeight;
  const logPrice = (1 - w) * logAnchor + w * logBaseBrent + x;
  into.logDeviation = x;
  into.basePriceWeight = w;
  into.brentUsdPerBarrel = Math.exp(logPrice);
  return into;
}

/**
 * Export price of Russian crude: Brent less the regime's discount, a share of Brent (the schema
 * caps it at 80 %). Proportional, so a USD 11 discount at Brent 100 stays 11 % at Brent 50 rather
 * than becoming a fifth of the price; increasing in Brent, which keeps "higher oil ⇒ higher energy
 * export value" true.
 *
 * @example
 * russianCrudePriceUsdPerBarrel(100.93, 11.1); // 89.73 (2022: the RIAC 2023 report gives USD 89.7 delivered)
 */
export function russianCrudePriceUsdPerBarrel(brentUsdPerBarrel: number, discountPctOfBrent: number): number {
  return brentUsdPerBarrel * (1 - discountPctOfBrent / 100);
}

/**
 * The average crude discount (% of Brent) when a price cap "market minus X %" binds on a share e of
 * the crude sold: those cargoes go at the cap if it is below what the regime's discount gives, the
 * rest keep the regime's discount — d + e·max(0, X − d). No cap in force: pass a negative X.
 *
 * @example
 * effectiveDiscountPct(11.1, 15, 0.5); // 13.05: half the cargoes at 15 % under Brent, half at 11.1 %
 * effectiveDiscountPct(20, 15, 0.5);   // 20: the regime already discounts more than the cap
 */
export function effectiveDiscountPct(regimeDiscountPct: number, capMarketMinusPct: number, enforcementShare: number): number {
  return regimeDiscountPct + enforcementShare * Math.max(0, capMarketMinusPct - regimeDiscountPct);
}

/** The oil block's series: Brent and the price Russian crude fetches in China. */
export const OIL_SERIES: readonly SeriesDefinition[] = [
  { name: 'oil.brent', unit: 'USD/bbl', description: 'Brent, annual average', read: ['oil', 'brentUsdPerBarrel'] },
  { name: 'oil.russian_crude_price', unit: 'USD/bbl', description: 'Price of Russian crude delivered to China (Brent − discount)', read: ['crudePriceUsdPerBarrel'] },
];

/**
 * The oil block's parameters from the scenario's `oil` section; what it omits comes from the
 * calibration's estimates.
 *
 * @example
 * oilParams(scenario, calibration.estimates, true).volatilityLog; // the scenario's σ, or the estimate
 */
export function oilParams(s: Scenario, est: Estimates, shocks: boolean): OilParams {
  return {
    meanReversionPhi: s.oil.meanReversionPhi ?? est.brentMeanReversionPhi.value,
    volatilityLog: s.oil.volatilityLog ?? est.brentVolatilityLog.value,
    jumpProbabilityPerYear: s.oil.jumpProbabilityPerYear,
    jumpMeanLog: s.oil.jumpMeanLog,
    jumpStdLog: s.oil.jumpStdLog,
    shocks,
  };
}
