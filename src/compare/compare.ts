import { QUANTILE_FIELDS } from '../stats/quantileLevels.js';
import { comparisonSpec, pairedDifferenceSpec } from '../charts/specs.js';
import type { PairedDifferences } from '../engine/variants.js';
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
 * first), the difference of the value from the reference's same statistic (a difference of two
 * summaries: unpaired), and how the scenario was compared with the reference.
 */
export const COMPARISON_CSV_COLUMNS = ['scenario', 'series', 'unit', 'year', 'stat', 'value', 'reference', 'difference_from_reference', 'difference_method'] as const;

/** Statistics of each scenario, series and year in comparison.csv, in this order. */
export const COMPARISON_STATS = [...QUANTILE_FIELDS, 'mean'] as const;

/**
 * Statistics of the per-path difference scenario − reference (common random numbers), rows of
 * their own when the comparison is paired: its P10, median and P90 (the series' unit), and the
 * share of paths on which the scenario is above the reference.
 */
export const PAIRED_STATS = ['paired_difference_p10', 'paired_difference_p50', 'paired_difference_p90', 'probability_above_reference'] as const;

/**
 * Per compared report, its paired differences from the reference (the first report), or undefined
 * where there are none: a report read from disk, or a reference that was read from disk. Paired
 * differences come from running scenario and reference on the same paths (common random
 * numbers); without them a comparison subtracts two independent summaries ("unpaired").
 */
export type PairedAgainstReference = ReadonlyArray<PairedDifferences | undefined>;

/** How a report's differences from the reference were obtained: paired paths, or two separate summaries. */
export function differenceMethod(paired: PairedAgainstReference | undefined, index: number): 'reference' | 'paired' | 'unpaired' {
  if (index === 0) return 'reference';
  return paired?.[index] ? 'paired' : 'unpaired';
}

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
  readonly stat: (typeof COMPARISON_STATS)[number] | (typeof PAIRED_STATS)[number];
  readonly value: number;
  readonly reference: string;
  /** A statistic's value minus the reference's same statistic (0 for the reference itself); null on paired rows. */
  readonly difference_from_reference: number | null;
  /** 'reference' (the first scenario), 'paired' (run on common random numbers) or 'unpaired' (reports read from disk). */
  readonly difference_method: 'reference' | 'paired' | 'unpaired';
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
export function comparisonRecords(reports: readonly ForecastReport[], paired?: PairedAgainstReference): ComparisonRecord[] {
  const rows: ComparisonRecord[] = [];
  const years = commonYears(reports);
  const ref = reports[0];
  reports.forEach((r, k) => {
    const d = paired?.[k];
    const method = differenceMethod(paired, k);
    for (const name of commonSeries(reports)) {
      const x = r.series[name];
      const y0 = ref.series[name];
      const dx = d?.series[name];
      for (const year of years) {
        const t = r.years.indexOf(year);
        const t0 = ref.years.indexOf(year);
        for (const stat of COMPARISON_STATS) {
          rows.push({ scenario: r.scenario.id, series: name, unit: x.unit, year, stat, value: x[stat][t], reference: ref.scenario.id, difference_from_reference: x[stat][t] - y0[stat][t0], difference_method: method });
        }
        // The reference minus itself is 0 on every path, by definition; a scenario read from disk has no paired rows.
        const td = d ? d.years.indexOf(year) : -1;
        if (k > 0 && (!dx || td < 0)) continue;
        const at = (values: readonly number[] | undefined) => (k === 0 ? 0 : values![td]);
        const pairedValues = { paired_difference_p10: at(dx?.p10), paired_difference_p50: at(dx?.p50), paired_difference_p90: at(dx?.p90), probability_above_reference: at(dx?.probabilityAbove) };
        if (k === 0 && !paired) continue;
        for (const stat of PAIRED_STATS) {
          rows.push({ scenario: r.scenario.id, series: name, unit: stat === 'probability_above_reference' ? 'share of paths' : x.unit, year, stat, value: pairedValues[stat], reference: ref.scenario.id, difference_from_reference: null, difference_method: method });
        }
      }
    }
  });
  return rows;
}

/**
 * comparison.csv: comparisonRecords as CSV, columns in COMPARISON_CSV_COLUMNS order, numbers to
 * six significant digits like summary.csv (paired rows leave difference_from_reference empty).
 */
export function comparisonCsv(reports: readonly ForecastReport[], paired?: PairedAgainstReference): string {
  const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? csvNumber(v) : csvField(v));
  const lines = [COMPARISON_CSV_COLUMNS.join(','), ...comparisonRecords(reports, paired).map((row) => COMPARISON_CSV_COLUMNS.map((c) => cell(row[c])).join(','))];
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

/**
 * Paired differences from the reference: per headline series, scenario and year, the median and
 * P10–P90 band of scenario − reference over common paths, and how often the scenario is above.
 */
