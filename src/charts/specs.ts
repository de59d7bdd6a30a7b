import { quantilesAt, type Quantiles } from '../stats/quantileLevels.js';
import type { TopLevelSpec } from 'vega-lite';
import type { ForecastReport, OneYearDistribution } from '../report/report.js';
import type { PairedDifferences } from '../engine/variants.js';

/** Vega-Lite schema the specs are written against (vega-lite 6). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const CHART_WIDTH_PX = 440;
const CHART_HEIGHT_PX = 240;

/**
 * Text sizes of every chart: report.html shows the SVG at its own size in a two-column grid (no
 * scaling down on a 1280-pixel screen), so 12-pixel labels stay readable (the browser test checks
 * that no chart text is drawn below 11 px).
 */
const READABLE_TEXT = {
  axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal' },
  legend: { labelFontSize: 12, titleFontSize: 12 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, subtitleFontSize: 12 },
} as const;

/** Legend entries of a fan chart and their colours: lighter for the wider band. */
const FAN_LEGEND = ['observed', 'median', 'P10–P90', 'P5–P95'] as const;
const FAN_COLOURS = ['#222222', '#1f4e9c', '#7fa6dc', '#cfdff3'];
/** Legend entry and colour of known values (`run --actuals`): every path passes through them. */
const KNOWN_LEGEND = 'known (actuals)';
const KNOWN_COLOUR = '#c0392b';

/** Colours for scenarios side by side (Tableau 10: distinct for the colour-blind too). */
const SCENARIO_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** The settlement currencies, stacked in this order. */
export const SETTLEMENT_CURRENCIES: ReadonlyArray<{ series: string; label: string }> = [
  { series: 'settlement.rub', label: 'RUB' },
  { series: 'settlement.cny', label: 'CNY' },
  { series: 'settlement.usd', label: 'USD' },
  { series: 'settlement.eur', label: 'EUR' },
  { series: 'settlement.other', label: 'other' },
];

/**
 * A row of a fan chart's data: an observed year (`observed: null` for a year missing inside the
 * history, so the line breaks there instead of bridging it), a known value (`run --actuals`), or a
 * projected year with its quantiles.
 */
export type FanChartRow = { readonly year: number; readonly observed?: number | null; readonly known?: number } & Partial<Quantiles<number>>;

/** The unit of a report's series. */
function unitOf(report: ForecastReport, name: string): string {
  return report.series[name].unit;
}

/** What a report's series is, in words. */
function describe(report: ForecastReport, name: string): string {
  return report.series[name].description;
}

/**
 * A series in words, short enough for an axis: its description up to any parenthesis.
 *
 * @example
 * seriesLabel('Russia–China trade turnover (China customs basis)'); // 'Russia–China trade turnover'
 * seriesLabel('Brent, annual average'); // 'Brent, annual average'
 */
export function seriesLabel(description: string): string {
  return description.replace(/\s*\(.*$/, '');
}

/** A report's series in words, short (seriesLabel of its description). */
function labelOf(report: ForecastReport, name: string): string {
  return seriesLabel(describe(report, name));
}

/**
 * A y-axis title: the series in words with its unit, on two lines when one would run past the
 * chart's height.
 *
 * @example
 * axisTitle('LNG exported to China', 'Mt'); // 'LNG exported to China (Mt)'
 * axisTitle('Russian exports minus Chinese exports', 'USD bn'); // ['Russian exports minus', 'Chinese exports (USD bn)']
 */
export function axisTitle(label: string, unit: string): string | string[] {
  return wrapWords(`${label} (${unit})`, AXIS_TITLE_CHARACTERS);
}

/** Characters per line of an axis title: a 240-pixel axis holds about 30 characters of 12-pixel text. */
const AXIS_TITLE_CHARACTERS = 28;

/**
 * Text broken into lines of at most `width` characters at spaces (a longer word keeps its line);
 * one line is returned as a string, as Vega-Lite titles take it.
 *
 * @example
 * wrapWords('Russian exports minus Chinese exports (USD bn)', 28); // ['Russian exports minus', 'Chinese exports (USD bn)']
 */
export function wrapWords(text: string, width: number): string | string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.length === 1 ? lines[0] : lines;
}

