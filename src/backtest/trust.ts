/**
 * "How far to trust these bands": the rolling backtest of the baseline scenario on the shipped
 * data, summarised for every report, and cached in data/backtest-summary.json under a
 * fingerprint so that a normal run does not redo it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readRegularFile } from '../io/regularFile.js';
import { calibrateCommandFor } from '../models/calibrationFile.js';
import path from 'node:path';
import { canonicalJson, sha256 } from '../io/fingerprint.js';
import { historyFingerprint, loadHistory, type History } from '../data/history.js';
import { HEADLINE_SERIES } from '../engine/series.js';
import type { WorkerPool } from '../engine/simulate.js';
import { againstModel, baseYearData } from '../models/baseState.js';
import { dataDir, packageRoot } from '../paths.js';
import { loadScenarioFile, mergeChain, readChain } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { backtest, type BacktestResult, type HorizonScores } from './backtest.js';

/** The cache file, next to data/calibration.json. */
export const BAND_TRUST_FILE = 'backtest-summary.json';
/** First origin of the rolling backtest (the last is the last data year − 1, from the data). */
export const BAND_TRUST_FIRST_ORIGIN = 2015;
/** Paths per origin. */
export const BAND_TRUST_RUNS = 10_000;
/** Seed of every origin's run. */
export const BAND_TRUST_SEED = 1;
/** The scenario whose model is backtested. */
export const BAND_TRUST_SCENARIO_FILE = path.join(packageRoot, 'scenarios', 'baseline.json');
/**
 * Folders of dist/ whose compiled JavaScript the fingerprint covers: everything a backtest runs
 * (the model blocks, the engine, summaries, random streams, data loading and the scoring itself).
 */
export const BAND_TRUST_CODE_FOLDERS: readonly string[] = ['backtest', 'data', 'engine', 'models', 'random', 'stats'];

/** How well the bands of one series or pool held at one horizon. */
export interface BandTrustCell {
  readonly horizon: number;
  /** Outcomes scored. */
  readonly n: number;
  /** Share of outcomes inside the P10–P90 band (nominal 0.8). */
  readonly coverage80: number;
  /** 95 % Wilson interval of coverage80. */
  readonly coverage80Low: number;
  readonly coverage80High: number;
  /** 1 − CRPS_engine / CRPS of the better naive forecast (no change, average growth); positive = the model is better; null when no row has both naive forecasts. */
  readonly crpsSkill: number | null;
  /** Outcomes behind crpsSkill (those with both naive forecasts). */
  readonly skillN: number;
}

/** One line of the section: a headline series or a pooled group, by horizon. */
export interface BandTrustRow {
  /** A series name (e.g. trade.turnover) or a pool's label (e.g. trade flows (pooled)). */
  readonly subject: string;
  readonly pooled: boolean;
  readonly cells: readonly BandTrustCell[];
}

/** The "How far to trust these bands" section of every report (report.json `bandTrust`). */
export interface BandTrust {
  /** What the figures measure, in words (shown above the tables). */
  readonly description: string;
  readonly scenario: string;
  readonly oil: 'realised';
  readonly firstOrigin: number;
  readonly lastOrigin: number;
  /** Last data year: outcomes up to it were scored. */
  readonly dataThroughYear: number;
  /**
   * historyFingerprint of the data the backtest ran on: a report compares it with its own data's
   * (`data.fingerprint`) and says whether the section was computed from the same data.
   */
  readonly dataFingerprint: string;
  readonly runs: number;
  readonly seed: number;
  readonly rows: readonly BandTrustRow[];
  /** Headline series with no scored outcome (e.g. Brent, the conditioning input). */
  readonly notScored: readonly string[];
}

function cell(s: HorizonScores): BandTrustCell {
  return {
    horizon: s.horizon,
    n: s.engine.n,
    coverage80: s.engine.coverage80,
    coverage80Low: s.engine.coverage80Interval.low,
    coverage80High: s.engine.coverage80Interval.high,
    crpsSkill: s.crpsComparison?.skill ?? null,
    skillN: s.crpsComparison?.n ?? 0,
  };
}

/**
 * What the section measures, in words, from its settings.
 *
 * @example
 * bandTrustDescription({ scenario: 'baseline', firstOrigin: 2015, lastOrigin: 2023, dataThroughYear: 2024, runs: 10000, seed: 1 });
 * // 'How often the baseline model's P10–P90 bands held the outcome …'
 */
