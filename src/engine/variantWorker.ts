/**
 * Worker entry for variant tasks (engine/variants.ts), beside the engine it runs, as
 * chunkWorker.ts is for runs: a TaskEnvelope in, one transferable ArrayBuffer out (a spare buffer
 * handed back by the pool is not used: variant results vary in size).
 */
import { Piscina } from 'piscina';
import { runVariantTask, type VariantTask } from './variants.js';
import type { TaskEnvelope } from '../workers/pool.js';

export default function runVariant({ task }: TaskEnvelope<VariantTask>): ArrayBuffer {
  // Piscina.move marks the buffer for transfer; its declared type is opaque.
  return Piscina.move(runVariantTask(task)) as ArrayBuffer;
}
