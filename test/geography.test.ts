import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prepareParams, runScenario } from '../src/report/run.js';
import { PathStreams, pathBufferLength, simulatePath } from '../src/engine/kernel.js';
import { calibrate } from '../src/models/calibration.js';
import { validateScenarioDocument } from '../src/scenario/load.js';
import { deepMerge, type JsonObject } from '../src/scenario/merge.js';
import type { Scenario } from '../src/scenario/types.js';
import { flowGroupState, stepFlowGroups, type FlowGroupParams } from '../src/models/commodities.js';
import { routeState, stepRoutes, type RouteParams } from '../src/models/routes.js';
import { dirichletInto } from '../src/random/dirichlet.js';
import { RandomStream } from '../src/random/stream.js';
import { againstModel, baseYearData } from '../src/models/baseState.js';
import { seriesOf } from '../src/engine/series.js';
import { baseYear, history, loadLibraryScenario, scenarioFile } from './helpers.js';
import { readFileSync } from 'node:fs';

const calibration = calibrate(history);
const baseline = loadLibraryScenario('baseline.json');
const NO_VALUES = { crudeUsdBn: 0, pipelineGasUsdBn: 0, lngUsdBn: 0, coalUsdBn: 0, oilProductsUsdBn: 0, totalUsdBn: 0, crudePriceUsdPerBarrel: 0, gasPriceUsdPer1000m3: 0 };

function simulate(s: Scenario, seed: number, pathIndex: number) {
  const { params } = prepareParams(s, { history, calibration });
  const out = new Float64Array(pathBufferLength(params));
  simulatePath(params, seed, pathIndex, new PathStreams(), out);
  const series = seriesOf(params.structure);
  const n = params.years.length;
  const at = (name: string, t: number) => {
    const row = series.findIndex((x) => x.name === name);
    if (row < 0) throw new Error(`no series ${name}`);
    return out[row * n + t];
  };
  return { params, n, at, names: series.map((x) => x.name) };
}

/** |a − b| within a few ulps of the larger magnitude: "exact to floating point" for a sum of ~15 terms. */
function closeTo(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('commodity groups, regions and routes add up on every path (property)', () => {
  it('groups sum to both flows, carriers equal the energy values, regions sum to the flows, routes carry the rail tonnage within capacity', () => {
    const g = baseline.geography!;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        fc.boolean(),
        (seed, pathIndex, cGroups, cRegions, shocks) => {
          const s = { ...baseline, simulation: { ...baseline.simulation, shocks }, geography: { ...g, groupShareConcentration: cGroups, regionShareConcentration: cRegions } } as Scenario;
          const { n, at } = simulate(s, seed, pathIndex);
          for (let t = 0; t < n; t++) {
            const ru = g.exportsRuCn.reduce((acc, x) => acc + at(`trade.group.${x.id}.exports_ru_cn`, t), 0);
            const cn = g.exportsCnRu.reduce((acc, x) => acc + at(`trade.group.${x.id}.exports_cn_ru`, t), 0);
            expect(closeTo(ru, at('trade.exports_ru_cn', t))).toBe(true);
            expect(closeTo(cn, at('trade.exports_cn_ru', t))).toBe(true);
            expect(at('trade.group.crude_oil.exports_ru_cn', t)).toBe(at('trade.crude_oil_value', t));
            expect(at('trade.group.coal.exports_ru_cn', t)).toBe(at('trade.coal_value', t));
            expect(at('trade.group.lng.exports_ru_cn', t)).toBe(at('trade.lng_value', t));
            expect(at('trade.group.pipeline_gas.exports_ru_cn', t)).toBe(at('trade.pipeline_gas_value', t));
            expect(at('trade.group.oil_products.exports_ru_cn', t)).toBe(at('trade.oil_products_value', t));
            const toCn = g.regions.reduce((acc, r) => acc + at(`region.${r.id}.exports_to_cn`, t), 0);
            const fromCn = g.regions.reduce((acc, r) => acc + at(`region.${r.id}.imports_from_cn`, t), 0);
            expect(closeTo(toCn, at('trade.exports_ru_cn', t))).toBe(true);
            expect(closeTo(fromCn, at('trade.exports_cn_ru', t))).toBe(true);
            for (const r of g.routes) {
              expect(at(`route.${r.id}.volume`, t)).toBeGreaterThanOrEqual(0);
              expect(at(`route.${r.id}.utilisation`, t)).toBeLessThanOrEqual(1);
            }
            for (const x of g.exportsRuCn) if (x.energyCarrier === undefined) expect(at(`trade.group.${x.id}.exports_ru_cn`, t)).toBeGreaterThanOrEqual(-1e-9);
          }
        },
      ),
      { numRuns: 40, seed: 14 },
    );
  });

  it('route volumes never exceed capacity, and volumes plus unserved are the rail-borne tonnage (any capacities, shares, spills)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 300, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (caps, regionRail, projectCap, divert, spill) => {
          const n = caps.length + 1;
          const m = regionRail.length;
          const weights = caps.map((_, i) => i + 1);
          const total = weights.reduce((a, b) => a + b, 0);
          const p: RouteParams = {
            count: n,
            regionCount: m,
            isProject: Uint8Array.from({ length: n }, (_, i) => (i === n - 1 ? 1 : 0)),
            capacityMt: Float64Array.from([...caps, 0]),
            baseShare: Float64Array.from([...weights.map((w) => w / total), 0]),
            spillTo: Int32Array.from({ length: n }, (_, i) => (spill && i < caps.length - 1 ? i + 1 : -1)),
            projects: Array.from({ length: n }, () => ({ capacity: projectCap, probabilityBuilt: 1, earliestStartYear: 2025, latestStartYear: 2025, rampYears: 1, sanctioned: false })),
            divertShare: Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? divert : 0)),
            origins: Uint8Array.from({ length: n * m }, (_, k) => (Math.floor(k / m) === n - 1 && k % 2 === 0 ? 1 : 0)),
            shocks: true,
          };
          const s = routeState(p);
          s.draws[n - 1].built = true;
          s.draws[n - 1].startYear = 2025;
          stepRoutes(p, 0, 2027, Float64Array.from(regionRail), s);
          let carried = 0;
          for (let r = 0; r < n; r++) {
            expect(s.volumeMt[r]).toBeLessThanOrEqual(s.capacityMt[r]);
            expect(s.volumeMt[r]).toBeGreaterThanOrEqual(0);
            carried += s.volumeMt[r];
          }
          const demand = regionRail.reduce((a, b) => a + b, 0);
          expect(Math.abs(carried + s.unservedMt - demand)).toBeLessThanOrEqual(1e-9 * Math.max(1, demand));
        },
      ),
      { numRuns: 300, seed: 14 },
    );
  });
});

