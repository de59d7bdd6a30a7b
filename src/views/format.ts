/**
 * A number for a reader, at a precision that suits its unit: shares to three decimals, paths'
 * shares and probabilities as percentages, USD bn, Mt, bcm and prices to one decimal (two below 10).
 * Formatting is fixed (no locale), so report bytes do not depend on the machine.
 *
 * @example
 * formatValue(277.31, 'USD bn'); // '277.3'
 * formatValue(0.97512, 'share 0–1'); // '0.975'
 * formatValue(0.0312, 'share of paths'); // '3.1 %'
 */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'share of paths') return formatPercent(value);
  if (unit.startsWith('share')) return value.toFixed(3);
  if (unit.startsWith('index')) return value.toFixed(3);
  const abs = Math.abs(value);
  return abs !== 0 && abs < 10 ? value.toFixed(2) : value.toFixed(1);
}

/**
 * A probability or share of paths as a percentage, one decimal.
 *
 * @example
 * formatPercent(0.35025); // '35.0 %'
 */
export function formatPercent(p: number): string {
  return `${(p * 100).toFixed(1)} %`;
}

/**
 * Median with its P10–P90 band, e.g. '277.3 [218.1–363.2]'. A band with a negative end reads
 * '[-41.1 to 71.2]': a dash between signed numbers would read as a minus.
 *
 * @example
 * formatBand(277.31, 218.1, 363.2, 'USD bn'); // '277.3 [218.1–363.2]'
 * formatBand(19.2, -41.1, 71.2, 'USD bn'); // '19.2 [-41.1 to 71.2]'
 */
export function formatBand(median: number, low: number, high: number, unit: string): string {
  const separator = low < 0 || high < 0 ? ' to ' : '–';
  return `${formatValue(median, unit)} [${formatValue(low, unit)}${separator}${formatValue(high, unit)}]`;
}

/**
 * A signed difference, with a '+' when positive (for comparisons against a reference).
 *
 * @example
 * formatSigned(12.34, 'USD bn'); // '+12.3'
 */
export function formatSigned(value: number, unit: string): string {
  const s = formatValue(value, unit);
  return value > 0 ? `+${s}` : s;
}
