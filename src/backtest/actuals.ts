import { parse as parseCsvStrict, CsvError } from 'csv-parse/sync';
import { readRegularFile } from '../io/regularFile.js';
import { History, type Observation } from '../data/history.js';

/** A problem with an actuals file: file, line and what is wrong. */
export class ActualsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActualsError';
  }
}

/** An actuals file larger than this is refused (the shipped history is a few KB). */
export const MAX_ACTUALS_BYTES = 16 * 1024 * 1024;

/**
 * Rows of a user's CSV by csv-parse (strict RFC 4180): an unterminated quote or a quote in mid-field
 * is an error naming the file and line, never a silent merge of the rows that follow.
 */
function userCsvRows(file: string, text: string): string[][] {
  try {
    return parseCsvStrict(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (e) {
    if (e instanceof CsvError) throw new ActualsError(`${file}:${(e as CsvError & { lines?: number }).lines ?? '?'}: malformed CSV: ${e.message}`);
    throw e;
  }
}

/**
 * Read an actuals file in the long format of data/history.csv (`series,year,value`, optionally
 * `unit,quality,source`). A malformed row (missing field, a year or value that is not a number)
 * is an error naming the file and line; names the engine does not know are returned in
 * `unknownSeries` (so the caller can warn), never silently dropped.
 *
 * @example
 * readActuals('newer.csv', names).observations[0]; // { series: 'trade.turnover', year: 2025, value: … }
 */
export function readActuals(file: string, knownSeries: ReadonlySet<string>): { observations: Observation[]; unknownSeries: Array<{ line: number; series: string }> } {
  const read = readRegularFile(file, MAX_ACTUALS_BYTES);
  if (!read.ok) throw new ActualsError(`${file}: ${read.reason}`);
  const rows = userCsvRows(file, read.text);
  if (rows.length === 0) throw new ActualsError(`${file}: empty; expected a header series,year,value`);
  const header = rows[0].map((h) => h.trim());
  const at = (name: string) => header.indexOf(name);
  for (const required of ['series', 'year', 'value']) {
    if (at(required) < 0) throw new ActualsError(`${file}:1: the header must name the columns series, year and value (found ${header.join(', ')})`);
  }
  const observations: Observation[] = [];
  const unknownSeries: Array<{ line: number; series: string }> = [];
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    if (row.length !== header.length) throw new ActualsError(`${file}:${line}: expected ${header.length} fields, found ${row.length}`);
    const series = row[at('series')].trim();
    const yearText = row[at('year')].trim();
    const valueText = row[at('value')].trim();
    const year = Number(yearText);
    const value = Number(valueText);
    if (series === '') throw new ActualsError(`${file}:${line}: the series name is empty`);
    if (!/^\d{4}$/.test(yearText)) throw new ActualsError(`${file}:${line}: year ${JSON.stringify(yearText)} is not a four-digit year`);
    if (valueText === '' || !Number.isFinite(value)) throw new ActualsError(`${file}:${line}: value ${JSON.stringify(valueText)} is not a number`);
    if (!knownSeries.has(series)) {
      unknownSeries.push({ line, series });
      return;
    }
    const cell = (name: string) => (at(name) >= 0 ? row[at(name)] : '');
    observations.push({ series, year, value, unit: cell('unit'), quality: (cell('quality') || 'reported') as Observation['quality'], source: cell('source') || file });
  });
  return { observations, unknownSeries };
}

/** The shipped history with `extra` added, replacing rows of the same series and year. */
export function withObservations(history: History, extra: readonly Observation[]): History {
  const key = (o: Observation) => `${o.series}|${o.year}`;
  const replaced = new Set(extra.map(key));
  return new History([...history.observations.filter((o) => !replaced.has(key(o))), ...extra], history.settlementStatements, history.logistics);
}
