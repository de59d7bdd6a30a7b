import { escapeControlCharacters } from '../text/controlCharacters.js';

/** One problem found in a scenario file: where (file + RFC 6901 JSON pointer) and what. */
export interface ScenarioProblem {
  readonly file: string;
  /** JSON pointer into the file's document ("" is the whole document); for syntax errors, "line L column C". */
  readonly pointer: string;
  readonly message: string;
  /** For JSON syntax errors: 1-based line and column of the fault. */
  readonly line?: number;
  readonly column?: number;
}

/** At most this many problems are printed; the rest are counted ("… and N more problems"). */
export const MAX_PROBLEMS_SHOWN = 50;

/**
 * Thrown when a scenario cannot be used. Carries every problem found, not just the first, so an
 * analyst fixes a file in one pass. The CLI maps it to exit code 2.
 */
export class ScenarioError extends Error {
  readonly problems: readonly ScenarioProblem[];
  constructor(problems: readonly ScenarioProblem[]) {
    super(formatProblems(problems).join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

/**
 * `<file>: <json pointer>: <message>` (or `<file>:<line>:<column>: <message>` for malformed JSON) —
 * what the CLI prints, on one line: control characters in file names, keys or messages are shown
 * escaped, never sent raw to a terminal.
 */
export function formatProblem(p: ScenarioProblem): string {
  const text = p.line !== undefined ? `${p.file}:${p.line}:${p.column ?? 1}: ${p.message}` : `${p.file}: ${p.pointer === '' ? '/' : p.pointer}: ${p.message}`;
  return escapeControlCharacters(text);
}

/**
 * The lines to print for a list of problems: the first `max` formatted, then one line counting the
 * rest, so a 150 000-item bad array does not print 150 000 lines.
 *
 * @example
 * formatProblems(problems, 2); // ['a.json: /x: …', 'a.json: /y: …', '… and 149998 more problems']
 */
export function formatProblems(problems: readonly ScenarioProblem[], max: number = MAX_PROBLEMS_SHOWN): string[] {
  const shown = problems.slice(0, max).map(formatProblem);
  const rest = problems.length - shown.length;
  return rest > 0 ? [...shown, `… and ${rest} more problem${rest === 1 ? '' : 's'}`] : shown;
}
