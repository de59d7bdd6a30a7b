import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../src/batch/batch.js';
import { COMPARISON_CSV_COLUMNS } from '../src/compare/compare.js';
import { TEMP_PREFIX } from '../src/io/atomicWrite.js';
import { listFiles, root } from './helpers.js';

const cli = path.join(root, 'dist', 'bin.js');
const library = path.join(root, 'scenarios');
const libraryFiles = readdirSync(library).filter((n) => n.endsWith('.json')).sort();
const libraryIds = libraryFiles.map((n) => JSON.parse(readFileSync(path.join(library, n), 'utf8')).id as string);

/**
 * Three library scenarios: enough for a batch to be stopped after its first report with others still
 * to run, without simulating the whole library again after the stop.
 */
const fewFiles = ['baseline.json', 'high-oil.json', 'pos2-never.json'];
const fewIds = fewFiles.map((n) => JSON.parse(readFileSync(path.join(library, n), 'utf8')).id as string);

/** A folder with library scenarios (all by default) and one broken file (a wrong type deep inside). */
function scenarioFolder(files: readonly string[] = libraryFiles): { dir: string; broken: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'eastward-batch-in-'));
  for (const n of files) copyFileSync(path.join(library, n), path.join(dir, n));
  const doc = JSON.parse(readFileSync(path.join(library, 'baseline.json'), 'utf8'));
  doc.id = 'broken';
  doc.energy.lng.volumeVolatility = 'high';
  const broken = path.join(dir, 'broken.json');
  writeFileSync(broken, JSON.stringify(doc, null, 2));
  return { dir, broken };
}

