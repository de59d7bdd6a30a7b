import { readRegularFile } from '../io/regularFile.js';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { csvField, csvNumber } from '../data/csv.js';
import type { ForecastReport } from '../report/report.js';
import { writeFilesUnder } from '../io/atomicWrite.js';
import { allocationCharts, distributionCharts, reportCharts } from '../charts/specs.js';
import { renderSvg } from '../charts/render.js';
import { HEADLINE_SERIES } from '../engine/series.js';
import { reportHtml } from './html.js';
import { reportMarkdown } from './markdown.js';
import { reportTables } from './tables.js';

/** Statistics written to summary.csv, in this order. */
export const CSV_STATS = ['mean', 'sd', 'min', 'p05', 'p10', 'p50', 'p90', 'p95', 'max', 'meanStandardError'] as const;

/** report.json text: stable key order, two-space indent, trailing newline. */
export function reportJson(report: ForecastReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * summary.csv: tidy, one row per (series, year, statistic):
 * `scenario,series,unit,year,stat,value`, values to six significant digits (csvNumber).
 */
export function summaryCsv(report: ForecastReport): string {
  const lines = ['scenario,series,unit,year,stat,value'];
  for (const [name, r] of Object.entries(report.series)) {
    report.years.forEach((year, t) => {
      for (const stat of CSV_STATS) {
        lines.push([report.scenario.id, name, r.unit, year, stat, csvNumber(r[stat][t])].map(csvField).join(','));
      }
    });
  }
  return `${lines.join('\n')}\n`;
}

/** How the readable views are made. */
export interface ReportViewOptions {
  /** Years the tables show (those the report projects); default: first, every 5th, last. */
  readonly tableYears?: readonly number[];
}

/**
 * Every file of a report, keyed by path relative to the report's folder: report.json,
 * summary.csv, report.md, report.html, and charts/<series>.vl.json + .svg for each chart.
 * Charts are rendered to SVG here (vega + vega-lite, headless), so report.html shows them
 * without scripts or network.
 *
 * @example
 * Object.keys(await reportFiles(report)); // ['report.json', 'summary.csv', 'report.md', 'report.html', 'charts/trade.turnover.vl.json', …]
 */
export async function reportFiles(report: ForecastReport, options: ReportViewOptions = {}): Promise<Record<string, string>> {
  const tables = reportTables(report, options.tableYears);
  const fans = reportCharts(report, HEADLINE_SERIES);
  const distributions = distributionCharts(report);
  const allocation = allocationCharts(report);
  const charts = [...fans, ...distributions, ...allocation];
  const svgs = await Promise.all(charts.map((c) => renderSvg(c.spec)));
  const figures = charts.map((c, i) => ({ file: c.file, caption: c.caption, svg: svgs[i], specHref: `charts/${c.file}.vl.json` }));
  const files: Record<string, string> = {
    'report.json': reportJson(report),
    'summary.csv': summaryCsv(report),
    'report.md': reportMarkdown(report, tables, charts),
    'report.html': reportHtml(report, tables, figures.slice(0, fans.length), figures.slice(fans.length, fans.length + distributions.length), figures.slice(fans.length + distributions.length)),
  };
  charts.forEach((c, i) => {
    files[`charts/${c.file}.vl.json`] = `${JSON.stringify(c.spec, null, 2)}\n`;
    files[`charts/${c.file}.svg`] = `${svgs[i]}\n`;
  });
  return files;
}

/** Largest report.json read back (a baseline report is about 0.3 MB; a 2100 horizon a few MB). */
export const MAX_REPORT_JSON_BYTES = 64 * 1024 * 1024;

/**
 * Read a report.json (the file, or the folder holding it). Undefined when there is none, it is not
 * JSON, or it is not an eastward report (a scenario file, say).
 *
 * @example
 * readReportJson('out/baseline')?.series['trade.turnover'].p50;
 */
export function readReportJson(input: string): ForecastReport | undefined {
  const file = existsSync(input) && statSync(input).isDirectory() ? path.join(input, 'report.json') : input;
  // A bounded read of regular files only: a FIFO or /dev/zero named report.json must not hang or fill memory.
  const read = readRegularFile(file, MAX_REPORT_JSON_BYTES);
  if (!read.ok) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(read.text);
  } catch {
    return undefined;
  }
  const d = doc as Partial<ForecastReport> | null;
  return d !== null && typeof d === 'object' && d.engine?.name === 'eastward' && typeof d.series === 'object' ? (d as ForecastReport) : undefined;
}

/**
 * Write a report's files (see reportFiles) into `dir`, atomically. Returns the paths written. An
 * aborted `signal` (Ctrl-C while charts render) writes nothing.
 */
export async function writeReportFiles(report: ForecastReport, dir: string, options: ReportViewOptions & { readonly signal?: AbortSignal } = {}): Promise<string[]> {
  return writeFilesUnder(dir, await reportFiles(report, options), options.signal);
}
