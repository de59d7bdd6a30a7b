import { quantilesAt, type Quantiles } from '../stats/quantileLevels.js';
import type { TopLevelSpec } from 'vega-lite';
import type { ForecastReport, OneYearDistribution } from '../report/report.js';
import type { PairedDifferences } from '../engine/variants.js';
import { SERIES, SERIES_INDEX, type SeriesName } from '../engine/series.js';

/** Vega-Lite schema the specs are written against (vega-lite 6). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const CHART_WIDTH_PX = 460;
const CHART_HEIGHT_PX = 220;

/** Legend entries of a fan chart and their colours: lighter for the wider band. */
const FAN_LEGEND = ['observed', 'median', 'P10–P90', 'P5–P95'] as const;
const FAN_COLOURS = ['#222222', '#1f4e9c', '#7fa6dc', '#cfdff3'];

/** Colours for scenarios side by side (Tableau 10: distinct for the colour-blind too). */
const SCENARIO_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** The settlement currencies, stacked in this order. */
export const SETTLEMENT_CURRENCIES: ReadonlyArray<{ series: SeriesName; label: string }> = [
  { series: 'settlement.rub', label: 'RUB' },
  { series: 'settlement.cny', label: 'CNY' },
  { series: 'settlement.usd', label: 'USD' },
  { series: 'settlement.eur', label: 'EUR' },
  { series: 'settlement.other', label: 'other' },
];

/** A row of a fan chart's data: an observed year or a projected one with its quantiles. */
export type FanChartRow = { readonly year: number; readonly observed?: number } & Partial<Quantiles<number>>;

function unitOf(name: SeriesName): string {
  return SERIES[SERIES_INDEX[name]].unit;
}

function describe(name: SeriesName): string {
  return SERIES[SERIES_INDEX[name]].description;
}

/**
 * The tidy rows of a fan chart: history up to the base year, then the projection's quantiles. When
 * the base year is observed, the projection starts from it (every quantile equal to the observed
 * value) so the fan opens from the last data point rather than floating after it.
 *
 * @example
 * fanChartRows(report, 'trade.turnover').at(-1); // { year: 2035, p05: 229.1, p10: 241.1, p50: 322.2, … }
 */
export function fanChartRows(report: ForecastReport, name: SeriesName): FanChartRow[] {
  const rows: FanChartRow[] = [];
  const h = report.history[name];
  if (h) h.years.forEach((year, i) => rows.push({ year, observed: h.values[i] }));
  const last = h && h.years[h.years.length - 1] === report.baseYear ? h.values[h.values.length - 1] : undefined;
  if (last !== undefined) rows.push({ year: report.baseYear, ...quantilesAt(() => last) });
  const s = report.series[name];
  report.years.forEach((year, t) => rows.push({ year, ...quantilesAt((_, field) => s[field][t]) }));
  return rows;
}

const yearAxis = { field: 'year', type: 'quantitative', scale: { zero: false, nice: false }, axis: { format: 'd', title: 'year', tickMinStep: 1 } } as const;

/**
 * A fan chart of one series: P5–P95 and P10–P90 bands, the median, and the observed history,
 * with the data inlined so the spec renders on its own (notebooks, dashboards, `vega-embed`).
 *
 * @example
 * const spec = fanChartSpec(report, 'energy.pipeline_gas'); // pipeline gas, bcm, with its bands
 */
