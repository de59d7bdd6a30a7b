import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateScenarioDocument } from '../src/scenario/load.js';
import { deepMerge, type JsonObject } from '../src/scenario/merge.js';
import { openWorkerPool, prepareParams, runScenario } from '../src/report/run.js';
import { PathStreams, pathBufferLength, simulatePath } from '../src/engine/kernel.js';
import { reportJson } from '../src/views/reportFiles.js';
import type { Scenario } from '../src/scenario/types.js';
import { BASE_YEAR, fcOptions, validScenario } from './arbitraries.js';
import { history, seriesRow } from './helpers.js';
import { calibrate } from '../src/models/calibration.js';
import { againstModel, baseYearData } from '../src/models/baseState.js';

const calibration = calibrate(history);

const seedAndPath = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 1_000_000 }));

function simulate(s: Scenario, seed: number, pathIndex: number) {
  const { params } = prepareParams(s, { history, calibration });
  const out = new Float64Array(pathBufferLength(params));
  simulatePath(params, seed, pathIndex, new PathStreams(), out);
  const n = params.years.length;
  const at = (name: string, t: number) => out[seriesRow(name) * n + t];
  return { params, out, n, at };
}

describe('generated scenarios', () => {
  it('always pass the schema and the semantic checks (the generator and the schema cannot drift)', () => {
    fc.assert(
      fc.property(validScenario(), (s) => {
        validateScenarioDocument(s, 'generated', againstModel(baseYearData(history)));
      }),
      fcOptions,
    );
  });
});

describe('path invariants over any valid scenario', () => {
  it('every output is finite; shares lie in [0, 1] and sum to 1; volumes within [0, capacity]; trade identities hold', () => {
    fc.assert(
      fc.property(validScenario(), seedAndPath, (s, [seed, pathIndex]) => {
        const { out, n, at } = simulate(s, seed, pathIndex);
        for (const v of out) expect(Number.isFinite(v)).toBe(true);
        for (let t = 0; t < n; t++) {
          const shares = ['settlement.rub', 'settlement.cny', 'settlement.usd', 'settlement.eur', 'settlement.other'] as const;
          let sum = 0;
          for (const name of shares) {
            const v = at(name, t);
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
            sum += v;
          }
          expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-9);
          expect(at('settlement.national', t)).toBeCloseTo(at('settlement.rub', t) + at('settlement.cny', t), 12);
          for (const name of ['energy.crude_oil', 'energy.pipeline_gas', 'energy.lng', 'energy.coal'] as const) expect(at(name, t)).toBeGreaterThanOrEqual(0);
          expect(at('energy.pipeline_gas', t)).toBeLessThanOrEqual(at('energy.pipeline_gas_capacity', t) * (1 + 1e-12));
          expect(at('energy.coal', t)).toBeLessThanOrEqual(at('energy.coal_rail_capacity', t) * (1 + 1e-12));
          const ru = at('trade.exports_ru_cn', t);
          const cn = at('trade.exports_cn_ru', t);
          expect(at('trade.turnover', t)).toBeCloseTo(ru + cn, 9);
          expect(at('trade.balance', t)).toBeCloseTo(ru - cn, 9);
          const regimes = at('sanctions.regime_easing', t) + at('sanctions.regime_status_quo', t) + at('sanctions.regime_tightening', t) + at('sanctions.regime_secondary', t);
          expect(regimes).toBe(1);
        }
      }),
      fcOptions,
    );
  });

  it('removing an infrastructure item never raises the volume of its carrier (same random numbers)', () => {
    fc.assert(
      fc.property(validScenario(), seedAndPath, fc.boolean(), (s, [seed, pathIndex], gas) => {
        const list = gas ? s.energy.pipelineGas.projects : s.energy.lng.plants;
        const future = list.filter((i) => i.startYear.earliest > BASE_YEAR);
        fc.pre(future.length > 0);
        const without = list.map((i) => (i.id === future[0].id ? { ...i, probabilityBuilt: 0 } : i));
        const reduced: Scenario = gas
          ? { ...s, energy: { ...s.energy, pipelineGas: { ...s.energy.pipelineGas, projects: without } } }
          : { ...s, energy: { ...s.energy, lng: { ...s.energy.lng, plants: without } } };
        const a = simulate(s, seed, pathIndex);
        const b = simulate(reduced, seed, pathIndex);
        const name = gas ? 'energy.pipeline_gas' : 'energy.lng';
        for (let t = 0; t < a.n; t++) expect(b.at(name, t)).toBeLessThanOrEqual(a.at(name, t) * (1 + 1e-12) + 1e-12);
      }),
      fcOptions,
    );
  });
});

