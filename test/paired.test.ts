import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { prepareParams } from '../src/engine/simulate.js';
import { pairedDifferences } from '../src/engine/variants.js';
import { HEADLINE_SERIES } from '../src/engine/series.js';
import { BASELINE_SERIES, history, loadLibraryScenario, root, scenarioFile } from './helpers.js';

const params = (name: string) => prepareParams(loadLibraryScenario(name), { history }).params;

describe('paired differences (common random numbers)', () => {
  it('a scenario against itself differs by exactly 0 on every path: every quantile 0, never above', async () => {
    const p = params('baseline.json');
    const d = await pairedDifferences(p, p, { runs: 2048, seed: 11 }, { workers: 0 });
    expect(d.years).toEqual(p.years);
    expect(Object.keys(d.series)).toEqual(BASELINE_SERIES.map((s) => s.name));
    for (const s of BASELINE_SERIES) {
      const x = d.series[s.name];
      for (const field of ['mean', 'p10', 'p50', 'p90', 'probabilityAbove'] as const) expect(x[field], `${s.name} ${field}`).toEqual(p.years.map(() => 0));
    }
  });

  it('de-escalation vs baseline: a non-zero paired median for turnover, inside its band', async () => {
    const d = await pairedDifferences(params('baseline.json'), params('de-escalation.json'), { runs: 4096, seed: 3 }, { workers: 0 });
    const t = d.series['trade.turnover'];
    // From the second projected year on, sanctions have had time to move apart.
    for (let k = 1; k < d.years.length; k++) {
      expect(Math.abs(t.p50[k]), `${d.years[k]}`).toBeGreaterThan(0.1);
      expect(t.p10[k]).toBeLessThan(t.p50[k]);
      expect(t.p90[k]).toBeGreaterThan(t.p50[k]);
      expect(t.probabilityAbove[k]).toBeGreaterThan(0);
      expect(t.probabilityAbove[k]).toBeLessThan(1);
    }
    // Easing lets Russian exports rise: above the baseline on most paths by the horizon.
    const ru = d.series['trade.exports_ru_cn'];
    expect(ru.p50[d.years.length - 1]).toBeGreaterThan(0);
    expect(ru.probabilityAbove[d.years.length - 1]).toBeGreaterThan(0.5);
  });

  it('the same numbers in this thread and on a pool of two workers', async () => {
    const [a, b] = [params('baseline.json'), params('high-oil.json')];
    const inThread = await pairedDifferences(a, b, { runs: 3000, seed: 9 }, { workers: 0, chunkPaths: 1024 });
    const onPool = await pairedDifferences(a, b, { runs: 3000, seed: 9 }, { workers: 2 });
    expect(JSON.stringify(onPool)).toBe(JSON.stringify(inThread));
  });

  it('eastward compare writes the paired columns, table and small multiples, the same bytes for any workers; reports read back are unpaired', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eastward-paired-'));
    const cli = path.join(root, 'dist', 'bin.js');
    const compare = (out: string, workers: string, ...inputs: string[]) =>
      spawnSync(process.execPath, [cli, 'compare', ...inputs, '--runs', '2500', '--seed', '4', '--workers', workers, '--out', path.join(dir, out)], { encoding: 'utf8' });
    const inputs = [scenarioFile('baseline.json'), scenarioFile('de-escalation.json'), scenarioFile('baseline.json')];
    const r0 = compare('w0', '0', ...inputs);
    expect(r0.status, r0.stderr).toBe(0);
    const r2 = compare('w2', '2', ...inputs);
    expect(r2.status, r2.stderr).toBe(0);
    const files = ['comparison.csv', 'comparison.md', 'comparison.html', 'charts/compare.trade.turnover.paired.vl.json'];
    for (const f of files) expect(readFileSync(path.join(dir, 'w2', f), 'utf8'), f).toBe(readFileSync(path.join(dir, 'w0', f), 'utf8'));
    expect(r0.stdout).toContain('Paired differences from baseline');
    const rows = parse(readFileSync(path.join(dir, 'w0', 'comparison.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const pairedStats = ['paired_difference_p10', 'paired_difference_p50', 'paired_difference_p90', 'probability_above_reference'];
    // The third input (baseline again) paired with the reference: every paired statistic exactly 0.
    const third = rows.filter((r) => r.scenario === 'baseline' && r.difference_method === 'paired' && pairedStats.includes(r.stat));
    const years = new Set(rows.map((r) => r.year)).size;
    expect(third).toHaveLength(BASELINE_SERIES.length * years * pairedStats.length);
    for (const r of third) expect(r.value, `${r.series} ${r.year} ${r.stat}`).toBe('0');
    expect(rows.filter((r) => r.difference_method === 'reference' && pairedStats.includes(r.stat)).every((r) => r.value === '0')).toBe(true);
    const turnover = (stat: string) => rows.filter((r) => r.scenario === 'de-escalation' && r.series === 'trade.turnover' && r.stat === stat).map((r) => Number(r.value));
    const [p10, p50, p90] = ['paired_difference_p10', 'paired_difference_p50', 'paired_difference_p90'].map(turnover);
    expect(p50.slice(1).every((m, i) => m !== 0 && p10[i + 1] < p90[i + 1])).toBe(true);
    // One paired chart per headline series, a panel per compared scenario; specs compile.
    const html = readFileSync(path.join(dir, 'w0', 'comparison.html'), 'utf8');
    expect(html.match(/<figure class="chart" data-chart="compare\.[^"]+\.paired"/g)).toHaveLength(HEADLINE_SERIES.length);
    const spec = JSON.parse(readFileSync(path.join(dir, 'w0', 'charts', 'compare.trade.turnover.paired.vl.json'), 'utf8')) as TopLevelSpec & { data: { values: Array<{ scenario: string }> } };
    expect(new Set(spec.data.values.map((v) => v.scenario))).toEqual(new Set(['de-escalation − baseline', 'baseline − baseline']));
    expect(compile(spec).spec).toBeDefined();
    // Reports read from disk: today's behaviour, labelled unpaired.
    const run = (id: string) => spawnSync(process.execPath, [cli, 'run', scenarioFile(`${id}.json`), '--runs', '2500', '--seed', '4', '--workers', '0', '--out', path.join(dir, id)], { encoding: 'utf8' });
    expect(run('baseline').status).toBe(0);
    expect(run('de-escalation').status).toBe(0);
    const r3 = spawnSync(process.execPath, [cli, 'compare', path.join(dir, 'baseline'), path.join(dir, 'de-escalation'), '--out', path.join(dir, 'reports')], { encoding: 'utf8' });
    expect(r3.status, r3.stderr).toBe(0);
    expect(r3.stderr).toMatch(/unpaired for de-escalation/);
    expect(r3.stdout).toContain('Differences from baseline (unpaired)');
    const fromReports = parse(readFileSync(path.join(dir, 'reports', 'comparison.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const readBack = fromReports.filter((r) => r.scenario === 'de-escalation');
    expect(readBack.length).toBeGreaterThan(0);
    expect(readBack.every((r) => r.difference_method === 'unpaired' && !r.stat.startsWith('paired_') && r.stat !== 'probability_above_reference')).toBe(true);
  });
});
