import { quantilesAt, type Quantiles } from './quantileLevels.js';
import { binOf, countInto, DEFAULT_LAYOUT, quantileFromCounts, valueAtRank, type LogHistogramLayout } from './logHistogram.js';

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
  /** The one buffer every array below is a view of: what a worker transfers (never copies). */
  readonly buffer: ArrayBuffer;
  readonly firstBlock: number;
  readonly blockCount: number;
  /** Paths in each block (the last block of a run may be short). */
  readonly blockPaths: Uint32Array;
  /** [block][cell][mean, M2] flattened. */
  readonly blockMoments: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /**
   * The histogram, sparse: cell c's non-empty bins are bins[cellStart[c] … cellStart[c+1]) with
   * their counts in binCounts. Values cluster, so this is a small fraction of the dense grid.
   */
  readonly cellStart: Uint32Array;
  readonly bins: Uint32Array;
  readonly binCounts: Uint32Array;
  /** Paths in blocks with non-finite values (a model defect if ever non-zero). */
  readonly nonFinitePaths: number;
}

/** Bytes of a chunk summary's buffer: a 5-number header, the f64 sections, then the u32 ones. */
export function summaryByteLength(cells: number, blockCount: number, nonEmptyBins: number): number {
  return 8 * (5 + blockCount * cells * 2 + 2 * cells) + 4 * (blockCount + cells + 1 + 2 * nonEmptyBins);
}

/** Views of a chunk summary buffer: header [firstBlock, blockCount, nonFinitePaths, cells, nonEmptyBins]. */
function summaryViews(buffer: ArrayBuffer, cells: number, blockCount: number, nonEmptyBins: number) {
  let offset = 0;
  const f64 = (length: number) => {
    const view = new Float64Array(buffer, offset, length);
    offset += 8 * length;
    return view;
  };
  const u32 = (length: number) => {
    const view = new Uint32Array(buffer, offset, length);
    offset += 4 * length;
    return view;
  };
  const header = f64(5);
  const blockMoments = f64(blockCount * cells * 2);
  const min = f64(cells);
  const max = f64(cells);
  const blockPaths = u32(blockCount);
  const cellStart = u32(cells + 1);
  const bins = u32(nonEmptyBins);
  const binCounts = u32(nonEmptyBins);
  return { buffer, header, blockMoments, min, max, blockPaths, cellStart, bins, binCounts };
}

/**
 * How a cell is binned (one flag per cell, the same for a run's chunk and run accumulators):
 * `value` bins x; `complement` bins 1 − x (shares that crowd against 1, where a relative accuracy
 * on x would blur the last percent); `indicator` marks a cell whose every value is 0 or 1 (a
 * regime indicator, a question's answer): its two bins are counted from the block's sum, with no
 * per-value binning. The counts, and so every quantile, are those the value binning would give.
 */
export const BINNING = { value: 0, complement: 1, indicator: 2 } as const;

/**
 * One dense histogram per thread, lent to the chunk being accumulated and returned, all zeros,
 * when its result is encoded: a fresh multi-megabyte grid per chunk fragments the allocator and
 * makes RSS grow with the number of chunks. Only the bins a chunk touched are zeroed again (see
 * ChunkAccumulator.touchedBins): the grid is mostly empty, and a full fill costs as much as a scan.
 */
let spareCounts: Uint32Array | undefined;
function borrowCounts(length: number): Uint32Array {
  const c = spareCounts && spareCounts.length === length ? spareCounts : new Uint32Array(length);
  spareCounts = undefined;
  return c;
}

/**
 * The block moments of the chunk being accumulated, lent like the grid: about 1 MB per chunk of
 * 64 blocks, which allocated and freed chunk after chunk in a worker let glibc's adaptive mmap
 * threshold keep ever more of it in the heap (RSS grew with the number of chunks).
 */
let spareMoments: Float64Array | undefined;
function borrowMoments(length: number): { readonly whole: Float64Array; readonly view: Float64Array } {
  const whole = spareMoments && spareMoments.length >= length ? spareMoments : new Float64Array(length);
  spareMoments = undefined;
  return { whole, view: whole.subarray(0, length).fill(0) };
}

