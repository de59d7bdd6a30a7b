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

/** The parameters of the run this thread last worked for (see ChunkTask.paramsKey). */
let known: { readonly key: string; readonly params: ModelParams } | undefined;

export default function runChunk({ task, spare }: TaskEnvelope<ChunkTask>): ArrayBuffer {
  let chunk = task;
  if (task.paramsKey !== undefined) {
    if (known?.key === task.paramsKey) chunk = { ...task, params: known.params };
    else known = { key: task.paramsKey, params: task.params };
  }
  // Piscina.move marks the buffer for transfer; its declared type is opaque.
  return Piscina.move(simulateChunk(chunk, spare).buffer) as ArrayBuffer;
}
