import type { BaseYearData } from '../models/baseState.js';
import type { Calibration, EstimatedParameter } from '../models/calibration.js';
import type { KnownEntry } from '../models/known.js';
import { HISTORY_PRICE_RULES } from '../models/calibration.js';
import type { ParameterBlock, UncertainParameter } from '../models/parameterDraws.js';
import { energyParams, type EnergyParams } from '../models/energy.js';
import type { InfrastructureParams } from '../models/infrastructure.js';
import { infrastructureParams, reconcileBaseYear } from '../models/baseState.js';
import { macroParams, type MacroParams } from '../models/macro.js';
import { cumulativeRows, type SanctionsParams } from '../models/sanctions.js';
import { nationalLogit, settlementParams, type SettlementParams } from '../models/settlement.js';
import { oilParams, type OilParams } from '../models/oil.js';
import { tradeParams, type TradeParams } from '../models/trade.js';
import { valuesAt } from '../models/yearPath.js';
import { DRIVERS, REGIMES, type RegimeLevers, type Sampling, type Scenario } from '../scenario/types.js';
import { choleskyPsd } from '../stats/cholesky.js';
import { resolveQuestions, type QuestionCheck } from './questions.js';
import { modelStructure, type ModelStructure } from '../models/series.js';
import { seriesOf } from './series.js';
import { commodityParams, type CommodityParams } from '../models/commodities.js';
import { regionParams, type RegionParams } from '../models/regions.js';
import { routeParams, type RouteParams } from '../models/routes.js';

/**
 * Regime levers as arrays indexed by regime (0 easing … 3 secondary): one per lever the contract
 * defines (built from the scenario's own levers, so a new lever needs no edit here).
 */
export type LeverTable = { readonly [K in keyof RegimeLevers]: Float64Array };

/**
 * The scenario's regime levers, lever by lever.
 *
 * @example
 * leverTable(scenario).crudeDiscountPctOfBrent[3]; // the discount under secondary sanctions, % of Brent
 */
export function leverTable(s: Scenario): LeverTable {
  const names = Object.keys(s.sanctions.levers[REGIMES[0]]) as Array<keyof RegimeLevers>;
  return Object.fromEntries(names.map((k) => [k, Float64Array.from(REGIMES, (r) => s.sanctions.levers[r][k])])) as LeverTable;
}

/**
 * Everything the kernel needs, resolved once per run in the main thread and sent to workers.
 * Plain data only (numbers, arrays, typed arrays): structured-cloneable.
 */
export interface ModelParams {
  readonly baseYear: number;
  readonly years: readonly number[];
  /** What the list of series depends on (seriesOf(structure): the rows each path writes). */
  readonly structure: ModelStructure;
  /** Values known for projected years (`run --actuals`), which every path takes; empty when none. */
  readonly known: readonly KnownEntry[];
  readonly shocks: boolean;
  readonly sampling: Sampling;
  /** Row-major 4×4 Cholesky factor of the drivers' correlation (DRIVERS order); null = independent. */
  readonly correlationLower: Float64Array | null;
  readonly oil: OilParams;
  readonly anchorUsdPerBarrel: Float64Array;
  /** ln of the anchor per projected year (hoisted out of the per-path loop). */
  readonly logAnchorUsdPerBarrel: Float64Array;
  readonly sanctions: SanctionsParams;
  readonly initialRegime: number;
  readonly levers: LeverTable;
  /** Price cap per projected year: X % under Brent in force (−1: none), its enforcement share, and per regime whether it applies (1/0). */
  readonly priceCap: { readonly marketMinusPct: Float64Array; readonly enforcementShare: number; readonly inRegime: Float64Array };
  readonly macro: MacroParams;
  readonly chinaGdpGrowthPct: Float64Array;
  readonly russiaTrendGrowthPct: Float64Array;
  readonly energy: EnergyParams;
  readonly gasProjects: readonly InfrastructureParams[];
  readonly lngPlants: readonly InfrastructureParams[];
  readonly seaborneCapacityMt: Float64Array;
  readonly coalRailCapacityMt: Float64Array;
  readonly trade: TradeParams;
  readonly settlement: SettlementParams;
  /** The allocation blocks (commodity groups, regions, routes); null without a geography section. */
  readonly geography: GeographyParams | null;
  /** The scenario's questions, answered per path after the series (see questions.ts). */
  readonly questions: readonly QuestionCheck[];
  /** Calibrated parameters each path draws from their sampling distributions (empty: point values). */
  readonly uncertainParameters: readonly UncertainParameter[];
  /** Ranges each path draws uniformly from: ceilings and capacities that are not walls. */
  readonly ranges: PathRanges;
  /** China's LNG share of capacity from the first projected year (the scenario's, or the base year's). */
  readonly lngChinaShareInitial: number;
  /** Pipeline utilisation of the nameplate capacity in force in the base year (observed). */
  readonly gasUtilisationInitial: number;
  readonly base: BaseYearData & {
    readonly seaborneCrudeMt: number;
    readonly nonEnergyExportsRuCnUsdBn: number;
    readonly energyValueUsdBn: number;
    readonly settlementLogit: number;
    readonly cnyShareOfNational: number;
  };
}

