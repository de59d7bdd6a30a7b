import { QUANTILE_FIELDS, quantilesAt, type Quantiles } from '../stats/quantileLevels.js';
import { engineVersion } from '../paths.js';
import type { History } from '../data/history.js';
import type { RunAccumulator } from '../stats/summary.js';
import { DEFAULT_LAYOUT } from '../stats/logHistogram.js';
import { BLOCK_PATHS } from '../stats/summary.js';
import { HEADLINE_SERIES, type SeriesInfo } from '../engine/series.js';
import type { QuestionComparison, Question, Sampling } from '../scenario/types.js';
import type { KeyParameter } from './keyParameters.js';
import type { BandTrust } from '../backtest/trust.js';
import { questionUnit, questionWhen } from '../engine/questions.js';

/** One series of the report: a value per projected year for each statistic. */
export type SeriesReport = {
  readonly unit: string;
  readonly description: string;
  /** Present (true) on series allocated by assumed shares (groups, regions, routes): not observations. */
  readonly allocated?: true;
  readonly mean: number[];
  readonly sd: number[];
  readonly min: number[];
  readonly max: number[];
  /** Monte Carlo standard error of the mean: sd / √runs. */
  readonly meanStandardError: number[];
} & Quantiles<number[]>;

/** Observed history of a series, for charts and comparisons (from data/history.csv). */
export interface HistoryReport {
  readonly unit: string;
  readonly years: number[];
  readonly values: number[];
}

/** How precise the headline numbers are (Monte Carlo error), and how many runs a target needs. */
export interface ConvergenceReport {
  /** The requested precision: standard error of each mean as a share of the mean. */
  readonly targetRelativeError: number;
  readonly meanStandardErrorMethod: string;
  readonly quantileStandardErrorMethod: string;
  readonly series: Record<string, {
    readonly unit: string;
    readonly meanStandardError: number[];
    readonly p50StandardError: number[];
    readonly p90StandardError: number[];
    /** Runs needed for the mean's standard error to reach targetRelativeError × |mean| (null when the mean is 0). */
    readonly runsForTarget: Array<number | null>;
  }>;
}

/**
 * Where a report's data came from, without a path (reports carry no absolute path): the shipped
 * data/ ('shipped', also when a folder holds exactly the same data) or other data ('user': a
 * `--data-dir` folder, or a History handed to the library), the last data year, and the
 * historyFingerprint of what was read — the trust section compares its own with it.
 */
export interface DataProvenance {
  readonly source: 'shipped' | 'user';
  readonly throughYear: number;
  readonly fingerprint: string;
}

/** A value known for a projected year (`run --actuals`): every path takes it in that year. */
export interface KnownValue {
  readonly series: string;
  readonly year: number;
  readonly value: number;
  readonly unit: string;
  /** The actuals file's source column, or the file's name. */
  readonly source: string;
}

/** A scenario question with its answer. */
export interface QuestionAnswer {
  readonly id: string;
  readonly text: string;
  readonly series: string;
  /** Unit of the threshold (the series' unit). */
  readonly unit: string;
  readonly comparison: QuestionComparison;
  readonly threshold: number;
  /** When the condition is tested, in words ("in 2030", "in at least one year up to 2027", …). */
  readonly when: string;
  /** The same, structured as the scenario gives it: exactly one of year, by, everyYearThrough, anyYear. */
  readonly timing: QuestionTiming;
  /** Share of paths on which the event happened. */
  readonly probability: number;
  /**
   * Monte Carlo (simulation) standard error of that share, same method as the means': how
   * precisely the paths estimate the model's probability. Not forecast uncertainty — for that see
   * `bandTrust`.
   */
  readonly standardError: number;
}

/** When a question is tested, as in the scenario file (one field). */
export type QuestionTiming = { readonly year: number } | { readonly by: number } | { readonly everyYearThrough: number } | { readonly anyYear: true };
/**
 * The distribution of one series in one year, for a question about it: its exceedance curve
 * (the value exceeded with probability 0.99, 0.98, …, 0.01) and the questions' thresholds.
 */
export interface OneYearDistribution {
  readonly series: string;
  readonly unit: string;
  readonly year: number;
  /** Ascending values, and the share of paths above each (the 1st … 99th percentiles). */
  readonly values: number[];
  readonly probabilityAbove: number[];
  readonly thresholds: ReadonlyArray<{ readonly question: string; readonly comparison: QuestionComparison; readonly threshold: number }>;
}

/** Percentiles an exceedance curve is drawn through. */
const EXCEEDANCE_LEVELS = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

/**
 * One distribution per (series, year) the questions ask about: a question's year, the last year of
 * its window ("by", "every year through"), or the last projected year ("any year").
 */
