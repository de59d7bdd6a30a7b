import type { RandomStream } from '../random/stream.js';
import { dirichletSampler, drawDirichlet, type DirichletSampler } from '../random/dirichlet.js';
import type { Geography, Scenario } from '../scenario/types.js';
import type { FlowGroupState, GeographyStructure } from './commodities.js';
import type { SeriesDefinition } from './series.js';

/**
 * Regions: each group's flow assigned to regions by shares that are scenario inputs, not
 * observations (public regional data on trade with China are a handful of points; docs/model.md
 * lists them). For group g and region i:
 *   value_{i,g,t} = ρ_{g,i} · value_{g,t},   ρ_g ~ Dirichlet(c_R · r_g) drawn once per path
 * where r_g are the scenario's shares (the remainder region taking 1 − Σ the listed ones); the
 * remainder region takes value_{g,t} − Σ the others, so regions sum to the group exactly.
 * Region i's exports to China are Σ_g over Russian-export groups, its imports from China Σ_g over
 * Chinese-export groups; its rail-borne tonnage Σ_g ρ_{g,i} · tonnage_{g,t} loads the routes.
 */
export interface RegionParams {
  readonly count: number;
  /** Index of the remainder region. */
  readonly remainder: number;
  /** Mean shares, row-major: (Russian-export groups, then Chinese-export groups) × regions. */
  readonly meanShare: Float64Array;
  readonly shocks: boolean;
  /** The shares' Dirichlet, its gamma constants worked out once. */
  readonly sampler: DirichletSampler;
  /**
   * For each group row, the regions other than the remainder with a non-zero mean share:
   * nonZero[rowStart[k] … rowStart[k + 1]). A zero mean share is exactly zero on every path, so
   * the yearly allocation skips it (about 40 % of the baseline's group × region pairs).
   */
  readonly rowStart: Int32Array;
  readonly nonZero: Int32Array;
}

function shareRows(groups: Geography['exportsRuCn'], regionIds: readonly string[], remainder: number, out: Float64Array, fromRow: number): void {
  groups.forEach((g, k) => {
    const row = (fromRow + k) * regionIds.length;
    let listed = 0;
    regionIds.forEach((id, i) => {
      if (i === remainder) return;
      const v = g.regionShares[id] ?? 0;
      out[row + i] = v;
      listed += v;
    });
    // Validation caps the listed shares at 1 (to its tolerance): the remainder is never negative.
    out[row + remainder] = Math.max(0, 1 - listed);
  });
}

/**
 * The regional block's parameters (null without a geography section).
 *
 * @example
 * regionParams(baseline, true)?.count; // 14
 */
export function regionParams(s: Scenario, shocks: boolean): RegionParams | null {
  const g = s.geography;
  if (!g) return null;
  const ids = g.regions.map((r) => r.id);
  const remainder = g.regions.findIndex((r) => r.remainder === true);
  const meanShare = new Float64Array((g.exportsRuCn.length + g.exportsCnRu.length) * ids.length);
  shareRows(g.exportsRuCn, ids, remainder, meanShare, 0);
  shareRows(g.exportsCnRu, ids, remainder, meanShare, g.exportsRuCn.length);
  const rows = meanShare.length / ids.length;
  const rowStart = new Int32Array(rows + 1);
  const nonZero: number[] = [];
  for (let k = 0; k < rows; k++) {
    rowStart[k] = nonZero.length;
    for (let i = 0; i < ids.length; i++) if (i !== remainder && meanShare[k * ids.length + i] > 0) nonZero.push(i);
  }
  rowStart[rows] = nonZero.length;
  const concentration = g.regionShareConcentration;
  return { count: ids.length, remainder, meanShare, shocks, sampler: dirichletSampler(meanShare, concentration), rowStart, nonZero: Int32Array.from(nonZero) };
}

/** Per-path regional state (allocated once per thread, reused per path). */
export interface RegionState {
  /** This path's shares, same layout as RegionParams.meanShare. */
  readonly share: Float64Array;
  readonly exportsToCnUsdBn: Float64Array;
  readonly importsFromCnUsdBn: Float64Array;
  /** Rail-borne tonnage of Russian exports to China by region, Mt. */
  readonly railMt: Float64Array;
}

