/**
 * Parse RFC 4180 CSV text (quoted fields, doubled quotes, CRLF or LF) into rows of strings.
 * Small on purpose: the shipped data files are a few KB and only use quoting for commas in
 * source notes.
 *
 * @example
 * parseCsv('a,b\n1,"x, y"\n'); // [['a','b'],['1','x, y']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Quote a CSV field when it needs it. */
export function csvField(value: string | number | boolean): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Significant digits of the numbers in summary.csv and comparison.csv (the quantiles themselves are accurate to 0.5 %). */
export const CSV_SIGNIFICANT_DIGITS = 6;

/**
 * A number for a CSV cell, to CSV_SIGNIFICANT_DIGITS significant digits, without trailing zeros:
 * what the figures can claim, not the 17 digits of a histogram bin's centre.
 *
 * @example
 * csvNumber(261.12345678901); // '261.123'
 * csvNumber(0.000012345678); // '0.0000123457'
 * csvNumber(-0); // '0'
 */
export function csvNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toPrecision(CSV_SIGNIFICANT_DIGITS));
  return rounded === 0 ? '0' : String(rounded);
}
