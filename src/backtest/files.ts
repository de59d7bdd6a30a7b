import path from 'node:path';
import { csvField } from '../data/csv.js';
import { writeFilesAtomically } from '../io/atomicWrite.js';
import type { BacktestResult, ForecastScores, MeanScores } from './backtest.js';

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);
const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(2));

/** backtest.csv: one row per series, as-of year, target year and forecaster (engine, noChange, averageGrowth). */
export function backtestCsv(r: BacktestResult): string {
  const lines = ['series,unit,asOf,year,horizon,forecaster,actual,p05,p10,p50,p90,p95,covered80,covered90,crps,ape'];
  for (const row of r.rows) {
    const forecasters: Array<[string, ForecastScores | null]> = [['engine', row], ['noChange', row.naive.noChange], ['averageGrowth', row.naive.averageGrowth]];
    for (const [name, f] of forecasters) {
      if (!f) continue;
      lines.push([row.series, row.unit, row.asOf, row.year, row.horizon, name, row.actual, f.p05, f.p10, f.p50, f.p90, f.p95, f.covered80, f.covered90, f.crps, f.ape ?? ''].map(csvField).join(','));
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
  if (r.warnings.length) out.push('', ...r.warnings.map((w) => `- ${w}`));
  return `${out.join('\n')}\n`;
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
