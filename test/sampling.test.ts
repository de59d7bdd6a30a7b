import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { RandomStream } from '../src/random/stream.js';
import { choleskyPsd } from '../src/stats/cholesky.js';
import { runScenario, prepareParams } from '../src/report/run.js';
import { PathStreams, pathBufferLength, simulatePath } from '../src/engine/kernel.js';
import { withOverrides } from '../src/index.js';
import { main } from '../src/cli.js';
import { sampleCorrelation } from 'simple-statistics';
import { loadLibraryScenario, scenarioFile, seriesRow } from './helpers.js';

const baseline = loadLibraryScenario('baseline.json');

describe('antithetic sampling', () => {
  it('a mirrored stream gives 1 − u and −z', () => {
    const a = new RandomStream(5, 3, 1);
    const b = new RandomStream(5, 3, 1, true);
    for (let i = 0; i < 100; i++) expect(b.uniform()).toBeCloseTo(1 - a.uniform(), 15);
    const c = new RandomStream(5, 4, 1);
    const d = new RandomStream(5, 4, 1, true);
    for (let i = 0; i < 100; i++) expect(d.normal()).toBeCloseTo(-c.normal(), 12);
  });

  it('pairs paths: the second path of a pair mirrors the first', () => {
    // Parameter draws off: they are mirrored too, but a redrawn bound or the t scale breaks exact symmetry.
    const s = withOverrides(baseline, { simulation: { sampling: 'antithetic', parameterUncertainty: false }, oil: { jumpProbabilityPerYear: 0 } });
    const { params } = prepareParams(s);
    const n = params.years.length;
    const a = new Float64Array(pathBufferLength(params));
    const b = new Float64Array(pathBufferLength(params));
    simulatePath(params, 9, 6, new PathStreams(), a);
    simulatePath(params, 9, 7, new PathStreams(), b);
    // With no jumps, log Brent deviates from its central path by x_t and −x_t.
    const calm = new Float64Array(pathBufferLength(params));
    simulatePath({ ...params, shocks: false, oil: { ...params.oil, shocks: false } }, 9, 6, new PathStreams(), calm);
    const row = seriesRow('oil.brent') * n;
    for (let t = 0; t < n; t++) {
      expect(Math.log(a[row + t] / calm[row + t])).toBeCloseTo(-Math.log(b[row + t] / calm[row + t]), 9);
    }
  });

  it('narrows the standard error of mean Brent on the same budget, and reports it by batch means', async () => {
    const runs = 16 * 1024;
    const indep = await runScenario(baseline, { runs, seed: 4, workers: 0 });
    const anti = await runScenario(baseline, { runs, seed: 4, workers: 0, sampling: 'antithetic' });
    expect(anti.sampling.method).toBe('antithetic');
    expect(anti.convergence.meanStandardErrorMethod).toMatch(/batch means/);
    const t = 0;
    expect(anti.convergence.series['oil.brent'].meanStandardError[t]).toBeLessThan(indep.convergence.series['oil.brent'].meanStandardError[t]);
  });
});

describe('convergence section', () => {
  it('states the standard errors and the runs a target needs', async () => {
    const runs = 8 * 1024;
    const r = await runScenario(withOverrides(baseline, { simulation: { targetRelativeError: 0.001 } }), { runs, seed: 2, workers: 0 });
    const c = r.convergence.series['trade.turnover'];
    const t = r.years.length - 1;
    const mean = r.series['trade.turnover'].mean[t];
    const se = r.series['trade.turnover'].sd[t] / Math.sqrt(runs);
    expect(c.meanStandardError[t]).toBeCloseTo(se, 12);
    expect(c.runsForTarget[t]).toBe(Math.ceil(runs * (se / (0.001 * mean)) ** 2));
    expect(c.p50StandardError[t]).toBeGreaterThan(0);
    expect(c.p90StandardError[t]).toBeGreaterThan(0);
    expect(r.convergence.targetRelativeError).toBe(0.001);
  });
});

describe('correlated drivers', () => {
  const drivers = ['oil', 'chinaGdp', 'russiaGdp', 'rub'] as const;
  function matrix(pairs: Record<string, number>) {
    return Object.fromEntries(drivers.map((a) => [a, Object.fromEntries(drivers.map((b) => [b, a === b ? 1 : (pairs[`${a}-${b}`] ?? pairs[`${b}-${a}`] ?? 0)]))]));
  }

  it('factors a PSD matrix and finds where a non-PSD one fails', () => {
    const ok = choleskyPsd([
      [1, 0.5],
      [0.5, 1],
    ]);
    expect(ok.ok && Array.from(ok.lower)).toEqual([1, 0, 0.5, Math.sqrt(0.75)]);
    const singular = choleskyPsd([
      [1, 1],
      [1, 1],
    ]);
    expect(singular.ok).toBe(true);
    const bad = choleskyPsd([
      [1, 0.9, 0.9],
      [0.9, 1, -0.9],
      [0.9, -0.9, 1],
    ]);
    expect(bad).toMatchObject({ ok: false, failedRow: 2 });
  });

  it('draws shocks with the requested correlation (oil and China growth at 0.8)', () => {
    const s = withOverrides(baseline, { correlation: matrix({ 'oil-chinaGdp': 0.8 }) as never, oil: { jumpProbabilityPerYear: 0 } });
    const { params } = prepareParams(s);
    const n = params.years.length;
    const out = new Float64Array(pathBufferLength(params));
    const streams = new PathStreams();
    const logBrent: number[] = [];
    const growth: number[] = [];
    for (let path = 0; path < 4000; path++) {
      simulatePath(params, 1, path, streams, out);
      logBrent.push(Math.log(out[seriesRow('oil.brent') * n]));
      growth.push(out[seriesRow('macro.china_gdp_growth') * n]);
    }
    // First year: ln Brent = constant + σ·z_oil; China growth = path + σ_CN·z_CN.
    expect(sampleCorrelation(logBrent, growth)).toBeGreaterThan(0.75);
    expect(sampleCorrelation(logBrent, growth)).toBeLessThan(0.85);
  });

  it('eastward validate rejects a matrix that is not PSD, naming the entries', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eastward-corr-'));
    const doc = JSON.parse(readFileSync(scenarioFile('baseline.json'), 'utf8'));
    doc.correlation = matrix({ 'oil-chinaGdp': 0.9, 'oil-russiaGdp': 0.9, 'chinaGdp-russiaGdp': -0.9 });
    const file = path.join(dir, 'corr.json');
    writeFileSync(file, JSON.stringify(doc));
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
      stderr += String(c);
      return true;
    });
    const code = await main(['validate', file]);
    spy.mockRestore();
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}: /correlation/russiaGdp: the correlation matrix is not positive semi-definite: /correlation/russiaGdp/oil = 0.9, /correlation/russiaGdp/chinaGdp = -0.9 cannot hold together`);
  });

  it('rejects an asymmetric matrix or a diagonal other than 1', async () => {
    const m = matrix({ 'oil-rub': -0.5 }) as Record<string, Record<string, number>>;
    m.rub.oil = -0.4;
    m.chinaGdp.chinaGdp = 0.9;
    expect(() => withOverrides(baseline, { correlation: m as never })).toThrow(/\/correlation\/chinaGdp\/chinaGdp: a driver's correlation with itself must be 1 \(got 0\.9\)/);
    expect(() => withOverrides(baseline, { correlation: m as never })).toThrow(/\/correlation\/oil\/rub: must equal \/correlation\/rub\/oil \(-0\.5 vs -0\.4\)/);
  });
});
