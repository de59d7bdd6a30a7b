import type { Mutable } from './mutable.js';
import type { RandomStream } from '../random/stream.js';

/** An infrastructure item as the kernel sees it (capacity in bcm/yr or Mt/yr). */
export interface InfrastructureParams {
  readonly capacity: number;
  readonly probabilityBuilt: number;
  readonly earliestStartYear: number;
  readonly latestStartYear: number;
  readonly rampYears: number;
  readonly sanctioned: boolean;
}

/** What one path drew for one item: whether it is ever built and when flows start. */
export interface InfrastructureDraw {
  readonly built: boolean;
  readonly startYear: number;
}

/**
 * Draw whether an item is built and its start year (uniform over earliest…latest). Two uniforms,
 * always. Without shocks: built when the probability is at least ½, starting mid-window.
 *
 * @example
 * drawInfrastructure({ capacity: 50, probabilityBuilt: 1, earliestStartYear: 2030, latestStartYear: 2030, rampYears: 5, sanctioned: false }, rng, true);
 * // { built: true, startYear: 2030 }
 */
export function drawInfrastructure(item: InfrastructureParams, rng: RandomStream, shocks: boolean, into?: Mutable<InfrastructureDraw>): InfrastructureDraw {
  const uBuilt = rng.uniform();
  const uStart = rng.uniform();
  const span = item.latestStartYear - item.earliestStartYear + 1;
  const out: Mutable<InfrastructureDraw> = into ?? { built: false, startYear: 0 };
  if (!shocks) {
    out.built = item.probabilityBuilt >= 0.5;
    out.startYear = item.earliestStartYear + Math.floor((span - 1) / 2);
  } else {
    out.built = uBuilt < item.probabilityBuilt;
    out.startYear = item.earliestStartYear + Math.min(span - 1, Math.floor(uStart * span));
  }
  return out;
}

/**
 * Share of design capacity available in `year`: 0 before the start year, then a linear ramp that
 * reaches 1 after `rampYears` years. "Start year" is the year first flows begin (usually late in
 * the year), so it contributes 0 and the next year 1/rampYears.
 *
 * @example
 * rampShare(2019, 6, 2024); // 5/6 — Power of Siberia: first gas Dec 2019, design rate Dec 2024
 */
export function rampShare(startYear: number, rampYears: number, year: number): number {
  if (year <= startYear) return 0;
  return Math.min(1, (year - startYear) / rampYears);
}

/**
 * Capacity in force in `year`, summed over items; sanctioned items count only for the regime's
 * access share.
 *
 * @example
 * capacityInForce(items, draws, 2030, 1); // bcm/yr
 */
export function capacityInForce(
  items: readonly InfrastructureParams[],
  draws: readonly InfrastructureDraw[],
  year: number,
  sanctionedAccessShare: number,
): number {
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const d = draws[i];
    if (!d.built) continue;
    const item = items[i];
    total += item.capacity * rampShare(d.startYear, item.rampYears, year) * (item.sanctioned ? sanctionedAccessShare : 1);
  }
  return total;
}
