import type { History } from '../data/history.js';
import type { InfrastructureItem, Scenario } from '../scenario/types.js';
import type { ScenarioCheck } from '../scenario/load.js';
import type { SemanticProblem } from '../scenario/semantics.js';
import { modelSeries, modelStructure } from './series.js';
import { BARRELS_PER_TONNE } from './energy.js';
import { capacityInForce, type InfrastructureParams } from './infrastructure.js';
import { russianCrudePriceUsdPerBarrel } from './oil.js';
import { HISTORY_PRICE_RULES, oilProductsPerUsdBrent } from './calibration.js';

/**
 * Energy volumes a base year may lack (the data start in 2020–21): such a carrier starts from zero
 * and its value stays in the non-energy residual — nothing is invented — and it is reported as
 * unobserved. Only backtests from early years meet this; the default base year has them all.
 */
export const OPTIONAL_BASE_SERIES = ['energy.pipeline_gas', 'energy.lng', 'energy.coal'] as const;

/** The series the base year must have: the projection starts from their last common year. */
export const BASE_SERIES = [
  'trade.turnover',
  'trade.exports_ru_cn',
  'trade.exports_cn_ru',
  'oil.brent',
  'energy.crude_oil',
  'energy.pipeline_gas',
  'energy.lng',
  'energy.coal',
] as const;

/** Base series a base year must observe (gas, LNG and coal may be missing: started from zero). */
export const REQUIRED_BASE_SERIES: readonly string[] = BASE_SERIES.filter((x) => !(OPTIONAL_BASE_SERIES as readonly string[]).includes(x));

/**
 * Can a projection start from `year` (baseYearData with unobserved carriers allowed): every
 * required base series, the year before's Brent, and a settlement statement by then.
 *
 * @example
 * canStartFrom(history, 1990); // false: no trade data that early
 */
export function canStartFrom(history: History, year: number): boolean {
  return REQUIRED_BASE_SERIES.every((x) => history.has(x, year)) && history.has('oil.brent', year - 1) && history.settlementStatements.some((st) => Math.floor(st.decimalYear) <= year);
}

/** Observed values of the base year (the last year all base series share), read from data/. */
export interface BaseYearData {
  readonly year: number;
  readonly turnoverUsdBn: number;
  readonly exportsRuCnUsdBn: number;
  readonly exportsCnRuUsdBn: number;
  readonly brentUsdPerBarrel: number;
  readonly previousBrentUsdPerBarrel: number;
  readonly crudeOilMt: number;
  readonly pipelineGasBcm: number;
  readonly lngMt: number;
  readonly coalMt: number;
  /** Mean of the national-share statements dated in the latest year that has any, up to the base year. */
  readonly nationalShare: number;
  readonly nationalShareYear: number;
  /** Optional base series with no value in the base year (started from zero, not projected). */
  readonly unobserved: readonly string[];
  /**
   * Oil products and other mineral fuels (HS 27 less the four carriers) per USD of Brent, from the
   * latest year up to the base year with an HS 27 total (0 before any: they stay in non-energy).
   */
  readonly oilProductsUsdBnPerUsdBrent: number;
  readonly oilProductsYear: number | null;
}

/**
 * Read the base year from the data. `year` defaults to the last year every base series has, so
 * newer data move the base year with no code change; a hindcast passes an earlier year.
 *
 * @example
 * baseYearData(loadHistory()).year; // the last data year (2024 with the shipped data)
 */
