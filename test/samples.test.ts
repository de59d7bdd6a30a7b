import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SAMPLES_CSV_COLUMNS } from '../src/views/samples.js';
import { BASELINE_SERIES, root, scenarioFile } from './helpers.js';

describe('eastward run --samples', () => {
  it('writes the run\'s own first paths, tidy, the same bytes for any workers; their mean is the report\'s', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eastward-samples-'));
    const cli = path.join(root, 'dist', 'bin.js');
    // 1100 paths: two summary blocks, the second short, and two chunks on two workers (a chunk is at
    // least one 1024-path block); every path of the run is in samples.csv (~400 rows a path).
    const runs = 1100;
    const run = (out: string, workers: string, samples: string) => spawnSync(process.execPath, [cli, 'run', scenarioFile('baseline.json'), '--runs', String(runs), '--seed', '8', '--workers', workers, '--samples', samples, '--out', path.join(dir, out), '--quiet'], { encoding: 'utf8' });
    for (const [out, workers] of [['w0', '0'], ['w2', '2']]) expect(run(out, workers, String(runs)).status).toBe(0);
    const text = readFileSync(path.join(dir, 'w0', 'samples.csv'), 'utf8');
    expect(readFileSync(path.join(dir, 'w2', 'samples.csv'), 'utf8')).toBe(text);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual([...SAMPLES_CSV_COLUMNS]);
    const report = JSON.parse(readFileSync(path.join(dir, 'w0', 'report.json'), 'utf8'));
    const years: number[] = report.years;
    const series = rows.filter((r) => r.year !== '');
    expect(series).toHaveLength(runs * BASELINE_SERIES.length * years.length);
    // Every path of the run is here: the mean of the samples is the report's mean.
    for (const name of ['trade.turnover', 'energy.pipeline_gas', 'settlement.national']) {
      const t = years.length - 1;
      const values = series.filter((r) => r.variable === name && Number(r.year) === years[t]).map((r) => Number(r.value));
      expect(values).toHaveLength(runs);
      expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(report.series[name].mean[t], 6);
    }
    // What each path drew: once per path, with a unit; the project ids name the infrastructure draws.
    const inputs = rows.filter((r) => r.year === '' && r.path === '0').map((r) => r.variable);
    expect(inputs).toContain('range.settlementCeiling');
    expect(inputs).toContain('pipelineGas.power-of-siberia-2.built');
    expect(inputs.some((v) => v.startsWith('parameter.trade.'))).toBe(true);
    expect(rows.every((r) => r.unit !== '')).toBe(true);
    const fewer = run('few', '0', '3');
    expect(fewer.status).toBe(0);
    expect(new Set((parse(readFileSync(path.join(dir, 'few', 'samples.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>).map((r) => r.path))).toEqual(new Set(['0', '1', '2']));
    expect(run('bad', '0', '0').status).toBe(2);
  });
});
