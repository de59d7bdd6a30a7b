import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { History } from '../src/data/history.js';
import { backtest, POOLED_GROUPS } from '../src/backtest/backtest.js';
import { groupWarnings } from '../src/backtest/warnings.js';
import { naiveForecast } from '../src/backtest/naive.js';
import { absolutePercentageError, conformalFactor, covered, crpsFromQuantiles, crpsNormal, crpsSkill, insideCentralInterval, normalCdf, normalQuantile, pinballLoss, pitDecileCounts, pitFromQuantiles, SCORING_LEVELS, wilsonInterval } from '../src/backtest/scores.js';
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

describe('calibration scores, by hand', () => {
  it('PIT: linear between quantiles, 0 below the first and 1 above the last, the middle of a run of equal quantiles', () => {
    expect(pitFromQuantiles([0.1, 0.5, 0.9], [90, 100, 110], 105)).toBeCloseTo(0.7, 12);
    expect(pitFromQuantiles([0.1, 0.5, 0.9], [90, 100, 110], 90)).toBeCloseTo(0.1, 12);
    expect(pitFromQuantiles([0.1, 0.5, 0.9], [90, 100, 110], 80)).toBe(0);
    expect(pitFromQuantiles([0.1, 0.5, 0.9], [90, 100, 110], 111)).toBe(1);
    expect(pitFromQuantiles([0.1, 0.5, 0.9], [90, 110, 110], 110)).toBeCloseTo(0.7, 12); // P50 and P90 both 110
    expect(pitFromQuantiles(SCORING_LEVELS, SCORING_LEVELS.map(() => 5), 5)).toBeCloseTo(0.5, 12); // a point forecast that hits
    // From the 99 percentiles of N(0, 1) the PIT of 0.6 is Φ(0.6) = 0.7257 to within interpolation error.
    expect(pitFromQuantiles(SCORING_LEVELS, SCORING_LEVELS.map(normalQuantile), 0.6)).toBeCloseTo(normalCdf(0.6), 3);
  });

  it('PIT deciles, central intervals, the Wilson interval and CRPS skill', () => {
    expect(pitDecileCounts([0.05, 0.95, 1, 0.5, 0.1])).toEqual([1, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(insideCentralInterval(0.85, 0.8)).toBe(true);
    expect(insideCentralInterval(0.9, 0.8)).toBe(true); // on P90: inside, as `covered` counts it
    expect(insideCentralInterval(0.95, 0.8)).toBe(false);
    expect(insideCentralInterval(0.35, 0.2)).toBe(false);
    // Wilson, 6 of 8, z = 1.96: centre (0.75 + 0.2401)/1.4802 = 0.6690, half-width 0.2600.
    const w = wilsonInterval(6, 8);
    expect(w.low).toBeCloseTo(0.409, 3);
    expect(w.high).toBeCloseTo(0.929, 3);
    expect(wilsonInterval(0, 5).low).toBe(0);
    expect(wilsonInterval(5, 5).high).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(crpsSkill(7.8, 12)).toBeCloseTo(0.35, 12);
    expect(crpsSkill(15, 10)).toBeCloseTo(-0.5, 12);
    expect(crpsSkill(1, 0)).toBeNull();
  });

  it('groups unscored rows into one warning per subject and reason, with a count and a cap', () => {
    const items = Array.from({ length: 9 }, (_, i) => ({ subject: 'fx.usd_rub', reason: 'not projected', where: String(2016 + i) }));
    expect(groupWarnings(items)).toEqual(['fx.usd_rub: 9 rows not scored (2016, 2017, 2018, 2019, 2020, 2021, … 3 more): not projected']);
    const many = Array.from({ length: 30 }, (_, i) => ({ subject: `s${i}`, reason: 'unknown', where: 'line 2' }));
    const lines = groupWarnings(many);
    expect(lines).toHaveLength(13);
    expect(lines[12]).toBe('… and 18 more rows not scored, in 18 more groups');
  });
});

describe('backtest', () => {
  it.each([2019, 2022])('uses no data after the as-of year (%i): perturbing later data, each year differently, leaves every forecast unchanged', async (asOf) => {
    const perturbed = new History(
      history.observations.map((o) => (o.year > asOf ? { ...o, value: o.value * (1 + 0.13 * (o.year - asOf)) } : o)),
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

describe('backtest scores every series the actuals provide', () => {
  it('scores settlement.national from actuals, warns (grouped) about rows it cannot score, pools by horizon', async () => {
    const asOf = baseYear - 2;
    const extra = [baseYear - 1, baseYear].map((year) => ({ series: 'settlement.national', year, value: 0.95, unit: 'share 0–1', quality: 'reported' as const, source: 'test' }));
    const withSettlement = new History([...history.observations, ...extra], history.settlementStatements, history.logistics);
    const r = await backtest({ asOf: [asOf], scenario: baseline, oil: 'realised', history: withSettlement, runs: 1024, seed: 2 });
    expect(r.rows.filter((row) => row.series === 'settlement.national').map((row) => row.year)).toEqual([baseYear - 1, baseYear]);
    // Series the data hold under another name are scored under the report's name.
    expect(r.rows.some((row) => row.series === 'macro.russia_gdp_growth')).toBe(history.has('gdp.russia_growth', baseYear));
    const fxLater = history.years('fx.usd_rub').filter((y) => y > asOf);
    expect(fxLater.length).toBeGreaterThan(0);
    expect(r.warnings).toContain(`fx.usd_rub: ${fxLater.length} row${fxLater.length === 1 ? '' : 's'} not scored (${fxLater.join(', ')}): the engine does not project this series`);
    expect(r.warnings.some((w) => w.startsWith('oil.brent: 2 rows not scored'))).toBe(true);
    for (const row of r.rows) {
      expect(row.pit).toBeGreaterThanOrEqual(0);
      expect(row.pit).toBeLessThanOrEqual(1);
      // The PIT agrees with the P10–P90 coverage (inside the band ⇔ PIT within 0.1–0.9).
      expect(insideCentralInterval(row.pit, 0.8), `${row.series} ${row.year}`).toBe(row.covered80);
    }
    for (const { group, series } of POOLED_GROUPS) {
      for (const p of r.pooled.filter((x) => x.group === group)) {
        const pooledRows = r.rows.filter((row) => series.includes(row.series) && row.horizon === p.horizon);
        expect(p.engine.n).toBe(pooledRows.length);
        expect(p.engine.coverage80).toBeCloseTo(pooledRows.filter((row) => row.covered80).length / pooledRows.length, 12);
        expect(p.pitDeciles.reduce((a, b) => a + b, 0)).toBe(p.engine.n);
        expect(p.reliability.find((x) => x.nominal === 0.8)?.observed).toBeCloseTo(p.engine.coverage80, 12);
        expect(p.engine.coverage80Interval.low).toBeLessThanOrEqual(p.engine.coverage80);
        expect(p.engine.coverage80Interval.high).toBeGreaterThanOrEqual(p.engine.coverage80);
        const c = p.crpsComparison!;
        expect(c.skill).toBeCloseTo(1 - c.engine / Math.min(c.noChange, c.averageGrowth), 12);
      }
    }
    expect(r.pooled.filter((p) => p.group === 'trade flows (pooled)').map((p) => p.horizon)).toEqual([1, 2]);
  });
});

describe('conformal recalibration (--recalibrate conformal)', () => {
  it('the factor is the ⌈(n+1)·level⌉-th smallest score, null when too few', () => {
    expect(conformalFactor([3, 0.5, 2, 1], 0.8)).toBe(3);
    expect(conformalFactor([0.5, 1, 2], 0.8)).toBeNull();
    expect(conformalFactor([1, 2, 3, 4, 5, 6, 7, 8, 9], 0.8)).toBe(8);
  });

  it('learns only from earlier origins whose outcomes were known, and leaves the raw scores alone', async () => {
    const asOf = [baseYear - 6, baseYear - 5, baseYear - 4, baseYear - 3, baseYear - 2, baseYear - 1];
    const opts = { asOf, scenario: baseline, oil: 'realised' as const, runs: 1024, seed: 5 };
    const raw = await backtest({ ...opts, history });
    const re = await backtest({ ...opts, history, recalibration: 'conformal' });
    expect(re.rows.map(({ conformal: _, ...rest }) => rest)).toEqual(raw.rows);
    const recalibrated = re.rows.filter((r) => r.conformal);
    expect(recalibrated.length).toBeGreaterThan(0);
    for (const r of recalibrated) {
      const c = r.conformal!;
      expect(c.p50).toBeCloseTo(r.p50, 9);
      expect((c.p90 - c.p10) / (r.p90 - r.p10)).toBeCloseTo(c.factor, 6);
      expect(c.calibrationRows).toBeLessThanOrEqual(re.rows.filter((x) => x.horizon === r.horizon && x.year <= r.asOf).length);
    }
    // Outcomes of the last data year are after every origin's calibration window: changing them moves no factor.
    const later = new History(history.observations.map((o) => (o.year === baseYear ? { ...o, value: o.value * 1.5 } : o)), history.settlementStatements, history.logistics);
    const moved = await backtest({ ...opts, history: later, recalibration: 'conformal' });
    expect(moved.rows.map((r) => r.conformal?.factor ?? null)).toEqual(re.rows.map((r) => r.conformal?.factor ?? null));
    expect(re.pooled.find((p) => p.conformal)?.conformal?.raw.n).toBe(re.pooled.find((p) => p.conformal)?.conformal?.recalibrated.n);
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
    expect(csv[0]).toEqual(['series', 'unit', 'asOf', 'year', 'horizon', 'forecaster', 'actual', 'p05', 'p10', 'p50', 'p90', 'p95', 'covered80', 'covered90', 'crps', 'ape', 'pit']);
    expect(row).toHaveProperty('pit');
    expect(json.pooled[0]).toHaveProperty('pitDeciles');
    const md = readFileSync(path.join(out, 'backtest.md'), 'utf8');
    expect(md).toMatch(/\| trade\.turnover \| 1 \|/);
    const pooled1 = json.pooled.find((p: { group: string; horizon: number }) => p.group === 'trade flows (pooled)' && p.horizon === 1);
    expect(md).toContain(`| trade flows (pooled) | 1 | ${pooled1.engine.n} |`);
    expect(md).toContain(`| 1 | ${pooled1.engine.n} | ${pooled1.pitDeciles.join(' | ')} |`);
    expect(md).toContain('U-shaped');
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
    expect(a.stderr).toContain(`warning: ${unknown}: series "trade.widgets": 1 row not scored (line 3): neither produced by the engine nor in data/; ignored`);

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
    expect(c.stderr).toContain(`trade.turnover: 1 row not scored (2010): not after the as-of year ${baseYear}`);
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