export function baseYearData(history: History, year: number = history.lastCommonYear(BASE_SERIES), options: { allowUnobserved?: boolean } = {}): BaseYearData {
  const unobserved = options.allowUnobserved ? OPTIONAL_BASE_SERIES.filter((s) => !history.has(s, year)) : [];
  const volume = (series: string) => (unobserved.includes(series as (typeof OPTIONAL_BASE_SERIES)[number]) ? 0 : history.value(series, year));
  const statementYears = history.settlementStatements.map((s) => Math.floor(s.decimalYear)).filter((y) => y <= year);
  if (statementYears.length === 0) throw new Error(`data/settlement-statements.csv has no statement up to ${year}`);
  const nationalShareYear = Math.max(...statementYears);
  const oilProducts = oilProductsPerUsdBrent(history, year);
  const shares = history.settlementStatements.filter((s) => Math.floor(s.decimalYear) === nationalShareYear).map((s) => s.nationalShare);
  return {
    year,
    turnoverUsdBn: history.value('trade.turnover', year),
    exportsRuCnUsdBn: history.value('trade.exports_ru_cn', year),
    exportsCnRuUsdBn: history.value('trade.exports_cn_ru', year),
    brentUsdPerBarrel: history.value('oil.brent', year),
    previousBrentUsdPerBarrel: history.value('oil.brent', year - 1),
    crudeOilMt: history.value('energy.crude_oil', year),
    pipelineGasBcm: volume('energy.pipeline_gas'),
    lngMt: volume('energy.lng'),
    coalMt: volume('energy.coal'),
    nationalShare: shares.reduce((a, b) => a + b, 0) / shares.length,
    nationalShareYear,
    unobserved,
    oilProductsUsdBnPerUsdBrent: oilProducts?.value ?? 0,
    oilProductsYear: oilProducts?.year ?? null,
  };
}

/** Kernel form of the scenario's infrastructure items. */
export function infrastructureParams(items: readonly InfrastructureItem[]): InfrastructureParams[] {
  return items.map((i) => ({
    capacity: i.capacity,
    probabilityBuilt: i.probabilityBuilt,
    earliestStartYear: i.startYear.earliest,
    latestStartYear: i.startYear.latest,
    rampYears: i.rampYears,
    sanctioned: i.sanctioned ?? false,
  }));
}

/** Capacity of the items certain to be running in `year` (the base year's own capacity). */
export function baseCapacity(items: readonly InfrastructureParams[], year: number, sanctionedAccessShare: number): number {
  const draws = items.map((i) => ({ built: i.probabilityBuilt === 1 && i.latestStartYear < year, startYear: i.earliestStartYear }));
  return capacityInForce(items, draws, year, sanctionedAccessShare);
}

/** The unobserved base-year quantities, chosen so that the base year reproduces the data. */
export interface BaseYearReconciliation {
  readonly pipelineGasCapacityBcm: number;
  readonly lngCapacityMt: number;
  readonly seaborneCrudeMt: number;
  readonly energyValueUsdBn: number;
  readonly nonEnergyExportsRuCnUsdBn: number;
}

/** A scenario value the base-year data contradict, with the JSON pointer to change. */
export interface ReconciliationProblem {
  readonly pointer: string;
  readonly message: string;
}

/**
 * Reconcile a scenario with the base-year data: the seaborne crude residual, the capacities in
 * force, the energy value at base-year prices and the non-energy residual. Where the scenario
 * makes the data impossible (a negative residual, flows with no capacity), returns problems
 * naming the value to change. Used both by validation (so `eastward validate` reports them) and
 * by parameter resolution.
 *
 * @example
 * reconcileBaseYear(baseline, baseYearData(history)).value.nonEnergyExportsRuCnUsdBn; // 39.94 (2024, after HS 27 as a whole)
 */
