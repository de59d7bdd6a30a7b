import { BLOCK_PATHS, ChunkAccumulator, type ChunkSummary } from '../stats/summary.js';
import { PathStreams, pathBufferLength, simulatePath } from './kernel.js';
import type { ModelParams } from './params.js';

/** A unit of work: paths [startPath, endPath) of a run. startPath is a multiple of BLOCK_PATHS. */
export interface ChunkTask {
  readonly params: ModelParams;
  readonly seed: number;
  readonly startPath: number;
  readonly endPath: number;
}

/**
 * Simulate a chunk of paths and summarise them. Used in-process and inside pool workers alike.
 *
 * @example
 * simulateChunk({ params, seed: 7, startPath: 0, endPath: 2048 }).blockCount; // 2
 */
export function simulateChunk(task: ChunkTask): ChunkSummary {
  const { params, seed, startPath, endPath } = task;
  if (startPath % BLOCK_PATHS !== 0) throw new Error(`chunk start ${startPath} is not a multiple of ${BLOCK_PATHS}`);
  const firstBlock = startPath / BLOCK_PATHS;
  const blockCount = Math.ceil((endPath - startPath) / BLOCK_PATHS);
  const cells = pathBufferLength(params);
  const acc = new ChunkAccumulator(cells, firstBlock, blockCount);
  const streams = new PathStreams();
  const buffer = new Float64Array(cells);
  for (let path = startPath; path < endPath; path++) {
    simulatePath(params, seed, path, streams, buffer);
    acc.add(Math.floor(path / BLOCK_PATHS), buffer);
  }
  return acc.result();
}
