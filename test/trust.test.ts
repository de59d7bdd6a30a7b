import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { backtest } from '../src/backtest/backtest.js';
import { BAND_TRUST_FILE, BAND_TRUST_FIRST_ORIGIN, bandTrustFingerprint, bandTrustFromBacktest, bandTrustJson, computeBandTrust, loadBandTrust, type BandTrust } from '../src/backtest/trust.js';
import { History, historyFingerprint } from '../src/data/history.js';
import { HEADLINE_SERIES } from '../src/engine/series.js';
import { runScenario } from '../src/report/run.js';
import { reportFiles } from '../src/views/reportFiles.js';
import { escapeHtml } from '../src/views/html.js';
import { coverageCell, skillCell } from '../src/views/tables.js';
import { baseYear, history, loadLibraryScenario, root } from './helpers.js';

/** Cheap settings for the tests that only need the computation to react to its inputs. */
const quick = { runs: 1024, seed: 4 };

/** A copy of data/ (without the generated summary) in a temporary folder. */
function dataCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eastward-trust-'));
  for (const name of readdirSync(path.join(root, 'data'))) if (name.endsWith('.csv') || name === 'calibration.json') copyFileSync(path.join(root, 'data', name), path.join(dir, name));
  return dir;
}

const committedText = () => readFileSync(path.join(root, 'data', BAND_TRUST_FILE), 'utf8');

describe('how far to trust the bands: the summary', () => {
  let fresh: BandTrust;
  beforeAll(async () => {
    fresh = await computeBandTrust();
  });

  it('the committed data/backtest-summary.json is what `eastward calibrate` computes from data/ and the compiled model', () => {
    expect(bandTrustJson(fresh, bandTrustFingerprint(history))).toBe(committedText());
  });

  it('covers origins from the first origin to the last data year − 1, derived from the data', () => {
    expect(fresh.firstOrigin).toBe(BAND_TRUST_FIRST_ORIGIN);
    expect(fresh.lastOrigin).toBe(baseYear - 1);
    expect(fresh.dataThroughYear).toBe(baseYear);
    expect(fresh.description).toContain(`${BAND_TRUST_FIRST_ORIGIN}–${baseYear - 1}`);
    expect(fresh.description).toContain('10,000 paths');
    expect(fresh.description).toContain('not backtested');
  });

  it('is computed from the data, not constant: scaling later actuals changes coverage and skill', async () => {
    const a = await computeBandTrust({ history, ...quick });
    const cut = BAND_TRUST_FIRST_ORIGIN + 3;
    const scaled = new History(
      history.observations.map((o) => (o.year > cut && o.series.startsWith('trade.') ? { ...o, value: o.value * 1.4 } : o)),
      history.settlementStatements,
      history.logistics,
    );
    const b = await computeBandTrust({ history: scaled, ...quick });
    const trade = (t: BandTrust) => t.rows.find((r) => r.subject === 'trade flows (pooled)')!.cells;
    expect(trade(b).map((c) => c.coverage80)).not.toEqual(trade(a).map((c) => c.coverage80));
    expect(trade(b).map((c) => c.crpsSkill)).not.toEqual(trade(a).map((c) => c.crpsSkill));
    // The origins before the cut see the same data but score the scaled outcomes: the model misses more.
    expect(trade(b).reduce((s, c) => s + c.coverage80 * c.n, 0)).toBeLessThan(trade(a).reduce((s, c) => s + c.coverage80 * c.n, 0));
  });

  it('takes its figures from the backtest summary: headline series in report order, then the pools', async () => {
    const result = await backtest({ asOf: [baseYear - 3, baseYear - 2], scenario: loadLibraryScenario('baseline.json'), oil: 'realised', history, ...quick });
    const t = bandTrustFromBacktest(result, baseYear, historyFingerprint(history));
    const series = t.rows.filter((r) => !r.pooled).map((r) => r.subject);
    expect(series).toEqual(HEADLINE_SERIES.filter((s) => series.includes(s)));
    expect(t.rows.filter((r) => r.pooled).map((r) => r.subject)).toEqual(['trade flows (pooled)', 'energy volumes (pooled)']);
    expect(t.notScored).toContain('oil.brent');
    const turnover2 = result.summary.find((s) => s.series === 'trade.turnover' && s.horizon === 2)!;
    expect(t.rows[0].cells[1]).toEqual({
      horizon: 2,
      n: turnover2.engine.n,
      coverage80: turnover2.engine.coverage80,
      coverage80Low: turnover2.engine.coverage80Interval.low,
      coverage80High: turnover2.engine.coverage80Interval.high,
      crpsSkill: turnover2.crpsComparison!.skill,
      skillN: turnover2.crpsComparison!.n,
    });
  });

  it('every report carries the section: report.json holds it, report.md and report.html show its figures', async () => {
    const trust = await computeBandTrust({ history, ...quick });
    const report = await runScenario(loadLibraryScenario('baseline.json'), { runs: 1024, seed: 1, workers: 0, bandTrust: trust });
    const files = await reportFiles(report);
    expect(JSON.parse(files['report.json']).bandTrust).toEqual(trust);
    const horizons = [...new Set(trust.rows.flatMap((r) => r.cells.map((c) => c.horizon)))].sort((a, b) => a - b);
    for (const row of trust.rows) {
      const cells = (format: (c: (typeof row.cells)[number]) => string) => horizons.map((h) => row.cells.find((c) => c.horizon === h)).map((c) => (c ? format(c) : '–'));
      expect(files['report.md']).toContain(`| ${row.subject} | ${cells(coverageCell).join(' | ')} |`);
      expect(files['report.md']).toContain(`| ${row.subject} | ${cells(skillCell).join(' | ')} |`);
      for (const c of row.cells) {
        expect(files['report.html']).toContain(`<td class="num">${escapeHtml(coverageCell(c))}</td>`);
        expect(files['report.html']).toContain(`<td class="num">${escapeHtml(skillCell(c))}</td>`);
      }
    }
    expect(files['report.md']).toContain('## How far to trust these bands');
    expect(files['report.md']).toContain(trust.description);
    expect(files['report.html']).toContain(escapeHtml(trust.description));
    // The questions' ± is labelled as simulation error, not forecast uncertainty.
    expect(files['report.md']).toContain('± Monte Carlo error');
    expect(files['report.md']).toContain('not how uncertain the forecast is');
    expect(files['report.html']).toContain('± Monte Carlo error');
  });

  it('reports use the cached file when its fingerprint matches and recompute (warning once) when not', async () => {
    const matching = dataCopy();
    const doctored = { ...fresh, description: 'read from the cache' };
    writeFileSync(path.join(matching, BAND_TRUST_FILE), bandTrustJson(doctored, bandTrustFingerprint(history)));
    const quiet: string[] = [];
    expect(await loadBandTrust({ dir: matching, onWarning: (m) => quiet.push(m) })).toEqual(doctored);
    expect(quiet).toEqual([]);

    const stale = dataCopy();
    writeFileSync(path.join(stale, BAND_TRUST_FILE), bandTrustJson(doctored, 'an old fingerprint'));
    const warnings: string[] = [];
    const first = await loadBandTrust({ dir: stale, onWarning: (m) => warnings.push(m) });
    const second = await loadBandTrust({ dir: stale, onWarning: (m) => warnings.push(m) });
    expect(first).toEqual(fresh);
    expect(second).toBe(first);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^stale backtest summary: .*backtest-summary\.json does not match .*run `eastward calibrate --data-dir /);
  });
});
