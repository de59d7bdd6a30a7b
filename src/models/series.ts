import type { EnergyCapacities, EnergyState, EnergyValues } from './energy.js';
import { ENERGY_SERIES } from './energy.js';
import type { MacroState } from './macro.js';
import { MACRO_SERIES } from './macro.js';
import type { OilState } from './oil.js';
import { OIL_SERIES } from './oil.js';
import { regimeSeries } from './sanctions.js';
import type { SettlementShares } from './settlement.js';
import { SETTLEMENT_SERIES } from './settlement.js';
import type { TradeState } from './trade.js';
import { TRADE_SERIES } from './trade.js';
import { REGIMES, type Regime, type Scenario } from '../scenario/types.js';
import { commoditySeries, geographyStructure, type FlowGroupState, type GeographyStructure } from './commodities.js';
import { regionSeries, type RegionState } from './regions.js';
import { routeSeries, type RouteState } from './routes.js';

/**
 * Everything a path holds at the end of a projected year, as the blocks left it: what a series
 * reads its value from. The kernel fills one per path and updates it each year.
 */
export interface YearValues {
  oil: OilState;
  /** Price of Russian crude delivered to China this year (Brent − discount), USD/bbl. */
  crudePriceUsdPerBarrel: number;
  /** Sanctions regime index (0 easing … 3 secondary, REGIMES order). */
  regime: number;
  macro: MacroState;
  energy: EnergyState;
  capacities: EnergyCapacities;
  values: EnergyValues;
  trade: TradeState;
  settlement: SettlementShares;
  /** Commodity groups, regions and routes (empty arrays when the scenario has no geography). */
  geography: GeographyValues;
}

/** The allocation blocks' state of the year: per-thread scratch, overwritten each year. */
export interface GeographyValues {
  readonly exportsRuCn: FlowGroupState;
  readonly exportsCnRu: FlowGroupState;
  readonly regions: RegionState;
  readonly routes: RouteState;
}

/** What a report says about a series: its name, unit, meaning and how it is summarised. */
export interface SeriesInfo {
  /** `block.what` in snake case: it says what the series is. */
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /**
   * Binned as 1 − x: for shares that crowd against 1, so the histogram's relative accuracy applies
   * to the distance from 1 (0.975 and 0.980 stay apart).
   */
  readonly complementBinned?: boolean;
  /** The name of its observed history in data/history.csv, when that differs from `name`. */
  readonly historyName?: string;
  /**
   * An allocation of national flows by assumed shares (groups, regions, routes): not an
   * observation, and the report says so.
   */
  readonly allocated?: boolean;
}

/** Remaining depth of a FieldPath (bounds the recursion over YearValues). */
type Depth = [never, 0, 1, 2, 3, 4];

/**
 * A path of field names (and array indices) through T that ends at a number: `['trade',
 * 'turnoverUsdBn']`, `['geography', 'regions', 'exportsToCnUsdBn', 3]`. Checked by the compiler.
 */
export type FieldPath<T = YearValues, D extends number = 4> = [D] extends [never]
  ? never
  : T extends number
    ? []
    : T extends Float64Array
      ? [number]
      : T extends readonly unknown[] | ((...args: never[]) => unknown)
        ? never
        : T extends object
          ? { [K in keyof T & string]: [K, ...FieldPath<T[K], Depth[D]>] }[keyof T & string]
          : never;

/**
 * A series as a block declares it: what it is, and how its value is found in a path's year —
 * `read`, the field it sits in, or `value`, a function, for a value derived from fields. The
 * kernel writes every path-year through one function generated from these (engine/series.ts
 * `seriesWriter`), so a plain field costs a load, not a call.
 */
export type SeriesDefinition = SeriesInfo & {
  /**
   * Every value is 0 or 1 (a regime indicator): its quantiles follow from its mean, so the
   * summaries count it instead of binning each value.
   */
  readonly indicator?: boolean;
} & ({ readonly read: Readonly<FieldPath>; readonly value?: undefined } | { readonly value: (year: YearValues) => number; readonly read?: undefined });

/**
 * A series' value in a year, as its definition says: the reference the generated writer must agree with.
 *
 * @example
 * seriesValue({ name: 'trade.turnover', unit: 'USD bn', description: '', read: ['trade', 'turnoverUsdBn'] }, year); // year.trade.turnoverUsdBn
 */
export function seriesValue(series: SeriesDefinition, year: YearValues): number {
  if (series.value) return series.value(year);
  let v: unknown = year;
  for (const key of series.read) v = (v as Record<string | number, unknown>)[key];
  return v as number;
}

/**
 * What the series list depends on, taken from the scenario (plain data, sent to workers with the
 * parameters): a block whose outputs vary in number (one per regime, region or route) reads it.
 */
export interface ModelStructure {
  /** The sanctions regimes, in the order the kernel indexes them. */
  readonly regimes: readonly Regime[];
  /** Commodity groups, regions and routes, or null when the scenario has no geography section. */
  readonly geography: GeographyStructure | null;
}

/**
 * The structure a scenario gives the model.
 *
 * @example
 * modelStructure(scenario).regimes; // ['easing', 'status_quo', 'tightening', 'secondary']
 */
export function modelStructure(scenario: Scenario): ModelStructure {
  return { regimes: REGIMES, geography: geographyStructure(scenario) };
}

/**
 * The series every path writes, in row order: each block's own series, blocks in the kernel's
 * order. Built at run time from the blocks, so a block adds outputs without a central list.
 *
 * @example
 * modelSeries(modelStructure(scenario))[0].name; // 'trade.turnover'
 */
export function modelSeries(structure: ModelStructure): readonly SeriesDefinition[] {
  return [
    ...TRADE_SERIES,
    ...ENERGY_SERIES,
    ...OIL_SERIES,
    ...MACRO_SERIES,
    ...SETTLEMENT_SERIES,
    ...regimeSeries(structure.regimes),
    // The allocation blocks come last: the rows before them keep their places.
    ...commoditySeries(structure.geography),
    ...regionSeries(structure.geography),
    ...routeSeries(structure.geography),
  ];
}

/**
 * The same list without the readers: what reports, views and the CLI need.
 *
 * @example
 * seriesInfo(modelSeries(structure)).find((s) => s.name === 'energy.lng')?.unit; // 'Mt'
 */
export function seriesInfo(series: readonly SeriesDefinition[]): SeriesInfo[] {
  return series.map(({ name, unit, description, complementBinned, historyName, allocated }) => ({
    name,
    unit,
    description,
    ...(complementBinned ? { complementBinned } : {}),
    ...(historyName ? { historyName } : {}),
    ...(allocated ? { allocated } : {}),
  }));
}
