/**
 * Shards: a run's paths cut into ranges that can be simulated apart (other processes, other
 * machines) and merged into exactly the summaries — so exactly the report bytes — of a single run.
 *
 * Why it works: path i draws from streams seeded by (seed, i, block), so a path's values do not
 * depend on who simulates it; histogram counts are integers, and min and max are order-free; the
 * moments are computed per block of BLOCK_PATHS paths (from the block's paths in order) and folded
 * in block order. A shard therefore keeps, for the blocks lying wholly inside its range, each
 * block's moments (never a fold of them) with its counts, min and max; and for the one or two
 * blocks it holds only part of, the raw values of its paths, so that the merge can put each such
 * block together from its pieces and summarise it as a single run does. Ranges on block
 * boundaries (multiples of BLOCK_PATHS, or the run's end) carry no raw values.
 */
import { historyFingerprint, loadHistory } from '../data/history.js';
import { canonicalJson } from '../io/fingerprint.js';
import { againstModel, baseYearData } from '../models/baseState.js';
import { validateScenarioDocument, wasValidatedAgainst } from '../scenario/load.js';
import { engineVersion } from '../paths.js';
import { ScenarioError, type ScenarioProblem } from '../scenario/errors.js';
import type { Sampling, Scenario } from '../scenario/types.js';
import { DEFAULT_LAYOUT } from '../stats/logHistogram.js';
import { BLOCK_PATHS, ChunkAccumulator, RunAccumulator, type ChunkSummary } from '../stats/summary.js';
import { cellBinning, pathBufferLength } from './kernel.js';
import { checkMerged, prepareRun, simulateChunks, type Simulation, type SimulationOptions } from './simulate.js';
import { simulatePathValues } from './simulateChunk.js';

/** Paths [start, end) of a run: start inclusive, end exclusive (`0..50000` then `50000..100000`). */
export interface PathRange {
  readonly start: number;
  readonly end: number;
}

/** What a shard says about the run it belongs to. Shards merge only when all of this agrees. */
export interface ShardRun {
  /** The resolved scenario (its `extends` merged), as validated. */
  readonly scenario: Scenario;
  readonly seed: number;
  /** Paths of the whole run the shard is part of. */
  readonly runs: number;
  readonly sampling: Sampling;
  readonly engine: { readonly name: 'eastward'; readonly version: string };
  /** SHA-256 of the data folder (series, calibration — which hashes the model's code — and backtest summary). */
  readonly dataFingerprint: string;
  /** Cells per path (series × years + questions), paths per block and the histogram's layout: the summary's shape. */
  readonly cells: number;
  readonly blockPaths: number;
  readonly histogram: { readonly relativeAccuracy: number; readonly minMagnitude: number; readonly maxMagnitude: number };
}

/** Raw values of paths [start, end), path-major (path p's cells at (p − start)·cells). */
export interface PartialBlockPaths extends PathRange {
  readonly values: Float64Array;
}

/** The mergeable summary of one range of a run's paths. */
export interface Shard {
  readonly run: ShardRun;
  readonly paths: PathRange;
  /** The blocks lying wholly inside `paths`, as one chunk summary (undefined when none does). */
  readonly whole: ChunkSummary | undefined;
  /** The paths of blocks the shard holds only part of: at most two ranges, one per such block. */
  readonly partial: readonly PartialBlockPaths[];
}

/**
 * How a range of a run's paths falls on summary blocks: the whole blocks inside it (one
 * contiguous range, if any) and the pieces of blocks it holds only part of. The run's last block
 * ends at `runs` and may be short: a range that ends there holds it whole.
 *
 * @example
 * blockPieces({ start: 1000, end: 5000 }, 10_000); // { whole: { start: 1024, end: 4096 }, partial: [{ start: 1000, end: 1024 }, { start: 4096, end: 5000 }] }
 */
export function blockPieces(range: PathRange, runs: number): { whole: PathRange | undefined; partial: PathRange[] } {
  let whole: PathRange | undefined;
  const partial: PathRange[] = [];
  for (let p = range.start; p < range.end; ) {
    const blockStart = Math.floor(p / BLOCK_PATHS) * BLOCK_PATHS;
    const blockEnd = Math.min(blockStart + BLOCK_PATHS, runs);
    const end = Math.min(blockEnd, range.end);
    if (p === blockStart && end === blockEnd) whole = { start: whole?.start ?? p, end };
    else partial.push({ start: p, end });
    p = end;
  }
  return { whole, partial };
}

/** The shape and provenance every shard of this installation records (the scenario and run settings aside). */
function installationRun(): Pick<ShardRun, 'engine' | 'dataFingerprint' | 'blockPaths' | 'histogram'> {
  return {
    engine: { name: 'eastward', version: engineVersion },
    dataFingerprint: historyFingerprint(loadHistory()),
    blockPaths: BLOCK_PATHS,
    histogram: { relativeAccuracy: DEFAULT_LAYOUT.relativeAccuracy, minMagnitude: DEFAULT_LAYOUT.minMagnitude, maxMagnitude: DEFAULT_LAYOUT.maxMagnitude },
  };
}