/** The allocation blocks' parameters: they split the national flows and never change them. */
export interface GeographyParams {
  readonly commodities: CommodityParams;
  readonly regions: RegionParams;
  readonly routes: RouteParams;
}

/** Per-path uniform draws (with shocks off: no overrun, capacity factors 1, the central settlement ceiling). */
export interface PathRanges {
  /** Each path's pipeline overrun is U(0, this), as a share of nameplate. */
  readonly gasOverrunMaxShare: number;
  /** Each path scales the seaborne crude capacity by U(1 − s, 1 + s). */
  readonly seaborneCapacityUncertaintyShare: number;
  /** Each path scales the coal rail capacity by U(1 − s, 1 + s). */
  readonly coalRailCapacityUncertaintyShare: number;
  readonly settlementCeilingMin: number;
  readonly settlementCeilingMax: number;
}

/**
 * Where each estimated parameter goes in the kernel, where a scenario sets it itself (then it is a
 * choice, held fixed on every path), and the bounds its draws must respect.
 */
const DRAWN: ReadonlyArray<{
  readonly name: EstimatedParameter;
  readonly block: ParameterBlock;
  readonly field: string;
  readonly given: (s: Scenario) => number | undefined;
  readonly min: number;
  readonly max: number;
}> = [
  { name: 'brentMeanReversionPhi', block: 'oil', field: 'meanReversionPhi', given: (s) => s.oil.meanReversionPhi, min: 0, max: 0.95 },
  // Oil up, Russian growth up; oil up, rouble stronger: signs economics demands.
  { name: 'russiaGrowthOilSensitivityPct', block: 'macro', field: 'russiaGrowthOilSensitivityPct', given: (s) => s.macro.russiaGrowthOilSensitivityPct, min: 0, max: 20 },
  { name: 'rubOilElasticity', block: 'macro', field: 'rubOilElasticity', given: (s) => s.macro.rubOilElasticity, min: -2, max: 0 },
  // Trends within ± 30 % a year: beyond that a "trend" is a break.
  { name: 'chineseExportsTrendLogPerYear', block: 'trade', field: 'chineseExportsTrendLogPerYear', given: (s) => s.trade.chineseExportsTrendLogPerYear, min: -0.3, max: 0.3 },
  { name: 'importIncomeElasticity', block: 'trade', field: 'importIncomeElasticity', given: (s) => s.trade.importIncomeElasticity, min: 0, max: 5 },
  { name: 'importRubElasticity', block: 'trade', field: 'importRubElasticity', given: (s) => s.trade.importRubElasticity, min: 0, max: 5 },
  { name: 'nonEnergyTrendLogPerYear', block: 'trade', field: 'nonEnergyTrendLogPerYear', given: (s) => s.trade.nonEnergyTrendLogPerYear, min: -0.3, max: 0.3 },
  { name: 'crudeDemandTrendLogPerYear', block: 'energy', field: 'crudeDemandTrendLogPerYear', given: (s) => s.energy.crude.demandTrendLogPerYear, min: -0.3, max: 0.3 },
  { name: 'lngShareTrendLogPerYear', block: 'energy', field: 'lngShareTrendLogPerYear', given: (s) => s.energy.lng.chinaShareTrendLogPerYear, min: -0.3, max: 0.3 },
  { name: 'coalDemandTrendLogPerYear', block: 'energy', field: 'coalDemandTrendLogPerYear', given: (s) => s.energy.coal.demandTrendLogPerYear, min: -0.3, max: 0.3 },
  // The status-quo pace of the shift to roubles and yuan; regimes scale it (easing reverses it).
  { name: 'settlementLogitStepPerYear', block: 'settlement', field: 'logitStepPerYear', given: (s) => s.settlement.logitStepPerYear, min: 0, max: 5 },
];

