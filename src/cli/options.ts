import { InvalidArgumentError, Option } from 'commander';
import { backtest } from '../backtest/backtest.js';
import { RUN_SETTING_LIMITS } from '../scenario/runOptions.js';

export function integer(name: string, min: number, max: number) {
  return (raw: string): number => {
    const v = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min || v > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return v;
  };
}

/** A run setting's flag, with the same range as the library's option (RUN_SETTING_LIMITS). */
export function setting(flag: string, name: keyof typeof RUN_SETTING_LIMITS) {
  return integer(flag, RUN_SETTING_LIMITS[name].min, RUN_SETTING_LIMITS[name].max);
}

/**
 * Environment variables for the common options: each fills its flag when the flag is not given, and
 * is parsed by the flag's own parser (the same RUN_SETTING_LIMITS), so a bad value exits 2 naming it.
 */
export const ENVIRONMENT = {
  runs: 'EASTWARD_RUNS',
  seed: 'EASTWARD_SEED',
  workers: 'EASTWARD_WORKERS',
  out: 'EASTWARD_OUT',
  redis: 'EASTWARD_REDIS_URL',
  dataDir: 'EASTWARD_DATA_DIR',
} as const;

/** `--runs`, `--seed` or `--workers`: the setting's range, its environment variable, and a default if any. */
export function settingOption(name: 'runs' | 'seed' | 'workers', description: string, defaultValue?: number): Option {
  const flag = `--${name}`;
  const o = new Option(`${flag} <${name === 'runs' ? 'n' : name === 'seed' ? 's' : 'w'}>`, description).argParser(setting(flag, name)).env(ENVIRONMENT[name]);
  return defaultValue === undefined ? o : o.default(defaultValue);
}

/** `--out <dir>` with EASTWARD_OUT; required for batch (the flag or the variable). */
export function outOption(description: string, options: { readonly default?: string; readonly required?: boolean } = {}): Option {
  const o = new Option('--out <dir>', description).env(ENVIRONMENT.out);
  if (options.required) o.makeOptionMandatory();
  return options.default === undefined ? o : o.default(options.default);
}

export function yearList(raw: string): number[] {
  const years = raw.split(',').map((y) => y.trim());
  if (years.length === 0 || years.some((y) => !/^\d{4}$/.test(y))) throw new InvalidArgumentError('must be years separated by commas, e.g. 2027,2030');
  return years.map(Number);
}

export function yearRange(raw: string): [number, number] {
  const m = /^(\d{4})\.\.(\d{4})$/.exec(raw.trim());
  if (!m || Number(m[1]) > Number(m[2])) throw new InvalidArgumentError('must look like 2015..2022 (first year not after the last)');
  return [Number(m[1]), Number(m[2])];
}

/**
 * `A..B`, a range of path indices: A included, B excluded (`0..50000` then `50000..100000`).
 *
 * @example
 * pathRange('0..50000'); // { start: 0, end: 50000 }
 */
export function pathRange(raw: string): { start: number; end: number } {
  const m = /^(\d+)\.\.(\d+)$/.exec(raw.trim());
  const start = Number(m?.[1]);
  const end = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= end) throw new InvalidArgumentError('must look like 0..50000 (paths from A, included, to B, excluded; A < B)');
  return { start, end };
}

export const QUIET_HELP = 'no progress bar and no informational lines on stderr (warnings and errors are still printed)';

/** What `--json` prints, per command. */
export const JSON_HELP = {
  run: 'print one JSON document on stdout instead of the tables: { ok, command, outDir, files, report } (report: the content of report.json); with --partial: { ok, command, partial, scenario, paths, runs, seed }',
  merge: 'print one JSON document on stdout instead of the tables: { ok, command, outDir, files, shards, report } (report: the content of report.json)',
  compare: 'print one JSON document on stdout instead of the tables: { ok, command, outDir, files, scenarios, reference, years, warnings, questions, rows } (rows: the rows of comparison.csv)',
  batch: 'print one JSON document on stdout: { ok, command, outDir, counts, scenarios, indexFiles } (scenarios: each file\'s status, report folder and problems)',
  validate: 'print one JSON document on stdout: { ok, command, files: [{ file, valid, problems: [{ file, pointer, message }] }] }',
  backtest: 'print one JSON document on stdout instead of the Markdown: { ok, command, outDir, files, backtest } (backtest: the content of backtest.json)',
  sensitivity: 'print one JSON document on stdout instead of the tables: { ok, command, outDir, files, sensitivity } (sensitivity: the content of sensitivity.json)',
} as const;

export const SCENARIO_ROOT_HELP = 'folder tree that a scenario\'s "extends" may reach (default: the scenario file\'s own folder)';

/** Exit codes each command documents in its --help (code: meaning). */
export const BAD_INPUT = 'bad input: arguments, an EASTWARD_* variable, a scenario, or an output folder in the way';

/**
 * The text after a command's options in --help: examples, then its exit codes.
 *
 * @example
 * commandHelp(['eastward series'], { 0: 'ok' }); // '\nExamples:\n  $ eastward series\n\nExit codes:\n  0    ok'
 */
export function commandHelp(examples: readonly string[], exits: Readonly<Record<number, string>>): string {
  const codes = Object.entries(exits).map(([code, meaning]) => `  ${code.padEnd(4)} ${meaning}`);
  return `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n\nExit codes:\n${codes.join('\n')}`;
}

/**
 * `--data-dir <dir>` with EASTWARD_DATA_DIR: a folder laid out like the shipped data/, e.g. with a
 * newer year; the base year, calibration and trust section follow it.
 */
export function dataDirOption(): Option {
  return new Option('--data-dir <dir>', 'data folder laid out like the shipped data/ (history.csv, settlement-statements.csv, logistics.csv), e.g. with a newer year: the base year, calibration and trust section follow it (default: the shipped data)').env(ENVIRONMENT.dataDir);
}

/** `--scenario-root <dir>`, as every command that reads scenario files takes it. */
export function scenarioRootOption(): Option {
  return new Option('--scenario-root <dir>', SCENARIO_ROOT_HELP);
}

/** `--json` with the command's own description of the document it prints. */
export function jsonOption(description: string): Option {
  return new Option('--json', description);
}

/** `--quiet`, the same for every command. */
export function quietOption(): Option {
  return new Option('--quiet', QUIET_HELP);
}