/**
 * A chart's title, anchored left: vega sizes text without a font (about 0.8 em a character, more
 * than a browser draws), so titles stay short and the subtitle goes on two lines rather than widen
 * the chart past its column.
 */
function chartTitle(text: string, subtitle: readonly string[]): { text: string; subtitle: string[]; anchor: 'start' } {
  return { text, subtitle: [...subtitle], anchor: 'start' };
}

/** An observed series' rows from its first to its last year, a year without data as `observed: null`. */
function observedRows(h: { readonly years: readonly number[]; readonly values: readonly number[] }): FanChartRow[] {
  const rows: FanChartRow[] = [];
  if (h.years.length === 0) return rows;
  for (let year = h.years[0]; year <= h.years[h.years.length - 1]; year++) {
    const i = h.years.indexOf(year);
    rows.push({ year, observed: i >= 0 ? h.values[i] : null });
  }
  return rows;
}

/** The observed layer's filter: history rows (gaps included, so the line breaks), not the projection's. */
const OBSERVED_ROWS = '!isValid(datum.p50) && isDefined(datum.observed)';

/**
 * The tidy rows of a fan chart: history up to the base year, then the projection's quantiles. When
 * the base year is observed, the projection starts from it (every quantile equal to the observed
 * value) so the fan opens from the last data point rather than floating after it.
 *
 * @example
 * fanChartRows(report, 'trade.turnover').at(-1); // { year: 2035, p05: 229.1, p10: 241.1, p50: 322.2, … }
 */
export function fanChartRows(report: ForecastReport, name: string): FanChartRow[] {
  const h = report.history[name];
  const rows: FanChartRow[] = h ? observedRows(h) : [];
  const last = h && h.years[h.years.length - 1] === report.baseYear ? h.values[h.values.length - 1] : undefined;
  if (last !== undefined) rows.push({ year: report.baseYear, ...quantilesAt(() => last) });
  const s = report.series[name];
  report.years.forEach((year, t) => rows.push({ year, ...quantilesAt((_, field) => s[field][t]) }));
  for (const k of report.known) if (k.series === name) rows.push({ year: k.year, known: k.value });
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
export function fanChartSpec(report: ForecastReport, name: string): TopLevelSpec {
  const unit = unitOf(report, name);
  const y = (field: string) => ({ field, type: 'quantitative', title: axisTitle(labelOf(report, name), unit), scale: { zero: false } }) as const;
  const rows = fanChartRows(report, name);
  const hasKnown = rows.some((r) => r.known !== undefined);
  const domain = hasKnown ? [...FAN_LEGEND, KNOWN_LEGEND] : [...FAN_LEGEND];
  const legend = (label: string) => ({ datum: label, scale: { domain, range: [...FAN_COLOURS, KNOWN_COLOUR].slice(0, domain.length) }, legend: { title: null, orient: 'top' } }) as const;
  const layers: unknown[] = [
    { transform: [{ filter: 'isValid(datum.p05)' }], mark: { type: 'area' }, encoding: { y: y('p05'), y2: { field: 'p95' }, color: legend('P5–P95') } },
    { transform: [{ filter: 'isValid(datum.p10)' }], mark: { type: 'area' }, encoding: { y: y('p10'), y2: { field: 'p90' }, color: legend('P10–P90') } },
    { transform: [{ filter: 'isValid(datum.p50)' }], mark: { type: 'line', strokeWidth: 2 }, encoding: { y: y('p50'), color: legend('median') } },
    { transform: [{ filter: OBSERVED_ROWS }], mark: { type: 'line', point: true, strokeWidth: 1.5 }, encoding: { y: y('observed'), color: legend('observed') } },
  ];
  if (hasKnown) layers.push({ transform: [{ filter: 'isValid(datum.known)' }], mark: { type: 'point', shape: 'diamond', filled: true, size: 70 }, encoding: { y: y('known'), color: legend(KNOWN_LEGEND) } });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`${labelOf(report, name)} (${unit})`, [report.scenario.name, `${report.runs.toLocaleString('en-US')} paths, seed ${report.seed}`]),
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    config: READABLE_TEXT,
    data: { values: rows },
    encoding: { x: yearAxis },
    layer: layers,
  } as TopLevelSpec;
}

