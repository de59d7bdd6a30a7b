/**
 * Worker entry for variant tasks (engine/variants.ts), beside the engine it runs, as
 * chunkWorker.ts is for runs: a TaskEnvelope in, one transferable ArrayBuffer out (its pool sends
 * no spare buffer: variant results vary in size).
 */
import { Piscina } from 'piscina';
import { runVariantTask, type VariantTask } from './variants.js';
import type { TaskEnvelope } from '../workers/pool.js';
import type { ModelParams } from './params.js';
import { keptParams } from './paramsKey.js';

/** The parameters this thread last worked with, by key (see ChunkTask.paramsKey). */
const keep = keptParams<readonly ModelParams[]>();

/** The task with the parameters this thread already holds under its key (the same objects, so the same caches). */
function interned(task: VariantTask): VariantTask {
  if (task.kind === 'values') return { ...task, params: keep(task.paramsKey, task.params) };
  const [reference, scenario] = keep(task.paramsKey, [task.reference, task.scenario]);
  return { ...task, reference, scenario };
}

export default function runVariant({ task }: TaskEnvelope<VariantTask>): ArrayBuffer {
  // Piscina.move marks the buffer for transfer; its declared type is opaque.
  return Piscina.move(runVariantTask(interned(task))) as ArrayBuffer;
}
