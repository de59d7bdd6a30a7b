import { describe, expect, it } from 'vitest';
import { answerQuestions, resolveQuestions } from '../src/engine/questions.js';
import { runScenario } from '../src/report/run.js';
import { withOverrides } from '../src/index.js';
import { questionProblems } from '../src/scenario/semantics.js';
import type { Question } from '../src/scenario/types.js';
import { BASELINE_SERIES, baseYear, loadLibraryScenario, seriesRow } from './helpers.js';

const SERIES_COUNT = BASELINE_SERIES.length;

const years = [baseYear + 1, baseYear + 2, baseYear + 3];
const turnover = (over: Partial<Question>): Question => ({ id: 'q', text: 'q?', series: 'trade.turnover', comparison: '>=', threshold: 300, ...over }) as Question;

/** One path whose turnover is 250, 310, 290 over the three years; every other cell 0. */
function path3(): Float64Array {
  const out = new Float64Array(SERIES_COUNT * years.length + 8);
  out.set([250, 310, 290], seriesRow('trade.turnover') * years.length);
  return out;
}

function answer(qs: Question[]): number[] {
  const out = path3();
  answerQuestions(resolveQuestions(qs, years, BASELINE_SERIES), out, years.length, SERIES_COUNT * years.length);
  return Array.from(out.subarray(SERIES_COUNT * years.length, SERIES_COUNT * years.length + qs.length));
}

describe('questions: one path, hand-checked', () => {
  it('tests one year, up to a year, any year and every year', () => {
    const [y1, y2, y3] = years;
    expect(
      answer([
        turnover({ year: y1 }), // 250 >= 300: no
        turnover({ year: y2 }), // 310: yes
        turnover({ by: y1 }), // only 250: no
        turnover({ by: y2 }), // 310 in y2: yes
        turnover({ anyYear: true }), // yes
        turnover({ everyYearThrough: y3 }), // 250 fails: no
        turnover({ everyYearThrough: y1, comparison: '<', threshold: 260 }), // 250 < 260: yes
        turnover({ year: y3, comparison: '>', threshold: 290 }), // 290 > 290: no (strict)
      ]),
    ).toEqual([0, 1, 0, 1, 1, 0, 1, 0]);
    expect(answer([turnover({ year: y3, comparison: '<=', threshold: 290 })])).toEqual([1]);
  });
});

describe('questions: validation', () => {
  it('asks for exactly one "when", unique ids and projected years', () => {
    const last = baseYear + 10;
    const problems = questionProblems(
      [
        turnover({ id: 'a', year: baseYear + 1, by: baseYear + 2 }),
        turnover({ id: 'b' }),
        turnover({ id: 'b', year: baseYear }),
        turnover({ id: 'c', everyYearThrough: last + 1 }),
      ],
      last,
      baseYear,
    );
    expect(problems.map((p) => p.pointer)).toEqual(['/questions/0', '/questions/1', '/questions/2/id', '/questions/2/year', '/questions/3/everyYearThrough']);
    expect(problems[0].message).toContain('exactly one of year, by, anyYear, everyYearThrough (got year, by)');
    expect(problems[3].message).toContain(`outside the projection (${baseYear + 1}–${last})`);
  });

  it('a question about a series the model does not write is refused with its pointer (checked against the model, not the schema)', () => {
    const baseline = loadLibraryScenario('baseline.json');
    const ask = (series: string) => withOverrides(baseline, { questions: [{ id: 'q', text: 'q?', series, comparison: '>=', threshold: 1, year: baseYear + 2 }] });
    expect(() => ask('trade.turnovr')).toThrow(/\/questions\/\d+\/series: no series "trade\.turnovr"/);
    expect(() => ask('energy.lng')).not.toThrow();
    // Every series the run writes can be asked about.
    for (const s of BASELINE_SERIES) expect(() => ask(s.name)).not.toThrow();
  });
});

