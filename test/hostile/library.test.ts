import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, withOverrides, ScenarioError, type Scenario, type RunOptions } from '../../src/index.js';
import { scenarioFile } from '../helpers.js';

const baseline = loadScenario(scenarioFile('baseline.json'));

/** A copy of the baseline with `change` applied to a plain (mutable) clone. */
function spoiled(change: (doc: any) => void): Scenario {
  const doc = structuredClone(baseline) as any;
  change(doc);
  return doc as Scenario;
}

/**
 * Expect runScenario to reject with a ScenarioError naming `pointer`, before any work (no
 * progress reported), and to settle at all: a run that never settles fails after 30 s instead of
 * hanging the suite.
 */
async function expectRejected(scenario: unknown, options: unknown, pointer: string): Promise<ScenarioError> {
  let progressed = false;
  const opts = { workers: 0, runs: 2048, ...(options as object), onProgress: () => (progressed = true) } as RunOptions;
  const settled = runScenario(scenario as Scenario, options === null ? (null as unknown as RunOptions) : opts).then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(new Error('never settled')), 30_000)));
  const error = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  expect(error, String(error)).toBeInstanceOf(ScenarioError);
  const problems = (error as ScenarioError).problems;
  expect(problems.map((p) => p.pointer), (error as Error).message).toContain(pointer);
  expect(progressed).toBe(false);
  return error as ScenarioError;
}

describe('runScenario validates what a notebook hands it, with the checks the CLI uses', () => {
  it('null, a half-built object and null options are ScenarioErrors, not TypeErrors', async () => {
    await expectRejected(null, {}, '');
    const half = await expectRejected({ id: 'half' }, {}, '/horizon');
    expect(half.problems[0].file).toBe('scenario "half"');
    await expectRejected(baseline, null, '');
  });

  it('a probability given as the string "0.82" is refused, not compared as NaN', async () => {
    await expectRejected(spoiled((d) => (d.sanctions.transitionMatrix.easing.easing = '0.82')), {}, '/sanctions/transitionMatrix/easing/easing');
  });

  it('an unknown comparison or sampling, a fractional or huge horizon and an id that is a path are refused', async () => {
    await expectRejected(spoiled((d) => (d.questions[0].comparison = '==')), {}, '/questions/0/comparison');
    await expectRejected(spoiled((d) => (d.simulation.sampling = 'quasi')), {}, '/simulation/sampling');
    await expectRejected(spoiled((d) => (d.horizon = 2030.5)), {}, '/horizon');
    await expectRejected(spoiled((d) => (d.horizon = 1e6)), {}, '/horizon');
    await expectRejected(spoiled((d) => (d.id = '../../evil')), {}, '/id');
  });

  it('options: workers NaN settles, chunkPaths NaN, sampling "quasi", fractional runs, a seed out of range', async () => {
    await expectRejected(baseline, { workers: Number.NaN, runs: 50_000 }, '/workers');
    await expectRejected(baseline, { chunkPaths: Number.NaN }, '/chunkPaths');
    await expectRejected(baseline, { sampling: 'quasi' }, '/sampling');
    await expectRejected(baseline, { runs: 10.5 }, '/runs');
    await expectRejected(baseline, { seed: -1 }, '/seed');
  });

  it('__proto__ as an own key (JSON.parse makes one) is refused in scenarios and overrides', async () => {
    const hidden = JSON.parse(JSON.stringify(baseline).replace('"oil":{', '"oil":{"__proto__":{"volatilityLog":1.9},'));
    await expectRejected(hidden, {}, '/oil/__proto__');
    expect(() => withOverrides(baseline, JSON.parse('{"oil": {"__proto__": {"volatilityLog": 1.9}}}'))).toThrow(ScenarioError);
  });

  it('a scenario that would not load from a file is not blamed on the model', async () => {
    const e = await expectRejected(spoiled((d) => (d.oil.jumpStdLog = Number.POSITIVE_INFINITY)), {}, '/oil/jumpStdLog');
    expect(e.message).not.toMatch(/defect|please report|got null/);
    expect(e.message).toContain('Infinity');
  });
});
