import { type ForecastReport } from '../report/report.js';
import { HEADLINE_SERIES } from '../engine/series.js';
import type { BandTrust, BandTrustCell } from '../backtest/trust.js';
import { formatBand, formatPercent, formatValue } from './format.js';

/** A table of text cells, rendered alike to Markdown and HTML (one model, two views). */
export interface TextTable {
  readonly title: string;
  /** A sentence saying what the cells are. */
  readonly caption: string;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Columns holding numbers (right-aligned). */
  readonly numericColumns: readonly number[];
  /** Optional link target per cell (aligned with rows), relative to the page: the cell links there. */
  readonly links?: ReadonlyArray<ReadonlyArray<string | undefined>>;
}

/** The sanctions regimes' series, labelled for a table. */
const REGIME_SERIES: ReadonlyArray<[string, string]> = [
  ['sanctions.regime_easing', 'easing'],
  ['sanctions.regime_status_quo', 'status quo'],
  ['sanctions.regime_tightening', 'tightening'],
  ['sanctions.regime_secondary', 'secondary sanctions on Chinese banks'],
];

/**
 * Years a report's tables show by default: the first projected year, every year ending in 0 or 5,
 * and the last. Derived from the report, so newer data moves them without code changes.
 *
 * @example
 * defaultTableYears([2025, …, 2035]); // [2025, 2030, 2035]
 */
export function defaultTableYears(years: readonly number[]): number[] {
  if (years.length === 0) return [];
  const first = years[0];
  const last = years[years.length - 1];
  return years.filter((y) => y === first || y === last || y % 5 === 0);
}

/** The chosen years among `years` (others are ignored), sorted; the defaults when none is. */
export function resolveTableYears(years: readonly number[], chosen?: readonly number[]): number[] {
  const picked = (chosen ?? []).filter((y) => years.includes(y));
  return picked.length > 0 ? [...new Set(picked)].sort((a, b) => a - b) : defaultTableYears(years);
}

