import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binOf, binValue, countInto, DEFAULT_LAYOUT as L, quantileFromCounts } from '../src/stats/logHistogram.js';
import { BINNING, BLOCK_PATHS, ChunkAccumulator, RunAccumulator } from '../src/stats/summary.js';
import { RandomStream } from '../src/random/stream.js';

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

describe('log-binned histogram', () => {
  it('maps a value to a bin whose representative is within the relative accuracy', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.boolean(), (m, negative) => {
        const x = negative ? -m : m;
        const v = binValue(L, binOf(L, x));
        expect(Math.abs(v - x)).toBeLessThanOrEqual(L.relativeAccuracy * Math.abs(x) * (1 + 1e-9));
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('orders bins like values', () => {
    expect(binOf(L, -5)).toBeLessThan(binOf(L, -1));
    expect(binOf(L, -1e-9)).toBe(binOf(L, 0));
    expect(binOf(L, 0)).toBeLessThan(binOf(L, 1e-3));
    expect(binOf(L, 1)).toBeLessThan(binOf(L, 2));
  });

  it('gives quantiles within the stated accuracy of the exact ones on a sortable sample', () => {
    const rng = new RandomStream(1, 0, 0);
    const sample = Array.from({ length: 20_000 }, () => 100 * Math.exp(0.4 * rng.normal()) - 60); // mixed signs
    const counts = new Uint32Array(L.binCount);
    for (const x of sample) counts[binOf(L, x)]++;
    const sorted = [...sample].sort((a, b) => a - b);
    for (const q of [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]) {
      const exact = exactQuantile(sorted, q);
      const approx = quantileFromCounts(L, counts, 0, sample.length, q, sorted[0], sorted[sorted.length - 1]);
      expect(Math.abs(approx - exact)).toBeLessThanOrEqual(L.relativeAccuracy * Math.abs(exact) + 1e-6);
    }
  });

  it('counts a run of values into the bins binOf gives, one by one (x or 1 − x)', () => {
    // Every kind of double: zero and both signs, below the least magnitude, beyond the greatest,
    // bin edges, NaN and infinities (counted in the zero bin and the outermost bins as binOf does).
    const special = [0, -0, 1e-7, -1e-7, 1e-6, 1e6, -1e6, 1e300, -1e300, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, L.upperEdges[100], -L.upperEdges[2000], 1, 1 - 1e-16];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constantFrom(...special)), { maxLength: 60 }), fc.boolean(), fc.nat(3), (xs, complement, from) => {
        const values = Float64Array.from([...Array(from).fill(42), ...xs]);
        const offset = 7;
        const expected = new Uint32Array(offset + L.binCount);
        for (const x of xs) expected[offset + binOf(L, complement ? 1 - x : x)]++;
        const counts = new Uint32Array(offset + L.binCount);
        countInto(L, values, from, xs.length, complement, counts, offset);
        // Bins where the two differ (a plain loop: a deep comparison of 5 536 entries per run is slow).
        const differing: number[] = [];
        for (let b = 0; b < counts.length; b++) if (counts[b] !== expected[b]) differing.push(b);
        expect(differing).toEqual([]);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('returns a constant sample exactly', () => {
    const counts = new Uint32Array(L.binCount);
    counts[binOf(L, 244.81)] = 7;
    expect(quantileFromCounts(L, counts, 0, 7, 0.5, 244.81, 244.81)).toBe(244.81);
  });
});

describe('run accumulator', () => {
  function chunk(values: number[][], startPath: number, endPath: number) {
    const firstBlock = startPath / BLOCK_PATHS;
    const acc = new ChunkAccumulator(1, firstBlock, Math.ceil((endPath - startPath) / BLOCK_PATHS));
    for (let first = startPath; first < endPath; first += BLOCK_PATHS) {
      const count = Math.min(BLOCK_PATHS, endPath - first);
      acc.addBlock(first / BLOCK_PATHS, Float64Array.from({ length: count }, (_, i) => values[first + i][0]), BLOCK_PATHS, count);
    }
    return acc.result();
  }

  it('gives the same bytes for any chunking and arrival order', () => {
    const rng = new RandomStream(3, 0, 0);
    const n = 5 * BLOCK_PATHS + 17;
    const values = Array.from({ length: n }, () => [50 + 10 * rng.normal()]);
    const whole = new RunAccumulator(1);
    whole.add(chunk(values, 0, n));
    const split = new RunAccumulator(1);
    const parts = [chunk(values, 3 * BLOCK_PATHS, n), chunk(values, 0, BLOCK_PATHS), chunk(values, BLOCK_PATHS, 3 * BLOCK_PATHS)];
    for (const part of parts) split.add(part);
    expect(split.complete).toBe(true);
    expect(split.cell(0)).toEqual(whole.cell(0));
    // and the moments are right
    const mean = values.reduce((a, v) => a + v[0], 0) / n;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v[0] - mean) ** 2, 0) / (n - 1));
    expect(whole.cell(0).mean).toBeCloseTo(mean, 10);
    expect(whole.cell(0).sd).toBeCloseTo(sd, 10);
  });

  it('keeps memory fixed: a chunk\'s summary does not grow with its paths', () => {
    const empty = new ChunkAccumulator(3, 0, 1);
    const before = empty.result().buffer.byteLength;
    const acc = new ChunkAccumulator(3, 0, 1);
    const block = new Float64Array(3 * BLOCK_PATHS);
    for (let i = 0; i < BLOCK_PATHS; i++) {
      block[i] = i;
      block[BLOCK_PATHS + i] = -i;
      block[2 * BLOCK_PATHS + i] = i * 1e3;
    }
    acc.addBlock(0, block, BLOCK_PATHS, BLOCK_PATHS);
    // At most one non-empty bin per value and cell, bounded by the fixed grid, never by paths:
    // here the 1024 values of each cell spread over at most 2 × (bins per sign) + 1 bins.
    const bytes = acc.result().buffer.byteLength;
    expect(bytes).toBeGreaterThan(before);
    expect(bytes).toBeLessThanOrEqual(before + 2 * 4 * 3 * Math.min(BLOCK_PATHS, 5529));
  });
});

