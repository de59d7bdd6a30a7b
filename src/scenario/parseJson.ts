import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** Result of parsing JSON text with a position-aware error. */
export type JsonParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

/** "CommaExpected" → "comma expected". */
function readable(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * JSON.parse, but a syntax error comes back with its line and column (1-based). V8's messages
 * give an offset only sometimes, so once JSON.parse has failed, jsonc-parser (strict: no
 * comments, no trailing commas) locates the first fault.
 *
 * @example
 * parseJsonWithPosition('{\n  "a": ,\n}'); // { ok: false, line: 2, column: 8, message: 'value expected' }
 */
export function parseJsonWithPosition(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first ? first.offset : text.length;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const message = first ? readable(printParseErrorCode(first.error)) : (e as Error).message;
    return { ok: false, line, column, message };
  }
}
