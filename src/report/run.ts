import type { BandTrust } from '../backtest/trust.js';
import { loadBandTrust } from '../backtest/trust.js';
import { historyFingerprint, loadHistory } from '../data/history.js';
import type { Scenario } from '../scenario/types.js';
import type { KnownValueInput } from '../models/known.js';
import { buildReport, type ForecastReport } from './report.js';
import { keyParameters } from './keyParameters.js';
import { seriesInfo } from '../models/series.js';
import { seriesOf } from '../engine/series.js';
import { DEFAULT_TARGET_RELATIVE_ERROR, simulateScenario, type Simulation, type SimulationOptions } from '../engine/simulate.js';
import { mergeShards, type NamedShard } from '../engine/shard.js';

export {
  DEFAULT_TARGET_RELATIVE_ERROR,
  POOL_THRESHOLD_RUNS,
  defaultChunkPaths,
  openWorkerPool,
  planChunks,
  prepareParams,
  simulateScenario,
  type RunAccumulator,
  type RunProgress,
  type Simulation,
  type SimulationOptions,
  type WorkerPool,
} from '../engine/simulate.js';

/** How a scenario is run into a report: the simulation's options and what the report carries besides. */
export interface RunOptions extends SimulationOptions {
  /**
   * The "How far to trust these bands" section (default: the shipped data's rolling backtest of
   * the baseline, from data/backtest-summary.json when its fingerprint matches, otherwise
   * recomputed once per process with a warning).
   */
  readonly bandTrust?: BandTrust;
  /** Known values (see SimulationOptions.known), each with where it comes from for the report. */
  readonly known?: ReadonlyArray<KnownValueInput & { readonly source?: string }>;
}

let shipped: string | undefined;

/** historyFingerprint of the package's data/, read once per process. */
function shippedFingerprint(): string {
  return (shipped ??= historyFingerprint(loadHistory()));
}

/**
 * Run a scenario's Monte Carlo and return the report. Same scenario + seed + runs ⇒ the same
 * report, whatever `workers` and `chunkPaths` are.
 *
 * @example
 * const report = await runScenario(scenario, { runs: 10_000, seed: 7, workers: 0 });
 * report.series['trade.turnover'].p50; // one median per projected year, USD bn
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<ForecastReport> {
  return reportOfSimulation(scenario, await simulateScenario(scenario, options), options);
}

/**
 * The report of shards merged (see engine/shard.ts): byte for byte the report of a single run
 * with the same scenario, seed and runs. Shards that do not make one run are a ScenarioError.
 *
 * @example
 * const report = await mergeShardReport([{ label: 'a.shard', shard: a }, { label: 'b.shard', shard: b }]);
 * report.runs; // the run's total
 */
export async function mergeShardReport(shards: readonly NamedShard[], options: Pick<RunOptions, 'bandTrust' | 'onWarning' | 'pool'> = {}): Promise<ForecastReport> {
  const sim = mergeShards(shards, options);
  return reportOfSimulation(sim.scenario, sim, options);
}

/** A finished simulation's report: its numbers, the scenario's words and key parameters, and the trust section. */
async function reportOfSimulation(scenario: Scenario, sim: Simulation, options: Pick<RunOptions, 'bandTrust' | 'onWarning' | 'pool' | 'dataDir' | 'known'>): Promise<ForecastReport> {
  const { params } = sim;
  const series = seriesInfo(seriesOf(params.structure));
  const bandTrust = options.bandTrust ?? (await loadBandTrust({ dir: options.dataDir, onWarning: options.onWarning, pool: options.pool }));
  const fingerprint = historyFingerprint(sim.history);
  return buildReport(
    sim.accumulator,
    {
      id: scenario.id,
      name: scenario.name,
      description: scenario.description,
      seed: sim.seed,
      runs: sim.runs,
      shocks: params.shocks,
      sampling: params.sampling,
      targetRelativeError: scenario.simulation.targetRelativeError ?? DEFAULT_TARGET_RELATIVE_ERROR,
      baseYear: params.baseYear,
      years: params.years,
      questions: scenario.questions ?? [],
      keyParameters: keyParameters(scenario),
      bandTrust,
      series,
      known: (options.known ?? []).map((k) => ({ series: k.series, year: k.year, value: k.value, unit: series.find((x) => x.name === k.series)?.unit ?? '', source: k.source ?? 'known value' })),
      data: { source: fingerprint === shippedFingerprint() ? 'shipped' : 'user', throughYear: params.baseYear, fingerprint },
    },
    sim.history,
  );
}