/** Options of a shard: a run's, on the shipped data (a shard records the data folder's fingerprint). */
export type ShardOptions = Omit<SimulationOptions, 'history' | 'calibration' | 'baseYear' | 'allowUnobservedBase'>;

/** Is `range` a non-empty range of whole paths inside a run of `runs`? If not, the problem. */
export function pathRangeProblem(range: PathRange, runs: number): string | undefined {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) return `must be paths A..B with 0 ≤ A < B (got ${start}..${end})`;
  if (end > runs) return `${start}..${end} ends after the run's ${runs} paths (set the run's total with --runs)`;
  return undefined;
}

/**
 * Simulate paths [range.start, range.end) of a run of `runs` paths (options.runs, else the
 * scenario's) and return their mergeable summary. Whole blocks go through the pool like a run's
 * chunks; the paths of partly held blocks are simulated in this thread (fewer than 2 × 1024).
 *
 * @example
 * const a = await simulateShard(scenario, { start: 0, end: 3000 }, { runs: 5000, seed: 7, workers: 0 });
 * a.partial; // [{ start: 2048, end: 3000, values }]: block 2 is shared with the next shard
 */
export async function simulateShard(scenario: Scenario, range: PathRange, options: ShardOptions = {}): Promise<Shard> {
  const run = prepareRun(scenario, options);
  const { params, runs, seed } = run;
  const problem = pathRangeProblem(range, runs);
  if (problem) throw new ScenarioError([{ file: 'shard options', pointer: '/paths', message: problem }]);
  const cells = pathBufferLength(params);
  const pieces = blockPieces(range, runs);
  let whole: ChunkSummary | undefined;
  if (pieces.whole) {
    const { start, end } = pieces.whole;
    const acc = new ChunkAccumulator(cells, start / BLOCK_PATHS, Math.ceil((end - start) / BLOCK_PATHS), DEFAULT_LAYOUT, cellBinning(params));
    await simulateChunks(run, start, end, options, (summary) => acc.addSummary(summary));
    whole = acc.result();
  }
  const partial = pieces.partial.map((p) => ({ ...p, values: simulatePathValues(params, seed, p.start, p.end) }));
  return {
    run: { scenario, seed, runs, sampling: params.sampling, cells, ...installationRun() },
    paths: { start: range.start, end: range.end },
    whole,
    partial,
  };
}

/** A shard and how messages name it (its file). */
export interface NamedShard {
  readonly label: string;
  readonly shard: Shard;
}

/** `a..b`, as ranges are written on the command line. */
export function rangeText(r: PathRange): string {
  return `${r.start}..${r.end}`;
}

/** The fields of ShardRun that must agree, as messages name them, with how each is compared. */
const AGREEMENT: ReadonlyArray<[string, (r: ShardRun) => string]> = [
  ['scenario', (r) => canonicalJson(r.scenario)],
  ['seed', (r) => String(r.seed)],
  ['total runs', (r) => String(r.runs)],
  ['sampling', (r) => r.sampling],
  ['engine version', (r) => r.engine.version],
  ['data fingerprint', (r) => r.dataFingerprint],
  ['summary shape', (r) => canonicalJson({ cells: r.cells, blockPaths: r.blockPaths, histogram: r.histogram })],
];

/** How a field's value is shown in a message (a scenario by its id, a fingerprint shortened). */
function shown(field: string, r: ShardRun): string {
  if (field === 'scenario') return `scenario ${JSON.stringify(r.scenario.id)}`;
  if (field === 'data fingerprint') return `data ${r.dataFingerprint.slice(0, 12)}…`;
  if (field === 'summary shape') return `${r.cells} cells, ${r.blockPaths}-path blocks`;
  return `${field} ${AGREEMENT.find(([f]) => f === field)![1](r)}`;
}

/**
 * Problems that keep shards from making one run: settings that differ, a shard made by another
 * engine version or on other data than this installation's, and ranges that overlap or leave a
 * gap (each named, with its files). Empty when they merge.
 */
