/**
 * The input levers of a scenario, found from its own structure — no list kept by hand: every
 * number the scenario sets (walked alongside the JSON Schema), every optional number it leaves to
 * the calibration or the data (read back from the resolved parameters), and every estimated
 * parameter the paths draw. A lever added to the schema shows up here as soon as a scenario sets
 * it, or as soon as the engine resolves it.
 *
 * Each lever has a low and a high setting (the swing), by one rule per kind of number:
 * - a year path (`[{ year, value }]`): every value × (1 ∓ 20 %) (its years are where the path
 *   bends, not a lever);
 * - years (a project's dates, an event's year): all of the object's years shifted ∓ 2;
 * - a share or probability (schema bounds inside [0, 1]): ∓ 0.1;
 * - a row of shares that sum to 1 (a transition row, a currency split): each share ∓ 0.05, the
 *   others rescaled so that the row still sums to 1;
 * - any other number: ∓ 20 % of its value (a whole number: at least ∓ 1);
 * - an estimated parameter: its own P10 and P90 (the t or normal distribution its draws use),
 *   held on every path.
 * Swings are clamped to the schema's bounds; a swing the scenario rules refuse is halved, up to
 * three times, then the lever is listed as not swung, with the reason.
 */
import { readFileSync } from 'node:fs';
import type { ModelParams } from '../engine/params.js';
import { resolveParams } from '../engine/params.js';
import type { BaseYearData } from '../models/baseState.js';
import { againstModel } from '../models/baseState.js';
import type { Calibration } from '../models/calibration.js';
import { scenarioSchemaPath } from '../paths.js';
import { ScenarioError } from '../scenario/errors.js';
import { validateScenarioDocument } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { studentTQuantile } from '../stats/studentT.js';

/** The swing of each kind of lever (see the module comment). */
export const SWING = { relative: 0.2, share: 0.1, simplexShare: 0.05, years: 2, estimatedLow: 0.1, estimatedHigh: 0.9 } as const;

/** How far inside an exclusive schema bound a swing may go. */
const EXCLUSIVE_MARGIN = 0.001;

/** Sections of a scenario that are not model inputs: identity, run settings, questions, notes; correlations are a matrix, not levers one at a time. */
const NOT_LEVERS = new Set(['$schema', 'extends', 'id', 'name', 'description', 'horizon', 'simulation', 'questions', 'sources', 'correlation']);

export type LeverKind = 'path' | 'years' | 'share' | 'simplex' | 'relative' | 'estimated';

/** One input lever and its swing. */
export interface Lever {
  /** Readable name: the JSON pointer with list items named by their id, or `estimated <block>.<field>`. */
  readonly id: string;
  /** The scenario section it belongs to (oil, sanctions, macro, energy, trade, settlement), or `parameters` for an estimated one. */
  readonly section: string;
  readonly kind: LeverKind;
  /** The JSON pointers it moves (empty for an estimated parameter). */
  readonly pointers: readonly string[];
  /** Its setting at the scenario's value, low and high: a value, a path's scale factor, or a shift in years. */
  readonly base: number;
  readonly low: number;
  readonly high: number;
  /** The swing in words ("× 0.8 / × 1.2", "∓ 2 years", "P10 / P90", …). */
  readonly swing: string;
}

/** A lever with the parameters of its low and high settings. */
export interface LeverVariants {
  readonly lever: Lever;
  readonly low: ModelParams;
  readonly high: ModelParams;
}

/** What the walk found and could not swing, and why. */
export interface SkippedLever {
  readonly id: string;
  /** The JSON pointers it would have moved. */
  readonly pointers: readonly string[];
  readonly reason: string;
}

interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
}

let schemaCache: SchemaNode | undefined;
function schema(): SchemaNode {
  return (schemaCache ??= JSON.parse(readFileSync(scenarioSchemaPath, 'utf8')) as SchemaNode);
}

function resolveNode(node: SchemaNode | undefined): SchemaNode {
  if (!node) return {};
  return node.$ref ? (schema().$defs?.[node.$ref.replace('#/$defs/', '')] ?? {}) : node;
}

const isYear = (node: SchemaNode | undefined) => node?.$ref === '#/$defs/year';
const isNumeric = (node: SchemaNode) => node.type === 'number' || node.type === 'integer';

