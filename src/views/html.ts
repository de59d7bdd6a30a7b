import type { ForecastReport } from '../report/report.js';
import { BAND_TRUST_TITLE, notScoredSentence, runLine, trustDataSentence } from './markdown.js';
import { bandTrustTables, type ReportTables, type TextTable } from './tables.js';

/**
 * Escape text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('P10 < x & "y"'); // 'P10 &lt; x &amp; &quot;y&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A table as HTML, numbers right-aligned, with its title (an h2, or the given heading level) and caption; `id` anchors its section. */
export function htmlTable(t: TextTable, headingLevel = 2, id?: string): string {
  const th = t.header.map((h, i) => `<th${t.numericColumns.includes(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const content = (c: string, href: string | undefined) => (href === undefined ? escapeHtml(c) : `<a href="${escapeHtml(href)}">${escapeHtml(c)}</a>`);
  const rows = t.rows.map((r, j) => `<tr>${r.map((c, i) => `<td${t.numericColumns.includes(i) ? ' class="num"' : ''}>${content(c, t.links?.[j]?.[i])}</td>`).join('')}</tr>`).join('\n');
  return `<section${id === undefined ? '' : ` id="${escapeHtml(id)}"`}>\n<h${headingLevel}>${escapeHtml(t.title)}</h${headingLevel}>\n<table>\n<caption>${escapeHtml(t.caption)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>\n</section>`;
}

/** The "How far to trust these bands" section as HTML. */
export function bandTrustHtml(report: ForecastReport): string {
  const trust = report.bandTrust;
  const t = bandTrustTables(trust);
  const notScored = notScoredSentence(trust);
  return `<section class="band-trust" id="${SECTION_IDS.trust}">\n<h2>${escapeHtml(BAND_TRUST_TITLE)}</h2>\n<p>${escapeHtml(trust.description)}</p>\n<p class="trust-data">${escapeHtml(trustDataSentence(report))}</p>\n${notScored ? `<p>${escapeHtml(notScored)}</p>\n` : ''}${htmlTable(t.coverage, 3)}\n${htmlTable(t.skill, 3)}\n</section>`;
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
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1b1b1b; margin: 0 auto; max-width: 1240px; padding: 1.5rem; }
nav.files, nav.toc { background: #f4f6f9; border: 1px solid #e3e3e3; padding: 0.5rem 0.9rem; margin: 0.8rem 0; }
nav.toc h2 { font-size: 1rem; margin: 0 0 0.3rem; border: 0; }
nav.toc ol { margin: 0; padding-left: 1.3rem; columns: 2; }
nav.files a { margin-right: 0.8rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
caption { caption-side: top; text-align: left; color: #555; padding-bottom: 0.3rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f4f6f9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 590px), 1fr)); gap: 1rem; }
figure.chart { margin: 0; border: 1px solid #e3e3e3; padding: 0.5rem; background: #fff; box-sizing: border-box; min-width: 0; }
figure.chart.wide { grid-column: 1 / -1; }
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

/** Anchors of report.html's sections (the table of contents links to them). */
export const SECTION_IDS = {
  questions: 'questions',
  known: 'known-values',
  charts: 'fan-charts',
  bands: 'medians-and-bands',
  trust: 'band-trust',
  regimes: 'sanctions-regimes',
  parameters: 'key-parameters',
  convergence: 'convergence',
  allocation: 'groups-regions-routes',
  distributions: 'one-year-distributions',
} as const;

/** Heading of the groups, regions and routes tables: allocation assumptions, not observations. */
const ALLOCATION_TITLE = 'Groups, regions and routes (allocated, not observed)';

/** The files beside report.html that a reader may want next (relative links, so the folder can move). */
export const REPORT_LINKS: ReadonlyArray<{ readonly href: string; readonly label: string }> = [
  { href: 'report.json', label: 'report.json (every number)' },
  { href: 'summary.csv', label: 'summary.csv (tidy table)' },
  { href: 'report.md', label: 'report.md (text)' },
  { href: 'charts/', label: 'charts/ (Vega-Lite specs and SVG)' },
];

/**
 * report.html: the same content as report.md, with the charts drawn inline (the one-year
 * distributions in a section of their own), a table of contents and links to the other files.
 */
export function reportHtml(report: ForecastReport, tables: ReportTables, figures: readonly ChartFigure[], distributions: readonly ChartFigure[] = [], allocation: readonly ChartFigure[] = []): string {
  const sections: Array<{ id: string; title: string; html: string }> = [];
  if (tables.questions.rows.length > 0) sections.push({ id: SECTION_IDS.questions, title: tables.questions.title, html: htmlTable(tables.questions, 2, SECTION_IDS.questions) });
  if (tables.known.rows.length > 0) sections.push({ id: SECTION_IDS.known, title: tables.known.title, html: htmlTable(tables.known, 2, SECTION_IDS.known) });
  if (distributions.length > 0) {
    const html = `<section class="distributions" id="${SECTION_IDS.distributions}">\n<h2>One-year distributions</h2>\n<p>For each series and year a question asks about: the share of paths above each value (read it off at a threshold: that is the chance of exceeding it).</p>\n<div class="charts">\n${distributions.map(htmlFigure).join('\n')}\n</div>\n</section>`;
    sections.push({ id: SECTION_IDS.distributions, title: 'One-year distributions', html });
  }
  const chartHtml = figures.map((f) => htmlFigure(f).replace('<figure class="chart"', f.file === 'settlement.shares' ? '<figure class="chart wide"' : '<figure class="chart"')).join('\n');
  sections.push({ id: SECTION_IDS.charts, title: 'Fan charts', html: `<section id="${SECTION_IDS.charts}">\n<h2>Fan charts</h2>\n<div class="charts">\n${chartHtml}\n</div>\n</section>` });
  sections.push({ id: SECTION_IDS.bands, title: tables.bands.title, html: htmlTable(tables.bands, 2, SECTION_IDS.bands) });
  if (tables.allocation.length > 0) sections.push({ id: SECTION_IDS.allocation, title: ALLOCATION_TITLE, html: `<section class="allocation" id="${SECTION_IDS.allocation}">\n<h2>${ALLOCATION_TITLE}</h2>\n${allocation.length > 0 ? `<div class="charts">\n${allocation.map(htmlFigure).join('\n')}\n</div>\n` : ''}${tables.allocation.map((t) => htmlTable(t, 3)).join('\n')}\n</section>` });
  sections.push({ id: SECTION_IDS.trust, title: BAND_TRUST_TITLE, html: bandTrustHtml(report) });
  sections.push({ id: SECTION_IDS.regimes, title: tables.regimes.title, html: htmlTable(tables.regimes, 2, SECTION_IDS.regimes) });
  sections.push({ id: SECTION_IDS.parameters, title: tables.parameters.title, html: htmlTable(tables.parameters, 2, SECTION_IDS.parameters) });
  sections.push({ id: SECTION_IDS.convergence, title: tables.convergence.title, html: htmlTable(tables.convergence, 2, SECTION_IDS.convergence) });
  const files = `<nav class="files" aria-label="Files of this report">Files: ${REPORT_LINKS.map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join(' ')}</nav>`;
  const toc = `<nav class="toc" aria-label="Contents">\n<h2>Contents</h2>\n<ol>\n${sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('\n')}\n</ol>\n</nav>`;
  const header = `<header>\n<h1>${escapeHtml(report.scenario.name)}</h1>\n<p class="meta">Scenario <code>${escapeHtml(report.scenario.id)}</code>. ${escapeHtml(runLine(report))}</p>\n<p>${escapeHtml(report.scenario.description)}</p>\n${files}\n${toc}\n</header>`;
  return htmlPage(`${report.scenario.name} — eastward forecast`, [header, ...sections.map((s) => s.html)].join('\n'));
}
