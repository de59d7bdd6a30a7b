/**
 * Several versions of the model ("variants") run on the same paths: path i of every variant draws
 * from the streams of path i (common random numbers), in the same task, so that what differs
 * between their outputs comes from what differs between the variants — a scenario and its
 * reference, a lever swung low and high, or (with per-variant stream seeds) one group of random
 * inputs redrawn while the others are held.
 *
 * Two kinds of task: `differences` folds the per-path difference scenario − reference (and whether
 * the scenario is above) into mergeable summaries (stats/summary.ts), for any number of paths;
 * `values` hands back the raw values of chosen cells, path by path, for estimators that need
 * them (sensitivity indices, bootstraps, per-path samples). Either way the result depends only on
 * (variants, seed, paths), never on the number of workers or the chunk size.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { BLOCK_PATHS, ChunkAccumulator, chunkSummaryFromBuffer, RunAccumulator } from '../stats/summary.js';
import { createChunkPool, defaultThreadCount, type ChunkPool } from '../workers/pool.js';
import { PathStreams, pathBufferLength, simulatePath, type StreamSeeds } from './kernel.js';
import type { ModelParams } from './params.js';
import { seriesOf } from './series.js';
import { defaultChunkPaths, planChunks, POOL_THRESHOLD_RUNS } from './simulate.js';
import { paramsKeyOf } from './paramsKey.js';

/** One variant: which of the task's parameter sets it runs, and the seed of each block stream (null: the run seed for all). */
export interface Variant {
  readonly params: number;
  readonly streamSeeds: readonly number[] | null;
}

/** Raw values of chosen cells (per variant) for paths [startPath, endPath). */
export interface ValuesTask {
  readonly kind: 'values';
  readonly params: readonly ModelParams[];
  readonly variants: readonly Variant[];
  /** Per variant, the cells (indices into its path buffer) to hand back. */
  readonly cells: ReadonlyArray<readonly number[]>;
  /** Also hand back the first variant's drawn inputs (see pathInputNames). */
  readonly inputs: boolean;
  readonly seed: number;
  readonly startPath: number;
  readonly endPath: number;
  /** Names `params` for a worker that has seen them (see ChunkTask.paramsKey). */
  readonly paramsKey?: string;
}

/** Summaries of scenario − reference, path by path, over their common years. */
export interface DifferencesTask {
  readonly kind: 'differences';
  readonly reference: ModelParams;
  readonly scenario: ModelParams;
  readonly seed: number;
  readonly startPath: number;
  readonly endPath: number;
  /** Names the pair (reference, scenario) for a worker that has seen it (see ChunkTask.paramsKey). */
  readonly paramsKey?: string;
}

export type VariantTask = ValuesTask | DifferencesTask;

/** A pool of worker threads for variant tasks; close it with `destroy()`. */
export type VariantPool = ChunkPool<VariantTask, ArrayBuffer>;

/** Open a pool of `threads` worker threads for variant tasks (default: the cores available). */
export function openVariantPool(threads: number = defaultThreadCount()): VariantPool {
  // Variant results vary in size: the worker never writes into a handed-back buffer, so none is sent.
  return createChunkPool<VariantTask, ArrayBuffer>(new URL('./variantWorker.js', import.meta.url), threads, (t) => `${t.kind} of paths ${t.startPath}–${t.endPath - 1}`, { recycleResults: false });
}

/** Years both parameter sets project (both start the year after the same base year). */
function commonYearCount(a: ModelParams, b: ModelParams): number {
  return Math.min(a.years.length, b.years.length);
}

/**
 * The series both parameter sets write, in the reference's order, with each one's row in either
 * path buffer (two scenarios may differ in structure: one may allocate to regions, the other not).
 */
