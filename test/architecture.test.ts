import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

/**
 * The layers, lowest first (docs/architecture.md): a module may import from its own folder and from
 * lower layers only. Leaves know nothing of the scenario; the scenario contract knows no economics;
 * the pool knows no model; reports sit above the backtest that judges them.
 */
const LAYER: Readonly<Record<string, number>> = {
  text: 0, data: 0, random: 0, stats: 0, io: 0, workers: 0, 'paths.ts': 0,
  scenario: 1,
  models: 2,
  engine: 3,
  backtest: 4,
  report: 5, sensitivity: 5,
  charts: 6,
  views: 7,
  compare: 8,
  batch: 9,
  queue: 10,
  cli: 11, 'cli.ts': 11, 'index.ts': 11, 'bin.ts': 12,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** The top-level folder (or file) under src/ a path belongs to. */
function unit(file: string): string {
  return path.relative(path.join(root, 'src'), file).split(path.sep)[0];
}

describe('layering', () => {
  it('no import runs against the layers', () => {
    const src = path.join(root, 'src');
    const against: string[] = [];
    for (const file of sourceFiles(src)) {
      const from = unit(file);
      expect(LAYER[from], `${from} has no layer in test/architecture.test.ts`).toBeDefined();
      for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const to = unit(path.resolve(path.dirname(file), m[1]));
        if (to !== from && LAYER[to] > LAYER[from]) against.push(`${path.relative(root, file)} (${from}) imports ${m[1]} (${to})`);
      }
    }
    expect(against).toEqual([]);
  });
});
