import type { RandomStream } from './stream.js';

/**
 * Marsaglia and Tsang's (2000) loop for Gamma(d + 1/3, 1), given d and c = 1/√(9d): a normal and
 * a uniform per try, about 1.03 tries on average; the log is taken only when the squeeze fails.
 */
function marsagliaTsang(d: number, c: number, rng: RandomStream): number {
  for (;;) {
    const z = rng.normal();
    const v0 = 1 + c * z;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** The d of Marsaglia and Tsang's loop for a shape: shape − 1/3, or shape + 1 − 1/3 below 1 (boosted). */
function loopD(shape: number): number {
  return (shape < 1 ? shape + 1 : shape) - 1 / 3;
}

/**
 * Below shape 1 a draw is Gamma(shape + 1) · U^(1/shape) (Marsaglia and Tsang's boost), written
 * exp(ln U / shape): half the time of Math.pow. 1 − u lies in (0, 1]: never the log of zero.
 */
function boost(inverseShape: number, rng: RandomStream): number {
  return Math.exp(Math.log(1 - rng.uniform() || Number.MIN_VALUE) * inverseShape);
}

/**
 * A Gamma(shape, 1) draw by Marsaglia and Tsang (2000): a normal and a uniform per try, about 1.03
 * tries on average for shape ≥ 1; for shape < 1 the shape + 1 draw times U^(1/shape). The number
 * of draws it takes varies, so it belongs on a stream of its own (the geography block's, the parameters').
 *
 * @example
 * gammaDraw(2, rng) > 0; // true
 */
export function gammaDraw(shape: number, rng: RandomStream): number {
  const d = loopD(shape);
  const g = marsagliaTsang(d, 1 / Math.sqrt(9 * d), rng);
  return shape < 1 ? g * boost(1 / shape, rng) : g;
}

/**
 * Dirichlet(concentration · mean) draws with each entry's gamma constants worked out once (a
 * model draws the same shapes on every path): d and c of the Marsaglia–Tsang loop, and 1/shape
 * for the entries below shape 1 (0 for the others, and for zero means, which are never drawn).
 */
export interface DirichletSampler {
  readonly mean: Float64Array;
  readonly d: Float64Array;
  readonly c: Float64Array;
  readonly inverseShape: Float64Array;
}

/**
 * The sampler of Dirichlet(concentration · mean) (mean may hold several vectors side by side: each
 * draw names its slice).
 *
 * @example
 * dirichletSampler([0.5, 0.3, 0.2], 200).d.length; // 3
 */
export function dirichletSampler(mean: ArrayLike<number>, concentration: number): DirichletSampler {
  const n = mean.length;
  const s: DirichletSampler = { mean: Float64Array.from(mean), d: new Float64Array(n), c: new Float64Array(n), inverseShape: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    if (!(mean[i] > 0)) continue;
    const shape = concentration * mean[i];
    s.d[i] = loopD(shape);
    s.c[i] = 1 / Math.sqrt(9 * s.d[i]);
    s.inverseShape[i] = shape < 1 ? 1 / shape : 0;
  }
  return s;
}

/**
 * Draw shares from the sampler's Dirichlet into `into[from … from + n)`: each share is a gamma
 * draw over their sum, so the draws average the mean and a share s has standard deviation
 * √(s(1 − s)/(concentration + 1)). A zero mean stays exactly zero (no draw). The shares sum to 1
 * up to rounding. Without shocks the mean itself is written.
 *
 * @example
 * drawDirichlet(dirichletSampler([0.5, 0.3, 0.2], 200), 0, 3, rng, true, out); // out ≈ [0.5, 0.3, 0.2], sums to 1
 */
export function drawDirichlet(s: DirichletSampler, from: number, n: number, rng: RandomStream, shocks: boolean, into: Float64Array): void {
  const mean = s.mean;
  let sum = 0;
  for (let i = from; i < from + n; i++) {
    const m = mean[i];
    let g = m;
    if (m <= 0) g = 0;
    else if (shocks) {
      g = marsagliaTsang(s.d[i], s.c[i], rng);
      if (s.inverseShape[i] > 0) g *= boost(s.inverseShape[i], rng);
    }
    into[i] = g;
    sum += g;
  }
  if (sum <= 0) return;
  for (let i = from; i < from + n; i++) into[i] /= sum;
}

/**
 * Draw shares from a Dirichlet(concentration · mean) into `into[from … from + n)` (drawDirichlet
 * with a sampler built for the call; a model builds its sampler once).
 *
 * @example
 * const out = new Float64Array(3);
 * dirichletInto([0.5, 0.3, 0.2], 0, 3, 200, rng, true, out); // out ≈ [0.5, 0.3, 0.2], sums to 1
 */
export function dirichletInto(mean: ArrayLike<number>, from: number, n: number, concentration: number, rng: RandomStream, shocks: boolean, into: Float64Array): void {
  drawDirichlet(dirichletSampler(mean, concentration), from, n, rng, shocks, into);
}
