/**
 * Worker entry for the Piscina pool, beside the engine it runs (the pool in src/workers/ only
 * receives its URL and knows no economics). The contract (see pool.ts): an envelope { task, spare } in,
 * where `spare` may be a result buffer handed back for reuse; one ArrayBuffer out (the packed
 * chunk summary, transferred rather than copied; rebuild it with chunkSummaryFromBuffer). The
 * worker holds no state between tasks beyond scratch memory.
 */
import { Piscina } from 'piscina';
import { simulateChunk, type ChunkTask } from './simulateChunk.js';
import type { TaskEnvelope } from '../workers/pool.js';
import type { ModelParams } from './params.js';
import { keptParams } from './paramsKey.js';

/** The parameters of the run this thread last worked for (see ChunkTask.paramsKey). */
const keep = keptParams<ModelParams>();

export default function runChunk({ task, spare }: TaskEnvelope<ChunkTask>): ArrayBuffer {
  const params = keep(task.paramsKey, task.params);
  // Piscina.move marks the buffer for transfer; its declared type is opaque.
  return Piscina.move(simulateChunk(params === task.params ? task : { ...task, params }, spare).buffer) as ArrayBuffer;
}