/**
 * Rebuild a chunk summary from its buffer (what a worker sends back). The worker contract: a
 * task in, one transferable ArrayBuffer out.
 *
 * @example
 * chunkSummaryFromBuffer(accumulator.result().buffer).blockCount; // as accumulated
 */
export function chunkSummaryFromBuffer(buffer: ArrayBuffer): ChunkSummary {
  const head = new Float64Array(buffer, 0, 5);
  const [firstBlock, blockCount, nonFinitePaths, cells, nonEmptyBins] = head;
  if (buffer.byteLength < summaryByteLength(cells, blockCount, nonEmptyBins)) throw new Error('internal: malformed chunk summary buffer');
  const v = summaryViews(buffer, cells, blockCount, nonEmptyBins);
  return { buffer, firstBlock, blockCount, blockPaths: v.blockPaths, blockMoments: v.blockMoments, min: v.min, max: v.max, cellStart: v.cellStart, bins: v.bins, binCounts: v.binCounts, nonFinitePaths };
}

/** Accumulates one chunk; the simulation feeds it one block of paths at a time. */
export class ChunkAccumulator {
  private readonly cells: number;
  private readonly L: LogHistogramLayout;
  readonly firstBlock: number;
  readonly blockCount: number;
  private readonly blockPaths: Uint32Array;
  private readonly blockMoments: Float64Array;
  /** The lent array blockMoments is a view of (given back by result()). */
  private readonly momentsScratch: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly counts: Uint32Array;
  private nonFinitePaths = 0;
  private encoded: ChunkSummary | undefined;
  private readonly binning: Uint8Array | undefined;
  /** Cells that saw a non-finite value (NaN lands in the zero bin, outside its [min, max] bins). */
  private readonly wide: Uint8Array;

  /**
   * `binning[c]` says how cell c is binned (BINNING; all `value` when omitted).
   */
  constructor(cells: number, firstBlock: number, blockCount: number, layout: LogHistogramLayout = DEFAULT_LAYOUT, binning?: Uint8Array) {
    this.cells = cells;
    this.L = layout;
    this.binning = binning;
    this.wide = new Uint8Array(cells);
    this.firstBlock = firstBlock;
    this.blockCount = blockCount;
    this.blockPaths = new Uint32Array(blockCount);
    const moments = borrowMoments(blockCount * cells * 2);
    this.blockMoments = moments.view;
    this.momentsScratch = moments.whole;
    this.min = new Float64Array(cells).fill(Number.POSITIVE_INFINITY);
    this.max = new Float64Array(cells).fill(Number.NEGATIVE_INFINITY);
    this.counts = borrowCounts(cells * layout.binCount);
  }