function oneYearDistributions(acc: RunAccumulator, questions: readonly Question[], years: readonly number[], seriesList: readonly SeriesInfo[]): OneYearDistribution[] {
  const n = years.length;
  const out = new Map<string, { series: string; year: number; thresholds: OneYearDistribution['thresholds'][number][] }>();
  for (const q of questions) {
    const year = q.year ?? q.by ?? q.everyYearThrough ?? years[n - 1];
    const key = `${q.series}|${year}`;
    const entry = out.get(key) ?? { series: q.series, year, thresholds: [] };
    entry.thresholds.push({ question: q.id, comparison: q.comparison, threshold: q.threshold });
    out.set(key, entry);
  }
  return [...out.values()].map(({ series: name, year, thresholds }) => {
    const row = seriesList.findIndex((s) => s.name === name);
    const c = row * n + years.indexOf(year);
    return { series: name, unit: seriesList[row].unit, year, values: EXCEEDANCE_LEVELS.map((q) => acc.quantile(c, q)), probabilityAbove: EXCEEDANCE_LEVELS.map((q) => Math.round((1 - q) * 100) / 100), thresholds };
  });
}

/** The report format (report.json). No wall-clock time, host name or absolute path. */
export interface ForecastReport {
  readonly scenario: { readonly id: string; readonly name: string; readonly description: string };
  /** The assumptions that move the forecast most, with their pointers and sources. */
  readonly keyParameters: readonly KeyParameter[];
  readonly engine: { readonly name: 'eastward'; readonly version: string };
  readonly seed: number;
  readonly runs: number;
  readonly shocks: boolean;
  /** Last data year: the projection starts the year after. */
  readonly baseYear: number;
  readonly years: number[];
  /** The data the run started from and was calibrated on. */
  readonly data: DataProvenance;
  /** Values known for projected years (`run --actuals`), which every path takes; empty when none. */
  readonly known: readonly KnownValue[];
  readonly sampling: {
    readonly method: Sampling;
    readonly blockPaths: number;
    readonly quantileRelativeAccuracy: number;
    readonly quantileMethod: string;
  };
  readonly series: Record<string, SeriesReport>;
  /** The scenario's questions, answered. */
  readonly questions: readonly QuestionAnswer[];
  readonly convergence: ConvergenceReport;
  /** How far to trust the bands: the rolling backtest of the baseline model on the shipped data. */
  readonly bandTrust: BandTrust;
  readonly history: Record<string, HistoryReport>;
  /** For each series and year a question asks about, its exceedance curve (absent in reports written before it). */
  readonly distributions?: readonly OneYearDistribution[];
}

/**
 * A question's timing as the scenario states it.
 *
 * @example
 * questionTiming({ by: 2027 } as Question); // { by: 2027 }
 */
export function questionTiming(q: Question): QuestionTiming {
  if (q.year !== undefined) return { year: q.year };
  if (q.by !== undefined) return { by: q.by };
  if (q.everyYearThrough !== undefined) return { everyYearThrough: q.everyYearThrough };
  return { anyYear: true };
}

/**
 * The observed history of each report series, up to the base year: under the same name, under an
 * alias, or (the balance) derived from the two export series in the years both are observed.
 */
function historyFor(history: History, baseYear: number, series: readonly SeriesInfo[]): Record<string, HistoryReport> {
  const out: Record<string, HistoryReport> = {};
  for (const s of series) {
    const source = s.historyName ?? s.name;
    const pts = history.range(source, -Infinity, baseYear);
    if (pts.length > 0) out[s.name] = { unit: history.unit(source), years: pts.map(([y]) => y), values: pts.map(([, v]) => v) };
  }
  // The national share's history: the yearly mean of the dated statements, as the base year takes it.
  const statements = new Map<number, number[]>();
  for (const st of history.settlementStatements) {
    const year = Math.floor(st.decimalYear);
    if (year <= baseYear) statements.set(year, [...(statements.get(year) ?? []), st.nationalShare]);
  }
  if (statements.size > 0 && !out['settlement.national']) {
    const years = [...statements.keys()].sort((a, b) => a - b);
    out['settlement.national'] = { unit: 'share 0–1', years, values: years.map((y) => round6(statements.get(y)!.reduce((a, b) => a + b, 0) / statements.get(y)!.length)) };
  }
  const ru = out['trade.exports_ru_cn'];
  const cn = out['trade.exports_cn_ru'];
  if (ru && cn && ru.unit === cn.unit) {
    const years = ru.years.filter((y) => cn.years.includes(y));
    const values = years.map((y) => ru.values[ru.years.indexOf(y)] - cn.values[cn.years.indexOf(y)]);
    if (years.length > 0) out['trade.balance'] = { unit: ru.unit, years, values: values.map(round6) };
  }
  return out;
}

