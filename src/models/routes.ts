import type { RandomStream } from '../random/stream.js';
import type { Scenario } from '../scenario/types.js';
import type { GeographyStructure } from './commodities.js';
import { drawInfrastructure, rampShare, type InfrastructureDraw, type InfrastructureParams } from './infrastructure.js';
import type { Mutable } from './mutable.js';
import type { SeriesDefinition } from './series.js';
import { valuesAt } from './yearPath.js';

/**
 * Routes: the rail-borne tonnage of Russian exports to China (coal's Mt, and value / price per
 * tonne of the other rail-borne groups, by region) assigned to transport corridors whose capacity
 * binds. An allocation: the national values do not respond to what a route cannot carry (coal is
 * already capped by the energy block's rail capacity); what no route carries is reported as
 * unserved.
 *
 * Rule, each year:
 *   1. New routes (projects, drawn per path like pipelines: built or not, start year, linear ramp)
 *      first, in list order: route r carries min(d_r · O_r, C_r,t), O_r the tonnage of its origin
 *      regions not yet carried, d_r its divert share, C_r,t its capacity in force; its origins'
 *      tonnage falls by that amount, pro rata.
 *   2. The tonnage left, R_t, goes to the existing routes by their base shares b_r (Σ b_r = 1):
 *      demand_r = b_r · R_t, plus what routes before it spilled to it.
 *   3. Each existing route carries min(demand_r, capacity_r,t); the excess goes to its `spillTo`
 *      route (one later in the list) or, without one, is unserved.
 *   utilisation_r = volume_r / capacity_r (0 for a route with no capacity in force).
 * So on every path: Σ_r volume_r + unserved = rail-borne tonnage, and volume_r ≤ capacity_r.
 */
export interface RouteParams {
  readonly count: number;
  readonly regionCount: number;
  /** 1 for a project (new route), 0 for an existing one. */
  readonly isProject: Uint8Array;
  /** Existing routes' capacity by projected year, row-major (year × route), Mt/yr. */
  readonly capacityMt: Float64Array;
  readonly baseShare: Float64Array;
  /** Index of the route an existing route spills to, −1: the excess is unserved. */
  readonly spillTo: Int32Array;
  /** Projects as infrastructure items (existing routes carry a placeholder never drawn). */
  readonly projects: readonly InfrastructureParams[];
  readonly divertShare: Float64Array;
  /** 1 where route r serves region i, row-major (route × region). */
  readonly origins: Uint8Array;
  readonly shocks: boolean;
}

const PLACEHOLDER: InfrastructureParams = { capacity: 0, probabilityBuilt: 0, earliestStartYear: 0, latestStartYear: 0, rampYears: 1, sanctioned: false };

/**
 * The routes block's parameters (null without a geography section).
 *
 * @example
 * routeParams(baseline, [2025, 2026], true)?.capacityMt.length; // 2 × the number of routes
 */
export function routeParams(s: Scenario, years: readonly number[], shocks: boolean): RouteParams | null {
  const g = s.geography;
  if (!g) return null;
  const routes = g.routes;
  const n = routes.length;
  const regionIds = g.regions.map((r) => r.id);
  const capacityMt = new Float64Array(years.length * n);
  routes.forEach((r, k) => {
    if (!r.capacityMtPerYear) return;
    valuesAt(r.capacityMtPerYear, years).forEach((v, t) => (capacityMt[t * n + k] = v));
  });
  const origins = new Uint8Array(n * regionIds.length);
  routes.forEach((r, k) => r.project?.origins.forEach((id) => (origins[k * regionIds.length + regionIds.indexOf(id)] = 1)));
  return {
    count: n,
    regionCount: regionIds.length,
    isProject: Uint8Array.from(routes, (r) => (r.project ? 1 : 0)),
    capacityMt,
    baseShare: Float64Array.from(routes, (r) => (r.project ? 0 : (r.baseShare ?? 0))),
    spillTo: Int32Array.from(routes, (r) => (r.spillTo ? routes.findIndex((x) => x.id === r.spillTo) : -1)),
    projects: routes.map((r) =>
      r.project
        ? { capacity: r.project.capacity, probabilityBuilt: r.project.probabilityBuilt, earliestStartYear: r.project.startYear.earliest, latestStartYear: r.project.startYear.latest, rampYears: r.project.rampYears, sanctioned: false }
        : PLACEHOLDER,
    ),
    divertShare: Float64Array.from(routes, (r) => r.project?.divertShare ?? 0),
    origins,
    shocks,
  };
}

/** Per-path route state (allocated once per thread, reused per path). */
export interface RouteState {
  readonly draws: Array<Mutable<InfrastructureDraw>>;
  readonly volumeMt: Float64Array;
  readonly capacityMt: Float64Array;
  readonly demandMt: Float64Array;
  readonly utilisation: Float64Array;
  /** Regional tonnage not yet carried (scratch). */
  readonly remainingMt: Float64Array;
  unservedMt: number;
  railDemandMt: number;
}

