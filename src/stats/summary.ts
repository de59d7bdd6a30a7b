import { binOf, DEFAULT_LAYOUT, quantileFromCounts, type LogHistogramLayout } from './logHistogram.js';

/**
 * Paths per summary block. Moments are computed per block and folded in block order, and blocks
 * do not depend on how paths are split into chunks: so the report is the same for any number of
 * workers and any chunk size (which must be a multiple of this).
 */
export const BLOCK_PATHS = 1024;

/**
 * What one chunk of paths sends back: per block, each cell's mean and M2 (cells = series × years);
 * over the chunk, each cell's min, max and histogram counts (integers: exact under any merge order).
 */
export interface ChunkSummary {
  readonly firstBlock: number;
  readonly blockCount: number;
  /** Paths in each block (the last block of a run may be short). */
  readonly blockPaths: Uint32Array;
  /** [block][cell][mean, M2] flattened. */
  readonly blockMoments: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** [cell][bin] flattened. */
  readonly counts: Uint32Array;
  /** Paths whose values were not all finite (a model defect if ever non-zero). */
  readonly nonFinitePaths: number;
}

/** Accumulates one chunk; the kernel feeds it path buffers. */
export class ChunkAccumulator {
  private readonly cells: number;
  private readonly L: LogHistogramLayout;
  readonly firstBlock: number;
  readonly blockCount: number;
  private readonly blockPaths: Uint32Array;
  private readonly blockMoments: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly counts: Uint32Array;
  private nonFinitePaths = 0;
  private shift: Float64Array;
  private readonly shifts: Float64Array;
  private closed = false;

  constructor(cells: number, firstBlock: number, blockCount: number, layout: LogHistogramLayout = DEFAULT_LAYOUT) {
    this.cells = cells;
    this.L = layout;
    this.firstBlock = firstBlock;
    this.blockCount = blockCount;
    this.blockPaths = new Uint32Array(blockCount);
    this.blockMoments = new Float64Array(blockCount * cells * 2);
    this.min = new Float64Array(cells).fill(Number.POSITIVE_INFINITY);
    this.max = new Float64Array(cells).fill(Number.NEGATIVE_INFINITY);
    this.counts = new Uint32Array(cells * layout.binCount);
    this.shifts = new Float64Array(blockCount * cells);
    this.shift = this.shifts.subarray(0, cells);
  }

  /** Add one path's values (length = cells) to block `block` (absolute block index). */
  add(block: number, values: Float64Array): void {
    const bi = block - this.firstBlock;
    const n = ++this.blockPaths[bi];
    const base = bi * this.cells * 2;
    const L = this.L;
    const moments = this.blockMoments;
    let finite = true;
    if (n === 1) {
      this.shift = this.shifts.subarray(bi * this.cells, (bi + 1) * this.cells);
      this.shift.set(values);
    }
    for (let c = 0; c < this.cells; c++) {
      const x = values[c];
      if (!Number.isFinite(x)) finite = false;
      // Sums of (x − shift) and its square, shift = the block's first value: no division on the
      // hot path, and accurate because values within a block sit near their shift.
      const d = x - this.shift[c];
      moments[base + 2 * c] += d;
      moments[base + 2 * c + 1] += d * d;
      if (x < this.min[c]) this.min[c] = x;
      if (x > this.max[c]) this.max[c] = x;
      this.counts[c * L.binCount + binOf(L, x)]++;
    }
    if (!finite) this.nonFinitePaths++;
  }

  /** Turn a block's shifted sums into (mean, M2), once the chunk is complete. */
  private closeBlockWithShift(bi: number): void {
    const shift = this.shifts.subarray(bi * this.cells, (bi + 1) * this.cells);
    const n = this.blockPaths[bi];
    if (n === 0) return;
    const base = bi * this.cells * 2;
    const moments = this.blockMoments;
    for (let c = 0; c < this.cells; c++) {
      const s1 = moments[base + 2 * c];
      const s2 = moments[base + 2 * c + 1];
      moments[base + 2 * c] = shift[c] + s1 / n;
      moments[base + 2 * c + 1] = Math.max(0, s2 - (s1 * s1) / n);
    }
  }

  result(): ChunkSummary {
    if (!this.closed) {
      // Blocks are filled in path order, so each block's shift was set by its first path; close
      // them all now (a block's sums are complete once the chunk is done).
      this.closed = true;
      for (let bi = 0; bi < this.blockCount; bi++) this.closeBlockWithShift(bi);
    }
    return {
      firstBlock: this.firstBlock,
      blockCount: this.blockCount,
      blockPaths: this.blockPaths,
      blockMoments: this.blockMoments,
      min: this.min,
      max: this.max,
      counts: this.counts,
      nonFinitePaths: this.nonFinitePaths,
    };
  }
}

