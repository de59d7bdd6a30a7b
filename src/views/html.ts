import type { ForecastReport } from '../report/report.js';
import { BAND_TRUST_TITLE, notScoredSentence, runLine } from './markdown.js';
import { bandTrustTables, type ReportTables, type TextTable } from './tables.js';
import type { BandTrust } from '../backtest/trust.js';

/**
 * Escape text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('P10 < x & "y"'); // 'P10 &lt; x &amp; &quot;y&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A table as HTML, numbers right-aligned, with its title (an h2, or the given heading level) and caption. */
export function htmlTable(t: TextTable, headingLevel = 2): string {
  const th = t.header.map((h, i) => `<th${t.numericColumns.includes(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const content = (c: string, href: string | undefined) => (href === undefined ? escapeHtml(c) : `<a href="${escapeHtml(href)}">${escapeHtml(c)}</a>`);
  const rows = t.rows.map((r, j) => `<tr>${r.map((c, i) => `<td${t.numericColumns.includes(i) ? ' class="num"' : ''}>${content(c, t.links?.[j]?.[i])}</td>`).join('')}</tr>`).join('\n');
  return `<section>\n<h${headingLevel}>${escapeHtml(t.title)}</h${headingLevel}>\n<table>\n<caption>${escapeHtml(t.caption)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>\n</section>`;
}

/** The "How far to trust these bands" section as HTML. */
export function bandTrustHtml(trust: BandTrust): string {
  const t = bandTrustTables(trust);
  const notScored = notScoredSentence(trust);
  return `<section class="band-trust">\n<h2>${escapeHtml(BAND_TRUST_TITLE)}</h2>\n<p>${escapeHtml(trust.description)}</p>\n${notScored ? `<p>${escapeHtml(notScored)}</p>\n` : ''}${htmlTable(t.coverage, 3)}\n${htmlTable(t.skill, 3)}\n</section>`;
}

/** A rendered chart for a page: its SVG, a caption and where its spec lives. */
export interface ChartFigure {
  readonly file: string;
  readonly caption: string;
  readonly svg: string;
  /** Path of the Vega-Lite spec relative to the page. */
  readonly specHref: string;
}

/** A chart inside a figure, the SVG inline so the page needs neither scripts nor network. */
export function htmlFigure(f: ChartFigure): string {
  return `<figure class="chart" data-chart="${escapeHtml(f.file)}">\n${f.svg}\n<figcaption>${escapeHtml(f.caption)} <a href="${escapeHtml(f.specHref)}">Vega-Lite spec</a></figcaption>\n</figure>`;
}

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1b1b1b; margin: 0 auto; max-width: 1180px; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
caption { caption-side: top; text-align: left; color: #555; padding-bottom: 0.3rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f4f6f9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
figure.chart { margin: 0; border: 1px solid #e3e3e3; padding: 0.5rem; background: #fff; box-sizing: border-box; flex: 0 1 calc(50% - 0.5rem); min-width: 340px; }
ul.warnings { color: #8a4b00; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.85rem; color: #555; max-width: 640px; }
td:nth-child(4) { max-width: 420px; }
`;

/**
 * A complete, self-contained HTML page (inline CSS, no scripts, no external resources).
 *
 * @example
 * htmlPage('Baseline', '<h1>Baseline</h1>'); // '<!doctype html>…'
 */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** report.html: the same content as report.md, with the charts drawn inline (the one-year distributions in a section of their own). */
export function reportHtml(report: ForecastReport, tables: ReportTables, figures: readonly ChartFigure[], distributions: readonly ChartFigure[] = []): string {
  const body = [
    `<header>\n<h1>${escapeHtml(report.scenario.name)}</h1>\n<p class="meta">Scenario <code>${escapeHtml(report.scenario.id)}</code>. ${escapeHtml(runLine(report))}</p>\n<p>${escapeHtml(report.scenario.description)}</p>\n</header>`,
    tables.questions.rows.length > 0 ? htmlTable(tables.questions) : '',
    distributions.length > 0 ? `<section class="distributions">\n<h2>One-year distributions</h2>\n<p>For each series and year a question asks about: the share of paths above each value (read it off at a threshold: that is the chance of exceeding it).</p>\n<div class="charts">\n${distributions.map(htmlFigure).join('\n')}\n</div>\n</section>` : '',
    `<section>\n<h2>Fan charts</h2>\n<div class="charts">\n${figures.map(htmlFigure).join('\n')}\n</div>\n</section>`,
    htmlTable(tables.bands),
    bandTrustHtml(report.bandTrust),
    htmlTable(tables.regimes),
    htmlTable(tables.parameters),
    htmlTable(tables.convergence),
  ].filter((s) => s !== '');
  return htmlPage(`${report.scenario.name} — eastward forecast`, body.join('\n'));
}
