import path from 'node:path';
import { csvField } from '../data/csv.js';
import { writeFilesAtomically } from '../io/atomicWrite.js';
import { RELIABILITY_LEVELS, type BacktestResult, type ForecastScores, type MeanScores, type PooledSummaryRow } from './backtest.js';
import { PIT_DECILES } from './scores.js';

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);
const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(2));
const signed = (x: number | null) => (x === null ? '–' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`);

/** backtest.csv: one row per series, as-of year, target year and forecaster (engine, noChange, averageGrowth; engineConformal with --recalibrate conformal). */
export function backtestCsv(r: BacktestResult): string {
  const lines = ['series,unit,asOf,year,horizon,forecaster,actual,p05,p10,p50,p90,p95,covered80,covered90,crps,ape,pit'];
  for (const row of r.rows) {
    const forecasters: Array<[string, ForecastScores | null | undefined]> = [['engine', row], ['noChange', row.naive.noChange], ['averageGrowth', row.naive.averageGrowth], ['engineConformal', row.conformal]];
    for (const [name, f] of forecasters) {
      if (!f) continue;
      lines.push([row.series, row.unit, row.asOf, row.year, row.horizon, name, row.actual, f.p05, f.p10, f.p50, f.p90, f.p95, f.covered80, f.covered90, f.crps, f.ape ?? '', f.pit].map(csvField).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** backtest.md: the summary by series and horizon, engine beside the naive forecasts. */
export function backtestMarkdown(r: BacktestResult): string {
  const cell = (m: MeanScores | null) => (m ? `${num(m.crps)} / ${pct(m.mape)}` : '–');
  const out = [
    `# Backtest of ${r.scenario.id}, as of ${r.asOf.length === 1 ? r.asOf[0] : `${r.asOf[0]}–${r.asOf[r.asOf.length - 1]}`} (oil: ${r.oil}; ${r.runs.toLocaleString('en-US')} paths, seed ${r.seed})`,
    '',
    'Coverage: share of actuals inside the engine\'s P10–P90 (nominal 80 %) and P5–P95 (nominal 90 %). CRPS in the series\' unit (lower is better) and MAPE of the median, for the engine and two naive forecasts (no change; average past growth), each with bands from its own past errors.',
    '',
    '| series | horizon | n | engine P10–P90 | engine P5–P95 | engine CRPS / MAPE | no change CRPS / MAPE | avg. growth CRPS / MAPE |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const s of r.summary) {
    out.push(`| ${s.series} | ${s.horizon} | ${s.engine.n} | ${pct(s.engine.coverage80)} | ${pct(s.engine.coverage90)} | ${cell(s.engine)} | ${cell(s.noChange)} | ${cell(s.averageGrowth)} |`);
  }
  out.push('', ...pooledMarkdown(r.pooled));
  if (r.recalibration === 'conformal') out.push('', ...conformalMarkdown(r.pooled));
  if (r.warnings.length) out.push('', ...r.warnings.map((w) => `- ${w}`));
  return `${out.join('\n')}\n`;
}

/** The conformally recalibrated engine beside the raw engine, per pool and horizon. */
function conformalMarkdown(pooled: readonly PooledSummaryRow[]): string[] {
  const out = [
    '## Conformal recalibration (a correction layered on the model)',
    '',
    'Each origin\'s bands widened or narrowed by the split-conformal factor of the standardized errors (|actual − P50| / half the P10–P90 width) of earlier forecasts at the same horizon and in the same pool whose outcome was known by that origin (expanding window). Rows need at least four such errors; n counts the rows recalibrated, and the raw columns score the raw model on those same rows. It corrects spread, not bias; the raw model\'s scores above are unchanged.',
    '',
    '| group | horizon | n | raw P10–P90 | recalibrated P10–P90 [95 % interval] | recalibrated P5–P95 | CRPS raw / recalibrated |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const p of pooled) {
    const c = p.conformal;
    if (!c) continue;
    const { raw, recalibrated: re } = c;
    out.push(`| ${p.group} | ${p.horizon} | ${re.n} | ${pct(raw.coverage80)} | ${pct(re.coverage80)} [${pct(re.coverage80Interval.low)}–${pct(re.coverage80Interval.high)}] | ${pct(re.coverage90)} | ${num(raw.crps)} / ${num(re.crps)} |`);
  }
  return out;
}

