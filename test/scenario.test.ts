import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/scenario/load.js';
import { ScenarioError, formatProblem } from '../src/scenario/errors.js';
import { deepMerge } from '../src/scenario/merge.js';
import { baseYear, scenarioFile } from './helpers.js';

const baselineText = readFileSync(scenarioFile('baseline.json'), 'utf8');

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'eastward-scn-'));
}

function problemsOf(file: string): string[] {
  try {
    loadScenarioFile(file, { baseYear });
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

describe('scenario loading', () => {
  it('loads the library scenarios', () => {
    for (const name of ['baseline', 'high-oil', 'low-oil-tight-cap', 'secondary-sanctions', 'de-escalation', 'pos2-early', 'pos2-never']) {
      expect(loadScenarioFile(scenarioFile(`${name}.json`), { baseYear }).scenario.id).toBe(name);
    }
  });

  it('names the JSON pointer of a wrong type deep inside', () => {
    const dir = tempDir();
    const doc = JSON.parse(baselineText);
    doc.energy.lng.volumeVolatility = 'high';
    const f = path.join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify(doc, null, 2));
    expect(problemsOf(f)).toEqual([`${f}: /energy/lng/volumeVolatility: must be number (got "high")`]);
  });

  it('reports every problem at once', () => {
    const dir = tempDir();
    const doc = JSON.parse(baselineText);
    doc.oil.volatilityLog = 3;
    doc.sanctions.levers.secondary.paymentFrictionShare = -1;
    delete doc.trade.nonEnergyGdpElasticity;
    doc.trade.surprise = 1;
    doc.sanctions.initialRegime = 'war';
    const f = path.join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify(doc));
    const problems = problemsOf(f);
    expect(problems).toContain(`${f}: /oil/volatilityLog: must be <= 2 (got 3)`);
    expect(problems).toContain(`${f}: /sanctions/levers/secondary/paymentFrictionShare: must be >= 0 (got -1)`);
    expect(problems).toContain(`${f}: /trade/nonEnergyGdpElasticity: is required but missing`);
    expect(problems).toContain(`${f}: /trade/surprise: is not a known property here`);
    expect(problems.some((p) => p.startsWith(`${f}: /sanctions/initialRegime: must be one of`))).toBe(true);
  });

  it('names file, line and column of malformed JSON', () => {
    const dir = tempDir();
    const f = path.join(dir, 'broken.json');
    writeFileSync(f, '{\n  "id": "x",\n  "name": ,\n}');
    const [p] = problemsOf(f);
    expect(p).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:11: invalid JSON`));
  });

  it('checks transition rows and splits sum to 1', () => {
    const dir = tempDir();
    const doc = JSON.parse(baselineText);
    doc.sanctions.transitionMatrix.tightening.secondary = 0.2;
    doc.settlement.nonNationalSplit.other = 0.1;
    const f = path.join(dir, 'sums.json');
    writeFileSync(f, JSON.stringify(doc));
    const problems = problemsOf(f);
    expect(problems).toContain(`${f}: /sanctions/transitionMatrix/tightening: row sums to 1.1; the probabilities of leaving tightening must sum to 1`);
    expect(problems).toContain(`${f}: /settlement/nonNationalSplit: usd + eur + other = 0.8; must be 1`);
  });

  it('rejects a horizon inside the data', () => {
    const dir = tempDir();
    const doc = JSON.parse(baselineText);
    doc.horizon = baseYear;
    const f = path.join(dir, 'h.json');
    writeFileSync(f, JSON.stringify(doc));
    expect(problemsOf(f)).toEqual([`${f}: /horizon: must be after the last data year ${baseYear} (got ${baseYear})`]);
  });

  it('inherits with extends and attributes problems to the file that sets the value', () => {
    const dir = tempDir();
    const parent = path.join(dir, 'parent.json');
    const doc = JSON.parse(baselineText);
    doc.oil.jumpStdLog = 5;
    writeFileSync(parent, JSON.stringify(doc));
    const child = path.join(dir, 'child.json');
    writeFileSync(child, JSON.stringify({ extends: 'parent.json', id: 'child', macro: { rubDriftPctPerYear: 'x' } }));
    const problems = problemsOf(child);
    expect(problems).toContain(`${parent}: /oil/jumpStdLog: must be <= 2 (got 5)`);
    expect(problems).toContain(`${child}: /macro/rubDriftPctPerYear: must be number (got "x")`);
  });

  it('detects extends cycles and missing parents', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ extends: 'b.json', id: 'a' }));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ extends: 'a.json', id: 'b' }));
    expect(problemsOf(path.join(dir, 'a.json'))[0]).toMatch(/\/extends: extends cycle/);
    writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ extends: 'nowhere.json', id: 'c' }));
    expect(problemsOf(path.join(dir, 'c.json'))[0]).toMatch(/c\.json: \/extends: parent scenario not found/);
  });

  it('refuses deeply nested and non-object documents', () => {
    const dir = tempDir();
    const deep = path.join(dir, 'deep.json');
    writeFileSync(deep, `{"id":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(problemsOf(deep)[0]).toMatch(/nested \d+ deep/);
    const arr = path.join(dir, 'arr.json');
    writeFileSync(arr, '[1,2]');
    expect(problemsOf(arr)).toEqual([`${arr}: /: a scenario must be a JSON object`]);
  });
});

describe('deepMerge', () => {
  it('merges objects, replaces paths, merges id-keyed lists by id', () => {
    expect(deepMerge({ a: { b: 1, c: 2 }, p: [1, 2] }, { a: { c: 3 }, p: [9] })).toEqual({ a: { b: 1, c: 3 }, p: [9] });
    expect(deepMerge({ l: [{ id: 'x', v: 1 }, { id: 'y', v: 2 }] }, { l: [{ id: 'y', v: 0 }, { id: 'z', v: 5 }] })).toEqual({
      l: [
        { id: 'x', v: 1 },
        { id: 'y', v: 0 },
        { id: 'z', v: 5 },
      ],
    });
  });
});
