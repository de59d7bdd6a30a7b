import { BLOCK_PATHS, ChunkAccumulator, type ChunkSummary } from '../stats/summary.js';
import { cellBinning, PathStreams, pathBufferLength, simulatePath } from './kernel.js';
import type { ModelParams } from './params.js';

let blockScratch: Float64Array | undefined;

/** Paths simulated before they are copied into the block together (8 doubles: one cache line). */
const TILE_PATHS = 8;

/** A unit of work: paths [startPath, endPath) of a run. startPath is a multiple of BLOCK_PATHS. */
export interface ChunkTask {
  readonly params: ModelParams;
  readonly seed: number;
  readonly startPath: number;
  readonly endPath: number;
  /**
   * Names `params` for a worker that has seen them before (unique in the process that sends
   * them): a worker keeps the first copy it received and uses it for every later chunk with the
   * same key, so the caches keyed by the parameters' identity (the generated series writer, the
   * series list, the allocation scratch) are built once per run and thread, not once per chunk.
   */
  readonly paramsKey?: string;
}

/**
 * Simulate a chunk of paths and summarise them. Used in-process and inside pool workers alike.
 * `spare`: a recycled result buffer to write the summary into (see ChunkAccumulator.result).
 *
 * @example
 * simulateChunk({ params, seed: 7, startPath: 0, endPath: 2048 }).blockCount; // 2
 */
export function simulateChunk(task: ChunkTask, spare?: ArrayBuffer): ChunkSummary {
  const { params, seed, startPath, endPath } = task;
  if (startPath % BLOCK_PATHS !== 0) throw new Error(`chunk start ${startPath} is not a multiple of ${BLOCK_PATHS}`);
  const firstBlock = startPath / BLOCK_PATHS;
  const blockCount = Math.ceil((endPath - startPath) / BLOCK_PATHS);
  const cells = pathBufferLength(params);
  const acc = new ChunkAccumulator(cells, firstBlock, blockCount, undefined, cellBinning(params));
  const streams = new PathStreams();
  const tile = Array.from({ length: TILE_PATHS }, () => new Float64Array(cells));
  // One block of paths, cell-major (cell c of path i at c·BLOCK_PATHS + i), summarised at once.
  // Reused across chunks in this thread: a fresh multi-megabyte buffer per chunk fragments memory.
  if (!blockScratch || blockScratch.length !== cells * BLOCK_PATHS) blockScratch = new Float64Array(cells * BLOCK_PATHS);
  const block = blockScratch;
  for (let first = startPath; first < endPath; first += BLOCK_PATHS) {
    const count = Math.min(BLOCK_PATHS, endPath - first);
    for (let i = 0; i < count; i += TILE_PATHS) {
      const m = Math.min(TILE_PATHS, count - i);
      for (let j = 0; j < m; j++) simulatePath(params, seed, first + i + j, streams, tile[j]);
      // Into the block a tile at a time: each cell's m values fill one cache line, where a path at
      // a time touched a line (and a page, 8 KB apart) per cell and path.
      if (m === TILE_PATHS) {
        // A full tile, written out (the tile's rows held in locals, not looked up per value).
        const [t0, t1, t2, t3, t4, t5, t6, t7] = tile;
        for (let c = 0, at = i; c < cells; c++, at += BLOCK_PATHS) {
          block[at] = t0[c];
          block[at + 1] = t1[c];
          block[at + 2] = t2[c];
          block[at + 3] = t3[c];
          block[at + 4] = t4[c];
          block[at + 5] = t5[c];
          block[at + 6] = t6[c];
          block[at + 7] = t7[c];
        }
      } else {
        for (let c = 0; c < cells; c++) {
          const at = c * BLOCK_PATHS + i;
          for (let j = 0; j < m; j++) block[at + j] = tile[j][c];
        }
      }
    }
    acc.addBlock(first / BLOCK_PATHS, block, BLOCK_PATHS, count);
  }
  return acc.result(spare);
}

/**
 * The raw values of paths [startPath, endPath), path-major (path i's cells at i·cells): what a
 * shard keeps of a block it holds only part of, so that the merge can summarise the whole block
 * exactly as a single run does (its moments depend on every path of the block, in order).
 *
 * @example
 * simulatePathValues(params, 7, 1000, 1030).length; // 30 × pathBufferLength(params)
 */
export function simulatePathValues(params: ModelParams, seed: number, startPath: number, endPath: number): Float64Array {
  const cells = pathBufferLength(params);
  const out = new Float64Array((endPath - startPath) * cells);
  const streams = new PathStreams();
  for (let p = startPath; p < endPath; p++) simulatePath(params, seed, p, streams, out.subarray((p - startPath) * cells, (p - startPath + 1) * cells));
  return out;
}
