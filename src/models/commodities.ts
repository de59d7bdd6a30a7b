import type { RandomStream } from '../random/stream.js';
import { dirichletSampler, drawDirichlet, type DirichletSampler } from '../random/dirichlet.js';
import type { Geography, Scenario } from '../scenario/types.js';
import type { EnergyValues } from './energy.js';
import { growthFactor } from './macro.js';
import type { SeriesDefinition } from './series.js';

/**
 * Commodity groups: each flow split by main HS group. An allocation: the groups sum to the flow
 * the trade and energy blocks computed, on every path and year, and never change it.
 *
 * Russian exports to China: the energy carriers are groups valued by the energy block
 * (trade.crude_oil_value …); the non-energy part NE_t is shared out among the other groups.
 * Chinese exports to Russia: the whole flow is shared out. For a shared group g of a flow:
 *   ln x_{g,t} = ln x_{g,t−1} + ε^P_g · Δln Brent_t + ε^D_g · ln(1 + growth_t)
 *   share_{g,t} = π_g x_{g,t} / Σ_h π_h x_{h,t},   x_{g,base} = 1
 *   value_{g,t} = share_{g,t} · total_t, and the last group listed takes total_t − Σ the others
 * where growth is the buyer's real GDP growth (China's for Russian exports, Russia's for Chinese
 * exports) and π ~ Dirichlet(c · s) the path's base-year shares, s the scenario's base shares.
 * Only relative elasticities matter: a group with a higher ε^D gains share as the buyer grows.
 */

/** The energy carriers a group of Russian exports may be, in the order of `carrierValue`. */
export const ENERGY_CARRIERS = ['crude_oil', 'oil_products', 'pipeline_gas', 'lng', 'coal'] as const;
export type EnergyCarrier = (typeof ENERGY_CARRIERS)[number];

/** What the series list needs to know about a group. */
export interface GroupInfo {
  readonly id: string;
  readonly name: string;
  readonly hs: string;
  readonly energyCarrier?: EnergyCarrier;
}

/** A region as the series list and the allocation see it. */
export interface RegionInfo {
  readonly id: string;
  readonly name: string;
  readonly district: 'SFD' | 'FEFD' | 'other';
}

/** The geography's part of the model structure: plain data, the series a run writes depend on it. */
export interface GeographyStructure {
  readonly exportsRuCn: readonly GroupInfo[];
  readonly exportsCnRu: readonly GroupInfo[];
  readonly regions: readonly RegionInfo[];
  readonly routes: ReadonlyArray<{ readonly id: string; readonly name: string }>;
}

/**
 * The groups, regions and routes a scenario names, or null when it has no geography section.
 *
 * @example
 * geographyStructure(baseline)?.regions.map((r) => r.id).includes('irkutsk'); // true
 */
export function geographyStructure(s: Scenario): GeographyStructure | null {
  const g = s.geography;
  if (!g) return null;
  const group = (x: Geography['exportsRuCn'][number]): GroupInfo => ({ id: x.id, name: x.name, hs: x.hs, ...(x.energyCarrier ? { energyCarrier: x.energyCarrier } : {}) });
  return {
    exportsRuCn: g.exportsRuCn.map(group),
    exportsCnRu: g.exportsCnRu.map(group),
    regions: g.regions.map((r) => ({ id: r.id, name: r.name, district: r.district })),
    routes: g.routes.map((r) => ({ id: r.id, name: r.name })),
  };
}

/** One flow's groups as the kernel reads them (arrays indexed by group, in the scenario's order). */
export interface FlowGroupParams {
  readonly count: number;
  /** Index into ENERGY_CARRIERS, or −1 for a shared group. */
  readonly carrier: Int8Array;
  /** Base-year share of the shared part (0 for carriers). */
  readonly baseShare: Float64Array;
  readonly priceElasticity: Float64Array;
  readonly demandElasticity: Float64Array;
  /** Base-year USD per tonne; 0: not rail-borne (coal is rail-borne by its own Mt). */
  readonly usdPerTonne: Float64Array;
  /** The shared group that takes the remainder (the last one listed), −1 when there is none. */
  readonly remainder: number;
}

