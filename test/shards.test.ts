import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBandTrust, type BandTrust } from '../src/backtest/trust.js';
import { blockPieces, mergeShards, simulateShard, type NamedShard, type Shard } from '../src/engine/shard.js';
import { decodeShard, encodeShard } from '../src/engine/shardFile.js';
import { mergeShardReport, runScenario } from '../src/report/run.js';
import { formatProblem, ScenarioError } from '../src/scenario/errors.js';
import { BLOCK_PATHS } from '../src/stats/summary.js';
import { reportJson } from '../src/views/reportFiles.js';
import { loadLibraryScenario } from './helpers.js';

const scenario = loadLibraryScenario('baseline.json');
let bandTrust: BandTrust;
beforeAll(async () => {
  bandTrust = await loadBandTrust();
});

/** Shards of `runs` paths cut at `cuts`, each through its file bytes (what another machine sends). */
async function shardsAt(cuts: readonly number[], runs: number, seed: number, sampling?: 'independent' | 'antithetic'): Promise<NamedShard[]> {
  const edges = [0, ...cuts, runs];
  const out: NamedShard[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const shard = await simulateShard(scenario, { start: edges[i], end: edges[i + 1] }, { runs, seed, sampling, workers: 0 });
    out.push({ label: `s${i}`, shard: decodeShard(encodeShard(shard), `s${i}`) });
  }
  return out;
}

function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

describe('block pieces of a path range', () => {
  it('splits a range into whole blocks and the pieces of blocks it holds in part (by hand)', () => {
    expect(blockPieces({ start: 0, end: 4096 }, 10_000)).toEqual({ whole: { start: 0, end: 4096 }, partial: [] });
    expect(blockPieces({ start: 1000, end: 5000 }, 10_000)).toEqual({ whole: { start: 1024, end: 4096 }, partial: [{ start: 1000, end: 1024 }, { start: 4096, end: 5000 }] });
    // Inside one block: one piece, no whole block.
    expect(blockPieces({ start: 10, end: 20 }, 10_000)).toEqual({ whole: undefined, partial: [{ start: 10, end: 20 }] });
    // The run's last block is short (10 000 = 9 × 1024 + 784): a range ending at the run's end holds it whole.
    expect(blockPieces({ start: 9216, end: 10_000 }, 10_000)).toEqual({ whole: { start: 9216, end: 10_000 }, partial: [] });
    expect(blockPieces({ start: 9300, end: 10_000 }, 10_000)).toEqual({ whole: undefined, partial: [{ start: 9300, end: 10_000 }] });
    // Straddling one boundary, no whole block: two pieces.
    expect(blockPieces({ start: 1000, end: 1100 }, 10_000)).toEqual({ whole: undefined, partial: [{ start: 1000, end: 1024 }, { start: 1024, end: 1100 }] });
  });

  it('keeps raw values only for partly held blocks: a block-aligned shard carries none', async () => {
    const [a, b] = await shardsAt([2 * BLOCK_PATHS], 3000, 5);
    expect(a.shard.partial).toEqual([]);
    expect(b.shard.partial).toEqual([]);
    expect(a.shard.whole?.blockCount).toBe(2);
    const [c] = await shardsAt([2500], 3000, 5);
    expect(c.shard.partial.map((p) => [p.start, p.end])).toEqual([[2048, 2500]]);
    expect(c.shard.partial[0].values.length).toBe(452 * c.shard.run.cells);
  });
});

