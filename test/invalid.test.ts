import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { main } from '../src/cli.js';
import { REGIMES } from '../src/scenario/types.js';
import { fcOptions, validScenario } from './arbitraries.js';
import { deleteAt, places, setAt } from './schemaWalk.js';

/** Run the CLI in-process; return its exit code and what it printed on stderr. */
async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), stderr };
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
}

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'eastward-invalid-'));
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Write the text, run `run` and `validate`, and check: exit 2, the marker on stderr, nothing written. */
async function expectRejected(name: string, text: string, marker: string | RegExp): Promise<void> {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const out = path.join(dir, `out-${name}`);
  const run = await cli(['run', file, '--out', out, '--no-progress', '--runs', '10']);
  expect(run.code, run.stderr).toBe(2);
  if (typeof marker === 'string') expect(run.stderr).toContain(marker.replace('<file>', file));
  else expect(run.stderr).toMatch(marker);
  expect(existsSync(out)).toBe(false);
  const validate = await cli(['validate', file]);
  expect(validate.code).toBe(2);
}

type Mutation = { name: string; apply: (doc: Record<string, unknown>) => string | null };

/** Mutations aimed with the schema: each returns the JSON pointer the error must name (or null if it does not apply). */
function mutations(pick: number): Mutation[] {
  const choose = <T>(xs: T[]): T | undefined => (xs.length ? xs[pick % xs.length] : undefined);
  return [
    {
      name: 'wrong type',
      apply: (doc) => {
        const p = choose(places(doc).filter((pl) => typeof pl.value === 'number'));
        if (!p) return null;
        setAt(doc, p.pointer, 'not a number');
        return p.pointer;
      },
    },
    {
      name: 'out of range',
      apply: (doc) => {
        const p = choose(places(doc).filter((pl) => typeof pl.value === 'number'));
        if (!p) return null;
        setAt(doc, p.pointer, pick % 2 ? 1e12 : -1e12);
        return p.pointer;
      },
    },
    {
      name: 'missing required',
      apply: (doc) => {
        const p = choose(places(doc).filter((pl) => pl.node.required && pl.node.required.length > 0 && pl.value && typeof pl.value === 'object'));
        if (!p) return null;
        const key = p.node.required![pick % p.node.required!.length];
        deleteAt(doc, `${p.pointer}/${key}`);
        return `${p.pointer}/${key}`;
      },
    },
    {
      name: 'unknown key',
      apply: (doc) => {
        const p = choose(places(doc).filter((pl) => pl.node.additionalProperties === false && pl.value && typeof pl.value === 'object' && !Array.isArray(pl.value)));
        if (!p) return null;
        setAt(doc, `${p.pointer}/zzUnknown`, 1);
        return `${p.pointer}/zzUnknown`;
      },
    },
    {
      name: 'transition row not summing to 1',
      apply: (doc) => {
        const from = REGIMES[pick % 4];
        const to = REGIMES[(pick >> 2) % 4];
        const row = (doc.sanctions as { transitionMatrix: Record<string, Record<string, number>> }).transitionMatrix[from];
        row[to] = row[to] > 0.5 ? row[to] - 0.3 : row[to] + 0.3;
        return `/sanctions/transitionMatrix/${from}`;
      },
    },
  ];
}

describe('invalid scenarios are rejected with exit 2, the JSON pointer, and nothing written', () => {
  it('schema-aimed mutations of valid scenarios', async () => {
    await fc.assert(
      fc.asyncProperty(validScenario(), fc.nat(), fc.integer({ min: 0, max: 4 }), async (s, pick, kind) => {
        const doc = structuredClone(s) as unknown as Record<string, unknown>;
        const m = mutations(pick)[kind];
        const pointer = m.apply(doc);
        fc.pre(pointer !== null);
        await expectRejected(`${m.name.replace(/ /g, '-')}.json`, JSON.stringify(doc, null, 2), `<file>: ${pointer}: `);
      }),
      fcOptions,
    );
  });

  it('truncated or non-JSON text names the file, line and column', async () => {
    await fc.assert(
      fc.asyncProperty(validScenario(), fc.double({ min: 0.01, max: 0.99, noNaN: true }), async (s, cut) => {
        const text = JSON.stringify(s, null, 2);
        const truncated = text.slice(0, Math.floor(text.length * cut));
        await expectRejected('truncated.json', truncated, /truncated\.json:\d+:\d+: invalid JSON: /);
      }),
      { ...fcOptions, numRuns: Math.min(fcOptions.numRuns, 50) },
    );
    await expectRejected('prose.json', 'baseline but with cheaper oil', /prose\.json:1:1: invalid JSON/);
    await expectRejected('empty.json', '', /empty\.json:1:1: invalid JSON/);
  });

  it('huge files and deeply nested values', async () => {
    await expectRejected('huge.json', JSON.stringify({ id: 'x', description: 'x'.repeat(5 * 1024 * 1024) }), /huge\.json: \/: file is \d+ bytes; at most/);
    await expectRejected('deep.json', `{"id":"x","oil":${'{"a":'.repeat(200)}1${'}'.repeat(200)}}`, /deep\.json: \/: values are nested \d+ deep/);
  });

  it('extends cycles and missing parents', async () => {
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ extends: 'a.json', id: 'b' }));
    // The link that closes the cycle (b.json's extends) is the one named, with the whole cycle.
    await expectRejected('a.json', JSON.stringify({ extends: 'b.json', id: 'a' }), /b\.json: \/extends: extends cycle: \S*a\.json → \S*b\.json → \S*a\.json/);
    await expectRejected('orphan.json', JSON.stringify({ extends: 'nowhere.json', id: 'o' }), /orphan\.json: \/extends: parent scenario not found/);
  });
});
