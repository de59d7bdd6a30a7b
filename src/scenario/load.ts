import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { packageRoot, scenarioSchemaPath } from '../paths.js';
import { ScenarioError, type ScenarioProblem } from './errors.js';
import { readRegularFile } from '../io/regularFile.js';
import { deepMerge, forbiddenKeyMessage, forbiddenKeyPointers, isJsonObject, pointerGet, pointerToken, type JsonObject } from './merge.js';
import { parseScenarioJson } from './parseJson.js';
import type { Scenario } from './types.js';
import { semanticProblems } from './semantics.js';
import type { SemanticProblem } from './semantics.js';

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

/** A check added to validation by a caller: its problems for a coherent scenario, and a key naming what it checks against. */
export interface ScenarioCheck {
  readonly key: string;
  problems(scenario: Scenario): readonly SemanticProblem[];
}

export interface LoadOptions {
  /** Last data year; the horizon must lie after it. Checked only when given. */
  readonly baseYear?: number;
  /**
   * A check the caller adds once the scenario is coherent in itself — the engine's reconciliation
   * with the base year's data (`againstModel` in models/baseState.ts): the scenario layer states
   * the contract and knows no economics.
   */
  readonly check?: ScenarioCheck;
  /** How the file is named in messages (default: the path as given). */
  readonly displayName?: string;
  /** The folder tree `extends` may reach (default: the scenario file's own folder). */
  readonly root?: string;
}

/** A scenario file's own document, parsed safely (see readRegularFile and parseScenarioJson). */
function readJsonObject(file: string, shown: string): JsonObject {
  const read = readRegularFile(file, MAX_SCENARIO_BYTES);
  if (!read.ok) throw new ScenarioError([{ file: shown, pointer: '', message: read.reason }]);
  const parsed = parseScenarioJson(read.text, MAX_SCENARIO_DEPTH);
  if (!parsed.ok) throw new ScenarioError(parsed.problems.map((p) => ({ file: shown, ...p })));
  if (!isJsonObject(parsed.value)) {
    throw new ScenarioError([{ file: shown, pointer: '', message: 'a scenario must be a JSON object' }]);
  }
  return parsed.value;
}

/** Is `inner` the folder `outer` or inside it? */
function isInside(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The prefix of an `extends` that names a scenario of the shipped library, wherever the package is installed. */
export const LIBRARY_SPECIFIER = 'eastward/scenarios/';

/** The shipped scenario library's folder. */
export const libraryScenarioDir: string = path.join(packageRoot, 'scenarios');

/**
 * Where an `extends` value leads, if it stays in the scenario folder tree `root`: a relative path
 * whose target (symbolic links followed) lies under root. Absolute paths and `..` that climb out
 * are refused without reading the target, so nothing of a file outside the tree is ever echoed.
 * `eastward/scenarios/<file>` names a scenario of the shipped library (the package's own
 * scenarios/ folder, wherever npm put it); its parents then resolve within that library.
 */
function resolveParent(extendsValue: unknown, from: { file: string; shown: string }, root: string): { file: string; shown: string; root: string } {
  const refuse = (message: string) => new ScenarioError([{ file: from.shown, pointer: '/extends', message }]);
  if (typeof extendsValue !== 'string' || extendsValue === '') throw refuse('must be a relative path to another scenario file');
  const library = extendsValue.startsWith(LIBRARY_SPECIFIER);
  const relative = library ? extendsValue.slice(LIBRARY_SPECIFIER.length) : extendsValue;
  const tree = library ? libraryScenarioDir : root;
  const treeName = library ? 'the shipped scenario library' : `the scenario folder ${root}`;
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative)) throw refuse(`must be a relative path inside ${treeName} (got an absolute path)`);
  const next = path.resolve(library ? libraryScenarioDir : path.dirname(from.file), relative);
  const shown = library ? extendsValue : path.join(path.dirname(from.shown), extendsValue);
  if (!isInside(tree, next)) throw refuse(`${JSON.stringify(extendsValue)} leads out of ${treeName}; parents must lie in that folder tree${library ? '' : ' (or pass --scenario-root)'}`);
  let real: string;
  try {
    real = realpathSync(next);
  } catch {
    throw refuse(`parent scenario not found: ${shown}`);
  }
  if (!isInside(realpathOr(tree), real)) throw refuse(`${JSON.stringify(extendsValue)} is a link that leads out of ${treeName}`);
  return { file: next, shown, root: tree };
}

