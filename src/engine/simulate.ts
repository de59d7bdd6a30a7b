import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { loadHistory, type History } from '../data/history.js';
import { againstModel, baseYearData } from '../models/baseState.js';
import type { Calibration } from '../models/calibration.js';
import { loadCalibration } from '../models/calibrationFile.js';
import type { Sampling, Scenario } from '../scenario/types.js';
import { ScenarioError } from '../scenario/errors.js';
import { validateScenarioDocument, wasValidatedAgainst } from '../scenario/load.js';
import { RUN_OPTIONS_LABEL, runOptionProblems } from '../scenario/runOptions.js';
import { knownEntries, knownValueProblems, type KnownValueInput } from '../models/known.js';
import { BLOCK_PATHS, chunkSummaryFromBuffer, RunAccumulator, type ChunkSummary } from '../stats/summary.js';
export type { RunAccumulator };
import { createChunkPool, defaultThreadCount, type ChunkPool } from '../workers/pool.js';
import { cellBinning, pathBufferLength } from './kernel.js';
import { resolveParams, type ModelParams } from './params.js';
import { simulateChunk, type ChunkTask } from './simulateChunk.js';
import { paramsKeyOf } from './paramsKey.js';

/** Progress of a run, in paths. */
export interface RunProgress {
  readonly completedPaths: number;
  readonly totalPaths: number;
}

/** How a Monte Carlo run is made (runScenario adds report options: see RunOptions in run.ts). */
export interface SimulationOptions {
  /** Paths to simulate (default: the scenario's simulation.runs). */
  readonly runs?: number;
  /** Run seed (default: the scenario's simulation.seed). */
  readonly seed?: number;
  /** Sampling (default: the scenario's simulation.sampling, else independent). */
  readonly sampling?: Sampling;
  /**
   * Worker threads. 0 runs in this thread (no pool). Default: in-process below 20 000 runs,
   * otherwise one thread per available core.
   */
  readonly workers?: number;
  /** Paths per chunk (rounded up to a multiple of 1024). Default: chosen for throughput. */
  readonly chunkPaths?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RunProgress) => void;
  readonly onWarning?: (message: string) => void;
  /**
   * A data folder laid out like the package's data/ (history.csv, settlement-statements.csv,
   * logistics.csv), e.g. with a newer year: the base year, the calibration and the report's trust
   * section follow it. Its calibration.json and backtest-summary.json are used when they were made
   * from exactly its data; otherwise both are computed in memory, with a warning.
   */
  readonly dataDir?: string;
  /**
   * Values known for projected years (e.g. last year's turnover): every path takes each in its
   * year and continues from it (see models/known.ts for the series and how each sets its block).
   */
  readonly known?: readonly KnownValueInput[];
  /** Data already loaded, to use instead of reading `dataDir` (or data/) again (hindcasts, tests). */
  readonly history?: History;
  /** Base year (default: the last year all base series share in the data). */
  readonly baseYear?: number;
  /** Let gas, LNG or coal be missing in the base year (backtests from early years; see baseYearData). */
  readonly allowUnobservedBase?: boolean;
  readonly calibration?: Calibration;
  /**
   * A pool opened with `openWorkerPool`, to share threads across many runs (batches, tests). When
   * given, `workers` is ignored and the pool is left open.
   */
  readonly pool?: WorkerPool;
}

/** A worker pool for runScenario; close it with `destroy()` when done. */
export type WorkerPool = ChunkPool<ChunkTask, ArrayBuffer>;

/**
 * Open a pool of `threads` worker threads (default: the cores available) to pass to several
 * runScenario calls.
 *
 * @example
 * const pool = openWorkerPool(2);
 * try { for (const s of scenarios) reports.push(await runScenario(s, { pool })); } finally { await pool.destroy(); }
 */
