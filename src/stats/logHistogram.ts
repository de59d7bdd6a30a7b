/**
 * A fixed log-binned histogram layout (the idea of DDSketch with a dense, fixed store): bin k
 * holds magnitudes in (γ^{k−1}, γ^k] with γ = (1+α)/(1−α), so the representative 2γ^k/(γ+1) is
 * within a relative error α of every value in the bin. Counts are integers, so merging is exact
 * and order-free; memory is fixed whatever the number of paths.
 *
 * Magnitudes below `minMagnitude` fall into a zero bin (absolute error ≤ minMagnitude); above
 * `maxMagnitude` into the outermost bin (accuracy not guaranteed there; no series comes close).
 */
export interface LogHistogramLayout {
  readonly relativeAccuracy: number;
  /** Upper edges γ^k of the bins k = kMin … kMax (bin k holds magnitudes in (γ^{k−1}, γ^k]). */
  readonly upperEdges: Float64Array;
  /**
   * For each (binary exponent, top 8 mantissa bits) of a magnitude: the lowest bin k − kMin that
   * the magnitude can fall in. A 1/256 mantissa slice is narrower than a bin, so the bin is that
   * one or the next: one comparison with an edge decides.
   */
  readonly sliceBin: Int32Array;
  readonly minExponent: number;
  readonly maxExponent: number;
  readonly minMagnitude: number;
  readonly maxMagnitude: number;
  readonly gamma: number;
  readonly invLogGamma: number;
  readonly kMin: number;
  readonly kMax: number;
  /** Bins per sign. */
  readonly perSign: number;
  /** Total bins: negatives (most negative first), zero, positives. */
  readonly binCount: number;
}

/**
 * Build a layout.
 *
 * @example
 * const L = logHistogramLayout(0.005, 1e-6, 1e6);
 * L.binCount; // 5529
 */
export function logHistogramLayout(relativeAccuracy: number, minMagnitude: number, maxMagnitude: number): LogHistogramLayout {
  const gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
  const invLogGamma = 1 / Math.log(gamma);
  const kMin = Math.ceil(Math.log(minMagnitude) * invLogGamma);
  const kMax = Math.ceil(Math.log(maxMagnitude) * invLogGamma);
  const perSign = kMax - kMin + 1;
  const upperEdges = new Float64Array(perSign);
  for (let k = kMin; k <= kMax; k++) upperEdges[k - kMin] = Math.pow(gamma, k);
  if (Math.log(2) / 256 >= Math.log(gamma)) throw new RangeError('relative accuracy too fine for 8-bit mantissa slices');
  const minExponent = Math.floor(Math.log2(minMagnitude));
  const maxExponent = Math.ceil(Math.log2(maxMagnitude));
  const sliceBin = new Int32Array((maxExponent - minExponent + 1) * 256);
  // Slices come in increasing order of their lower ends, so the search for each resumes where
  // the last one stopped (one pass over the edges, not one per slice: module loading pays this).
  let k = 0;
  for (let e = minExponent; e <= maxExponent; e++) {
    for (let m = 0; m < 256; m++) {
      const lower = Math.pow(2, e) * (1 + m / 256);
      // Lowest bin whose upper edge reaches the slice's lower end (a value equal to `lower` belongs to it).
      while (k < perSign - 1 && upperEdges[k] < lower) k++;
      sliceBin[(e - minExponent) * 256 + m] = k;
    }
  }
  return { relativeAccuracy, minMagnitude, maxMagnitude, gamma, invLogGamma, kMin, kMax, perSign, binCount: 2 * perSign + 1, upperEdges, sliceBin, minExponent, maxExponent };
}

// Scratch for reading a double's bits (exponent and top mantissa bits) without Math.log.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word at index 1

/** The layout every summary uses: 0.5 % relative accuracy for magnitudes 1e−6 … 1e6. */
export const DEFAULT_LAYOUT: LogHistogramLayout = logHistogramLayout(0.005, 1e-6, 1e6);

/**
 * Bin of a value.
 *
 * @example
 * binOf(DEFAULT_LAYOUT, 0); // DEFAULT_LAYOUT.perSign (the zero bin)
 */
