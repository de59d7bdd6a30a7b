import { RandomStream } from '../random/stream.js';
import { BINNING } from '../stats/summary.js';
import { energyValues, stepEnergyVolumes, type EnergyCapacities, type EnergyState, type EnergyValues } from '../models/energy.js';
import { capacityInForce, drawInfrastructure, type InfrastructureDraw, type InfrastructureParams } from '../models/infrastructure.js';
import { stepMacro, type MacroShocks, type MacroState } from '../models/macro.js';
import { effectiveDiscountPct, initialOilState, russianCrudePriceUsdPerBarrel, stepOilLog, type OilState } from '../models/oil.js';
import { stepRegime } from '../models/sanctions.js';
import { settlementShares, stepSettlement, type SettlementShares } from '../models/settlement.js';
import { stepTrade, type TradeDrivers, type TradeState } from '../models/trade.js';
import type { ModelParams } from './params.js';
import { answerQuestions } from './questions.js';
import { drawParameters, type UncertainParameter } from '../models/parameterDraws.js';
// Known values (`run --actuals`): applied after each block's step, so later years continue from them.
import { applyKnownEnergy, applyKnownOil, applyKnownTrade } from '../models/known.js';
import { nationalLogit } from '../models/settlement.js';
import type { EnergyParams } from '../models/energy.js';
import type { MacroParams } from '../models/macro.js';
import type { OilParams } from '../models/oil.js';
import type { SettlementParams } from '../models/settlement.js';
import type { TradeParams } from '../models/trade.js';
import type { Mutable } from '../models/mutable.js';
import { accessor, seriesOf, seriesWriter } from './series.js';
import type { GeographyValues, YearValues } from '../models/series.js';
import type { GeographyParams } from './params.js';
import { flowGroupState, startCommodityPath, stepFlowGroups } from '../models/commodities.js';
import { regionState, startRegionPath, stepRegions } from '../models/regions.js';
import { routeState, startRoutePath, stepRoutes } from '../models/routes.js';

/** The allocation blocks' state for a run without a geography section: no series reads it. */
const NO_GEOGRAPHY: GeographyValues = {
  exportsRuCn: flowGroupState(0),
  exportsCnRu: flowGroupState(0),
  regions: { share: new Float64Array(0), exportsToCnUsdBn: new Float64Array(0), importsFromCnUsdBn: new Float64Array(0), railMt: new Float64Array(0) },
  routes: { draws: [], volumeMt: new Float64Array(0), capacityMt: new Float64Array(0), demandMt: new Float64Array(0), utilisation: new Float64Array(0), remainingMt: new Float64Array(0), unservedMt: 0, railDemandMt: 0 },
};

/** One random stream per block, so that a block drawing more or fewer numbers never shifts another's. */
export const STREAM = { oil: 0, sanctions: 1, macro: 2, infrastructure: 3, energy: 4, trade: 5, settlement: 6, parameters: 7, geography: 8, routes: 9 } as const;

/**
 * A seed per block stream, indexed by STREAM (length STREAM_COUNT). Variance-based sensitivity
 * (src/sensitivity/sobol.ts) redraws one group of blocks while holding the others: each block's
 * stream then takes its seed from here instead of the run's.
 */
export type StreamSeeds = ArrayLike<number>;

/** Number of block streams (the length of a StreamSeeds). */
export const STREAM_COUNT = Object.keys(STREAM).length;

