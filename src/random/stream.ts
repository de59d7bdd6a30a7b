/**
 * A small, fast, seedable random stream: xoshiro128** seeded through splitmix32.
 *
 * Why our own: the Monte Carlo kernel draws ~10 numbers per path-year, so the generator sits on
 * the hot path; an inline 32-bit generator is measurably faster than a generic library one
 * (../shared/design/stack-notes.md) and keeps every path's numbers a pure function of
 * (run seed, path index, block id). That is what makes results independent of the number of
 * workers and of the chunk size.
 *
 * @example
 * const s = new RandomStream(7, 0, 0);
 * s.uniform(); // a number in [0, 1), the same every time for (7, 0, 0)
 */
export class RandomStream {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private mirrored = false;

  constructor(seed: number, pathIndex: number, blockId: number, mirrored = false) {
    this.reseed(seed, pathIndex, blockId, mirrored);
  }

  /**
   * Re-seed in place (avoids an allocation per path in the kernel). `mirrored` makes the stream the
   * antithetic twin of the unmirrored one: every uniform u becomes 1 − u and every normal z
   * becomes −z (the same raw draws underneath).
   */
  reseed(seed: number, pathIndex: number, blockId: number, mirrored = false): void {
    this.mirrored = mirrored;
    // Mix the three integers into one 32-bit state word, then expand with splitmix32.
    // pathIndex can exceed 2^32 in principle; fold its high part in separately.
    const hi = Math.floor(pathIndex / 4294967296) >>> 0;
    let x = mix32((seed >>> 0) ^ 0x9e3779b9);
    x = mix32(x ^ (pathIndex >>> 0));
    x = mix32(x ^ hi ^ 0x85ebca6b);
    x = mix32(x ^ Math.imul(blockId + 1, 0xc2b2ae35));
    this.s0 = x = splitmix32(x);
    this.s1 = x = splitmix32(x);
    this.s2 = x = splitmix32(x);
    this.s3 = splitmix32(x);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 32 bits of resolution; on (0, 1] when mirrored. */
  uniform(): number {
    const u = this.nextUint32() / 4294967296;
    return this.mirrored ? 1 - u : u;
  }

  /**
   * Standard normal by the ziggurat method (Marsaglia and Tsang 2000, 128 layers): one 32-bit
   * draw and one multiply for about 99 % of normals; the polar method took two uniforms, a log and
   * a square root per pair. The layer comes from the low 7 bits and the position in it from the
   * other 25 (no bit serves both, the known flaw of the original RNOR). Mirrored, the stream
   * returns −z for the same raw draws, so antithetic pairs stay exact negatives.
   */
  normal(): number {
    const u = this.nextUint32();
    const layer = u & 127;
    const j = (u | 0) >> 7; // signed 25-bit position in the layer
    const z = (j < 0 ? -j : j) < ZIGGURAT_K[layer] ? j * ZIGGURAT_W[layer] : this.normalSlow(j, layer);
    return this.mirrored ? -z : z;
  }

  /** The ziggurat's rare branches: the base layer's tail and the wedges (about 1 % of draws). */
  private normalSlow(j: number, layer: number): number {
    for (;;) {
      const x = j * ZIGGURAT_W[layer];
      if (layer === 0) {
        // Tail beyond R (Marsaglia 1964): exponential proposals, accepted when 2y ≥ x².
        let tx = 0;
        let ty = 0;
        do {
          tx = -Math.log(this.rawOpenUniform()) / ZIGGURAT_R;
          ty = -Math.log(this.rawOpenUniform());
        } while (ty + ty < tx * tx);
        return j > 0 ? ZIGGURAT_R + tx : -ZIGGURAT_R - tx;
      }
      if (ZIGGURAT_F[layer] + this.rawOpenUniform() * (ZIGGURAT_F[layer - 1] - ZIGGURAT_F[layer]) < Math.exp(-0.5 * x * x)) return x;
      const u = this.nextUint32();
      layer = u & 127;
      j = (u | 0) >> 7;
      if ((j < 0 ? -j : j) < ZIGGURAT_K[layer]) return j * ZIGGURAT_W[layer];
    }
  }

  /** Uniform on (0, 1), never mirrored (the ziggurat mirrors its result instead). */
  private rawOpenUniform(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }
}

/**
 * Ziggurat tables for 128 layers of equal area V under the standard normal density
 * f(x) = exp(−x²/2) (unnormalised), R the base layer's right edge (Marsaglia and Tsang 2000,
 * the constants of their RNOR): W[i] scales a 25-bit position to x, K[i] is the position below
 * which a point lies inside the layer's rectangle for sure, F[i] = f(x_i).
 */
const ZIGGURAT_R = 3.442619855899;
const ZIGGURAT_V = 9.91256303526217e-3;
const ZIGGURAT_SCALE = 2 ** 24;
const ZIGGURAT_K = new Float64Array(128);
const ZIGGURAT_W = new Float64Array(128);
const ZIGGURAT_F = new Float64Array(128);
{
  let d = ZIGGURAT_R;
  let t = d;
  const q = ZIGGURAT_V / Math.exp(-0.5 * d * d);
  ZIGGURAT_K[0] = (d / q) * ZIGGURAT_SCALE;
  ZIGGURAT_K[1] = 0;
  ZIGGURAT_W[0] = q / ZIGGURAT_SCALE;
  ZIGGURAT_W[127] = d / ZIGGURAT_SCALE;
  ZIGGURAT_F[0] = 1;
  ZIGGURAT_F[127] = Math.exp(-0.5 * d * d);
  for (let i = 126; i >= 1; i--) {
    d = Math.sqrt(-2 * Math.log(ZIGGURAT_V / d + Math.exp(-0.5 * d * d)));
    ZIGGURAT_K[i + 1] = (d / t) * ZIGGURAT_SCALE;
    t = d;
    ZIGGURAT_F[i] = Math.exp(-0.5 * d * d);
    ZIGGURAT_W[i] = d / ZIGGURAT_SCALE;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
