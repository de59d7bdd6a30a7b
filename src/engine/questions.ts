import type { QuestionComparison, Question } from '../scenario/types.js';
import type { SeriesInfo } from '../models/series.js';

/**
 * A question resolved to row and year indices, ready for the kernel: plain numbers only, so it
 * travels to workers with the rest of the parameters.
 */
export interface QuestionCheck {
  /** Row of the series in a path's output buffer. */
  readonly seriesRow: number;
  /** 0: >=, 1: >, 2: <=, 3: < (an index: string compares cost on the hot path). */
  readonly comparison: number;
  readonly threshold: number;
  /** Projected-year indices tested, inclusive. */
  readonly fromIndex: number;
  readonly toIndex: number;
  /** true: the condition must hold in every tested year; false: in at least one. */
  readonly everyYear: boolean;
}

const COMPARISONS: readonly QuestionComparison[] = ['>=', '>', '<=', '<'];

/**
 * When a question is tested, in words ("in 2030", "in any year up to 2027", …).
 *
 * @example
 * questionWhen({ by: 2027 } as Question); // 'in at least one year up to 2027'
 */
export function questionWhen(q: Question): string {
  if (q.year !== undefined) return `in ${q.year}`;
  if (q.by !== undefined) return `in at least one year up to ${q.by}`;
  if (q.everyYearThrough !== undefined) return `in every year up to ${q.everyYearThrough}`;
  return 'in at least one projected year';
}

/**
 * Resolve validated questions against the projected years. Validation (semantics.ts) has checked
 * that exactly one "when" is given and its year is projected; this only maps names to indices.
 */
export function resolveQuestions(questions: readonly Question[], years: readonly number[], series: readonly SeriesInfo[]): QuestionCheck[] {
  const first = years[0];
  const last = years.length - 1;
  return questions.map((q) => {
    const seriesRow = series.findIndex((s) => s.name === q.series);
    // Validation (againstModel) has checked the name against the same list.
    if (seriesRow < 0) throw new Error(`internal: question ${q.id} names unknown series ${q.series}`);
    const index = (year: number) => Math.min(last, Math.max(0, year - first));
    let fromIndex = 0;
    let toIndex = last;
    if (q.year !== undefined) fromIndex = toIndex = index(q.year);
    else if (q.by !== undefined) toIndex = index(q.by);
    else if (q.everyYearThrough !== undefined) toIndex = index(q.everyYearThrough);
    return {
      seriesRow,
      comparison: COMPARISONS.indexOf(q.comparison),
      threshold: q.threshold,
      fromIndex,
      toIndex,
      everyYear: q.everyYearThrough !== undefined,
    };
  });
}

function holds(value: number, comparison: number, threshold: number): boolean {
  switch (comparison) {
    case 0:
      return value >= threshold;
    case 1:
      return value > threshold;
    case 2:
      return value <= threshold;
    default:
      return value < threshold;
  }
}

/**
 * Answer each question for one finished path: write 1 (the event happened) or 0 into the cells
 * after the series (cell `firstCell` + q, firstCell = series × years). Across paths, the mean of
 * a cell is the event's probability, and its Monte Carlo error comes with it like any other mean's.
 *
 * @example
 * // out holds one path (rows series × years); checks[0] asks turnover >= 300 in the last year
 * answerQuestions(checks, out, years.length, rows * years.length); // out[rows * years.length] is 0 or 1
 */
export function answerQuestions(checks: readonly QuestionCheck[], out: Float64Array, yearCount: number, firstCell: number): void {
  const first = firstCell;
  for (let q = 0; q < checks.length; q++) {
    const c = checks[q];
    const row = c.seriesRow * yearCount;
    let answer = c.everyYear;
    for (let t = c.fromIndex; t <= c.toIndex; t++) {
      const h = holds(out[row + t], c.comparison, c.threshold);
      if (c.everyYear ? !h : h) {
        answer = !c.everyYear;
        break;
      }
    }
    out[first + q] = answer ? 1 : 0;
  }
}

/** The unit of a question's threshold: its series' unit. */
export function questionUnit(q: Question, series: readonly SeriesInfo[]): string {
  return series.find((s) => s.name === q.series)?.unit ?? '';
}
