import { readFileSync } from 'node:fs';
import { parseCsv } from '../data/csv.js';
import { History, type Observation } from '../data/history.js';

/** A problem with an actuals file: file, line and what is wrong. */
export class ActualsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActualsError';
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ActualsError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const rows = parseCsv(text);
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