function pairedSeriesRows(reference: ModelParams, scenario: ModelParams): Array<{ readonly name: string; readonly unit: string; readonly referenceRow: number; readonly scenarioRow: number }> {
  const scenarioRows = new Map(seriesOf(scenario.structure).map((x, row) => [x.name, row]));
  return seriesOf(reference.structure).flatMap((x, referenceRow) => {
    const scenarioRow = scenarioRows.get(x.name);
    return scenarioRow === undefined ? [] : [{ name: x.name, unit: x.unit, referenceRow, scenarioRow }];
  });
}

/** Cells of a differences summary: paired series × common years of differences, then as many of indicators (scenario > reference). */
function differenceCells(task: Pick<DifferencesTask, 'reference' | 'scenario'>): number {
  return 2 * pairedSeriesRows(task.reference, task.scenario).length * commonYearCount(task.reference, task.scenario);
}

/**
 * The names of the drawn inputs a `values` task hands back with `inputs`: the path's parameter
 * draws (block.field), its ranges, and each project's draw (built 0/1, start year), projects named
 * by `ids` (the scenario's item ids) or else by their index.
 *
 * @example
 * pathInputNames(params).slice(0, 4); // ['range.gasFullUseShare', 'range.seaborneFactor', 'range.railFactor', 'range.settlementCeiling']
 */
export function pathInputNames(p: ModelParams, ids: { readonly gas?: readonly string[]; readonly lng?: readonly string[] } = {}): string[] {
  return pathInputs(p, ids).map((x) => x.name);
}

/**
 * The drawn inputs with their units (a parameter's unit is in its name: …Pct, …LogPerYear, or a
 * plain number for an elasticity or a coefficient).
 *
 * @example
 * pathInputs(params)[0]; // { name: 'range.gasFullUseShare', unit: 'share of nameplate' }
 */
export function pathInputs(p: ModelParams, ids: { readonly gas?: readonly string[]; readonly lng?: readonly string[] } = {}): Array<{ name: string; unit: string }> {
  const items = (kind: string, list: ModelParams['gasProjects'], names: readonly string[] = []) =>
    list.flatMap((_, i) => [
      { name: `${kind}.${names[i] ?? i}.built`, unit: '1 built, 0 never' },
      { name: `${kind}.${names[i] ?? i}.startYear`, unit: 'year' },
    ]);
  return [
    { name: 'range.gasFullUseShare', unit: 'share of nameplate' },
    { name: 'range.seaborneFactor', unit: 'factor on the seaborne crude capacity' },
    { name: 'range.railFactor', unit: 'factor on the coal rail capacity' },
    { name: 'range.settlementCeiling', unit: 'share 0–1' },
    ...p.uncertainParameters.map((u) => ({ name: `parameter.${u.block}.${u.field}`, unit: 'as its name says' })),
    ...items('pipelineGas', p.gasProjects, ids.gas),
    ...items('lng', p.lngPlants, ids.lng),
  ];
}

/** Write the drawn inputs of the path just simulated with `streams` into out[offset + k·stride]. */
function writePathInputs(p: ModelParams, streams: PathStreams, out: Float64Array, offset: number, stride: number): void {
  const values = [
    streams.ranges.gasFullUseShare,
    streams.ranges.seaborneFactor,
    streams.ranges.railFactor,
    streams.blocks.settlement?.ceiling ?? p.settlement.ceiling,
    ...Array.from(streams.drawn.subarray(0, p.uncertainParameters.length)),
    ...streams.gasDraws.slice(0, p.gasProjects.length).flatMap((d) => [d.built ? 1 : 0, d.startYear]),
    ...streams.lngDraws.slice(0, p.lngPlants.length).flatMap((d) => [d.built ? 1 : 0, d.startYear]),
  ];
  values.forEach((v, k) => (out[offset + k * stride] = v));
}

/** Length of a `values` result: per variant its cells × paths, then the inputs × paths. */
function valuesLength(task: ValuesTask, count: number): number {
  const cells = task.cells.reduce((sum, c) => sum + c.length, 0);
  return (cells + (task.inputs ? pathInputNames(task.params[task.variants[0].params]).length : 0)) * count;
}