function numericFrom(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** The known value of a series in a year (`run --actuals`), if any. */
export function knownValue(report: ForecastReport, series: string, year: number): number | undefined {
  return report.known.find((k) => k.series === series && k.year === year)?.value;
}

/** One row per series: name, unit, then median [P10–P90] in each chosen year; a known value (`--actuals`) reads '261.1 known'. */
function bandRows(report: ForecastReport, names: readonly string[], years: readonly number[]): string[][] {
  return names.map((name) => {
    const s = report.series[name];
    return [name, s.unit, ...years.map((y) => {
      const t = report.years.indexOf(y);
      const known = knownValue(report, name, y);
      return known !== undefined ? `${formatValue(known, s.unit)} known` : formatBand(s.p50[t], s.p10[t], s.p90[t], s.unit);
    })];
  });
}

/** Headline series: median and P10–P90 band in each chosen year; a known value (`--actuals`) reads '261.1 known'. */
export function bandsTable(report: ForecastReport, years: readonly number[]): TextTable {
  const anyKnown = report.known.length > 0;
  return {
    title: 'Medians and bands',
    caption: `Median [P10–P90] of each headline series in the chosen years${anyKnown ? '; "known": a value given with --actuals, taken by every path' : ''}; summary.csv has every series, year and statistic.`,
    header: ['series', 'unit', ...years.map(String)],
    rows: bandRows(report, HEADLINE_SERIES, years),
    numericColumns: numericFrom(2, years.length),
  };
}

/** The allocation tables' caption: what the numbers are, and what they are not. */
export const ALLOCATION_NOTE =
  'Allocated, not observed: the national flows split by assumed shares (scenario inputs with their uncertainty, sources in the scenario file and docs/model.md). They always sum to the national totals; no regional history exists to check them against.';

/** The allocation blocks' tables (commodity groups, regions, routes): empty when the run has none. */
export function allocationTables(report: ForecastReport, years: readonly number[]): TextTable[] {
  const parts: Array<[string, RegExp]> = [
    ['Commodity groups (allocated)', /^trade\.group\./],
    ['Regions (allocated)', /^region\./],
    ['Routes and crossings (allocated)', /^route\./],
  ];
  return parts.flatMap(([title, pattern]) => {
    const names = Object.keys(report.series).filter((n) => pattern.test(n) && report.series[n].allocated === true);
    if (names.length === 0) return [];
    return [
      {
        title,
        caption: `Median [P10–P90] in the chosen years. ${ALLOCATION_NOTE}`,
        header: ['series', 'unit', ...years.map(String)],
        rows: bandRows(report, names, years),
        numericColumns: numericFrom(2, years.length),
      },
    ];
  });
}

/** What the questions' ± is, wherever it is shown: simulation error, not forecast uncertainty. */
export const MONTE_CARLO_ERROR_NOTE =
  '± is the Monte Carlo (simulation) standard error only: how precisely the paths estimate the model\'s probability, not how uncertain the forecast is (see "How far to trust these bands").';

/** The scenario's questions with their probabilities and Monte Carlo standard errors. */
export function questionsTable(report: ForecastReport): TextTable {
  return {
    title: 'Questions',
    caption: `Share of paths on which each event happens. ${MONTE_CARLO_ERROR_NOTE}`,
    header: ['question', 'condition', 'probability', '± Monte Carlo error'],
    rows: report.questions.map((q) => [q.text, `${q.series} ${q.comparison} ${q.threshold} ${q.unit} ${q.when}`, formatPercent(q.probability), formatPercent(q.standardError)]),
    numericColumns: [2, 3],
  };
}

/** The values known for projected years (`run --actuals`) that every path takes. */
export function knownTable(report: ForecastReport): TextTable {
  return {
    title: 'Known values',
    caption: 'Values given with --actuals for projected years: every path takes each in its year, and the following years continue from it (the bands narrow there and widen again).',
    header: ['series', 'unit', 'year', 'value', 'source'],
    rows: report.known.map((k) => [k.series, k.unit, String(k.year), formatValue(k.value, k.unit), k.source]),
    numericColumns: [2, 3],
  };
}

/** Probability of each sanctions regime in the chosen years. */
export function regimesTable(report: ForecastReport, years: readonly number[]): TextTable {
  return {
    title: 'Sanctions regimes',
    caption: 'Probability of each sanctions regime in the chosen years (share of paths).',
    header: ['regime', ...years.map(String)],
    rows: REGIME_SERIES.map(([name, label]) => [label, ...years.map((y) => formatPercent(report.series[name].mean[report.years.indexOf(y)]))]),
    numericColumns: numericFrom(1, years.length),
  };
}

/** How precise the headline numbers are in the last projected year. */
export function convergenceTable(report: ForecastReport): TextTable {
  const t = report.years.length - 1;
  const year = report.years[t];
  const target = report.convergence.targetRelativeError;
  return {
    title: 'Convergence',
    caption: `Monte Carlo error in ${year} after ${report.runs} paths (${report.sampling.method} sampling): standard errors of the mean and of the median, and the runs that would bring the mean's standard error to ${formatPercent(target)} of the mean.`,
    header: ['series', 'unit', 'mean', 'SE of mean', 'SE / |mean|', 'SE of median', `runs for ${formatPercent(target)}`],
    rows: HEADLINE_SERIES.map((name) => {
      const c = report.convergence.series[name];
      const mean = report.series[name].mean[t];
      const se = c.meanStandardError[t];
      const runs = c.runsForTarget[t];
      return [name, c.unit, formatValue(mean, c.unit), se.toPrecision(2), mean === 0 ? '–' : formatPercent(se / Math.abs(mean)), c.p50StandardError[t].toPrecision(2), runs === null ? '–' : String(runs)];
    }),
    numericColumns: [2, 3, 4, 5, 6],
  };
}

/** The scenario's key parameters, with pointers and sources. */
export function parametersTable(report: ForecastReport): TextTable {
  return {
    title: 'Key parameters',
    caption: 'The assumptions that move this forecast most; the pointer locates each in the scenario file.',
    header: ['parameter', 'value', 'pointer', 'source'],
    rows: report.keyParameters.map((k) => [k.name, k.value, k.pointer, k.source ?? '']),
    numericColumns: [],
  };
}

const wholePercent = (share: number) => `${Math.round(100 * share)}`;

/**
 * A coverage cell: the share with its 95 % interval and n, e.g. '74 % (55–87, n 27)'.
 *
 * @example
 * coverageCell({ horizon: 1, n: 27, coverage80: 0.741, coverage80Low: 0.553, coverage80High: 0.868, crpsSkill: 0.36, skillN: 27 }); // '74 % (55–87, n 27)'
 */
export function coverageCell(c: BandTrustCell): string {
  return `${wholePercent(c.coverage80)} % (${wholePercent(c.coverage80Low)}–${wholePercent(c.coverage80High)}, n ${c.n})`;
}

/**
 * A skill cell, signed to two decimals, e.g. '+0.36' ('–' when there is no naive forecast to compare with).
 *
 * @example
 * skillCell({ horizon: 1, n: 27, coverage80: 0.741, coverage80Low: 0.553, coverage80High: 0.868, crpsSkill: 0.36, skillN: 27 }); // '+0.36'
 */
export function skillCell(c: BandTrustCell): string {
  if (c.crpsSkill === null) return '–';
  return `${c.crpsSkill > 0 ? '+' : ''}${c.crpsSkill.toFixed(2)}`;
}

/** One table of the band-trust section: a row per series or pool, a column per horizon. */
function bandTrustTable(trust: BandTrust, title: string, caption: string, format: (c: BandTrustCell) => string): TextTable {
  const horizons = [...new Set(trust.rows.flatMap((r) => r.cells.map((c) => c.horizon)))].sort((a, b) => a - b);
  return {
    title,
    caption,
    header: ['series', ...horizons.map((h) => `${h} yr`)],
    rows: trust.rows.map((r) => [r.subject, ...horizons.map((h) => {
      const c = r.cells.find((x) => x.horizon === h);
      return c ? format(c) : '–';
    })]),
    numericColumns: numericFrom(1, horizons.length),
  };
}

/** The band-trust section's two tables: P10–P90 coverage and CRPS skill, by horizon. */
export function bandTrustTables(trust: BandTrust): { readonly coverage: TextTable; readonly skill: TextTable } {
  const origins = `origins ${trust.firstOrigin}–${trust.lastOrigin}`;
  return {
    coverage: bandTrustTable(trust, 'P10–P90 coverage by horizon', `Share of outcomes inside the baseline model's P10–P90 band (nominal 80 %), with its 95 % Wilson interval and the number of outcomes, by years ahead (${origins}, realised oil).`, coverageCell),
    skill: bandTrustTable(trust, 'CRPS skill by horizon', `1 − CRPS of the model / CRPS of the better naive forecast (no change; average past growth), by years ahead (${origins}, realised oil): positive means the model's whole distribution did better.`, skillCell),
  };
}

/** The tables of one report, shared by report.md and report.html. */
export interface ReportTables {
  readonly parameters: TextTable;
  readonly questions: TextTable;
  /** Known values (`run --actuals`); no rows when none. */
  readonly known: TextTable;
  readonly bands: TextTable;
  readonly regimes: TextTable;
  readonly convergence: TextTable;
  /** Commodity groups, regions and routes (none when the scenario has no geography section). */
  readonly allocation: readonly TextTable[];
}

/** Every table of a report, for the chosen years (defaults: see defaultTableYears). */
export function reportTables(report: ForecastReport, chosenYears?: readonly number[]): ReportTables {
  const years = resolveTableYears(report.years, chosenYears);
  return {
    parameters: parametersTable(report),
    questions: questionsTable(report),
    known: knownTable(report),
    bands: bandsTable(report, years),
    regimes: regimesTable(report, years),
    convergence: convergenceTable(report),
    allocation: allocationTables(report, years),
  };
}
