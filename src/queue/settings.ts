import { BLOCK_PATHS } from '../stats/summary.js';

/**
 * The queue's settings and the errors the command line checks for: what `eastward` needs to
 * register its commands and report failures, without loading BullMQ and ioredis (a quarter of a
 * second at every start of every command; queue.ts loads them when a queue is used).
 */

/** The queue's name when none is given. */
export const DEFAULT_QUEUE = 'eastward';
/** Paths per job when not given: 64 blocks. */
export const DEFAULT_SHARD_PATHS = 64 * BLOCK_PATHS;
/** How long a stored shard stays in Redis (seconds): a week, for a submitter to collect or resume. */
export const SHARD_TTL_SECONDS = 7 * 24 * 3600;
/** Tries of a job that throws (a worker that dies is not a try: BullMQ's stalled-job check requeues it). */
export const JOB_ATTEMPTS = 3;
/** A job may stall (its worker died) this many times before it is failed. */
export const MAX_STALLS = 3;
/** BullMQ's default lock: 30 s. */
export const DEFAULT_LOCK_MS = 30_000;

/** A Redis URL, checked: redis:// or rediss:// (TLS). */
export function redisUrlProblem(url: string): string | undefined {
  return /^rediss?:\/\/[^\s]+$/.test(url) ? undefined : `must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379 (got ${JSON.stringify(url)})`;
}

/** Redis cannot be reached at the URL given: bad input on the command line (exit 2). */
export class RedisUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnreachableError';
  }
}