describe('report invariants', () => {
  const small = validScenario({ maxHorizonYears: 12 });

  it('quantiles are ordered and the mean lies in [min, max]', async () => {
    await fc.assert(
      fc.asyncProperty(small, async (s) => {
        const r = await runScenario(s, { workers: 0, history, calibration });
        // Every series the run wrote (a generated scenario may have no geography section).
        for (const x of Object.values(r.series)) {
          x.mean.forEach((m, t) => {
            expect(x.min[t]).toBeLessThanOrEqual(x.p05[t]);
            expect(x.p05[t]).toBeLessThanOrEqual(x.p10[t]);
            expect(x.p10[t]).toBeLessThanOrEqual(x.p50[t]);
            expect(x.p50[t]).toBeLessThanOrEqual(x.p90[t]);
            expect(x.p90[t]).toBeLessThanOrEqual(x.p95[t]);
            expect(x.p95[t]).toBeLessThanOrEqual(x.max[t]);
            expect(m).toBeGreaterThanOrEqual(x.min[t]);
            expect(m).toBeLessThanOrEqual(x.max[t]);
          });
        }
      }),
      fcOptions,
    );
  });

  it('the report does not depend on the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(small, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 4 }), async (s, runs, blocks) => {
        const a = reportJson(await runScenario(s, { runs, workers: 0, history, calibration }));
        const b = reportJson(await runScenario(s, { runs, workers: 0, chunkPaths: blocks * 1024, history, calibration }));
        expect(b).toBe(a);
      }),
      { ...fcOptions, numRuns: Math.max(20, Math.floor(fcOptions.numRuns / 5)) },
    );
  });

  it('raising the oil anchor never lowers the median energy export value', async () => {
    await fc.assert(
      fc.asyncProperty(small, fc.double({ min: 1, max: 100, noNaN: true }), async (s, raise) => {
        const higher: Scenario = { ...s, oil: { ...s.oil, anchorUsdPerBarrel: s.oil.anchorUsdPerBarrel.map((p) => ({ year: p.year, value: Math.min(500, p.value + raise) })) } };
        const a = await runScenario(s, { workers: 0, history, calibration });
        const b = await runScenario(higher, { workers: 0, history, calibration });
        // "Never lowers" up to floating-point rounding (a rise that barely moves the price can differ by an ulp).
        a.years.forEach((_, t) => {
          const before = a.series['trade.energy_exports_ru_cn'].p50[t];
          expect(b.series['trade.energy_exports_ru_cn'].p50[t]).toBeGreaterThanOrEqual(before - 1e-12 * Math.abs(before));
        });
      }),
      fcOptions,
    );
  });
});

describe('worker invariance', () => {
  it('gives the same report for 1 and 2 worker threads and any chunk size', async () => {
    const one = openWorkerPool(1);
    const two = openWorkerPool(2);
    try {
      await fc.assert(
        fc.asyncProperty(validScenario({ maxHorizonYears: 6 }), fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 1, max: 3 }), async (s, runs, blocks) => {
          const inProcess = reportJson(await runScenario(s, { runs, workers: 0, history, calibration }));
          const a = reportJson(await runScenario(s, { runs, pool: one, history, calibration }));
          const b = reportJson(await runScenario(s, { runs, pool: two, chunkPaths: blocks * 1024, history, calibration }));
          expect(a).toBe(inProcess);
          expect(b).toBe(inProcess);
        }),
        fcOptions,
      );
    } finally {
      await Promise.all([one.destroy(), two.destroy()]);
    }
  });
});

describe('extends laws', () => {
  const json = (s: Scenario) => s as unknown as JsonObject;

  it('a child that overrides nothing equals its parent', () => {
    fc.assert(
      fc.property(validScenario(), (s) => {
        expect(deepMerge(json(s), {})).toEqual(s);
        expect(deepMerge(json(s), { id: s.id })).toEqual(s);
      }),
      fcOptions,
    );
  });

  it('overriding a value and overriding it back is the identity', () => {
    fc.assert(
      fc.property(validScenario(), fc.double({ min: 0, max: 2, noNaN: true }), (s, v) => {
        const there = deepMerge(json(s), { oil: { jumpStdLog: v } });
        const back = deepMerge(there, { oil: { jumpStdLog: s.oil.jumpStdLog } });
        expect(back).toEqual(s);
      }),
      fcOptions,
    );
  });
});