/**
 * Run one task (in this thread or in a worker). `values`: a Float64Array laid out variant by
 * variant, cell by cell, path by path (then the inputs, input by input); `differences`: a packed
 * chunk summary (stats/summary.ts).
 *
 * @example
 * const v = new Float64Array(runVariantTask({ kind: 'values', params: [p], variants: [{ params: 0, streamSeeds: null }], cells: [[0]], inputs: false, seed: 7, startPath: 0, endPath: 10 }));
 * v.length; // 10: cell 0 (turnover in the first year) of paths 0–9
 */
export function runVariantTask(task: VariantTask): ArrayBuffer {
  return task.kind === 'values' ? runValues(task) : runDifferences(task);
}

function runValues(task: ValuesTask): ArrayBuffer {
  const count = task.endPath - task.startPath;
  const out = new Float64Array(valuesLength(task, count));
  const streams = new PathStreams();
  const buffers = task.params.map((p) => new Float64Array(pathBufferLength(p)));
  // Offsets of each variant's block of cells in the result.
  const offsets: number[] = [];
  let offset = 0;
  for (const c of task.cells) {
    offsets.push(offset);
    offset += c.length * count;
  }
  const inputsOffset = offset;
  for (let i = 0; i < count; i++) {
    const path = task.startPath + i;
    task.variants.forEach((v, k) => {
      const p = task.params[v.params];
      const buffer = buffers[v.params];
      simulatePath(p, task.seed, path, streams, buffer, v.streamSeeds ?? undefined);
      if (k === 0 && task.inputs) writePathInputs(p, streams, out, inputsOffset + i, count);
      const cells = task.cells[k];
      for (let c = 0; c < cells.length; c++) out[offsets[k] + c * count + i] = buffer[cells[c]];
    });
  }
  return out.buffer;
}

function runDifferences(task: DifferencesTask): ArrayBuffer {
  const { reference: r, scenario: s, startPath, endPath, seed } = task;
  if (startPath % BLOCK_PATHS !== 0) throw new Error(`chunk start ${startPath} is not a multiple of ${BLOCK_PATHS}`);
  const n = commonYearCount(r, s);
  const cells = differenceCells(task);
  const half = cells / 2;
  const pairs = pairedSeriesRows(r, s);
  const acc = new ChunkAccumulator(cells, startPath / BLOCK_PATHS, Math.ceil((endPath - startPath) / BLOCK_PATHS));
  const streams = new PathStreams();
  const pathR = new Float64Array(pathBufferLength(r));
  const pathS = new Float64Array(pathBufferLength(s));
  const block = new Float64Array(cells * BLOCK_PATHS);
  const nR = r.years.length;
  const nS = s.years.length;
  for (let first = startPath; first < endPath; first += BLOCK_PATHS) {
    const count = Math.min(BLOCK_PATHS, endPath - first);
    for (let i = 0; i < count; i++) {
      simulatePath(r, seed, first + i, streams, pathR);
      simulatePath(s, seed, first + i, streams, pathS);
      for (let k = 0; k < pairs.length; k++) {
        const rowS = pairs[k].scenarioRow;
        const rowR = pairs[k].referenceRow;
        for (let t = 0; t < n; t++) {
          const a = pathS[rowS * nS + t];
          const b = pathR[rowR * nR + t];
          const c = k * n + t;
          block[c * BLOCK_PATHS + i] = a - b;
          block[(half + c) * BLOCK_PATHS + i] = a > b ? 1 : 0;
        }
      }
    }
    acc.addBlock(first / BLOCK_PATHS, block, BLOCK_PATHS, count);
  }
  return acc.result().buffer;
}

/** How a variant run is carried out. */
export interface VariantRunOptions {
  /** A pool opened with openVariantPool (left open); otherwise `workers` threads (0: this thread). */
  readonly pool?: VariantPool;
  readonly workers?: number;
  readonly signal?: AbortSignal;
  /** Paths per task (rounded up to a multiple of 1024). */
  readonly chunkPaths?: number;
}