/** realpath, or the path itself when it cannot be resolved. */
function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * Read a scenario file and its `extends` ancestors (child first). Cycles, missing parents and
 * parents outside the scenario folder tree (`root`, default: the file's own folder) are errors.
 */
export function readChain(file: string, displayName = file, root: string = path.dirname(path.resolve(file))): ChainLink[] {
  const chain: ChainLink[] = [];
  const seen = new Set<string>();
  let current = { file: path.resolve(file), shown: displayName };
  let treeRoot = path.resolve(root);
  for (;;) {
    const identity = realpathOr(current.file);
    if (seen.has(identity)) {
      const child = chain[chain.length - 1];
      throw new ScenarioError([{ file: child.file, pointer: '/extends', message: `extends cycle: ${[...chain.map((c) => c.file), current.shown].join(' → ')}` }]);
    }
    seen.add(identity);
    const document = readJsonObject(current.file, current.shown);
    chain.push({ file: current.shown, document });
    if (document.extends === undefined) return chain;
    const parent = resolveParent(document.extends, current, treeRoot);
    current = { file: parent.file, shown: parent.shown };
    treeRoot = parent.root;
  }
}

/** Merge a chain (child first) into one document; the result has no `extends`. */
export function mergeChain(chain: readonly ChainLink[]): JsonObject {
  let merged: JsonObject = {};
  for (let i = chain.length - 1; i >= 0; i--) merged = deepMerge(merged, chain[i].document);
  delete merged.extends;
  return merged;
}

/** The tokens of a JSON pointer, unescaped. */
function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The id of an item of an id-keyed list (pipelines, plants, questions), if it has one. */
function itemId(item: unknown): string | undefined {
  return isJsonObject(item) && typeof item.id === 'string' ? item.id : undefined;
}

/**
 * Where a value of the merged document sits in one file's own document, or undefined when that
 * file does not set it. Lists of items with an `id` merge by id, so an index into the merged list
 * is mapped through the item's id to the index the user wrote in that file.
 *
 * @example
 * // parent: { projects: [{ id: 'a' }, { id: 'b' }] }, child: { projects: [{ id: 'b', capacity: -1 }] }
 * pointerInDocument(merged, child, '/projects/1/capacity'); // '/projects/0/capacity'
 */
export function pointerInDocument(merged: unknown, document: unknown, pointer: string): string | undefined {
  let m = merged;
  let d = document;
  const out: string[] = [];
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(m) && Array.isArray(d)) {
      const item: unknown = m[Number(token)];
      const id = itemId(item);
      const index = id !== undefined && d.every((e) => itemId(e) !== undefined) ? d.findIndex((e) => itemId(e) === id) : Number(token);
      if (!(index >= 0 && index < d.length)) return undefined;
      out.push(String(index));
      m = item;
      d = d[index];
    } else if (isJsonObject(d) && Object.hasOwn(d, token)) {
      out.push(pointerToken(token));
      m = isJsonObject(m) ? m[token] : undefined;
      d = d[token];
    } else return undefined;
  }
  return out.length === 0 ? '' : `/${out.join('/')}`;
}

/**
 * The file and pointer a problem belongs to: the most derived file of the chain that sets the
 * value (at the index that file uses); for a missing value, the most derived file that sets the
 * object it is missing from; else the child.
 */
function attribute(chain: readonly ChainLink[], merged: unknown, pointer: string): { file: string; pointer: string } {
  for (const link of chain) {
    const own = pointerInDocument(merged, link.document, pointer);
    if (own !== undefined) return { file: link.file, pointer: own };
  }
  const cut = pointer.lastIndexOf('/');
  if (cut > 0) {
    const last = pointer.slice(cut);
    for (const link of chain) {
      const own = pointerInDocument(merged, link.document, pointer.slice(0, cut));
      if (own !== undefined) return { file: link.file, pointer: `${own}${last}` };
    }
  }
  return { file: chain[0].file, pointer };
}

