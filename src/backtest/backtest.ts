import type { History, Observation } from '../data/history.js';
import { baseYearData } from '../models/baseState.js';
import { calibrate } from '../models/calibration.js';
import { simulateScenario, type WorkerPool } from '../engine/run.js';
import { SERIES_INDEX, type SeriesName } from '../engine/series.js';
import { HEADLINE_SERIES } from '../engine/report.js';
import { validateScenarioDocument } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { withObservations } from './actuals.js';
import { naiveForecast, type NaiveMethod } from './naive.js';
import { absolutePercentageError, covered, crpsFromQuantiles, SCORING_LEVELS } from './scores.js';

/**
 * Series a backtest scores when the data have actuals for them: the report's headline series,
 * less the national settlement share (officials' statements, not an annual series).
 */
export const SCORED_SERIES: readonly SeriesName[] = HEADLINE_SERIES.filter((s) => s !== 'settlement.national');

export type OilMode = 'realised' | 'scenario';

/** Scores of one forecaster for one series, as-of year and target year. */
export interface ForecastScores {
  readonly p05: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  /** Actual inside P10–P90. */
  readonly covered80: boolean;
  /** Actual inside P5–P95. */
  readonly covered90: boolean;
  readonly crps: number;
  /** |P50 − actual| / |actual|, as a share. */
  readonly ape: number | null;
}

export interface BacktestRow extends ForecastScores {
  readonly series: SeriesName;
  readonly unit: string;
  readonly asOf: number;
  readonly year: number;
  readonly horizon: number;
  readonly actual: number;
  readonly naive: Readonly<Record<NaiveMethod, ForecastScores | null>>;
}

/** Mean scores of one forecaster over a group of rows. */
export interface MeanScores {
  readonly n: number;
  readonly coverage80: number;
  readonly coverage90: number;
  readonly crps: number;
  readonly mape: number | null;
}

export interface BacktestSummaryRow {
  readonly series: SeriesName;
  readonly horizon: number;
  readonly engine: MeanScores;
  readonly noChange: MeanScores | null;
  readonly averageGrowth: MeanScores | null;
}

export interface BacktestResult {
  readonly scenario: { readonly id: string; readonly name: string };
  readonly asOf: readonly number[];
  readonly oil: OilMode;
  readonly runs: number;
  readonly seed: number;
  readonly rows: BacktestRow[];
  readonly summary: BacktestSummaryRow[];
  readonly warnings: string[];
}

export interface BacktestOptions {
  readonly asOf: readonly number[];
  readonly scenario: Scenario;
  readonly oil: OilMode;
  /** Shipped data plus any actuals (rows after an as-of year are used for scoring only). */
  readonly history: History;
  readonly runs: number;
  readonly seed: number;
  readonly pool?: WorkerPool;
  readonly onProgress?: (message: string) => void;
}

/** Thrown when there is nothing a backtest could score. */
export class NothingToScoreError extends Error {}

/** Add trade.balance where both flows are known (the data have no balance rows of their own). */
function withDerivedBalance(history: History): History {
  const derived: Observation[] = [];
  for (const year of history.years('trade.exports_ru_cn')) {
    if (!history.has('trade.exports_cn_ru', year) || history.has('trade.balance', year)) continue;
    derived.push({
      series: 'trade.balance',
      year,
      value: history.value('trade.exports_ru_cn', year) - history.value('trade.exports_cn_ru', year),
      unit: 'USD bn',
      quality: 'derived',
      source: 'trade.exports_ru_cn − trade.exports_cn_ru',
    });
  }
  return withObservations(history, derived);
}

function scoresFromQuantiles(quantiles: readonly number[], at: (q: number) => number, y: number): ForecastScores {
  const p05 = at(0.05);
  const p10 = at(0.1);
  const p50 = at(0.5);
  const p90 = at(0.9);
  const p95 = at(0.95);
  return { p05, p10, p50, p90, p95, covered80: covered(p10, p90, y), covered90: covered(p05, p95, y), crps: crpsFromQuantiles(SCORING_LEVELS, quantiles, y), ape: absolutePercentageError(p50, y) };
}

/**
 * The scenario for one as-of year: projection to `lastYear`, events after the as-of year, and
 * realised oil if asked. Its questions are dropped: they name years of the forward projection,
 * and a backtest scores series, not questions.
 */
function backtestScenario(s: Scenario, asOf: number, lastYear: number, oil: OilMode, full: History): Scenario {
  const base: Scenario = { ...s, horizon: lastYear, questions: [], sanctions: { ...s.sanctions, events: s.sanctions.events.filter((e) => e.year > asOf) } };
  if (oil === 'scenario') return base;
  const anchor = [];
  for (let y = asOf; y <= lastYear; y++) {
    if (!full.has('oil.brent', y)) throw new NothingToScoreError(`--oil realised needs Brent for every year ${asOf}–${lastYear}; there is none for ${y} (add it with --actuals)`);
    anchor.push({ year: y, value: full.value('oil.brent', y) });
  }
  // φ = 0 and no oil shocks: Brent is the realised path; every other shock stays on.
  return { ...base, oil: { ...base.oil, anchorUsdPerBarrel: anchor, meanReversionPhi: 0, volatilityLog: 0, jumpProbabilityPerYear: 0 } };
}

