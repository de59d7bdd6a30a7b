import type { RandomStream } from '../random/stream.js';

/**
 * Brent in logs around the scenario's anchor path:
 *   ln P_t = ln A_t + x_t,   x_t = φ·x_{t−1} + σ·ε_t + J_t,
 * with a jump J_t ~ N(μ_J, σ_J) in a year with probability λ (supply shocks).
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
  /** x_t, log deviation of Brent from the anchor. */
  readonly logDeviation: number;
  readonly brentUsdPerBarrel: number;
}

/**
 * The base-year oil state: the deviation that puts the anchor's base-year value on the observed
 * Brent, so the path starts from the data and then reverts towards the anchor.
 *
 * @example
 * initialOilState(80.52, 80.52).logDeviation; // 0
 */
export function initialOilState(observedBrentUsdPerBarrel: number, anchorInBaseYearUsdPerBarrel: number): OilState {
  return {
    logDeviation: Math.log(observedBrentUsdPerBarrel / anchorInBaseYearUsdPerBarrel),
    brentUsdPerBarrel: observedBrentUsdPerBarrel,
  };
}

/**
 * One year of Brent. Always draws the same three numbers (shock, jump trigger, jump size) so that
 * two scenarios run on the same seed see the same random numbers (common random numbers).
 *
 * @example
 * // no shocks: the deviation decays by φ each year
 * stepOil({ meanReversionPhi: 0.5, volatilityLog: 0.3, jumpProbabilityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0, shocks: false },
 *         100, rng, { logDeviation: Math.log(1.2), brentUsdPerBarrel: 120 }).brentUsdPerBarrel; // 100·1.2^0.5 ≈ 109.54
 */
export function stepOil(p: OilParams, anchorUsdPerBarrel: number, rng: RandomStream, prev: OilState): OilState {
  const shock = rng.normal();
  const jumpTrigger = rng.uniform();
  const jumpSize = rng.normal();
  let x = p.meanReversionPhi * prev.logDeviation;
  if (p.shocks) {
    x += p.volatilityLog * shock;
    if (jumpTrigger < p.jumpProbabilityPerYear) x += p.jumpMeanLog + p.jumpStdLog * jumpSize;
  }
  return { logDeviation: x, brentUsdPerBarrel: anchorUsdPerBarrel * Math.exp(x) };
}

/** A discount can cut the realised price to this share of Brent at most (a floor, not a forecast). */
export const MIN_REALISED_SHARE_OF_BRENT = 0.2;

/**
 * Export price of Russian crude: Brent minus the regime's discount, floored at a fifth of Brent.
 * Non-decreasing in Brent, which keeps "higher oil ⇒ higher energy export value" true.
 *
 * @example
 * russianCrudePriceUsdPerBarrel(100.93, 11.2); // 89.73 (2022: seed 002 reports USD 89.7 delivered)
 */
export function russianCrudePriceUsdPerBarrel(brentUsdPerBarrel: number, discountUsdPerBarrel: number): number {
  return Math.max(brentUsdPerBarrel - discountUsdPerBarrel, MIN_REALISED_SHARE_OF_BRENT * brentUsdPerBarrel);
}
