import { modelSeries, type ModelStructure, type SeriesDefinition, type YearValues } from '../models/series.js';

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

/** The kernel's per-year writer: every series of a year into its row of a path's buffer. */
export type SeriesWriter = (year: YearValues, out: Float64Array, years: number, t: number) => void;

/** Writers already generated, by structure. */
const writersBuilt = new WeakMap<ModelStructure, SeriesWriter>();

/**
 * `.name` or `[3]`: a field step as JavaScript for generated code, refusing anything that is not
 * a plain name or index.
 *
 * @example
 * accessor('trade'); // '.trade'
 */
export function accessor(key: string | number): string {
  if (typeof key === 'number' && Number.isInteger(key) && key >= 0) return `[${key}]`;
  if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) return `.${key}`;
  throw new Error(`internal: field ${JSON.stringify(key)} is not a plain name or index`);
}

/**
 * One function that writes every series of a year (`out[row · years + t]`, rows in the order of
 * `seriesOf(structure)`), generated once per structure from the blocks' definitions: a `read`
 * field becomes a plain load (objects shared by several series are read once), a `value`
 * function a call. A call per series per path-year through one array of closures costs V8 a
 * megamorphic call each; the generated function is one monomorphic body, and there is still no
 * list of series outside the blocks.
 *
 * @example
 * seriesWriter(params.structure)(year, out, params.years.length, 0); // the first year of every row
 */
export function seriesWriter(structure: ModelStructure): SeriesWriter {
  let writer = writersBuilt.get(structure);
  if (!writer) {
    const derived: Array<(year: YearValues) => number> = [];
    const objects = new Map<string, string>();
    const lines: string[] = [];
    seriesOf(structure).forEach((s, row) => {
      const target = `out[${row} * years + t]`;
      if (s.read === undefined) {
        derived.push(s.value);
        lines.push(`${target} = derived[${derived.length - 1}](year);`);
        return;
      }
      const path = s.read as ReadonlyArray<string | number>;
      const parent = 'year' + path.slice(0, -1).map(accessor).join('');
      let local = objects.get(parent);
      if (local === undefined) objects.set(parent, (local = `o${objects.size}`));
      lines.push(`${target} = ${local}${accessor(path[path.length - 1])};`);
    });
    const declarations = [...objects].map(([expression, local]) => `const ${local} = ${expression};`);
    const body = `return function writeSeries(year, out, years, t) {\n${[...declarations, ...lines].join('\n')}\n};`;
    // Generated from the blocks' own definitions (names and indices checked above), never from input.
    writer = new Function('derived', body)(derived) as SeriesWriter;
    writersBuilt.set(structure, writer);
  }
  return writer;
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