export function openWorkerPool(threads: number = defaultThreadCount()): WorkerPool {
  return createChunkPool<ChunkTask, ArrayBuffer>(new URL('./chunkWorker.js', import.meta.url), threads, (t) => `paths ${t.startPath}–${t.endPath - 1}`);
}

/** Default precision asked of headline means: a standard error of 0.5 % of the mean. */
export const DEFAULT_TARGET_RELATIVE_ERROR = 0.005;

/** Runs at or above this use the pool by default. */
export const POOL_THRESHOLD_RUNS = 20_000;

/**
 * Split [first, runs) into chunks aligned to summary blocks (`first`, a multiple of BLOCK_PATHS,
 * is 0 for a whole run and a shard's first whole block otherwise).
 *
 * @example
 * planChunks(5000, 2048); // [[0, 2048], [2048, 4096], [4096, 5000]]
 */
export function planChunks(runs: number, chunkPaths: number, first = 0): Array<[number, number]> {
  const size = Math.max(BLOCK_PATHS, Math.ceil(chunkPaths / BLOCK_PATHS) * BLOCK_PATHS);
  const out: Array<[number, number]> = [];
  for (let start = first; start < runs; start += size) out.push([start, Math.min(runs, start + size)]);
  return out;
}

/**
 * Default chunk size: about four chunks per thread, between 1 and 64 blocks. In-process
 * (threads = 0) chunks only set how often progress is reported and an abort is noticed: 8 blocks.
 */
export function defaultChunkPaths(runs: number, threads: number): number {
  if (threads <= 0) return 8 * BLOCK_PATHS;
  const target = Math.ceil(runs / (threads * 4));
  return Math.min(64 * BLOCK_PATHS, Math.max(BLOCK_PATHS, Math.ceil(target / BLOCK_PATHS) * BLOCK_PATHS));
}

