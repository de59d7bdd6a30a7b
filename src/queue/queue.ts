/**
 * Batches on a job queue: BullMQ on Redis. A submitter splits every scenario of a batch into path
 * ranges (shards, engine/shard.ts), one job each; workers on any number of machines take jobs,
 * simulate their shard on the machine's own worker pool and store the shard file's bytes in
 * Redis; the submitter merges each scenario's shards into its report and writes the batch folder
 * as `eastward batch` does (batch/batch.ts: report folders, manifests, index, comparison).
 *
 * Failure handling is BullMQ's: a worker holds a lock on its job and renews it while it works;
 * a worker that dies stops renewing, and once the lock has expired another worker's stalled-job
 * check puts the job back in the queue, where any worker takes it again. A job that throws is
 * retried (JOB_ATTEMPTS); a job that cannot succeed anywhere (another engine version or data, an
 * invalid scenario) fails at once with its reason, and the scenario is reported failed.
 *
 * Jobs are named by what they compute (scenario, runs, seed, engine, data, range), so submitting
 * the same batch again reuses the shards already made, and results never mix across runs.
 */
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { runFingerprint, type BatchEngine, type BatchRun } from '../batch/batch.js';
import { rangeText, simulateShard, type PathRange } from '../engine/shard.js';
import { decodeShard, encodeShard } from '../engine/shardFile.js';
import { sha256 } from '../io/fingerprint.js';
import { historyFingerprint, loadHistory } from '../data/history.js';
import { engineVersion } from '../paths.js';
import { mergeShardReport, openWorkerPool, type WorkerPool } from '../report/run.js';
import type { Scenario } from '../scenario/types.js';
import { BLOCK_PATHS } from '../stats/summary.js';
import { DEFAULT_LOCK_MS, DEFAULT_QUEUE, DEFAULT_SHARD_PATHS, JOB_ATTEMPTS, MAX_STALLS, RedisUnreachableError, SHARD_TTL_SECONDS } from './settings.js';

export { DEFAULT_LOCK_MS, DEFAULT_QUEUE, DEFAULT_SHARD_PATHS, JOB_ATTEMPTS, MAX_STALLS, RedisUnreachableError, SHARD_TTL_SECONDS, redisUrlProblem } from './settings.js';

/** What a job carries: everything a worker needs, and what it must agree with. */
export interface ShardJobData {
  readonly scenario: Scenario;
  readonly runs: number;
  readonly seed: number;
  readonly paths: PathRange;
  /** The submitter's engine version and data fingerprint: a worker on others refuses the job. */
  readonly engineVersion: string;
  readonly dataFingerprint: string;
  /** Redis key the worker stores the shard file's bytes under. */
  readonly resultKey: string;
}

