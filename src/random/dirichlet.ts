import type { RandomStream } from './stream.js';

/**
 * A Gamma(shape, 1) draw by Marsaglia and Tsang (2000): a normal and a uniform per try, about 1.03
 * tries on average for shape ≥ 1; for shape < 1 the shape + 1 draw times U^(1/shape). The number
 * of draws it takes varies, so it belongs on a stream of its own (the geography block's, the parameters').
 *
 * @example
 * gammaDraw(2, rng) > 0; // true
 */
export function gammaDraw(shape: number, rng: RandomStream): number {
  if (shape < 1) {
    const g = gammaDraw(shape + 1, rng);
    // 1 − u lies in (0, 1]: never a zero to the power 1/shape.
    return g * Math.pow(1 - rng.uniform() || Number.MIN_VALUE, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v0 = 1 + c * z;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Draw shares from a Dirichlet(concentration · mean) into `into[from … from + n)`: each share is a
 * Gamma(concentration · mean_i) draw over their sum, so the draws average `mean` and a share s has
 * standard deviation √(s(1 − s)/(concentration + 1)). A zero mean stays exactly zero (no draw).
 * The shares sum to 1 up to rounding. Without shocks the mean itself is written.
 *
 * @example
 * const out = new Float64Array(3);
 * dirichletInto([0.5, 0.3, 0.2], 0, 3, 200, rng, true, out); // out ≈ [0.5, 0.3, 0.2], sums to 1
 */
export function dirichletInto(mean: ArrayLike<number>, from: number, n: number, concentration: number, rng: RandomStream, shocks: boolean, into: Float64Array): void {
  let sum = 0;
  for (let i = from; i < from + n; i++) {
    const m = mean[i];
    const g = m <= 0 ? 0 : shocks ? gammaDraw(concentration * m, rng) : m;
    into[i] = g;
    sum += g;
  }
  if (sum <= 0) return;
  for (let i = from; i < from + n; i++) into[i] /= sum;
}
