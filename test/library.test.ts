import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, withOverrides, ScenarioError, listSeries } from '../src/index.js';
import { baseYear, scenarioFile } from './helpers.js';

describe('library entry (as a notebook uses it)', () => {
  it('loads, overrides a lever and runs in-process with a typed result', async () => {
    const baseline = loadScenario(scenarioFile('baseline.json'));
    const cheap = withOverrides(baseline, { oil: { anchorUsdPerBarrel: [{ year: baseYear + 2, value: 50 }] } });
    const progress: number[] = [];
    const report = await runScenario(cheap, { runs: 4096, seed: 7, workers: 0, chunkPaths: 1024, onProgress: (p) => progress.push(p.completedPaths) });
    expect(report.years[0]).toBe(baseYear + 1);
    expect(Object.keys(report.series)).toEqual(listSeries(cheap).map((s) => s.name));
    expect(progress).toEqual([1024, 2048, 3072, 4096]);
    const base = await runScenario(baseline, { runs: 4096, seed: 7, workers: 0 });
    const last = report.years.length - 1;
    expect(report.series['oil.brent'].p50[last]).toBeLessThan(base.series['oil.brent'].p50[last]);
  });

  it('rejects a bad override with the JSON pointer', () => {
    const baseline = loadScenario(scenarioFile('baseline.json'));
    expect(() => withOverrides(baseline, { oil: { volatilityLog: 7 } })).toThrow(ScenarioError);
    try {
      withOverrides(baseline, { oil: { volatilityLog: 7 } });
    } catch (e) {
      expect((e as ScenarioError).problems[0]).toMatchObject({ pointer: '/oil/volatilityLog' });
    }
  });

  it('stops when aborted and leaves nothing behind', async () => {
    const baseline = loadScenario(scenarioFile('baseline.json'));
    const controller = new AbortController();
    const run = runScenario(baseline, { runs: 200_000, workers: 0, signal: controller.signal, onProgress: () => controller.abort(new Error('stop')) });
    await expect(run).rejects.toThrow('stop');
  });
});

describe('the public API', () => {
  it('exports what a notebook or batch job needs, and no internals', async () => {
    const api = await import('../src/index.js');
    expect(Object.keys(api).sort()).toEqual(
      ['compareReports', 'comparisonCsv', 'comparisonSpec', 'fanChartSpec', 'formatProblem', 'loadScenario', 'openWorkerPool', 'renderSvg', 'reportFiles', 'reportJson', 'runBatch', 'runScenario', 'ScenarioError', 'listSeries', 'sensitivity', 'sensitivityFiles', 'settlementSharesSpec', 'summaryCsv', 'tidyRows', 'withOverrides', 'writeReportFiles'].sort(),
    );
  });
});