/** The panels of the settlement chart: roubles and yuan together (the national share, with its history), then each currency. */
const SETTLEMENT_PANELS: ReadonlyArray<{ series: string; label: string }> = [{ series: 'settlement.national', label: 'RUB + CNY' }, ...SETTLEMENT_CURRENCIES];

/**
 * Settlement currencies as small multiples: one panel per currency (and one for roubles and yuan
 * together), each with its P5–P95 and P10–P90 bands, median and, where the data have it, the
 * observed history — each on its own scale, so that the dollar's and euro's few per cent are as
 * readable as the yuan's half. Shares are shown in per cent, in the title and on the axes alike.
 *
 * @example
 * settlementSharesSpec(report); // six panels: RUB + CNY, RUB, CNY, USD, EUR, other
 */
export function settlementSharesSpec(report: ForecastReport): TopLevelSpec {
  const values = SETTLEMENT_PANELS.flatMap(({ series, label }) => fanChartRows(report, series).map((row) => ({ panel: label, ...row })));
  const y = (field: string) => ({ field, type: 'quantitative', title: 'share of settlements (%)', scale: { zero: false }, axis: { format: '.1~%' } }) as const;
  const legend = (label: (typeof FAN_LEGEND)[number]) => ({ datum: label, scale: { domain: [...FAN_LEGEND], range: FAN_COLOURS }, legend: { title: null, orient: 'top' } }) as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle('Settlement currencies of Russia–China trade (share of settlements, %)', [report.scenario.name, `median, P10–P90 and P5–P95 of ${report.runs.toLocaleString('en-US')} paths; each panel on its own scale`]),
    config: READABLE_TEXT,
    data: { values },
    facet: { field: 'panel', type: 'nominal', sort: SETTLEMENT_PANELS.map((p) => p.label), header: { title: null } },
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 200,
      height: 150,
      encoding: { x: { ...yearAxis, axis: { ...yearAxis.axis, tickCount: 4 } } },
      layer: [
        { transform: [{ filter: 'isValid(datum.p05)' }], mark: { type: 'area' }, encoding: { y: y('p05'), y2: { field: 'p95' }, color: legend('P5–P95') } },
        { transform: [{ filter: 'isValid(datum.p10)' }], mark: { type: 'area' }, encoding: { y: y('p10'), y2: { field: 'p90' }, color: legend('P10–P90') } },
        { transform: [{ filter: 'isValid(datum.p50)' }], mark: { type: 'line', strokeWidth: 2 }, encoding: { y: y('p50'), color: legend('median') } },
        { transform: [{ filter: OBSERVED_ROWS }], mark: { type: 'line', point: true, strokeWidth: 1.5 }, encoding: { y: y('observed'), color: legend('observed') } },
      ],
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
export function comparisonSpec(reports: readonly ForecastReport[], name: string): TopLevelSpec {
  const unit = unitOf(reports[0], name);
  const values: Array<Record<string, number | string | null>> = [];
  for (const r of reports) {
    const s = r.series[name];
    r.years.forEach((year, t) => values.push({ scenario: r.scenario.id, year, p10: s.p10[t], p50: s.p50[t], p90: s.p90[t] }));
  }
  const h = reports[0]?.history[name];
  if (h) for (const row of observedRows(h)) values.push({ scenario: 'observed', year: row.year, observed: row.observed ?? null });
  const ids = reports.map((r) => r.scenario.id);
  // One legend for bands and lines alike (identical in both layers, or vega-lite warns of a
  // conflict), drawn as strokes at full opacity so that faded bands do not fade the key.
  const colour = {
    field: 'scenario',
    type: 'nominal',
    scale: { domain: ids, range: SCENARIO_COLOURS.slice(0, Math.max(1, ids.length)) },
    legend: { orient: 'top', title: null, columns: 4, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 },
  } as const;
  const y = (field: string) => ({ field, type: 'quantitative', title: axisTitle(labelOf(reports[0], name), unit), scale: { zero: false } }) as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`${labelOf(reports[0], name)} (${unit})`, ['median and P10–P90 band per scenario', sameDraws(reports)]),
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    config: READABLE_TEXT,
    data: { values },
    encoding: { x: yearAxis },
    layer: [
      { transform: [{ filter: 'isValid(datum.p10)' }], mark: { type: 'area', opacity: 0.2 }, encoding: { y: y('p10'), y2: { field: 'p90' }, color: colour } },
      { transform: [{ filter: 'isValid(datum.p50)' }], mark: { type: 'line', strokeWidth: 2 }, encoding: { y: y('p50'), color: colour } },
      { transform: [{ filter: "datum.scenario === 'observed'" }], mark: { type: 'line', point: { color: '#222222' }, color: '#222222', strokeWidth: 1.5 }, encoding: { y: y('observed') } },
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
export function pairedDifferenceSpec(reports: readonly ForecastReport[], paired: ReadonlyArray<PairedDifferences | undefined>, name: string): TopLevelSpec {
  const unit = unitOf(reports[0], name);
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
    title: { text: `${describe(reports[0], name)}: paired difference from ${ref} (${unit})`, subtitle: `median and P10–P90 band of scenario − ${ref} over the same ${first ? `${first.runs.toLocaleString('en-US')} paths (seed ${first.seed})` : 'paths'}` },
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
    const lines = [`${t.comparison} ${t.threshold}`, ...(answer ? [`question: ${(answer.probability * 100).toFixed(1)} %`, ...(answer.when === `in ${d.year}` ? [] : [answer.when.replace(/^in /, '')])] : [])];
    // Labels sit on the side of the rule with more room, so they never widen the chart.
    return { threshold: t.threshold, label: lines.join('\n'), side: t.threshold > (d.values[0] + d.values[d.values.length - 1]) / 2 ? 'left' : 'right' };
  });
  const x = { field: 'value', type: 'quantitative', title: `${d.series} in ${d.year} (${d.unit})`, scale: { zero: false } } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`${d.year}: ${labelOf(report, d.series)}`, [`share of paths above each value (${d.unit})`, 'dashed: the questions\' thresholds', `${report.scenario.name}, ${report.runs.toLocaleString('en-US')} paths`]),
    config: READABLE_TEXT,
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    layer: [
      { data: { values }, mark: { type: 'line', strokeWidth: 2, color: FAN_COLOURS[1], interpolate: 'monotone' }, encoding: { x, y: { field: 'probabilityAbove', type: 'quantitative', title: 'share of paths above', scale: { domain: [0, 1] }, axis: { format: '.0%' } } } },
      { data: { values: rules }, mark: { type: 'rule', color: '#c0392b', strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'threshold', type: 'quantitative' } } },
      { data: { values: rules.filter((r) => r.side === 'right') }, mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, lineBreak: '\n', color: '#c0392b', fontSize: 12 }, encoding: { x: { field: 'threshold', type: 'quantitative' }, y: { datum: 0.98 }, text: { field: 'label' } } },
      { data: { values: rules.filter((r) => r.side === 'left') }, mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, lineBreak: '\n', color: '#c0392b', fontSize: 12 }, encoding: { x: { field: 'threshold', type: 'quantitative' }, y: { datum: 0.98 }, text: { field: 'label' } } },
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