/** Statistics of one cell (a series in a year) over all paths. */
export interface CellStats {
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly p05: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
}

export const QUANTILES = [
  ['p05', 0.05],
  ['p10', 0.1],
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
] as const;

/**
 * Folds chunk summaries into run totals. Counts, min and max merge on arrival (order-free);
 * block moments are folded strictly in block order (Chan et al.'s parallel update), buffering
 * blocks that arrive early. Memory: one histogram plus the moments of chunks still in flight.
 */
export class RunAccumulator {
  private readonly cells: number;
  private readonly L: LogHistogramLayout;
  private readonly counts: Uint32Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private paths = 0;
  private nextBlock = 0;
  private readonly pending = new Map<number, ChunkSummary>();
  /** Sums of the means of full blocks and of their squares, per cell (batch-means error estimates). */
  private readonly blockMeanSum: Float64Array;
  private readonly blockMeanSumSq: Float64Array;
  private fullBlocks = 0;
  nonFinitePaths = 0;

  constructor(cells: number, layout: LogHistogramLayout = DEFAULT_LAYOUT) {
    this.cells = cells;
    this.L = layout;
    this.counts = new Uint32Array(cells * layout.binCount);
    this.min = new Float64Array(cells).fill(Number.POSITIVE_INFINITY);
    this.max = new Float64Array(cells).fill(Number.NEGATIVE_INFINITY);
    this.mean = new Float64Array(cells);
    this.m2 = new Float64Array(cells);
    this.blockMeanSum = new Float64Array(cells);
    this.blockMeanSumSq = new Float64Array(cells);
  }

  /** Number of paths whose moments have been folded in. */
  get pathCount(): number {
    return this.paths;
  }

  add(chunk: ChunkSummary): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += chunk.counts[i];
    for (let c = 0; c < this.cells; c++) {
      if (chunk.min[c] < this.min[c]) this.min[c] = chunk.min[c];
      if (chunk.max[c] > this.max[c]) this.max[c] = chunk.max[c];
    }
    this.nonFinitePaths += chunk.nonFinitePaths;
    this.pending.set(chunk.firstBlock, chunk);
    for (let next = this.pending.get(this.nextBlock); next; next = this.pending.get(this.nextBlock)) {
      this.pending.delete(this.nextBlock);
      this.foldMoments(next);
      this.nextBlock += next.blockCount;
    }
  }

  private foldMoments(chunk: ChunkSummary): void {
    for (let b = 0; b < chunk.blockCount; b++) {
      const nb = chunk.blockPaths[b];
      if (nb === 0) continue;
      const na = this.paths;
      const n = na + nb;
      const base = b * this.cells * 2;
      const full = nb === BLOCK_PATHS;
      if (full) this.fullBlocks++;
      for (let c = 0; c < this.cells; c++) {
        const mb = chunk.blockMoments[base + 2 * c];
        if (full) {
          this.blockMeanSum[c] += mb;
          this.blockMeanSumSq[c] += mb * mb;
        }
        const delta = mb - this.mean[c];
        this.mean[c] += (delta * nb) / n;
        this.m2[c] += chunk.blockMoments[base + 2 * c + 1] + (delta * delta * na * nb) / n;
      }
      this.paths = n;
    }
  }

  /** True when every block up to the last seen has been folded. */
  get complete(): boolean {
    return this.pending.size === 0;
  }

  /** The q-quantile of cell c (from the histogram, clamped to [min, max]). */
  quantile(c: number, q: number): number {
    return quantileFromCounts(this.L, this.counts, c * this.L.binCount, this.paths, q, this.min[c], this.max[c]);
  }

  /**
   * Standard error of the mean of cell c by batch means: the spread of the means of full
   * 1024-path blocks. Valid whatever the dependence between paths inside a block (antithetic
   * pairs); undefined with fewer than two full blocks.
   */
  batchMeansStandardError(c: number): number | undefined {
    const B = this.fullBlocks;
    if (B < 2) return undefined;
    const m = this.blockMeanSum[c] / B;
    const variance = Math.max(0, (this.blockMeanSumSq[c] - B * m * m) / (B - 1));
    return Math.sqrt(variance / B);
  }

  cell(c: number): CellStats {
    const n = this.paths;
    const min = this.min[c];
    const max = this.max[c];
    const q = (p: number) => quantileFromCounts(this.L, this.counts, c * this.L.binCount, n, p, min, max);
    // Clamp: rounding in the fold can put the mean of a constant cell a hair outside [min, max].
    const mean = Math.min(max, Math.max(min, this.mean[c]));
    return {
      mean,
      sd: n > 1 ? Math.sqrt(Math.max(0, this.m2[c]) / (n - 1)) : 0,
      min,
      max,
      p05: q(0.05),
      p10: q(0.1),
      p50: q(0.5),
      p90: q(0.9),
      p95: q(0.95),
    };
  }
}
