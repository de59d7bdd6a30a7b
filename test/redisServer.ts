/**
 * A real Redis server for the queue tests: Debian's `redis-server` (installed by .ci/run when
 * missing), bound to 127.0.0.1 on a free port, with no persistence, stopped by the test. On a
 * machine without one, the server comes from Debian's package registry like the browser comes from
 * npm's: `apt-get download` (no root needed) of redis-tools and the two libraries it links that a
 * bare Debian lacks, unpacked with `dpkg-deb -x` into node_modules/.cache (once).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REDIS_MISSING = 'redis-server not found, and Debian\'s package could not be fetched with `apt-get download` (no package lists? run `apt-get update`): the queue tests need a real Redis server. Install it with `apt-get install redis-server` (Debian; .ci/run does this when it is missing), or set REDIS_SERVER=/path/to/redis-server.';

/** Where the packaged server is unpacked (beside the other installed packages; removed by `npm ci`). */
const PACKAGED_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'eastward-redis');

/** Debian packages that make a runnable server on a bare Debian 12 (redis-tools holds the binary). */
const PACKAGES = ['redis-tools', 'libjemalloc2', 'liblzf1'];

/** A redis-server binary and the environment it runs in. */
export interface RedisBinary {
  readonly path: string;
  readonly env: NodeJS.ProcessEnv;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Debian's redis-server unpacked under node_modules/.cache (fetched once). The binary is
 * redis-check-rdb, which runs as the server when called by the name redis-server (as Debian's own
 * symlink does); its libraries are found through LD_LIBRARY_PATH.
 */
export function packagedRedisServer(): RedisBinary | undefined {
  const binary = path.join(PACKAGED_ROOT, 'redis-server');
  const libraries = path.join(PACKAGED_ROOT, 'usr', 'lib', 'x86_64-linux-gnu');
  const env = { ...process.env, LD_LIBRARY_PATH: [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(path.delimiter) };
  if (executable(binary)) return { path: binary, env };
  const downloads = mkdtempSync(path.join(tmpdir(), 'eastward-redis-debs-'));
  try {
    const fetched = spawnSync('apt-get', ['download', ...PACKAGES], { cwd: downloads, encoding: 'utf8', timeout: 120_000 });
    if (fetched.status !== 0) return undefined;
    mkdirSync(PACKAGED_ROOT, { recursive: true });
    for (const deb of readdirSync(downloads).filter((f) => f.endsWith('.deb'))) {
      if (spawnSync('dpkg-deb', ['-x', path.join(downloads, deb), PACKAGED_ROOT]).status !== 0) return undefined;
    }
    const server = path.join(PACKAGED_ROOT, 'usr', 'bin', 'redis-check-rdb');
    if (!executable(server)) return undefined;
    if (!existsSync(binary)) symlinkSync(server, binary);
    return { path: binary, env };
  } finally {
    rmSync(downloads, { recursive: true, force: true });
  }
}

/**
 * The redis-server binary: REDIS_SERVER, else the first on PATH (or /usr/bin, /usr/sbin), else
 * Debian's package fetched into node_modules/.cache (EASTWARD_REDIS=packaged forces that one, as CI
 * can to exercise what a bare machine gets); throws REDIS_MISSING.
 */
export function findRedisServer(): RedisBinary {
  if (process.env.EASTWARD_REDIS !== 'packaged') {
    const candidates = process.env.REDIS_SERVER ? [process.env.REDIS_SERVER] : [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/bin', '/usr/sbin'].map((d) => path.join(d, 'redis-server'));
    const found = candidates.find(executable);
    if (found) return { path: found, env: process.env };
  }
  const packaged = packagedRedisServer();
  if (packaged) return packaged;
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
  const child = spawn(binary.path, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'notice'], { stdio: ['ignore', 'pipe', 'pipe'], env: binary.env });
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
