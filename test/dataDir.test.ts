import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_SERIES } from '../src/models/baseState.js';
import type { ForecastReport } from '../src/report/report.js';
import { baseYear, history, root, scenarioFile } from './helpers.js';

/** `--data-dir`: a user's data folder with a newer year drives the base year, calibration and trust section. */
const cli = path.join(root, 'dist', 'bin.js');

function eastward(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', FORCE_COLOR: '0', ...env }, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temp = () => mkdtempSync(path.join(tmpdir(), 'eastward-datadir-'));

/** Growth of every base series in the added year (so the new values are not the old ones). */
const GROWTH = 1.05;
const newYear = baseYear + 1;

/** A copy of the shipped data with one more year of every base series: the last value × GROWTH. */
function newerDataFolder(): string {
  const dir = path.join(temp(), 'data');
  mkdirSync(dir);
  for (const name of ['history.csv', 'settlement-statements.csv', 'logistics.csv']) copyFileSync(path.join(root, 'data', name), path.join(dir, name));
  const rows = BASE_SERIES.map((s) => `${s},${newYear},${(history.value(s, baseYear) * GROWTH).toFixed(3)},${history.unit(s)},approximate,test row`);
  appendFileSync(path.join(dir, 'history.csv'), `${rows.join('\n')}\n`);
  return dir;
}

/**
 * The baseline, with every uncertain infrastructure item that would start by the new base year
 * moved after it (a scenario must not call uncertain what the data say has happened).
 */
function scenarioForNewerData(): string {
  const baseline = JSON.parse(readFileSync(scenarioFile('baseline.json'), 'utf8'));
  type Item = { id: string; probabilityBuilt: number; startYear: { earliest: number; latest: number } };
  const moved = (items: Item[]) =>
    items.filter((i) => i.startYear.earliest <= newYear && (i.probabilityBuilt < 1 || i.startYear.earliest < i.startYear.latest)).map((i) => ({ id: i.id, startYear: { earliest: newYear + 1, latest: Math.max(i.startYear.latest, newYear + 1) } }));
  // Only non-empty lists: an empty one would drop the parent's items.
  const projects = moved(baseline.energy.pipelineGas.projects);
  const plants = moved(baseline.energy.lng.plants);
  const doc = {
    extends: 'eastward/scenarios/baseline.json',
    id: 'newer-data',
    energy: { ...(projects.length > 0 ? { pipelineGas: { projects } } : {}), ...(plants.length > 0 ? { lng: { plants } } : {}) },
  };
  const file = path.join(temp(), 'newer.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

let dataDir: string;
let scenario: string;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/bin.js is missing: run `npm run build`');
  dataDir = newerDataFolder();
  scenario = scenarioForNewerData();
});

describe('run --data-dir', () => {
  it('starts from the folder\'s last year, calibrates and computes the trust section on its data (saying how to store them), and says so in the report', () => {
    const out = path.join(temp(), 'r');
    const r = eastward(['run', scenario, '--data-dir', dataDir, '--runs', '2048', '--workers', '0', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout).report as ForecastReport;
    expect(report.baseYear).toBe(newYear);
    expect(report.years[0]).toBe(newYear + 1);
    expect(report.history['trade.turnover'].years.at(-1)).toBe(newYear);
    expect(report.history['trade.turnover'].values.at(-1)).toBeCloseTo(history.value('trade.turnover', baseYear) * GROWTH, 3);
    expect(report.data.source).toBe('user');
    expect(report.data.throughYear).toBe(newYear);
    expect(report.bandTrust.dataThroughYear).toBe(newYear);
    expect(report.bandTrust.lastOrigin).toBe(newYear - 1);
    expect(report.bandTrust.dataFingerprint).toBe(report.data.fingerprint);
    expect(r.stderr).toContain(`${path.join(dataDir, 'calibration.json')} not found; calibrating on this data in memory (run \`eastward calibrate --data-dir ${dataDir}\``);
    expect(r.stderr).toContain(`recomputing it on this data in memory (run \`eastward calibrate --data-dir ${dataDir}\``);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain(`Computed from the same data as this forecast: user-supplied data (a --data-dir folder) through ${newYear}`);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('Computed from the same data as this forecast');
    // No absolute path of the folder leaks into the report.
    for (const f of ['report.json', 'report.md', 'report.html', 'summary.csv']) expect(readFileSync(path.join(out, f), 'utf8')).not.toContain(dataDir);

    // Once `eastward calibrate --data-dir` has written the folder's files, runs use them: no warning, same bytes.
    const c = eastward(['calibrate', '--data-dir', dataDir]);
    expect(c.code, c.stderr).toBe(0);
    const again = path.join(temp(), 'r2');
    const r2 = eastward(['run', scenario, '--runs', '2048', '--workers', '0', '--out', again, '--quiet'], { EASTWARD_DATA_DIR: dataDir });
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toBe('');
    expect(readFileSync(path.join(again, 'report.json'), 'utf8')).toBe(readFileSync(path.join(out, 'report.json'), 'utf8'));
  });

  it('the shipped data report themselves as such, the trust section from the same data', () => {
    const out = path.join(temp(), 's');
    const r = eastward(['run', scenarioFile('baseline.json'), '--runs', '1024', '--workers', '0', '--out', out, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout).report as ForecastReport;
    expect(report.data).toMatchObject({ source: 'shipped', throughYear: baseYear });
    expect(report.bandTrust.dataFingerprint).toBe(report.data.fingerprint);
  });

  it('backtest --data-dir scores the folder\'s newer year', () => {
    const out = path.join(temp(), 'b');
    const r = eastward(['backtest', '--as-of', String(baseYear), '--data-dir', dataDir, '--runs', '1024', '--out', out, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout).backtest.rows as Array<{ series: string; year: number; actual: number }>;
    const turnover = rows.find((x) => x.series === 'trade.turnover' && x.year === newYear);
    expect(turnover?.actual).toBeCloseTo(history.value('trade.turnover', baseYear) * GROWTH, 3);
  });

  it('a bad data folder exits 2 naming the file: missing, a device in place of a file, a header without its columns', () => {
    const missing = eastward(['run', scenarioFile('baseline.json'), '--data-dir', path.join(temp(), 'none'), '--runs', '100']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/none\/history\.csv: file not found/);
    const device = path.join(temp(), 'dev');
    mkdirSync(device);
    spawnSync('ln', ['-s', '/dev/zero', path.join(device, 'history.csv')]);
    const d = eastward(['compare', scenarioFile('baseline.json'), '--data-dir', device, '--runs', '100', '--out', path.join(temp(), 'c')]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain(`${path.join(device, 'history.csv')}: is a character device, not a regular file`);
    const headless = newerDataFolder();
    writeFileSync(path.join(headless, 'logistics.csv'), 'a,b\n1,2\n');
    const h = eastward(['batch', scenarioFile('baseline.json'), '--data-dir', headless, '--runs', '100', '--out', path.join(temp(), 'b')]);
    expect(h.code).toBe(2);
    expect(h.stderr).toContain(`${path.join(headless, 'logistics.csv')}: line 1: the header must name the columns item, year, value, unit, kind, source`);
  });
});
