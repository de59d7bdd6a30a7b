import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChunkFailedError, createChunkPool } from '../src/workers/pool.js';
import { root } from './helpers.js';

type Task = { index: number; mode: 'throw' | 'die' | 'ok' };
const worker = pathToFileURL(path.join(root, 'test', 'fixtures', 'faultyWorker.ts'));

async function runWith(mode: Task['mode']) {
  const pool = createChunkPool<Task, number>(worker, 2, (t) => `task ${t.index}`);
  const results: number[] = [];
  try {
    const tasks = Array.from({ length: 6 }, (_, index) => ({ index, mode }));
    await pool.runAll(tasks, (r) => results.push(r));
    return { results };
  } catch (error) {
    return { results, error };
  } finally {
    await pool.destroy();
  }
}

describe('worker pool', () => {
  it('runs every task and hands back every result', async () => {
    const { results, error } = await runWith('ok');
    expect(error).toBeUndefined();
    expect([...results].sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('fails the run with an error naming the chunk when a worker throws', async () => {
    const { error } = await runWith('throw');
    expect(error).toBeInstanceOf(ChunkFailedError);
    expect((error as ChunkFailedError).taskIndex).toBe(2);
    expect((error as Error).message).toBe('worker failed on chunk 2 (task 2): model blew up on purpose');
  });

  it('fails the run, never hangs, when a worker thread dies', async () => {
    const { error } = await runWith('die');
    expect(error).toBeInstanceOf(ChunkFailedError);
    expect((error as Error).message).toMatch(/^worker failed on chunk 2 \(task 2\): /);
  });

  it('hands each result buffer back to a worker as a real, transferred spare', async () => {
    // With 2 threads, 3 tasks are in flight; every later task is launched right after a result
    // was handed back, so it must receive that buffer (not a clone of a wrapper, not nothing).
    const pool = createChunkPool<{ index: number }, ArrayBuffer>(pathToFileURL(path.join(root, 'test', 'fixtures', 'recyclingWorker.ts')), 2, (t) => `task ${t.index}`);
    const received = new Map<number, number>();
    const results: ArrayBuffer[] = [];
    try {
      await pool.runAll(
        Array.from({ length: 8 }, (_, index) => ({ index })),
        (buffer) => {
          const [index, usedSpare] = new Float64Array(buffer);
          received.set(index, usedSpare);
          results.push(buffer);
        },
      );
    } finally {
      await pool.destroy();
    }
    expect([...received.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([0, 1, 2].map((i) => received.get(i))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6, 7].map((i) => received.get(i))).toEqual([1, 1, 1, 1, 1]);
    // Transferred, not copied: the five buffers handed on are detached here (a structured-clone
    // copy would arrive as a real buffer too, and cost the very memory recycling saves).
    expect(results.filter((b) => b.byteLength === 0)).toHaveLength(5);
  });

  it('stops promptly when aborted', async () => {
    const pool = createChunkPool<Task, number>(worker, 2, (t) => `task ${t.index}`);
    const controller = new AbortController();
    try {
      const tasks = Array.from({ length: 50 }, (_, index) => ({ index: index + 10, mode: 'ok' as const }));
      const run = pool.runAll(tasks, () => controller.abort(new Error('enough')), controller.signal);
      await expect(run).rejects.toThrow('enough');
    } finally {
      await pool.destroy();
    }
  });
});