/** [lowest, highest] a value may take under the schema (exclusive bounds kept a margin inside). */
function boundsOf(node: SchemaNode): [number, number] {
  const lo = node.minimum ?? (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + EXCLUSIVE_MARGIN : -Infinity);
  const hi = node.maximum ?? (node.exclusiveMaximum !== undefined ? node.exclusiveMaximum - EXCLUSIVE_MARGIN : Infinity);
  return [lo, hi];
}

const clamp = (x: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, x));
const isShare = ([lo, hi]: [number, number]) => lo >= 0 && hi <= 1;

type Doc = Record<string, unknown>;

/** A lever before its settings are checked: how to put it at a setting in a copy of the scenario. */
interface Candidate extends Omit<Lever, 'low' | 'high'> {
  readonly targets: readonly [number, number];
  readonly integer: boolean;
  readonly apply: (doc: Doc, setting: number) => void;
}

function at(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const k of pointer.split('/').slice(1)) cur = (cur as Doc)[k];
  return cur;
}

function setAt(doc: unknown, pointer: string, value: unknown): void {
  const keys = pointer.split('/').slice(1);
  (at(doc, `/${keys.slice(0, -1).join('/')}`.replace(/\/$/, '')) as Doc)[keys[keys.length - 1]] = value;
}

/** The swing of a single number under its schema node (undefined: a zero the relative rule cannot move). */
function leafSwing(value: number, node: SchemaNode): { targets: [number, number]; integer: boolean; kind: LeverKind; swing: string } | undefined {
  const bounds = boundsOf(node);
  const integer = node.type === 'integer';
  if (isShare(bounds)) return { targets: [clamp(value - SWING.share, bounds), clamp(value + SWING.share, bounds)], integer, kind: 'share', swing: `∓ ${SWING.share}` };
  if (value === 0) return undefined;
  const step = integer ? Math.max(1, Math.round(Math.abs(value) * SWING.relative)) : Math.abs(value) * SWING.relative;
  return { targets: [clamp(value - step, bounds), clamp(value + step, bounds)], integer, kind: 'relative', swing: integer ? `∓ ${step}` : `∓ ${SWING.relative * 100} %` };
}

/** Walk the scenario alongside its schema, collecting a candidate per lever (and noting absent optional numbers for probing). */
function walk(doc: unknown, nodeIn: SchemaNode | undefined, pointer: string, label: string, section: string, out: Candidate[], absent: Array<{ pointer: string; label: string; section: string; node: SchemaNode }>): void {
  const node = resolveNode(nodeIn);
  if (Array.isArray(doc)) {
    const item = resolveNode(node.items);
    if (item.properties?.year && item.properties?.value) {
      const bounds = boundsOf(resolveNode(item.properties.value));
      const values = doc.map((p) => (p as { value: number }).value);
      out.push({
        id: label, section, kind: 'path', pointers: doc.map((_, i) => `${pointer}/${i}/value`), base: 1, targets: [1 - SWING.relative, 1 + SWING.relative], integer: false, swing: `every value × ${1 - SWING.relative} / × ${1 + SWING.relative}`,
        apply: (d, factor) => values.forEach((v, i) => setAt(d, `${pointer}/${i}/value`, clamp(v * factor, bounds))),
      });
      return;
    }
    doc.forEach((v, i) => {
      const id = v && typeof v === 'object' && typeof (v as Doc).id === 'string' ? ((v as Doc).id as string) : String(i);
      walk(v, node.items, `${pointer}/${i}`, `${label}/${id}`, section, out, absent);
    });
    return;
  }
  if (!doc || typeof doc !== 'object') return;
  const props = node.properties ?? {};
  const entries = Object.entries(doc as Doc).filter(([k]) => !(pointer === '' && NOT_LEVERS.has(k)));
  const numbers = entries.filter(([, v]) => typeof v === 'number') as Array<[string, number]>;
  const years = numbers.filter(([k]) => isYear(props[k]));
  if (years.length > 0) {
    const [lo, hi] = boundsOf(resolveNode(props[years[0][0]]));
    out.push({
      id: years.length === 1 ? `${label}/${years[0][0]}` : label, section, kind: 'years', pointers: years.map(([k]) => `${pointer}/${k}`), base: 0, targets: [-SWING.years, SWING.years], integer: true, swing: `∓ ${SWING.years} years`,
      apply: (d, shift) => years.forEach(([k, y]) => setAt(d, `${pointer}/${k}`, Math.min(hi, Math.max(lo, y + shift)))),
    });
  }
  const others = numbers.filter(([k]) => !isYear(props[k]) && isNumeric(resolveNode(props[k])));
  const sum = others.reduce((s, [, v]) => s + v, 0);
  const simplex = others.length >= 2 && others.length === entries.length && others.every(([k]) => isShare(boundsOf(resolveNode(props[k])))) && Math.abs(sum - 1) < 1e-9;
  for (const [k, v] of others) {
    const p = `${pointer}/${k}`;
    if (simplex) {
      out.push({
        id: `${label}/${k}`, section, kind: 'simplex', pointers: others.map(([j]) => `${pointer}/${j}`), base: v, targets: [Math.max(0, v - SWING.simplexShare), Math.min(1, v + SWING.simplexShare)], integer: false, swing: `∓ ${SWING.simplexShare}, the rest of the row rescaled`,
        apply: (d, value) => {
          const rest = 1 - v;
          // The other shares keep their proportions and fill what this one leaves.
          for (const [j, w] of others) setAt(d, `${pointer}/${j}`, j === k ? value : rest > 0 ? (w * (1 - value)) / rest : (1 - value) / (others.length - 1));
        },
      });
      continue;
    }
    const s = leafSwing(v, resolveNode(props[k]));
    if (s) out.push({ id: `${label}/${k}`, section, kind: s.kind, pointers: [p], base: v, targets: s.targets, integer: s.integer, swing: s.swing, apply: (d, value) => setAt(d, p, value) });
  }
  for (const [k, v] of entries) if (v && typeof v === 'object') walk(v, props[k], `${pointer}/${k}`, `${label}/${k}`, pointer === '' ? k : section, out, absent);
  if (pointer !== '') {
    for (const [k, n] of Object.entries(props)) {
      const r = resolveNode(n);
      if (!(k in (doc as Doc)) && isNumeric(r) && !isYear(n)) absent.push({ pointer: `${pointer}/${k}`, label: `${label}/${k}`, section, node: r });
    }
  }
}