describe('complement binning for shares near 1', () => {
  it('keeps quantiles of a share crowding against 0.98 within 0.5 % of their distance from 1, where plain binning cannot', () => {
    const rng = new RandomStream(3, 0, 0);
    // Shares in [0.95, 0.98), most of them close to the ceiling.
    const sample = Array.from({ length: 3 * BLOCK_PATHS }, () => 0.98 - 0.03 * rng.uniform() ** 4);
    const sorted = [...sample].sort((a, b) => a - b);
    const run = (flags?: Uint8Array) => {
      const chunk = new ChunkAccumulator(1, 0, 3, L, flags);
      for (let b = 0; b < 3; b++) chunk.addBlock(b, Float64Array.from(sample.slice(b * BLOCK_PATHS, (b + 1) * BLOCK_PATHS)), BLOCK_PATHS, BLOCK_PATHS);
      const acc = new RunAccumulator(1, L, flags);
      acc.add(chunk.result());
      return acc;
    };
    const complement = run(Uint8Array.of(BINNING.complement));
    const plain = run();
    let plainWorst = 0;
    for (const q of [0.05, 0.1, 0.5, 0.9, 0.95]) {
      const exact = exactQuantile(sorted, q);
      // Rank ⌊q(n−1)⌋ of x is rank n−1−⌊q(n−1)⌋ of 1−x: the same order statistic, read from the other end.
      expect(Math.abs(complement.quantile(0, q) - exact), `q=${q}`).toBeLessThanOrEqual(L.relativeAccuracy * (1 - exact) + 1e-12);
      plainWorst = Math.max(plainWorst, Math.abs(plain.quantile(0, q) - exact));
    }
    // Plain binning is off by up to 0.5 % of 0.98 ≈ 0.005: the whole band.
    expect(plainWorst).toBeGreaterThan(10 * L.relativeAccuracy * (1 - 0.95));
    // Moments do not depend on binning.
    expect(complement.cell(0).mean).toBe(plain.cell(0).mean);
    expect(complement.cell(0).min).toBe(sorted[0]);
    expect(complement.cell(0).max).toBe(sorted[sorted.length - 1]);
  });
});