  /**
   * Add a whole block: `values` holds `count` paths cell-major (values[c·stride + i] is cell c of
   * the block's i-th path, in path order). Folding one cell at a time keeps its accumulators in
   * registers and its histogram increments in a small, cache-hot region.
   */
  addBlock(block: number, values: Float64Array, stride: number, count: number): void {
    const bi = block - this.firstBlock;
    if (this.blockPaths[bi] !== 0) throw new Error(`internal: block ${block} added twice`);
    this.blockPaths[bi] = count;
    const base = bi * this.cells * 2;
    const L = this.L;
    const counts = this.counts;
    const moments = this.blockMoments;
    let nonFinite = 0;
    const zeroBin = L.perSign;
    const oneBin = binOf(L, 1);
    for (let c = 0; c < this.cells; c++) {
      const row = c * stride;
      // Sums of (x − shift) and its square, shift = the block's first value: no division on the
      // hot path, and accurate because values within a block sit near their shift.
      const shift = values[row];
      let s1 = 0;
      let s2 = 0;
      let lo = this.min[c];
      let hi = this.max[c];
      const binBase = c * L.binCount;
      const kind = this.binning === undefined ? BINNING.value : this.binning[c];
      if (kind === BINNING.indicator) {
        let ones = 0;
        let i = 0;
        for (; i < count; i++) {
          const x = values[row + i];
          if (x === 1) ones++;
          else if (x !== 0) break;
        }
        if (i === count) {
          // Every d = x − shift is −1, 0 or 1: the sums are small integers, exactly those the
          // general loop below adds up, so the moments are the same bits.
          s1 = shift === 0 ? ones : ones - count;
          s2 = shift === 0 ? ones : count - ones;
          counts[binBase + zeroBin] += count - ones;
          counts[binBase + oneBin] += ones;
          // min and max as the general loop leaves them: over the zeros and the ones present.
          const least = ones < count ? 0 : 1;
          const most = ones > 0 ? 1 : 0;
          if (least < lo) lo = least;
          if (most > hi) hi = most;
          this.min[c] = lo;
          this.max[c] = hi;
          moments[base + 2 * c] = shift + s1 / count;
          moments[base + 2 * c + 1] = Math.max(0, s2 - (s1 * s1) / count);
          continue;
        }
        // A value other than 0 or 1 (a defect in whatever declared the cell): bin it as any other.
      }
      for (let i = 0; i < count; i++) {
        const x = values[row + i];
        const d = x - shift;
        s1 += d;
        s2 += d * d;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      // The histogram in a second pass over the same (cache-hot) values: two simple loops run
      // faster than one that does both.
      countInto(L, values, row, count, kind === BINNING.complement, counts, binBase);
      if (!Number.isFinite(s1) || !Number.isFinite(s2)) {
        nonFinite = count;
        this.wide[c] = 1;
      }
      this.min[c] = lo;
      this.max[c] = hi;
      moments[base + 2 * c] = shift + s1 / count;
      moments[base + 2 * c + 1] = Math.max(0, s2 - (s1 * s1) / count);
    }
    // Non-finite values poison a cell's sums; the run fails on any, so counting the block is enough.
    this.nonFinitePaths += nonFinite;
  }

  /**
   * Fold in the summary of a smaller chunk lying inside this one's blocks (what a pool worker sent
   * back): its counts, min and max, and its blocks' moments copied into their places. A shard of
   * a run is one chunk assembled this way, so it carries per-block moments, never a fold of them.
   */
  addSummary(chunk: ChunkSummary): void {
    const start = chunk.firstBlock - this.firstBlock;
    if (start < 0 || start + chunk.blockCount > this.blockCount) throw new Error(`internal: blocks ${chunk.firstBlock}–${chunk.firstBlock + chunk.blockCount - 1} lie outside this chunk`);
    for (let b = 0; b < chunk.blockCount; b++) {
      if (this.blockPaths[start + b] !== 0) throw new Error(`internal: block ${chunk.firstBlock + b} added twice`);
      this.blockPaths[start + b] = chunk.blockPaths[b];
    }
    this.blockMoments.set(chunk.blockMoments, start * this.cells * 2);
    const B = this.L.binCount;
    for (let c = 0; c < this.cells; c++) {
      for (let k = chunk.cellStart[c]; k < chunk.cellStart[c + 1]; k++) this.counts[c * B + chunk.bins[k]] += chunk.binCounts[k];
      if (chunk.min[c] < this.min[c]) this.min[c] = chunk.min[c];
      if (chunk.max[c] > this.max[c]) this.max[c] = chunk.max[c];
    }
    this.nonFinitePaths += chunk.nonFinitePaths;
    if (chunk.nonFinitePaths > 0) this.wide.fill(1);
  }

  /**
   * The bins cell c can have counts in, [first, last]: those of its min and max (binOf is
   * monotone in its argument, and the argument is x or 1 − x), or the whole row after a
   * non-finite value. Scanning and clearing only these keeps a chunk's cost independent of the
   * size of the dense grid.
   */
  private touchedBins(c: number): [number, number] {
    const L = this.L;
    if (this.wide[c] === 1) return [0, L.binCount - 1];
    const lo = this.min[c];
    const hi = this.max[c];
    if (!(lo <= hi)) return [1, 0]; // no values
    return this.binning !== undefined && this.binning[c] === BINNING.complement ? [binOf(L, 1 - hi), binOf(L, 1 - lo)] : [binOf(L, lo), binOf(L, hi)];
  }

  /**
   * Encode the chunk into one transferable buffer (histogram sparse) and give back the dense grid.
   * `spare` (a recycled result buffer) is written into when it is large enough; new buffers get a
   * quarter of headroom so that they can be recycled for later chunks.
   */
  result(spare?: ArrayBuffer): ChunkSummary {
    if (this.encoded) return this.encoded;
    const B = this.L.binCount;
    const counts = this.counts;
    const touched = new Uint32Array(2 * this.cells);
    let nonEmpty = 0;
    for (let c = 0; c < this.cells; c++) {
      const [first, last] = this.touchedBins(c);
      touched[2 * c] = c * B + first;
      touched[2 * c + 1] = c * B + last + 1;
      for (let i = touched[2 * c]; i < touched[2 * c + 1]; i++) if (counts[i] !== 0) nonEmpty++;
    }
    const needed = summaryByteLength(this.cells, this.blockCount, nonEmpty);
    const buffer = spare && spare.byteLength >= needed ? spare : new ArrayBuffer(8 * Math.ceil((needed * 1.25) / 8));
    const v = summaryViews(buffer, this.cells, this.blockCount, nonEmpty);
    v.header.set([this.firstBlock, this.blockCount, this.nonFinitePaths, this.cells, nonEmpty]);
    v.blockMoments.set(this.blockMoments);
    v.min.set(this.min);
    v.max.set(this.max);
    v.blockPaths.set(this.blockPaths);
    let k = 0;
    for (let c = 0; c < this.cells; c++) {
      v.cellStart[c] = k;
      for (let i = touched[2 * c]; i < touched[2 * c + 1]; i++) {
        const n = counts[i];
        if (n !== 0) {
          v.bins[k] = i - c * B;
          v.binCounts[k++] = n;
          // Zero only what was written: a fill of the whole [first, last] range would commit
          // every page between a cell's extremes, so the grid's resident memory would grow as
          // the tails reach further with more paths.
          counts[i] = 0;
        }
      }
    }
    v.cellStart[this.cells] = k;
    spareCounts = counts;
    spareMoments = this.momentsScratch;
    this.encoded = chunkSummaryFromBuffer(v.buffer);
    return this.encoded;
  }
}

/** A chunk's block moments waiting for their turn in block order (copied out of its buffer). */
type PendingMoments = Pick<ChunkSummary, 'firstBlock' | 'blockCount' | 'blockPaths' | 'blockMoments'>;

/** Statistics of one cell (a series in a year) over all paths. */
export type CellStats = {
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
} & Quantiles<number>;

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
  private readonly pending = new Map<number, PendingMoments>();
  private readonly sparePaths: Uint32Array[] = [];
  private readonly spareMoments: Float64Array[] = [];
  /** Sums of the means of full blocks and of their squares, per cell (batch-means error estimates). */
  private readonly blockMeanSum: Float64Array;
  private readonly blockMeanSumSq: Float64Array;
  private fullBlocks = 0;
  nonFinitePaths = 0;
  private readonly binning: Uint8Array | undefined;

