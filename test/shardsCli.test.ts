import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, root, scenarioFile } from './helpers.js';

const cli = path.join(root, 'dist', 'bin.js');

function eastward(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file of two report folders, byte for byte. */
function expectSameFolders(a: string, b: string): void {
  const files = listFiles(a);
  expect(files).toEqual(expect.arrayContaining(['report.json', 'report.md', 'report.html', 'summary.csv', 'charts/trade.turnover.svg']));
  expect(listFiles(b)).toEqual(files);
  for (const f of files) expect(readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))), f).toBe(true);
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/bin.js is missing: run `npm test` (it builds first) or `npm run build`');
});

describe('eastward run --paths --partial and eastward merge', () => {
  // The cut at 10 000 lies inside a summary block (9216..10240) and inside a chunk of the plain run
  // (4096-path chunks on two threads); 0..10000 runs in-process in two chunks, 10000..32000 (over the pool
  // threshold of 20 000) on the pool, as the plain 32 000-path run does. The 100 000-path
  // example is the same check at a larger size (docs/distributed.md gives the commands).
  it('run --paths 0..10000 + 10000..32000, merged, gives the files of a plain 32 000-path run, byte for byte', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eastward-shards-'));
    const baseline = scenarioFile('baseline.json');
    const a = eastward(['run', baseline, '--runs', '32000', '--paths', '0..10000', '--partial', path.join(dir, 'a.shard'), '--quiet']);
    expect(a.code, a.stderr).toBe(0);
    const b = eastward(['run', baseline, '--runs', '32000', '--paths', '10000..32000', '--partial', path.join(dir, 'b.shard'), '--json']);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual({ ok: true, command: 'run', partial: path.join(dir, 'b.shard'), scenario: 'baseline', paths: { start: 10000, end: 32000 }, runs: 32000, seed: 20240101 });
    const merged = eastward(['merge', path.join(dir, 'b.shard'), path.join(dir, 'a.shard'), '--out', path.join(dir, 'merged')]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).toContain('merged 2 shards (0..10000, 10000..32000) into 32,000 paths');
    const plain = eastward(['run', baseline, '--runs', '32000', '--out', path.join(dir, 'plain'), '--quiet']);
    expect(plain.code, plain.stderr).toBe(0);
    expectSameFolders(path.join(dir, 'plain'), path.join(dir, 'merged'));
    expect(merged.stdout).toBe(plain.stdout); // the same tables on the terminal
  }, 180_000);

  describe('bad shards exit 2 with a clear message', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eastward-badshards-'));
    const baseline = scenarioFile('baseline.json');
    const shard = (name: string, range: string, extra: string[] = []) => {
      const r = eastward(['run', baseline, '--runs', '3000', '--seed', '5', '--paths', range, '--partial', path.join(dir, name), '--quiet', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return path.join(dir, name);
    };
    let a: string, b: string, c: string;
    beforeAll(() => {
      a = shard('a.shard', '0..1000');
      b = shard('b.shard', '1000..3000');
      c = shard('c.shard', '800..3000');
    });

    it('an overlap names both ranges and files; nothing is written', () => {
      const out = path.join(dir, 'overlap');
      const r = eastward(['merge', a, c, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${c}: /paths: overlap: paths 800..1000 of ${c} (800..3000) are also in ${a} (0..1000)`);
      expect(existsSync(out)).toBe(false);
    });

    it('a gap names the missing range', () => {
      const r = eastward(['merge', b, '--json']);
      expect(r.code).toBe(2);
      const doc = JSON.parse(r.stdout) as { ok: boolean; exitCode: number; errors: Array<{ file: string; message: string }> };
      expect(doc).toMatchObject({ ok: false, command: 'merge', exitCode: 2 });
      expect(doc.errors[0]).toMatchObject({ file: b, message: `gap: paths 0..1000 are in no shard (${b} starts at 1000)` });
    });

    it('another seed or scenario is named', () => {
      const other = path.join(dir, 'seed6.shard');
      expect(eastward(['run', baseline, '--runs', '3000', '--seed', '6', '--paths', '1000..3000', '--partial', other, '--quiet']).code).toBe(0);
      const r = eastward(['merge', a, other]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${other}: /: seed 6 differs from ${a}'s seed 5`);
      const highOil = path.join(dir, 'high-oil.shard');
      expect(eastward(['run', scenarioFile('high-oil.json'), '--runs', '3000', '--seed', '5', '--paths', '1000..3000', '--partial', highOil, '--quiet']).code).toBe(0);
      expect(eastward(['merge', a, highOil]).stderr).toContain(`${highOil}: /: scenario "high-oil" differs from ${a}'s scenario "baseline"`);
    });

    it('a damaged file, a scenario file given as a shard, a missing file', () => {
      const damaged = path.join(dir, 'damaged.shard');
      const bytes = readFileSync(b);
      bytes[bytes.length - 1] ^= 1;
      writeFileSync(damaged, bytes);
      expect(eastward(['merge', a, damaged]).stderr).toContain(`${damaged}: /payloadSha256: the payload does not match its SHA-256`);
      const r = eastward(['merge', baseline]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${baseline}: /: not an eastward shard file`);
      const folder = path.join(dir, 'folder.shard');
      mkdirSync(folder);
      expect(eastward(['merge', folder]).stderr).toContain(`${folder}: /: is a folder, not a file`);
    });

    it('run refuses --paths outside the run, --paths without --partial, and a folder as --partial', () => {
      const outside = eastward(['run', baseline, '--runs', '3000', '--paths', '2000..4000', '--partial', path.join(dir, 'x.shard')]);
      expect(outside.code).toBe(2);
      expect(outside.stderr).toContain("--paths 2000..4000 ends after the run's 3000 paths (set the run's total with --runs)");
      const alone = eastward(['run', baseline, '--paths', '0..10']);
      expect(alone.code).toBe(2);
      expect(alone.stderr).toContain('--paths needs --partial FILE');
      const reversed = eastward(['run', baseline, '--paths', '10..5', '--partial', path.join(dir, 'y.shard')]);
      expect(reversed.code).toBe(2);
      expect(reversed.stderr).toContain('must look like 0..50000');
      const folder = eastward(['run', baseline, '--runs', '3000', '--paths', '0..10', '--partial', dir]);
      expect(folder.code).toBe(2);
      expect(folder.stderr).toContain(`--partial ${dir}: is a folder, not a file`);
      expect(existsSync(path.join(dir, 'x.shard'))).toBe(false);
    });
  });
});
