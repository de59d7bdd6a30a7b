import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { History, type Observation } from '../src/data/history.js';
import { BASE_SERIES, baseYearData } from '../src/models/baseState.js';
import { brentAr1, calibrate } from '../src/models/calibration.js';
import { calibrationJson } from '../src/models/calibrationFile.js';
import { parseCsv } from '../src/data/csv.js';
import { baseYear, history, root } from './helpers.js';

function obs(series: string, year: number, value: number): Observation {
  return { series, year, value, unit: '', quality: 'reported', source: 'test' };
}

describe('calibration', () => {
  it('recovers a known AR(1) coefficient exactly from a noiseless series', () => {
    // x_t = 0.5 · x_{t−1} around a mean: ln P_t − μ halves each year, so OLS gives φ = 0.5, σ = 0
    const xs = [0.8, 0.4, 0.2, 0.1, 0.05, 0.025];
    const mu = Math.log(60);
    // shift so the sample mean of ln P is μ: subtract the mean of xs
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const h = new History(xs.map((x, i) => obs('oil.brent', 2000 + i, Math.exp(mu + x - m))), [], []);
    const fit = brentAr1(h, 2005);
    expect(fit.phi).toBeCloseTo(0.5, 10);
    expect(fit.sigma).toBeCloseTo(0, 10);
    expect(fit.n).toBe(5);
  });

  it('uses no data after the through-year: every estimate, spread and break is unchanged when later years move, each differently', () => {
    // A different factor per later year, so later log changes and ratios (HS 27 to Brent) move too.
    for (const through of [2019, 2021, 2022]) {
      const a = calibrate(history, through);
      const perturbed = new History(
        history.observations.map((o) => (o.year > through ? { ...o, value: o.value * (1 + 0.13 * (o.year - through)) } : o)),
        history.settlementStatements.map((s) => (s.decimalYear >= through + 1 ? { ...s, nationalShare: s.nationalShare / 2 } : s)),
        history.logistics,
      );
      expect(calibrate(perturbed, through)).toEqual(a);
      // and the perturbation is seen by a later calibration: the test can fail
      expect(calibrate(perturbed, through + 2)).not.toEqual(calibrate(history, through + 2));
    }
  });

  it('the committed data/calibration.json is what `eastward calibrate` makes from data/', () => {
    const committed = readFileSync(path.join(root, 'data', 'calibration.json'), 'utf8');
    expect(calibrationJson(calibrate(history, baseYear))).toBe(committed);
  });

  it('is deterministic', () => {
    expect(calibrationJson(calibrate(history))).toBe(calibrationJson(calibrate(history)));
  });
});

describe('base year', () => {
  it('is the last year every base series has in data/history.csv', () => {
    // Recompute independently from the raw CSV.
    const rows = parseCsv(readFileSync(path.join(root, 'data', 'history.csv'), 'utf8')).slice(1);
    const yearsBySeries = BASE_SERIES.map((s) => new Set(rows.filter((r) => r[0] === s).map((r) => Number(r[1]))));
    const common = [...yearsBySeries[0]].filter((y) => yearsBySeries.every((set) => set.has(y)));
    expect(baseYear).toBe(Math.max(...common));
  });

  it('moves when newer data arrive', () => {
    const next = baseYear + 1;
    const extra = BASE_SERIES.map((s) => obs(s, next, history.value(s, baseYear) * 1.01));
    const newer = new History([...history.observations, ...extra], history.settlementStatements, history.logistics);
    const b = baseYearData(newer);
    expect(b.year).toBe(next);
    expect(b.turnoverUsdBn).toBeCloseTo(history.value('trade.turnover', baseYear) * 1.01, 9);
  });

  it('takes the national share from the statements of the latest year that has any', () => {
    const b = baseYearData(history);
    const ys = history.settlementStatements.map((s) => Math.floor(s.decimalYear)).filter((y) => y <= b.year);
    const latest = Math.max(...ys);
    const shares = history.settlementStatements.filter((s) => Math.floor(s.decimalYear) === latest).map((s) => s.nationalShare);
    expect(b.nationalShare).toBeCloseTo(shares.reduce((a, c) => a + c, 0) / shares.length, 12);
  });
});
