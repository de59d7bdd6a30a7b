import type { ForecastReport } from '../report/report.js';
import { escapeControlCharacters } from '../text/controlCharacters.js';
import { formatPercent } from './format.js';
import type { TextTable } from './tables.js';

/** Width assumed when stdout is not a terminal (a pipe, a file, a CI log). */
export const DEFAULT_TERMINAL_WIDTH = 100;

/** Space between columns. */
const GAP = 2;

/**
 * The width the terminal tables must fit: the terminal's columns when `stream` is a terminal,
 * else DEFAULT_TERMINAL_WIDTH (so piped output does not depend on the window it came from).
 *
 * @example
 * terminalWidth(process.stdout); // the terminal's columns (80 in an 80-column terminal), 100 when piped
 */
export function terminalWidth(stream: { readonly isTTY?: boolean; readonly columns?: number }): number {
  return stream.isTTY && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : DEFAULT_TERMINAL_WIDTH;
}

/**
 * A table whose every line is safe for a terminal (a scenario's name or question text is user
 * text): control characters escaped, line by line, so the line breaks a view put in a cell stay.
 *
 * @example
 * terminalTable({ title: 'T', caption: '', header: ['a'], rows: [['x\u001b[31m\ny']], numericColumns: [] }).rows[0][0]; // 'x\\u001b[31m\ny'
 */
export function terminalTable(t: TextTable): TextTable {
  const safe = (cell: string) => cell.split('\n').map(escapeControlCharacters).join('\n');
  return { ...t, title: safe(t.title), header: t.header.map(safe), rows: t.rows.map((r) => r.map(safe)) };
}

/**
 * The questions for a terminal: the question text with its condition indented on the line below
 * (rather than two wide columns saying the same thing twice), the probability and its Monte Carlo
 * error. User text is escaped here, before the line break is added.
 *
 * @example
 * terminalQuestionsTable(report).rows[0]; // ['Is turnover at or above USD 300 bn in 2030?\n  trade.turnover >= 300 USD bn in 2030', '76.3 %', '0.4 %']
 */
export function terminalQuestionsTable(report: ForecastReport): TextTable {
  return {
    title: 'Questions',
    caption: 'Share of paths on which each event happens; ± is the Monte Carlo error only.',
    header: ['question', 'probability', '± MC error'],
    rows: report.questions.map((q) => [
      `${escapeControlCharacters(q.text)}\n  ${escapeControlCharacters(`${q.series} ${q.comparison} ${q.threshold} ${q.unit} ${q.when}`)}`,
      formatPercent(q.probability),
      formatPercent(q.standardError),
    ]),
    numericColumns: [1, 2],
  };
}

/**
 * Where a cell may break: text at spaces; a number before its band ("466.4 [306.4–738.8]") and,
 * as a last resort, after the "to" of a band with negative ends ("[-291.5 to 100.0]").
 */
function words(line: string, numeric: boolean): string[] {
  return (numeric ? line.split(/ (?=\[)|(?<= to) /) : line.split(/ +/)).filter((w) => w !== '');
}

/** A numeric cell's median and band on lines of their own ("466.4", "[306.4–738.8]"). */
function splitBand(cell: string): string[] {
  return cell.split('\n').flatMap((l) => l.split(/ (?=\[)/));
}

/**
 * A cell's lines within `width`: its own line breaks kept, each line wrapped at its break points,
 * continuation lines keeping the line's indentation. A number column narrower than its widest
 * cell puts every band below its median (`split`), so the column reads alike on every row. A word
 * longer than `width` stays whole.
 */
function wrapCell(text: string, width: number, numeric: boolean, split: boolean): string[] {
  const out: string[] = [];
  for (const line of numeric && split ? splitBand(text) : text.split('\n')) {
    const indent = /^ */.exec(line)![0];
    let current = '';
    for (const w of words(line.slice(indent.length), numeric)) {
      if (current !== '' && indent.length + current.length + 1 + w.length > width) {
        out.push(indent + current);
        current = w;
      } else current = current === '' ? w : `${current} ${w}`;
    }
    out.push(indent + current);
  }
  return out;
}

/** The widest line of a cell as written. */
function naturalWidth(cell: string): number {
  return Math.max(...cell.split('\n').map((l) => l.length));
}

/** The cell's longest unbreakable piece (with its line's indentation). */
function minimumWidth(cell: string, numeric: boolean): number {
  return Math.max(...cell.split('\n').map((l) => {
    const indent = /^ */.exec(l)![0].length;
    return indent + Math.max(0, ...words(l, numeric).map((w) => w.length));
  }));
}

/**
 * Column widths that fit `available` characters (with two spaces between columns): while the
 * table is too wide, the widest text column that can still give up a character does; numbers give
 * way only once no text column can, dropping first straight to `split` (the width with every band
 * below its median), then a character at a time; never below the longest word of a column.
 *
 * @example
 * fitWidths([74, 11, 19], [12, 11, 5], [false, true, true], 80); // [46, 11, 19]: the text column gives way first
 */
export function fitWidths(natural: readonly number[], minimum: readonly number[], numeric: readonly boolean[], available: number, split: readonly number[] = minimum): number[] {
  const widths = [...natural];
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);
  while (total() > available) {
    const shrinkable = (wantNumeric: boolean) => widths.map((_, i) => i).filter((i) => numeric[i] === wantNumeric && widths[i] > minimum[i]);
    const candidates = shrinkable(false).length > 0 ? shrinkable(false) : shrinkable(true);
    if (candidates.length === 0) break; // as narrow as its words allow
    const widest = candidates.reduce((a, b) => (widths[b] > widths[a] ? b : a));
    widths[widest] = numeric[widest] && widths[widest] === natural[widest] ? Math.max(minimum[widest], Math.min(natural[widest] - 1, split[widest])) : widths[widest] - 1;
  }
  return widths;
}

/**
 * A table padded for a terminal `width` characters wide: first columns left-aligned, numeric
 * columns right-aligned; cells wrap (text at spaces, a band below its median) when the table
 * would be wider, and a cell's own line breaks are kept.
 *
 * @example
 * plainTable(bandsTable(report, [2025, 2030]), 100); // 'series  unit  2025  2030\n…'
 */
export function plainTable(t: TextTable, width: number = Number.POSITIVE_INFINITY): string {
  const numeric = t.header.map((_, i) => t.numericColumns.includes(i));
  const all = [t.header, ...t.rows];
  const natural = t.header.map((_, i) => Math.max(...all.map((r) => naturalWidth(r[i]))));
  const minimum = t.header.map((_, i) => Math.max(...all.map((r) => minimumWidth(r[i], numeric[i]))));
  const split = t.header.map((_, i) => Math.max(...all.map((r) => Math.max(...splitBand(r[i]).map((l) => l.length)))));
  const widths = fitWidths(natural, minimum, numeric, width, split);
  const lines: string[] = [];
  for (const row of all) {
    const cells = row.map((c, i) => wrapCell(c, widths[i], numeric[i], widths[i] < natural[i]));
    const height = Math.max(...cells.map((c) => c.length));
    for (let k = 0; k < height; k++) {
      lines.push(cells.map((c, i) => (numeric[i] ? (c[k] ?? '').padStart(widths[i]) : (c[k] ?? '').padEnd(widths[i]))).join(' '.repeat(GAP)).trimEnd());
    }
  }
  return `${lines.join('\n')}\n`;
}