function meanScores(rows: ReadonlyArray<ForecastScores>): MeanScores {
  const n = rows.length;
  const apes = rows.map((r) => r.ape).filter((a): a is number => a !== null);
  return {
    n,
    coverage80: rows.filter((r) => r.covered80).length / n,
    coverage90: rows.filter((r) => r.covered90).length / n,
    crps: rows.reduce((a, r) => a + r.crps, 0) / n,
    mape: apes.length ? apes.reduce((a, b) => a + b, 0) / apes.length : null,
  };
}

/** Summaries by series and horizon, the naive forecasts beside the engine. */
export function summarise(rows: readonly BacktestRow[]): BacktestSummaryRow[] {
  const groups = new Map<string, BacktestRow[]>();
  for (const r of rows) {
    const k = `${SCORED_SERIES.indexOf(r.series).toString().padStart(2, '0')}|${String(r.horizon).padStart(3, '0')}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.keys()].sort().map((k) => {
    const g = groups.get(k)!;
    const naive = (m: NaiveMethod) => {
      const xs = g.map((r) => r.naive[m]).filter((x): x is ForecastScores => x !== null);
      return xs.length ? meanScores(xs) : null;
    };
    return { series: g[0].series, horizon: g[0].horizon, engine: meanScores(g), noChange: naive('noChange'), averageGrowth: naive('averageGrowth') };
  });
}

/**
 * Backtest the engine: for each as-of year, refit every calibrated parameter on data up to that
 * year only, project to the last year with actuals, and score each series with actuals per
 * horizon — beside two naive forecasts made from the same data.
 */
export async function backtest(o: BacktestOptions): Promise<BacktestResult> {
  const full = withDerivedBalance(o.history);
  const warnings: string[] = [];
  const rows: BacktestRow[] = [];
  for (const asOf of o.asOf) {
    const past = full.truncatedAt(asOf);
    const scored = SCORED_SERIES.filter((s) => s !== 'oil.brent' || o.oil === 'scenario');
    const later = scored.flatMap((s) => full.years(s).filter((y) => y > asOf));
    if (later.length === 0) {
      warnings.push(`as of ${asOf}: no actuals after ${asOf} for the projected series; nothing scored`);
      continue;
    }
    const lastYear = Math.max(...later);
    const base = baseYearData(past, asOf, { allowUnobserved: true });
    if (base.unobserved.length > 0) warnings.push(`as of ${asOf}: no ${base.unobserved.join(', ')} in ${asOf}; started from zero and not scored`);
    const scenario = validateScenarioDocument(backtestScenario(o.scenario, asOf, lastYear, o.oil, full), `backtest scenario (as of ${asOf})`, { base });
    o.onProgress?.(`as of ${asOf}: projecting ${asOf + 1}–${lastYear}`);
    const sim = await simulateScenario(scenario, {
      runs: o.runs,
      seed: o.seed,
      history: past,
      baseYear: asOf,
      allowUnobservedBase: true,
      calibration: calibrate(past, asOf),
      ...(o.pool ? { pool: o.pool } : { workers: 0 }),
    });
    const n = sim.params.years.length;
    for (const series of scored) {
      if (base.unobserved.includes(series)) continue;
      const unit = full.has(series, asOf) ? full.unit(series) : '';
      sim.params.years.forEach((year, t) => {
        if (!full.has(series, year)) return;
        const y = full.value(series, year);
        const cell = SERIES_INDEX[series] * n + t;
        const at = (q: number) => sim.accumulator.quantile(cell, q);
        const engine = scoresFromQuantiles(SCORING_LEVELS.map(at), at, y);
        const naive = (m: NaiveMethod): ForecastScores | null => {
          const f = naiveForecast(past, series, asOf, year, m);
          if (!f) return null;
          const q = (level: number) => f.quantiles[Math.round(level * 100) - 1];
          return scoresFromQuantiles(f.quantiles, q, y);
        };
        rows.push({ series, unit, asOf, year, horizon: year - asOf, actual: y, ...engine, naive: { noChange: naive('noChange'), averageGrowth: naive('averageGrowth') } });
      });
    }
  }
  if (rows.length === 0) throw new NothingToScoreError(`nothing to score: no actuals after ${o.asOf.join(', ')} for the series the engine projects (${SCORED_SERIES.join(', ')})`);
  return { scenario: { id: o.scenario.id, name: o.scenario.name }, asOf: [...o.asOf], oil: o.oil, runs: o.runs, seed: o.seed, rows, summary: summarise(rows), warnings };
}
