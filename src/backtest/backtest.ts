import { quantilesAt, type Quantiles } from '../stats/quantileLevels.js';
import type { History, Observation } from '../data/history.js';
import { againstModel, baseYearData } from '../models/baseState.js';
import { calibrate } from '../models/calibration.js';
import { simulateScenario, type WorkerPool } from '../engine/simulate.js';
import { seriesOf, type SeriesInfo } from '../engine/series.js';
import { modelStructure, seriesInfo } from '../models/series.js';
import { validateScenarioDocument } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { withObservations } from './actuals.js';
import { naiveForecast, type NaiveMethod } from './naive.js';
import { absolutePercentageError, conformalFactor, covered, crpsFromQuantiles, crpsSkill, insideCentralInterval, pitDecileCounts, pitFromQuantiles, SCORING_LEVELS, wilsonInterval, type ShareInterval } from './scores.js';
import { groupWarnings, type Unscored } from './warnings.js';

/** Series scored together where single series have too few points (same horizon, one pool). */
export const POOLED_GROUPS: ReadonlyArray<{ readonly group: string; readonly series: readonly string[] }> = [
  { group: 'trade flows (pooled)', series: ['trade.turnover', 'trade.exports_ru_cn', 'trade.exports_cn_ru'] },
  { group: 'energy volumes (pooled)', series: ['energy.crude_oil', 'energy.pipeline_gas', 'energy.lng', 'energy.coal'] },
];

/** Central intervals whose observed coverage the reliability table reports (share of probability). */
export const RELIABILITY_LEVELS: readonly number[] = [0.2, 0.4, 0.6, 0.8, 0.9];

export type OilMode = 'realised' | 'scenario';

/** Scores of one forecaster for one series, as-of year and target year. */
export type ForecastScores = Quantiles<number> & ForecastScoreFields;

interface ForecastScoreFields {
  /** Actual inside P10–P90. */
  readonly covered80: boolean;
  /** Actual inside P5–P95. */
  readonly covered90: boolean;
  readonly crps: number;
  /** |P50 − actual| / |actual|, as a share. */
  readonly ape: number | null;
  /** Probability integral transform: the forecast's CDF at the actual (0–1; flat over many rows when calibrated). */
  readonly pit: number;
}

/**
 * The engine's forecast widened or narrowed by a split-conformal factor learnt from earlier
 * origins only (see withConformal): a correction layered on the model, never the default.
 */
export interface ConformalScores extends ForecastScores {
  /** Every quantile's distance from the median multiplied by this (above 1: wider). */
  readonly factor: number;
  /** Earlier forecasts (same horizon, outcome known by the as-of year) the factor was learnt from. */
  readonly calibrationRows: number;
}

/** Optional correction of the engine's bands reported beside the raw scores. */
export type Recalibration = 'none' | 'conformal';

export interface BacktestRow extends ForecastScores {
  readonly series: string;
  readonly unit: string;
  readonly asOf: number;
  readonly year: number;
  readonly horizon: number;
  readonly actual: number;
  readonly naive: Readonly<Record<NaiveMethod, ForecastScores | null>>;
  /** With --recalibrate conformal: the recalibrated engine forecast (null when too few earlier forecasts). */
  readonly conformal?: ConformalScores | null;
}

/** Mean scores of one forecaster over a group of rows. */
export interface MeanScores {
  readonly n: number;
  readonly coverage80: number;
  readonly coverage90: number;
  /** 95 % Wilson interval of coverage80 (what n points can tell). */
  readonly coverage80Interval: ShareInterval;
  readonly crps: number;
  readonly mape: number | null;
}

/**
 * Mean CRPS of the engine and both naive forecasts over the rows where all three exist (so they
 * are compared on the same outcomes), and the engine's skill against the better naive forecast.
 */
export interface CrpsComparison {
  /** Rows compared. */
  readonly n: number;
  readonly engine: number;
  readonly noChange: number;
  readonly averageGrowth: number;
  /** 1 − CRPS_engine / min(CRPS_noChange, CRPS_averageGrowth): positive = the engine is better; null when the better naive CRPS is 0. */
  readonly skill: number | null;
}

/** The scores of one horizon over a group of rows (one series, or a pool of series). */
export interface HorizonScores {
  readonly horizon: number;
  readonly engine: MeanScores;
  readonly noChange: MeanScores | null;
  readonly averageGrowth: MeanScores | null;
  /** Null when no row has both naive forecasts. */
  readonly crpsComparison: CrpsComparison | null;
  /** Engine rows by decile of their PIT (see pitDecileCounts): flat = calibrated, U = too narrow, hump = too wide, sloped = biased. */
  readonly pitDeciles: number[];
  /** With --recalibrate conformal: raw and recalibrated engine scores over the same rows (those recalibrated; null when none). */
  readonly conformal?: { readonly raw: MeanScores; readonly recalibrated: MeanScores } | null;
}