function batch(args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'batch', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Is every report folder under `out` whole: manifest, a parseable report, its views and charts? */
function expectWholeReports(out: string, ids: readonly string[]): void {
  for (const id of ids) {
    const dir = path.join(out, id);
    const files = listFiles(dir);
    expect(files, id).toEqual(expect.arrayContaining([MANIFEST_FILE, 'report.json', 'report.html', 'report.md', 'summary.csv', 'charts/trade.turnover.svg', 'charts/settlement.shares.vl.json']));
    expect(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')).scenario.id).toBe(id);
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8').trimEnd().endsWith('</html>'), id).toBe(true);
  }
}

/** Names anywhere under `dir` that an interrupted writer would leave. */
function temporaries(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => path.basename(f).startsWith(TEMP_PREFIX));
}

// The whole library, ten scenarios with their group, region and route series, runs three times in the
// first test: more than the default 120 s on a loaded two-core machine. A limit, not a timing assertion.
describe('eastward batch', { timeout: 300_000 }, () => {
  it('writes every good report, names the broken file, exits non-zero; a second run skips everything', () => {
    const { dir, broken } = scenarioFolder();
    const out = mkdtempSync(path.join(tmpdir(), 'eastward-batch-out-'));
    const first = batch([dir, '--out', out, '--runs', '2000', '--workers', '1']);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain(`${broken}: /energy/lng/volumeVolatility: must be number (got "high")`);
    expect(first.stderr).toContain(`invalid: ${broken}`);
    expectWholeReports(out, libraryIds);
    expect(existsSync(path.join(out, 'broken'))).toBe(false);

    const status = JSON.parse(readFileSync(path.join(out, 'batch.json'), 'utf8'));
    expect(status.scenarios.filter((s: { status: string }) => s.status === 'ran').map((s: { id: string }) => s.id).sort()).toEqual([...libraryIds].sort());
    expect(status.scenarios.find((s: { file: string }) => s.file === 'broken.json').status).toBe('invalid');

    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    for (const id of libraryIds) expect(index).toContain(`href="${id}/report.html"`);
    expect(index).toContain('broken.json');
    const rows = parse(readFileSync(path.join(out, 'comparison.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual([...COMPARISON_CSV_COLUMNS]);
    expect(new Set(rows.map((r) => r.scenario))).toEqual(new Set(libraryIds));
    // Every scenario is paired with the reference (the first reported) on the same paths.
    expect(new Set(rows.map((r) => r.difference_method))).toEqual(new Set(['reference', 'paired']));
    const pairedRows = rows.filter((r) => r.difference_method === 'paired' && r.stat.startsWith('paired_difference_'));
    expect(pairedRows.length).toBeGreaterThan(0);
    expect(pairedRows.every((r) => r.value !== '' && r.difference_from_reference === '')).toBe(true);
    expect(rows.filter((r) => r.stat === 'probability_above_reference').every((r) => Number(r.value) >= 0 && Number(r.value) <= 1)).toBe(true);

    const stamp = (id: string) => statSync(path.join(out, id, 'report.json')).mtimeMs;
    const before = libraryIds.map(stamp);
    const second = batch([dir, '--out', out, '--runs', '2000', '--workers', '1']);
    expect(second.code).toBe(2); // the broken file is still broken
    expect(second.stderr).toMatch(new RegExp(`0 ran, ${libraryIds.length} unchanged, 1 invalid`));
    expect(libraryIds.map(stamp)).toEqual(before);

    // A changed setting (runs) is a different report: everything reruns; --force reruns too.
    expect(batch([dir, '--out', out, '--runs', '2048', '--workers', '1']).stderr).toMatch(new RegExp(`${libraryIds.length} ran, 0 unchanged`));
    expect(batch([dir, '--out', out, '--runs', '2048', '--workers', '1', '--force']).stderr).toMatch(new RegExp(`${libraryIds.length} ran, 0 unchanged`));
    expect(temporaries(out)).toEqual([]);
  });

  it('killed halfway, leaves no half-written file at a final name; run again, it completes the rest', async () => {
    const { dir } = scenarioFolder(fewFiles);
    const out = mkdtempSync(path.join(tmpdir(), 'eastward-batch-kill-'));
    // 20 000 paths a scenario: the two reports after the first take seconds, the kill lands within 50 ms.
    const args = [cli, 'batch', dir, '--out', out, '--runs', '20000', '--workers', '1'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Kill (SIGKILL: no chance to clean up) once the first report is complete.
    const deadline = Date.now() + 120_000;
    while (!existsSync(path.join(out, fewIds[0], MANIFEST_FILE)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const done = fewIds.filter((id) => existsSync(path.join(out, id)));
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.length, `the batch finished before it could be killed:\n${stderr}`).toBeLessThan(fewIds.length);
    expectWholeReports(out, done); // whatever is at a final name is whole
    expect(existsSync(path.join(out, 'index.html'))).toBe(false);

    const again = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(2); // the broken file
    expect(again.stderr).toMatch(new RegExp(`${fewIds.length - done.length} ran, ${done.length} unchanged, 1 invalid`));
    expectWholeReports(out, fewIds);
    expect(temporaries(out)).toEqual([]);
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
  });

  it('interrupted with SIGINT, stops cleanly with exit 130 and says how to resume', async () => {
    const { dir } = scenarioFolder(fewFiles);
    const out = mkdtempSync(path.join(tmpdir(), 'eastward-batch-int-'));
    const child = spawn(process.execPath, [cli, 'batch', dir, '--out', out, '--runs', '20000', '--workers', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const deadline = Date.now() + 120_000;
    while (!existsSync(path.join(out, fewIds[0], MANIFEST_FILE)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('run the same command again to resume');
    expect(temporaries(out)).toEqual([]);
    expectWholeReports(out, fewIds.filter((id) => existsSync(path.join(out, id))));
  });
});

describe('atomic folder replacement', () => {
  it('replaces a folder whole, and cleans up after a writer killed at any step', async () => {
    const { replaceDirectoryAtomically, removeStaleTemporaries } = await import('../src/io/atomicWrite.js');
    const parent = mkdtempSync(path.join(tmpdir(), 'eastward-atomic-'));
    const dir = path.join(parent, 'r');
    replaceDirectoryAtomically(dir, { 'a.txt': 'one', 'charts/b.txt': 'two' });
    replaceDirectoryAtomically(dir, { 'a.txt': 'three' });
    expect(listFiles(dir)).toEqual(['a.txt']); // old files do not survive a replacement
    expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('three');
    // Killed while writing the new folder: the half-written one is removed.
    const { mkdirSync, renameSync } = await import('node:fs');
    mkdirSync(path.join(parent, `${TEMP_PREFIX}r-new-999`));
    writeFileSync(path.join(parent, `${TEMP_PREFIX}r-new-999`, 'a.txt'), 'half');
    // Killed between moving the old folder aside and moving the new one in: the old comes back.
    renameSync(dir, path.join(parent, `${TEMP_PREFIX}r-old-999`));
    expect(removeStaleTemporaries(parent)).toEqual([`${TEMP_PREFIX}r-new-999`]);
    expect(readdirSync(parent)).toEqual(['r']);
    expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('three');
  });
});
