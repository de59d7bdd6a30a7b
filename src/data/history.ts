import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '../paths.js';
import { parseCsv } from './csv.js';

/** A data folder that cannot be read or holds a malformed row: bad input, named by file and line. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** A data file's text, or a DataError naming it (missing, a folder, unreadable). */
function readDataFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'not readable' : (e as Error).message;
    throw new DataError(`${file}: ${why} (a data folder holds history.csv, settlement-statements.csv and logistics.csv)`);
  }
}

/** One observation of the long-format history (`data/history.csv`). */
export interface Observation {
  readonly series: string;
  readonly year: number;
  readonly value: number;
  readonly unit: string;
  readonly quality: 'reported' | 'derived' | 'approximate';
  readonly source: string;
}

/** A dated statement on the national-currency share of Russia–China settlements. */
export interface SettlementStatement {
  /** Decimal year, e.g. 2023.72 for 2023-09-19. */
  readonly decimalYear: number;
  readonly date: string;
  readonly nationalShare: number;
  readonly kind: string;
  readonly source: string;
}

/** An item of `data/logistics.csv` (rail capacity, crossings, regional trade points). */
export interface LogisticsItem {
  readonly item: string;
  readonly year: number;
  readonly value: number;
  readonly unit: string;
  readonly kind: string;
  readonly source: string;
}

/**
 * The historical record the model is calibrated on and projects from. Everything that depends on
 * "the last data year" reads it from here, so newer data flows through without code changes.
 */
export class History {
  readonly observations: readonly Observation[];
  readonly settlementStatements: readonly SettlementStatement[];
  readonly logistics: readonly LogisticsItem[];
  private readonly index = new Map<string, Map<number, Observation>>();

  constructor(
    observations: readonly Observation[],
    settlementStatements: readonly SettlementStatement[],
    logistics: readonly LogisticsItem[],
  ) {
    this.observations = observations;
    this.settlementStatements = settlementStatements;
    this.logistics = logistics;
    for (const o of observations) {
      let bySeries = this.index.get(o.series);
      if (!bySeries) this.index.set(o.series, (bySeries = new Map()));
      bySeries.set(o.year, o);
    }
  }

  /** Names of all series present. */
  seriesNames(): string[] {
    return [...this.index.keys()].sort();
  }

  has(series: string, year: number): boolean {
    return this.index.get(series)?.has(year) ?? false;
  }

  /** The value of `series` in `year`; throws a clear error when the data has no such row. */
  value(series: string, year: number): number {
    const o = this.index.get(series)?.get(year);
    if (!o) throw new Error(`data/history.csv has no value for ${series} in ${year}`);
    return o.value;
  }

  unit(series: string): string {
    const bySeries = this.index.get(series);
    if (!bySeries || bySeries.size === 0) throw new Error(`data/history.csv has no series ${series}`);
    return bySeries.values().next().value!.unit;
  }

  /** Years with data for `series`, ascending. */
  years(series: string): number[] {
    return [...(this.index.get(series)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Last year with data for `series`. */
  lastYear(series: string): number {
    const ys = this.years(series);
    if (ys.length === 0) throw new Error(`data/history.csv has no series ${series}`);
    return ys[ys.length - 1];
  }

  /**
   * The last year in which all the given series have data: the model's base year. The projection
   * starts the year after.
   */
  lastCommonYear(series: readonly string[]): number {
    const sets = series.map((s) => new Set(this.years(s)));
    const candidates = this.years(series[0]).filter((y) => sets.every((set) => set.has(y)));
    if (candidates.length === 0) throw new Error(`data/history.csv has no year common to ${series.join(', ')}`);
    return candidates[candidates.length - 1];
  }

  /** Pairs (year, value) for `series` within [from, to]. */
  range(series: string, from = -Infinity, to = Infinity): Array<[number, number]> {
    return this.years(series)
      .filter((y) => y >= from && y <= to)
      .map((y) => [y, this.value(series, y)]);
  }

  /** A copy that keeps only data up to and including `year` (for hindcasts and no-leak backtests). */
  truncatedAt(year: number): History {
    return new History(
      this.observations.filter((o) => o.year <= year),
      this.settlementStatements.filter((s) => Math.floor(s.decimalYear) <= year),
      this.logistics,
    );
  }
}

/** Decimal year of an ISO date (`2023-09-19` → 2023.716…). */
export function decimalYear(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  const start = Date.UTC(y, 0, 1);
  const end = Date.UTC(y + 1, 0, 1);
  return y + (Date.UTC(y, (m || 1) - 1, d || 1) - start) / (end - start);
}

function readRows(file: string): Record<string, string>[] {
  const rows = parseCsv(readDataFile(file));
  const header = rows[0];
  return rows.slice(1).map((r, i) => {
    if (r.length !== header.length) {
      throw new DataError(`${file}: line ${i + 2}: expected ${header.length} fields, found ${r.length}`);
    }
    return Object.fromEntries(header.map((h, j) => [h, r[j]]));
  });
}

function num(file: string, line: number, field: string, raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new DataError(`${file}: line ${line}: ${field} is not a number: ${JSON.stringify(raw)}`);
  return v;
}

/** Load the shipped data folder (default: the package's `data/`). */
export function loadHistory(dir: string = dataDir): History {
  const hFile = path.join(dir, 'history.csv');
  const observations = readRows(hFile).map((r, i) => ({
    series: r.series,
    year: num(hFile, i + 2, 'year', r.year),
    value: num(hFile, i + 2, 'value', r.value),
    unit: r.unit,
    quality: r.quality as Observation['quality'],
    source: r.source,
  }));
  const sFile = path.join(dir, 'settlement-statements.csv');
  const statements = readRows(sFile).map((r, i) => ({
    date: r.date,
    decimalYear: decimalYear(r.date),
    nationalShare: num(sFile, i + 2, 'national_share', r.national_share),
    kind: r.kind,
    source: r.source,
  }));
  const lFile = path.join(dir, 'logistics.csv');
  const logistics = readRows(lFile).map((r, i) => ({
    item: r.item,
    year: num(lFile, i + 2, 'year', r.year),
    value: num(lFile, i + 2, 'value', r.value),
    unit: r.unit,
    kind: r.kind,
    source: r.source,
  }));
  return new History(observations, statements, logistics);
}
