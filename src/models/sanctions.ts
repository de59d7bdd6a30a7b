import type { RandomStream } from '../random/stream.js';
import type { SeriesDefinition } from './series.js';

/**
 * The sanctions regime as a Markov chain over {easing, status_quo, tightening, secondary}
 * (indices 0–3), plus scheduled events that force a regime with a probability in a given year.
 */
export interface SanctionsParams {
  /** Row-major 4×4 cumulative transition probabilities: cumulative[4·from + to]. */
  readonly cumulativeTransitions: Float64Array;
  /** Events per projection year index: [toRegime, probability] pairs. */
  readonly eventsByYear: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  readonly shocks: boolean;
}

/**
 * Cumulative rows of a transition matrix (so a draw picks the next regime by one comparison pass).
 *
 * @example
 * cumulativeRows([[0.5, 0.5, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]).slice(0, 4); // [0.5, 1, 1, Infinity]: the last regime takes any rounding remainder
 */
export function cumulativeRows(matrix: ReadonlyArray<ReadonlyArray<number>>): Float64Array {
  const out = new Float64Array(16);
  for (let i = 0; i < 4; i++) {
    let acc = 0;
    for (let j = 0; j < 4; j++) {
      acc += matrix[i][j];
      out[4 * i + j] = acc;
    }
    out[4 * i + 3] = Number.POSITIVE_INFINITY; // the last regime takes any rounding remainder
  }
  return out;
}

/**
 * Next year's regime. Draws one uniform for the chain and one per scheduled event of the year.
 * Without shocks the chain stays put and an event happens when its probability is at least ½
 * (the central path follows the likelier branch).
 *
 * @example
 * stepRegime(params, 0, rng, 1); // 1 (status quo) most of the time under a sticky matrix
 */
export function stepRegime(p: SanctionsParams, yearIndex: number, rng: RandomStream, prevRegime: number): number {
  const u = rng.uniform();
  let regime = prevRegime;
  if (p.shocks) {
    const base = 4 * prevRegime;
    regime = 3;
    for (let j = 0; j < 4; j++) {
      if (u < p.cumulativeTransitions[base + j]) {
        regime = j;
        break;
      }
    }
  }
  for (const [to, probability] of p.eventsByYear[yearIndex] ?? []) {
    const v = rng.uniform();
    if (p.shocks ? v < probability : probability >= 0.5) regime = to;
  }
  return regime;
}

/** Where a path in each regime is, for the regime series' descriptions. */
const REGIME_PLACE: Readonly<Record<string, string>> = {
  easing: 'in the easing regime',
  status_quo: 'in the status-quo regime',
  tightening: 'in the tightening regime',
  secondary: 'under secondary sanctions on Chinese banks',
};

/**
 * One 0/1 series per regime (its mean over paths is the regime's probability that year), in the
 * kernel's regime order.
 *
 * @example
 * regimeSeries(['easing', 'status_quo'])[1].name; // 'sanctions.regime_status_quo'
 */
export function regimeSeries(regimes: readonly string[]): SeriesDefinition[] {
  return regimes.map((regime, index) => ({
    name: `sanctions.regime_${regime}`,
    unit: 'share of paths',
    description: `Paths ${REGIME_PLACE[regime] ?? `in the ${regime} regime`} (mean = probability)`,
    indicator: true,
    value: (y) => (y.regime === index ? 1 : 0),
  }));
}
