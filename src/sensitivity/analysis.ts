/**
 * What drives the forecast: one-at-a-time swings (tornado) and variance-based indices (Sobol),
 * both on common random numbers. See docs/sensitivity.md for the methods, estimators and costs.
 */
import { loadHistory, type History } from '../data/history.js';
import { STREAM, STREAM_COUNT } from '../engine/kernel.js';
import type { ModelParams } from '../engine/params.js';
import { seriesOf } from '../engine/series.js';
import { prepareParams, POOL_THRESHOLD_RUNS } from '../engine/simulate.js';
import { defaultThreadCount } from '../workers/pool.js';
import { evaluateVariants, openVariantPool, type Variant, type VariantPool } from '../engine/variants.js';
import { baseYearData } from '../models/baseState.js';
import { loadCalibration } from '../models/calibrationFile.js';
import { RandomStream } from '../random/stream.js';
import { ScenarioError } from '../scenario/errors.js';
import { runOptionProblems } from '../scenario/runOptions.js';
import type { Scenario } from '../scenario/types.js';
import { scenarioLevers, type Lever, type SkippedLever } from './levers.js';

export type SensitivityMethod = 'tornado' | 'sobol';

/** Default paths: per variant for the tornado, base samples N for Sobol (N·(groups + 2) evaluations). */
export const DEFAULT_RUNS: Readonly<Record<SensitivityMethod, number>> = { tornado: 2048, sobol: 8192 };

/** Series analysed when none is chosen. */
export const DEFAULT_SENSITIVITY_SERIES: readonly string[] = ['trade.turnover', 'trade.exports_ru_cn', 'energy.pipeline_gas', 'settlement.national'];

/** Bootstrap resamples behind each Sobol interval, and the interval's level. */
export const BOOTSTRAP = { resamples: 200, level: 0.95 } as const;

/**
 * The groups of random inputs whose shares of variance Sobol indices measure, each a set of the
 * kernel's block streams. Every stream belongs to exactly one group (checked below), so a stream
 * added to the kernel must be placed here.
 */
export const STREAM_GROUPS: ReadonlyArray<{ readonly name: string; readonly streams: ReadonlyArray<keyof typeof STREAM>; readonly description: string }> = [
  { name: 'oil', streams: ['oil'], description: 'Brent shocks and jumps (with correlations on, they also move the macro shocks they are correlated with)' },
  { name: 'sanctions', streams: ['sanctions'], description: 'the sanctions regime path (transitions and events)' },
  { name: 'macro', streams: ['macro'], description: 'China and Russia GDP growth and rouble shocks' },
  { name: 'infrastructure', streams: ['infrastructure', 'routes'], description: 'whether and when each pipeline, LNG plant and new transport route is built' },
  { name: 'parameters', streams: ['parameters'], description: 'each path’s draws of the estimated parameters, capacity ranges and the settlement ceiling' },
  { name: 'residual noise', streams: ['energy', 'trade', 'settlement'], description: 'year-to-year noise and breaks in volumes, trade and settlement' },
  { name: 'allocation', streams: ['geography'], description: 'each path’s draws of the commodity-group and regional shares (they split the national flows, never move them)' },
];
{
  const covered = STREAM_GROUPS.flatMap((g) => g.streams).sort();
  if (covered.length !== STREAM_COUNT || new Set(covered).size !== STREAM_COUNT) throw new Error(`internal: the Sobol groups must cover each of the ${STREAM_COUNT} streams once (${covered.join(', ')})`);
}

/** One analysed output: a series in a year. */
export interface OutputCell {
  readonly series: string;
  readonly unit: string;
  readonly year: number;
}

/** P10, median and P90 of an output. */
export interface Band {
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}

export interface TornadoBar {
  readonly lever: string;
  /** Change of P10, median and P90 from the scenario's own, with the lever low and high. */
  readonly low: Band;
  readonly high: Band;
  /** |change of the median at high − change at low|: what the bars are sorted by. */
  readonly effect: number;
}

export interface TornadoOutput extends OutputCell {
  readonly base: Band;
  /** Every lever, largest effect first. */
  readonly bars: readonly TornadoBar[];
}

export interface TornadoResult {
  readonly method: 'tornado';
  readonly scenario: { readonly id: string; readonly name: string };
  readonly runs: number;
  readonly seed: number;
  /** Model evaluations (paths × variants): runs × (2 × levers + 1). */
  readonly evaluations: number;
  readonly levers: readonly Lever[];
  readonly skipped: readonly SkippedLever[];
  readonly outputs: readonly TornadoOutput[];
}

