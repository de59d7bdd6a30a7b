import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../src/io/fingerprint.js';
import { allocationCharts, axisTitle, fanChartRows, seriesLabel } from '../src/charts/specs.js';
import { COMPARISON_CSV_COLUMNS, COMPARISON_STATS, PAIRED_STATS, compareReports, comparisonCsv } from '../src/compare/compare.js';
import { type ForecastReport } from '../src/report/report.js';
import { HEADLINE_SERIES } from '../src/engine/series.js';
import { runScenario } from '../src/report/run.js';
import { CSV_STATS, reportFiles } from '../src/views/reportFiles.js';
import { rendererSource } from '../src/charts/render.js';
import { withOverrides } from '../src/index.js';
import { formatBand, formatValue } from '../src/views/format.js';
import { markdownTable } from '../src/views/markdown.js';
import { defaultTableYears } from '../src/views/tables.js';
import { BASELINE_SERIES, baseYear, loadLibraryScenario, root } from './helpers.js';

let baseline: ForecastReport;
let highOil: ForecastReport;
let files: Record<string, string>;

beforeAll(async () => {
  baseline = await runScenario(loadLibraryScenario('baseline.json'), { runs: 3000, seed: 5, workers: 0 });
  highOil = await runScenario(loadLibraryScenario('high-oil.json'), { runs: 3000, seed: 5, workers: 0 });
  files = await reportFiles(baseline);
});

