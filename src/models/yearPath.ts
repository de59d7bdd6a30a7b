import type { YearPath } from '../scenario/types.js';

/**
 * Value of a piecewise-linear (year, value) path in `year`: linear between points, flat before
 * the first point and after the last.
 *
 * @example
 * valueAt([{ year: 2025, value: 80 }, { year: 2030, value: 70 }], 2027); // 76
 */
export function valueAt(path: YearPath, year: number): number {
  if (year <= path[0].year) return path[0].value;
  const last = path[path.length - 1];
  if (year >= last.year) return last.value;
  for (let i = 1; i < path.length; i++) {
    const b = path[i];
    if (year <= b.year) {
      const a = path[i - 1];
      const v = a.value + ((b.value - a.value) * (year - a.year)) / (b.year - a.year);
      // Rounding can step a hair outside the endpoints (e.g. below a capacity of 0): clamp.
      return Math.min(Math.max(v, Math.min(a.value, b.value)), Math.max(a.value, b.value));
    }
  }
  return last.value;
}

/** The path evaluated at each of `years`. */
export function valuesAt(path: YearPath, years: readonly number[]): Float64Array {
  return Float64Array.from(years, (y) => valueAt(path, y));
}
