import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
// @ts-expect-error: a plain ESM script shared with `npm run contract` (no type declarations)
import { generateContract, generatedFile } from '../scripts/contract.mjs';
import type { InfrastructureItem, Question, RegimeLevers, Scenario } from '../src/scenario/types.js';

describe('one scenario contract', () => {
  it('the TypeScript types are generated from the JSON Schema and in step with it', async () => {
    // Fails when the schema changed and `npm run contract` was not run (or the file was edited by hand).
    expect(readFileSync(generatedFile as string, 'utf8')).toBe(await (generateContract as () => Promise<string>)());
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