/** Run tasks in this thread or on a pool, calling `onResult` (which must copy what it keeps) for each. */
async function runTasks(tasks: readonly VariantTask[], options: VariantRunOptions, onResult: (buffer: ArrayBuffer, index: number) => void): Promise<void> {
  if (options.pool) return options.pool.runAll(tasks, onResult, options.signal);
  const threads = options.workers ?? 0;
  if (threads <= 0) {
    for (let i = 0; i < tasks.length; i++) {
      options.signal?.throwIfAborted();
      onResult(runVariantTask(tasks[i]), i);
      await yieldToEventLoop(); // let an abort land between chunks
    }
    options.signal?.throwIfAborted();
    return;
  }
  const pool = openVariantPool(threads);
  try {
    await pool.runAll(tasks, onResult, options.signal);
  } finally {
    await pool.destroy();
  }
}

/** Chunks for `runs` paths, sized for the threads the run will use. */
function chunksFor(runs: number, options: VariantRunOptions, evaluationsPerPath: number): Array<[number, number]> {
  const threads = options.pool ? options.pool.threads : (options.workers ?? 0);
  // A chunk's cost grows with the evaluations per path: aim for the same work per chunk as a run's.
  return planChunks(runs, options.chunkPaths ?? Math.max(BLOCK_PATHS, Math.floor(defaultChunkPaths(runs * evaluationsPerPath, threads) / evaluationsPerPath)));
}

/** The first paths of a run, every series and year and the drawn inputs (see samplePaths). */
export interface PathSamples {
  readonly years: readonly number[];
  /** The run's series (name, unit), in the order of `values`' rows. */
  readonly series: ReadonlyArray<{ readonly name: string; readonly unit: string }>;
  /** values[row][t] holds series row (seriesOf(params.structure) order) in years[t] for each path. */
  readonly values: Float64Array[][];
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly unit: string; readonly values: Float64Array }>;
}

/**
 * The first `count` paths of a run, exactly as the run simulates them (same seed, same path
 * indices, same sampling): every series in every year, and what each path drew.
 *
 * @example
 * const s = await samplePaths(params, 20240101, 100, { gas: ['power-of-siberia', …] });
 * s.values[0][5][0]; // turnover in the sixth projected year on path 0, USD bn
 */
export async function samplePaths(params: ModelParams, seed: number, count: number, ids: { readonly gas?: readonly string[]; readonly lng?: readonly string[] } = {}, options: VariantRunOptions = {}): Promise<PathSamples> {
  const n = params.years.length;
  const series = seriesOf(params.structure);
  const cells = series.flatMap((_, row) => params.years.map((__, t) => row * n + t));
  const out = await evaluateVariants({ params: [params], variants: [{ params: 0, streamSeeds: null }], cells: [cells], inputs: true, seed }, count, options);
  const flat = out.values[0];
  return {
    years: params.years,
    series: series.map(({ name, unit }) => ({ name, unit })),
    values: series.map((_, row) => params.years.map((__, t) => flat[row * n + t])),
    inputs: pathInputs(params, ids).map((x, k) => ({ ...x, values: out.inputs[k] })),
  };
}

/** Raw values of every variant's chosen cells: values[k][c] holds cell cells[k][c] of paths 0 … runs − 1. */
export interface VariantValues {
  readonly values: Float64Array[][];
  /** The first variant's drawn inputs per path (empty unless asked). */
  readonly inputs: Float64Array[];
  readonly inputNames: string[];
}

/**
 * Evaluate variants on common random numbers and hand back the raw values of the chosen cells.
 * Memory: 8 bytes × paths × (cells + inputs): meant for a few cells or a few paths.
 */