/**
 * Fewest degrees of freedom a Student-t draw uses: below 4 the t's variance is infinite (ν ≤ 2) or
 * triple the normal's (ν = 3), and the draws would be ruled by the bounds rather than the data. A
 * floor understates the tails of the shortest samples; docs/model.md says so.
 */
export const MIN_T_DEGREES_OF_FREEDOM = 4;

/**
 * The parameters each path draws: every estimate with a spread that the scenario leaves to the
 * calibration (a value the scenario sets is a choice, held fixed).
 */
function uncertainParameters(s: Scenario, calibration: Calibration): UncertainParameter[] {
  if (s.simulation.parameterUncertainty === false || s.simulation.shocks === false) return [];
  const chosen = DRAWN.filter((d) => d.given(s) === undefined && (calibration.estimates[d.name].standardError ?? 0) > 0);
  return chosen.map((d, i) => {
    const e = calibration.estimates[d.name];
    const pair = calibration.correlations.find((c) => c.b === d.name && chosen.slice(0, i).some((x) => x.name === c.a));
    return {
      block: d.block,
      field: d.field,
      mean: e.value,
      standardError: e.standardError!,
      degreesOfFreedom: e.degreesOfFreedom ? Math.max(e.degreesOfFreedom, MIN_T_DEGREES_OF_FREEDOM) : 0,
      min: d.min,
      max: d.max,
      correlatedWith: pair ? chosen.findIndex((x) => x.name === pair.a) : -1,
      correlation: pair ? pair.correlation : 0,
    };
  });
}

/**
 * Resolve a validated scenario against the calibration and the base-year data. Parameters the
 * scenario omits come from the calibration; base-year utilisations and residuals are chosen so
 * that the base year's accounting reproduces the data exactly.
 */