/** What a finished job returns. */
export interface ShardJobResult {
  readonly resultKey: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** ioredis options for BullMQ's connections: requests wait for a reconnect rather than fail (BullMQ requires it of workers). */
function connection(url: string) {
  return { url, maxRetriesPerRequest: null };
}

/**
 * A connection to the Redis at `url`, after a probe that fails at once when it cannot be reached
 * (a wrong URL or host is found before any work, not after a silent wait: ioredis retries for
 * ever). The connection returned reconnects after a drop, as BullMQ's own do.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  probe.on('error', () => {}); // reported through connect()'s rejection
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new RedisUnreachableError(`cannot connect to Redis at ${url} (${(e as Error).message})`);
  } finally {
    probe.disconnect();
  }
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', () => {}); // a dropped connection is retried; a request waits for it
  return client;
}


/**
 * The ranges a run is cut into: `shardPaths` rounded up to whole blocks, so that no shard holds a
 * block in part (a shard then carries no raw path values).
 *
 * @example
 * shardRanges(5000, 2048); // [{ start: 0, end: 2048 }, { start: 2048, end: 4096 }, { start: 4096, end: 5000 }]
 */
export function shardRanges(runs: number, shardPaths: number): PathRange[] {
  const size = Math.max(BLOCK_PATHS, Math.ceil(shardPaths / BLOCK_PATHS) * BLOCK_PATHS);
  const out: PathRange[] = [];
  for (let start = 0; start < runs; start += size) out.push({ start, end: Math.min(runs, start + size) });
  return out;
}

/** The job id of a shard: what it computes, so that the same shard is never made twice. */
function shardJobId(run: BatchRun, range: PathRange, dataFingerprint: string): string {
  // Without table years: they shape the report's tables, not the simulation.
  const key = sha256(runFingerprint(run.scenario, { runs: run.runs, seed: run.seed }, dataFingerprint)).slice(0, 32);
  return `shard-${key}-${range.start}-${range.end}`;
}

/** Options of the submitting side. */
export interface QueueEngineOptions {
  readonly redis: string;
  readonly queue?: string;
  readonly shardPaths?: number;
  readonly signal?: AbortSignal;
  /** One line per submitted run and per merged scenario, for a terminal. */
  readonly onEvent?: (message: string) => void;
  readonly onWarning?: (message: string) => void;
}

/** Reject when `signal` aborts (a wait for a job must not outlive Ctrl-C). */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('interrupted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * The BatchEngine of a queue: `start` submits every run's shards as jobs, `report` waits for one
 * run's jobs, fetches its shards and merges them (checked as `eastward merge` checks files).
 */
export async function queueEngine(options: QueueEngineOptions): Promise<BatchEngine> {
  const name = options.queue ?? DEFAULT_QUEUE;
  const store = await connectRedis(options.redis);
  const queue = new Queue<ShardJobData, ShardJobResult>(name, { connection: connection(options.redis) });
  const events = new QueueEvents(name, { connection: connection(options.redis) });
  await events.waitUntilReady();
  const dataFingerprint = historyFingerprint(loadHistory());
  const jobs = new Map<BatchRun, Array<{ range: PathRange; job: Job<ShardJobData, ShardJobResult> }>>();

  const submit = async (run: BatchRun, range: PathRange) => {
    const jobId = shardJobId(run, range, dataFingerprint);
    const data: ShardJobData = { scenario: run.scenario, runs: run.runs, seed: run.seed, paths: range, engineVersion, dataFingerprint, resultKey: `eastward:shard:${name}:${jobId}` };
    const job = await queue.add('shard', data, { jobId, attempts: JOB_ATTEMPTS, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: { age: SHARD_TTL_SECONDS }, removeOnFail: { age: SHARD_TTL_SECONDS } });
    // The same shard failed in an earlier submission: try it again rather than report the old failure.
    if ((await job.getState()) === 'failed') await job.retry('failed');
    return job;
  };

  return {
    async start(runs) {
      let count = 0;
      for (const run of runs) {
        const list = [];
        for (const range of shardRanges(run.runs, options.shardPaths ?? DEFAULT_SHARD_PATHS)) list.push({ range, job: await submit(run, range) });
        jobs.set(run, list);
        count += list.length;
      }
      options.onEvent?.(`submitted ${count} job${count === 1 ? '' : 's'} for ${runs.length} scenario${runs.length === 1 ? '' : 's'} to queue ${JSON.stringify(name)} at ${options.redis}`);
    },
    async report(run) {
      const list = jobs.get(run) ?? [];
      const shards = [];
      for (const entry of list) {
        const label = `${run.file} paths ${rangeText(entry.range)} (job ${entry.job.id})`;
        let bytes: Buffer | null = null;
        for (let attempt = 0; bytes === null; attempt++) {
          const result = await abortable(entry.job.waitUntilFinished(events), options.signal);
          bytes = await store.getBuffer(result.resultKey);
          if (bytes !== null) break;
          // The job is done but its shard has expired from Redis (an old submission): make it again, once.
          if (attempt > 0) throw new Error(`${label}: the worker's shard is missing from Redis`);
          await entry.job.remove();
          entry.job = await submit(run, entry.range);
        }
        shards.push({ label, shard: decodeShard(bytes, label) });
      }
      return mergeShardReport(shards, { onWarning: options.onWarning });
    },
    async close() {
      await Promise.allSettled([queue.close(), events.close()]);
      store.disconnect();
    },
  };
}

/** Options of a worker process. */
export interface QueueWorkerOptions {
  readonly redis: string;
  readonly queue?: string;
  /** Threads of this machine's pool (default: the cores available; 0: in the worker's own thread). */
  readonly threads?: number;
  /** Jobs at once (default 1: one job already uses every thread of the pool). */
  readonly concurrency?: number;
  /** How long a job's lock lasts unless renewed (ms); a dead worker's job is taken again after about this long. */
  readonly lockDurationMs?: number;
  /**
   * Stop once the queue has had nothing waiting, delayed or active for this long (ms), for a
   * Kubernetes Job: long enough for a submitter started at the same time to have submitted.
   */
  readonly exitWhenIdleMs?: number;
  /** Stops the worker: it finishes the job in hand, then closes. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (message: string) => void;
}

/** The job's data, checked: it comes from whoever can write to the queue. */
function checkJobData(data: unknown): ShardJobData {
  const d = data as Partial<ShardJobData> | null;
  const ok =
    d !== null && typeof d === 'object' && typeof d.scenario === 'object' && d.scenario !== null && Number.isSafeInteger(d.runs) && Number.isSafeInteger(d.seed) &&
    typeof d.paths === 'object' && d.paths !== null && Number.isSafeInteger(d.paths.start) && Number.isSafeInteger(d.paths.end) &&
    typeof d.engineVersion === 'string' && typeof d.dataFingerprint === 'string' && typeof d.resultKey === 'string' && d.resultKey.startsWith('eastward:shard:');
  if (!ok) throw new UnrecoverableError('not an eastward shard job');
  return d as ShardJobData;
}

/**
 * Run a queue worker until `signal` aborts (or, with `exitWhenIdleMs`, until the queue has been empty that long):
 * take shard jobs, simulate each on this machine's pool, store the shard's bytes in Redis.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const name = options.queue ?? DEFAULT_QUEUE;
  const store = await connectRedis(options.redis);
  const dataFingerprint = historyFingerprint(loadHistory());
  const pool: WorkerPool | undefined = options.threads === 0 ? undefined : openWorkerPool(options.threads);
  const lockDuration = options.lockDurationMs ?? DEFAULT_LOCK_MS;
  let busy = 0;

  const processor = async (job: Job<ShardJobData, ShardJobResult>): Promise<ShardJobResult> => {
    const data = checkJobData(job.data);
    if (data.engineVersion !== engineVersion) throw new UnrecoverableError(`this worker runs eastward ${engineVersion}; the job was submitted with ${data.engineVersion}`);
    if (data.dataFingerprint !== dataFingerprint) throw new UnrecoverableError(`this worker's data (${dataFingerprint.slice(0, 12)}…) differ from the submitter's (${data.dataFingerprint.slice(0, 12)}…): install the same eastward and data on every machine`);
    busy++;
    try {
      options.onEvent?.(`started  job ${job.id}: ${data.scenario.id} paths ${rangeText(data.paths)} of ${data.runs} (attempt ${job.attemptsMade + 1})`);
      let shard;
      try {
        shard = await simulateShard(data.scenario, data.paths, { runs: data.runs, seed: data.seed, pool, workers: pool ? undefined : 0 });
      } catch (e) {
        // A scenario or range that does not validate fails the same way on every worker: do not retry it.
        if ((e as Error).name === 'ScenarioError') throw new UnrecoverableError((e as Error).message);
        throw e;
      }
      const bytes = encodeShard(shard);
      await store.set(data.resultKey, bytes, 'EX', SHARD_TTL_SECONDS);
      options.onEvent?.(`finished job ${job.id}: ${bytes.byteLength} bytes stored`);
      return { resultKey: data.resultKey, bytes: bytes.byteLength, sha256: sha256(bytes) };
    } finally {
      busy--;
    }
  };

  const worker = new Worker<ShardJobData, ShardJobResult>(name, processor, {
    connection: connection(options.redis),
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: MAX_STALLS,
  });
  worker.on('failed', (job, e) => options.onEvent?.(`failed   job ${job?.id ?? '?'}: ${e.message}`));
  worker.on('error', (e) => options.onEvent?.(`error: ${e.message}`));
  await worker.waitUntilReady();
  options.onEvent?.(`worker ready on queue ${JSON.stringify(name)} at ${options.redis} (${pool ? `${pool.threads} threads` : 'in its own thread'}, lock ${lockDuration} ms)`);

  const stopped = new Promise<void>((resolve) => {
    if (options.signal?.aborted) return resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
    if (options.exitWhenIdleMs === undefined) return;
    const idleMs = options.exitWhenIdleMs;
    const queue = new Queue(name, { connection: connection(options.redis) });
    // A dead worker's job shows as active until the stalled check requeues it, so it keeps this one alive.
    let emptySince: number | undefined;
    const timer = setInterval(() => {
      if (busy > 0) {
        emptySince = undefined;
        return;
      }
      void queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized').then((counts) => {
        if (busy > 0 || Object.values(counts).some((n) => n > 0)) {
          emptySince = undefined;
          return;
        }
        emptySince ??= performance.now();
        if (performance.now() - emptySince >= idleMs) {
          clearInterval(timer);
          void queue.close();
          resolve();
        }
      }, () => {});
    }, Math.min(1000, Math.max(100, idleMs / 4)));
  });
  try {
    await stopped;
  } finally {
    await worker.close(); // waits for the job in hand
    await pool?.destroy();
    store.disconnect();
  }
}
