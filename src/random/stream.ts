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
  private spareNormal = 0;
  private hasSpare = false;
  private mirrored = false;

  constructor(seed: number, pathIndex: number, blockId: number, mirrored = false) {
    this.reseed(seed, pathIndex, blockId, mirrored);
  }

  /**
   * Re-seed in place (avoids an allocation per path in the kernel). `mirrored` makes the stream the
   * antithetic twin of the unmirrored one: every uniform u becomes 1 − u, and so (by the polar
   * method's symmetry) every normal z becomes −z.
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
    this.hasSpare = false;
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

  /** Standard normal by the Marsaglia polar method (pairs cached). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    this.hasSpare = true;
    return u * f;
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