/** The pooled groups' scores, PIT histograms and (trade) reliability, as Markdown lines. */
function pooledMarkdown(pooled: readonly PooledSummaryRow[]): string[] {
  if (pooled.length === 0) return [];
  const out = [
    '## Pooled by horizon',
    '',
    'Rows of several series at the same horizon pooled, so coverage rests on more points: P10–P90 coverage with its 95 % Wilson interval, P5–P95 coverage, mean CRPS of the engine and the naive forecasts over the rows where all three exist (n paired), and the engine\'s CRPS skill against the better naive forecast (1 − CRPS engine / min CRPS naive; positive: the engine is better). Energy pools Mt and bcm: read its skill (a ratio) rather than its CRPS.',
    '',
    '| group | horizon | n | P10–P90 [95 % interval] | P5–P95 | CRPS engine / no change / avg. growth (n paired) | skill vs better naive |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const p of pooled) {
    const c = p.crpsComparison;
    const crps = c ? `${num(c.engine)} / ${num(c.noChange)} / ${num(c.averageGrowth)} (${c.n})` : '–';
    out.push(`| ${p.group} | ${p.horizon} | ${p.engine.n} | ${pct(p.engine.coverage80)} [${pct(p.engine.coverage80Interval.low)}–${pct(p.engine.coverage80Interval.high)}] | ${pct(p.engine.coverage90)} | ${crps} | ${signed(c?.skill ?? null)} |`);
  }
  const deciles = Array.from({ length: PIT_DECILES }, (_, d) => `${d * 10}–${(d + 1) * 10}`);
  out.push('', '## PIT histograms', '', 'How many actuals fell in each decile of the engine\'s forecast distribution (percentiles as columns). Flat counts mean calibrated bands; U-shaped (outer columns full) too narrow; hump-shaped too wide; sloped biased (a pile on the right: actuals above the forecast).');
  for (const group of [...new Set(pooled.map((p) => p.group))]) {
    out.push('', `### ${group}`, '', `| horizon | n | ${deciles.join(' | ')} |`, `|---|---|${deciles.map(() => '---|').join('')}`);
    for (const p of pooled.filter((x) => x.group === group)) out.push(`| ${p.horizon} | ${p.engine.n} | ${p.pitDeciles.join(' | ')} |`);
  }
  const trade = pooled.filter((p) => p.group === pooled[0].group);
  out.push('', `## Reliability (${pooled[0].group})`, '', 'Share of actuals inside the engine\'s central intervals, by nominal size (read from the PIT values): calibrated bands match the header.', '', `| horizon | n | ${RELIABILITY_LEVELS.map((l) => pct(l)).join(' | ')} |`, `|---|---|${RELIABILITY_LEVELS.map(() => '---|').join('')}`);
  for (const p of trade) out.push(`| ${p.horizon} | ${p.engine.n} | ${p.reliability.map((x) => pct(x.observed)).join(' | ')} |`);
  return out;
}

/** Write backtest.json, backtest.csv and backtest.md into `dir`, atomically. */
export function writeBacktestFiles(r: BacktestResult, dir: string): string[] {
  const files = {
    [path.join(dir, 'backtest.json')]: `${JSON.stringify(r, null, 2)}\n`,
    [path.join(dir, 'backtest.csv')]: backtestCsv(r),
    [path.join(dir, 'backtest.md')]: backtestMarkdown(r),
  };
  writeFilesAtomically(files);
  return Object.keys(files);
}
