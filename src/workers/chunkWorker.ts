/**
 * Worker entry for the Piscina pool. The contract (see pool.ts): an envelope { task, spare } in,
 * where `spare` may be a result buffer handed back for reuse; one ArrayBuffer out (the packed
 * chunk summary, transferred rather than copied; rebuild it with chunkSummaryFromBuffer). The
 * worker holds no state between tasks beyond scratch memory.
 */
import { Piscina } from 'piscina';
import { simulateChunk, type ChunkTask } from '../engine/simulateChunk.js';
import type { TaskEnvelope } from './pool.js';

export default function runChunk({ task, spare }: TaskEnvelope<ChunkTask>): ArrayBuffer {
  // Piscina.move marks the buffer for transfer; its declared type is opaque.
  return Piscina.move(simulateChunk(task, spare).buffer) as ArrayBuffer;
}