export function reconcileBaseYear(s: Scenario, base: BaseYearData): { value: BaseYearReconciliation; problems: ReconciliationProblem[] } {
  const problems: ReconciliationProblem[] = [];
  const initial = s.sanctions.levers[s.sanctions.initialRegime];
  const pipelineGasCapacityBcm = baseCapacity(infrastructureParams(s.energy.pipelineGas.projects), base.year, 1);
  if (pipelineGasCapacityBcm <= 0 && base.pipelineGasBcm > 0 && !base.unobserved.includes('energy.pipeline_gas')) {
    problems.push({ pointer: '/energy/pipelineGas/projects', message: `pipeline gas flowed in ${base.year} (${base.pipelineGasBcm} bcm, data) but no project runs by then` });
  }
  const lngCapacityMt = baseCapacity(infrastructureParams(s.energy.lng.plants), base.year, initial.sanctionedLngAccessShare);
  if (lngCapacityMt <= 0 && base.lngMt > 0) {
    problems.push({ pointer: '/energy/lng/plants', message: `LNG flowed in ${base.year} (${base.lngMt} Mt, data) but no plant runs by then` });
  }
  const crude = s.energy.crude;
  const seaborneCrudeMt = base.crudeOilMt - crude.pipelineCapacityMt - crude.kazakhstanTransitMt;
  if (seaborneCrudeMt < 0) {
    problems.push({
      pointer: '/energy/crude/pipelineCapacityMt',
      message: `pipeline ${crude.pipelineCapacityMt} Mt + Kazakhstan transit ${crude.kazakhstanTransitMt} Mt exceed the ${base.crudeOilMt} Mt of crude exported in ${base.year} (data)`,
    });
  }
  const laggedBrent = 0.5 * (base.brentUsdPerBarrel + base.previousBrentUsdPerBarrel);
  // The base year's split into energy and non-energy is a fact about the data, priced by the
  // observed discount (HISTORY_PRICE_RULES), never by the scenario's levers, which act from the
  // first projected year.
  const crudePrice = russianCrudePriceUsdPerBarrel(base.brentUsdPerBarrel, 100 * HISTORY_PRICE_RULES.crudeDiscountShareOfBrent);
  const energyValueUsdBn =
    (base.crudeOilMt * BARRELS_PER_TONNE * crudePrice) / 1000 +
    (base.pipelineGasBcm * s.energy.pipelineGas.priceUsdPer1000m3PerUsdBrent * laggedBrent) / 1000 +
    (base.lngMt * s.energy.lng.priceUsdPerTonnePerUsdBrent * laggedBrent) / 1000 +
    (base.coalMt * s.energy.coal.priceUsdPerTonneBase) / 1000 +
    base.oilProductsUsdBnPerUsdBrent * base.brentUsdPerBarrel;
  const nonEnergyExportsRuCnUsdBn = base.exportsRuCnUsdBn - energyValueUsdBn;
  if (nonEnergyExportsRuCnUsdBn < 0) {
    problems.push({
      pointer: '/energy',
      message: `at these prices the ${base.year} energy exports (with USD ${(base.oilProductsUsdBnPerUsdBrent * base.brentUsdPerBarrel).toFixed(2)} bn of oil products, data) are worth USD ${energyValueUsdBn.toFixed(2)} bn, more than all Russian exports to China (USD ${base.exportsRuCnUsdBn} bn, data): lower the gas, LNG or coal price parameters`,
    });
  }
  return { value: { pipelineGasCapacityBcm, lngCapacityMt, seaborneCrudeMt, energyValueUsdBn, nonEnergyExportsRuCnUsdBn }, problems };
}

/**
 * The engine's side of validation, handed to the scenario layer: the scenario reconciled with the
 * base year's data (and its horizon checked against the base year), and every question asked of a
 * series the model writes for this scenario (the list is built from the blocks, not the schema).
 *
 * @example
 * loadScenarioFile('scenarios/baseline.json', againstModel(baseYearData(history)));
 */
export function againstModel(base: BaseYearData): { readonly baseYear: number; readonly check: ScenarioCheck } {
  return { baseYear: base.year, check: { key: JSON.stringify(base), problems: (s) => [...reconcileBaseYear(s, base).problems, ...unknownQuestionSeries(s)] } };
}

/** Questions about a series the model does not write for this scenario. */
function unknownQuestionSeries(s: Scenario): SemanticProblem[] {
  const names = new Set(modelSeries(modelStructure(s)).map((x) => x.name));
  return (s.questions ?? []).flatMap((q, i) =>
    names.has(q.series) ? [] : [{ pointer: `/questions/${i}/series`, message: `no series "${q.series}": \`eastward series\` lists them (e.g. trade.turnover, energy.lng)` }],
  );
}