/** An index with its bootstrap interval. */
export interface Estimate {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

export interface SobolOutput extends OutputCell {
  readonly mean: number;
  readonly variance: number;
  /** Per group, in STREAM_GROUPS order; null when the output does not vary. */
  readonly indices: ReadonlyArray<{ readonly group: string; readonly first: Estimate; readonly total: Estimate }> | null;
  /** Sum of the first-order indices: 1 − this is the share of variance in interactions. */
  readonly firstOrderSum: number | null;
}

export interface SobolResult {
  readonly method: 'sobol';
  readonly scenario: { readonly id: string; readonly name: string };
  /** N, the base samples (paths of A and of B). */
  readonly runs: number;
  readonly seed: number;
  /** The second seed, that of matrix B. */
  readonly seedB: number;
  /** Model evaluations: N × (groups + 2). */
  readonly evaluations: number;
  readonly groups: ReadonlyArray<{ readonly name: string; readonly streams: readonly string[]; readonly description: string }>;
  readonly bootstrap: { readonly resamples: number; readonly level: number };
  readonly outputs: readonly SobolOutput[];
}

export type SensitivityResult = TornadoResult | SobolResult;

export interface SensitivityOptions {
  readonly method?: SensitivityMethod;
  readonly series?: readonly string[];
  readonly years?: readonly number[];
  readonly runs?: number;
  readonly seed?: number;
  /** Worker threads (0: this thread; default: the cores available when the work is large). */
  readonly workers?: number;
  readonly history?: History;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onWarning?: (message: string) => void;
}

/** Empirical quantile of sorted values, rank ⌊q·(n − 1)⌋ (the reports' method). */
function quantileSorted(sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

function band(values: Float64Array): Band {
  const s = Float64Array.from(values).sort();
  return { p10: quantileSorted(s, 0.1), p50: quantileSorted(s, 0.5), p90: quantileSorted(s, 0.9) };
}

/** The chosen outputs, checked against the series list and the projected years (a ScenarioError names a bad one). */
export function outputCells(params: ModelParams, series: readonly string[] | undefined, years: readonly number[] | undefined): OutputCell[] {
  const names = series && series.length > 0 ? series : DEFAULT_SENSITIVITY_SERIES;
  const list = seriesOf(params.structure);
  const unknown = names.filter((s) => !list.some((x) => x.name === s));
  const projected = params.years;
  const chosenYears = years && years.length > 0 ? [...new Set(years)].sort((a, b) => a - b) : projected.filter((y, i) => y % 5 === 0 || i === projected.length - 1);
  const outside = chosenYears.filter((y) => !projected.includes(y));
  const problems = [
    ...unknown.map((s) => ({ file: '--series', pointer: '', message: `unknown series ${JSON.stringify(s)} (eastward series lists them)` })),
    ...outside.map((y) => ({ file: '--years', pointer: '', message: `${y} is not a projected year (${projected[0]}–${projected[projected.length - 1]})` })),
  ];
  if (problems.length > 0) throw new ScenarioError(problems);
  return names.flatMap((s) => chosenYears.map((year) => ({ series: s, unit: list.find((x) => x.name === s)!.unit, year })));
}

/** The cell of an output in a path buffer of `p` (its series' row in p's own series list). */
const cellIndex = (p: ModelParams, c: OutputCell) => seriesOf(p.structure).findIndex((x) => x.name === c.series) * p.years.length + p.years.indexOf(c.year);

/** Open a pool when asked, or when the work is large enough to pay for the threads. */
function poolFor(workers: number | undefined, evaluations: number): VariantPool | undefined {
  const threads = workers ?? (evaluations >= POOL_THRESHOLD_RUNS ? defaultThreadCount() : 0);
  return threads > 0 ? openVariantPool(threads) : undefined;
}

/**
 * Run a sensitivity analysis of a validated scenario. Same scenario, options and seed ⇒ the same
 * result, whatever the workers.
 *
 * @example
 * const r = await sensitivity(baseline, { method: 'tornado', series: ['trade.exports_ru_cn'], years: [2030] });
 * r.outputs[0].bars[0].lever; // the lever that moves the 2030 median most
 */
export async function sensitivity(scenario: Scenario, options: SensitivityOptions = {}): Promise<SensitivityResult> {
  const method = options.method ?? 'tornado';
  // The same checks as a run's options (a library caller's typo is a ScenarioError, as on the CLI).
  const optionProblems = runOptionProblems({ runs: options.runs, seed: options.seed, workers: options.workers, signal: options.signal });
  if (!['tornado', 'sobol'].includes(method)) optionProblems.push({ file: 'options', pointer: '/method', message: `must be "tornado" or "sobol" (got ${JSON.stringify(method)})` });
  if (optionProblems.length > 0) throw new ScenarioError(optionProblems);
  const history = options.history ?? loadHistory();
  const { params } = prepareParams(scenario, { history, onWarning: options.onWarning });
  const cells = outputCells(params, options.series, options.years);
  const runs = options.runs ?? DEFAULT_RUNS[method];
  const seed = options.seed ?? scenario.simulation.seed;
  return method === 'tornado' ? tornado(scenario, params, cells, runs, seed, { ...options, history }) : sobol(scenario, params, cells, runs, seed, options);
}

/** Levers evaluated per pass: bounds the raw values held at once (2 × this × outputs × runs numbers). */
const LEVERS_PER_PASS = 16;

async function tornado(scenario: Scenario, params: ModelParams, cells: readonly OutputCell[], runs: number, seed: number, options: SensitivityOptions & { readonly history: History }): Promise<TornadoResult> {
  const base = baseYearData(options.history, params.baseYear);
  const calibration = loadCalibration(options.history, base.year, options.onWarning);
  const found = scenarioLevers(scenario, { calibration, base });
  const levers = found.levers;
  const evaluations = runs * (2 * levers.length + 1);
  const pool = poolFor(options.workers, evaluations);
  const run = { pool, workers: pool ? undefined : 0, signal: options.signal };
  const idx = cells.map((c) => cellIndex(params, c));
  try {
    const baseValues = await evaluateVariants({ params: [params], variants: [{ params: 0, streamSeeds: null }], cells: [idx], inputs: false, seed }, runs, run);
    const baseBands = baseValues.values[0].map(band);
    const bars: TornadoBar[][] = cells.map(() => []);
    for (let first = 0; first < levers.length; first += LEVERS_PER_PASS) {
      const pass = levers.slice(first, first + LEVERS_PER_PASS);
      const list = pass.flatMap((l) => [l.low, l.high]);
      const out = await evaluateVariants({ params: list, variants: list.map((_, k) => ({ params: k, streamSeeds: null })), cells: list.map(() => idx), inputs: false, seed }, runs, run);
      pass.forEach((l, j) => {
        cells.forEach((_, c) => {
          const b = baseBands[c];
          const shift = (x: Band): Band => ({ p10: x.p10 - b.p10, p50: x.p50 - b.p50, p90: x.p90 - b.p90 });
          const low = shift(band(out.values[2 * j][c]));
          const high = shift(band(out.values[2 * j + 1][c]));
          bars[c].push({ lever: l.lever.id, low, high, effect: Math.abs(high.p50 - low.p50) });
        });
      });
      options.onProgress?.(Math.min(levers.length, first + LEVERS_PER_PASS), levers.length);
    }
    return {
      method: 'tornado',
      scenario: { id: scenario.id, name: scenario.name },
      runs,
      seed,
      evaluations,
      levers: levers.map((l) => l.lever),
      skipped: found.skipped,
      // Ties (levers that do not move this output) keep the walk's order: a stable sort.
      outputs: cells.map((c, i) => ({ ...c, base: baseBands[i], bars: [...bars[i]].sort((a, b) => b.effect - a.effect) })),
    };
  } finally {
    await pool?.destroy();
  }
}

/** The seed of matrix B: a fixed scramble of the run seed (never equal to it). */
export function seedOfB(seed: number): number {
  const b = (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + 0x7f4a7c15) >>> 0;
  return b === seed ? (b + 1) >>> 0 : b;
}

/**
 * First-order (Saltelli 2010) and total (Jansen 1999) indices of every group for one output, from
 * f(A), f(B) and f(AB_g) on the paths `rows` (all paths, or a bootstrap resample). AB_g takes the
 * streams of group g from B and the rest from A. V is the variance of f over A and B pooled.
 */
function indices(fA: Float64Array, fB: Float64Array, fAB: readonly Float64Array[], rows: Uint32Array | null): { first: number[]; total: number[]; variance: number; mean: number } {
  const n = rows ? rows.length : fA.length;
  let sum = 0;
  let sumSq = 0;
  for (let k = 0; k < n; k++) {
    const j = rows ? rows[k] : k;
    sum += fA[j] + fB[j];
    sumSq += fA[j] * fA[j] + fB[j] * fB[j];
  }
  const mean = sum / (2 * n);
  const variance = Math.max(0, sumSq / (2 * n) - mean * mean);
  const first: number[] = [];
  const total: number[] = [];
  for (const f of fAB) {
    let s = 0;
    let t = 0;
    for (let k = 0; k < n; k++) {
      const j = rows ? rows[k] : k;
      // Centring f(B) on the mean leaves the estimator's expectation unchanged and cuts its variance.
      s += (fB[j] - mean) * (f[j] - fA[j]);
      const d = fA[j] - f[j];
      t += d * d;
    }
    first.push(s / n / variance);
    total.push(t / (2 * n) / variance);
  }
  return { first, total, variance, mean };
}

async function sobol(scenario: Scenario, params: ModelParams, cells: readonly OutputCell[], runs: number, seed: number, options: SensitivityOptions): Promise<SobolResult> {
  const seedB = seedOfB(seed);
  const seedsOf = (fromB: (stream: number) => boolean) => Array.from({ length: STREAM_COUNT }, (_, s) => (fromB(s) ? seedB : seed));
  const variants: Variant[] = [
    { params: 0, streamSeeds: seedsOf(() => false) },
    { params: 0, streamSeeds: seedsOf(() => true) },
    ...STREAM_GROUPS.map((g) => ({ params: 0, streamSeeds: seedsOf((s) => g.streams.some((name) => STREAM[name] === s)) })),
  ];
  const evaluations = runs * variants.length;
  const pool = poolFor(options.workers, evaluations);
  const idx = cells.map((c) => cellIndex(params, c));
  let out;
  try {
    out = await evaluateVariants({ params: [params], variants, cells: variants.map(() => idx), inputs: false, seed }, runs, { pool, workers: pool ? undefined : 0, signal: options.signal });
  } finally {
    await pool?.destroy();
  }
  // Bootstrap resamples of the paths, from a stream of their own: the same intervals every time.
  const rng = new RandomStream(seed, 0, 1000 + STREAM_COUNT);
  const resamples = Array.from({ length: BOOTSTRAP.resamples }, () => Uint32Array.from({ length: runs }, () => Math.floor(rng.uniform() * runs)));
  const tail = (1 - BOOTSTRAP.level) / 2;
  const outputs: SobolOutput[] = cells.map((c, i) => {
    const fA = out.values[0][i];
    const fB = out.values[1][i];
    const fAB = STREAM_GROUPS.map((_, g) => out.values[2 + g][i]);
    const point = indices(fA, fB, fAB, null);
    if (!(point.variance > 0)) return { ...c, mean: point.mean, variance: 0, indices: null, firstOrderSum: null };
    const boot = resamples.map((rows) => indices(fA, fB, fAB, rows));
    const interval = (pick: (r: ReturnType<typeof indices>) => number): [number, number] => {
      const v = Float64Array.from(boot.map(pick).filter(Number.isFinite)).sort();
      return v.length === 0 ? [Number.NaN, Number.NaN] : [quantileSorted(v, tail), v[Math.ceil((1 - tail) * (v.length - 1))]];
    };
    return {
      ...c,
      mean: point.mean,
      variance: point.variance,
      indices: STREAM_GROUPS.map((g, k) => {
        const [fl, fh] = interval((r) => r.first[k]);
        const [tl, th] = interval((r) => r.total[k]);
        return { group: g.name, first: { estimate: point.first[k], low: fl, high: fh }, total: { estimate: point.total[k], low: tl, high: th } };
      }),
      firstOrderSum: point.first.reduce((a, b) => a + b, 0),
    };
  });
  return {
    method: 'sobol',
    scenario: { id: scenario.id, name: scenario.name },
    runs,
    seed,
    seedB,
    evaluations,
    groups: STREAM_GROUPS.map((g) => ({ name: g.name, streams: [...g.streams], description: g.description })),
    bootstrap: { ...BOOTSTRAP },
    outputs,
  };
}