export async function evaluateVariants(
  spec: Pick<ValuesTask, 'params' | 'variants' | 'cells' | 'inputs' | 'seed'>,
  runs: number,
  options: VariantRunOptions = {},
): Promise<VariantValues> {
  const inputNames = spec.inputs ? pathInputNames(spec.params[spec.variants[0].params]) : [];
  const values = spec.cells.map((cells) => cells.map(() => new Float64Array(runs)));
  const inputs = inputNames.map(() => new Float64Array(runs));
  const tasks: ValuesTask[] = chunksFor(runs, options, spec.variants.length).map(([startPath, endPath]) => ({ kind: 'values', ...spec, startPath, endPath, paramsKey: paramsKeyOf(spec.params) }));
  await runTasks(tasks, options, (buffer, index) => {
    const { startPath, endPath } = tasks[index];
    const count = endPath - startPath;
    const v = new Float64Array(buffer, 0, valuesLength(tasks[index], count));
    let offset = 0;
    for (const cells of values) for (const cell of cells) {
      cell.set(v.subarray(offset, offset + count), startPath);
      offset += count;
    }
    for (const input of inputs) {
      input.set(v.subarray(offset, offset + count), startPath);
      offset += count;
    }
  });
  return { values, inputs, inputNames };
}

/** The paired difference scenario − reference of one series, per common year. */
export interface PairedSeries {
  readonly unit: string;
  readonly mean: number[];
  readonly p10: number[];
  readonly p50: number[];
  readonly p90: number[];
  /** Share of paths on which the scenario's value is above the reference's (strictly). */
  readonly probabilityAbove: number[];
}

/** Per-path differences of a scenario from a reference, both run on the same seed and paths. */
export interface PairedDifferences {
  readonly runs: number;
  readonly seed: number;
  readonly years: number[];
  readonly series: Record<string, PairedSeries>;
}

/**
 * Run scenario and reference on common random numbers and summarise, per series and year, the
 * per-path difference scenario − reference: its mean, P10, median and P90, and the probability
 * that the scenario is above the reference. The same (reference, scenario, runs, seed) gives the
 * same numbers whatever the workers.
 *
 * @example
 * const d = await pairedDifferences(prepareParams(base).params, prepareParams(deEscalation).params, { runs: 10_000, seed: 1 });
 * d.series['trade.turnover'].p50; // median of de-escalation − baseline per year, USD bn
 */
export async function pairedDifferences(reference: ModelParams, scenario: ModelParams, settings: { readonly runs: number; readonly seed: number }, options: VariantRunOptions = {}): Promise<PairedDifferences> {
  const { runs, seed } = settings;
  const n = commonYearCount(reference, scenario);
  const cells = differenceCells({ reference, scenario });
  const acc = new RunAccumulator(cells);
  const workers = options.pool || options.workers !== undefined ? options : { ...options, workers: runs * 2 >= POOL_THRESHOLD_RUNS ? defaultThreadCount() : 0 };
  const tasks: DifferencesTask[] = chunksFor(runs, workers, 2).map(([startPath, endPath]) => ({ kind: 'differences', reference, scenario, seed, startPath, endPath, paramsKey: `${paramsKeyOf(reference)}+${paramsKeyOf(scenario)}` }));
  await runTasks(tasks, workers, (buffer) => acc.add(chunkSummaryFromBuffer(buffer)));
  if (!acc.complete || acc.pathCount !== runs) throw new Error(`internal: merged ${acc.pathCount} of ${runs} paired paths`);
  if (acc.nonFinitePaths > 0) throw new Error(`model produced non-finite values on ${acc.nonFinitePaths} paths (a defect: please report the scenarios and seed)`);
  const series: Record<string, PairedSeries> = {};
  pairedSeriesRows(reference, scenario).forEach((s, row) => {
    const stats = [...Array(n).keys()].map((t) => acc.cell(row * n + t));
    series[s.name] = {
      unit: s.unit,
      mean: stats.map((c) => c.mean),
      p10: stats.map((c) => c.p10),
      p50: stats.map((c) => c.p50),
      p90: stats.map((c) => c.p90),
      probabilityAbove: stats.map((_, t) => acc.cell(cells / 2 + row * n + t).mean),
    };
  });
  return { runs, seed, years: reference.years.slice(0, n), series };
}