describe('formatting and tables, hand-checked', () => {
  it('formats by unit', () => {
    expect(formatValue(277.31, 'USD bn')).toBe('277.3');
    expect(formatValue(8.294, 'Mt')).toBe('8.29');
    expect(formatValue(0.97512, 'share 0–1')).toBe('0.975');
    expect(formatValue(0.0312, 'share of paths')).toBe('3.1 %');
    expect(formatBand(277.31, 218.12, 363.2, 'USD bn')).toBe('277.3 [218.1–363.2]');
    expect(formatBand(19.2, -41.1, 71.2, 'USD bn')).toBe('19.2 [-41.1 to 71.2]');
  });

  it('picks the first, every fifth and the last projected year', () => {
    const years = Array.from({ length: 11 }, (_, i) => baseYear + 1 + i);
    const picked = defaultTableYears(years);
    expect(picked[0]).toBe(years[0]);
    expect(picked[picked.length - 1]).toBe(years[10]);
    expect(picked.slice(1, -1).every((y) => y % 5 === 0)).toBe(true);
    expect(picked.length).toBe(2 + years.slice(1, -1).filter((y) => y % 5 === 0).length);
  });

  it('escapes pipes in Markdown cells', () => {
    expect(markdownTable({ title: 'T', caption: 'c', header: ['a', 'b'], rows: [['x|y', '1']], numericColumns: [1] })).toBe('### T\n\nc\n\n| a | b |\n| --- | ---: |\n| x\\|y | 1 |\n');
  });

  it('links cells that carry a link, in Markdown and HTML', async () => {
    const { htmlTable } = await import('../src/views/html.js');
    const t = { title: 'T', caption: 'c', header: ['id', 'report'], rows: [['a', 'a/report.html'], ['b', '–']], numericColumns: [], links: [[undefined, 'a/report.html'], [undefined, undefined]] };
    expect(markdownTable(t)).toContain('| a | [a/report.html](a/report.html) |\n| b | – |');
    expect(htmlTable(t)).toContain('<td><a href="a/report.html">a/report.html</a></td>');
    expect(htmlTable(t)).toContain('<td>–</td>');
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('report files', () => {
  it('has report.html, report.md, summary.csv and a spec and SVG per chart', () => {
    for (const name of [...HEADLINE_SERIES, 'settlement.shares']) {
      expect(files[`charts/${name}.vl.json`], name).toBeDefined();
      expect(files[`charts/${name}.svg`], name).toMatch(/^<svg/);
    }
    const html = files['report.html'];
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/); // self-contained: nothing fetched
    // Fan charts, the settlement shares, and a one-year distribution per (series, year) a question asks about.
    expect(baseline.distributions?.length).toBe(new Set(loadLibraryScenario('baseline.json').questions!.map((q) => `${q.series}|${q.year ?? q.by ?? q.everyYearThrough ?? baseline.years.at(-1)}`)).size);
    const allocation = allocationCharts(baseline);
    expect(allocation.map((c) => c.file)).toEqual(['allocation.groups', 'allocation.regions', 'allocation.routes']);
    expect(html.match(/<figure class="chart[ "]/g)).toHaveLength(HEADLINE_SERIES.length + 1 + baseline.distributions!.length + allocation.length);
    const turnover = baseline.distributions!.find((d) => d.series === 'trade.turnover')!;
    // The exceedance curve falls as the value rises, and reads the question's answer at its threshold.
    for (let i = 1; i < turnover.values.length; i++) expect(turnover.values[i]).toBeGreaterThanOrEqual(turnover.values[i - 1]);
    const q = baseline.questions.find((x) => x.series === 'trade.turnover')!;
    const above = turnover.probabilityAbove[turnover.values.findIndex((v) => v >= q.threshold)];
    expect(Math.abs(above - q.probability)).toBeLessThan(0.03);
    expect(html).toContain(baseline.scenario.name);
    for (const q of baseline.questions) expect(html).toContain(q.text.replace(/'/g, '&#39;'));
    const md = files['report.md'];
    expect(md).toContain('| series | unit |');
    expect(md).toContain('### Questions');
    expect(md).toContain('![');
    for (const k of baseline.keyParameters) expect(md).toContain(k.pointer);
  });

  it("renders from vega's single-file builds, and every chart's SVG is the one vega's ES modules render", async () => {
    // The report's SVGs (charts/*.svg) came through renderSvg; here the same specs through the
    // ES modules this test imports. A vega release whose builds differ would fail here. (Not a
    // dependency: with the optional `canvas` package installed the ES modules would measure text
    // with it and the bytes would differ by design; it is not installed.)
    expect(await rendererSource()).toBe('single-file builds');
    const specs = Object.entries(files).filter(([n]) => n.endsWith('.vl.json'));
    expect(specs.length).toBeGreaterThan(10);
    for (const [name, text] of specs) {
      const view = new vega.View(vega.parse(compile(JSON.parse(text) as TopLevelSpec).spec), { renderer: 'none' });
      const svg = await view.toSVG();
      view.finalize();
      expect(`${svg}\n`, name).toBe(files[name.replace(/\.vl\.json$/, '.svg')]);
    }
  });

  it('every Vega-Lite spec compiles with vega-lite and renders marks from its data', async () => {
    for (const [name, text] of Object.entries(files).filter(([n]) => n.endsWith('.vl.json'))) {
      const spec = JSON.parse(text) as TopLevelSpec;
      const warn = vi.spyOn(console, 'warn');
      const { spec: vg } = compile(spec);
      expect(warn, `${name}: vega-lite warned`).not.toHaveBeenCalled();
      warn.mockRestore();
      const view = new vega.View(vega.parse(vg), { renderer: 'none' });
      const svg = await view.toSVG();
      view.finalize();
      // The data layers drew paths with coordinates: both bands and the median (and the
      // observed line where the series has history); the stacked chart one area per currency.
      const groups = svg.match(/<g class="mark-(area|line) role-mark[^"]*"[^>]*>(<path[^>]*>)?/g) ?? [];
      const drawn = groups.filter((g) => / d="M[\d.-]/.test(g)).length;
      const series = name.replace(/^charts\//, '').replace(/\.vl\.json$/, '');
      // An exceedance curve: its one line (the thresholds are rules and text).
      if (series.startsWith('distribution.')) expect(drawn, name).toBe(1);
      // Allocation charts: a P10–P90 bar per group or region, or a line per route.
      else if (series === 'allocation.groups' || series === 'allocation.regions') expect((svg.match(/<path[^>]* d="M[\d.-]/g) ?? []).length, name).toBeGreaterThanOrEqual(5);
      else if (series === 'allocation.routes') expect(drawn, name).toBeGreaterThanOrEqual(5);
      else if (series === 'settlement.shares') expect((svg.match(/<path[^>]* d="M[\d.-]/g) ?? []).length, name).toBeGreaterThanOrEqual(5);
      else expect(drawn, name).toBe(baseline.history[series] ? 4 : 3);
    }
  });

  it('the fan chart starts from the last observed value and carries the report quantiles', () => {
    const rows = fanChartRows(baseline, 'trade.turnover');
    const h = baseline.history['trade.turnover'];
    const anchor = rows.find((r) => r.year === baseline.baseYear && r.p50 !== undefined);
    if (h.years[h.years.length - 1] === baseline.baseYear) expect(anchor?.p50).toBe(h.values[h.values.length - 1]);
    const t = baseline.years.length - 1;
    expect(rows[rows.length - 1]).toEqual({ year: baseline.years[t], p05: baseline.series['trade.turnover'].p05[t], p10: baseline.series['trade.turnover'].p10[t], p50: baseline.series['trade.turnover'].p50[t], p90: baseline.series['trade.turnover'].p90[t], p95: baseline.series['trade.turnover'].p95[t] });
  });

  it('summary.csv parses with a standard CSV parser into the documented columns', () => {
    const rows = parse(files['summary.csv'], { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual(['scenario', 'series', 'unit', 'year', 'stat', 'value']);
    expect(rows).toHaveLength(BASELINE_SERIES.length * baseline.years.length * CSV_STATS.length);
    const turnover = rows.find((r) => r.series === 'trade.turnover' && r.stat === 'p50' && Number(r.year) === baseline.years[0]);
    expect(Number(turnover?.value)).toBe(Number(baseline.series['trade.turnover'].p50[0].toPrecision(6)));
    expect(rows.every((r) => Number.isFinite(Number(r.value)) && r.unit !== '')).toBe(true);
    // Six significant digits at most, not the 17 of a histogram bin's centre.
    expect(rows.every((r) => r.value.replace(/^-?0\.0*|[-.]|e.*$/g, '').length <= 6)).toBe(true);
  });
});

describe('comparison', () => {
  it('comparison.csv is tidy like summary.csv (one row per scenario, series, year and statistic); the reference differs from itself by 0', async () => {
    const rows = parse(comparisonCsv([baseline, highOil]), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual([...COMPARISON_CSV_COLUMNS]);
    expect(COMPARISON_CSV_COLUMNS.slice(0, 6)).toEqual(['scenario', 'series', 'unit', 'year', 'stat', 'value']);
    expect(rows).toHaveLength(2 * BASELINE_SERIES.length * baseline.years.length * COMPARISON_STATS.length);
    for (const r of rows.filter((x) => x.scenario === 'baseline')) expect(Number(r.difference_from_reference)).toBe(0);
    const brent = rows.find((r) => r.scenario === 'high-oil' && r.series === 'oil.brent' && r.stat === 'p50' && Number(r.year) === baseline.years[2])!;
    expect(Number(brent.value)).toBe(Number(highOil.series['oil.brent'].p50[2].toPrecision(6)));
    expect(Number(brent.difference_from_reference)).toBeCloseTo(highOil.series['oil.brent'].p50[2] - baseline.series['oil.brent'].p50[2], 3);
    expect(Number(brent.difference_from_reference)).toBeGreaterThan(0); // the high-oil scenario's anchor is higher
    expect(new Set(rows.map((r) => r.stat))).toEqual(new Set(COMPARISON_STATS));
  });

  it('on one seed, a scenario against itself differs by exactly 0; different seeds are flagged', async () => {
    const again = await runScenario(withOverrides(loadLibraryScenario('baseline.json'), { id: 'baseline-again' }), { runs: 3000, seed: 5, workers: 0 });
    const c = await compareReports([baseline, again]);
    expect(c.warnings).toEqual([]);
    const specs = Object.entries(c.chartFiles).filter(([n]) => n.endsWith('.vl.json'));
    expect(specs).toHaveLength(HEADLINE_SERIES.length);
    // vega-lite logs what it had to guess or override through console.warn: a clean spec logs nothing.
    const warn = vi.spyOn(console, 'warn');
    try {
      for (const [name, text] of specs) expect(compile(JSON.parse(text) as TopLevelSpec).spec.marks?.length, name).toBeGreaterThan(0);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    const diffs = c.tables.find((t) => t.title.startsWith('Differences'))!;
    expect(diffs.rows.length).toBe(HEADLINE_SERIES.length);
    for (const row of diffs.rows) for (const cell of row.slice(3)) expect(Number(cell)).toBe(0);
    const other = await runScenario(loadLibraryScenario('baseline.json'), { runs: 3000, seed: 6, workers: 0 });
    expect((await compareReports([baseline, other])).warnings[0]).toMatch(/^seeds differ \(baseline: 5, baseline: 6\)/);
  });

  it('eastward compare runs scenarios on one seed and reads reports', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eastward-cmp-'));
    const cli = path.join(root, 'dist', 'bin.js');
    const scen = (n: string) => path.join(root, 'scenarios', n);
    const r = spawnSync(process.execPath, [cli, 'compare', scen('baseline.json'), scen('secondary-sanctions.json'), '--runs', '2000', '--seed', '3', '--workers', '0', '--out', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Paired differences from baseline');
    const rows = parse(readFileSync(path.join(dir, 'comparison.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(new Set(rows.map((x) => x.scenario))).toEqual(new Set(['baseline', 'secondary-sanctions']));
    const html = readFileSync(path.join(dir, 'comparison.html'), 'utf8');
    // Per headline series: the levels side by side and the paired differences.
    expect(html.match(/<figure class="chart[ "]/g)).toHaveLength(2 * HEADLINE_SERIES.length);
    // The same two as reports: same numbers.
    const run = (id: string) => spawnSync(process.execPath, [cli, 'run', scen(`${id}.json`), '--runs', '2000', '--seed', '3', '--workers', '0', '--out', path.join(dir, id)], { encoding: 'utf8' });
    expect(run('baseline').status).toBe(0);
    expect(run('secondary-sanctions').status).toBe(0);
    const r2 = spawnSync(process.execPath, [cli, 'compare', path.join(dir, 'baseline'), path.join(dir, 'secondary-sanctions', 'report.json'), '--out', path.join(dir, 'from-reports')], { encoding: 'utf8' });
    expect(r2.status, r2.stderr).toBe(0);
    // The same levels; read from disk the differences are unpaired (no paths to pair), so there are no paired rows
    // (the paired statistics are rows of their own, only where the scenarios were run here).
    const levels = (file: string) =>
      (parse(readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>)
        .filter((x) => !(PAIRED_STATS as readonly string[]).includes(x.stat))
        .map((x) => COMPARISON_CSV_COLUMNS.slice(0, COMPARISON_CSV_COLUMNS.indexOf('difference_method')).map((c) => x[c]).join(','));
    expect(levels(path.join(dir, 'comparison.csv')).length).toBeGreaterThan(0);
    expect(levels(path.join(dir, 'from-reports', 'comparison.csv'))).toEqual(levels(path.join(dir, 'comparison.csv')));
  });
});

describe('readable reports (issue 17)', () => {
  it('report.json keeps each question\'s timing structured beside its words', () => {
    const doc = JSON.parse(files['report.json']) as ForecastReport;
    const scenario = loadLibraryScenario('baseline.json');
    for (const q of scenario.questions ?? []) {
      const answer = doc.questions.find((a) => a.id === q.id)!;
      const given = Object.fromEntries((['year', 'by', 'everyYearThrough', 'anyYear'] as const).filter((k) => q[k] !== undefined).map((k) => [k, q[k]]));
      expect(answer.timing).toEqual(given);
      expect(answer.when).toMatch(/^in /);
    }
  });

  it('a year missing inside the history is a gap in the chart data, not bridged', () => {
    const h = baseline.history['trade.turnover'];
    const missing = Array.from({ length: h.years[h.years.length - 1] - h.years[0] + 1 }, (_, i) => h.years[0] + i).filter((y) => !h.years.includes(y));
    expect(missing.length).toBeGreaterThan(0); // the shipped turnover skips a year
    const rows = fanChartRows(baseline, 'trade.turnover');
    for (const y of missing) expect(rows.find((r) => r.year === y)).toEqual({ year: y, observed: null });
    // In the rendered SVG the observed line is drawn as more than one piece (a move-to per piece).
    const svg = files['charts/trade.turnover.svg'];
    const lines = [...svg.matchAll(/aria-roledescription="line mark" d="([^"]+)"/g)].map((m) => m[1].match(/M/g)!.length);
    expect(lines.length).toBeGreaterThanOrEqual(2); // the median and the observed line
    expect(Math.max(...lines)).toBeGreaterThanOrEqual(2);
  });

  it('axes are titled in words with units, not machine ids; shares read in per cent in title and axis alike', () => {
    for (const name of HEADLINE_SERIES) {
      const spec = files[`charts/${name}.vl.json`];
      expect(spec, name).not.toContain(`"${name} (`);
      const info = BASELINE_SERIES.find((s) => s.name === name)!;
      const wanted = axisTitle(seriesLabel(info.description), info.unit);
      const title = [wanted].flat().join(' ');
      expect(title).toContain(`(${info.unit})`);
      expect(spec).toContain(JSON.stringify(wanted, null, 2).split('\n')[0]);
    }
    const shares = JSON.parse(files['charts/settlement.shares.vl.json']);
    expect(shares.title.text).toContain('%');
    expect(JSON.stringify(shares.spec.layer)).toContain('share of settlements (%)');
    expect(JSON.stringify(shares.spec.layer)).toContain('"format":".1~%"');
    // Bands and medians per currency, and the national share's history where the data have statements.
    const panels = new Set((shares.data.values as Array<{ panel: string }>).map((v) => v.panel));
    expect([...panels]).toEqual(['RUB + CNY', 'RUB', 'CNY', 'USD', 'EUR', 'other']);
    expect((shares.data.values as Array<{ panel: string; p10?: number; observed?: number }>).some((v) => v.panel === 'USD' && v.p10 !== undefined)).toBe(true);
    expect((shares.data.values as Array<{ panel: string; observed?: number }>).some((v) => v.panel === 'RUB + CNY' && typeof v.observed === 'number')).toBe(true);
  });

  it('report.html links report.json, summary.csv, report.md and charts, and has a table of contents to its sections', () => {
    const html = files['report.html'];
    for (const href of ['report.json', 'summary.csv', 'report.md', 'charts/']) expect(html).toContain(`href="${href}"`);
    const anchors = [...html.matchAll(/<li><a href="#([^"]+)">/g)].map((m) => m[1]);
    expect(anchors.length).toBeGreaterThanOrEqual(7);
    for (const id of anchors) expect(html).toContain(`id="${id}"`);
    expect(files['report.md']).toContain('[report.json](report.json)');
  });
});
