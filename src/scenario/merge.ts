/** A JSON object (what `extends` merges). */
export type JsonObject = { [key: string]: unknown };

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An array whose every element is an object with a string `id` (infrastructure lists). */
function isKeyedList(v: unknown): v is JsonObject[] {
  return Array.isArray(v) && v.every((e) => isJsonObject(e) && typeof e.id === 'string');
}

/**
 * Deep-merge `override` onto `base`: objects merge key by key; lists of objects that all carry an
 * `id` (pipelines, plants) merge item by item on `id`, new ids appended in the override's order;
 * everything else (paths, other arrays, scalars, null) replaces. Neither input is modified.
 *
 * Why paths replace: an anchor path is one value to an analyst; merging it point by point would
 * silently mix two paths. Why keyed lists merge: a scenario that delays one pipeline should name
 * that pipeline only.
 *
 * @example
 * deepMerge({ oil: { a: 1, b: 2 } }, { oil: { b: 3 } }); // { oil: { a: 1, b: 3 } }
 * deepMerge({ p: [{ id: 'x', c: 1 }, { id: 'y', c: 2 }] }, { p: [{ id: 'y', c: 0 }] }); // { p: [{ id: 'x', c: 1 }, { id: 'y', c: 0 }] }
 */
export function deepMerge(base: JsonObject, override: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // Assigning `__proto__` would set the prototype instead of a value: refused before any merge.
    if (FORBIDDEN_KEYS.has(key)) throw new TypeError(forbiddenKeyMessage(key));
    const prev = out[key];
    if (isJsonObject(prev) && isJsonObject(value)) out[key] = deepMerge(prev, value);
    else if (isKeyedList(prev) && isKeyedList(value) && value.length > 0) out[key] = mergeKeyedLists(prev, value);
    else out[key] = value;
  }
  return out;
}

function mergeKeyedLists(base: JsonObject[], override: JsonObject[]): JsonObject[] {
  const result = base.map((item) => {
    const o = override.find((e) => e.id === item.id);
    return o ? deepMerge(item, o) : item;
  });
  for (const o of override) if (!base.some((b) => b.id === o.id)) result.push(o);
  return result;
}

/**
 * Keys that reach JavaScript's object machinery when assigned (`obj.__proto__ = …` sets the
 * prototype): a value hidden there would be used by the engine yet be invisible to fingerprints and
 * report.json. No scenario key is named so, so they are refused wherever they appear.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The message for a forbidden key (the same for files and library objects). */
export function forbiddenKeyMessage(key: string): string {
  return `the key ${JSON.stringify(key)} is not allowed (it names JavaScript's object machinery, not a scenario value)`;
}

/**
 * JSON pointers of forbidden keys anywhere in a value built by a caller (a library user's object;
 * files are checked while parsing). Iterative, and visits each object once.
 *
 * @example
 * forbiddenKeyPointers(JSON.parse('{"oil": {"__proto__": {"x": 1}}}')); // ['/oil/__proto__']
 */
export function forbiddenKeyPointers(value: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<object>();
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) found.push(`${at}/${pointerToken(key)}`);
      else stack.push([(v as Record<string, unknown>)[key], `${at}/${pointerToken(key)}`]);
    }
  }
  return found.sort();
}

/** Escape one key for an RFC 6901 JSON pointer. */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Does the JSON pointer resolve inside `doc`? */
export function pointerExists(doc: unknown, pointer: string): boolean {
  if (pointer === '') return true;
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, key)) return false;
    cur = (cur as Record<string, unknown>)[key];
  }
  return true;
}

/** The value at a JSON pointer, or undefined. */
export function pointerGet(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