export function bandTrustDescription(t: Pick<BandTrust, 'scenario' | 'firstOrigin' | 'lastOrigin' | 'dataThroughYear' | 'runs' | 'seed'>): string {
  return (
    `How often the ${t.scenario} model's P10–P90 bands held the outcome when it forecast from past origins: ` +
    `refitted on data up to each year ${t.firstOrigin}–${t.lastOrigin} only, projected to ${t.dataThroughYear} ` +
    `(${t.runs.toLocaleString('en-US')} paths per origin, seed ${t.seed}), conditional on the realised Brent price. ` +
    `It judges the model, not this scenario: this scenario's own assumptions (its oil path, sanctions odds, projects) are not backtested. ` +
    `Coverage should be near 80 %; the 95 % interval shows how little n outcomes can tell. ` +
    `CRPS skill compares the whole forecast distribution with the better of two naive forecasts (no change; average past growth): positive means the model did better.`
  );
}

/**
 * The section from a rolling backtest: the headline series it scored, then the pooled groups.
 *
 * @example
 * bandTrustFromBacktest(result, 2024, historyFingerprint(history)).rows[0]; // { subject: 'trade.turnover', pooled: false, cells: [{ horizon: 1, n: 9, … }, …] }
 */
export function bandTrustFromBacktest(result: BacktestResult, dataThroughYear: number, dataFingerprint: string): BandTrust {
  const series: BandTrustRow[] = HEADLINE_SERIES.filter((s) => result.summary.some((r) => r.series === s)).map((s) => ({
    subject: s,
    pooled: false,
    cells: result.summary.filter((r) => r.series === s).map(cell),
  }));
  const groups = [...new Set(result.pooled.map((p) => p.group))];
  const pooled: BandTrustRow[] = groups.map((g) => ({ subject: g, pooled: true, cells: result.pooled.filter((p) => p.group === g).map(cell) }));
  const settings = { scenario: result.scenario.id, firstOrigin: result.asOf[0], lastOrigin: result.asOf[result.asOf.length - 1], dataThroughYear, runs: result.runs, seed: result.seed };
  return {
    description: bandTrustDescription(settings),
    ...settings,
    dataFingerprint,
    oil: 'realised',
    rows: [...series, ...pooled],
    notScored: HEADLINE_SERIES.filter((s) => !result.summary.some((r) => r.series === s)),
  };
}

/** What the section is computed from and how. */
export interface BandTrustOptions {
  /** The data (default: the shipped data/). */
  readonly history?: History;
  readonly runs?: number;
  readonly seed?: number;
  readonly pool?: WorkerPool;
}

/**
 * The baseline scenario, checked against the base year of the last origin (the data's last year − 1):
 * the backtest projects from the origins only (and checks each), so data one year newer than the
 * shipped baseline assumes (an item it calls uncertain already started) still gets its section.
 */
function bandTrustScenario(history: History): Scenario {
  const lastOrigin = baseYearData(history).year - 1;
  return loadScenarioFile(BAND_TRUST_SCENARIO_FILE, againstModel(baseYearData(history.truncatedAt(lastOrigin), lastOrigin, { allowUnobserved: true }))).scenario;
}

/** Origins BAND_TRUST_FIRST_ORIGIN … last data year − 1, from the data. */
function bandTrustOrigins(history: History): number[] {
  const last = baseYearData(history).year - 1;
  return Array.from({ length: Math.max(0, last - BAND_TRUST_FIRST_ORIGIN + 1) }, (_, i) => BAND_TRUST_FIRST_ORIGIN + i);
}

/**
 * Run the rolling backtest of the baseline with realised oil and summarise it for the report.
 * Deterministic: the same data, scenario, runs and seed give the same figures on any pool.
 *
 * @example
 * const trust = await computeBandTrust(); // about 2 s: 9 origins × 10 000 paths
 * trust.rows.find((r) => r.subject === 'trade flows (pooled)')?.cells[0].coverage80;
 */
export async function computeBandTrust(options: BandTrustOptions = {}): Promise<BandTrust> {
  const history = options.history ?? loadHistory();
  const result = await backtest({
    asOf: bandTrustOrigins(history),
    scenario: bandTrustScenario(history),
    oil: 'realised',
    history,
    runs: options.runs ?? BAND_TRUST_RUNS,
    seed: options.seed ?? BAND_TRUST_SEED,
    pool: options.pool,
  });
  return bandTrustFromBacktest(result, baseYearData(history).year, historyFingerprint(history));
}

