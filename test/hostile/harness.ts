import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli.js';
import { root, scenarioFile } from '../helpers.js';

/** The built CLI (npm test builds it first). */
export const cli = path.join(root, 'dist', 'bin.js');

/** The baseline scenario as a JSON object, to copy and spoil. */
export function baselineDoc(): Record<string, any> {
  return JSON.parse(readFileSync(scenarioFile('baseline.json'), 'utf8'));
}

export function tempDir(tag: string): string {
  return mkdtempSync(path.join(tmpdir(), `eastward-hostile-${tag}-`));
}

/**
 * The real CLI in a child process, killed (SIGKILL) if it has not finished in `timeoutMs`: a
 * test of a hang must not hang itself, and a synchronous read of a FIFO could not be interrupted
 * in-process.
 */
export function eastwardBounded(args: string[], timeoutMs = 60_000): { code: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut: r.signal === 'SIGKILL' };
}

/** The CLI in-process (for inputs that cannot hang); its exit code, stdout and stderr. */
export async function eastwardInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stderr = '';
  let stdout = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}