  /**
   * `binning`: how the chunks binned each cell (BINNING, the same flags the chunks used). A cell
   * binned as 1 − x has its quantiles read from the complement's histogram, so a share near 1
   * keeps the relative accuracy on its distance from 1 (0.9800 vs 0.9750 stays apart).
   */
  constructor(cells: number, layout: LogHistogramLayout = DEFAULT_LAYOUT, binning?: Uint8Array) {
    this.cells = cells;
    this.L = layout;
    this.binning = binning;
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
    const B = this.L.binCount;
    for (let c = 0; c < this.cells; c++) {
      for (let k = chunk.cellStart[c]; k < chunk.cellStart[c + 1]; k++) this.counts[c * B + chunk.bins[k]] += chunk.binCounts[k];
    }
    for (let c = 0; c < this.cells; c++) {
      if (chunk.min[c] < this.min[c]) this.min[c] = chunk.min[c];
      if (chunk.max[c] > this.max[c]) this.max[c] = chunk.max[c];
    }
    this.nonFinitePaths += chunk.nonFinitePaths;
    if (chunk.firstBlock === this.nextBlock) {
      this.foldMoments(chunk);
      this.nextBlock += chunk.blockCount;
    } else {
      // Early: keep copies, not views (once add() returns the chunk's buffer may be reused), in
      // arrays recycled from earlier copies so that waiting chunks make no garbage.
      const paths = this.spare(this.sparePaths, chunk.blockPaths.length, (n) => new Uint32Array(n)) as Uint32Array;
      const moments = this.spare(this.spareMoments, chunk.blockMoments.length, (n) => new Float64Array(n)) as Float64Array;
      paths.set(chunk.blockPaths);
      moments.set(chunk.blockMoments);
      this.pending.set(chunk.firstBlock, { firstBlock: chunk.firstBlock, blockCount: chunk.blockCount, blockPaths: paths, blockMoments: moments });
    }
    for (let next = this.pending.get(this.nextBlock); next; next = this.pending.get(this.nextBlock)) {
      this.pending.delete(this.nextBlock);
      this.foldMoments(next);
      this.nextBlock += next.blockCount;
      this.sparePaths.push(next.blockPaths);
      this.spareMoments.push(next.blockMoments);
    }
  }