/** Fresh route state for `p`. */
export function routeState(p: RouteParams): RouteState {
  return {
    draws: p.projects.map(() => ({ built: false, startYear: 0 })),
    volumeMt: new Float64Array(p.count),
    capacityMt: new Float64Array(p.count),
    demandMt: new Float64Array(p.count),
    utilisation: new Float64Array(p.count),
    remainingMt: new Float64Array(p.regionCount),
    unservedMt: 0,
    railDemandMt: 0,
  };
}

/**
 * Start a path: draw each project (built or not, start year) from the routes' own stream; two
 * uniforms per project, always.
 *
 * @example
 * startRoutePath(p, rng, state); // state.draws[k].built for each project k
 */
export function startRoutePath(p: RouteParams, rng: RandomStream, s: RouteState): void {
  for (let k = 0; k < p.count; k++) if (p.isProject[k] === 1) drawInfrastructure(p.projects[k], rng, p.shocks, s.draws[k]);
}

/**
 * One year: assign the regions' rail-borne tonnage to routes (the rule above).
 *
 * @example
 * // one existing route of 100 Mt/yr with share 1, 120 Mt to carry: 100 carried, 20 unserved
 * stepRoutes(p, 0, 2026, Float64Array.of(120), state); // state.volumeMt[0] = 100, state.unservedMt = 20
 */
export function stepRoutes(p: RouteParams, t: number, year: number, regionRailMt: Float64Array, s: RouteState): void {
  const n = p.count;
  const m = p.regionCount;
  const rem = s.remainingMt;
  let total = 0;
  for (let i = 0; i < m; i++) {
    rem[i] = regionRailMt[i];
    total += regionRailMt[i];
  }
  s.railDemandMt = total;
  let diverted = 0;
  for (let r = 0; r < n; r++) {
    if (p.isProject[r] !== 1) continue;
    const item = p.projects[r];
    const d = s.draws[r];
    const cap = d.built ? item.capacity * rampShare(d.startYear, item.rampYears, year) : 0;
    let fromOrigins = 0;
    for (let i = 0; i < m; i++) if (p.origins[r * m + i] === 1) fromOrigins += rem[i];
    const demand = p.divertShare[r] * fromOrigins;
    const volume = Math.min(demand, cap);
    if (fromOrigins > 0) {
      const keep = 1 - volume / fromOrigins;
      for (let i = 0; i < m; i++) if (p.origins[r * m + i] === 1) rem[i] *= keep;
    }
    s.demandMt[r] = demand;
    s.volumeMt[r] = volume;
    s.capacityMt[r] = cap;
    s.utilisation[r] = cap > 0 ? volume / cap : 0;
    diverted += volume;
  }
  const left = total - diverted;
  for (let r = 0; r < n; r++) if (p.isProject[r] !== 1) s.demandMt[r] = p.baseShare[r] * left;
  let unserved = 0;
  for (let r = 0; r < n; r++) {
    if (p.isProject[r] === 1) continue;
    const cap = p.capacityMt[t * n + r];
    const volume = Math.min(s.demandMt[r], cap);
    const excess = s.demandMt[r] - volume;
    if (p.spillTo[r] >= 0) s.demandMt[p.spillTo[r]] += excess;
    else unserved += excess;
    s.volumeMt[r] = volume;
    s.capacityMt[r] = cap;
    s.utilisation[r] = cap > 0 ? volume / cap : 0;
  }
  s.unservedMt = unserved;
}

/**
 * The routes block's series: `route.<id>.volume` (Mt), `route.<id>.utilisation` (share of the
 * capacity in force) and `route.unserved.volume`, marked as allocated.
 *
 * @example
 * routeSeries(structure).at(-1)?.name; // 'route.unserved.volume'
 */
export function routeSeries(g: GeographyStructure | null): SeriesDefinition[] {
  if (!g) return [];
  const perRoute = g.routes.flatMap((r, k): SeriesDefinition[] => [
    { name: `route.${r.id}.volume`, unit: 'Mt', description: `Russian rail-borne exports to China carried by ${r.name}`, allocated: true, read: ['geography', 'routes', 'volumeMt', k] },
    { name: `route.${r.id}.utilisation`, unit: 'share 0–1', description: `Utilisation of ${r.name}: volume over the capacity in force (0 when none)`, allocated: true, read: ['geography', 'routes', 'utilisation', k] },
  ]);
  return [
    ...perRoute,
    { name: 'route.unserved.volume', unit: 'Mt', description: 'Rail-borne exports to China no route could carry (the national values do not respond: an allocation)', allocated: true, read: ['geography', 'routes', 'unservedMt'] },
  ];
}