/** Fresh regional state for `p`. */
export function regionState(p: RegionParams): RegionState {
  return { share: new Float64Array(p.meanShare.length), exportsToCnUsdBn: new Float64Array(p.count), importsFromCnUsdBn: new Float64Array(p.count), railMt: new Float64Array(p.count) };
}

/**
 * Start a path: draw every group's regional shares (one Dirichlet per group, from the geography
 * stream).
 *
 * @example
 * startRegionPath(p, rng, state); // each group's row of state.share sums to 1
 */
export function startRegionPath(p: RegionParams, rng: RandomStream, s: RegionState): void {
  const rows = p.meanShare.length / p.count;
  for (let k = 0; k < rows; k++) drawDirichlet(p.sampler, k * p.count, p.count, rng, p.shocks, s.share);
}

/**
 * Add one flow's groups to `into` (and their tonnage to `railInto` when given), region by region.
 * Runs for every group, region, path and year: only the non-zero shares are visited (adding 0
 * would leave every sum as it was), and groups without tonnage skip the tonnage loop.
 */
function allocateFlow(p: RegionParams, share: Float64Array, fromRow: number, groups: FlowGroupState, into: Float64Array, railInto: Float64Array | null): void {
  const n = p.count;
  const remainder = p.remainder;
  const nonZero = p.nonZero;
  const values = groups.value;
  const tonnage = groups.railMt;
  for (let k = 0; k < values.length; k++) {
    const row = (fromRow + k) * n;
    const first = p.rowStart[fromRow + k];
    const last = p.rowStart[fromRow + k + 1];
    const v = values[k];
    let given = 0;
    for (let j = first; j < last; j++) {
      const i = nonZero[j];
      const x = v * share[row + i];
      into[i] += x;
      given += x;
    }
    into[remainder] += v - given;
    const t = tonnage[k];
    if (railInto !== null && t !== 0) {
      for (let j = first; j < last; j++) railInto[nonZero[j]] += t * share[row + nonZero[j]];
      railInto[remainder] += t * share[row + remainder];
    }
  }
}

/**
 * One year: the groups' values to regions (exports to China, imports from China) and the
 * rail-borne tonnage by region.
 *
 * @example
 * stepRegions(p, ruGroups, cnGroups, state); // Σ state.exportsToCnUsdBn = Σ ruGroups.value
 */
export function stepRegions(p: RegionParams, ru: FlowGroupState, cn: FlowGroupState, s: RegionState): void {
  s.exportsToCnUsdBn.fill(0);
  s.importsFromCnUsdBn.fill(0);
  s.railMt.fill(0);
  allocateFlow(p, s.share, 0, ru, s.exportsToCnUsdBn, s.railMt);
  allocateFlow(p, s.share, ru.value.length, cn, s.importsFromCnUsdBn, null);
}

const DISTRICT_NAME = { SFD: 'Siberian Federal District', FEFD: 'Far Eastern Federal District', other: 'rest of Russia' } as const;

/**
 * The regional block's series: `region.<id>.exports_to_cn` and `region.<id>.imports_from_cn`, USD bn,
 * marked as allocated (shares are assumptions, not observations).
 *
 * @example
 * regionSeries(structure).find((s) => s.name === 'region.irkutsk.exports_to_cn')?.allocated; // true
 */
export function regionSeries(g: GeographyStructure | null): SeriesDefinition[] {
  if (!g) return [];
  return g.regions.flatMap((r, i): SeriesDefinition[] => [
    { name: `region.${r.id}.exports_to_cn`, unit: 'USD bn', description: `Russian exports to China from ${r.name} (${DISTRICT_NAME[r.district]}): allocated by assumed shares`, allocated: true, read: ['geography', 'regions', 'exportsToCnUsdBn', i] },
    { name: `region.${r.id}.imports_from_cn`, unit: 'USD bn', description: `Chinese exports to Russia bound for ${r.name} (${DISTRICT_NAME[r.district]}): allocated by assumed shares`, allocated: true, read: ['geography', 'regions', 'importsFromCnUsdBn', i] },
  ]);
}