  private foldMoments(chunk: PendingMoments): void {
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

  private spare(list: Array<Uint32Array | Float64Array>, length: number, make: (n: number) => Uint32Array | Float64Array): Uint32Array | Float64Array {
    const i = list.findIndex((a) => a.length === length);
    return i >= 0 ? list.splice(i, 1)[0] : make(length);
  }

  /** True when every block up to the last seen has been folded. */
  get complete(): boolean {
    return this.pending.size === 0;
  }

  /** The q-quantile of cell c (from the histogram, clamped to [min, max]). */
  quantile(c: number, q: number): number {
    const n = this.paths;
    const kind = this.binning === undefined ? BINNING.value : this.binning[c];
    if (kind === BINNING.indicator && n > 0) {
      // A 0/1 cell: the value of a rank is 0 below the number of zeros, 1 from there (exactly;
      // the representative of 1's bin is 0.995). Unless the cell was fed anything else.
      const L = this.L;
      const zeros = this.counts[c * L.binCount + L.perSign];
      if (zeros + this.counts[c * L.binCount + binOf(L, 1)] === n) return Math.floor(q * (n - 1)) < zeros ? 0 : 1;
    }
    // Every value lies in [min, max] (a run with a non-finite value fails), so every bin below the
    // least value's is empty: the scan starts there, not at the most negative bin.
    const finite = this.nonFinitePaths === 0;
    if (kind !== BINNING.complement || n === 0) return quantileFromCounts(this.L, this.counts, c * this.L.binCount, n, q, this.min[c], this.max[c], finite && n > 0 ? binOf(this.L, this.min[c]) : 0);
    // Rank r of x ascending is rank n − 1 − r of 1 − x ascending.
    const rank = Math.floor(q * (n - 1));
    const y = valueAtRank(this.L, this.counts, c * this.L.binCount, n - 1 - rank, 1 - this.max[c], 1 - this.min[c], finite ? binOf(this.L, 1 - this.max[c]) : 0);
    // Clamp again: 1 − (1 − x) need not round back to x (a constant cell must return its value).
    return Math.min(this.max[c], Math.max(this.min[c], 1 - y));
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
    const q = (p: number) => this.quantile(c, p);
    // Clamp: rounding in the fold can put the mean of a constant cell a hair outside [min, max].
    const mean = Math.min(max, Math.max(min, this.mean[c]));
    return {
      mean,
      sd: n > 1 ? Math.sqrt(Math.max(0, this.m2[c]) / (n - 1)) : 0,
      min,
      max,
      ...quantilesAt(q),
    };
  }
}
