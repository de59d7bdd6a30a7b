import type { RandomStream } from '../random/stream.js';
import { gammaDraw } from '../random/dirichlet.js';

/** The model block a drawn parameter belongs to (the kernel keeps one scratch copy of each per path). */
export type ParameterBlock = 'oil' | 'macro' | 'trade' | 'energy' | 'settlement';

/**
 * A calibrated parameter that each path draws once, before its first year, from the estimate's
 * sampling distribution: value = mean + standardError · t, t Student-t with `degreesOfFreedom`
 * (a normal when 0: judgement spreads), redrawn while outside [min, max].
 */
export interface UncertainParameter {
  readonly block: ParameterBlock;
  readonly field: string;
  readonly mean: number;
  readonly standardError: number;
  readonly degreesOfFreedom: number;
  readonly min: number;
  readonly max: number;
  /** Index of an earlier parameter estimated jointly with this one, or −1. */
  readonly correlatedWith: number;
  /** Correlation of the two estimates (their draws share it and one t scale). */
  readonly correlation: number;
}

/** Redraws before a draw outside its bounds falls back to the point value (documented in model.md). */
export const MAX_REDRAWS = 20;

/**
 * A chi-square draw with ν degrees of freedom: 2 · Gamma(ν/2), one gamma draw (about one normal
 * and one uniform) where the sum of ν squared normals took ν normals. 0 when ν = 0 (normal).
 */
function chiSquare(dof: number, rng: RandomStream): number {
  if (dof <= 0) return 0;
  return 2 * gammaDraw(dof / 2, rng);
}

/** The t scale √(ν / χ²_ν), or 1 for a normal. */
function tScale(dof: number, rng: RandomStream): number {
  if (dof <= 0) return 1;
  const c = chiSquare(dof, rng);
  return c > 0 ? Math.sqrt(dof / c) : 1;
}

/**
 * Draw every uncertain parameter for one path into `out` (aligned with `list`), using `scratch`
 * (same length) for the standard-normal shocks so that a jointly estimated pair stays correlated.
 * The number of draws varies with the redraws, so the parameter stream is its own (one per path),
 * never shared with a block's yearly shocks.
 *
 * @example
 * // one parameter, N(2, 0.5²) (degreesOfFreedom 0), bounded to (0, 5)
 * drawParameters([{ block: 'trade', field: 'importIncomeElasticity', mean: 2, standardError: 0.5, degreesOfFreedom: 0, min: 0, max: 5, correlatedWith: -1, correlation: 0 }],
 *   rng, out, scratch); // out[0] ≈ 2 ± 0.5
 */
export function drawParameters(list: readonly UncertainParameter[], rng: RandomStream, out: Float64Array, scratch: Float64Array, scales: Float64Array): void {
  for (let i = 0; i < list.length; i++) {
    const q = list[i];
    const j = q.correlatedWith;
    if (j >= 0) {
      drawPair(list[j], q, j, i, rng, out, scratch, scales);
      continue;
    }
    out[i] = q.mean;
    scratch[i] = 0;
    scales[i] = 1;
    for (let attempt = 0; attempt <= MAX_REDRAWS; attempt++) {
      const z = rng.normal();
      const w = tScale(q.degreesOfFreedom, rng);
      const candidate = q.mean + q.standardError * w * z;
      if (candidate >= q.min && candidate <= q.max) {
        out[i] = candidate;
        scratch[i] = z;
        scales[i] = w;
        break;
      }
    }
  }
}

/**
 * The second of a jointly estimated pair, with the first (already drawn at index j): the first
 * draw reuses the partner's shock and t scale; when it falls outside its bounds the two are
 * redrawn together (never one alone, which would lose their correlation), falling back to both
 * point values after MAX_REDRAWS.
 */
function drawPair(a: UncertainParameter, b: UncertainParameter, j: number, i: number, rng: RandomStream, out: Float64Array, scratch: Float64Array, scales: Float64Array): void {
  const rho = b.correlation;
  const spread = Math.sqrt(Math.max(0, 1 - rho * rho));
  let za = scratch[j];
  let w = scales[j];
  let xa = out[j];
  for (let attempt = 0; attempt <= MAX_REDRAWS; attempt++) {
    if (attempt > 0) {
      za = rng.normal();
      w = tScale(a.degreesOfFreedom, rng);
      xa = a.mean + a.standardError * w * za;
    }
    const zb = rho * za + spread * rng.normal();
    const xb = b.mean + b.standardError * w * zb;
    if (xa >= a.min && xa <= a.max && xb >= b.min && xb <= b.max) {
      out[j] = xa;
      out[i] = xb;
      scratch[i] = zb;
      scales[i] = w;
      return;
    }
  }
  out[j] = a.mean;
  out[i] = b.mean;
  scratch[i] = 0;
  scales[i] = 1;
}