/** Reusable per-thread scratch: the block streams, re-seeded for each path. */
export class PathStreams {
  readonly oil = new RandomStream(0, 0, STREAM.oil);
  readonly sanctions = new RandomStream(0, 0, STREAM.sanctions);
  readonly macro = new RandomStream(0, 0, STREAM.macro);
  readonly infrastructure = new RandomStream(0, 0, STREAM.infrastructure);
  readonly energy = new RandomStream(0, 0, STREAM.energy);
  readonly trade = new RandomStream(0, 0, STREAM.trade);
  readonly settlement = new RandomStream(0, 0, STREAM.settlement);
  /** Each path's own parameter draws and ranges (ceilings, capacities), drawn once before its first year. */
  readonly parameters = new RandomStream(0, 0, STREAM.parameters);
  /** The allocation blocks' own streams (shares; route projects): existing blocks' draws never shift. */
  readonly geography = new RandomStream(0, 0, STREAM.geography);
  readonly routes = new RandomStream(0, 0, STREAM.routes);
  /** The allocation blocks' state, built once for a run's geography and reused from path to path. */
  geographyState: { readonly params: GeographyParams; readonly values: GeographyValues } | null = null;
  /** Infrastructure draws of the current path, reused from path to path (no allocation per path). */
  readonly gasDraws: Array<Mutable<InfrastructureDraw>> = [];
  readonly lngDraws: Array<Mutable<InfrastructureDraw>> = [];
  /** This path's copies of the block parameters, overwritten by its draws (no allocation per path). */
  readonly blocks: { oil: Mutable<OilParams> | null; macro: Mutable<MacroParams> | null; trade: Mutable<TradeParams> | null; energy: Mutable<EnergyParams> | null; settlement: Mutable<SettlementParams> | null } = {
    oil: null,
    macro: null,
    trade: null,
    energy: null,
    settlement: null,
  };
  /** The run parameters the block copies were taken from (copied again only when they change). */
  blocksFrom: ModelParams | null = null;
  drawn = new Float64Array(0);
  drawNormals = new Float64Array(0);
  drawScales = new Float64Array(0);
  /** This path's ranges (filled per path, never reallocated). */
  readonly ranges = { gasFullUseShare: 1, seaborneFactor: 1, railFactor: 1 };

  /**
   * Seed every block's stream for a path. Antithetic sampling pairs paths (2k, 2k + 1): both use
   * the streams of k, the second mirrored, so its every shock is the negative of the first's.
   */
  reseed(seed: number, pathIndex: number, antithetic = false, streamSeeds?: StreamSeeds): void {
    const source = antithetic ? Math.floor(pathIndex / 2) : pathIndex;
    const mirrored = antithetic && pathIndex % 2 === 1;
    // streamSeeds (sensitivity analysis) gives each block's stream its own seed; otherwise all share
    // the run's. Written out, not through a helper: this runs once per path.
    const k = streamSeeds;
    this.oil.reseed(k ? k[STREAM.oil] : seed, source, STREAM.oil, mirrored);
    this.sanctions.reseed(k ? k[STREAM.sanctions] : seed, source, STREAM.sanctions, mirrored);
    this.macro.reseed(k ? k[STREAM.macro] : seed, source, STREAM.macro, mirrored);
    this.infrastructure.reseed(k ? k[STREAM.infrastructure] : seed, source, STREAM.infrastructure, mirrored);
    this.energy.reseed(k ? k[STREAM.energy] : seed, source, STREAM.energy, mirrored);
    this.trade.reseed(k ? k[STREAM.trade] : seed, source, STREAM.trade, mirrored);
    this.settlement.reseed(k ? k[STREAM.settlement] : seed, source, STREAM.settlement, mirrored);
    this.parameters.reseed(k ? k[STREAM.parameters] : seed, source, STREAM.parameters, mirrored);
    this.geography.reseed(k ? k[STREAM.geography] : seed, source, STREAM.geography, mirrored);
    this.routes.reseed(k ? k[STREAM.routes] : seed, source, STREAM.routes, mirrored);
  }

  /** The allocation blocks' scratch for `g` (built on first use for a run's parameters). */
  geographyValues(g: GeographyParams): GeographyValues {
    if (this.geographyState?.params !== g) {
      const values: GeographyValues = {
        exportsRuCn: flowGroupState(g.commodities.exportsRuCn.count),
        exportsCnRu: flowGroupState(g.commodities.exportsCnRu.count),
        regions: regionState(g.regions),
        routes: routeState(g.routes),
      };
      this.geographyState = { params: g, values };
    }
    return this.geographyState.values;
  }
}