export function resolveParams(s: Scenario, calibration: Calibration, base: BaseYearData): ModelParams {
  const shocks = s.simulation.shocks ?? true;
  const years: number[] = [];
  for (let y = base.year + 1; y <= s.horizon; y++) years.push(y);
  const est = calibration.estimates;
  const r0 = REGIMES.indexOf(s.sanctions.initialRegime);
  const levers = leverTable(s);

  const gasProjects = infrastructureParams(s.energy.pipelineGas.projects);
  const lngPlants = infrastructureParams(s.energy.lng.plants);
  const reconciled = reconcileBaseYear(s, base);
  // Validation (once per run, engine/simulate.ts) reconciled the scenario with these data already.
  if (reconciled.problems.length > 0) throw new Error(`internal: a validated scenario does not reconcile with the base year: ${reconciled.problems.map((q) => q.pointer).join(', ')}`);
  const { pipelineGasCapacityBcm: gasCapBase, lngCapacityMt: lngCapBase, seaborneCrudeMt, energyValueUsdBn, nonEnergyExportsRuCnUsdBn } = reconciled.value;
  const crude = s.energy.crude;

  const energyBlock = s.energy;
  const settlementCeiling = s.settlement.ceiling;
  const events: Array<Array<readonly [number, number]>> = years.map(() => []);
  for (const e of s.sanctions.events) {
    const i = e.year - base.year - 1;
    if (i >= 0 && i < years.length) events[i].push([REGIMES.indexOf(e.to), e.probability]);
  }
  const matrix = REGIMES.map((from) => REGIMES.map((to) => s.sanctions.transitionMatrix[from][to]));

  const structure = modelStructure(s);
  return {
    baseYear: base.year,
    years,
    structure,
    shocks,
    sampling: s.simulation.sampling ?? 'independent',
    correlationLower: correlationFactor(s),
    oil: oilParams(s, est, shocks),
    anchorUsdPerBarrel: valuesAt(s.oil.anchorUsdPerBarrel, years),
    logAnchorUsdPerBarrel: valuesAt(s.oil.anchorUsdPerBarrel, years).map(Math.log),
    sanctions: { cumulativeTransitions: cumulativeRows(matrix), eventsByYear: events, shocks },
    initialRegime: r0,
    levers,
    priceCap: priceCapTable(s, years),
    macro: macroParams(s, est, shocks),
    chinaGdpGrowthPct: valuesAt(s.macro.chinaGdpGrowthPct, years),
    russiaTrendGrowthPct: valuesAt(s.macro.russiaTrendGrowthPct, years),
    energy: energyParams(s, est, base, shocks),
    gasProjects,
    lngPlants,
    seaborneCapacityMt: valuesAt(crude.seaborneCapacityMt, years),
    coalRailCapacityMt: valuesAt(s.energy.coal.railCapacityMtPerYear, years),
    trade: tradeParams(s, est, base.exportsCnRuUsdBn, shocks),
    settlement: settlementParams(s, est, shocks),
    geography: geographyParams(s, years, base.brentUsdPerBarrel, shocks),
    questions: resolveQuestions(s.questions ?? [], years, seriesOf(structure)),
    known: [],
    uncertainParameters: uncertainParameters(s, calibration),
    ranges: {
      gasOverrunMaxShare: energyBlock.pipelineGas.overrunMaxShare,
      seaborneCapacityUncertaintyShare: crude.seaborneCapacityUncertaintyShare,
      coalRailCapacityUncertaintyShare: energyBlock.coal.railCapacityUncertaintyShare,
      settlementCeilingMin: s.settlement.ceilingRange?.min ?? settlementCeiling,
      settlementCeilingMax: s.settlement.ceilingRange?.max ?? settlementCeiling,
    },
    // No pipeline running in the base year (a backtest from before Power of Siberia): new
    // pipelines start at full use of their ramp capacity, the ramp itself carrying the build-up.
    // Not capped at 1: flows above nameplate in the data (the overrun) must be reproduced.
    gasUtilisationInitial: gasCapBase > 0 ? base.pipelineGasBcm / gasCapBase : 1,
    lngChinaShareInitial: energyBlock.lng.chinaShareOfCapacity ?? (lngCapBase > 0 ? Math.min(1, base.lngMt / lngCapBase) : 0),
    base: {
      ...base,
      seaborneCrudeMt,
      nonEnergyExportsRuCnUsdBn,
      energyValueUsdBn,
      settlementLogit: nationalLogit(Math.min(base.nationalShare, settlementCeiling * (1 - 1e-6)), settlementCeiling),
      cnyShareOfNational: s.settlement.cnyShareOfNational,
    },
  };
}

/** The price cap in force each projected year (the latest review up to it), by regime. */
function priceCapTable(s: Scenario, years: readonly number[]): ModelParams['priceCap'] {
  const cap = s.sanctions.priceCap;
  const marketMinusPct = Float64Array.from(years, (y) => {
    const inForce = cap?.reviews.filter((r) => r.year <= y) ?? [];
    return inForce.length > 0 ? inForce[inForce.length - 1].marketMinusPct : -1;
  });
  const regimes = cap?.regimes ?? REGIMES;
  return { marketMinusPct, enforcementShare: cap?.enforcementShare ?? 0, inRegime: Float64Array.from(REGIMES, (r) => (regimes.includes(r) ? 1 : 0)) };
}

/** The three allocation blocks' parameters, or null when the scenario has no geography section. */
function geographyParams(s: Scenario, years: readonly number[], baseBrentUsdPerBarrel: number, shocks: boolean): GeographyParams | null {
  const commodities = commodityParams(s, baseBrentUsdPerBarrel, shocks);
  const regions = regionParams(s, shocks);
  const routes = routeParams(s, years, shocks);
  return commodities && regions && routes ? { commodities, regions, routes } : null;
}

/** The Cholesky factor of the scenario's correlation matrix, or null when it has none (or it is the identity). */
export function correlationFactor(s: Scenario): Float64Array | null {
  const c = s.correlation;
  if (!c) return null;
  const matrix = DRIVERS.map((a) => DRIVERS.map((b) => c[a][b]));
  if (matrix.every((row, i) => row.every((v, j) => v === (i === j ? 1 : 0)))) return null;
  const f = choleskyPsd(matrix);
  if (!f.ok) throw new Error('internal: correlation matrix passed validation but is not PSD');
  return f.lower;
}