describe('questions: answered by the Monte Carlo', () => {
  it('agree with the series quantiles and nest (one year ≤ up to that year ≤ any year; every year ≤ one year)', async () => {
    const baseline = loadLibraryScenario('baseline.json');
    const y = baseYear + 5;
    const q = (id: string, over: Partial<Question>) => ({ ...turnover({ id, text: id }), ...over }) as Question;
    const report = await runScenario(
      withOverrides(baseline, {
        questions: [
          q('median', { year: y, threshold: 0 }),
          q('one-year', { year: y }),
          q('by-year', { by: y }),
          q('any-year', { anyYear: true }),
          q('every-year', { everyYearThrough: y }),
        ],
      }),
      { runs: 4000, seed: 11, workers: 0 },
    );
    const byId = Object.fromEntries(report.questions.map((a) => [a.id, a]));
    // Every baseline question is still there (merged by id), after the overrides' own.
    expect(report.questions.map((a) => a.id)).toEqual([...baseline.questions!.map((b) => b.id), 'median', 'one-year', 'by-year', 'any-year', 'every-year']);
    expect(byId['median'].probability).toBe(1); // turnover is always positive
    expect(byId['median'].standardError).toBe(0);
    const p = byId['one-year'].probability;
    // P(turnover ≥ 300 in y) must sit between the quantiles around 300 of that year's distribution.
    const t = y - report.years[0];
    const s = report.series['trade.turnover'];
    if (s.p90[t] < 300) expect(p).toBeLessThanOrEqual(0.1 + 3 * byId['one-year'].standardError);
    if (s.p10[t] > 300) expect(p).toBeGreaterThanOrEqual(0.9 - 3 * byId['one-year'].standardError);
    if (s.p50[t] >= 300) expect(p).toBeGreaterThanOrEqual(0.5 - 0.01);
    else expect(p).toBeLessThanOrEqual(0.5 + 0.01);
    expect(p).toBeGreaterThan(0);
    expect(byId['by-year'].probability).toBeGreaterThanOrEqual(p);
    expect(byId['any-year'].probability).toBeGreaterThanOrEqual(byId['by-year'].probability);
    expect(byId['every-year'].probability).toBeLessThanOrEqual(p);
    // Standard error of an independent-path share: sample sd / √n = √(p(1−p)/(n−1)).
    expect(byId['one-year'].standardError).toBeCloseTo(Math.sqrt((p * (1 - p)) / 3999), 9);
    expect(byId['one-year'].unit).toBe('USD bn');
    expect(byId['one-year'].when).toBe(`in ${y}`);
  });
});

describe('questions: properties over random paths', () => {
  it('for any path and threshold: "in year y" implies "by y" and "any year"; "every year through y" implies "in y"; the opposite comparison flips a one-year answer', async () => {
    const fc = (await import('fast-check')).default;
    const n = 6;
    const ys = Array.from({ length: n }, (_, i) => baseYear + 1 + i);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n, maxLength: n }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.integer({ min: 0, max: n - 1 }),
        fc.constantFrom('>=', '>', '<=', '<'),
        (values, threshold, t, comparison) => {
          const out = new Float64Array(SERIES_COUNT * n + 5);
          out.set(values, seriesRow('trade.balance') * n);
          const q = (over: Partial<Question>) => ({ id: 'q', text: 'q', series: 'trade.balance', comparison, threshold, ...over }) as Question;
          const opposite = ({ '>=': '<', '>': '<=', '<=': '>', '<': '>=' } as const)[comparison as '>='];
          answerQuestions(resolveQuestions([q({ year: ys[t] }), q({ by: ys[t] }), q({ anyYear: true }), q({ everyYearThrough: ys[t] }), q({ year: ys[t], comparison: opposite })], ys, BASELINE_SERIES), out, n, SERIES_COUNT * n);
          const [inYear, by, any, every, flipped] = out.subarray(SERIES_COUNT * n);
          return (inYear <= by && by <= any && every <= inYear && inYear + flipped === 1);
        },
      ),
      { seed: Number(process.env.FC_SEED ?? 42), numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });
});
