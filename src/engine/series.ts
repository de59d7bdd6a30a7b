import { modelSeries, type ModelStructure, type SeriesDefinition } from '../models/series.js';

export type { SeriesDefinition, SeriesInfo } from '../models/series.js';

/** Series lists already built, by structure (the parameters carry one structure per run). */
const built = new WeakMap<ModelStructure, readonly SeriesDefinition[]>();

/**
 * The series a run writes, in row order, built from the model's blocks for this run's structure
 * (once per structure object: the kernel asks for every path).
 *
 * @example
 * seriesOf(params.structure).length; // rows per path (series), before the question cells
 */
export function seriesOf(structure: ModelStructure): readonly SeriesDefinition[] {
  let series = built.get(structure);
  if (!series) {
    series = modelSeries(structure);
    built.set(structure, series);
  }
  return series;
}

/** Readers already collected, by structure. */
const readersBuilt = new WeakMap<ModelStructure, ReadonlyArray<SeriesDefinition['value']>>();

/**
 * Each series' reader, in row order: one plain array of functions for the kernel's per-year loop
 * (cheaper to index than the definitions, whose shapes differ).
 *
 * @example
 * seriesReaders(params.structure)[0](yearValues); // turnover, USD bn
 */
export function seriesReaders(structure: ModelStructure): ReadonlyArray<SeriesDefinition['value']> {
  let readers = readersBuilt.get(structure);
  if (!readers) {
    readers = seriesOf(structure).map((s) => s.value);
    readersBuilt.set(structure, readers);
  }
  return readers;
}

/**
 * The headline series, when a run has them: the report's tables, fan charts and precision
 * section, and the backtest's scores. An editorial choice, not the list of series.
 */
export const HEADLINE_SERIES: readonly string[] = [
  'trade.turnover',
  'trade.exports_ru_cn',
  'trade.exports_cn_ru',
  'trade.balance',
  'energy.crude_oil',
  'energy.pipeline_gas',
  'energy.lng',
  'energy.coal',
  'oil.brent',
  'settlement.national',
];
