import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

/**
 * The JSDoc `@example`s run: every example line of the form `call(…); // expected` whose call uses
 * only the module's own exports and literals, and whose expected value is a literal (a number, a
 * string, an array or an object; `≈` and a trailing explanation after ':', ' (', ' —' or ' =' are
 * allowed), is evaluated and compared — numbers to the precision written, objects on the keys
 * written. Examples that need data or objects built elsewhere are skipped, and the test counts
 * what ran, so an example that drifts from what the code returns fails here.
 */
interface Example {
  readonly file: string;
  readonly line: number;
  readonly call: string;
  readonly expected: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  const src = path.join(root, 'src');
  for (const rel of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!rel.endsWith('.ts') || rel.endsWith('.generated.ts')) continue;
    const file = path.join(src, rel);
    const lines = readFileSync(file, 'utf8').split('\n');
    let inExample = false;
    lines.forEach((text, i) => {
      if (/^\s*\*\s*@example/.test(text)) inExample = true;
      else if (/^\s*\*\//.test(text) || /^\s*\*\s*@\w+/.test(text)) inExample = false;
      else if (inExample) {
        const m = /^\s*\*\s+([A-Za-z_$][\w$]*\(.*\));\s*\/\/\s*(.+)$/.exec(text);
        if (m) out.push({ file, line: i + 1, call: m[1], expected: m[2].trim() });
      }
    });
  }
  return out;
}

/** The expected value written after `//`, or undefined when it is prose rather than a value. */
function expectedValue(text: string): { value: unknown; decimals: number } | undefined {
  const bare = text.replace(/^≈\s*/, '');
  const cuts = [bare, ...[': ', ' (', ' —', ' =', ' within'].map((sep) => bare.split(sep)[0])];
  for (const candidate of cuts) {
    if (candidate.includes('…') || /^[A-Za-z]/.test(candidate) && !/^(true|false|null)$/.test(candidate)) continue;
    try {
      const value = new Function(`return (${candidate});`)() as unknown;
      if (typeof value === 'function' || value === undefined) continue;
      const decimals = Math.max(0, ...[...candidate.matchAll(/\d+\.(\d+)/g)].map((d) => d[1].length));
      return { value, decimals };
    } catch {
      // not a literal: try a shorter cut
    }
  }
  return undefined;
}

function close(actualValue: unknown, expected: unknown, decimals: number): boolean {
  let actual = actualValue;
  if (typeof expected === 'number') return typeof actual === 'number' && (Object.is(actual, expected) || Math.abs(actual - expected) <= 0.5 * 10 ** -decimals + 1e-12);
  if (ArrayBuffer.isView(actual) && !(actual instanceof DataView)) actual = Array.from(actual as unknown as ArrayLike<number>);
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => close(actual[i], e, decimals));
  if (expected !== null && typeof expected === 'object') {
    return actual !== null && typeof actual === 'object' && Object.entries(expected).every(([k, e]) => close((actual as Record<string, unknown>)[k], e, decimals));
  }
  return Object.is(actual, expected);
}

describe('JSDoc @examples', () => {
  it('run and return what they say', async () => {
    let ran = 0;
    const wrong: string[] = [];
    for (const ex of examples()) {
      const expected = expectedValue(ex.expected);
      if (!expected) continue;
      const mod = (await import(pathToFileURL(ex.file).href)) as Record<string, unknown>;
      let actual: unknown;
      try {
        actual = new Function(...Object.keys(mod), `return (${ex.call});`)(...Object.values(mod));
      } catch (e) {
        // Needs data or objects built elsewhere (ReferenceError), or is TypeScript / abbreviated (SyntaxError).
        if (e instanceof ReferenceError || e instanceof SyntaxError) continue;
        throw e;
      }
      if (actual instanceof Promise) continue;
      ran++;
      if (!close(actual, expected.value, expected.decimals)) wrong.push(`${path.relative(root, ex.file)}:${ex.line}: ${ex.call} gave ${JSON.stringify(actual)}, the example says ${ex.expected}`);
    }
    expect(wrong).toEqual([]);
    expect(ran).toBeGreaterThanOrEqual(30);
  });
});