export function shardSetProblems(shards: readonly NamedShard[]): ScenarioProblem[] {
  if (shards.length === 0) return [{ file: 'merge', pointer: '', message: 'no shard given' }];
  const problems: ScenarioProblem[] = [];
  const first = shards[0];
  for (const { label, shard } of shards.slice(1)) {
    for (const [field, key] of AGREEMENT) {
      if (key(shard.run) !== key(first.shard.run)) {
        const same = field === 'scenario' && shard.run.scenario.id === first.shard.run.scenario.id ? ' (same id, different content)' : '';
        problems.push({ file: label, pointer: '', message: `${shown(field, shard.run)} differs from ${first.label}'s ${shown(field, first.shard.run)}${same}: shards of one run share scenario, seed, total runs, sampling, engine and data` });
      }
    }
  }
  const here = installationRun();
  if (first.shard.run.engine.version !== here.engine.version) problems.push({ file: first.label, pointer: '/engine/version', message: `made by eastward ${first.shard.run.engine.version}; this is ${here.engine.version}: merge with the version that made the shards` });
  if (first.shard.run.dataFingerprint !== here.dataFingerprint) problems.push({ file: first.label, pointer: '/dataFingerprint', message: `made on other data (${first.shard.run.dataFingerprint.slice(0, 12)}…) than this installation's (${here.dataFingerprint.slice(0, 12)}…): merge where the shards were made` });
  if (problems.length > 0) return problems;

  const runs = first.shard.run.runs;
  const sorted = [...shards].sort((a, b) => a.shard.paths.start - b.shard.paths.start || a.shard.paths.end - b.shard.paths.end);
  let covered = 0;
  let last: NamedShard | undefined;
  for (const s of sorted) {
    const { start, end } = s.shard.paths;
    if (start > covered) problems.push({ file: s.label, pointer: '/paths', message: `gap: paths ${rangeText({ start: covered, end: start })} are in no shard (${last ? `${last.label} ends at ${covered}, ` : ''}${s.label} starts at ${start})` });
    else if (start < covered && last) problems.push({ file: s.label, pointer: '/paths', message: `overlap: paths ${rangeText({ start, end: Math.min(end, covered) })} of ${s.label} (${rangeText(s.shard.paths)}) are also in ${last.label} (${rangeText(last.shard.paths)})` });
    if (end > covered) {
      covered = end;
      last = s;
    }
  }
  if (covered < runs) problems.push({ file: last?.label ?? first.label, pointer: '/paths', message: `gap: paths ${rangeText({ start: covered, end: runs })} of the run's ${runs} are in no shard` });
  return problems;
}

/**
 * Merge shards into the summaries of the whole run — identical, bit for bit, to a single run's
 * with the same scenario, seed and runs, however the paths were split. Shards that do not make
 * one run (see shardSetProblems) are refused with a ScenarioError naming each problem. The
 * scenario is validated again on this installation's data.
 *
 * @example
 * const sim = mergeShards([{ label: 'a', shard: a }, { label: 'b', shard: b }]);
 * sim.runs; // the total of the run a and b belong to
 */
export function mergeShards(shards: readonly NamedShard[], options: Pick<SimulationOptions, 'onWarning'> = {}): Simulation & { readonly scenario: Scenario } {
  const problems = shardSetProblems(shards);
  if (problems.length > 0) throw new ScenarioError(problems);
  const { run } = shards[0].shard;
  // A shard read from a file carries its scenario as data: validated here, against this
  // installation's base year, and named by the file (one validation path, as for scenario files).
  const history = loadHistory();
  const checks = againstModel(baseYearData(history));
  const scenario = wasValidatedAgainst(run.scenario, checks.check.key) ? run.scenario : validateScenarioDocument(run.scenario, `${shards[0].label} (its scenario)`, checks);
  const prepared = prepareRun(scenario, { runs: run.runs, seed: run.seed, sampling: run.sampling, history, onWarning: options.onWarning });
  const { params } = prepared;
  const cells = pathBufferLength(params);
  if (cells !== run.cells) throw new ScenarioError([{ file: shards[0].label, pointer: '/run/cells', message: `${run.cells} cells per path, but its scenario gives ${cells} here` }]);
  const complement = cellBinning(params);
  const acc = new RunAccumulator(cells, DEFAULT_LAYOUT, complement);
  const pieces = new Map<number, PartialBlockPaths[]>();
  for (const { shard } of shards) {
    if (shard.whole) acc.add(shard.whole);
    for (const p of shard.partial) {
      const block = Math.floor(p.start / BLOCK_PATHS);
      pieces.set(block, [...(pieces.get(block) ?? []), p]);
    }
  }
  // A block held in pieces is put together in path order and summarised as a single run's chunk would.
  const values = new Float64Array(cells * BLOCK_PATHS);
  for (const [block, list] of [...pieces].sort(([a], [b]) => a - b)) {
    const first = block * BLOCK_PATHS;
    const count = Math.min(BLOCK_PATHS, run.runs - first);
    for (const p of list) {
      for (let path = p.start; path < p.end; path++) {
        const row = (path - p.start) * cells;
        for (let c = 0; c < cells; c++) values[c * BLOCK_PATHS + (path - first)] = p.values[row + c];
      }
    }
    const chunk = new ChunkAccumulator(cells, block, 1, DEFAULT_LAYOUT, complement);
    chunk.addBlock(block, values, BLOCK_PATHS, count);
    acc.add(chunk.result());
  }
  checkMerged(acc, run.runs);
  return { accumulator: acc, ...prepared, scenario };
}
