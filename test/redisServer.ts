/**
 * A real Redis server for the queue tests: Debian's `redis-server` (installed by .ci/run when
 * missing), bound to 127.0.0.1 on a free port, with no persistence, stopped by the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REDIS_MISSING = 'redis-server not found: the queue tests need a real Redis server. Install it with `apt-get install redis-server` (Debian; .ci/run does this when it is missing), or set REDIS_SERVER=/path/to/redis-server.';

/** The redis-server binary: REDIS_SERVER, else the first on PATH (or /usr/bin, /usr/sbin); throws REDIS_MISSING. */
export function findRedisServer(): string {
  const candidates = process.env.REDIS_SERVER ? [process.env.REDIS_SERVER] : [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/bin', '/usr/sbin'].map((d) => path.join(d, 'redis-server'));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  throw new Error(REDIS_MISSING);
}

/** A port nobody listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningRedis {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Start redis-server on 127.0.0.1 and a free port; resolves once it accepts connections (at most 20 s). */
export async function startRedis(): Promise<RunningRedis> {
  const binary = findRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'eastward-redis-'));
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'notice'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 20 s:\n${log}`)), 20_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${log}`));
    });
  });
  await ready;
  return {
    url: `redis://127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