export function pairedDifferencesTable(reports: readonly ForecastReport[], paired: PairedAgainstReference, years: readonly number[]): TextTable {
  const ref = reports[0];
  return {
    title: `Paired differences from ${ref.scenario.id}`,
    caption: `Scenario − ${ref.scenario.id} path by path (both run on the same paths: common random numbers), in the series' unit: median [P10–P90] of the difference.`,
    header: ['series', 'unit', 'scenario', ...years.map(String)],
    rows: pairedRows(reports, paired, years, (s, t) => formatBand(s.p50[t], s.p10[t], s.p90[t], s.unit)),
    numericColumns: years.map((_, i) => 3 + i),
  };
}

/** How often each scenario is above the reference on the same path, per headline series and year. */
export function probabilityAboveTable(reports: readonly ForecastReport[], paired: PairedAgainstReference, years: readonly number[]): TextTable {
  const ref = reports[0];
  return {
    title: `Share of paths above ${ref.scenario.id}`,
    caption: `Share of paths on which the scenario's value is above ${ref.scenario.id}'s on the same path (0 % for a scenario identical to it).`,
    header: ['series', 'unit', 'scenario', ...years.map(String)],
    rows: pairedRows(reports, paired, years, (s, t) => formatPercent(s.probabilityAbove[t])),
    numericColumns: years.map((_, i) => 3 + i),
  };
}

/** One row per headline series and paired scenario, a cell per year. */
function pairedRows(reports: readonly ForecastReport[], paired: PairedAgainstReference, years: readonly number[], cell: (s: PairedDifferences['series'][string], t: number) => string): string[][] {
  const rows: string[][] = [];
  for (const name of HEADLINE_SERIES) {
    reports.forEach((r, k) => {
      const d = paired[k];
      if (k === 0 || !d) return;
      const s = d.series[name];
      rows.push([name, s.unit, r.scenario.id, ...years.map((y) => cell(s, d.years.indexOf(y)))]);
    });
  }
  return rows;
}

/** Differences of each scenario's median from the reference (first) scenario's (unpaired: two separate summaries). */
export function differencesTable(reports: readonly ForecastReport[], years: readonly number[], paired?: PairedAgainstReference): TextTable {
  const ref = reports[0];
  const rows: string[][] = [];
  for (const name of HEADLINE_SERIES) {
    const base = ref.series[name];
    for (const r of reports.slice(1).filter((_, k) => !paired?.[k + 1])) {
      const s = r.series[name];
      rows.push([name, s.unit, r.scenario.id, ...years.map((y) => formatSigned(s.p50[r.years.indexOf(y)] - base.p50[ref.years.indexOf(y)], s.unit))]);
    }
  }
  return {
    title: `Differences from ${ref.scenario.id} (unpaired)`,
    caption: `Median of each scenario minus the median of ${ref.scenario.id}, in the series' unit: unpaired (two separate summaries, read to 0.5 % histogram bins), so a difference smaller than a bin shows as 0 and nothing says how sure it is.`,
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
export async function compareReports(reports: readonly ForecastReport[], chosenYears?: readonly number[], chartDir = 'charts', paired?: PairedAgainstReference): Promise<ReportComparison> {
  if (reports.length === 0) throw new Error('nothing to compare');
  const years = resolveTableYears(commonYears(reports), chosenYears);
  const anyPaired = paired?.some((d, k) => k > 0 && d !== undefined) ?? false;
  // Per headline series: the levels side by side, then (when paired) the paired differences, one panel per scenario.
  const specs = HEADLINE_SERIES.flatMap((name) => [
    { file: `compare.${name}`, caption: `${name}: median and P10–P90 band per scenario.`, spec: comparisonSpec(reports, name) },
    ...(anyPaired ? [{ file: `compare.${name}.paired`, caption: `${name}: paired difference from ${reports[0].scenario.id} (median and P10–P90 band of scenario − reference over common paths), one panel per scenario.`, spec: pairedDifferenceSpec(reports, paired!, name) }] : []),
  ]);
  const svgs = await Promise.all(specs.map((s) => renderSvg(s.spec)));
  const chartFiles: Record<string, string> = {};
  const figures = specs.map(({ file, caption, spec }, i) => {
    chartFiles[`${chartDir}/${file}.vl.json`] = `${JSON.stringify(spec, null, 2)}\n`;
    chartFiles[`${chartDir}/${file}.svg`] = `${svgs[i]}\n`;
    return { file, caption, svg: svgs[i], specHref: `${chartDir}/${file}.vl.json`, svgHref: `${chartDir}/${file}.svg` };
  });
  const unpaired = reports.slice(1).some((_, k) => !paired?.[k + 1]);
  const tables = [...(anyPaired ? [pairedDifferencesTable(reports, paired!, years), probabilityAboveTable(reports, paired!, years)] : []), ...(!anyPaired || unpaired ? [differencesTable(reports, years, paired)] : []), medianTable(reports, years)];
  if (reports.some((r) => r.questions.length > 0)) tables.unshift(questionsComparisonTable(reports));
  return { years, warnings: comparabilityWarnings(reports), tables, figures, chartFiles, csv: comparisonCsv(reports, paired) };
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