/** A flow's groups with the Dirichlet of their base shares (its gamma constants worked out once). */
export interface SampledFlowGroupParams extends FlowGroupParams {
  readonly sampler: DirichletSampler;
}

/** The commodity block's parameters. */
export interface CommodityParams {
  readonly exportsRuCn: SampledFlowGroupParams;
  readonly exportsCnRu: SampledFlowGroupParams;
  readonly baseBrentUsdPerBarrel: number;
  readonly shocks: boolean;
}

function flowParams(groups: Geography['exportsRuCn']): FlowGroupParams {
  const carrier = Int8Array.from(groups, (g) => (g.energyCarrier ? ENERGY_CARRIERS.indexOf(g.energyCarrier) : -1));
  let remainder = -1;
  carrier.forEach((c, i) => {
    if (c < 0) remainder = i;
  });
  return {
    count: groups.length,
    carrier,
    baseShare: Float64Array.from(groups, (g) => (g.energyCarrier ? 0 : (g.baseShare ?? 0))),
    priceElasticity: Float64Array.from(groups, (g) => g.priceElasticity ?? 0),
    demandElasticity: Float64Array.from(groups, (g) => g.demandElasticity ?? 0),
    usdPerTonne: Float64Array.from(groups, (g) => (g.energyCarrier === 'coal' ? 0 : (g.usdPerTonne ?? 0))),
    remainder,
  };
}

/**
 * The commodity block's parameters from the scenario's `geography` section (null without one).
 *
 * @example
 * commodityParams(baseline, 80.52, true)?.exportsRuCn.carrier[0]; // 0: the first group is crude oil
 */
export function commodityParams(s: Scenario, baseBrentUsdPerBarrel: number, shocks: boolean): CommodityParams | null {
  const g = s.geography;
  if (!g) return null;
  const sampled = (f: FlowGroupParams): SampledFlowGroupParams => ({ ...f, sampler: dirichletSampler(f.baseShare, g.groupShareConcentration) });
  return { exportsRuCn: sampled(flowParams(g.exportsRuCn)), exportsCnRu: sampled(flowParams(g.exportsCnRu)), baseBrentUsdPerBarrel, shocks };
}

/** One flow's per-path state: drawn base shares, log weights, this year's values and tonnages. */
export interface FlowGroupState {
  readonly drawnShare: Float64Array;
  readonly logWeight: Float64Array;
  /** exp(logWeight) this year (scratch: computed once, read twice). */
  readonly weight: Float64Array;
  /** USD bn this year, by group. */
  readonly value: Float64Array;
  /** Mt this year by group (0 for groups that are not rail-borne). */
  readonly railMt: Float64Array;
}

/** Fresh state for a flow of `count` groups (allocated once per thread, reused per path). */
export function flowGroupState(count: number): FlowGroupState {
  return { drawnShare: new Float64Array(count), logWeight: new Float64Array(count), weight: new Float64Array(count), value: new Float64Array(count), railMt: new Float64Array(count) };
}

/**
 * Start a path: draw each flow's base-year shares (Dirichlet, from the geography stream) and
 * reset the weights.
 *
 * @example
 * startCommodityPath(p, rng, ruState, cnState); // ruState.drawnShare sums to 1 over shared groups
 */
export function startCommodityPath(p: CommodityParams, rng: RandomStream, ru: FlowGroupState, cn: FlowGroupState): void {
  drawDirichlet(p.exportsRuCn.sampler, 0, p.exportsRuCn.count, rng, p.shocks, ru.drawnShare);
  drawDirichlet(p.exportsCnRu.sampler, 0, p.exportsCnRu.count, rng, p.shocks, cn.drawnShare);
  ru.logWeight.fill(0);
  cn.logWeight.fill(0);
}

