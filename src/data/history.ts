import path from 'node:path';
import { canonicalJson, sha256 } from '../io/fingerprint.js';
import { readRegularFile } from '../io/regularFile.js';
import { dataDir } from '../paths.js';
import { parseCsv } from './csv.js';

/** A data folder that cannot be read or holds a malformed row: bad input, named by file and line. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/**
 * Largest data file read (the shipped history.csv is about 60 KB): a user's data folder (`--data-dir`)
 * is input like a scenario, so its files are read bounded.
 */
export const MAX_DATA_FILE_BYTES = 16 * 1024 * 1024;

/**
 * A data file's text, or a DataError naming it (missing, a folder, a FIFO or device, too large):
 * a regular file of at most MAX_DATA_FILE_BYTES, read without blocking.
 */
function readDataFile(file: string): string {
  const read = readRegularFile(file, MAX_DATA_FILE_BYTES);
  if (!read.ok) throw new DataError(`${file}: ${read.reason} (a data folder holds history.csv, settlement-statements.csv and logistics.csv)`);
  return read.text;
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

function readRows(file: string, required: readonly string[]): Record<string, string>[] {
  const rows = parseCsv(readDataFile(file));
  const header = (rows[0] ?? []).map((h) => h.replace(/^\uFEFF/, '').trim());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new DataError(`${file}: line 1: the header must name the columns ${required.join(', ')} (missing ${missing.join(', ')})`);
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

/**
 * A digest of the data's content (observations, settlement statements, logistics): what a
 * calibration, a backtest summary or a batch's report was made from. Independent of the folder's
 * place, of file order and of anything else in the folder.
 *
 * @example
 * historyFingerprint(loadHistory()); // 64 hex digits
 */
export function historyFingerprint(history: History): string {
  return sha256(canonicalJson({ observations: history.observations, settlementStatements: history.settlementStatements, logistics: history.logistics }));
}

/**
 * Load a data folder (default: the package's `data/`): history.csv, settlement-statements.csv and
 * logistics.csv, each a bounded regular file. A user's folder (`--data-dir`) has the same layout,
 * typically with newer years; everything derived (the base year, the calibration) follows it.
 */
export function loadHistory(dir: string = dataDir): History {
  const hFile = path.join(dir, 'history.csv');
  const observations = readRows(hFile, ['series', 'year', 'value', 'unit', 'quality', 'source']).map((r, i) => ({
    series: r.series,
    year: num(hFile, i + 2, 'year', r.year),
    value: num(hFile, i + 2, 'value', r.value),
    unit: r.unit,
    quality: r.quality as Observation['quality'],
    source: r.source,
  }));
  const sFile = path.join(dir, 'settlement-statements.csv');
  const statements = readRows(sFile, ['date', 'national_share', 'kind', 'source']).map((r, i) => ({
    date: r.date,
    decimalYear: decimalYear(r.date),
    nationalShare: num(sFile, i + 2, 'national_share', r.national_share),
    kind: r.kind,
    source: r.source,
  }));
  const lFile = path.join(dir, 'logistics.csv');
  const logistics = readRows(lFile, ['item', 'year', 'value', 'unit', 'kind', 'source']).map((r, i) => ({
    item: r.item,
    year: num(lFile, i + 2, 'year', r.year),
    value: num(lFile, i + 2, 'value', r.value),
    unit: r.unit,
    kind: r.kind,
    source: r.source,
  }));
  return new History(observations, statements, logistics);
}
