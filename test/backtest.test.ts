import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { History } from '../src/data/history.js';
import { backtest } from '../src/backtest/backtest.js';
import { naiveForecast } from '../src/backtest/naive.js';
import { absolutePercentageError, covered, crpsFromQuantiles, crpsNormal, normalQuantile, pinballLoss, SCORING_LEVELS } from '../src/backtest/scores.js';
import { main } from '../src/cli.js';
import { baseYear, history, loadLibraryScenario } from './helpers.js';
import { parseCsv } from '../src/data/csv.js';

const baseline = loadLibraryScenario('baseline.json');

async function cli(args: string[]) {
  let stderr = '';
  let stdout = '';
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  try {
    return { code: await main(args), stderr, stdout };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}

describe('scores, against values worked out by hand', () => {
  it('pinball loss and the CRPS of a point forecast (= absolute error)', () => {
    expect(pinballLoss(0.9, 100, 110)).toBeCloseTo(9, 12);
    expect(pinballLoss(0.9, 100, 90)).toBeCloseTo(1, 12);
    expect(crpsFromQuantiles(SCORING_LEVELS, SCORING_LEVELS.map(() => 5), 7)).toBeCloseTo(2, 12);
  });

  it('the CRPS of a known distribution: N(0, 1) at 0 is 2φ(0) − 1/√π = 0.23370', () => {
    expect(crpsNormal(0, 1, 0)).toBeCloseTo(0.2337, 4);
    // From its 99 percentiles the midpoint rule lands within 1.5 % of the exact value (the tails
    // beyond P1 and P99 are cut off: at y = 1.3 the error is 1.0 %).
    const q = SCORING_LEVELS.map(normalQuantile);
    expect(crpsFromQuantiles(SCORING_LEVELS, q, 0)).toBeCloseTo(0.2337, 2);
    expect(Math.abs(crpsFromQuantiles(SCORING_LEVELS, q, 1.3) / crpsNormal(0, 1, 1.3) - 1)).toBeLessThan(0.015);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
  });

  it('coverage of known bands and the absolute percentage error', () => {
    expect(covered(90, 110, 110)).toBe(true);
    expect(covered(90, 110, 110.01)).toBe(false);
    expect(absolutePercentageError(110, 100)).toBeCloseTo(0.1, 12);
    expect(absolutePercentageError(1, 0)).toBeNull();
  });

  it('naive forecasts by hand on a tiny series', () => {
    const h = new History(
      [100, 110, 121, 133.1].map((value, i) => ({ series: 'x', year: 2000 + i, value, unit: '', quality: 'reported' as const, source: '' })),
      [],
      [],
    );
    // no change: the median is the last value; average growth: +10 % a year, no error left → a point
    expect(naiveForecast(h, 'x', 2003, 2005, 'noChange')!.quantiles[49]).toBeCloseTo(133.1, 9);
    const g = naiveForecast(h, 'x', 2003, 2005, 'averageGrowth')!.quantiles;
    expect(g[49]).toBeCloseTo(133.1 * 1.21, 6);
    expect(g[0]).toBeCloseTo(g[98], 6);
    expect(naiveForecast(h, 'x', 2001, 2002, 'noChange')).toBeUndefined(); // fewer than three past values
  });
});

describe('backtest', () => {
  it('uses no data after the as-of year: perturbing later data leaves every forecast unchanged', async () => {
    const asOf = 2019;
    const perturbed = new History(
      history.observations.map((o) => (o.year > asOf ? { ...o, value: o.value * 1.7 } : o)),
      history.settlementStatements.map((s) => (s.decimalYear >= asOf + 1 ? { ...s, nationalShare: s.nationalShare / 2 } : s)),
      history.logistics,
    );
    const opts = { asOf: [asOf], scenario: baseline, oil: 'scenario' as const, runs: 2048, seed: 3 };
    const a = await backtest({ ...opts, history });
    const b = await backtest({ ...opts, history: perturbed });
    const forecast = (r: typeof a) => r.rows.map(({ series, year, p05, p10, p50, p90, p95 }) => ({ series, year, p05, p10, p50, p90, p95 }));
    expect(forecast(b)).toEqual(forecast(a));
    expect(b.rows.map((r) => r.actual)).not.toEqual(a.rows.map((r) => r.actual)); // the scores do see the (perturbed) actuals
  });

  it('with realised oil, Brent follows the data and is not scored', async () => {
    const r = await backtest({ asOf: [2019], scenario: baseline, oil: 'realised', history, runs: 1024, seed: 1 });
    expect(r.rows.some((row) => row.series === 'oil.brent')).toBe(false);
    expect(r.rows.every((row) => row.horizon === row.year - 2019)).toBe(true);
    expect(r.rows.filter((row) => row.series === 'trade.turnover').map((row) => row.year)).toEqual(history.years('trade.turnover').filter((y) => y > 2019));
  });
});

describe('eastward backtest', () => {
  it('--as-of writes backtest.json with the documented rows, backtest.csv and backtest.md', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'eastward-bt-'));
    const r = await cli(['backtest', '--as-of', '2019', '--runs', '2048', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(path.join(out, 'backtest.json'), 'utf8'));
    const row = json.rows[0];
    for (const key of ['series', 'asOf', 'year', 'horizon', 'actual', 'p05', 'p10', 'p50', 'p90', 'p95', 'covered80', 'covered90', 'crps', 'ape']) expect(row).toHaveProperty(key);
    expect(json.summary[0]).toHaveProperty('noChange');
    expect(json.summary[0]).toHaveProperty('averageGrowth');
    const csv = parseCsv(readFileSync(path.join(out, 'backtest.csv'), 'utf8'));
    expect(csv[0]).toEqual(['series', 'unit', 'asOf', 'year', 'horizon', 'forecaster', 'actual', 'p05', 'p10', 'p50', 'p90', 'p95', 'covered80', 'covered90', 'crps', 'ape']);
    expect(readFileSync(path.join(out, 'backtest.md'), 'utf8')).toMatch(/\| trade\.turnover \| 1 \|/);
  });

  it('scores against newer actuals: --as-of the last data year with an actuals file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eastward-act-'));
    const file = path.join(dir, 'newer.csv');
    const next = baseYear + 1;
    writeFileSync(file, `series,year,value,unit,quality,source\ntrade.turnover,${next},250,USD bn,reported,test\noil.brent,${next},70,USD/bbl,reported,test\n`);
    const r = await cli(['backtest', '--as-of', String(baseYear), '--actuals', file, '--oil', 'realised', '--runs', '1024', '--out', path.join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(path.join(dir, 'out', 'backtest.json'), 'utf8'));
    expect(json.rows).toHaveLength(1);
    expect(json.rows[0]).toMatchObject({ series: 'trade.turnover', year: next, actual: 250, horizon: 1 });
  });

  it('answers a bad actuals file clearly: unknown series warned, malformed row an error, nothing to score an error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eastward-act-'));
    const next = baseYear + 1;
    const unknown = path.join(dir, 'unknown.csv');
    writeFileSync(unknown, `series,year,value\ntrade.turnover,${next},250\ntrade.widgets,${next},3\noil.brent,${next},70\n`);
    const a = await cli(['backtest', '--as-of', String(baseYear), '--actuals', unknown, '--runs', '1024', '--out', path.join(dir, 'a')]);
    expect(a.code).toBe(0);
    expect(a.stderr).toContain(`warning: ${unknown}:3: series "trade.widgets" is neither produced by the engine nor in data/; ignored`);

    const malformed = path.join(dir, 'malformed.csv');
    writeFileSync(malformed, `series,year,value\ntrade.turnover,20x5,250\n`);
    const b = await cli(['backtest', '--as-of', String(baseYear), '--actuals', malformed, '--out', path.join(dir, 'b')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(`error: ${malformed}:2: year "20x5" is not a four-digit year`);
    expect(existsSync(path.join(dir, 'b'))).toBe(false);

    const old = path.join(dir, 'old.csv');
    writeFileSync(old, `series,year,value\ntrade.turnover,2010,55\n`);
    const c = await cli(['backtest', '--as-of', String(baseYear), '--actuals', old, '--out', path.join(dir, 'c')]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('is not after the as-of year');
    expect(c.stderr).toMatch(/error: .*needs Brent|error: nothing to score/);
    expect(existsSync(path.join(dir, 'c'))).toBe(false);
  });

  it('--rolling runs every as-of year and summarises by horizon', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'eastward-roll-'));
    const r = await cli(['backtest', '--rolling', '2017..2019', '--runs', '1024', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(path.join(out, 'backtest.json'), 'utf8'));
    expect(json.asOf).toEqual([2017, 2018, 2019]);
    const turnover1 = json.summary.find((s: { series: string; horizon: number }) => s.series === 'trade.turnover' && s.horizon === 1);
    expect(turnover1.engine.n).toBe(3);
  });
});
