import { describe, expect, it } from 'vitest';
import { seriesOf, seriesWriter } from '../src/engine/series.js';
import { modelStructure, seriesValue, type YearValues } from '../src/models/series.js';
import { REGIMES } from '../src/scenario/types.js';
import { loadLibraryScenario } from './helpers.js';

/** A stand-in for a path's year: every field reads as a number of its own (a hash of its path). */
function fakeYear(regime: number): YearValues {
  const node = (path: string): unknown =>
    new Proxy(
      {},
      {
        get: (_, key) => {
          if (key === Symbol.toPrimitive) return () => [...path].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 1_000_003, 7) / 97;
          if (path === '' && key === 'regime') return regime;
          return node(`${path}/${String(key)}`);
        },
      },
    );
  return node('') as YearValues;
}

describe('the generated series writer', () => {
  const structures = {
    'with geography (baseline)': modelStructure(loadLibraryScenario('baseline.json')),
    'without geography': { regimes: REGIMES, geography: null },
  };
  for (const [label, structure] of Object.entries(structures)) {
    it(`writes every series' value, as its definition reads it, into its own row (${label})`, () => {
      const series = seriesOf(structure);
      const years = 3;
      const out = new Float64Array(series.length * years).fill(Number.NaN);
      const write = seriesWriter(structure);
      for (let t = 0; t < years; t++) write(fakeYear(t % REGIMES.length), out, years, t);
      for (let t = 0; t < years; t++) {
        const year = fakeYear(t % REGIMES.length);
        series.forEach((s, row) => expect(out[row * years + t], `${s.name}, year ${t}`).toBe(Number(seriesValue(s, year))));
      }
      // Plain fields give distinct numbers: a writer putting two series in one row would show here.
      const firstYear = series.map((_, row) => out[row * years]);
      const plain = series.filter((s) => s.read !== undefined).length;
      expect(new Set(firstYear).size).toBeGreaterThanOrEqual(plain);
    });
  }

  it('is generated once per structure', () => {
    const structure = modelStructure(loadLibraryScenario('baseline.json'));
    expect(seriesWriter(structure)).toBe(seriesWriter(structure));
  });
});
