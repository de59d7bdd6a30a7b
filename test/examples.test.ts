import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

describe('examples/notebook.ts, as a notebook cell would run it', () => {
  it('loads, overrides a lever, runs 10⁴ paths in-process, reads a series and gets a Vega-Lite spec', () => {
    // `--import tsx` runs the TypeScript as written; `eastward` resolves to this package (dist/).
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('examples', 'notebook.ts')], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(last.series).toBe('energy.pipeline_gas');
    expect(last.unit).toBe('bcm');
    // The lever (Power of Siberia 2 signed early) adds pipeline gas by the last year.
    expect(last.p50).toBeGreaterThan(last.baselineP50);
    expect(last.specMark).toBe(true);
    expect(last.svgBytes).toBeGreaterThan(1000);
    expect(r.stdout).toMatch(/pipeline gas to China in \d{4}: median [\d.]+ bcm/);
  });
});
