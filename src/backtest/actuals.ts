import { parse as parseCsvStrict, CsvError } from 'csv-parse/sync';
import { readRegularFile } from '../io/regularFile.js';
import path from 'node:path';
import { History, type Observation } from '../data/history.js';
import { knownValueProblems, type KnownValueInput } from '../models/known.js';

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
export function readActuals(file: string, knownSeries: ReadonlySet<string>): { observations: Observation[]; lines: number[]; unknownSeries: Array<{ line: number; series: string }> } {
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
  /** The line of each observation, for messages. */
  const lines: number[] = [];
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
    lines.push(line);
  });
  return { observations, lines, unknownSeries };
}

/** The shipped history with `extra` added, replacing rows of the same series and year. */
export function withObservations(history: History, extra: readonly Observation[]): History {
  const key = (o: Observation) => `${o.series}|${o.year}`;
  const replaced = new Set(extra.map(key));
  return new History([...history.observations.filter((o) => !replaced.has(key(o))), ...extra], history.settlementStatements, history.logistics);
}

/**
 * Known values for a run (`run --actuals FILE`): the actuals file's rows, each checked against the
 * projected years with the library's own rules (knownValueProblems). Any problem — a series the
 * engine does not report or cannot condition on, a year outside the projection, a bad value — is an
 * ActualsError naming the file and line of every bad row. Sources without a source column are the
 * file's name (never its absolute path: it goes into the report).
 *
 * @example
 * readKnownValues('known.csv', [2025, 2026], ['trade.turnover'])[0]; // { series: 'trade.turnover', year: 2025, value: 228.1, source: 'known.csv' }
 */
export function readKnownValues(file: string, years: readonly number[], seriesNames: readonly string[]): Array<KnownValueInput & { readonly source: string }> {
  const { observations, lines, unknownSeries } = readActuals(file, new Set(seriesNames));
  const problems = [
    ...unknownSeries.map((u) => ({ line: u.line, message: `series ${JSON.stringify(u.series)} is not a series eastward reports (see \`eastward series\`)` })),
    ...knownValueProblems(observations, years).map((p) => ({ line: lines[p.index], message: p.message })),
  ].sort((a, b) => a.line - b.line);
  if (problems.length > 0) throw new ActualsError(problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n'));
  return observations.map((o) => ({ series: o.series, year: o.year, value: o.value, source: o.source === file ? path.basename(file) : o.source }));
}
