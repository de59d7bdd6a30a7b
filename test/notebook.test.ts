import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../src/report/run.js';
import { writeReportFiles } from '../src/views/reportFiles.js';
import { baseYear, loadLibraryScenario, root } from './helpers.js';

/**
 * examples/report.ipynb (Python: pandas on report.json and summary.csv, the Vega-Lite specs shown),
 * examples/vega-embed.html and examples/observable.md, against a report this test writes. The
 * notebook is executed when Jupyter's Python pieces are installed (nbformat, nbclient, pandas,
 * IPython and a python3 kernel); otherwise it is checked structurally: valid nbformat 4, every
 * file it reads written by a run, every column and key it uses present.
 */
interface Cell { readonly cell_type: string; readonly id: string; readonly source: string[]; readonly metadata: object; readonly outputs?: unknown[]; readonly execution_count?: number | null }

const notebookFile = path.join(root, 'examples', 'report.ipynb');
const notebook = JSON.parse(readFileSync(notebookFile, 'utf8')) as { nbformat: number; nbformat_minor: number; metadata: { kernelspec?: { name: string; language: string } }; cells: Cell[] };
const code = notebook.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));

let dir: string;
let written: string[];
let report: Record<string, unknown>;
let summaryHeader: string[];
let stats: Set<string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'eastward-notebook-'));
  const r = await runScenario(loadLibraryScenario('baseline.json'), { runs: 2048, seed: 2, workers: 0, known: [{ series: 'trade.turnover', year: baseYear + 1, value: 230 }] });
  written = (await writeReportFiles(r, dir)).map((f) => path.relative(dir, f).split(path.sep).join('/'));
  report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
  const lines = readFileSync(path.join(dir, 'summary.csv'), 'utf8').trim().split('\n');
  summaryHeader = lines[0].split(',');
  stats = new Set(lines.slice(1).map((l) => l.split(',')[summaryHeader.indexOf('stat')]));
});

/** Quoted strings of a piece of code. */
const quoted = (text: string) => [...text.matchAll(/"([^"\n]*)"/g)].map((m) => m[1]);

describe('examples/report.ipynb', () => {
  it('is a valid nbformat 4 notebook with a Python kernel, unexecuted', () => {
    expect(notebook.nbformat).toBe(4);
    expect(notebook.nbformat_minor).toBeGreaterThanOrEqual(5); // cell ids
    expect(notebook.metadata.kernelspec).toMatchObject({ name: 'python3', language: 'python' });
    expect(new Set(notebook.cells.map((c) => c.id)).size).toBe(notebook.cells.length);
    for (const c of notebook.cells) {
      expect(['markdown', 'code']).toContain(c.cell_type);
      expect(Array.isArray(c.source) && c.source.every((l) => typeof l === 'string')).toBe(true);
      expect(typeof c.metadata).toBe('object');
      if (c.cell_type === 'code') {
        expect(c.outputs).toEqual([]);
        expect(c.execution_count).toBeNull();
      }
    }
    expect(code.length).toBeGreaterThanOrEqual(5);
  });

  it('reads only files a run writes: report.json, summary.csv, chart specs and SVGs', () => {
    const files = code.flatMap(quoted).filter((s) => /\.(json|csv|svg)$/.test(s));
    expect(files).toEqual(expect.arrayContaining(['report.json', 'summary.csv', 'trade.turnover.vl.json']));
    for (const f of files) expect(written.some((w) => w === f || w === `charts/${f}`), f).toBe(true);
  });

  it('uses only columns summary.csv has and statistics it lists', () => {
    const summaryCode = code.filter((c) => c.includes('summary')).join('\n');
    const names = quoted(summaryCode).filter((s) => !s.includes('.') && s !== '');
    expect(names.length).toBeGreaterThan(5);
    for (const n of names) expect(summaryHeader.includes(n) || stats.has(n), `summary column or statistic ${n}`).toBe(true);
    // The series it picks exist in the file.
    for (const s of quoted(summaryCode).filter((x) => /^[a-z]+\.[a-z_]+$/.test(x) && !/\.(csv|json|svg)$/.test(x))) {
      expect(readFileSync(path.join(dir, 'summary.csv'), 'utf8')).toContain(`,${s},`);
    }
  });

  it('uses only keys report.json has (questions with their structured timing, known values, data, the trust section)', () => {
    const all = code.join('\n');
    for (const m of all.matchAll(/report((?:\["\w+"\])+)/g)) {
      const keys = [...m[1].matchAll(/"(\w+)"/g)].map((k) => k[1]);
      let node: unknown = report;
      for (const k of keys) {
        expect(node !== null && typeof node === 'object' && k in (node as object), `report${m[1]}`).toBe(true);
        node = (node as Record<string, unknown>)[k];
      }
    }
    const question = (report.questions as Array<Record<string, unknown>>)[0];
    const listed = all.match(/questions\[\[([^\]]+)\]\]/)![1];
    for (const k of quoted(listed)) expect(question, k).toHaveProperty(k);
    const known = (report.known as Array<Record<string, unknown>>)[0];
    for (const k of quoted(all.match(/report\["known"\], columns=\[([^\]]+)\]/)![1])) expect(known, k).toHaveProperty(k);
    const trust = report.bandTrust as Record<string, unknown>;
    for (const m of all.matchAll(/trust\["(\w+)"\]/g)) expect(trust, m[1]).toHaveProperty(m[1]);
    const cell = (trust.rows as Array<{ cells: Array<Record<string, unknown>> }>)[0].cells[0];
    for (const k of ['horizon', 'coverage80']) expect(cell).toHaveProperty(k);
  });

  const python = spawnSync('python3', ['-c', 'import nbformat, nbclient, pandas, IPython, ipykernel'], { encoding: 'utf8' });
  it(`runs top to bottom against the report (${python.status === 0 ? 'executed with nbclient' : 'Jupyter not installed here: the checks above stand in'})`, () => {
    if (python.status !== 0) {
      expect(python.stderr).toMatch(/No module named/); // absent, not broken
      return;
    }
    const run = spawnSync('python3', ['-c', 'import sys, nbformat; from nbclient import NotebookClient; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); NotebookClient(nb, kernel_name="python3", timeout=120).execute()', notebookFile], { encoding: 'utf8', env: { ...process.env, EASTWARD_REPORT_DIR: dir } });
    expect(run.status, run.stderr).toBe(0);
  });
});

describe('examples/vega-embed.html and examples/observable.md', () => {
  it('embed chart specs a run writes, with the Vega-Lite major version the specs are written for', () => {
    const html = readFileSync(path.join(root, 'examples', 'vega-embed.html'), 'utf8');
    const charts = [...html.matchAll(/'(charts\/[^']+\.vl\.json)'/g)].map((m) => m[1]);
    expect(charts.length).toBeGreaterThanOrEqual(2);
    for (const c of charts) expect(written).toContain(c);
    const schema = (JSON.parse(readFileSync(path.join(dir, charts[0]), 'utf8')) as { $schema: string }).$schema;
    const major = /vega-lite\/v(\d+)\.json$/.exec(schema)![1];
    expect(html).toContain(`vega-lite@${major}`);
    const observable = readFileSync(path.join(root, 'examples', 'observable.md'), 'utf8');
    for (const m of observable.matchAll(/FileAttachment\("([^"]+)"\)/g)) expect(written.some((w) => w === m[1] || w === `charts/${m[1]}`), m[1]).toBe(true);
    for (const column of ['series', 'stat', 'value', 'year']) expect(summaryHeader).toContain(column);
  });
});