/** Every .js file under dist/<folder>, relative path and bytes, sorted: the compiled model code. */
function compiledCodeDigest(): string {
  const dist = path.join(packageRoot, 'dist');
  const files: string[] = [];
  for (const folder of BAND_TRUST_CODE_FOLDERS) {
    const dir = path.join(dist, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) if (name.endsWith('.js')) files.push(path.join(folder, name));
  }
  // Relative paths with '/' so the digest is the same on every platform and checkout location.
  const parts = files.sort().map((f) => `${f.split(path.sep).join('/')}\0${sha256(readFileSync(path.join(dist, f)))}`);
  return sha256(parts.join('\n'));
}

/**
 * The fingerprint of everything the section depends on: the data the backtest reads (observations,
 * settlement statements, logistics), the resolved baseline scenario, runs, seed, first origin, and
 * the compiled model code (dist/ — rebuild before trusting it). No time, host or absolute path.
 *
 * @example
 * bandTrustFingerprint(loadHistory()); // '3f1c…' (64 hex digits)
 */
export function bandTrustFingerprint(history: History, runs = BAND_TRUST_RUNS, seed = BAND_TRUST_SEED): string {
  return sha256(
    canonicalJson({
      data: historyFingerprint(history),
      // The merged document, not a validated load: a fingerprint needs the content, not the checks.
      scenario: mergeChain(readChain(BAND_TRUST_SCENARIO_FILE)),
      runs,
      seed,
      firstOrigin: BAND_TRUST_FIRST_ORIGIN,
      code: compiledCodeDigest(),
    }),
  );
}

/** The cache file's bytes, exactly as `eastward calibrate` writes them. */
export function bandTrustJson(trust: BandTrust, fingerprint: string): string {
  const doc = {
    $comment: 'Generated by `eastward calibrate`: the rolling backtest behind every report\'s "How far to trust these bands". Do not edit by hand; see docs/backtest.md.',
    fingerprint,
    bandTrust: trust,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Largest backtest-summary.json read (the shipped one is about 10 KB). */
const MAX_BAND_TRUST_BYTES = 4 * 1024 * 1024;

/**
 * Read the cache file's section if its fingerprint is `fingerprint`; undefined when missing, stale,
 * not a regular file of bounded size, or not JSON (a user's data folder is input like any other).
 */
function cachedBandTrust(file: string, fingerprint: string): BandTrust | undefined {
  const read = readRegularFile(file, MAX_BAND_TRUST_BYTES);
  if (!read.ok) return undefined;
  try {
    const doc = JSON.parse(read.text) as { fingerprint?: string; bandTrust?: BandTrust } | null;
    return doc !== null && typeof doc === 'object' && doc.fingerprint === fingerprint ? doc.bandTrust : undefined;
  } catch {
    return undefined;
  }
}

const loaded = new Map<string, Promise<BandTrust>>();

/**
 * The section for reports: from `dir`/backtest-summary.json when its fingerprint matches the data
 * and code, otherwise recomputed in memory with one warning (as a stale data/calibration.json is
 * handled). Loaded once per process and folder, so many runs pay for it once.
 *
 * @example
 * const trust = await loadBandTrust({ onWarning: console.error });
 */
export function loadBandTrust(options: { dir?: string; onWarning?: (message: string) => void; pool?: WorkerPool } = {}): Promise<BandTrust> {
  const dir = path.resolve(options.dir ?? dataDir);
  let trust = loaded.get(dir);
  if (!trust) {
    trust = bandTrustFor(dir, options);
    loaded.set(dir, trust);
    // A failed computation is not kept: the next report tries again.
    trust.catch(() => loaded.delete(dir));
  }
  return trust;
}

async function bandTrustFor(dir: string, options: { onWarning?: (message: string) => void; pool?: WorkerPool }): Promise<BandTrust> {
  const history = loadHistory(dir);
  const file = path.join(dir, BAND_TRUST_FILE);
  const cached = cachedBandTrust(file, bandTrustFingerprint(history));
  if (cached) return cached;
  options.onWarning?.(`stale backtest summary: ${file} ${existsSync(file) ? 'does not match the data, the baseline scenario or the compiled model' : 'not found'}; recomputing it on this data in memory (run \`${calibrateCommandFor(dir)}\` to write the file)`);
  return computeBandTrust({ history, pool: options.pool });
}
