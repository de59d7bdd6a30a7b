import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateScenario, type SimulationOptions } from '../src/engine/simulate.js';
import { KNOWN_SERIES, knownValueProblems } from '../src/models/known.js';
import type { ForecastReport } from '../src/report/report.js';
import { runScenario } from '../src/report/run.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { reportFiles } from '../src/views/reportFiles.js';
import { baseYear, history, loadLibraryScenario, root, scenarioFile, seriesRow } from './helpers.js';

/** `run --actuals`: known values for projected years condition every path. */
const scenario = loadLibraryScenario('baseline.json');
const first = baseYear + 1;
const RUNS = 2048;

/** Exact per-cell minimum and maximum over all paths (the accumulator keeps them exactly). */
async function extremes(known: SimulationOptions['known'], seed = 3) {
  const sim = await simulateScenario(scenario, { runs: RUNS, seed, workers: 0, known });
  const n = sim.params.years.length;
  return (series: string, t: number) => {
    const c = sim.accumulator.cell(seriesRow(series) * n + t);
    return { min: c.min, max: c.max, p50: c.p50 };
  };
}

describe('known values condition every path', () => {
  it('property: any conditionable series, any projected year, any plausible value — every path takes exactly that value then', async () => {
    const last = scenario.horizon;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KNOWN_SERIES), fc.integer({ min: first, max: last }), fc.double({ min: 0.5, max: 1.5, noNaN: true }), async (series, year, factor) => {
        // A value near the series' last observation (Brent, volumes and flows alike), scaled.
        const value = history.value(series, baseYear) * factor;
        const at = await extremes([{ series, year, value }]);
        const t = year - first;
        expect(at(series, t).min).toBe(value);
        expect(at(series, t).max).toBe(value);
      }),
      { numRuns: 12 },
    );
  });

  it('later years follow from the known value: a low known turnover lowers the next years\' medians, a high one raises them', async () => {
    const free = await extremes(undefined);
    const lowValue = free('trade.turnover', 0).p50 * 0.8;
    const highValue = free('trade.turnover', 0).p50 * 1.2;
    const low = await extremes([{ series: 'trade.turnover', year: first, value: lowValue }]);
    const high = await extremes([{ series: 'trade.turnover', year: first, value: highValue }]);
    for (const t of [1, 2, 5]) {
      expect(low('trade.turnover', t).p50).toBeLessThan(free('trade.turnover', t).p50);
      expect(high('trade.turnover', t).p50).toBeGreaterThan(free('trade.turnover', t).p50);
      // Both flows move with a known turnover (scaled together), not just one of them.
      expect(low('trade.exports_cn_ru', t).p50).toBeLessThan(free('trade.exports_cn_ru', t).p50);
      expect(low('trade.exports_ru_cn', t).p50).toBeLessThan(free('trade.exports_ru_cn', t).p50);
    }
    // A known volume, likewise: pipeline gas 20 % below its free median stays lower the year after.
    const gas = await extremes([{ series: 'energy.pipeline_gas', year: first, value: free('energy.pipeline_gas', 0).p50 * 0.8 }]);
    expect(gas('energy.pipeline_gas', 1).p50).toBeLessThan(free('energy.pipeline_gas', 1).p50);
    // A known turnover with one flow sets the other: turnover − the flow, on every path.
    const both = await extremes([{ series: 'trade.turnover', year: first, value: 250 }, { series: 'trade.exports_ru_cn', year: first, value: 130 }]);
    expect(both('trade.exports_cn_ru', 0).min).toBeCloseTo(120, 9);
    expect(both('trade.exports_cn_ru', 0).max).toBeCloseTo(120, 9);
    expect(both('trade.turnover', 0).min).toBe(250);
  });

  it('the same bytes for any number of workers and chunk size', async () => {
    const known = [{ series: 'trade.turnover', year: first, value: 230.5, source: 'test' }, { series: 'oil.brent', year: first + 1, value: 66 }];
    const a = await reportFiles(await runScenario(scenario, { runs: 4096, seed: 9, workers: 0, known }));
    const b = await reportFiles(await runScenario(scenario, { runs: 4096, seed: 9, workers: 2, chunkPaths: 1024, known }));
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const f of Object.keys(a)) expect(b[f], f).toBe(a[f]);
    const report = JSON.parse(a['report.json']) as ForecastReport;
    expect(report.known).toEqual([
      { series: 'trade.turnover', year: first, value: 230.5, unit: 'USD bn', source: 'test' },
      { series: 'oil.brent', year: first + 1, value: 66, unit: 'USD/bbl', source: 'known value' },
    ]);
    // Marked in every view: the tables, the chart of the series, the trust section's caveat.
    expect(a['report.md']).toContain('### Known values');
    expect(a['report.md']).toContain('230.5 known');
    expect(a['report.html']).toContain('id="known-values"');
    expect(a['report.html']).toContain('230.5 known');
    expect(a['report.md']).toContain('conditioned on known values');
    expect(a['charts/trade.turnover.vl.json']).toContain('"known": 230.5');
    expect(a['charts/trade.turnover.vl.json']).toContain('known (actuals)');
  });

  it('the library refuses bad known values with the option\'s pointer, before any work', async () => {
    const bad = runScenario(scenario, { runs: 100, workers: 0, known: [{ series: 'trade.balance', year: first, value: 1 }, { series: 'trade.turnover', year: baseYear, value: 200 }] });
    await expect(bad).rejects.toThrow(ScenarioError);
    await expect(bad).rejects.toThrow(/\/known\/0: series "trade.balance" cannot be conditioned on/);
    await expect(bad).rejects.toThrow(new RegExp(`/known/1: year ${baseYear} is not projected`));
    expect(knownValueProblems([{ series: 'trade.turnover', year: first, value: 300 }, { series: 'trade.exports_ru_cn', year: first, value: 150 }, { series: 'trade.exports_cn_ru', year: first, value: 150 }], [first])).toEqual([
      { index: 0, message: `trade.turnover in ${first} is given with both export flows: give the turnover or the two flows, not all three` },
    ]);
  });
});