/** How a scenario object handed to the library is named in messages: by its id when it has one. */
function scenarioLabel(scenario: unknown): string {
  const id = typeof scenario === 'object' && scenario !== null ? (scenario as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? `scenario ${JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id)}` : 'scenario';
}

/**
 * Resolve the model parameters for a scenario against the data (exposed for tests and tools). The
 * scenario goes through the same checks as a file (schema, rules, reconciliation with the base
 * year): a hand-built object that would not load from a file does not run either.
 */
export function prepareParams(scenario: Scenario, options: Pick<SimulationOptions, 'dataDir' | 'history' | 'baseYear' | 'calibration' | 'onWarning' | 'allowUnobservedBase'> = {}): { params: ModelParams; history: History } {
  const history = options.history ?? loadHistory(options.dataDir);
  const base = baseYearData(history, options.baseYear, { allowUnobserved: options.allowUnobservedBase });
  // Once per run: a scenario already validated against these base-year data is not checked again.
  const checks = againstModel(base);
  if (!wasValidatedAgainst(scenario, checks.check.key)) validateScenarioDocument(scenario, scenarioLabel(scenario), checks);
  const calibration = options.calibration ?? loadCalibration(history, base.year, options.onWarning, options.dataDir);
  return { params: resolveParams(scenario, calibration, base), history };
}

/** The parameters with the known values resolved, or a ScenarioError naming each bad one by its index. */
function withKnown(params: ModelParams, known: readonly KnownValueInput[] | undefined): ModelParams {
  if (known === undefined || known.length === 0) return params;
  const problems = knownValueProblems(known, params.years);
  if (problems.length > 0) throw new ScenarioError(problems.map((p) => ({ file: RUN_OPTIONS_LABEL, pointer: `/known/${p.index}`, message: p.message })));
  return { ...params, known: knownEntries(known, params.years) };
}

/** A finished simulation: the merged summaries and what produced them (for reports and scoring). */
export interface Simulation {
  readonly accumulator: RunAccumulator;
  readonly params: ModelParams;
  readonly history: History;
  readonly runs: number;
  readonly seed: number;
}

/** What a run needs before it simulates: its options checked, its parameters resolved. */
export interface PreparedRun {
  readonly params: ModelParams;
  readonly history: History;
  readonly runs: number;
  readonly seed: number;
}

/**
 * Check a run's options (the checks the CLI uses: a ScenarioError names each problem) and resolve
 * its parameters, with the sampling option applied: every input is checked before any work.
 */
export function prepareRun(scenario: Scenario, options: SimulationOptions = {}): PreparedRun {
  const optionProblems = runOptionProblems(options);
  if (optionProblems.length > 0) throw new ScenarioError(optionProblems);
  const { params: resolved, history } = prepareParams(scenario, options);
  const params = withKnown(options.sampling ? { ...resolved, sampling: options.sampling } : resolved, options.known);
  return { params, history, runs: options.runs ?? scenario.simulation.runs, seed: options.seed ?? scenario.simulation.seed };
}

/**
 * Simulate paths [first, end) of a run — `first` a multiple of BLOCK_PATHS — in chunks, in this
 * thread, on the given pool or on a pool opened for the call, handing each chunk's summary to
 * `onSummary` (in any order). A summary's buffer is reused once onSummary returns: copy what you
 * keep of it.
 */
export async function simulateChunks(run: PreparedRun, first: number, end: number, options: SimulationOptions, onSummary: (summary: ChunkSummary) => void): Promise<void> {
  const { params, seed } = run;
  const paths = end - first;
  const threads = options.pool ? options.pool.threads : (options.workers ?? (paths >= POOL_THRESHOLD_RUNS ? defaultThreadCount() : 0));
  const chunks = planChunks(end, options.chunkPaths ?? defaultChunkPaths(paths, threads), first);
  const paramsKey = paramsKeyOf(params);
  const tasks: ChunkTask[] = chunks.map(([startPath, endPath]) => ({ params, seed, startPath, endPath, paramsKey }));
  let completedPaths = 0;
  const take = (summary: ChunkSummary, index: number) => {
    onSummary(summary);
    completedPaths += tasks[index].endPath - tasks[index].startPath;
    options.onProgress?.({ completedPaths, totalPaths: paths });
  };
  if (threads <= 0) {
    // Each chunk's summary is written into the last one's buffer (onSummary keeps no views of it).
    let spare: ArrayBuffer | undefined;
    for (let i = 0; i < tasks.length; i++) {
      options.signal?.throwIfAborted();
      const summary = simulateChunk(tasks[i], spare);
      take(summary, i);
      spare = summary.buffer;
      await yieldToEventLoop(); // let progress render and an abort land between chunks
    }
    options.signal?.throwIfAborted();
  } else if (options.pool) {
    await options.pool.runAll(tasks, (buffer, i) => take(chunkSummaryFromBuffer(buffer), i), options.signal);
  } else {
    const pool = openWorkerPool(threads);
    try {
      await pool.runAll(tasks, (buffer, i) => take(chunkSummaryFromBuffer(buffer), i), options.signal);
    } finally {
      await pool.destroy();
    }
  }
}

/** Fail a run whose merged summaries are not whole, or whose model produced non-finite values. */
export function checkMerged(acc: RunAccumulator, runs: number): void {
  if (!acc.complete || acc.pathCount !== runs) throw new Error(`internal: merged ${acc.pathCount} of ${runs} paths`);
  if (acc.nonFinitePaths > 0) throw new Error(`model produced non-finite values on ${acc.nonFinitePaths} paths (a defect: please report the scenario and seed)`);
}

/** Run the Monte Carlo and return the merged summaries (runScenario builds its report from them). */
export async function simulateScenario(scenario: Scenario, options: SimulationOptions = {}): Promise<Simulation> {
  const run = prepareRun(scenario, options);
  const { params, runs } = run;
  const acc = new RunAccumulator(pathBufferLength(params), undefined, cellBinning(params));
  await simulateChunks(run, 0, runs, options, (summary) => acc.add(summary));
  checkMerged(acc, runs);
  return { accumulator: acc, ...run };
}
