import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { scenarioSchemaPath } from '../paths.js';
import { ScenarioError, type ScenarioProblem } from './errors.js';
import { deepMerge, isJsonObject, jsonDepth, pointerExists, pointerGet, pointerToken, type JsonObject } from './merge.js';
import { parseJsonWithPosition } from './parseJson.js';
import type { Scenario } from './types.js';
import { semanticProblems } from './semantics.js';
import { reconcileBaseYear, type BaseYearData } from '../models/baseState.js';

/** Files larger than this are refused before parsing (a scenario is a few KB). */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;
/** Deeper nesting than this is refused (the schema's deepest path is 6). */
export const MAX_SCENARIO_DEPTH = 32;

let compiled: ValidateFunction | undefined;

/** The compiled JSON Schema validator (compiled once per process). */
export function scenarioValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    compiled = ajv.compile(JSON.parse(readFileSync(scenarioSchemaPath, 'utf8')) as object);
  }
  return compiled;
}

/** One link of an `extends` chain: the file and its own (unmerged) document. */
export interface ChainLink {
  readonly file: string;
  readonly document: JsonObject;
}

/** A scenario file with its `extends` chain resolved and validated. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  /** The child first, then its parent, grandparent, … */
  readonly chain: readonly ChainLink[];
}

export interface LoadOptions {
  /** Last data year; the horizon must lie after it. Checked only when given. */
  readonly baseYear?: number;
  /** The base year's data: when given, the scenario is also reconciled with it (implies baseYear). */
  readonly base?: BaseYearData;
  /** How the file is named in messages (default: the path as given). */
  readonly displayName?: string;
}

function readJsonObject(file: string, shown: string): JsonObject {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError([{ file: shown, pointer: '', message: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(e)})` }]);
  }
  if (size > MAX_SCENARIO_BYTES) {
    throw new ScenarioError([{ file: shown, pointer: '', message: `file is ${size} bytes; a scenario may be at most ${MAX_SCENARIO_BYTES} bytes` }]);
  }
  const text = readFileSync(file, 'utf8');
  const parsed = parseJsonWithPosition(text);
  if (!parsed.ok) {
    throw new ScenarioError([{ file: shown, pointer: '', line: parsed.line, column: parsed.column, message: `invalid JSON: ${parsed.message}` }]);
  }
  if (!isJsonObject(parsed.value)) {
    throw new ScenarioError([{ file: shown, pointer: '', message: 'a scenario must be a JSON object' }]);
  }
  const depth = jsonDepth(parsed.value);
  if (depth > MAX_SCENARIO_DEPTH) {
    throw new ScenarioError([{ file: shown, pointer: '', message: `values are nested ${depth} deep; at most ${MAX_SCENARIO_DEPTH} levels are allowed` }]);
  }
  return parsed.value;
}

/** Read a scenario file and its `extends` ancestors (child first). Cycles and missing parents are errors. */
export function readChain(file: string, displayName = file): ChainLink[] {
  const chain: ChainLink[] = [];
  const seen = new Set<string>();
  let current = path.resolve(file);
  let shown = displayName;
  for (;;) {
    if (seen.has(current)) {
      const child = chain[chain.length - 1];
      throw new ScenarioError([{ file: child.file, pointer: '/extends', message: `extends cycle: ${[...chain.map((c) => c.file), shown].join(' → ')}` }]);
    }
    seen.add(current);
    const document = readJsonObject(current, shown);
    chain.push({ file: shown, document });
    const parent = document.extends;
    if (parent === undefined) return chain;
    if (typeof parent !== 'string' || parent === '') {
      throw new ScenarioError([{ file: shown, pointer: '/extends', message: 'must be a relative path to another scenario file' }]);
    }
    const next = path.resolve(path.dirname(current), parent);
    const nextShown = path.join(path.dirname(shown), parent);
    try {
      statSync(next);
    } catch {
      throw new ScenarioError([{ file: shown, pointer: '/extends', message: `parent scenario not found: ${nextShown}` }]);
    }
    current = next;
    shown = nextShown;
  }
}

/** Merge a chain (child first) into one document; the result has no `extends`. */
export function mergeChain(chain: readonly ChainLink[]): JsonObject {
  let merged: JsonObject = {};
  for (let i = chain.length - 1; i >= 0; i--) merged = deepMerge(merged, chain[i].document);
  delete merged.extends;
  return merged;
}

/** The file of the chain that sets the value at `pointer` (the most derived one), else the child. */
function owner(chain: readonly ChainLink[], pointer: string): string {
  for (const link of chain) if (pointerExists(link.document, pointer)) return link.file;
  return chain[0].file;
}

function describeAjvError(err: ErrorObject, doc: unknown): { pointer: string; message: string } {
  const at = err.instancePath;
  switch (err.keyword) {
    case 'required':
      return { pointer: `${at}/${pointerToken(String(err.params.missingProperty))}`, message: 'is required but missing' };
    case 'additionalProperties':
      return { pointer: `${at}/${pointerToken(String(err.params.additionalProperty))}`, message: 'is not a known property here' };
    case 'enum':
      return { pointer: at, message: `must be one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(pointerGet(doc, at))})` };
    default: {
      const got = pointerGet(doc, at);
      const shown = typeof got === 'object' ? '' : ` (got ${JSON.stringify(got)})`;
      return { pointer: at, message: `${err.message ?? 'is invalid'}${shown}` };
    }
  }
}

/**
 * Validate an already-merged scenario document: the JSON Schema first, then the rules a schema
 * cannot state (transition rows summing to 1, splits summing to 1, ordered paths, …). Throws a
 * ScenarioError listing every problem.
 */
export function validateScenarioDocument(doc: unknown, chainOrFile: readonly ChainLink[] | string, options: LoadOptions = {}): Scenario {
  const chain: readonly ChainLink[] = typeof chainOrFile === 'string' ? [{ file: chainOrFile, document: isJsonObject(doc) ? doc : {} }] : chainOrFile;
  const validate = scenarioValidator();
  if (!validate(doc)) {
    const problems: ScenarioProblem[] = [];
    const seen = new Set<string>();
    for (const err of validate.errors ?? []) {
      const { pointer, message } = describeAjvError(err, doc);
      const key = `${pointer}|${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({ file: owner(chain, pointer), pointer, message });
    }
    throw new ScenarioError(problems);
  }
  const scenario = doc as Scenario;
  const baseYear = options.base?.year ?? options.baseYear;
  const found = semanticProblems(scenario, baseYear);
  // Reconcile with the data only once the scenario is coherent in itself.
  if (found.length === 0 && options.base) found.push(...reconcileBaseYear(scenario, options.base).problems);
  const problems = found.map((p) => ({ file: owner(chain, p.pointer), ...p }));
  if (problems.length > 0) throw new ScenarioError(problems);
  return scenario;
}

/**
 * Load a scenario file: read it and its `extends` parents, deep-merge, validate.
 *
 * @example
 * const { scenario } = loadScenarioFile('scenarios/baseline.json');
 * scenario.horizon; // 2035
 */
export function loadScenarioFile(file: string, options: LoadOptions = {}): LoadedScenario {
  const chain = readChain(file, options.displayName ?? file);
  const merged = mergeChain(chain);
  return { scenario: validateScenarioDocument(merged, chain, options), chain };
}