export function binOf(L: LogHistogramLayout, x: number): number {
  const a = Math.abs(x);
  if (!(a >= L.minMagnitude)) return L.perSign; // also catches NaN: counted as zero, flagged by min/max
  let k: number; // bin index from kMin, 0 … perSign − 1
  if (a >= L.maxMagnitude) k = L.perSign - 1;
  else {
    f64[0] = a;
    const hi = u32[HIGH];
    const e = (hi >>> 20) - 1023;
    k = L.sliceBin[(e - L.minExponent) * 256 + ((hi >>> 12) & 0xff)];
    if (a > L.upperEdges[k]) k++;
  }
  return x > 0 ? L.perSign + 1 + k : L.perSign - 1 - k;
}

/**
 * Count a run of values into a histogram row: counts[offset + binOf(L, x)] += 1 for each x of
 * values[from … from + count), or for 1 − x when `complement`. The same bins as binOf, with the
 * layout's fields read once per run instead of once per value (the summaries' innermost loop).
 *
 * @example
 * countInto(DEFAULT_LAYOUT, Float64Array.of(0, 100), 0, 2, false, counts, 0); // counts[binOf(L, 0)] and counts[binOf(L, 100)] + 1
 */
export function countInto(L: LogHistogramLayout, values: Float64Array, from: number, count: number, complement: boolean, counts: Uint32Array, offset: number): void {
  const minMagnitude = L.minMagnitude;
  const maxMagnitude = L.maxMagnitude;
  const sliceBin = L.sliceBin;
  const edges = L.upperEdges;
  const zero = offset + L.perSign;
  const top = L.perSign - 1;
  // (hi >>> 12) is the biased exponent and the top 8 mantissa bits of a positive double: minus
  // this, the index of its slice (as binOf computes it from the exponent and the bits apart).
  const sliceBase = (1023 + L.minExponent) * 256;
  for (let i = from; i < from + count; i++) {
    const x = complement ? 1 - values[i] : values[i];
    const a = Math.abs(x);
    if (!(a >= minMagnitude)) {
      counts[zero]++;
      continue;
    }
    let k = top;
    if (a < maxMagnitude) {
      f64[0] = a;
      k = sliceBin[(u32[HIGH] >>> 12) - sliceBase];
      if (a > edges[k]) k++;
    }
    counts[x > 0 ? zero + 1 + k : zero - 1 - k]++;
  }
}

/**
 * Representative value of a bin (inverse of binOf, within the relative accuracy).
 *
 * @example
 * binValue(DEFAULT_LAYOUT, binOf(DEFAULT_LAYOUT, 100)); // within 0.5 % of 100
 */
export function binValue(L: LogHistogramLayout, bin: number): number {
  if (bin === L.perSign) return 0;
  const positive = bin > L.perSign;
  const k = positive ? bin - L.perSign - 1 : L.perSign - 1 - bin;
  const v = (2 * L.upperEdges[k]) / (L.gamma + 1);
  return positive ? v : -v;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of the counts in `counts[offset … offset + binCount)`, taking the
 * value of rank ⌊q·(n−1)⌋ (0-based), as in the "lower" method; clamped to [min, max] so that
 * a constant sample returns its value exactly. `firstBin`: a bin below which every count is
 * zero (the scan starts there; the result is the same).
 *
 * @example
 * quantileFromCounts(L, counts, 0, 1000, 0.5, min, max);
 */
export function quantileFromCounts(L: LogHistogramLayout, counts: Uint32Array, offset: number, total: number, q: number, min: number, max: number, firstBin = 0): number {
  if (total === 0) return Number.NaN;
  return valueAtRank(L, counts, offset, Math.floor(q * (total - 1)), min, max, firstBin);
}

/**
 * The value of 0-based rank `rank` in the counts at `offset` (its bin's representative), clamped
 * to [min, max]. The scan starts at `firstBin`, below which every count must be zero.
 *
 * @example
 * valueAtRank(L, counts, 0, 0, min, max); // the smallest value, within the relative accuracy
 */
export function valueAtRank(L: LogHistogramLayout, counts: Uint32Array, offset: number, rank: number, min: number, max: number, firstBin = 0): number {
  let cumulative = 0;
  for (let b = firstBin; b < L.binCount; b++) {
    cumulative += counts[offset + b];
    if (cumulative > rank) return Math.min(max, Math.max(min, binValue(L, b)));
  }
  return max;
}
