import type { BandTrust } from '../backtest/trust.js';
import { loadBandTrust } from '../backtest/trust.js';
import { historyFingerprint, loadHistory } from '../data/history.js';
import { SERIES } from '../engine/series.js';
import type { Scenario } from '../scenario/types.js';
import type { KnownValueInput } from '../models/known.js';
import { buildReport, type ForecastReport } from './report.js';
import { keyParameters } from './keyParameters.js';
import { DEFAULT_TARGET_RELATIVE_ERROR, simulateScenario, type SimulationOptions } from '../engine/simulate.js';

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
  const sim = await simulateScenario(scenario, options);
  const { params } = sim;
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
      known: (options.known ?? []).map((k) => ({ series: k.series, year: k.year, value: k.value, unit: SERIES.find((x) => x.name === k.series)?.unit ?? '', source: k.source ?? 'known value' })),
      data: { source: fingerprint === shippedFingerprint() ? 'shipped' : 'user', throughYear: params.baseYear, fingerprint },
    },
    sim.history,
  );
}