/** A carrier's value this year, USD bn (ENERGY_CARRIERS order). */
export function carrierValue(v: EnergyValues, carrier: number): number {
  switch (carrier) {
    case 0:
      return v.crudeUsdBn;
    case 1:
      return v.oilProductsUsdBn;
    case 2:
      return v.pipelineGasUsdBn;
    case 3:
      return v.lngUsdBn;
    default:
      return v.coalUsdBn;
  }
}

/**
 * One year of one flow: weights move with price and demand, the shared total is split by the
 * path's shares × weights (the remainder group takes what the others leave, so the groups sum to
 * the flow exactly), carriers take the energy block's values; tonnages for rail-borne groups are
 * value / (USD per tonne × (Brent / base Brent)^ε^P).
 *
 * @example
 * // one shared group, no carriers: it takes the whole total
 * stepFlowGroups(flow, 30, values, 0, 5, 80, 80, 0, state); state.value[0]; // 30
 */
export function stepFlowGroups(
  f: FlowGroupParams,
  sharedTotalUsdBn: number,
  values: EnergyValues,
  deltaLogBrent: number,
  buyerGrowthPct: number,
  brentUsdPerBarrel: number,
  baseBrentUsdPerBarrel: number,
  coalMt: number,
  s: FlowGroupState,
): void {
  const logGrowth = Math.log(growthFactor(buyerGrowthPct));
  const logPrice = Math.log(brentUsdPerBarrel / baseBrentUsdPerBarrel);
  let weights = 0;
  for (let g = 0; g < f.count; g++) {
    if (f.carrier[g] >= 0) continue;
    s.logWeight[g] += f.priceElasticity[g] * deltaLogBrent + f.demandElasticity[g] * logGrowth;
    const w = Math.exp(s.logWeight[g]);
    s.weight[g] = w;
    weights += s.drawnShare[g] * w;
  }
  let allocated = 0;
  for (let g = 0; g < f.count; g++) {
    const c = f.carrier[g];
    if (c >= 0) {
      s.value[g] = carrierValue(values, c);
      s.railMt[g] = c === 4 ? coalMt : 0;
      continue;
    }
    if (g !== f.remainder) {
      const v = weights > 0 ? (sharedTotalUsdBn * s.drawnShare[g] * s.weight[g]) / weights : 0;
      s.value[g] = v;
      allocated += v;
    }
  }
  if (f.remainder >= 0) s.value[f.remainder] = sharedTotalUsdBn - allocated;
  for (let g = 0; g < f.count; g++) {
    if (f.carrier[g] >= 0) continue;
    // USD bn × 1000 / (USD/t) = Mt.
    s.railMt[g] = f.usdPerTonne[g] > 0 ? (s.value[g] * 1000) / (f.usdPerTonne[g] * Math.exp(f.priceElasticity[g] * logPrice)) : 0;
  }
}

/**
 * The commodity block's series: one per group and flow, `trade.group.<id>.exports_ru_cn` and
 * `trade.group.<id>.exports_cn_ru` (carriers repeat the energy block's values, so the groups of a
 * flow are complete), marked as allocated.
 *
 * @example
 * commoditySeries(structure)[0].name; // 'trade.group.crude_oil.exports_ru_cn'
 */
export function commoditySeries(g: GeographyStructure | null): SeriesDefinition[] {
  if (!g) return [];
  const ru = g.exportsRuCn.map(
    (x, k): SeriesDefinition => ({
      name: `trade.group.${x.id}.exports_ru_cn`,
      unit: 'USD bn',
      description: `Russian exports to China of ${x.name} (HS ${x.hs})${x.energyCarrier ? ', valued by the energy block' : ': the path’s share of non-energy exports'}`,
      allocated: true,
      read: ['geography', 'exportsRuCn', 'value', k],
    }),
  );
  const cn = g.exportsCnRu.map(
    (x, k): SeriesDefinition => ({
      name: `trade.group.${x.id}.exports_cn_ru`,
      unit: 'USD bn',
      description: `Chinese exports to Russia of ${x.name} (HS ${x.hs}): the path’s share of the flow`,
      allocated: true,
      read: ['geography', 'exportsCnRu', 'value', k],
    }),
  );
  return [...ru, ...cn];
}