export function fanChartSpec(report: ForecastReport, name: SeriesName): TopLevelSpec {
  const unit = unitOf(name);
  const y = (field: string) => ({ field, type: 'quantitative', title: `${name} (${unit})`, scale: { zero: false } }) as const;
  const legend = (label: (typeof FAN_LEGEND)[number]) => ({ datum: label, scale: { domain: [...FAN_LEGEND], range: FAN_COLOURS }, legend: { title: null, orient: 'top' } }) as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${describe(name)} (${unit})`, subtitle: `${report.scenario.name} — ${report.runs.toLocaleString('en-US')} paths, seed ${report.seed}` },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    data: { values: fanChartRows(report, name) },
    encoding: { x: yearAxis },
    layer: [
      { transform: [{ filter: 'isValid(datum.p05)' }], mark: { type: 'area' }, encoding: { y: y('p05'), y2: { field: 'p95' }, color: legend('P5–P95') } },
      { transform: [{ filter: 'isValid(datum.p10)' }], mark: { type: 'area' }, encoding: { y: y('p10'), y2: { field: 'p90' }, color: legend('P10–P90') } },
      { transform: [{ filter: 'isValid(datum.p50)' }], mark: { type: 'line', strokeWidth: 2 }, encoding: { y: y('p50'), color: legend('median') } },
      { transform: [{ filter: 'isValid(datum.observed)' }], mark: { type: 'line', point: true, strokeWidth: 1.5 }, encoding: { y: y('observed'), color: legend('observed') } },
    ],
  } as TopLevelSpec;
}

/**
 * Settlement shares as a stacked area: the mean share of each currency per year. Means, not
 * medians: the currencies' means add up to 1 on every year (each path's shares do), medians do not.
 *
 * @example
 * settlementSharesSpec(report); // five stacked areas, RUB at the bottom
 */
export function settlementSharesSpec(report: ForecastReport): TopLevelSpec {
  const values = report.years.flatMap((year, t) =>
    SETTLEMENT_CURRENCIES.map(({ series, label }, order) => ({ year, currency: label, order, meanShare: report.series[series].mean[t] })),
  );
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Settlement currencies of Russia–China trade (mean share 0–1)', subtitle: `${report.scenario.name} — means over ${report.runs.toLocaleString('en-US')} paths` },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    data: { values },
    mark: { type: 'area' },
    encoding: {
      x: yearAxis,
      y: { field: 'meanShare', type: 'quantitative', stack: 'zero', title: 'mean share of settlements (0–1)', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
      color: { field: 'currency', type: 'nominal', sort: SETTLEMENT_CURRENCIES.map((c) => c.label), scale: { range: SCENARIO_COLOURS.slice(0, 5) }, legend: { orient: 'top', title: null } },
      order: { field: 'order', type: 'quantitative' },
    },
  } as TopLevelSpec;
}

/**
 * One series across scenarios: a P10–P90 band and a median line per scenario, with the observed
 * history (from the first report) in black.
 *
 * @example
 * comparisonSpec([baseline, highOil], 'trade.turnover'); // two bands, two medians
 */
export function comparisonSpec(reports: readonly ForecastReport[], name: SeriesName): TopLevelSpec {
  const unit = unitOf(name);
  const values: Array<Record<string, number | string>> = [];
  for (const r of reports) {
    const s = r.series[name];
    r.years.forEach((year, t) => values.push({ scenario: r.scenario.id, year, p10: s.p10[t], p50: s.p50[t], p90: s.p90[t] }));
  }
  const h = reports[0]?.history[name];
  if (h) h.years.forEach((year, i) => values.push({ scenario: 'observed', year, observed: h.values[i] }));
  const ids = reports.map((r) => r.scenario.id);
  // One legend for bands and lines alike (identical in both layers, or vega-lite warns of a
  // conflict), drawn as strokes at full opacity so that faded bands do not fade the key.
  const colour = {
    field: 'scenario',
    type: 'nominal',
    scale: { domain: ids, range: SCENARIO_COLOURS.slice(0, Math.max(1, ids.length)) },
    legend: { orient: 'top', title: null, columns: 4, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 },
  } as const;
  const y = (field: string) => ({ field, type: 'quantitative', title: `${name} (${unit})`, scale: { zero: false } }) as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${describe(name)} (${unit})`, subtitle: `median and P10–P90 band per scenario; ${sameDraws(reports)}` },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    data: { values },
    encoding: { x: yearAxis },
    layer: [
      { transform: [{ filter: 'isValid(datum.p10)' }], mark: { type: 'area', opacity: 0.2 }, encoding: { y: y('p10'), y2: { field: 'p90' }, color: colour } },
      { transform: [{ filter: 'isValid(datum.p50)' }], mark: { type: 'line', strokeWidth: 2 }, encoding: { y: y('p50'), color: colour } },
      { transform: [{ filter: 'isValid(datum.observed)' }], mark: { type: 'line', point: { color: '#222222' }, color: '#222222', strokeWidth: 1.5 }, encoding: { y: y('observed') } },
    ],
  } as TopLevelSpec;
}

/**
 * Paired differences of one series from the reference, as small multiples: one panel per
 * compared scenario (reports[k] with paired[k]), each with the P10–P90 band and the median of
 * scenario − reference over common paths, and a rule at 0. The panels share the y scale, so the
 * scenarios' effects can be read against each other.
 *
 * @example
 * pairedDifferenceSpec([baseline, deEscalation], [undefined, paired], 'trade.turnover'); // one panel: de-escalation − baseline
 */
