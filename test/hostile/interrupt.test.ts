import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { scenarioFile } from '../helpers.js';
import { eastwardInProcess, tempDir } from './harness.js';

// Ctrl-C lands while the charts are rendered (after the simulation, before any rename): the first
// render delivers SIGINT to the process, exactly there and without any timing.
vi.mock('../../src/charts/render.js', () => ({
  preloadRenderer: () => undefined,
  renderSvg: async () => {
    process.emit('SIGINT');
    return '<svg xmlns="http://www.w3.org/2000/svg"/>';
  },
}));

describe('interrupts are honoured until the last rename', () => {
  it('Ctrl-C in the write phase of run: exit 130 and nothing written', async () => {
    const out = path.join(tempDir('sigint'), 'out');
    const r = await eastwardInProcess(['run', scenarioFile('baseline.json'), '--runs', '1024', '--out', out, '--no-progress']);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('interrupted: no report written');
    expect(existsSync(out)).toBe(false);
  });

  it('Ctrl-C in the write phase of batch: exit 130, no report folder and no index', async () => {
    const out = path.join(tempDir('sigint-batch'), 'out');
    const r = await eastwardInProcess(['batch', scenarioFile('baseline.json'), '--out', out, '--runs', '1024', '--workers', '0']);
    expect(r.code, r.stderr).toBe(130);
    expect(existsSync(path.join(out, 'baseline'))).toBe(false);
    expect(existsSync(path.join(out, 'index.html'))).toBe(false);
  });
});
