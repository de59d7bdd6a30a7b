import { csvField } from '../data/csv.js';
import type { PathSamples } from '../engine/variants.js';

/** Columns of samples.csv. */
export const SAMPLES_CSV_COLUMNS = ['scenario', 'path', 'variable', 'unit', 'year', 'value'] as const;

/**
 * samples.csv: the first paths of a run, tidy — one row per (path, variable, year): every series in
 * every projected year, then each drawn input (year empty: drawn once per path). Path by path, in
 * path order, so that a user's scatter plot or regression can join series and inputs on `path`.
 *
 * @example
 * samplesCsv('baseline', samples).split('\n')[1]; // 'baseline,0,trade.turnover,USD bn,2025,261.3…'
 */
export function samplesCsv(scenario: string, s: PathSamples): string {
  const lines: string[] = [SAMPLES_CSV_COLUMNS.join(',')];
  const count = s.values[0]?.[0]?.length ?? 0;
  const id = csvField(scenario);
  for (let path = 0; path < count; path++) {
    s.series.forEach((series, row) => {
      const unit = csvField(series.unit);
      s.years.forEach((year, t) => lines.push(`${id},${path},${series.name},${unit},${year},${s.values[row][t][path]}`));
    });
    for (const input of s.inputs) lines.push(`${id},${path},${csvField(input.name)},${csvField(input.unit)},,${input.values[path]}`);
  }
  return `${lines.join('\n')}\n`;
}