/** Draw every item into `draws` (grown once, then reused; its length is the item count). */
function drawAll(items: readonly InfrastructureParams[], rng: RandomStream, shocks: boolean, draws: Array<Mutable<InfrastructureDraw>>): readonly InfrastructureDraw[] {
  while (draws.length < items.length) draws.push({ built: false, startYear: 0 });
  draws.length = items.length;
  for (let i = 0; i < items.length; i++) drawInfrastructure(items[i], rng, shocks, draws[i]);
  return draws;
}

/** Copy `from` into `to` (same keys), or a fresh copy when there is none yet. */
function copyInto<T extends object>(from: T, to: Mutable<T> | null): Mutable<T> {
  return to ? Object.assign(to, from) : { ...from };
}

/** Writes a path's drawn values into its block copies: `set(blocks, drawn)`. */
type ParameterSetter = (blocks: PathStreams['blocks'], drawn: Float64Array) => void;
const settersBuilt = new WeakMap<readonly UncertainParameter[], ParameterSetter>();

/**
 * One generated function that stores each drawn value into its block's field (`blocks.trade.x =
 * drawn[3]`): a keyed store through a block and field name per parameter and path is a
 * megamorphic lookup each time. Names come from the run's parameter list, checked as identifiers.
 */
function parameterSetter(list: readonly UncertainParameter[]): ParameterSetter {
  let set = settersBuilt.get(list);
  if (!set) {
    const lines = list.map((u, i) => `blocks${accessor(u.block)}${accessor(u.field)} = drawn[${i}];`);
    set = new Function('blocks', 'drawn', lines.join('\n')) as ParameterSetter;
    settersBuilt.set(list, set);
  }
  return set;
}

/**
 * This path's block parameters: the run's, with each uncertain parameter replaced by the path's
 * own draw (drawn once, held for every year, so an error in a trend compounds as it would).
 * The copies are refreshed from the run's only when the run changes: every path overwrites the
 * same fields (its draws and its ceiling), so the others keep the run's values.
 */
function pathParameters(p: ModelParams, streams: PathStreams) {
  const b = streams.blocks;
  if (streams.blocksFrom !== p) {
    b.oil = copyInto(p.oil, b.oil);
    b.macro = copyInto(p.macro, b.macro);
    b.trade = copyInto(p.trade, b.trade);
    b.energy = copyInto(p.energy, b.energy);
    b.settlement = copyInto(p.settlement, b.settlement);
    streams.blocksFrom = p;
  }
  const oil = b.oil as Mutable<OilParams>;
  const macro = b.macro as Mutable<MacroParams>;
  const trade = b.trade as Mutable<TradeParams>;
  const energy = b.energy as Mutable<EnergyParams>;
  const settlement = b.settlement as Mutable<SettlementParams>;
  const list = p.uncertainParameters;
  if (streams.drawn.length < list.length) {
    streams.drawn = new Float64Array(list.length);
    streams.drawNormals = new Float64Array(list.length);
    streams.drawScales = new Float64Array(list.length);
  }
  const rng = streams.parameters;
  // Ranges first, always four uniforms, so the parameter draws after them never shift the ranges.
  const uOverrun = rng.uniform();
  const uSeaborne = rng.uniform();
  const uRail = rng.uniform();
  const uCeiling = rng.uniform();
  const r = p.ranges;
  const centre = !p.shocks;
  const ranges = streams.ranges;
  ranges.gasFullUseShare = 1 + (centre ? 0 : uOverrun * r.gasOverrunMaxShare);
  ranges.seaborneFactor = centre ? 1 : 1 + (2 * uSeaborne - 1) * r.seaborneCapacityUncertaintyShare;
  ranges.railFactor = centre ? 1 : 1 + (2 * uRail - 1) * r.coalRailCapacityUncertaintyShare;
  settlement.ceiling = centre ? p.settlement.ceiling : r.settlementCeilingMin + uCeiling * (r.settlementCeilingMax - r.settlementCeilingMin);
  if (list.length > 0) {
    drawParameters(list, rng, streams.drawn, streams.drawNormals, streams.drawScales);
    parameterSetter(list)(b, streams.drawn);
  }
  return { oil, macro, trade, energy, settlement, ranges };
}