/** Every number in a parameter set, by path (objects, arrays and typed arrays walked). */
function numbersOf(value: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof value === 'number') out.set(prefix, value);
  else if (ArrayBuffer.isView(value)) Array.from(value as Float64Array).forEach((v, i) => out.set(`${prefix}/${i}`, v));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbersOf(v, `${prefix}/${k}`, out);
  return out;
}

/**
 * The value the engine uses for an optional number the scenario leaves out: set it to an unusual
 * value, resolve, and read back the parameter that took it. Undefined when none did (the engine
 * transforms it), or when setting it changes which parameters are drawn (an estimated parameter:
 * a lever of its own).
 */
function effectiveValue(scenario: Scenario, pointer: string, node: SchemaNode, baseParams: ModelParams, calibration: Calibration, base: BaseYearData): number | undefined {
  const [lo, hi] = boundsOf(node);
  const probe = Number.isFinite(lo) && Number.isFinite(hi) ? lo + 0.318309886 * (hi - lo) : 0.318309886;
  const sentinel = node.type === 'integer' ? Math.round(probe) : probe;
  const doc = structuredClone(scenario) as unknown as Doc;
  setAt(doc, pointer, sentinel);
  let probed: ModelParams;
  try {
    probed = resolveParams(doc as unknown as Scenario, calibration, base);
  } catch {
    return undefined;
  }
  if (probed.uncertainParameters.length !== baseParams.uncertainParameters.length) return undefined;
  const before = numbersOf(baseParams);
  for (const [key, v] of numbersOf(probed)) if (v === sentinel && before.get(key) !== sentinel && before.has(key)) return before.get(key);
  return undefined;
}

/** A copy of the scenario at one setting of a candidate, validated; the setting moved towards the base until the rules accept it (three halvings). */
function settle(scenario: Scenario, c: Candidate, target: number, checks: ReturnType<typeof againstModel>): { setting: number; scenario: Scenario } | { reason: string } {
  let reason = 'no swing';
  for (const f of [1, 0.5, 0.25, 0.125]) {
    let setting = c.base + f * (target - c.base);
    if (c.integer) setting = Math.round(setting);
    if (setting === c.base) continue;
    const doc = structuredClone(scenario) as unknown as Doc;
    c.apply(doc, setting);
    try {
      return { setting, scenario: validateScenarioDocument(doc, `${scenario.id} with ${c.id} at ${setting}`, checks) };
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      reason = `refused by the scenario rules: ${e.problems[0]?.pointer ?? ''} ${e.problems[0]?.message ?? ''}`.trim();
    }
  }
  return { reason };
}