describe('eastward run --actuals', () => {
  const cli = path.join(root, 'dist', 'bin.js');
  const eastward = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const temp = () => mkdtempSync(path.join(tmpdir(), 'eastward-actuals-'));

  it('marks the known year on the terminal and in report.json; every path equals it (min = max)', () => {
    const dir = temp();
    const file = path.join(dir, 'known.csv');
    writeFileSync(file, `series,year,value,unit,source\ntrade.turnover,${first},228.1,USD bn,customs full year\n`);
    const r = eastward(['run', scenarioFile('baseline.json'), '--actuals', file, '--runs', '2048', '--workers', '0', '--out', path.join(dir, 'out')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/trade\.turnover\s+USD bn\s+228\.1 known/);
    expect(r.stdout).toContain(`known (from --actuals; every path takes these values, later years continue from them): trade.turnover ${first} = 228.1 USD bn`);
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')) as ForecastReport;
    expect(report.known).toEqual([{ series: 'trade.turnover', year: first, value: 228.1, unit: 'USD bn', source: 'customs full year' }]);
    expect(report.series['trade.turnover'].min[0]).toBe(228.1);
    expect(report.series['trade.turnover'].max[0]).toBe(228.1);
    expect(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')).not.toContain(dir);
  });

  it('exits 2 naming the file and line of each unknown series or year outside the projection; nothing written', () => {
    const dir = temp();
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, `series,year,value\ntrade.turnover,${baseYear},228.1\nno.such_series,${first},1\nenergy.lng,${first},7\n`);
    const r = eastward(['run', scenarioFile('baseline.json'), '--actuals', file, '--runs', '100', '--out', path.join(dir, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:2: year ${baseYear} is not projected`);
    expect(r.stderr).toContain(`${file}:3: series "no.such_series" is not a series eastward reports`);
    expect(r.stderr).not.toContain(':4:');
    expect(spawnSync('ls', [path.join(dir, 'out')]).status).not.toBe(0);
  });
});