describe('merging shards', () => {
  it('gives report.json byte-identical to a single run for any split (random cuts, any order, both samplings)', async () => {
    const runs = 3 * BLOCK_PATHS + 300;
    const singles = new Map<string, string>();
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: runs - 1 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(11, 12),
        fc.constantFrom('independent' as const, 'antithetic' as const),
        fc.integer({ min: 0, max: 1000 }),
        async (cutList, seed, sampling, rotate) => {
          const key = `${seed}/${sampling}`;
          if (!singles.has(key)) singles.set(key, reportJson(await runScenario(scenario, { runs, seed, sampling, workers: 0, bandTrust })));
          const cuts = [...cutList].sort((x, y) => x - y);
          const shards = await shardsAt(cuts, runs, seed, sampling);
          // Any order of the files on the command line.
          const k = rotate % shards.length;
          const given = [...shards.slice(k), ...shards.slice(0, k)];
          expect(reportJson(await mergeShardReport(given, { bandTrust }))).toBe(singles.get(key));
        },
      ),
      { numRuns: 12, seed: 18 },
    );
  }, 120_000);

  it('merges one shard covering the whole run into the run itself', async () => {
    const shards = await shardsAt([], 2000, 3);
    expect(reportJson(await mergeShardReport(shards, { bandTrust }))).toBe(reportJson(await runScenario(scenario, { runs: 2000, seed: 3, workers: 0, bandTrust })));
  });

  it('refuses a gap, an overlap, another seed, another scenario or another total, naming the ranges and files', async () => {
    const runs = 3000;
    const [a, b, c] = await shardsAt([1000, 2000], runs, 9);
    expect(problemsOf(() => mergeShards([a, c]))).toEqual(['s2: /paths: gap: paths 1000..2000 are in no shard (s0 ends at 1000, s2 starts at 2000)']);
    expect(problemsOf(() => mergeShards([a, b]))).toEqual(['s1: /paths: gap: paths 2000..3000 of the run\'s 3000 are in no shard']);
    expect(problemsOf(() => mergeShards([b, c]))[0]).toContain('gap: paths 0..1000 are in no shard');
    const wide = { label: 'wide', shard: (await shardsAt([1500], runs, 9))[1].shard }; // 1500..3000
    expect(problemsOf(() => mergeShards([a, b, wide]))).toEqual(['wide: /paths: overlap: paths 1500..2000 of wide (1500..3000) are also in s1 (1000..2000)']);
    expect(problemsOf(() => mergeShards([a, b, c, { label: 'again', shard: b.shard }]))[0]).toContain('overlap: paths 1000..2000 of');

    const otherSeed = { label: 'seed10', shard: (await shardsAt([1000], runs, 10))[1].shard };
    expect(problemsOf(() => mergeShards([a, otherSeed]))).toContainEqual(expect.stringContaining("seed10: /: seed 10 differs from s0's seed 9"));
    const otherTotal = { label: 'total', shard: (await shardsAt([1000], 4000, 9))[1].shard };
    expect(problemsOf(() => mergeShards([a, otherTotal]))).toContainEqual(expect.stringContaining("total runs 4000 differs from s0's total runs 3000"));
    const highOil = loadLibraryScenario('high-oil.json');
    const other = { label: 'high-oil', shard: await simulateShard(highOil, { start: 1000, end: 3000 }, { runs, seed: 9, workers: 0 }) };
    expect(problemsOf(() => mergeShards([a, other]))).toContainEqual(expect.stringContaining('high-oil: /: scenario "high-oil" differs from s0\'s scenario "baseline"'));
    expect(problemsOf(() => mergeShards([]))).toEqual(['merge: /: no shard given']);
  });

  it('refuses a shard whose scenario does not validate, naming its file', async () => {
    const [a] = await shardsAt([], 1500, 4);
    const doc = JSON.parse(JSON.stringify(a.shard.run.scenario)) as { horizon: number };
    doc.horizon = 1999;
    const bad: Shard = { ...a.shard, run: { ...a.shard.run, scenario: doc as unknown as Shard['run']['scenario'] } };
    const problems = problemsOf(() => mergeShards([{ label: 'bad.shard', shard: decodeShard(encodeShard(bad), 'bad.shard') }]));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^bad\.shard \(its scenario\): \/horizon: /);
  });
});

describe('the shard file', () => {
  let bytes: Buffer;
  beforeAll(async () => {
    const [a] = await shardsAt([1500], 3000, 2);
    bytes = encodeShard(a.shard);
  });

  it('starts with its magic and version, and round-trips to the same bytes', () => {
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('EWSHARD\0');
    expect(bytes.readUInt32LE(8)).toBe(1);
    const header = JSON.parse(bytes.subarray(16, 16 + bytes.readUInt32LE(12)).toString('utf8')) as { format: string; paths: unknown; partial: Array<{ start: number; end: number }> };
    expect(header.format).toBe('eastward-shard');
    expect(header.paths).toEqual({ start: 0, end: 1500 });
    expect(header.partial.map((p) => [p.start, p.end])).toEqual([[1024, 1500]]);
    expect(encodeShard(decodeShard(bytes, 'a')).equals(bytes)).toBe(true);
  });

  it('refuses damaged, truncated or foreign bytes with a message naming the file', () => {
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 3] ^= 0xff;
    expect(problemsOf(() => decodeShard(flipped, 'x.shard'))).toEqual(['x.shard: /payloadSha256: the payload does not match its SHA-256: the file is truncated or damaged']);
    expect(problemsOf(() => decodeShard(bytes.subarray(0, bytes.length - 8), 'x.shard'))[0]).toContain('truncated or damaged');
    expect(problemsOf(() => decodeShard(bytes.subarray(0, 20), 'x.shard'))[0]).toContain('truncated or damaged');
    expect(problemsOf(() => decodeShard(Buffer.from('{"a": 1}'), 'x.shard'))).toEqual(['x.shard: /: not an eastward shard file (written by `eastward run … --partial FILE`)']);
    const future = Buffer.from(bytes);
    future.writeUInt32LE(2, 8);
    expect(problemsOf(() => decodeShard(future, 'x.shard'))).toEqual(['x.shard: /version: shard format version 2; this engine reads version 1']);
  });
});
