import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardRanges } from '../src/queue/queue.js';
import { listFiles, root, scenarioFile } from './helpers.js';
import { freePort, startRedis, type RunningRedis } from './redisServer.js';

const cli = path.join(root, 'dist', 'bin.js');

/** A CLI process whose stderr is collected, with a way to wait for a line and for its exit. */
interface Child {
  readonly process: ChildProcess;
  stderr(): string;
  waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray>;
  exit(ms: number): Promise<number | null>;
}

const children: ChildProcess[] = [];

function start(args: string[]): Child {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  children.push(child);
  let err = '';
  const listeners = new Set<() => void>();
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    for (const l of listeners) l();
  });
  child.stdout.on('data', () => {});
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    stderr: () => err,
    waitFor: (pattern, ms) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = err.match(pattern);
          if (m) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} within ${ms} ms; stderr:\n${err}`));
        }, ms);
        listeners.add(check);
        check();
      }),
    exit: (ms) => Promise.race([exited, new Promise<number | null>((_, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms; stderr:\n${err}`)), ms))]),
  };
}

let redis: RunningRedis;
beforeAll(async () => {
  if (!existsSync(cli)) throw new Error('dist/bin.js is missing: run `npm test` (it builds first) or `npm run build`');
  redis = await startRedis(); // throws, saying how to install redis-server, when it is missing: never skipped
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await redis?.stop();
});

describe('shard ranges of a queue', () => {
  it('cuts runs on block boundaries (by hand)', () => {
    expect(shardRanges(5000, 2048)).toEqual([{ start: 0, end: 2048 }, { start: 2048, end: 4096 }, { start: 4096, end: 5000 }]);
    expect(shardRanges(5000, 3000)).toEqual([{ start: 0, end: 3072 }, { start: 3072, end: 5000 }]); // rounded up to whole blocks
    expect(shardRanges(100, 65536)).toEqual([{ start: 0, end: 100 }]);
  });
});

describe('eastward queue on a real Redis', () => {
  it('a submitter and two worker processes, one killed mid-job, write the batch folder of a local batch byte for byte', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eastward-queue-'));
    const inputs = [scenarioFile('baseline.json'), scenarioFile('high-oil.json')];
    // Two 10 240-path shards a scenario (the second ends in a short block): four jobs, one of them killed.
    const settings = ['--runs', '20000'];
    const submitter = start(['queue', 'submit', ...inputs, ...settings, '--shard-paths', '10240', '--out', path.join(dir, 'queued'), '--redis', redis.url]);
    await submitter.waitFor(/submitted 4 jobs for 2 scenarios/, 60_000);
    // Short locks so that the killed worker's job is taken again within seconds.
    const worker = ['queue', 'worker', '--redis', redis.url, '--workers', '1', '--lock-duration', '2000'];
    const doomed = start(worker);
    const survivor = start([...worker, '--exit-when-idle', '4']);
    const [, killedJob] = await doomed.waitFor(/started {2}job (\S+):/, 60_000);
    doomed.process.kill('SIGKILL');
    expect(await doomed.exit(10_000)).toBe(null); // killed, not finished

    expect(await submitter.exit(240_000), submitter.stderr()).toBe(0);
    expect(submitter.stderr()).toContain('2 ran, 0 unchanged, 0 invalid, 0 failed');
    // The job the killed worker held was taken again by the other one.
    expect(survivor.stderr()).toContain(`started  job ${killedJob}:`);
    expect(survivor.stderr()).toContain(`finished job ${killedJob}:`);
    expect(await survivor.exit(60_000), survivor.stderr()).toBe(0);
    expect(survivor.stderr()).toContain('queue idle: worker done');

    const local = spawnSync(process.execPath, [cli, 'batch', ...inputs, ...settings, '--out', path.join(dir, 'local'), '--quiet'], { cwd: root, encoding: 'utf8' });
    expect(local.status, local.stderr).toBe(0);
    const files = listFiles(path.join(dir, 'local'));
    expect(files).toEqual(expect.arrayContaining(['index.html', 'index.md', 'comparison.csv', 'batch.json', 'baseline/report.json', 'baseline/manifest.json', 'high-oil/report.json', 'high-oil/charts/trade.turnover.svg']));
    expect(listFiles(path.join(dir, 'queued'))).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(dir, 'queued', f)).equals(readFileSync(path.join(dir, 'local', f))), f).toBe(true);

    // Submitting the same batch again, with no worker left, reuses the shards already made (jobs are named by what they compute).
    const again = start(['queue', 'submit', ...inputs, ...settings, '--shard-paths', '10240', '--out', path.join(dir, 'again'), '--redis', redis.url]);
    expect(await again.exit(120_000), again.stderr()).toBe(0);
    for (const f of files) expect(readFileSync(path.join(dir, 'again', f)).equals(readFileSync(path.join(dir, 'local', f))), f).toBe(true);
  }, 300_000);

  it('a Redis that cannot be reached or a URL that is not one exits 2 naming it, before any work', async () => {
    const port = await freePort();
    const out = mkdtempSync(path.join(tmpdir(), 'eastward-queue-bad-'));
    const unreachable = spawnSync(process.execPath, [cli, 'queue', 'submit', scenarioFile('baseline.json'), '--out', path.join(out, 'x'), '--redis', `redis://127.0.0.1:${port}`], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(unreachable.status, unreachable.stderr).toBe(2);
    expect(unreachable.stderr).toContain(`cannot connect to Redis at redis://127.0.0.1:${port}`);
    expect(existsSync(path.join(out, 'x'))).toBe(false);
    const notUrl = spawnSync(process.execPath, [cli, 'queue', 'worker', '--redis', 'localhost:6379'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(notUrl.status).toBe(2);
    expect(notUrl.stderr).toContain('must be a redis:// or rediss:// URL');
    const missing = spawnSync(process.execPath, [cli, 'queue', 'worker'], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, EASTWARD_REDIS_URL: '' } });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--redis');
  }, 120_000);
});