describe('the blocks by hand', () => {
  it('routes: 120 Mt on one 100 Mt/yr route leaves 20 Mt unserved; a spill carries the excess to the next route', () => {
    const one: RouteParams = { count: 1, regionCount: 1, isProject: Uint8Array.of(0), capacityMt: Float64Array.of(100), baseShare: Float64Array.of(1), spillTo: Int32Array.of(-1), projects: [{ capacity: 0, probabilityBuilt: 0, earliestStartYear: 0, latestStartYear: 0, rampYears: 1, sanctioned: false }], divertShare: Float64Array.of(0), origins: Uint8Array.of(0), shocks: true };
    const s = routeState(one);
    stepRoutes(one, 0, 2026, Float64Array.of(120), s);
    expect([s.volumeMt[0], s.unservedMt, s.utilisation[0]]).toEqual([100, 20, 1]);
    // two routes, shares ½ ½, capacities 30 and 100, the first spills to the second: 60 + 40 → 30 and 70
    const two: RouteParams = { ...one, count: 2, isProject: Uint8Array.of(0, 0), capacityMt: Float64Array.of(30, 100), baseShare: Float64Array.of(0.5, 0.5), spillTo: Int32Array.of(1, -1), projects: [one.projects[0], one.projects[0]], divertShare: Float64Array.of(0, 0), origins: Uint8Array.of(0, 0) };
    const s2 = routeState(two);
    stepRoutes(two, 0, 2026, Float64Array.of(100), s2);
    expect([s2.volumeMt[0], s2.volumeMt[1], s2.unservedMt]).toEqual([30, 70, 0]);
  });

  it('groups: with Brent up 10 % (Δln = ln 1.1) a group of price elasticity 1 gains against one of 0 by the factor 1.1', () => {
    const f: FlowGroupParams = { count: 2, carrier: Int8Array.of(-1, -1), baseShare: Float64Array.of(0.5, 0.5), priceElasticity: Float64Array.of(1, 0), demandElasticity: Float64Array.of(0, 0), usdPerTonne: Float64Array.of(100, 0), remainder: 1 };
    const s = flowGroupState(2);
    s.drawnShare.set([0.5, 0.5]);
    stepFlowGroups(f, 21, NO_VALUES, Math.log(1.1), 0, 88, 80, 0, s);
    // shares 1.1/2.1 and 1/2.1 of 21: 11 and 10; tonnage 11 USD bn / (100 USD/t × 88/80) = 100 Mt
    expect(s.value[0]).toBeCloseTo(11, 12);
    expect(s.value[1]).toBeCloseTo(10, 12);
    expect(s.railMt[0]).toBeCloseTo(100, 9);
  });

  it('Dirichlet shares average the means, with the stated spread √(s(1−s)/(c+1))', () => {
    const rng = new RandomStream(3, 0, 8);
    const mean = [0.6, 0.3, 0.1, 0];
    const out = new Float64Array(4);
    const n = 20000;
    let sum0 = 0;
    let sq0 = 0;
    for (let k = 0; k < n; k++) {
      dirichletInto(mean, 0, 4, 50, rng, true, out);
      expect(out[3]).toBe(0);
      expect(Math.abs(out[0] + out[1] + out[2] - 1)).toBeLessThan(1e-12);
      sum0 += out[0];
      sq0 += out[0] * out[0];
    }
    const m = sum0 / n;
    const sd = Math.sqrt(sq0 / n - m * m);
    expect(m).toBeCloseTo(0.6, 2);
    expect(sd).toBeCloseTo(Math.sqrt((0.6 * 0.4) / 51), 2);
  });
});

