/**
 * Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides:
 * written raw, they move a terminal's cursor, recolour it, end a Markdown heading or reorder what a
 * reader sees.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * User text made safe for one line of a terminal or a text file: every control character is shown
 * as a visible escape (`\n`, `\t`, `\u001b`) instead of acting.
 *
 * @example
 * escapeControlCharacters('Base\u001b[31mline\nnext'); // 'Base\\u001b[31mline\\nnext'
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
