import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.js';
import { CSV_STATS } from '../src/views/reportFiles.js';
import { BASELINE_SERIES, baseYear, listFiles, root, scenarioFile } from './helpers.js';

const cli = path.join(root, 'dist', 'bin.js');

function eastward(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'eastward-cli-'));
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/bin.js is missing: run `npm test` (it builds first) or `npm run build`');
});

describe('eastward run', () => {
  it('writes byte-identical reports with 1 worker (default chunks) and 2 workers (small chunks)', () => {
    const dir = tempDir();
    // 6000 paths: three 2048-path chunks on one worker, six 1024-path chunks shared by two, a short last block.
    const one = eastward(['run', scenarioFile('baseline.json'), '--runs', '6000', '--seed', '7', '--workers', '1', '--out', path.join(dir, 'w1')]);
    const two = eastward(['run', scenarioFile('baseline.json'), '--runs', '6000', '--seed', '7', '--workers', '2', '--chunk-paths', '1024', '--out', path.join(dir, 'w2')]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    // Every file of the report, charts included, byte for byte.
    const files = listFiles(path.join(dir, 'w1'));
    expect(files).toEqual(expect.arrayContaining(['report.json', 'summary.csv', 'report.md', 'report.html', 'charts/trade.turnover.vl.json', 'charts/trade.turnover.svg']));
    expect(listFiles(path.join(dir, 'w2'))).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(dir, 'w1', f)).equals(readFileSync(path.join(dir, 'w2', f))), f).toBe(true);
    expect(one.stdout).toMatch(/trade\.turnover +USD bn/);
  });

  it('writes the documented report format, with no time, host or absolute path', () => {
    const dir = tempDir();
    const out = path.join(dir, 'r');
    const r = eastward(['run', scenarioFile('baseline.json'), '--runs', '3000', '--seed', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(out, 'report.json'), 'utf8');
    const report = JSON.parse(text);
    expect(report.scenario).toMatchObject({ id: 'baseline' });
    expect(report.seed).toBe(1);
    expect(report.runs).toBe(3000);
    expect(report.years[0]).toBe(baseYear + 1);
    for (const name of ['trade.turnover', 'trade.exports_ru_cn', 'trade.exports_cn_ru', 'trade.balance', 'energy.crude_oil', 'energy.lng', 'energy.coal', 'energy.pipeline_gas', 'oil.brent', 'settlement.rub', 'settlement.cny', 'settlement.usd', 'settlement.eur', 'settlement.other', 'settlement.national']) {
      const s = report.series[name];
      expect(s, name).toBeDefined();
      expect(typeof s.unit).toBe('string');
      for (const stat of ['mean', 'p05', 'p10', 'p50', 'p90', 'p95']) expect(s[stat]).toHaveLength(report.years.length);
    }
    expect(report.series['trade.turnover'].unit).toBe('USD bn');
    expect(report.series['energy.pipeline_gas'].unit).toBe('bcm');
    expect(text).not.toContain(dir);
    expect(text).not.toContain(root);
    expect(text).not.toContain(hostname());
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);

    const rows = parseCsv(readFileSync(path.join(out, 'summary.csv'), 'utf8'));
    expect(rows[0]).toEqual(['scenario', 'series', 'unit', 'year', 'stat', 'value']);
    expect(rows.length - 1).toBe(BASELINE_SERIES.length * report.years.length * CSV_STATS.length);
    const p50 = rows.find((row) => row[1] === 'trade.turnover' && row[3] === String(report.years[0]) && row[4] === 'p50')!;
    expect(Number(p50[5])).toBe(Number(report.series['trade.turnover'].p50[0].toPrecision(6)));
  });

  it('exits 2 and writes nothing for an invalid scenario', () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.json');
    const doc = JSON.parse(readFileSync(scenarioFile('baseline.json'), 'utf8'));
    doc.oil.jumpStdLog = 'wide';
    writeFileSync(bad, JSON.stringify(doc));
    const out = path.join(dir, 'out');
    const r = eastward(['run', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: /oil/jumpStdLog: must be number`);
    expect(existsSync(out)).toBe(false);
  });

  it('stops on Ctrl-C without leaving files', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'big');
    const child = spawn(process.execPath, [cli, 'run', scenarioFile('baseline.json'), '--runs', '5000000', '--workers', '2', '--out', out], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    // Wait for the run to be under way (its first progress line), then interrupt.
    await new Promise<void>((resolve) => {
      const check = () => (stderr.includes('paths') ? resolve() : setTimeout(check, 50));
      check();
    });
    const before = stderr.length;
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(existsSync(out)).toBe(false);
    // It stopped, not ran on to the end and then reported the interrupt: piped, the progress bar
    // prints a line per tenth of the run, and after the signal at most the chunks already in
    // flight (3 of 65 536 paths, under a tenth of 5 000 000) may finish. No clock involved.
    const percents = (text: string) => [...text.matchAll(/^\s*(\d+)% [\d,]+\/5,000,000 paths/gm)].map((m) => Number(m[1]));
    expect(percents(stderr.slice(0, before)).length, stderr).toBeGreaterThan(0); // the pattern reads the bar
    const atSignal = Math.max(...percents(stderr.slice(0, before)));
    const after = percents(stderr.slice(before));
    expect(after.every((p) => p <= atSignal + 10 && p < 100), stderr).toBe(true);
  });
});

describe('eastward validate', () => {
  it('accepts the scenario library', () => {
    const files = ['baseline', 'high-oil', 'low-oil-tight-cap', 'secondary-sanctions', 'de-escalation', 'pos2-early', 'pos2-never'].map((n) => scenarioFile(`${n}.json`));
    const r = eastward(['validate', ...files]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('prints the JSON pointer of a wrong type deep inside and exits 2', () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.json');
    const doc = JSON.parse(readFileSync(scenarioFile('baseline.json'), 'utf8'));
    doc.energy.crude.volumeVolatility = 'volatile';
    writeFileSync(bad, JSON.stringify(doc));
    const r = eastward(['validate', scenarioFile('baseline.json'), bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${bad}: /energy/crude/volumeVolatility: must be number (got "volatile")`);
  });

  it('names the file, line and column of malformed JSON', () => {
    const dir = tempDir();
    const bad = path.join(dir, 'broken.json');
    writeFileSync(bad, '{\n  "id": "x"\n  "name": "y"\n}\n');
    const r = eastward(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${bad}:3:3: invalid JSON: comma expected`);
  });
});

describe('eastward through npx, as the README runs it', () => {
  it('runs the baseline and writes the report', () => {
    const dir = tempDir();
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const r = spawnSync(npx, ['--no-install', 'eastward', 'run', 'scenarios/baseline.json', '--runs', '2048', '--out', dir], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/trade\.turnover +USD bn/);
    expect(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')).runs).toBe(2048);
  });
});

describe('eastward help and arguments', () => {
  it('has --help on every command', () => {
    for (const args of [['--help'], ['run', '--help'], ['validate', '--help'], ['calibrate', '--help']]) {
      const r = eastward(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: eastward/);
    }
  });

  it('exits 2 on bad arguments', () => {
    expect(eastward(['run', scenarioFile('baseline.json'), '--runs', 'many']).code).toBe(2);
    expect(eastward(['run']).code).toBe(2);
    expect(eastward(['frobnicate']).code).toBe(2);
  });

  it('calibrate --check agrees with the committed data/calibration.json and data/backtest-summary.json', () => {
    const r = eastward(['calibrate', '--check']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('calibrate --check fails on a stale backtest summary, naming only that file', () => {
    const dir = tempDir();
    for (const name of readdirSync(path.join(root, 'data'))) copyFileSync(path.join(root, 'data', name), path.join(dir, name));
    const summary = path.join(dir, 'backtest-summary.json');
    writeFileSync(summary, readFileSync(summary, 'utf8').replace(/"fingerprint": "[0-9a-f]+"/, '"fingerprint": "stale"'));
    const r = eastward(['calibrate', '--check', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${summary} differs from a fresh computation: run \`eastward calibrate\`\n`);
  });
});
