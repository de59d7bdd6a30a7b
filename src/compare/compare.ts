import { QUANTILE_FIELDS } from '../stats/quantileLevels.js';
import { comparisonSpec } from '../charts/specs.js';
import { renderSvg } from '../charts/render.js';
import { csvField, csvNumber } from '../data/csv.js';
import { type ForecastReport } from '../report/report.js';
import { HEADLINE_SERIES } from '../engine/series.js';
import { formatBand, formatPercent, formatSigned } from '../views/format.js';
import { escapeHtml, htmlFigure, htmlTable, type ChartFigure } from '../views/html.js';
import { markdownTable } from '../views/markdown.js';
import { resolveTableYears, type TextTable } from '../views/tables.js';

/**
 * Columns of comparison.csv, in order (documented in README): tidy like summary.csv — its six
 * columns, one row per scenario, series, year and statistic — plus the reference scenario (the
 * first) and the difference of the value from the reference's same statistic, in the series' unit.
 */
export const COMPARISON_CSV_COLUMNS = ['scenario', 'series', 'unit', 'year', 'stat', 'value', 'reference', 'difference_from_reference'] as const;

/** Statistics of each scenario, series and year in comparison.csv, in this order. */
export const COMPARISON_STATS = [...QUANTILE_FIELDS, 'mean'] as const;

/** Years every report projects (a comparison shows only those). */
export function commonYears(reports: readonly ForecastReport[]): number[] {
  if (reports.length === 0) return [];
  return reports[0].years.filter((y) => reports.every((r) => r.years.includes(y)));
}

/**
 * The series every report carries, in the first report's order (reports from other engine
 * versions or structures may carry different ones).
 *
 * @example
 * commonSeries([baseline, highOil])[0]; // 'trade.turnover'
 */
export function commonSeries(reports: readonly ForecastReport[]): string[] {
  if (reports.length === 0) return [];
  return Object.keys(reports[0].series).filter((name) => reports.every((r) => Object.hasOwn(r.series, name)));
}

/**
 * Why differences between these reports may be partly Monte Carlo noise: they differ in seed,
 * runs or sampling (common random numbers need all three equal), or in engine version.
 *
 * @example
 * comparabilityWarnings([a, b]); // ['seeds differ (a: 1, b: 2): differences include Monte Carlo noise']
 */
export function comparabilityWarnings(reports: readonly ForecastReport[]): string[] {
  const out: string[] = [];
  const check = (what: string, get: (r: ForecastReport) => string | number, consequence: string) => {
    const values = new Set(reports.map(get));
    if (values.size > 1) out.push(`${what} differ (${reports.map((r) => `${r.scenario.id}: ${get(r)}`).join(', ')}): ${consequence}`);
  };
  check('seeds', (r) => r.seed, 'differences include Monte Carlo noise');
  check('runs', (r) => r.runs, 'differences include Monte Carlo noise');
  check('sampling methods', (r) => r.sampling.method, 'differences include Monte Carlo noise');
  check('engine versions', (r) => r.engine.version, 'differences may come from the engine, not the scenarios');
  check('base years', (r) => r.baseYear, 'the scenarios start from different data');
  const ids = reports.map((r) => r.scenario.id);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length > 0) out.push(`scenario ids repeat (${[...new Set(dup)].join(', ')}): rows and chart bands with the same id cannot be told apart`);
  return out;
}

/** One row of comparison.csv, keyed by its columns. */
export interface ComparisonRecord {
  readonly scenario: string;
  readonly series: string;
  readonly unit: string;
  readonly year: number;
  readonly stat: (typeof COMPARISON_STATS)[number];
  readonly value: number;
  readonly reference: string;
  /** value minus the reference scenario's value of the same statistic (0 for the reference itself). */
  readonly difference_from_reference: number;
}

/**
 * The rows of comparison.csv as objects: one per (scenario, series, year, statistic) over the years
 * all reports project, with the reference scenario (the first) and the difference from its value
 * of the same statistic. `eastward compare --json` prints these.
 *
 * @example
 * comparisonRecords([baseline, highOil])[0];
 * // { scenario: 'baseline', series: 'trade.turnover', unit: 'USD bn', year: 2025, stat: 'p05', value: …, reference: 'baseline', difference_from_reference: 0 }
 */
