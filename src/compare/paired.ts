import type { History } from '../data/history.js';
import { prepareParams } from '../engine/simulate.js';
import { openVariantPool, pairedDifferences, type VariantPool } from '../engine/variants.js';
import { POOL_THRESHOLD_RUNS } from '../engine/simulate.js';
import type { Scenario } from '../scenario/types.js';
import type { PairedAgainstReference } from './compare.js';
import type { Calibration } from '../models/calibration.js';

/**
 * Paired differences of every scenario from the first (the reference), each pair run on the same
 * paths with one seed and run count: the kernel seeds every path from (seed, path index, block),
 * so path i of both scenarios sees the same oil, sanctions and macro shocks, and their difference
 * is the scenarios' doing. An entry without a scenario (a report read from disk) gets none, and
 * so do all when the reference has none.
 *
 * @example
 * const paired = await pairedAgainstReference([baseline, deEscalation], { runs: 10_000, seed: 1 }, { history });
 * paired[1]?.series['trade.turnover'].p50; // median of de-escalation − baseline per year
 */
export async function pairedAgainstReference(
  scenarios: ReadonlyArray<Scenario | undefined>,
  settings: { readonly runs: number; readonly seed: number },
  options: { readonly history: History; readonly dataDir?: string; readonly calibration?: Calibration; readonly workers?: number; readonly signal?: AbortSignal; readonly onWarning?: (m: string) => void },
): Promise<PairedAgainstReference> {
  const [reference, ...others] = scenarios;
  if (!reference || others.every((s) => s === undefined)) return scenarios.map(() => undefined);
  const params = (s: Scenario) => prepareParams(s, { history: options.history, dataDir: options.dataDir, calibration: options.calibration, onWarning: options.onWarning }).params;
  const ref = params(reference);
  // Two evaluations per path: threads pay off from half a run's pool threshold.
  const usePool = options.workers === undefined ? settings.runs * 2 >= POOL_THRESHOLD_RUNS : options.workers > 0;
  let pool: VariantPool | undefined;
  try {
    if (usePool) pool = openVariantPool(options.workers);
    const out: PairedAgainstReference[number][] = [undefined];
    for (const s of others) out.push(s ? await pairedDifferences(ref, params(s), settings, { pool, workers: 0, signal: options.signal }) : undefined);
    return out;
  } finally {
    await pool?.destroy();
  }
}
