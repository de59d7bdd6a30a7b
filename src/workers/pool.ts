import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';

/**
 * A pool of worker threads that runs tasks and hands results back in submission order windows.
 * It knows nothing of the model: tasks and results are opaque to it.
 */
export interface ChunkPool<Task, Result> {
  /**
   * Run every task with at most `maxInFlight` outstanding; call `onResult` as each completes
   * (in completion order). Rejects with the first task failure, naming the task index, and
   * stops submitting more. `signal` aborts the pending tasks. Workers receive each task in a
   * TaskEnvelope; an ArrayBuffer result must not be kept by `onResult` (it is recycled).
   */
  runAll(tasks: readonly Task[], onResult: (result: Result, index: number) => void, signal?: AbortSignal): Promise<void>;
  readonly threads: number;
  destroy(): Promise<void>;
}

/**
 * What a worker receives: the task, and possibly a spare buffer — a result buffer the pool got
 * back earlier and hands on for reuse (transferred). A worker may write its result into it or
 * ignore it. Recycling keeps memory flat: transferred buffers that the main thread merely drops
 * are collected lazily, so without it RSS grows with the number of chunks.
 */
export interface TaskEnvelope<Task> {
  readonly task: Task;
  readonly spare?: ArrayBuffer;
}

/** Default thread count: the cores Node says are available. */
export function defaultThreadCount(): number {
  return availableParallelism();
}

/**
 * How to start the worker module at `worker` (a file: URL). A compiled `.js` module starts as it
 * is; when only its TypeScript source exists beside it (vitest and tsx run from `src/`), the `.ts`
 * file starts with tsx registered in the worker (stack-notes.md).
 */
function workerLocation(worker: URL): { filename: string; execArgv: string[] } {
  const given = fileURLToPath(worker);
  const source = given.replace(/\.js$/, '.ts');
  const filename = existsSync(given) || !existsSync(source) ? given : source;
  if (!filename.endsWith('.ts')) return { filename, execArgv: [] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { filename, execArgv: ['--import', tsx] };
}

/** Error raised when a task fails in a worker; names the task. */
export class ChunkFailedError extends Error {
  readonly taskIndex: number;
  constructor(taskIndex: number, description: string, cause: unknown) {
    super(`worker failed on chunk ${taskIndex} (${description}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ChunkFailedError';
    this.taskIndex = taskIndex;
    this.cause = cause;
  }
}

/**
 * Create a pool over the worker module at `worker` (a file: URL; its default export takes a
 * TaskEnvelope and returns the result).
 *
 * @example
 * const pool = createChunkPool<ChunkTask, ArrayBuffer>(new URL('./chunkWorker.js', import.meta.url), 2, t => `paths ${t.startPath}–${t.endPath}`);
 */
export function createChunkPool<Task, Result>(
  worker: URL,
  threads: number,
  describe: (task: Task) => string,
  options: { readonly recycleResults?: boolean } = {},
): ChunkPool<Task, Result> {
  // Off for workers that cannot use a spare (results of varying size): it would only be sent and dropped.
  const recycleResults = options.recycleResults ?? true;
  const { filename, execArgv } = workerLocation(worker);
  // Result buffers handed back after onResult, for the next tasks to write into.
  const spares: ArrayBuffer[] = [];
  const piscina = new Piscina({ filename, execArgv, minThreads: threads, maxThreads: threads, idleTimeout: 1000, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  let poolError: unknown;
  // A worker that cannot load (or dies outside a task) emits 'error'; without a listener the
  // process would crash. Record it so the run fails with it.
  piscina.on('error', (e: unknown) => {
    poolError = e;
  });

  return {
    threads,
    async runAll(tasks, onResult, signal) {
      // One task queued behind each busy thread keeps them fed; more would only hold results in memory.
      const maxInFlight = threads + 1;
      let next = 0;
      let failed: unknown;
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        await new Promise<void>((resolve, reject) => {
          let inFlight = 0;
          const launch = (): void => {
            if (failed) return;
            if (signal?.aborted) {
              failed = signal.reason ?? new Error('aborted');
              controller.abort(failed);
              reject(failed);
              return;
            }
            while (inFlight < maxInFlight && next < tasks.length) {
              const index = next++;
              inFlight++;
              const spare = spares.pop();
              // The spare goes in the transfer list: Piscina.move only marks a task's top-level
              // value, so a moved buffer nested in the envelope arrived as an empty clone.
              const envelope: TaskEnvelope<Task> = spare ? { task: tasks[index], spare } : { task: tasks[index] };
              piscina
                .run(envelope, { signal: controller.signal, transferList: spare ? [spare] : undefined })
                .then((result: Result) => {
                  inFlight--;
                  if (failed) return;
                  try {
                    onResult(result, index);
                  } catch (e) {
                    failed = e;
                    controller.abort(e);
                    reject(e);
                    return;
                  }
                  // onResult is done with it: an ArrayBuffer result goes round again.
                  if (recycleResults && result instanceof ArrayBuffer && result.byteLength > 0 && spares.length < maxInFlight) spares.push(result);
                  if (next >= tasks.length && inFlight === 0) resolve();
                  else launch();
                })
                .catch((e: unknown) => {
                  inFlight--;
                  if (failed) return;
                  failed = signal?.aborted ? (signal.reason ?? e) : new ChunkFailedError(index, describe(tasks[index]), poolError ?? e);
                  controller.abort(failed);
                  reject(failed);
                });
            }
            if (tasks.length === 0) resolve();
          };
          launch();
        });
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    async destroy() {
      await piscina.destroy();
    },
  };
}
