import type { ScenarioProblem } from './errors.js';
import { isJsonObject } from './merge.js';

/**
 * The ranges of the run settings, for the CLI's flags and the library's options alike (one
 * contract): a value outside them is bad input, found before any work.
 */
export const RUN_SETTING_LIMITS = {
  runs: { min: 1, max: 100_000_000 },
  seed: { min: 0, max: 4_294_967_295 },
  workers: { min: 0, max: 256 },
  chunkPaths: { min: 1, max: 100_000_000 },
} as const;

/** The sampling methods (the schema's simulation.sampling enum). */
export const SAMPLING_METHODS = ['independent', 'antithetic'] as const;

/** What names the options in messages ("file" of a problem that is not in a file). */
export const RUN_OPTIONS_LABEL = 'runScenario options';

/** Options that must be functions, or an AbortSignal, when given. */
const CALLBACKS = ['onProgress', 'onWarning'] as const;

/**
 * Problems with runScenario's options, each with the option's pointer (`/workers`): whole numbers
 * within RUN_SETTING_LIMITS, a known sampling method, callbacks that are functions, a real
 * AbortSignal. NaN, strings and fractions are refused here rather than hanging a pool or throwing
 * a RangeError deep in a run.
 *
 * @example
 * runOptionProblems({ workers: NaN }); // [{ file: 'runScenario options', pointer: '/workers', message: 'must be a whole number from 0 to 256 (got NaN)' }]
 */
export function runOptionProblems(options: unknown): ScenarioProblem[] {
  if (options === undefined) return [];
  const problem = (pointer: string, message: string): ScenarioProblem => ({ file: RUN_OPTIONS_LABEL, pointer, message });
  if (!isJsonObject(options)) return [problem('', `must be an object (got ${options === null ? 'null' : typeof options})`)];
  const out: ScenarioProblem[] = [];
  for (const [name, { min, max }] of Object.entries(RUN_SETTING_LIMITS)) {
    const v = options[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      out.push(problem(`/${name}`, `must be a whole number from ${min} to ${max} (got ${typeof v === 'number' ? String(v) : JSON.stringify(v) ?? typeof v})`));
    }
  }
  const sampling = options.sampling;
  if (sampling !== undefined && !(SAMPLING_METHODS as readonly unknown[]).includes(sampling)) {
    out.push(problem('/sampling', `must be one of ${SAMPLING_METHODS.map((m) => JSON.stringify(m)).join(', ')} (got ${JSON.stringify(sampling) ?? typeof sampling})`));
  }
  for (const name of CALLBACKS) {
    if (options[name] !== undefined && typeof options[name] !== 'function') out.push(problem(`/${name}`, 'must be a function'));
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) out.push(problem('/signal', 'must be an AbortSignal'));
  const known = options.known;
  if (known !== undefined) {
    if (!Array.isArray(known)) out.push(problem('/known', 'must be an array of { series, year, value }'));
    else known.forEach((k: unknown, i) => {
      if (!isJsonObject(k) || typeof k.series !== 'string' || typeof k.year !== 'number' || typeof k.value !== 'number') out.push(problem(`/known/${i}`, 'must be an object { series: string, year: number, value: number }'));
    });
  }
  if (options.dataDir !== undefined && (typeof options.dataDir !== 'string' || options.dataDir === '')) out.push(problem('/dataDir', 'must be the path of a data folder (a non-empty string)'));
  return out;
}
