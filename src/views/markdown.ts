import type { ForecastReport } from '../report/report.js';
import { bandTrustTables, type ReportTables, type TextTable } from './tables.js';
import type { BandTrust } from '../backtest/trust.js';
import { escapeControlCharacters } from '../text/controlCharacters.js';

/** Escape a cell for a Markdown table: pipes would split it, newlines would end the row. */
function cell(text: string): string {
  return inline(text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|'));
}

/** User text on one Markdown line: no line breaks, control characters shown escaped, no raw HTML (`<script>`). */
function inline(text: string): string {
  return escapeControlCharacters(text.replace(/\r?\n/g, ' ')).replace(/</g, '&lt;');
}

/**
 * A table as GitHub-flavoured Markdown, numbers right-aligned.
 *
 * @example
 * markdownTable({ title: 'T', caption: 'c', header: ['a', 'b'], rows: [['x', '1']], numericColumns: [1] });
 * // '### T\n\nc\n\n| a | b |\n| --- | ---: |\n| x | 1 |\n'
 */
export function markdownTable(t: TextTable): string {
  const align = t.header.map((_, i) => (t.numericColumns.includes(i) ? '---:' : '---'));
  const lines = [`### ${t.title}`, '', t.caption, '', `| ${t.header.map(cell).join(' | ')} |`, `| ${align.join(' | ')} |`];
  t.rows.forEach((row, j) => {
    const linked = row.map((c, i) => {
      const href = t.links?.[j]?.[i];
      return href === undefined ? cell(c) : `[${cell(c)}](${encodeURI(href)})`;
    });
    lines.push(`| ${linked.join(' | ')} |`);
  });
  return `${lines.join('\n')}\n`;
}

/** The run's facts in one line: paths, seed, sampling, data and projection years, engine. */
export function runLine(report: ForecastReport): string {
  const first = report.years[0];
  const last = report.years[report.years.length - 1];
  return `${report.runs.toLocaleString('en-US')} Monte Carlo paths, seed ${report.seed}, ${report.sampling.method} sampling${report.shocks ? '' : ', shocks off'}; data up to ${report.baseYear}, projection ${first}–${last}; ${report.engine.name} ${report.engine.version}.`;
}

/**
 * report.md: the report as text — what the scenario assumes, the answers to its questions, the
 * medians and bands, and how precise they are — with the charts linked as SVG files.
 */
export function reportMarkdown(report: ForecastReport, tables: ReportTables, charts: ReadonlyArray<{ file: string; caption: string }>): string {
  const parts = [`# ${inline(report.scenario.name)}`, '', `Scenario \`${report.scenario.id}\`. ${runLine(report)}`, '', inline(report.scenario.description), ''];
  parts.push(`Files: [report.html](report.html), [report.json](report.json) (every number), [summary.csv](summary.csv) (tidy table), [charts/](charts/) (Vega-Lite specs and SVG).`, '');
  parts.push(markdownTable(tables.parameters));
  if (tables.questions.rows.length > 0) parts.push(markdownTable(tables.questions));
  if (tables.known.rows.length > 0) parts.push(markdownTable(tables.known));
  parts.push(markdownTable(tables.bands));
  for (const t of tables.allocation) parts.push(markdownTable(t));
  parts.push(bandTrustMarkdown(report));
  parts.push('### Charts', '');
  for (const c of charts) parts.push(`![${cell(c.caption)}](charts/${c.file}.svg)`, '', `*${c.caption}* Spec with data: [charts/${c.file}.vl.json](charts/${c.file}.vl.json).`, '');
  parts.push(markdownTable(tables.regimes));
  parts.push(markdownTable(tables.convergence));
  return `${parts.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Headline series the backtest could not score, in words (empty when all were). */
export function notScoredSentence(trust: BandTrust): string {
  return trust.notScored.length === 0 ? '' : `Not scored (no outcomes to score, or an input such as Brent under realised oil): ${trust.notScored.join(', ')}.`;
}

/** Which data a report and its trust section come from, in words. */
function dataInWords(source: ForecastReport['data']['source'], throughYear: number): string {
  return `${source === 'shipped' ? 'the shipped data' : 'user-supplied data (a --data-dir folder)'} through ${throughYear}`;
}

/**
 * Which data the trust section was computed from, against the forecast's own: the same (by their
 * content's fingerprint), or — said plainly — other data. Known values (`--actuals`) are named too:
 * the backtest judged unconditioned forecasts.
 *
 * @example
 * trustDataSentence(report); // 'Computed from the same data as this forecast: the shipped data through 2024 (fingerprint 3f1c2a9b).'
 */
export function trustDataSentence(report: ForecastReport): string {
  const { data, bandTrust: trust } = report;
  const same = trust.dataFingerprint === data.fingerprint;
  const base = same
    ? `Computed from the same data as this forecast: ${dataInWords(data.source, data.throughYear)} (fingerprint ${data.fingerprint.slice(0, 8)}).`
    : `Caution: computed from other data (through ${trust.dataThroughYear}, fingerprint ${trust.dataFingerprint.slice(0, 8)}) than this forecast's (${dataInWords(data.source, data.throughYear)}, fingerprint ${data.fingerprint.slice(0, 8)}).`;
  const known = report.known.length > 0 ? ' This forecast is also conditioned on known values for projected years (see "Known values"); the backtest scored forecasts without them.' : '';
  return base + known;
}

/** The "How far to trust these bands" section as Markdown. */
export function bandTrustMarkdown(report: ForecastReport): string {
  const trust = report.bandTrust;
  const t = bandTrustTables(trust);
  return [`## ${BAND_TRUST_TITLE}`, '', trust.description, '', trustDataSentence(report), '', notScoredSentence(trust), '', markdownTable(t.coverage), markdownTable(t.skill)].join('\n');
}

/** Title of the band-trust section in every view. */
export const BAND_TRUST_TITLE = 'How far to trust these bands';
