/**
 * Worker entry for the Piscina pool. The contract: receive a chunk task, return its summary.
 * The worker holds no state between tasks; everything it needs travels in the task.
 */
import { simulateChunk, type ChunkTask } from '../engine/simulateChunk.js';
import type { ChunkSummary } from '../stats/summary.js';

export default function runChunk(task: ChunkTask): ChunkSummary {
  return simulateChunk(task);
}
