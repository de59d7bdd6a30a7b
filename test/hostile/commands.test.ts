import { mkdirSync, writeFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';
import { eastwardInProcess, tempDir } from './harness.js';

describe('bad inputs to compare, backtest and calibrate exit 2 with one clear line, no stack', () => {
  it('compare: a folder with a malformed report.json, or none, is named as a report folder', async () => {
    const dir = tempDir('compare-folders');
    mkdirSync(path.join(dir, 'broken'));
    writeFileSync(path.join(dir, 'broken', 'report.json'), '{ "engine": ');
    mkdirSync(path.join(dir, 'empty'));
    const r = await eastwardInProcess(['compare', path.join(dir, 'broken'), path.join(dir, 'empty'), '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'broken', 'report.json')}: /: is not an eastward report`);
    expect(r.stderr).toContain(`${path.join(dir, 'empty', 'report.json')}: /: missing`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('backtest: an as-of year the data cannot start from names the earliest one that works', async () => {
    const dir = tempDir('backtest-asof');
    const r = await eastwardInProcess(['backtest', '--as-of', '1990', '--out', path.join(dir, 'bt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: the data cannot start a projection from 1990: .* \(the earliest such year is \d{4}\)\n$/);
  });

  it('calibrate: a missing data folder, or a malformed row, is named with its file (and line)', async () => {
    const dir = tempDir('calibrate-data');
    const missing = await eastwardInProcess(['calibrate', '--data-dir', path.join(dir, 'missing')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`error: ${path.join(dir, 'missing', 'history.csv')}: file not found (a data folder holds history.csv, settlement-statements.csv and logistics.csv)\n`);
    const copy = path.join(dir, 'data');
    cpSync(path.join(root, 'data'), copy, { recursive: true });
    const csv = path.join(copy, 'history.csv');
    const lines = readFileSync(csv, 'utf8').split('\n');
    lines[2] = lines[2].replace(/,(\d+(\.\d+)?),USD bn,/, ',lots,USD bn,');
    writeFileSync(csv, lines.join('\n'));
    const malformed = await eastwardInProcess(['calibrate', '--check', '--data-dir', copy]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toBe(`error: ${csv}: line 3: value is not a number: "lots"\n`);
  });
});

describe('compare reads report.json files with a bound', () => {
  it('a report.json that is a symbolic link to /dev/zero is refused at once, not read without end', async () => {
    const { symlinkSync } = await import('node:fs');
    const { eastwardBounded } = await import('./harness.js');
    const dir = tempDir('compare-devzero');
    mkdirSync(path.join(dir, 'rep'));
    symlinkSync('/dev/zero', path.join(dir, 'rep', 'report.json'));
    const r = eastwardBounded(['compare', path.join(dir, 'rep'), '--out', path.join(dir, 'out')], 60_000);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not an eastward report');
  });
});

describe('batch checks --table-years before running anything', () => {
  it('a year before the projection exits 2 naming it, and writes nothing', async () => {
    const { existsSync } = await import('node:fs');
    const dir = tempDir('batch-table-years');
    const out = path.join(dir, 'out');
    const r = await eastwardInProcess(['batch', path.join(root, 'scenarios', 'baseline.json'), '--out', out, '--table-years', '1999,2030', '--runs', '100']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --table-years 1999: not projected \(projections start in \d{4}\)\n$/);
    expect(existsSync(out)).toBe(false);
  });
});
