import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/io/outputFolder.js';
import { scenarioFile } from '../helpers.js';
import { cli, eastwardBounded, tempDir } from './harness.js';

/** A folder with a copy of the baseline only (one quick report). */
function oneScenario(): string {
  const dir = tempDir('batch-in');
  copyFileSync(scenarioFile('baseline.json'), path.join(dir, 'baseline.json'));
  return dir;
}

describe('one batch per output folder', () => {
  it('a second batch on a folder in use exits 2 naming the holder\'s pid, and leaves the first one\'s work alone', async () => {
    const input = oneScenario();
    const out = tempDir('batch-lock');
    const first = spawn(process.execPath, [cli, 'batch', input, '--out', out, '--runs', '5000000', '--workers', '1'], { stdio: 'ignore' });
    try {
      const lock = path.join(out, LOCK_FILE);
      for (let i = 0; i < 1200 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(lock), 'the first batch never took the lock').toBe(true);
      const second = eastwardBounded(['batch', input, '--out', out, '--runs', '1024', '--workers', '0'], 60_000);
      expect(second.timedOut).toBe(false);
      expect(second.code).toBe(2);
      expect(second.stderr.trim()).toBe(`error: ${out} is in use by another eastward batch (pid ${first.pid}); wait for it to finish, or give another --out`);
      expect(first.exitCode).toBe(null); // still running, undisturbed
    } finally {
      first.kill('SIGKILL');
      await new Promise((r) => (first.exitCode !== null || first.signalCode !== null ? r(null) : first.once('exit', r)));
    }
    // Killed, it left its lock behind: the holder is dead, so the next batch takes the folder over.
    expect(existsSync(path.join(out, LOCK_FILE))).toBe(true);
    const after = eastwardBounded(['batch', input, '--out', out, '--runs', '1024', '--workers', '0']);
    expect(after.code, after.stderr).toBe(0);
    expect(existsSync(path.join(out, LOCK_FILE))).toBe(false);
  });
});

describe('a damaged report folder is rerun, not trusted', () => {
  it('a chart deleted or changed after the batch makes the next batch rerun that scenario', () => {
    const input = oneScenario();
    const out = tempDir('batch-damage');
    const args = ['batch', input, '--out', out, '--runs', '1024', '--workers', '0'];
    expect(eastwardBounded(args).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'baseline', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.files)).toContain('charts/trade.turnover.svg');
    expect(eastwardBounded(args).stderr).toContain('0 ran, 1 unchanged');

    rmSync(path.join(out, 'baseline', 'charts', 'trade.turnover.svg'));
    expect(eastwardBounded(args).stderr).toContain('1 ran, 0 unchanged');
    expect(existsSync(path.join(out, 'baseline', 'charts', 'trade.turnover.svg'))).toBe(true);

    writeFileSync(path.join(out, 'baseline', 'report.md'), 'truncated');
    expect(eastwardBounded(args).stderr).toContain('1 ran, 0 unchanged');
    expect(eastwardBounded(args).stderr).toContain('0 ran, 1 unchanged');
  });

  it('a report folder from before manifests carried hashes is rerun', () => {
    const input = oneScenario();
    const out = tempDir('batch-old');
    const args = ['batch', input, '--out', out, '--runs', '1024', '--workers', '0'];
    expect(eastwardBounded(args).code).toBe(0);
    const file = path.join(out, 'baseline', 'manifest.json');
    const { files: _files, ...old } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify(old));
    expect(eastwardBounded(args).stderr).toContain('1 ran, 0 unchanged');
  });
});
