import path from 'node:path';
import { formatProblems, MAX_PROBLEMS_SHOWN, ScenarioError, type ScenarioProblem } from '../scenario/errors.js';
import { CliOutput, type JsonProblem, type OutputMode } from './output.js';
import { escapeControlCharacters } from '../text/controlCharacters.js';
import { bandsTable, resolveTableYears, type TextTable } from '../views/tables.js';
import { plainTable, terminalQuestionsTable, terminalTable, terminalWidth } from '../views/terminal.js';
import { type ForecastReport } from '../report/report.js';
import { formatValue } from '../views/format.js';

/** Exit codes: 0 ok, 1 the run failed, 2 bad input (arguments or scenario). */
export const EXIT = { ok: 0, failure: 1, badInput: 2, interrupted: 130 } as const;

/** A table for stdout: escaped, and fitted to the terminal's width (100 columns when piped). */
export function stdoutTable(t: TextTable): string {
  return plainTable(terminalTable(t), terminalWidth(process.stdout));
}

/**
 * An AbortSignal that fires when the process receives one of `names` (Ctrl-C, kill); `dispose`
 * removes the handlers again.
 */
export function abortOnSignals(...names: NodeJS.Signals[]): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  for (const n of names) process.once(n, onSignal);
  return { signal: controller.signal, dispose: () => names.forEach((n) => process.off(n, onSignal)) };
}

/** The headline medians and bands on stdout, then the answers to the scenario's questions. */
export function printHeadline(out: CliOutput, report: ForecastReport, tableYears?: readonly number[]): void {
  out.human(`${escapeControlCharacters(report.scenario.name)}\nmedian [P10–P90]\n${stdoutTable(bandsTable(report, resolveTableYears(report.years, tableYears)))}`);
  if (report.known.length > 0) {
    const list = report.known.map((k) => `${k.series} ${k.year} = ${formatValue(k.value, k.unit)} ${k.unit}`).join('; ');
    out.human(`\nknown (from --actuals; every path takes these values, later years continue from them): ${escapeControlCharacters(list)}`);
  }
  if (report.questions.length > 0) out.human(`\n${stdoutTable(terminalQuestionsTable(report))}`);
}

/** "wrote N files to DIR: …" without listing every chart. */
export function describeWritten(dir: string, written: readonly string[]): string {
  const top = written.map((f) => path.relative(dir, f)).filter((f) => !f.includes(path.sep));
  const charts = written.length - top.length;
  return `wrote ${dir}/{${top.join(',')}}${charts > 0 ? ` and ${charts} chart files in ${path.join(dir, 'charts')}` : ''}`;
}

/** A scenario problem for a JSON document: its file, pointer and message (line and column for malformed JSON). */
export function jsonProblem(p: ScenarioProblem): JsonProblem {
  return p.line !== undefined ? { file: p.file, pointer: p.pointer, message: p.message, line: p.line, column: p.column ?? 1 } : { file: p.file, pointer: p.pointer, message: p.message };
}

/** Print a ScenarioError's problems on stderr, one line each, at most MAX_PROBLEMS_SHOWN of them. */
export function printProblems(out: CliOutput, e: ScenarioError): void {
  const lines = formatProblems(e.problems);
  lines.forEach((line, i) => out.error(line, i < MAX_PROBLEMS_SHOWN ? jsonProblem(e.problems[i]) : { message: line }));
}

/** The years a scenario projects: from the year after the data to its horizon. */
export function projectionYears(baseYear: number, horizon: number): number[] {
  return Array.from({ length: Math.max(0, horizon - baseYear) }, (_, i) => baseYear + 1 + i);
}

/** Are the --table-years (if any) all projected? If not, say which are not, on stderr. */
export function tableYearsInside(out: CliOutput, tableYears: readonly number[] | undefined, projected: readonly number[]): boolean {
  const outside = (tableYears ?? []).filter((y) => !projected.includes(y));
  if (outside.length === 0) return true;
  const range = projected.length > 0 ? `${projected[0]}–${projected[projected.length - 1]}` : 'no years';
  out.error(`error: --table-years ${outside.join(',')}: not projected (the projection covers ${range})`);
  return false;
}

/** What every command's registration needs: the CLI's output, and how to run an action (sets the output mode and the exit code). */
export interface CommandContext {
  readonly out: CliOutput;
  readonly act: (name: string, mode: OutputMode, action: () => Promise<number> | number) => Promise<void>;
}