export function comparisonRecords(reports: readonly ForecastReport[]): ComparisonRecord[] {
  const rows: ComparisonRecord[] = [];
  const years = commonYears(reports);
  const ref = reports[0];
  for (const r of reports) {
    for (const name of commonSeries(reports)) {
      const x = r.series[name];
      const y0 = ref.series[name];
      for (const year of years) {
        const t = r.years.indexOf(year);
        const t0 = ref.years.indexOf(year);
        for (const stat of COMPARISON_STATS) {
          rows.push({ scenario: r.scenario.id, series: name, unit: x.unit, year, stat, value: x[stat][t], reference: ref.scenario.id, difference_from_reference: x[stat][t] - y0[stat][t0] });
        }
      }
    }
  }
  return rows;
}

/**
 * comparison.csv: comparisonRecords as CSV, columns in COMPARISON_CSV_COLUMNS order, numbers to
 * six significant digits like summary.csv.
 */
export function comparisonCsv(reports: readonly ForecastReport[]): string {
  const cell = (v: string | number) => (typeof v === 'number' ? csvNumber(v) : csvField(v));
  const lines = [COMPARISON_CSV_COLUMNS.join(','), ...comparisonRecords(reports).map((row) => COMPARISON_CSV_COLUMNS.map((c) => cell(row[c])).join(','))];
  return `${lines.join('\n')}\n`;
}

/** A question asked by any of the compared reports, with its answer in each (null where not asked). */
export interface ComparedQuestion {
  readonly id: string;
  readonly text: string;
  readonly answers: Readonly<Record<string, { readonly probability: number; readonly standardError: number } | null>>;
}

/**
 * Each question asked by any report, in first-asked order, with its probability and Monte Carlo
 * standard error per scenario id (null where that scenario does not ask it).
 *
 * @example
 * comparisonQuestions([baseline, highOil])[0]; // { id: 'turnover-300-2030', text: '…', answers: { baseline: { probability: 0.76, standardError: 0.004 }, 'high-oil': … } }
 */
export function comparisonQuestions(reports: readonly ForecastReport[]): ComparedQuestion[] {
  const asked = new Map<string, string>();
  for (const r of reports) for (const q of r.questions) if (!asked.has(q.id)) asked.set(q.id, q.text);
  return [...asked].map(([id, text]) => ({
    id,
    text,
    answers: Object.fromEntries(reports.map((r) => {
      const q = r.questions.find((a) => a.id === id);
      return [r.scenario.id, q ? { probability: q.probability, standardError: q.standardError } : null];
    })),
  }));
}

/** Medians and P10–P90 bands of every scenario, side by side. */
export function medianTable(reports: readonly ForecastReport[], years: readonly number[]): TextTable {
  const rows: string[][] = [];
  for (const name of HEADLINE_SERIES) {
    for (const r of reports) {
      const s = r.series[name];
      rows.push([name, s.unit, r.scenario.id, ...years.map((y) => {
        const t = r.years.indexOf(y);
        return formatBand(s.p50[t], s.p10[t], s.p90[t], s.unit);
      })]);
    }
  }
  return { title: 'Medians and bands by scenario', caption: 'Median [P10–P90] of each headline series.', header: ['series', 'unit', 'scenario', ...years.map(String)], rows, numericColumns: years.map((_, i) => 3 + i) };
}

/** Differences of each scenario's median from the reference (first) scenario's. */
export function differencesTable(reports: readonly ForecastReport[], years: readonly number[]): TextTable {
  const ref = reports[0];
  const rows: string[][] = [];
  for (const name of HEADLINE_SERIES) {
    const base = ref.series[name];
    for (const r of reports.slice(1)) {
      const s = r.series[name];
      rows.push([name, s.unit, r.scenario.id, ...years.map((y) => formatSigned(s.p50[r.years.indexOf(y)] - base.p50[ref.years.indexOf(y)], s.unit))]);
    }
  }
  return {
    title: `Differences from ${ref.scenario.id}`,
    caption: `Median of each scenario minus the median of ${ref.scenario.id}, in the series' unit.`,
    header: ['series', 'unit', 'scenario', ...years.map(String)],
    rows,
    numericColumns: years.map((_, i) => 3 + i),
  };
}

