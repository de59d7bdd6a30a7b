import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compile, type TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { withOverrides } from '../src/index.js';
import { baseYearData } from '../src/models/baseState.js';
import { loadCalibration } from '../src/models/calibrationFile.js';
import { sensitivity, STREAM_GROUPS, type SobolResult, type TornadoResult } from '../src/sensitivity/analysis.js';
import { scenarioLevers } from '../src/sensitivity/levers.js';
import { studentTQuantile } from '../src/stats/studentT.js';
import { sensitivityFiles } from '../src/views/sensitivityFiles.js';
import { baseYear, history, loadLibraryScenario, root, scenarioFile } from './helpers.js';
import { places } from './schemaWalk.js';

const baseline = loadLibraryScenario('baseline.json');
const lastYear = baseline.horizon;

/**
 * Oil is the only uncertainty left: no parameter draws, a sanctions regime that never moves, every
 * project certain, no volatility, breaks or ranges anywhere else.
 */
const onlyOil = withOverrides(baseline, {
  id: 'only-oil',
  simulation: { parameterUncertainty: false },
  sanctions: {
    transitionMatrix: {
      easing: { easing: 1, status_quo: 0, tightening: 0, secondary: 0 },
      status_quo: { easing: 0, status_quo: 1, tightening: 0, secondary: 0 },
      tightening: { easing: 0, status_quo: 0, tightening: 1, secondary: 0 },
      secondary: { easing: 0, status_quo: 0, tightening: 0, secondary: 1 },
    },
  },
  macro: { chinaGdpVolatilityPct: 0, russiaGdpVolatilityPct: 0, rubVolatilityLog: 0 },
  energy: {
    pipelineGas: {
      utilisationVolatility: 0,
      overrunMaxShare: 0,
      projects: [
        { id: 'power-of-siberia-uprate', probabilityBuilt: 1, startYear: { earliest: baseYear + 3, latest: baseYear + 3 } },
        { id: 'far-eastern-route', probabilityBuilt: 1, startYear: { earliest: baseYear + 4, latest: baseYear + 4 } },
        { id: 'power-of-siberia-2', probabilityBuilt: 0 },
      ],
    },
    crude: { volumeVolatility: 0, seaborneCapacityUncertaintyShare: 0 },
    lng: { volumeVolatility: 0, plants: [{ id: 'arctic-lng-2', probabilityBuilt: 1, startYear: { earliest: baseYear + 2, latest: baseYear + 2 } }] },
    coal: { demandVolatility: 0, railCapacityUncertaintyShare: 0 },
    breakProbabilityPerYear: 0,
  },
  trade: { nonEnergyVolatility: 0, chineseExportsVolatility: 0, breakProbabilityPerYear: 0 },
  settlement: { logitStepVolatility: 0, ceilingRange: { min: 0.98, max: 0.98 } },
});

describe('Student t quantiles (for estimated parameters at their own P10 and P90)', () => {
  it('match the tables', () => {
    expect(studentTQuantile(0.9, 4)).toBeCloseTo(1.5332, 4);
    expect(studentTQuantile(0.9, 10)).toBeCloseTo(1.3722, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTQuantile(0.9, 0)).toBeCloseTo(1.2816, 4);
    expect(studentTQuantile(0.1, 7)).toBeCloseTo(-studentTQuantile(0.9, 7), 12);
  });
});

describe('levers come from the scenario itself', () => {
  const base = baseYearData(history);
  const found = scenarioLevers(baseline, { calibration: loadCalibration(history, base.year), base });

  it('every number the scenario sets is a lever or is listed as not swung (with the reason)', () => {
    // Not inputs: run settings, questions, notes, the correlation matrix; a year path's years are where it bends (the path's lever scales its values).
    const excluded = /^\/(simulation|questions|horizon|correlation|sources)(\/|$)|\/\d+\/year$/;
    const numbers = places(baseline).filter((p) => typeof p.value === 'number' && !excluded.test(p.pointer)).map((p) => p.pointer);
    const accounted = new Set([...found.levers.flatMap((l) => l.lever.pointers), ...found.skipped.flatMap((s) => s.pointers)]);
    const unaccounted = numbers.filter((p) => !accounted.has(p));
    expect(unaccounted, unaccounted.join(', ')).toEqual([]);
    expect(found.skipped.every((s) => s.reason.length > 0)).toBe(true);
    expect(found.levers.length).toBeGreaterThan(80);
  });

  it('numbers left to the calibration and every estimated parameter are levers too; swings stay in bounds', () => {
    const ids = found.levers.map((l) => l.lever.id);
    expect(ids).toContain('/oil/anchorUsdPerBarrel');
    expect(ids).toContain('/oil/volatilityLog'); // not set by the baseline: the calibrated value, read back
    expect(ids).toContain('/energy/pipelineGas/projects/power-of-siberia-2/probabilityBuilt');
    expect(ids).toContain('/energy/pipelineGas/projects/power-of-siberia-2/startYear');
    expect(ids.filter((id) => id.startsWith('estimated ')).length).toBe(found.params.uncertainParameters.length);
    for (const { lever } of found.levers) {
      expect(lever.low, lever.id).toBeLessThanOrEqual(lever.base);
      expect(lever.high, lever.id).toBeGreaterThanOrEqual(lever.base);
      expect(lever.low < lever.base || lever.high > lever.base, lever.id).toBe(true);
    }
    const anchor = found.levers.find((l) => l.lever.id === '/oil/anchorUsdPerBarrel')!;
    expect(anchor.high.logAnchorUsdPerBarrel[0] - anchor.low.logAnchorUsdPerBarrel[0]).toBeCloseTo(Math.log(1.2 / 0.8), 9);
  });
});

