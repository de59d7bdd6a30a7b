import { describe, expect, it } from 'vitest';
import { errorFunction } from 'simple-statistics';
import { RandomStream } from '../src/random/stream.js';
import { gammaDraw } from '../src/random/dirichlet.js';

/** Standard normal CDF Φ(x) = (1 + erf(x/√2)) / 2. */
const phi = (x: number) => 0.5 * (1 + errorFunction(x / Math.SQRT2));

/** Draw n normals from one stream. */
function normals(n: number, seed = 11, mirrored = false): Float64Array {
  const rng = new RandomStream(seed, 0, 0, mirrored);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

describe('the ziggurat normal generator', () => {
  const n = 400_000;
  const z = normals(n);

  it('has the moments of a standard normal (within 5 standard errors at 400 000 draws)', () => {
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (const x of z) {
      s1 += x;
      s2 += x * x;
      s3 += x * x * x;
      s4 += x * x * x * x;
    }
    // Standard errors of the sample moments of N(0,1): √(1/n), √(2/n), √(15/n), √(96/n).
    expect(Math.abs(s1 / n)).toBeLessThan(5 * Math.sqrt(1 / n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(s3 / n)).toBeLessThan(5 * Math.sqrt(15 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('matches Φ everywhere (Kolmogorov–Smirnov distance under its 0.1 % critical value)', () => {
    const sorted = Float64Array.from(z).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = phi(sorted[i]);
      d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    }
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
  });

  it('puts the right mass in the wedges and in the tail beyond the base layer (R = 3.4426)', () => {
    const tail = (c: number) => z.reduce((k, x) => k + (Math.abs(x) > c ? 1 : 0), 0) / n;
    for (const c of [1, 2, 3, 3.5]) {
      const p = 2 * (1 - phi(c));
      expect(Math.abs(tail(c) - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
    // Both tails are reached, beyond the ziggurat's base layer.
    expect(z.some((x) => x > 3.6)).toBe(true);
    expect(z.some((x) => x < -3.6)).toBe(true);
  });

  it('mirrored, returns exactly the negatives of the same stream, wedges and tail included', () => {
    const m = normals(n, 11, true);
    for (let i = 0; i < n; i++) if (m[i] !== -z[i]) throw new Error(`draw ${i}: ${m[i]} is not −${z[i]}`);
  });

  it('is a pure function of (seed, path, block)', () => {
    expect(Array.from(normals(50, 3))).toEqual(Array.from(normals(50, 3)));
    expect(Array.from(normals(50, 3))).not.toEqual(Array.from(normals(50, 4)));
  });
});

describe('gamma draws (Marsaglia–Tsang on the ziggurat normal)', () => {
  it('have mean k and variance k for shapes below and above 1, and 2·Gamma(ν/2) is a chi-square', () => {
    const rng = new RandomStream(5, 0, 8);
    const n = 200_000;
    for (const k of [0.4, 2, 7.5]) {
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const g = gammaDraw(k, rng);
        s1 += g;
        s2 += g * g;
      }
      const mean = s1 / n;
      const variance = s2 / n - mean * mean;
      expect(Math.abs(mean - k)).toBeLessThan(5 * Math.sqrt(k / n));
      // Var of the sample variance of a Gamma(k): (μ4 − σ⁴)/n with μ4 = 3k² + 6k.
      expect(Math.abs(variance - k)).toBeLessThan(5 * Math.sqrt((3 * k * k + 6 * k - k * k) / n));
    }
    // P(χ²_4 ≤ 4) = 1 − 3e^{−2} ≈ 0.5940 (closed form for 4 degrees of freedom).
    let below = 0;
    for (let i = 0; i < n; i++) if (2 * gammaDraw(2, rng) <= 4) below++;
    const p = 1 - 3 * Math.exp(-2);
    expect(Math.abs(below / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });
});