export interface BacktestSummaryRow extends HorizonScores {
  readonly series: string;
}

/** Observed coverage of a central interval of the engine's forecasts. */
export interface ReliabilityPoint {
  /** Nominal share of probability inside the interval (0.8: P10–P90). */
  readonly nominal: number;
  /** Share of actuals inside it. */
  readonly observed: number;
}

export interface PooledSummaryRow extends HorizonScores {
  /** Label of the pool, e.g. 'trade flows (pooled)'. */
  readonly group: string;
  /** The pool's series that had rows at this horizon. */
  readonly series: readonly string[];
  /** Observed coverage of the central intervals of RELIABILITY_LEVELS (from the PIT values). */
  readonly reliability: readonly ReliabilityPoint[];
}

export interface BacktestResult {
  readonly scenario: { readonly id: string; readonly name: string };
  readonly asOf: readonly number[];
  readonly oil: OilMode;
  readonly runs: number;
  readonly seed: number;
  readonly recalibration: Recalibration;
  readonly rows: BacktestRow[];
  /** By series and horizon. */
  readonly summary: BacktestSummaryRow[];
  /** By pooled group (POOLED_GROUPS) and horizon. */
  readonly pooled: PooledSummaryRow[];
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
  /** Default 'none'. */
  readonly recalibration?: Recalibration;
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

/** Copy series the data hold under another name (gdp.china_growth) to their report name, so they are scored. */
function withReportNames(history: History, series: readonly SeriesInfo[]): History {
  const copies: Observation[] = [];
  for (const { name, historyName } of series) {
    if (historyName === undefined) continue;
    for (const o of history.observations) {
      if (o.series === historyName && !history.has(name, o.year)) copies.push({ ...o, series: name });
    }
  }
  return withObservations(history, copies);
}

function scoresFromQuantiles(quantiles: readonly number[], at: (q: number) => number, y: number): ForecastScores {
  const q = quantilesAt(at);
  return {
    ...q,
    covered80: covered(q.p10, q.p90, y),
    covered90: covered(q.p05, q.p95, y),
    crps: crpsFromQuantiles(SCORING_LEVELS, quantiles, y),
    ape: absolutePercentageError(q.p50, y),
    pit: pitFromQuantiles(SCORING_LEVELS, quantiles, y),
  };
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
  const inside80 = rows.filter((r) => r.covered80).length;
  return {
    n,
    coverage80: inside80 / n,
    coverage90: rows.filter((r) => r.covered90).length / n,
    coverage80Interval: wilsonInterval(inside80, n),
    crps: rows.reduce((a, r) => a + r.crps, 0) / n,
    mape: apes.length ? apes.reduce((a, b) => a + b, 0) / apes.length : null,
  };
}

const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Engine against the naive forecasts on the rows where both naive forecasts exist. */
function crpsComparison(rows: readonly BacktestRow[]): CrpsComparison | null {
  const paired = rows.filter((r) => r.naive.noChange !== null && r.naive.averageGrowth !== null);
  if (paired.length === 0) return null;
  const engine = meanOf(paired.map((r) => r.crps));
  const noChange = meanOf(paired.map((r) => r.naive.noChange!.crps));
  const averageGrowth = meanOf(paired.map((r) => r.naive.averageGrowth!.crps));
  return { n: paired.length, engine, noChange, averageGrowth, skill: crpsSkill(engine, Math.min(noChange, averageGrowth)) };
}

/** Every score of one horizon over `rows` (all of that horizon). */
function horizonScores(rows: readonly BacktestRow[]): HorizonScores {
  const naive = (m: NaiveMethod) => {
    const xs = rows.map((r) => r.naive[m]).filter((x): x is ForecastScores => x !== null);
    return xs.length ? meanScores(xs) : null;
  };
  return {
    horizon: rows[0].horizon,
    engine: meanScores(rows),
    noChange: naive('noChange'),
    averageGrowth: naive('averageGrowth'),
    crpsComparison: crpsComparison(rows),
    pitDeciles: pitDecileCounts(rows.map((r) => r.pit)),
    ...(rows.some((r) => r.conformal !== undefined) ? { conformal: conformalMeans(rows) } : {}),
  };
}

function conformalMeans(rows: readonly BacktestRow[]): { raw: MeanScores; recalibrated: MeanScores } | null {
  const recalibrated = rows.filter((r) => r.conformal);
  return recalibrated.length ? { raw: meanScores(recalibrated), recalibrated: meanScores(recalibrated.map((r) => r.conformal!)) } : null;
}

/** Series whose errors calibrate each other: the row's pooled group, or the series alone. */
function calibrationFamily(series: string): readonly string[] {
  return POOLED_GROUPS.find((g) => g.series.includes(series))?.series ?? [series];
}

/** Level of the central band whose coverage the conformal factor targets (P10–P90). */
const CONFORMAL_LEVEL = 0.8;

/** |actual − P50| in units of half the P10–P90 width; undefined for a band of zero width. */
function standardizedError(r: ForecastScores & { readonly actual: number }): number | undefined {
  const halfWidth = (r.p90 - r.p10) / 2;
  return halfWidth > 0 ? Math.abs(r.actual - r.p50) / halfWidth : undefined;
}

/**
 * Horizon-wise split-conformal recalibration on an expanding window: for each row, the factor is
 * the conformal quantile of the standardized errors of every earlier forecast at the same horizon
 * whose outcome was known by the row's as-of year, in the row's pooled group (the errors are
 * unitless) or its own series, so no row uses information from after its origin. The recalibrated forecast keeps the median
 * and scales each quantile's distance from it. It does not remove bias.
 */
function withConformal(rows: readonly BacktestRow[], quantilesOf: ReadonlyMap<BacktestRow, readonly number[]>): BacktestRow[] {
  return rows.map((row) => {
    const family = calibrationFamily(row.series);
    const known = rows.filter((r) => r.horizon === row.horizon && r.year <= row.asOf && family.includes(r.series));
    const errors = known.map(standardizedError).filter((z): z is number => z !== undefined);
    const factor = conformalFactor(errors, CONFORMAL_LEVEL);
    if (factor === null) return { ...row, conformal: null };
    const q = quantilesOf.get(row)!.map((x) => row.p50 + factor * (x - row.p50));
    const at = (level: number) => q[Math.round(level * 100) - 1];
    return { ...row, conformal: { ...scoresFromQuantiles(q, at, row.actual), factor, calibrationRows: errors.length } };
  });
}

/** Rows grouped by horizon, ascending. */
function byHorizon(rows: readonly BacktestRow[]): BacktestRow[][] {
  const groups = new Map<number, BacktestRow[]>();
  for (const r of rows) groups.set(r.horizon, [...(groups.get(r.horizon) ?? []), r]);
  return [...groups.keys()].sort((a, b) => a - b).map((h) => groups.get(h)!);
}

/**
 * Summaries by series (in the engine's series order) and horizon, the naive forecasts beside the
 * engine.
 *
 * @example
 * summarise(result.rows).find((s) => s.series === 'trade.turnover' && s.horizon === 1)?.engine.coverage80;
 */
export function summarise(rows: readonly BacktestRow[]): BacktestSummaryRow[] {
  // Rows come in the engine's series order (backtest sorts them): keep it.
  const series = [...new Set(rows.map((r) => r.series))];
  return series.flatMap((name) => byHorizon(rows.filter((r) => r.series === name)).map((g) => ({ series: name, ...horizonScores(g) })));
}

/**
 * Summaries of each pooled group (POOLED_GROUPS) by horizon: every row of the group's series at
 * that horizon counts once, so coverage and PIT deciles rest on more points than one series has.
 *
 * @example
 * summarisePooled(result.rows).find((p) => p.group === 'trade flows (pooled)' && p.horizon === 1)?.engine.coverage80Interval;
 */
export function summarisePooled(rows: readonly BacktestRow[]): PooledSummaryRow[] {
  return POOLED_GROUPS.flatMap(({ group, series }) =>
    byHorizon(rows.filter((r) => series.includes(r.series))).map((g) => ({
      group,
      series: series.filter((s) => g.some((r) => r.series === s)),
      ...horizonScores(g),
      reliability: RELIABILITY_LEVELS.map((nominal) => ({ nominal, observed: g.filter((r) => insideCentralInterval(r.pit, nominal)).length / g.length })),
    })),
  );
}

/** Why an actual after the first as-of year could not be scored. */
function unscoredReason(series: string, oil: OilMode, projected: ReadonlyMap<string, number>): string {
  if (!projected.has(series)) return 'the engine does not project this series';
  if (series === 'oil.brent' && oil === 'realised') return 'with --oil realised the Brent path is an input, not a forecast';
  return 'no as-of year before it had the series in its base year (started from zero, not scored)';
}

/**
 * Backtest the engine: for each as-of year, refit every calibrated parameter on data up to that
 * year only, project to the last year with actuals, and score every report series with actuals
 * per horizon — beside two naive forecasts made from the same data. Actuals it cannot score are
 * named in the warnings, grouped.
 *
 * @example
 * const r = await backtest({ asOf: [2017, 2018], scenario, oil: 'realised', history, runs: 4000, seed: 1 });
 * r.pooled[0].engine.coverage80; // trade flows, one year ahead
 */
export async function backtest(o: BacktestOptions): Promise<BacktestResult> {
  const projected = seriesInfo(seriesOf(modelStructure(o.scenario)));
  // Row of each projected series: its place in the accumulator and the order of the results.
  const rowOf = new Map(projected.map((s, i) => [s.name, i]));
  const full = withReportNames(withDerivedBalance(o.history), projected);
  const warnings: string[] = [];
  const rows: BacktestRow[] = [];
  const scoredKeys = new Set<string>();
  const quantilesOf = new Map<BacktestRow, readonly number[]>();
  const scorable = (s: string): boolean => rowOf.has(s) && (s !== 'oil.brent' || o.oil === 'scenario');
  for (const asOf of o.asOf) {
    const past = full.truncatedAt(asOf);
    const scored = full.seriesNames().filter(scorable);
    const later = scored.flatMap((s) => full.years(s).filter((y) => y > asOf));
    if (later.length === 0) {
      warnings.push(`as of ${asOf}: no actuals after ${asOf} for the projected series; nothing scored`);
      continue;
    }
    const lastYear = Math.max(...later);
    const base = baseYearData(past, asOf, { allowUnobserved: true });
    if (base.unobserved.length > 0) warnings.push(`as of ${asOf}: no ${base.unobserved.join(', ')} in ${asOf}; started from zero and not scored`);
    const scenario = validateScenarioDocument(backtestScenario(o.scenario, asOf, lastYear, o.oil, full), `backtest scenario (as of ${asOf})`, againstModel(base));
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
      const row = rowOf.get(series)!;
      const unit = projected[row].unit;
      sim.params.years.forEach((year, t) => {
        if (!full.has(series, year)) return;
        const y = full.value(series, year);
        const cell = row * n + t;
        const at = (q: number) => sim.accumulator.quantile(cell, q);
        const quantiles = SCORING_LEVELS.map(at);
        const engine = scoresFromQuantiles(quantiles, at, y);
        const naive = (m: NaiveMethod): ForecastScores | null => {
          const f = naiveForecast(past, series, asOf, year, m);
          if (!f) return null;
          const q = (level: number) => f.quantiles[Math.round(level * 100) - 1];
          return scoresFromQuantiles(f.quantiles, q, y);
        };
        const scoredRow: BacktestRow = { series, unit, asOf, year, horizon: year - asOf, actual: y, ...engine, naive: { noChange: naive('noChange'), averageGrowth: naive('averageGrowth') } };
        rows.push(scoredRow);
        quantilesOf.set(scoredRow, quantiles);
        scoredKeys.add(`${series}|${year}`);
      });
    }
  }
  if (rows.length === 0) throw new NothingToScoreError(`nothing to score: no actuals after ${o.asOf.join(', ')} for the series the engine projects`);
  warnings.push(...groupWarnings(unscoredActuals(full, Math.min(...o.asOf), scoredKeys, o.oil, projected, rowOf)));
  const recalibration = o.recalibration ?? 'none';
  const scored = (recalibration === 'conformal' ? withConformal(rows, quantilesOf) : rows).sort((a, b) => rowOf.get(a.series)! - rowOf.get(b.series)! || a.asOf - b.asOf || a.year - b.year);
  return { scenario: { id: o.scenario.id, name: o.scenario.name }, asOf: [...o.asOf], oil: o.oil, runs: o.runs, seed: o.seed, recalibration, rows: scored, summary: summarise(scored), pooled: summarisePooled(scored), warnings };
}

/**
 * Actuals after the first as-of year that no as-of year scored, with the reason. Data series
 * copied to a report name (gdp.china_growth → macro.china_gdp_growth) are scored under that name.
 */
function unscoredActuals(full: History, firstAsOf: number, scoredKeys: ReadonlySet<string>, oil: OilMode, projected: readonly SeriesInfo[], rowOf: ReadonlyMap<string, number>): Unscored[] {
  const aliased = new Set(projected.flatMap((s) => (s.historyName === undefined ? [] : [s.historyName])));
  return full.seriesNames()
    .filter((s) => !aliased.has(s))
    .flatMap((series) =>
      full.years(series)
        .filter((year) => year > firstAsOf && !scoredKeys.has(`${series}|${year}`))
        .map((year) => ({ subject: series, reason: unscoredReason(series, oil, rowOf), where: String(year) })),
    );
}
