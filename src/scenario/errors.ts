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

/**
 * Thrown when a scenario cannot be used. Carries every problem found, not just the first, so an
 * analyst fixes a file in one pass. The CLI maps it to exit code 2.
 */
export class ScenarioError extends Error {
  readonly problems: readonly ScenarioProblem[];
  constructor(problems: readonly ScenarioProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

/** `<file>: <json pointer>: <message>` (or `<file>:<line>:<column>: <message>` for malformed JSON) — what the CLI prints. */
export function formatProblem(p: ScenarioProblem): string {
  if (p.line !== undefined) return `${p.file}:${p.line}:${p.column ?? 1}: ${p.message}`;
  return `${p.file}: ${p.pointer === '' ? '/' : p.pointer}: ${p.message}`;
}