/**
 * Simulate one path and write its values into `out` (row-major: series × years, in the order of
 * `seriesOf(p.structure)`), then its question cells.
 * A pure function of (params, seed, pathIndex): the streams are re-seeded from those two numbers
 * (or from `streamSeeds`, one seed per block stream, when given).
 */
export function simulatePath(p: ModelParams, seed: number, pathIndex: number, streams: PathStreams, out: Float64Array, streamSeeds?: StreamSeeds): void {
  streams.reseed(seed, pathIndex, p.sampling === 'antithetic', streamSeeds);
  const n = p.years.length;
  const L = p.correlationLower;
  const b = p.base;
  const q = pathParameters(p, streams);

  const gasDraws = drawAll(p.gasProjects, streams.infrastructure, p.shocks, streams.gasDraws);
  const lngDraws = drawAll(p.lngPlants, streams.infrastructure, p.shocks, streams.lngDraws);

  // Two state objects per block, swapped each year (destination-passing: no allocation per year).
  let oil: OilState = initialOilState(b.brentUsdPerBarrel);
  let oilNext: Mutable<OilState> = { ...oil };
  const logBaseBrent = Math.log(b.brentUsdPerBarrel);
  let regime = p.initialRegime;
  let macro: MacroState = { chinaGdpGrowthPct: 0, russiaGdpGrowthPct: 0, logRubPerUsdIndex: 0 };
  let macroNext: Mutable<MacroState> = { ...macro };
  let energy: EnergyState = {
    gasUtilisationShare: p.gasUtilisationInitial,
    pipelineGasBcm: b.pipelineGasBcm,
    crudeDemandMt: b.crudeOilMt,
    seaborneCrudeMt: b.seaborneCrudeMt,
    crudeOilMt: b.crudeOilMt,
    lngChinaShare: p.lngChinaShareInitial,
    lngMt: b.lngMt,
    coalDemandMt: b.coalMt,
    coalMt: b.coalMt,
  };
  let energyNext: Mutable<EnergyState> = { ...energy };
  const values: Mutable<EnergyValues> = { crudeUsdBn: 0, pipelineGasUsdBn: 0, lngUsdBn: 0, coalUsdBn: 0, oilProductsUsdBn: 0, totalUsdBn: 0, crudePriceUsdPerBarrel: 0, gasPriceUsdPer1000m3: 0 };
  let trade: TradeState = {
    nonEnergyExportsRuCnUsdBn: b.nonEnergyExportsRuCnUsdBn,
    importDemandIndex: 1,
    chinaShareIndex: 1,
    noiseFactor: 1,
    trendWeight: 1,
    exportsRuCnUsdBn: b.exportsRuCnUsdBn,
    exportsCnRuUsdBn: b.exportsCnRuUsdBn,
    turnoverUsdBn: b.turnoverUsdBn,
    balanceUsdBn: b.exportsRuCnUsdBn - b.exportsCnRuUsdBn,
  };
  let tradeNext: Mutable<TradeState> = { ...trade };
  // The base share under this path's ceiling (a share above the ceiling sits just under it).
  const ceiling = q.settlement.ceiling;
  const baseLogit = nationalLogit(Math.min(b.nationalShare, ceiling * (1 - 1e-6)), ceiling);
  let settlement: SettlementShares = settlementShares(baseLogit, ceiling, b.cnyShareOfNational, q.settlement.usdShareOfNonNational, q.settlement.eurShareOfNonNational);
  let settlementNext: Mutable<SettlementShares> = { ...settlement };

  // Per-year inputs the blocks read but never keep: filled in place each year, not reallocated.
  const z: Mutable<MacroShocks> = { chinaGdp: 0, russiaGdp: 0, rub: 0 };
  const caps: Mutable<EnergyCapacities> = { pipelineGasBcm: 0, pipelineGasFullUseShare: q.ranges.gasFullUseShare, usableSeaborneCrudeMt: 0, lngMt: 0, coalRailMt: 0 };
  const drivers: Mutable<TradeDrivers> = { energyValueUsdBn: 0, chinaGdpGrowthPct: 0, russiaGdpGrowthPct: 0, deltaLogBrent: 0, deltaLogRubPerUsd: 0, chinaShareCeilingRelative: 1, paymentFrictionShare: 0 };
  // What the series read at the end of each year (the blocks' states, swapped in each year).
  const write = seriesWriter(p.structure);
  const rows = seriesOf(p.structure).length;
  // The allocation blocks draw their path's shares and route projects once, from their own streams.
  const geo = p.geography;
  const geoValues = geo ? streams.geographyValues(geo) : NO_GEOGRAPHY;
  if (geo) {
    startCommodityPath(geo.commodities, streams.geography, geoValues.exportsRuCn, geoValues.exportsCnRu);
    startRegionPath(geo.regions, streams.geography, geoValues.regions);
    startRoutePath(geo.routes, streams.routes, geoValues.routes);
  }
  const year: YearValues = { oil, crudePriceUsdPerBarrel: 0, regime, macro, energy, capacities: caps, values, trade, settlement, geography: geoValues };

  for (let t = 0; t < n; t++) {
    const calendarYear = p.years[t];
    const prevBrent = oil.brentUsdPerBarrel;
    // The four driver shocks, correlated through the Cholesky factor when the scenario asks
    // (z = L·e); the draws themselves never change, so common random numbers survive.
    const e0 = streams.oil.normal();
    const e1 = streams.macro.normal();
    const e2 = streams.macro.normal();
    const e3 = streams.macro.normal();
    let zOil = e0;
    if (L) {
      zOil = L[0] * e0;
      z.chinaGdp = L[4] * e0 + L[5] * e1;
      z.russiaGdp = L[8] * e0 + L[9] * e1 + L[10] * e2;
      z.rub = L[12] * e0 + L[13] * e1 + L[14] * e2 + L[15] * e3;
    } else {
      z.chinaGdp = e1;
      z.russiaGdp = e2;
      z.rub = e3;
    }
    const oilPrev = oil;
    oil = stepOilLog(q.oil, p.logAnchorUsdPerBarrel[t], logBaseBrent, zOil, streams.oil, oilPrev, oilNext);
    oilNext = oilPrev as Mutable<OilState>;
    if (p.known.length > 0) applyKnownOil(p.known, t, oil as Mutable<OilState>, p.logAnchorUsdPerBarrel[t], logBaseBrent);
    const deltaLogBrent = Math.log(oil.brentUsdPerBarrel / prevBrent);
    regime = stepRegime(p.sanctions, t, streams.sanctions, regime);
    const prevLogRub = macro.logRubPerUsdIndex;
    const macroPrev = macro;
    macro = stepMacro(q.macro, p.chinaGdpGrowthPct[t], p.russiaTrendGrowthPct[t], deltaLogBrent, z, macroPrev, macroNext);
    macroNext = macroPrev as Mutable<MacroState>;

    caps.pipelineGasBcm = capacityInForce(p.gasProjects, gasDraws, calendarYear, 1);
    caps.usableSeaborneCrudeMt = p.seaborneCapacityMt[t] * q.ranges.seaborneFactor * p.levers.seaborneCrudeAccessShare[regime];
    caps.lngMt = capacityInForce(p.lngPlants, lngDraws, calendarYear, p.levers.sanctionedLngAccessShare[regime]);
    caps.coalRailMt = p.coalRailCapacityMt[t] * q.ranges.railFactor;
    const energyPrev = energy;
    energy = stepEnergyVolumes(q.energy, caps, macro.chinaGdpGrowthPct, streams.energy, energyPrev, energyNext);
    energyNext = energyPrev as Mutable<EnergyState>;
    if (p.known.length > 0) applyKnownEnergy(p.known, t, energy as Mutable<EnergyState>, caps);
    const discountPct = effectiveDiscountPct(p.levers.crudeDiscountPctOfBrent[regime], p.priceCap.marketMinusPct[t], p.priceCap.enforcementShare * p.priceCap.inRegime[regime]);
    const crudePrice = russianCrudePriceUsdPerBarrel(oil.brentUsdPerBarrel, discountPct);
    energyValues(q.energy, energy, crudePrice, oil.brentUsdPerBarrel, prevBrent, values);

    drivers.energyValueUsdBn = values.totalUsdBn;
    drivers.chinaGdpGrowthPct = macro.chinaGdpGrowthPct;
    drivers.russiaGdpGrowthPct = macro.russiaGdpGrowthPct;
    drivers.deltaLogBrent = deltaLogBrent;
    drivers.deltaLogRubPerUsd = macro.logRubPerUsdIndex - prevLogRub;
    drivers.chinaShareCeilingRelative = p.levers.chinaImportShareCeilingRelative[regime];
    drivers.paymentFrictionShare = p.levers.paymentFrictionShare[regime];
    const tradePrev = trade;
    trade = stepTrade(q.trade, drivers, streams.trade, tradePrev, tradeNext);
    tradeNext = tradePrev as Mutable<TradeState>;
    if (p.known.length > 0) applyKnownTrade(p.known, t, trade as Mutable<TradeState>, values.totalUsdBn);
    const settlementPrev = settlement;
    settlement = stepSettlement(q.settlement, p.levers.nationalShareSpeedMultiplier[regime], streams.settlement, settlementPrev, settlementNext);
    settlementNext = settlementPrev as Mutable<SettlementShares>;

    // ── Allocation blocks: commodity groups → regions → routes. They read the national flows and
    // never change them (so every series above is the same with or without them).
    if (geo) {
      const c = geo.commodities;
      stepFlowGroups(c.exportsRuCn, trade.nonEnergyExportsRuCnUsdBn, values, deltaLogBrent, macro.chinaGdpGrowthPct, oil.brentUsdPerBarrel, c.baseBrentUsdPerBarrel, energy.coalMt, geoValues.exportsRuCn);
      stepFlowGroups(c.exportsCnRu, trade.exportsCnRuUsdBn, values, deltaLogBrent, macro.russiaGdpGrowthPct, oil.brentUsdPerBarrel, c.baseBrentUsdPerBarrel, energy.coalMt, geoValues.exportsCnRu);
      stepRegions(geo.regions, geoValues.exportsRuCn, geoValues.exportsCnRu, geoValues.regions);
      stepRoutes(geo.routes, t, calendarYear, geoValues.regions.railMt, geoValues.routes);
    }
    // ── end of the allocation blocks.

    year.regime = regime;
    year.oil = oil;
    year.crudePriceUsdPerBarrel = crudePrice;
    year.macro = macro;
    year.energy = energy;
    year.trade = trade;
    year.settlement = settlement;
    write(year, out, n, t);
  }
  if (p.questions.length > 0) answerQuestions(p.questions, out, n, rows * n);
}

/**
 * How the summaries bin each cell (BINNING): as 1 − x for every year of a complementBinned series,
 * as an indicator for every year of an indicator series and for the question cells (0 or 1), as
 * x otherwise. The chunk and run accumulators take the same flags.
 *
 * @example
 * cellBinning(params)[pathBufferLength(params) - 1]; // BINNING.indicator when the scenario asks questions
 */
export function cellBinning(p: ModelParams): Uint8Array {
  const n = p.years.length;
  const flags = new Uint8Array(pathBufferLength(p));
  const series = seriesOf(p.structure);
  series.forEach((s, row) => {
    if (s.complementBinned === true) flags.fill(BINNING.complement, row * n, (row + 1) * n);
    else if (s.indicator === true) flags.fill(BINNING.indicator, row * n, (row + 1) * n);
  });
  flags.fill(BINNING.indicator, series.length * n);
  return flags;
}

/** Length of one path's output buffer: the series × years, then one cell per question. */
export function pathBufferLength(p: ModelParams): number {
  return seriesOf(p.structure).length * p.years.length + p.questions.length;
}
