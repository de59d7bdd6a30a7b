import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { FORBIDDEN_KEYS, forbiddenKeyMessage, pointerToken } from './merge.js';

/** A problem found while parsing: at a JSON pointer, or (syntax errors) at a line and column. */
export interface JsonProblem {
  readonly pointer: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** Result of parsing a scenario's text. */
export type JsonParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: readonly JsonProblem[] };

/** "CommaExpected" → "comma expected". */
function readable(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** 1-based line and column of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * The 1-based line of any offset, from a table of line starts built once (a file with 150 000 keys
 * must not rescan its text per key).
 */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * The deepest nesting of `{`/`[` outside strings and comments. Counted before parsing, so a
 * hostile file of a million brackets is refused without recursing (the parser is recursive).
 *
 * @example
 * nestingDepth('{"a": [1, "[[["]} // ['); // 2
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

/** Build a prototype-free value from a parse tree, collecting key and number problems. */
function valueOf(node: Node, pointer: string, text: string, lineOfOffset: (offset: number) => number, problems: JsonProblem[]): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      const lineOf = new Map<string, number>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        const at = `${pointer}/${pointerToken(key)}`;
        const line = lineOfOffset(keyNode.offset);
        if (FORBIDDEN_KEYS.has(key)) {
          problems.push({ pointer: at, message: forbiddenKeyMessage(key) });
        } else if (lineOf.has(key)) {
          problems.push({ pointer: at, message: `duplicate key ${JSON.stringify(key)} on line ${line} (first on line ${lineOf.get(key)}): each key may appear once` });
        } else {
          lineOf.set(key, line);
          out[key] = valueOf(valueNode, at, text, lineOfOffset, problems);
        }
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child, i) => valueOf(child, `${pointer}/${i}`, text, lineOfOffset, problems));
    case 'number': {
      const value = node.value as number;
      if (!Number.isFinite(value)) {
        const literal = text.slice(node.offset, node.offset + node.length);
        problems.push({ pointer, message: `${literal.length > 40 ? `${literal.slice(0, 40)}…` : literal} is out of range (numbers must lie within ±1.8e308)` });
      }
      return value;
    }
    default:
      return node.value as unknown;
  }
}

/**
 * Parse a scenario's text (JSON with comments, see README): a leading UTF-8 byte-order mark and
 * `//` or `/* … *\/` comments are accepted; trailing commas are not. Objects come back without a
 * prototype. Refused, each with its JSON pointer: `__proto__`, `constructor` and `prototype` keys,
 * a key given twice in one object, and numbers beyond the double range (`1e400`). A syntax error
 * comes back with its line and column (1-based).
 *
 * @example
 * parseScenarioJson('{\n  "a": ,\n}'); // { ok: false, problems: [{ pointer: '', line: 2, column: 8, message: 'invalid JSON: value expected' }] }
 * parseScenarioJson('{"a": 1, "a": 2}'); // { ok: false, problems: [{ pointer: '/a', message: 'duplicate key "a" on line 1 …' }] }
 */
export function parseScenarioJson(text: string, maxDepth = Infinity): JsonParseResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const depth = nestingDepth(body);
  if (depth > maxDepth) return { ok: false, problems: [{ pointer: '', message: `values are nested ${depth} deep; at most ${maxDepth} levels are allowed` }] };
  const errors: ParseError[] = [];
  const tree = parseTree(body, errors, { disallowComments: false, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    const at = position(body, first ? first.offset : body.length);
    return { ok: false, problems: [{ pointer: '', ...at, message: `invalid JSON: ${first ? readable(printParseErrorCode(first.error)) : 'value expected'}` }] };
  }
  const problems: JsonProblem[] = [];
  const value = valueOf(tree, '', body, lineFinder(body), problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}
