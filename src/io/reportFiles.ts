import path from 'node:path';
import { csvField } from '../data/csv.js';
import type { ForecastReport } from '../engine/report.js';
import { SERIES } from '../engine/series.js';
import { writeFilesAtomically } from './atomicWrite.js';

/** Statistics written to summary.csv, in this order. */
export const CSV_STATS = ['mean', 'sd', 'min', 'p05', 'p10', 'p50', 'p90', 'p95', 'max', 'meanStandardError'] as const;

/** report.json text: stable key order, two-space indent, trailing newline. */
export function reportJson(report: ForecastReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * summary.csv: tidy, one row per (series, year, statistic):
 * `scenario,series,unit,year,stat,value`.
 */
export function summaryCsv(report: ForecastReport): string {
  const lines = ['scenario,series,unit,year,stat,value'];
  for (const s of SERIES) {
    const r = report.series[s.name];
    report.years.forEach((year, t) => {
      for (const stat of CSV_STATS) {
        lines.push([report.scenario.id, s.name, r.unit, year, stat, r[stat][t]].map(csvField).join(','));
      }
    });
  }
  return `${lines.join('\n')}\n`;
}

/** Write report.json and summary.csv into `dir`, atomically. Returns the paths written. */
export function writeReportFiles(report: ForecastReport, dir: string): string[] {
  const files = {
    [path.join(dir, 'report.json')]: reportJson(report),
    [path.join(dir, 'summary.csv')]: summaryCsv(report),
  };
  writeFilesAtomically(files);
  return Object.keys(files);
}