/** One chunk of `cells` cells over the blocks of `values` (cell-major per block), as bytes. */
function chunkBytes(values: number[][], flags?: Uint8Array): Uint8Array {
  const cells = values.length;
  const paths = values[0].length;
  const blocks = Math.ceil(paths / BLOCK_PATHS);
  const chunk = new ChunkAccumulator(cells, 0, blocks, L, flags);
  for (let b = 0; b < blocks; b++) {
    const count = Math.min(BLOCK_PATHS, paths - b * BLOCK_PATHS);
    const block = new Float64Array(cells * BLOCK_PATHS);
    for (let c = 0; c < cells; c++) for (let i = 0; i < count; i++) block[c * BLOCK_PATHS + i] = values[c][b * BLOCK_PATHS + i];
    chunk.addBlock(b, block, BLOCK_PATHS, count);
  }
  const r = chunk.result();
  return new Uint8Array(r.buffer.slice(0, r.buffer.byteLength));
}

describe('cheap summaries', () => {
  it('counts 0/1 indicator cells to the same bytes as binning every value, whatever the first value', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 2 * BLOCK_PATHS + 7 }), fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 1 }), (a, [b]) => {
        const cells = [a, a.map(() => b), a.map((x) => 1 - x)];
        expect(chunkBytes(cells, new Uint8Array(3).fill(BINNING.indicator))).toEqual(chunkBytes(cells));
      }),
      { numRuns: 60, seed: 16 },
    );
  });

  it('bins a value other than 0 or 1 in an indicator cell like any other (a defect stays visible)', () => {
    const cells = [[0, 1, 1, 0.5, 0, 2, -1]];
    expect(chunkBytes(cells, Uint8Array.of(BINNING.indicator))).toEqual(chunkBytes(cells));
    const acc = new RunAccumulator(1, L, Uint8Array.of(BINNING.indicator));
    const chunk = new ChunkAccumulator(1, 0, 1, L, Uint8Array.of(BINNING.indicator));
    chunk.addBlock(0, Float64Array.from(cells[0]), cells[0].length, cells[0].length);
    acc.add(chunk.result());
    expect(acc.cell(0).max).toBe(2);
    expect(acc.cell(0).min).toBe(-1);
  });

  it('reads quantiles of an indicator cell exactly: 0 below the share of zeros, 1 above', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 30 % ones
    const chunk = new ChunkAccumulator(1, 0, 1, L, Uint8Array.of(BINNING.indicator));
    chunk.addBlock(0, Float64Array.from(values), values.length, values.length);
    const acc = new RunAccumulator(1, L, Uint8Array.of(BINNING.indicator));
    acc.add(chunk.result());
    expect(acc.quantile(0, 0.5)).toBe(0);
    expect(acc.quantile(0, 0.75)).toBe(1);
    expect(acc.cell(0).mean).toBeCloseTo(0.3, 12);
  });

  it('hands back a clean histogram grid: a chunk after a wide, a NaN or a complement chunk has the bytes of one after nothing', () => {
    const rng = new RandomStream(5, 0, 0);
    const small = [Array.from({ length: 300 }, () => 10 + rng.normal()), Array.from({ length: 300 }, () => 0.97 + 0.01 * rng.uniform())];
    const flags = Uint8Array.of(BINNING.value, BINNING.complement);
    const alone = chunkBytes(small, flags);
    const wide = [Array.from({ length: 300 }, () => 1e5 * rng.normal()), Array.from({ length: 300 }, () => rng.normal())];
    chunkBytes(wide, flags);
    expect(chunkBytes(small, flags)).toEqual(alone);
    const withNaN = [small[0].map((x, i) => (i === 7 ? Number.NaN : -x)), small[1].map((x) => 1 - x)];
    chunkBytes(withNaN, flags);
    expect(chunkBytes(small, flags)).toEqual(alone);
  });
});