/**
 * The allocated series of a report (groups, regions, routes) whose names match `pattern` and end in
 * `suffix`, with the label between (`region.irkutsk.exports_to_cn` → `irkutsk`).
 */
function allocatedSeries(report: ForecastReport, prefix: string, suffix: string): Array<{ readonly name: string; readonly label: string }> {
  return Object.keys(report.series)
    .filter((n) => n.startsWith(prefix) && n.endsWith(suffix) && report.series[n].allocated === true)
    .map((name) => ({ name, label: name.slice(prefix.length, name.length - suffix.length) }));
}

/**
 * One year of allocated series side by side: each one's median (a dot) and P10–P90 band (a bar),
 * sorted by median, so that the largest parts of a flow lead.
 *
 * @example
 * allocationYearSpec(report, 'region.', '.exports_to_cn', 'Exports to China by region'); // one row per region, last projected year
 */
export function allocationYearSpec(report: ForecastReport, prefix: string, suffix: string, title: string): TopLevelSpec {
  const parts = allocatedSeries(report, prefix, suffix);
  const t = report.years.length - 1;
  const year = report.years[t];
  const unit = parts.length > 0 ? report.series[parts[0].name].unit : '';
  // Largest first, in the data as on the axis.
  const values = parts.map(({ name, label }) => ({ label, p10: report.series[name].p10[t], p50: report.series[name].p50[t], p90: report.series[name].p90[t] })).sort((a, b) => b.p50 - a.p50);
  const y = { field: 'label', type: 'nominal', title: null, sort: { field: 'p50', order: 'descending' }, axis: { labelLimit: 180 } } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`${title}, ${year}`, [`median and P10–P90 band (${unit})`, 'allocated by assumed shares, not observed']),
    width: 340,
    data: { values },
    config: READABLE_TEXT,
    layer: [
      { mark: { type: 'bar', size: 7, color: FAN_COLOURS[2] }, encoding: { y, x: { field: 'p10', type: 'quantitative', title: `${unit}` }, x2: { field: 'p90' } } },
      { mark: { type: 'point', filled: true, size: 50, color: FAN_COLOURS[1] }, encoding: { y, x: { field: 'p50', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

/**
 * The routes' utilisation over the projection: the median share of each route's capacity in use,
 * one line per route (1 = full: cargo beyond it spills to the next route or goes unserved).
 *
 * @example
 * routeUtilisationSpec(report); // one line per route, 0–100 %
 */
export function routeUtilisationSpec(report: ForecastReport): TopLevelSpec {
  const parts = allocatedSeries(report, 'route.', '.utilisation');
  const values = parts.flatMap(({ name, label }) => report.years.map((year, t) => ({ route: label, year, p50: report.series[name].p50[t] })));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle('Route utilisation (% of capacity)', ['median per route; allocated by assumed shares, not observed']),
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    data: { values },
    config: READABLE_TEXT,
    mark: { type: 'line', point: true, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: null },
      y: { field: 'p50', type: 'quantitative', title: 'share of capacity in use (%)', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
      color: { field: 'route', type: 'nominal', scale: { range: SCENARIO_COLOURS }, legend: { orient: 'top', title: null, columns: 2, labelLimit: 240 } },
    },
  } as TopLevelSpec;
}

/** The allocation charts of a report (none for a run without groups, regions or routes). */
export function allocationCharts(report: ForecastReport): ReportChart[] {
  const charts: ReportChart[] = [];
  if (allocatedSeries(report, 'trade.group.', '.exports_ru_cn').length > 0) {
    charts.push({ file: 'allocation.groups', caption: 'Russian exports to China by commodity group in the last projected year: median and P10–P90 (allocated, not observed).', spec: allocationYearSpec(report, 'trade.group.', '.exports_ru_cn', 'Exports to China by commodity group') });
  }
  if (allocatedSeries(report, 'region.', '.exports_to_cn').length > 0) {
    charts.push({ file: 'allocation.regions', caption: 'Russian exports to China by region in the last projected year: median and P10–P90 (allocated, not observed).', spec: allocationYearSpec(report, 'region.', '.exports_to_cn', 'Exports to China by region') });
  }
  if (allocatedSeries(report, 'route.', '.utilisation').length > 0) {
    charts.push({ file: 'allocation.routes', caption: 'Median utilisation of each route and border crossing, per cent of its capacity (allocated, not observed).', spec: routeUtilisationSpec(report) });
  }
  return charts;
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
export function reportCharts(report: ForecastReport, series: readonly string[]): ReportChart[] {
  const charts: ReportChart[] = series.map((name) => ({
    file: name,
    caption: `${describe(report, name)} (${unitOf(report, name)}): median, P10–P90 and P5–P95 bands${report.history[name] ? ', observed history in black' : ''}.`,
    spec: fanChartSpec(report, name),
  }));
  charts.push({
    file: 'settlement.shares',
    caption: `Share of settlements in each currency, in per cent: median, P10–P90 and P5–P95 bands, each panel on its own scale${report.history['settlement.national'] ? '; RUB + CNY with the yearly mean of dated statements in black' : ''}.`,
    spec: settlementSharesSpec(report),
  });
  return charts;
}