/** Six decimals: derived history values without floating-point tails. */
function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Assemble the report from a finished accumulator. */
export function buildReport(
  acc: RunAccumulator,
  meta: {
    id: string;
    name: string;
    description: string;
    seed: number;
    runs: number;
    shocks: boolean;
    sampling: Sampling;
    targetRelativeError: number;
    baseYear: number;
    years: readonly number[];
    questions: readonly Question[];
    keyParameters: readonly KeyParameter[];
    bandTrust: BandTrust;
    /** The run's series, in row order (seriesOf(params.structure)). */
    series: readonly SeriesInfo[];
    data: DataProvenance;
    known?: readonly KnownValue[];
  },
  history: History,
): ForecastReport {
  const n = meta.years.length;
  const antithetic = meta.sampling === 'antithetic';
  // Mean standard error: sd/√n for independent paths; for antithetic pairs (not independent)
  // the batch-means estimate over the fixed blocks, falling back to sd/√n (noted) when too few.
  const meanSe = (c: number, sd: number): number => (antithetic ? (acc.batchMeansStandardError(c) ?? sd / Math.sqrt(acc.pathCount)) : sd / Math.sqrt(acc.pathCount));
  const series: Record<string, SeriesReport> = {};
  meta.series.forEach((s, i) => {
    // Keys in the order report.json lists them: mean, sd, min, the quantiles, max, standard error.
    const r: SeriesReport = { unit: s.unit, description: s.description, ...(s.allocated ? { allocated: true as const } : {}), mean: [], sd: [], min: [], ...quantilesAt((): number[] => []), max: [], meanStandardError: [] };
    for (let t = 0; t < n; t++) {
      const c = acc.cell(i * n + t);
      r.mean.push(c.mean);
      r.sd.push(c.sd);
      r.min.push(c.min);
      for (const field of QUANTILE_FIELDS) r[field].push(c[field]);
      r.max.push(c.max);
      r.meanStandardError.push(meanSe(i * n + t, c.sd));
    }
    series[s.name] = r;
  });
  const convergence: ConvergenceReport = {
    targetRelativeError: meta.targetRelativeError,
    meanStandardErrorMethod: antithetic
      ? `batch means over full ${BLOCK_PATHS}-path blocks (antithetic pairs are not independent); sd/√runs when fewer than 2 full blocks`
      : 'sd/√runs (independent paths)',
    quantileStandardErrorMethod: 'asymptotic √(q(1−q)/runs) / f(x_q), the density f from the P(q−0.05) … P(q+0.05) spread; 0 when that spread is 0',
    series: {},
  };
  for (const name of HEADLINE_SERIES) {
    const i = meta.series.findIndex((s) => s.name === name);
    if (i < 0) continue;
    const r = series[name];
    const quantileSe = (t: number, q: number) => {
      const spread = acc.quantile(i * n + t, q + 0.05) - acc.quantile(i * n + t, q - 0.05);
      return (Math.sqrt((q * (1 - q)) / acc.pathCount) * spread) / 0.1;
    };
    convergence.series[name] = {
      unit: r.unit,
      meanStandardError: r.meanStandardError,
      p50StandardError: meta.years.map((_, t) => quantileSe(t, 0.5)),
      p90StandardError: meta.years.map((_, t) => quantileSe(t, 0.9)),
      runsForTarget: meta.years.map((_, t) => {
        const target = meta.targetRelativeError * Math.abs(r.mean[t]);
        if (target === 0) return null;
        return Math.max(1, Math.ceil(meta.runs * (r.meanStandardError[t] / target) ** 2));
      }),
    };
  }
  const questionCell = meta.series.length * n;
  const questions: QuestionAnswer[] = meta.questions.map((q, k) => {
    const c = acc.cell(questionCell + k);
    return {
      id: q.id,
      text: q.text,
      series: q.series,
      unit: questionUnit(q, meta.series),
      comparison: q.comparison,
      threshold: q.threshold,
      when: questionWhen(q),
      timing: questionTiming(q),
      probability: c.mean,
      standardError: meanSe(questionCell + k, c.sd),
    };
  });
  return {
    scenario: { id: meta.id, name: meta.name, description: meta.description },
    keyParameters: meta.keyParameters,
    engine: { name: 'eastward', version: engineVersion },
    seed: meta.seed,
    runs: meta.runs,
    shocks: meta.shocks,
    baseYear: meta.baseYear,
    years: [...meta.years],
    data: meta.data,
    known: [...(meta.known ?? [])],
    sampling: {
      method: meta.sampling,
      blockPaths: BLOCK_PATHS,
      quantileRelativeAccuracy: DEFAULT_LAYOUT.relativeAccuracy,
      quantileMethod: `log-binned histogram, value of rank floor(q·(runs−1)), relative error ≤ ${DEFAULT_LAYOUT.relativeAccuracy} for |x| ≥ ${DEFAULT_LAYOUT.minMagnitude}, clamped to [min, max]; ${meta.series.filter((s) => s.complementBinned === true).map((s) => s.name).join(', ')} binned as 1 − x, so the relative error applies to the distance from 1`,
    },
    series,
    questions,
    convergence,
    bandTrust: meta.bandTrust,
    history: historyFor(history, meta.baseYear, meta.series),
    distributions: oneYearDistributions(acc, meta.questions, meta.years, meta.series),
  };
}