/** A value as a message shows it: short, and `1e400` or NaN named as such, not as JSON's "null". */
function shownValue(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function describeAjvError(err: ErrorObject, doc: unknown): { pointer: string; message: string } {
  const at = err.instancePath;
  switch (err.keyword) {
    case 'required':
      return { pointer: `${at}/${pointerToken(String(err.params.missingProperty))}`, message: 'is required but missing' };
    case 'additionalProperties':
      return { pointer: `${at}/${pointerToken(String(err.params.additionalProperty))}`, message: 'is not a known property here' };
    case 'enum':
      return { pointer: at, message: `must be one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${shownValue(pointerGet(doc, at))})` };
    default: {
      const got = pointerGet(doc, at);
      const shown = typeof got === 'object' ? '' : ` (got ${shownValue(got)})`;
      return { pointer: at, message: `${err.message ?? 'is invalid'}${shown}` };
    }
  }
}

/** A chain as given, or the one-link chain of a document that is not from a file. */
function chainOf(doc: unknown, chainOrFile: readonly ChainLink[] | string): readonly ChainLink[] {
  return typeof chainOrFile === 'string' ? [{ file: chainOrFile, document: isJsonObject(doc) ? doc : {} }] : chainOrFile;
}

/**
 * Throw a ScenarioError naming every `__proto__`, `constructor` or `prototype` key in a document
 * built by a caller (files are checked while parsing), before anything merges or reads it.
 *
 * @example
 * refuseForbiddenKeys(JSON.parse('{"oil": {"__proto__": {}}}'), 'notebook'); // throws: notebook: /oil/__proto__: the key "__proto__" is not allowed …
 */
export function refuseForbiddenKeys(doc: unknown, chainOrFile: readonly ChainLink[] | string): void {
  const chain = chainOf(doc, chainOrFile);
  const hidden = forbiddenKeyPointers(doc);
  if (hidden.length > 0) {
    throw new ScenarioError(hidden.map((pointer) => ({ ...attribute(chain, doc, pointer), message: forbiddenKeyMessage(pointer.slice(pointer.lastIndexOf('/') + 1)) })));
  }
}

/**
 * Scenarios that passed validation, with the base-year data they were reconciled against (as
 * text; '' when none): a run validates a scenario once, however many layers hand it on (CLI →
 * runScenario → simulation; backtest → simulation). Validated scenarios are frozen, so what was
 * checked is what runs.
 */
const validated = new WeakMap<object, string>();

/** How many scenario validations this process has made (diagnostics; the tests count them). */
export const validationStats = { count: 0 };


/**
 * Was this very object validated, with the check named `checkKey`?
 *
 * @example
 * const checks = againstModel(base);
 * const { scenario } = loadScenarioFile('scenarios/baseline.json', checks);
 * wasValidatedAgainst(scenario, checks.check.key); // true
 */
export function wasValidatedAgainst(doc: unknown, checkKey: string): boolean {
  return typeof doc === 'object' && doc !== null && validated.get(doc) === checkKey;
}

/** Freeze a validated document all the way down (a later mutation would bypass the checks). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Validate an already-merged scenario document: the JSON Schema first, then the rules a schema
 * cannot state (transition rows summing to 1, splits summing to 1, ordered paths, …). Throws a
 * ScenarioError listing every problem. The scenario returned is frozen.
 */
export function validateScenarioDocument(doc: unknown, chainOrFile: readonly ChainLink[] | string, options: LoadOptions = {}): Scenario {
  validationStats.count++;
  const chain = chainOf(doc, chainOrFile);
  refuseForbiddenKeys(doc, chain);
  const validate = scenarioValidator();
  if (!validate(doc)) {
    const problems: ScenarioProblem[] = [];
    const seen = new Set<string>();
    for (const err of validate.errors ?? []) {
      const { pointer, message } = describeAjvError(err, doc);
      const key = `${pointer}|${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({ ...attribute(chain, doc, pointer), message });
    }
    throw new ScenarioError(problems);
  }
  const scenario = doc as Scenario;
  const baseYear = options.baseYear;
  const found = semanticProblems(scenario, baseYear);
  // Reconcile with the data only once the scenario is coherent in itself.
  if (found.length === 0 && options.check) found.push(...options.check.problems(scenario));
  const problems = found.map((p) => ({ ...p, ...attribute(chain, doc, p.pointer) }));
  if (problems.length > 0) throw new ScenarioError(problems);
  deepFreeze(scenario);
  validated.set(scenario as object, options.check?.key ?? '');
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
  const chain = readChain(file, options.displayName ?? file, options.root);
  const merged = mergeChain(chain);
  return { scenario: validateScenarioDocument(merged, chain, options), chain };
}