/** Each question asked by any of the reports, with its probability in each (– where not asked). */
export function questionsComparisonTable(reports: readonly ForecastReport[]): TextTable {
  return {
    title: 'Questions by scenario',
    caption: 'Probability of each event (± Monte Carlo standard error) in each scenario.',
    header: ['question', ...reports.map((r) => r.scenario.id)],
    rows: comparisonQuestions(reports).map((q) => [
      q.text,
      ...reports.map((r) => {
        const a = r.questions.find((x) => x.id === q.id); // per report: ids of scenarios may repeat
        return a ? `${formatPercent(a.probability)} ± ${formatPercent(a.standardError)}` : '–';
      }),
    ]),
    numericColumns: reports.map((_, i) => 1 + i),
  };
}

/** The pieces of a comparison, shared by `eastward compare` and the batch index. */
export interface ReportComparison {
  readonly years: number[];
  readonly warnings: string[];
  readonly tables: readonly TextTable[];
  readonly figures: ReadonlyArray<ChartFigure & { readonly svgHref: string }>;
  /** <chartDir>/compare.<series>.vl.json (and .svg) contents, by relative path. */
  readonly chartFiles: Readonly<Record<string, string>>;
  readonly csv: string;
}

/**
 * Compare reports: a chart per headline series with one band per scenario, tables of medians and
 * of differences from the first report, the questions side by side, and comparison.csv.
 */
export async function compareReports(reports: readonly ForecastReport[], chosenYears?: readonly number[], chartDir = 'charts'): Promise<ReportComparison> {
  if (reports.length === 0) throw new Error('nothing to compare');
  const years = resolveTableYears(commonYears(reports), chosenYears);
  const specs = HEADLINE_SERIES.map((name) => ({ name, spec: comparisonSpec(reports, name) }));
  const svgs = await Promise.all(specs.map((s) => renderSvg(s.spec)));
  const chartFiles: Record<string, string> = {};
  const figures = specs.map(({ name, spec }, i) => {
    chartFiles[`${chartDir}/compare.${name}.vl.json`] = `${JSON.stringify(spec, null, 2)}\n`;
    chartFiles[`${chartDir}/compare.${name}.svg`] = `${svgs[i]}\n`;
    return { file: `compare.${name}`, caption: `${name}: median and P10–P90 band per scenario.`, svg: svgs[i], specHref: `${chartDir}/compare.${name}.vl.json`, svgHref: `${chartDir}/compare.${name}.svg` };
  });
  const tables = [differencesTable(reports, years), medianTable(reports, years)];
  if (reports.some((r) => r.questions.length > 0)) tables.unshift(questionsComparisonTable(reports));
  return { years, warnings: comparabilityWarnings(reports), tables, figures, chartFiles, csv: comparisonCsv(reports) };
}

/** The comparison as an HTML fragment (for comparison.html and the batch index). */
export function comparisonHtml(c: ReportComparison): string {
  const warnings = c.warnings.length > 0 ? `<ul class="warnings">${c.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '';
  return [warnings, `<section>\n<h2>Side by side</h2>\n<div class="charts">\n${c.figures.map(htmlFigure).join('\n')}\n</div>\n</section>`, ...c.tables.map((t) => htmlTable(t))].filter((s) => s !== '').join('\n');
}

/** The comparison as Markdown (charts linked as SVG files). */
export function comparisonMarkdown(c: ReportComparison): string {
  const parts: string[] = [];
  for (const w of c.warnings) parts.push(`> warning: ${w}`, '');
  for (const t of c.tables) parts.push(markdownTable(t));
  parts.push('### Charts', '');
  for (const f of c.figures) parts.push(`![${f.caption}](${f.svgHref})`, '');
  return `${parts.join('\n').trimEnd()}\n`;
}
