/** Result of parsing JSON text with a position-aware error. */
export type JsonParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

/**
 * JSON.parse, but a syntax error comes back with its line and column (1-based), which V8 only
 * gives as a character offset.
 *
 * @example
 * parseJsonWithPosition('{\n  "a": }'); // { ok: false, line: 2, column: 8, … }
 */
export function parseJsonWithPosition(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    const offset = m ? Number(m[1]) : text.length;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const clean = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+.*$/, '');
    return { ok: false, line, column, message: clean || 'invalid JSON' };
  }
}
