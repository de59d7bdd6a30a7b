/** A JSON object (what `extends` merges). */
export type JsonObject = { [key: string]: unknown };

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep-merge `override` onto `base`: objects merge key by key, everything else (arrays, scalars,
 * null) replaces. Neither input is modified.
 *
 * Why arrays replace: an anchor path or a project list is one value to an analyst; merging arrays
 * element-wise would silently mix two paths.
 *
 * @example
 * deepMerge({ oil: { a: 1, b: 2 } }, { oil: { b: 3 } }); // { oil: { a: 1, b: 3 } }
 */
export function deepMerge(base: JsonObject, override: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const prev = out[key];
    out[key] = isJsonObject(prev) && isJsonObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

/** Nesting depth of a JSON value (a scalar is 0). Iterative, so a hostile file cannot overflow the stack. */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > max) max = d;
    if (typeof v === 'object' && v !== null) {
      for (const child of Object.values(v as object)) stack.push([child, d + 1]);
    }
  }
  return max;
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
    if (typeof cur !== 'object' || cur === null || !(key in (cur as object))) return false;
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
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
