import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
// @ts-expect-error: a plain ESM script shared with `npm run contract` (no type declarations)
import { generateContract, generatedFile, generateValidator, validatorFile } from '../scripts/contract.mjs';
import type { InfrastructureItem, Question, RegimeLevers, Scenario } from '../src/scenario/types.js';
import { validationStats } from '../src/scenario/load.js';
import { loadScenario, runScenario } from '../src/index.js';
import { main } from '../src/cli.js';
import { scenarioFile } from './helpers.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

describe('one scenario contract', () => {
  it('the TypeScript types are generated from the JSON Schema and in step with it', async () => {
    // Fails when the schema changed and `npm run contract` was not run (or the file was edited by hand).
    expect(readFileSync(generatedFile as string, 'utf8')).toBe(await (generateContract as () => Promise<string>)());
  });

  it('the precompiled validator is generated from the JSON Schema and in step with it', async () => {
    // Fails when the schema changed and `npm run contract` was not run (or the file was edited by hand).
    expect(readFileSync(validatorFile as string, 'utf8')).toBe(await (generateValidator as () => Promise<string>)());
  });

  it('the derived types say what the schema says (checked by the type-checker)', () => {
    expectTypeOf<Scenario['horizon']>().toEqualTypeOf<number>();
    expectTypeOf<Scenario['trade']['trendDampingPerYear']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RegimeLevers['crudeDiscountPctOfBrent']>().toEqualTypeOf<number>();
    expectTypeOf<InfrastructureItem['startYear']>().toEqualTypeOf<{ readonly earliest: number; readonly latest: number }>();
    expectTypeOf<Question['comparison']>().toEqualTypeOf<'>=' | '>' | '<=' | '<'>();
    expectTypeOf<Scenario['sanctions']['initialRegime']>().toEqualTypeOf<'easing' | 'status_quo' | 'tightening' | 'secondary'>();
    // read-only all the way down
    expectTypeOf<Scenario['energy']['pipelineGas']['projects']>().toEqualTypeOf<ReadonlyArray<InfrastructureItem>>();
  });
});

describe('validation in one place, once per run', () => {
  it('a CLI run validates its scenario once; runScenario on a loaded scenario does not validate again', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'eastward-once-')), 'out');
    const quiet = [vi.spyOn(process.stdout, 'write').mockImplementation(() => true), vi.spyOn(process.stderr, 'write').mockImplementation(() => true)];
    try {
      const before = validationStats.count;
      expect(await main(['run', scenarioFile('baseline.json'), '--runs', '1024', '--out', out, '--no-progress'])).toBe(0);
      expect(validationStats.count - before).toBe(1);
    } finally {
      quiet.forEach((s) => s.mockRestore());
    }
    const loaded = loadScenario(scenarioFile('baseline.json'));
    const afterLoad = validationStats.count;
    await runScenario(loaded, { runs: 1024, workers: 0 });
    expect(validationStats.count).toBe(afterLoad);
    // what was checked is what runs: a validated scenario cannot be changed afterwards
    expect(() => {
      (loaded as { horizon: number }).horizon = 1e6;
    }).toThrow(TypeError);
    // a hand-built object is validated (once) by runScenario itself
    const copy = JSON.parse(JSON.stringify(loaded)) as Scenario;
    const beforeCopy = validationStats.count;
    await runScenario(copy, { runs: 1024, workers: 0 });
    expect(validationStats.count - beforeCopy).toBe(1);
  });
});