export function pairedDifferenceSpec(reports: readonly ForecastReport[], paired: ReadonlyArray<PairedDifferences | undefined>, name: SeriesName): TopLevelSpec {
  const unit = unitOf(name);
  const ref = reports[0]?.scenario.id ?? '';
  const values: Array<Record<string, number | string>> = [];
  reports.forEach((r, k) => {
    const d = paired[k];
    if (k === 0 || !d) return;
    const s = d.series[name];
    d.years.forEach((year, t) => values.push({ scenario: `${r.scenario.id} − ${ref}`, year, p10: s.p10[t], p50: s.p50[t], p90: s.p90[t], probabilityAbove: s.probabilityAbove[t] }));
  });
  const first = paired.find((d) => d !== undefined);
  const y = (field: string) => ({ field, type: 'quantitative', title: `difference (${unit})` }) as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${describe(name)}: paired difference from ${ref} (${unit})`, subtitle: `median and P10–P90 band of scenario − ${ref} over the same ${first ? `${first.runs.toLocaleString('en-US')} paths (seed ${first.seed})` : 'paths'}` },
    data: { values },
    facet: { field: 'scenario', type: 'nominal', title: null, header: { labelFontSize: 12 } },
    columns: 3,
    spec: {
      width: 260,
      height: 160,
      encoding: { x: yearAxis },
      layer: [
        { mark: { type: 'area', color: SCENARIO_COLOURS[0], opacity: 0.3 }, encoding: { y: y('p10'), y2: { field: 'p90' } } },
        { mark: { type: 'line', color: SCENARIO_COLOURS[0], strokeWidth: 2 }, encoding: { y: y('p50') } },
        { mark: { type: 'rule', color: '#222222', strokeDash: [4, 3] }, encoding: { y: { datum: 0, type: 'quantitative' } } },
      ],
    },
  } as TopLevelSpec;
}

/** Whether the reports share their random draws (same seed, runs and sampling), in words. */
function sameDraws(reports: readonly ForecastReport[]): string {
  const first = reports[0];
  const same = first !== undefined && reports.every((r) => r.seed === first.seed && r.runs === first.runs && r.sampling.method === first.sampling.method);
  return same ? `same seed (${first.seed}) and ${first.runs.toLocaleString('en-US')} paths each` : 'seeds or runs differ: differences include Monte Carlo noise';
}

/**
 * The exceedance curve of one series in one year — the share of paths above each value — with
 * the thresholds of the questions about it marked, each labelled with its question's probability.
 *
 * @example
 * exceedanceSpec(report, report.distributions[0]); // turnover in 2030, a rule at USD 300 bn
 */
export function exceedanceSpec(report: ForecastReport, d: OneYearDistribution): TopLevelSpec {
  const values = d.values.map((value, i) => ({ value, probabilityAbove: d.probabilityAbove[i] }));
  const rules = d.thresholds.map((t) => {
    const answer = report.questions.find((q) => q.id === t.question);
    // The question's own answer: for a window ("by", "every year through", "any year") it covers every year of it, not this one alone.
    return { threshold: t.threshold, label: `${t.comparison} ${t.threshold}${answer ? ` (question: ${(answer.probability * 100).toFixed(1)} %${answer.when === `in ${d.year}` ? '' : ` ${answer.when}`})` : ''}` };
  });
  const x = { field: 'value', type: 'quantitative', title: `${d.series} in ${d.year} (${d.unit})`, scale: { zero: false } } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${describe(d.series as SeriesName)} in ${d.year} (${d.unit}): chance of exceeding`, subtitle: `${report.scenario.name} — ${report.runs.toLocaleString('en-US')} paths; dashed: the questions' thresholds` },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    layer: [
      { data: { values }, mark: { type: 'line', strokeWidth: 2, color: FAN_COLOURS[1], interpolate: 'monotone' }, encoding: { x, y: { field: 'probabilityAbove', type: 'quantitative', title: 'share of paths above', scale: { domain: [0, 1] }, axis: { format: '.0%' } } } },
      { data: { values: rules }, mark: { type: 'rule', color: '#c0392b', strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'threshold', type: 'quantitative' } } },
      { data: { values: rules }, mark: { type: 'text', align: 'left', dx: 4, dy: -4, color: '#c0392b', fontSize: 11 }, encoding: { x: { field: 'threshold', type: 'quantitative' }, y: { datum: 0.95 }, text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}

/** The one-year distribution charts of a report (none for a report without questions, or one read from before them). */
export function distributionCharts(report: ForecastReport): ReportChart[] {
  return (report.distributions ?? []).map((d) => ({
    file: `distribution.${d.series}.${d.year}`,
    caption: `${d.series} in ${d.year} (${d.unit}): share of paths above each value, the questions' thresholds dashed.`,
    spec: exceedanceSpec(report, d),
  }));
}

/** A chart of a report: its file stem under charts/, a caption and its spec. */
export interface ReportChart {
  /** File stem: charts/<file>.vl.json and charts/<file>.svg. */
  readonly file: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

/**
 * The charts a report carries: a fan chart per headline series, then the settlement shares.
 *
 * @example
 * reportCharts(report).map((c) => c.file); // ['trade.turnover', …, 'settlement.shares']
 */
export function reportCharts(report: ForecastReport, series: readonly SeriesName[]): ReportChart[] {
  const charts: ReportChart[] = series.map((name) => ({
    file: name,
    caption: `${describe(name)} (${unitOf(name)}): median, P10–P90 and P5–P95 bands${report.history[name] ? ', observed history in black' : ''}.`,
    spec: fanChartSpec(report, name),
  }));
  charts.push({ file: 'settlement.shares', caption: 'Mean share of each settlement currency (the means add up to 1).', spec: settlementSharesSpec(report) });
  return charts;
}