describe('tornado', () => {
  let r: TornadoResult;
  beforeAll(async () => {
    r = (await sensitivity(baseline, { method: 'tornado', series: ['trade.exports_ru_cn', 'oil.brent'], years: [Math.min(baseYear + 6, lastYear), lastYear], runs: 512, seed: 3, workers: 2, history })) as TornadoResult;
  }, 300_000);

  it('has the signs the model implies: a higher oil anchor raises Brent and Russian exports', () => {
    for (const o of r.outputs) {
      const bar = o.bars.find((b) => b.lever === '/oil/anchorUsdPerBarrel')!;
      expect(bar.high.p50, `${o.series} ${o.year}`).toBeGreaterThan(0);
      expect(bar.low.p50, `${o.series} ${o.year}`).toBeLessThan(0);
    }
    // Brent depends only on the oil block: no sanctions lever moves it.
    const brent = r.outputs.find((o) => o.series === 'oil.brent')!;
    expect(brent.bars.filter((b) => b.lever.startsWith('/sanctions/')).every((b) => b.effect === 0)).toBe(true);
  });

  it('sorts bars by effect and states its cost in model evaluations', () => {
    for (const o of r.outputs) for (let i = 1; i < o.bars.length; i++) expect(o.bars[i - 1].effect).toBeGreaterThanOrEqual(o.bars[i].effect);
    expect(r.evaluations).toBe(r.runs * (2 * r.levers.length + 1));
  });
});

describe('Sobol indices', () => {
  it('when oil is the only uncertainty, oil carries the variance (total ≥ 0.95) and every other index is 0 within its interval', async () => {
    const r = (await sensitivity(onlyOil, { method: 'sobol', series: ['trade.exports_ru_cn', 'oil.brent'], years: [lastYear], runs: 4096, seed: 2, workers: 0, history })) as SobolResult;
    expect(r.evaluations).toBe(4096 * (STREAM_GROUPS.length + 2));
    for (const o of r.outputs) {
      expect(o.indices, o.series).not.toBeNull();
      for (const g of o.indices!) {
        if (g.group === 'oil') {
          expect(g.total.estimate, o.series).toBeGreaterThanOrEqual(0.95);
          expect(g.total.low).toBeLessThanOrEqual(g.total.estimate);
          expect(g.total.high).toBeGreaterThanOrEqual(g.total.estimate);
          continue;
        }
        for (const x of [g.first, g.total]) {
          expect(Math.abs(x.estimate), `${o.series} ${g.group}`).toBeLessThan(0.01);
          expect(x.low, `${o.series} ${g.group}`).toBeLessThanOrEqual(0);
          expect(x.high, `${o.series} ${g.group}`).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it('on the baseline: intervals hold their estimates, the same bytes on two workers as in this thread', async () => {
    const options = { method: 'sobol', series: ['energy.pipeline_gas', 'trade.turnover'], years: [lastYear], runs: 2048, seed: 5, history } as const;
    const a = (await sensitivity(baseline, { ...options, workers: 0 })) as SobolResult;
    const b = (await sensitivity(baseline, { ...options, workers: 2 })) as SobolResult;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const gas = a.outputs.find((o) => o.series === 'energy.pipeline_gas')!;
    // Whether and when the pipelines come is what spreads pipeline gas at the horizon.
    const top = [...gas.indices!].sort((x, y) => y.total.estimate - x.total.estimate)[0];
    expect(top.group).toBe('infrastructure');
    for (const o of a.outputs) for (const g of o.indices!) {
      expect(g.total.low).toBeLessThanOrEqual(g.total.high);
      expect(g.total.estimate).toBeGreaterThanOrEqual(0);
    }
    const files = await sensitivityFiles(a);
    for (const [name, text] of Object.entries(files).filter(([n]) => n.endsWith('.vl.json'))) expect(compile(JSON.parse(text) as TopLevelSpec).spec, name).toBeDefined();
    expect(files['sensitivity.md']).toContain('model evaluations');
  }, 120_000);
});

describe('sensitivity as a library call', () => {
  it('refuses bad options and unknown outputs with a ScenarioError naming them, before any work', async () => {
    await expect(sensitivity(baseline, { runs: 0 })).rejects.toThrow(/\/runs: must be a whole number/);
    await expect(sensitivity(baseline, { method: 'morris' as never })).rejects.toThrow(/\/method: must be "tornado" or "sobol"/);
    await expect(sensitivity(baseline, { series: ['trade.nonsense'] })).rejects.toThrow(/unknown series "trade.nonsense"/);
    await expect(sensitivity(baseline, { years: [baseYear] })).rejects.toThrow(new RegExp(`${baseYear} is not a projected year`));
  });
});

describe('eastward sensitivity', () => {
  it('writes sensitivity.json, .md, .html and charts; a bad series exits 2 naming it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eastward-sens-'));
    const cli = path.join(root, 'dist', 'bin.js');
    const r = spawnSync(process.execPath, [cli, 'sensitivity', scenarioFile('baseline.json'), '--method', 'sobol', '--runs', '1024', '--series', 'trade.turnover', '--years', String(lastYear), '--workers', '0', '--out', dir, '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.sensitivity.method).toBe('sobol');
    for (const f of ['sensitivity.json', 'sensitivity.md', 'sensitivity.html', `charts/sensitivity.trade.turnover.${lastYear}.vl.json`, `charts/sensitivity.trade.turnover.${lastYear}.svg`]) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'sensitivity.json'), 'utf8'))).toEqual(doc.sensitivity);
    const bad = spawnSync(process.execPath, [cli, 'sensitivity', scenarioFile('baseline.json'), '--series', 'trade.nonsense', '--out', path.join(dir, 'bad')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('trade.nonsense');
    expect(existsSync(path.join(dir, 'bad'))).toBe(false);
  });
});