describe('validation of the geography section', () => {
  const doc = JSON.parse(readFileSync(scenarioFile('baseline.json'), 'utf8')) as JsonObject;
  const check = (override: JsonObject) => {
    try {
      validateScenarioDocument(deepMerge(doc, override), 'x.json', againstModel(baseYearData(history)));
      return [];
    } catch (e) {
      return (e as { problems: Array<{ pointer: string; message: string }> }).problems.map((p) => `${p.pointer}: ${p.message}`);
    }
  };
  it('names an unknown region, shares that do not sum to 1, and a spill backwards', () => {
    expect(check({ geography: { exportsRuCn: [{ id: 'wood_pulp', regionShares: { atlantis: 0.1 } }] } })).toContain('/geography/exportsRuCn/5/regionShares/atlantis: no region has the id "atlantis"');
    expect(check({ geography: { exportsCnRu: [{ id: 'vehicles', baseShare: 0.5 }] } }).some((m) => m.startsWith('/geography/exportsCnRu: the base shares'))).toBe(true);
    expect(check({ geography: { routes: [{ id: 'eastern_polygon_ports', spillTo: 'zabaikalsk_manzhouli' }] } })).toContain('/geography/routes/4/spillTo: must name an existing route later in the list (got "zabaikalsk_manzhouli")');
    expect(check({})).toEqual([]);
  });
  it('a scenario without a geography section has no group, region or route series', () => {
    const { names } = simulate({ ...baseline, geography: undefined } as Scenario, 1, 0);
    expect(names.some((x) => /^(trade\.group|region|route)\./.test(x))).toBe(false);
  });
});

describe('the new library scenarios move the right routes and regions the right way (common seeds)', async () => {
  const runs = 2048;
  const run = async (file: string) => (await runScenario(loadLibraryScenario(file), { runs, workers: 0, history, calibration })).series;
  const base = await run('baseline.json');
  const last = base['trade.turnover'].p50.length - 1;
  const mean = (r: typeof base, name: string, t = last) => r[name].mean[t];

  it('Kazakhstan route opens: it carries cargo; the Eastern Polygon carries less and less goes unserved; national flows unchanged', async () => {
    const k = await run('kazakhstan-route.json');
    expect(k['route.kazakhstan_route.volume'].p50[last]).toBeGreaterThan(0);
    expect(mean(base, 'route.kazakhstan_route.volume')).toBeLessThan(mean(k, 'route.kazakhstan_route.volume'));
    expect(mean(k, 'route.eastern_polygon_ports.volume') + mean(k, 'route.zabaikalsk_manzhouli.volume')).toBeLessThan(mean(base, 'route.eastern_polygon_ports.volume') + mean(base, 'route.zabaikalsk_manzhouli.volume'));
    expect(mean(k, 'route.unserved.volume')).toBeLessThan(mean(base, 'route.unserved.volume'));
    expect(k['trade.exports_ru_cn']).toEqual(base['trade.exports_ru_cn']);
    expect(k['region.kemerovo.exports_to_cn']).toEqual(base['region.kemerovo.exports_to_cn']);
  });

  it('Mongolia corridor built: it carries cargo and less goes unserved', async () => {
    const m = await run('mongolia-corridor.json');
    expect(m['route.mongolia_corridor.volume'].p50[last]).toBeGreaterThan(0);
    expect(mean(m, 'route.unserved.volume')).toBeLessThan(mean(base, 'route.unserved.volume'));
  });

  it('Eastern Polygon stalls: coal, Kuzbass and the Far East lose; the Eastern Polygon carries less, runs fuller and more goes unserved', async () => {
    const e = await run('eastern-polygon-stalls.json');
    expect(e['energy.coal'].p50[last]).toBeLessThan(base['energy.coal'].p50[last]);
    expect(e['region.kemerovo.exports_to_cn'].p50[last]).toBeLessThan(base['region.kemerovo.exports_to_cn'].p50[last]);
    expect(mean(e, 'region.far_east.exports_to_cn')).toBeLessThan(mean(base, 'region.far_east.exports_to_cn'));
    expect(mean(e, 'route.eastern_polygon_ports.volume')).toBeLessThan(mean(base, 'route.eastern_polygon_ports.volume'));
    expect(mean(e, 'route.eastern_polygon_ports.utilisation')).toBeGreaterThanOrEqual(mean(base, 'route.eastern_polygon_ports.utilisation'));
    expect(mean(e, 'route.unserved.volume')).toBeGreaterThan(mean(base, 'route.unserved.volume'));
  });
});

it('base year of the tests comes from the data', () => {
  expect(baseYear).toBe(baseYearData(history).year);
});
