/**
 * Worker entry for the Piscina pool. The contract: a chunk task in, one ArrayBuffer out (the
 * packed chunk summary, transferred rather than copied; rebuild it with chunkSummaryFromBuffer).
 * The worker holds no state between tasks; everything it needs travels in the task.
 */
import { Piscina } from 'piscina';
import { simulateChunk, type ChunkTask } from '../engine/simulateChunk.js';

export default function runChunk(task: ChunkTask): ArrayBuffer {
  // Piscina.move marks the buffer for transfer; its declared type is opaque.
  return Piscina.move(simulateChunk(task).buffer) as ArrayBuffer;
}
