import type { RandomStream } from '../random/stream.js';
import type { Mutable } from './mutable.js';
import type { SeriesDefinition } from './series.js';
import type { Scenario } from '../scenario/types.js';
import type { Estimates } from './calibration.js';

/**
 * Settlement currency shares (sum to 1 by construction):
 *   national share n_t = c · logistic(z_t),  z_t = z_{t−1} + k·m(S_t) + σ·ε
 *   RUB = n(1 − y), CNY = n·y (y: the yuan's part, drifting a fifth of the way to its target)
 *   USD, EUR = (1 − n)·split; other = the remainder.
 */
export interface SettlementParams {
  readonly ceiling: number;
  /** k: the calibrated yearly step of logit(n/c) in the status quo. */
  readonly logitStepPerYear: number;
  readonly logitStepVolatility: number;
  readonly cnyShareOfNationalTarget: number;
  readonly usdShareOfNonNational: number;
  readonly eurShareOfNonNational: number;
  readonly shocks: boolean;
}

export interface SettlementShares {
  readonly logit: number;
  readonly cnyShareOfNational: number;
  readonly national: number;
  readonly rub: number;
  readonly cny: number;
  readonly usd: number;
  readonly eur: number;
  readonly other: number;
}

/** logit(n / c), the state variable for a national share n under ceiling c. */
export function nationalLogit(nationalShare: number, ceiling: number): number {
  const r = Math.min(Math.max(nationalShare / ceiling, 1e-9), 1 - 1e-9);
  return Math.log(r / (1 - r));
}

/**
 * Shares from the state. `other` is the remainder, so the five shares sum to 1 up to rounding.
 *
 * @example
 * settlementShares(nationalLogit(0.91, 0.98), 0.98, 0.6, 0.6, 0.3).national; // 0.91
 */
export function settlementShares(
  logit: number,
  ceiling: number,
  cnyShareOfNational: number,
  usdShareOfNonNational: number,
  eurShareOfNonNational: number,
  into: Mutable<SettlementShares> = { logit: 0, cnyShareOfNational: 0, national: 0, rub: 0, cny: 0, usd: 0, eur: 0, other: 0 },
): SettlementShares {
  const national = ceiling / (1 + Math.exp(-logit));
  const cny = national * cnyShareOfNational;
  const rub = national - cny;
  const nonNational = 1 - national;
  const usd = nonNational * usdShareOfNonNational;
  const eur = nonNational * eurShareOfNonNational;
  into.logit = logit;
  into.cnyShareOfNational = cnyShareOfNational;
  into.national = national;
  into.rub = rub;
  into.cny = cny;
  into.usd = usd;
  into.eur = eur;
  into.other = Math.max(0, 1 - rub - cny - usd - eur);
  return into;
}

/**
 * One year of settlement shares. Draws one normal, always.
 *
 * @example
 * stepSettlement(p, 1, rng, prev).national; // ≥ prev.national when k ≥ 0 and there are no shocks
 */
export function stepSettlement(p: SettlementParams, speedMultiplier: number, rng: RandomStream, prev: SettlementShares, into?: Mutable<SettlementShares>): SettlementShares {
  const e = rng.normal();
  const logit = prev.logit + p.logitStepPerYear * speedMultiplier + (p.shocks ? p.logitStepVolatility * e : 0);
  const y = prev.cnyShareOfNational + 0.2 * (p.cnyShareOfNationalTarget - prev.cnyShareOfNational);
  return settlementShares(logit, p.ceiling, y, p.usdShareOfNonNational, p.eurShareOfNonNational, into);
}

/** The settlement block's series: the national (rouble + yuan) share and each currency's. */
export const SETTLEMENT_SERIES: readonly SeriesDefinition[] = [
  // Near its ceiling (0.95–0.99): quantiles are taken on 1 − share.
  { name: 'settlement.national', unit: 'share 0–1', description: 'Share of settlements in roubles and yuan', complementBinned: true, read: ['settlement', 'national'] },
  { name: 'settlement.rub', unit: 'share 0–1', description: 'Share of settlements in roubles', read: ['settlement', 'rub'] },
  { name: 'settlement.cny', unit: 'share 0–1', description: 'Share of settlements in yuan', read: ['settlement', 'cny'] },
  { name: 'settlement.usd', unit: 'share 0–1', description: 'Share of settlements in US dollars', read: ['settlement', 'usd'] },
  { name: 'settlement.eur', unit: 'share 0–1', description: 'Share of settlements in euros', read: ['settlement', 'eur'] },
  { name: 'settlement.other', unit: 'share 0–1', description: 'Share of settlements in other currencies (HKD, AED, …)', read: ['settlement', 'other'] },
];

/**
 * The settlement block's parameters from the scenario's `settlement` section; the status-quo pace
 * comes from the calibration when the scenario omits it.
 *
 * @example
 * settlementParams(scenario, calibration.estimates, true).ceiling; // the scenario's central ceiling
 */
export function settlementParams(s: Scenario, est: Estimates, shocks: boolean): SettlementParams {
  const x = s.settlement;
  return {
    ceiling: x.ceiling,
    logitStepPerYear: x.logitStepPerYear ?? est.settlementLogitStepPerYear.value,
    logitStepVolatility: x.logitStepVolatility,
    cnyShareOfNationalTarget: x.cnyShareOfNationalTarget,
    usdShareOfNonNational: x.nonNationalSplit.usd,
    eurShareOfNonNational: x.nonNationalSplit.eur,
    shocks,
  };
}