/**
 * The levers of a validated scenario and the parameters at each one's low and high setting.
 * Variants differ from the scenario's own parameters in one lever only, and draw the same
 * parameters in the same order, so they can run on common random numbers.
 *
 * @example
 * const { levers, skipped } = scenarioLevers(baseline, { calibration, base });
 * levers.map((l) => l.lever.id); // ['/oil/anchorUsdPerBarrel', '/oil/jumpProbabilityPerYear', …, 'estimated trade.importIncomeElasticity', …]
 */
export function scenarioLevers(scenario: Scenario, context: { readonly calibration: Calibration; readonly base: BaseYearData }): { params: ModelParams; levers: LeverVariants[]; skipped: SkippedLever[] } {
  const { calibration, base } = context;
  const params = resolveParams(scenario, calibration, base);
  const checks = againstModel(base);
  const candidates: Candidate[] = [];
  const absent: Array<{ pointer: string; label: string; section: string; node: SchemaNode }> = [];
  walk(scenario, schema(), '', '', '', candidates, absent);
  const skipped: SkippedLever[] = [];
  for (const a of absent) {
    const value = effectiveValue(scenario, a.pointer, a.node, params, calibration, base);
    if (value === undefined) continue; // drawn (an estimated lever below) or not a number the engine reads as given
    const s = leafSwing(value, a.node);
    if (!s) {
      skipped.push({ id: a.label, pointers: [a.pointer], reason: 'resolves to 0: a relative swing does not move it' });
      continue;
    }
    candidates.push({ id: a.label, section: a.section, kind: s.kind, pointers: [a.pointer], base: value, targets: s.targets, integer: s.integer, swing: `${s.swing} (not set by the scenario: the value the engine uses)`, apply: (d, v) => setAt(d, a.pointer, v) });
  }
  const levers: LeverVariants[] = [];
  for (const c of candidates) {
    const lo = settle(scenario, c, c.targets[0], checks);
    const hi = settle(scenario, c, c.targets[1], checks);
    if ('reason' in lo && 'reason' in hi) {
      skipped.push({ id: c.id, pointers: c.pointers, reason: lo.reason });
      continue;
    }
    // One side at a bound or refused: the lever swings one way only, the other side at the scenario's value.
    const side = (x: typeof lo) => ('reason' in x ? { setting: c.base, params } : { setting: x.setting, params: resolveParams(x.scenario, calibration, base) });
    const [l, h] = [side(lo), side(hi)];
    const oneSided = 'reason' in lo ? lo.reason : 'reason' in hi ? hi.reason : undefined;
    const { apply: _apply, targets: _targets, integer: _integer, ...lever } = c;
    levers.push({ lever: { ...lever, low: l.setting, high: h.setting, swing: oneSided ? `${c.swing}; one side only (${oneSided})` : c.swing }, low: l.params, high: h.params });
  }
  params.uncertainParameters.forEach((u, i) => {
    const q = (p: number) => Math.min(u.max, Math.max(u.min, u.mean + u.standardError * studentTQuantile(p, u.degreesOfFreedom)));
    // Held at a value on every path: the draw still takes its numbers from the stream, so the other parameters keep theirs.
    const pinned = (value: number): ModelParams => ({ ...params, uncertainParameters: params.uncertainParameters.map((x, j) => (j === i ? { ...x, mean: value, standardError: 0 } : x)) });
    const low = q(SWING.estimatedLow);
    const high = q(SWING.estimatedHigh);
    levers.push({
      lever: { id: `estimated ${u.block}.${u.field}`, section: 'parameters', kind: 'estimated', pointers: [], base: u.mean, low, high, swing: `its own P10 / P90 (${u.degreesOfFreedom > 0 ? `t, ${u.degreesOfFreedom} degrees of freedom` : 'normal'}, standard error ${u.standardError.toPrecision(3)})` },
      low: pinned(low),
      high: pinned(high),
    });
  });
  return { params, levers, skipped };
}
