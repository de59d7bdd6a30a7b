import { beforeAll, describe, expect, it } from 'vitest';
import type { ForecastReport } from '../src/report/report.js';
import { runScenario } from '../src/report/run.js';
import { bandsTable, defaultTableYears } from '../src/views/tables.js';
import { DEFAULT_TERMINAL_WIDTH, fitWidths, plainTable, terminalQuestionsTable, terminalTable, terminalWidth } from '../src/views/terminal.js';
import { loadLibraryScenario } from './helpers.js';

let report: ForecastReport;

beforeAll(async () => {
  report = await runScenario(loadLibraryScenario('baseline.json'), { runs: 1024, seed: 1, workers: 0 });
});

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('terminal tables fit the terminal', () => {
  it('uses the terminal\'s columns on a TTY and 100 otherwise', () => {
    expect(terminalWidth({ isTTY: true, columns: 80 })).toBe(80);
    expect(terminalWidth({ isTTY: false, columns: 80 })).toBe(DEFAULT_TERMINAL_WIDTH);
    expect(terminalWidth({})).toBe(100);
  });

  it('shrinks text columns first, numbers only when text cannot give way, never below a word', () => {
    expect(fitWidths([74, 11, 19], [12, 11, 5], [false, true, true], 80)).toEqual([46, 11, 19]);
    expect(fitWidths([20, 30], [20, 10], [false, true], 40, [20, 25])).toEqual([20, 18]); // straight to its split width, then 1 by 1
    expect(fitWidths([20, 30], [20, 10], [false, true], 40)).toEqual([20, 10]);
    expect(fitWidths([20, 30], [20, 25], [false, true], 40)).toEqual([20, 25]); // cannot fit: as narrow as the words allow
    expect(fitWidths([5, 5], [1, 1], [false, false], 100)).toEqual([5, 5]);
  });

  it('the questions table: question text with its condition below, within 100, 80 and 60 columns, no word lost', () => {
    const t = terminalTable(terminalQuestionsTable(report));
    expect(t.header).toEqual(['question', 'probability', '± MC error']);
    for (const width of [100, 80, 60]) {
      const text = plainTable(t, width);
      expect(widest(text), `${width}\n${text}`).toBeLessThanOrEqual(width);
      const flat = text.replace(/\d+\.\d %/g, ' ').replace(/\s+/g, ' '); // the question column alone
      for (const q of report.questions) {
        expect(flat).toContain(q.text.replace(/\s+/g, ' '));
        expect(flat).toContain(`${q.series} ${q.comparison} ${q.threshold}`);
      }
    }
    // At 100 columns (piped output) nothing wraps: one line per question, one per condition.
    const lines = plainTable(t, 100).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 2 * report.questions.length);
    expect(lines[2]).toMatch(/^ {2}trade\.turnover >= 300 USD bn in 2030$/);
  });

  it('the bands table fits 100 columns, and at 80 puts each band below its median', () => {
    const t = bandsTable(report, defaultTableYears(report.years));
    expect(widest(plainTable(t))).toBeGreaterThan(100); // the natural width: fitting is needed
    expect(widest(plainTable(t, 100))).toBeLessThanOrEqual(100);
    const narrow = plainTable(t, 80);
    expect(widest(narrow)).toBeLessThanOrEqual(80);
    const turnover = narrow.split('\n').findIndex((l) => l.startsWith('trade.turnover'));
    // Every band of a column that gave way sits below its median: no row mixes the two forms.
    for (const series of ['trade.turnover', 'trade.balance', 'oil.brent']) {
      const at = narrow.split('\n').findIndex((l) => l.startsWith(series));
      expect(narrow.split('\n')[at], series).not.toContain('[');
      expect(narrow.split('\n')[at + 1], series).toMatch(/^\s+\[-?\d/);
    }
  });

  it('keeps user text inert: a newline or escape in a question is shown escaped, not obeyed', () => {
    const hostile: ForecastReport = { ...report, questions: [{ ...report.questions[0], text: 'a\nb\u001b[31m' }] };
    const text = plainTable(terminalTable(terminalQuestionsTable(hostile)), 100);
    expect(text).toContain('a\\nb\\u001b[31m');
    expect(text).not.toContain('\u001b');
  });
});
