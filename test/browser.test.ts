import { existsSync, mkdtempSync } from 'node:fs';
import { writeFilesUnder } from '../src/io/atomicWrite.js';
import { sensitivity, type SensitivityResult } from '../src/sensitivity/analysis.js';
import { sensitivityFiles } from '../src/views/sensitivityFiles.js';
import { compareReports, comparisonHtml } from '../src/compare/compare.js';
import { pairedAgainstReference } from '../src/compare/paired.js';
import { htmlPage } from '../src/views/html.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADLINE_SERIES } from '../src/engine/series.js';
import { runScenario } from '../src/report/run.js';
import { writeReportFiles } from '../src/views/reportFiles.js';
import { chooseChromium } from './chromium.js';
import { history, loadLibraryScenario } from './helpers.js';
import { allocationCharts } from '../src/charts/specs.js';

/**
 * The system's Chromium (CHROMIUM_PATH or /usr/bin/chromium) when there is one, else the one shipped
 * inside the devDependency @sparticuz/chromium: the test always runs (see test/chromium.ts;
 * EASTWARD_BROWSER=packaged forces the packaged one). Flags: no sandbox (CI runs as root), and no
 * background networking (this machine's network is closed, and Chromium's own connections would
 * only add noise to the console).
 */
const chromiumSource = chooseChromium();
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
let pageUrl: string;
let reportDir: string;
/** Exceedance charts in report.html: one per (series, year) the baseline's questions ask about. */
let distributionCount = 0;
/** Allocation charts (groups, regions, routes) in report.html's allocated section. */
let allocationCount = 0;
/** The other pages: sensitivity (tornado and Sobol) and a paired comparison, with their chart counts. */
const pages: Array<{ name: string; url: string; charts: number; marks: string }> = [];

beforeAll(async () => {
  const executablePath = await chromiumSource.executablePath();
  const dir = mkdtempSync(path.join(tmpdir(), 'eastward-browser-'));
  const baseline = loadLibraryScenario('baseline.json');
  const report = await runScenario(baseline, { runs: 4000, seed: 1, workers: 0 });
  await writeReportFiles(report, dir);
  reportDir = dir;
  distributionCount = report.distributions?.length ?? 0;
  allocationCount = allocationCharts(report).length;
  pageUrl = pathToFileURL(path.join(dir, 'report.html')).href;
  for (const method of ['tornado', 'sobol'] as const) {
    const r: SensitivityResult = await sensitivity(baseline, { method, series: ['trade.exports_ru_cn', 'energy.pipeline_gas'], years: [baseline.horizon], runs: method === 'tornado' ? 256 : 1024, seed: 1, workers: 0, history });
    writeFilesUnder(path.join(dir, method), await sensitivityFiles(r));
    pages.push({ name: `sensitivity.html (${method})`, url: pathToFileURL(path.join(dir, method, 'sensitivity.html')).href, charts: r.outputs.length, marks: 'g.mark-rect path[d^="M"]' });
  }
  const deEscalation = await runScenario(loadLibraryScenario('de-escalation.json'), { runs: 2048, seed: 1, workers: 0 });
  const small = await runScenario(baseline, { runs: 2048, seed: 1, workers: 0 });
  const paired = await pairedAgainstReference([baseline, loadLibraryScenario('de-escalation.json')], { runs: 2048, seed: 1 }, { history, workers: 0 });
  const c = await compareReports([small, deEscalation], undefined, 'charts', paired);
  writeFilesUnder(path.join(dir, 'compare'), { 'comparison.html': htmlPage('comparison', comparisonHtml(c)), ...c.chartFiles });
  pages.push({ name: 'comparison.html (paired)', url: pathToFileURL(path.join(dir, 'compare', 'comparison.html')).href, charts: c.figures.length, marks: 'g.mark-area path[d^="M"], g.mark-line path[d^="M"]' });
  browser = await chromium.launch({ executablePath, headless: true, args });
  console.log(`browser test: ${chromiumSource.describe} (${executablePath}), Chromium ${browser.version()}`);
});

afterAll(async () => {
  await browser?.close();
});

/** Charts whose every area and line layer drew a visible path. */
const drawnChartsSelector = 'figure.chart svg';

describe(`report.html in a real browser (${chromiumSource.describe})`, () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`opens without console errors and every chart has drawn marks (scripts ${javaScriptEnabled ? 'enabled' : 'disabled'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      // Anything but the page itself would be a network fetch: the page must be self-contained.
      page.on('request', (r) => {
        if (r.url() !== pageUrl) problems.push(`unexpected request: ${r.url()}`);
      });
      await page.goto(pageUrl, { waitUntil: 'load' });

      const charts = page.locator(drawnChartsSelector);
      expect(distributionCount).toBeGreaterThan(0);
      expect(allocationCount).toBe(3); // the baseline allocates to groups, regions and routes
      expect(await charts.count()).toBe(HEADLINE_SERIES.length + 1 + distributionCount + allocationCount);
      expect(await page.locator('section.allocation figure.chart svg').count(), 'allocation charts drawn in the allocated section').toBe(allocationCount);
      expect(await page.locator('section.distributions figure.chart g.mark-rule path, section.distributions figure.chart g.mark-rule line').count(), 'thresholds marked').toBeGreaterThanOrEqual(distributionCount);
      for (let i = 0; i < (await charts.count()); i++) {
        const chart = charts.nth(i);
        const box = await chart.boundingBox();
        expect(box && box.width > 200 && box.height > 150, `chart ${i} is laid out`).toBe(true);
        // Marks with geometry: the band areas and median lines (vega's mark groups hold paths).
        const marks = chart.locator('g.mark-area path[d^="M"], g.mark-line path[d^="M"], g.mark-rect path[d^="M"]');
        expect(await marks.count(), `chart ${i} has drawn marks`).toBeGreaterThanOrEqual(1);
        const markBox = await marks.first().boundingBox();
        expect(markBox && markBox.width > 10 && markBox.height > 1, `chart ${i}'s marks have size`).toBe(true);
      }
      expect(await page.locator('table').count()).toBeGreaterThanOrEqual(4);

      // Chart text stays readable where the page lays the charts out (two columns at 1280 px):
      // every label's font size, times the scale the page draws its SVG at, is at least 11 px.
      const smallest = await page.evaluate(() =>
        [...document.querySelectorAll('figure.chart svg')].map((svg) => {
          const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute('width'));
          const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize));
          return Math.min(...sizes) * scale;
        }),
      );
      for (const [i, px] of smallest.entries()) expect(px, `chart ${i}'s smallest text in px`).toBeGreaterThanOrEqual(11);

      // The files beside the page are linked, and each link's target exists.
      const hrefs = await page.locator('nav.files a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(['report.json', 'summary.csv', 'report.md', 'charts/']);
      for (const href of hrefs) expect(existsSync(path.join(reportDir, href!)), href!).toBe(true);

      // The table of contents lists every section, and each entry leads to a heading on the page.
      const toc = await page.locator('nav.toc a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href')!, text: a.textContent! })));
      expect(toc.map((t) => t.text)).toEqual(expect.arrayContaining(['Questions', 'Fan charts', 'Medians and bands', 'How far to trust these bands', 'Key parameters', 'Convergence']));
      for (const entry of toc) {
        expect(entry.href).toMatch(/^#/);
        const target = page.locator(`${entry.href} > h2`);
        expect(await target.count(), entry.href).toBe(1);
        expect(await target.textContent()).toBe(entry.text);
      }
      // Following an entry scrolls down to its section, which is then in the window.
      const last = toc[toc.length - 1];
      await page.locator(`nav.toc a[href="${last.href}"]`).click();
      const seen = await page.locator(last.href).evaluate((el) => ({ top: el.getBoundingClientRect().top, scrolled: window.scrollY, height: window.innerHeight }));
      expect(seen.scrolled).toBeGreaterThan(0);
      expect(seen.top).toBeGreaterThanOrEqual(-1);
      expect(seen.top).toBeLessThan(seen.height);
      const shot = process.env.EASTWARD_SCREENSHOT;
      if (shot && javaScriptEnabled) await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 1280, height: 1100 } });
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('sensitivity pages (tornado, Sobol) and a paired comparison open without errors, every chart drawn', async () => {
    expect(pages.map((p) => p.name)).toEqual(['sensitivity.html (tornado)', 'sensitivity.html (sobol)', 'comparison.html (paired)']);
    for (const p of pages) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${p.name}: console ${m.type()}: ${m.text()}`);
      });
      page.on('request', (r) => {
        if (r.url() !== p.url) problems.push(`${p.name}: unexpected request: ${r.url()}`);
      });
      await page.goto(p.url, { waitUntil: 'load' });
      const charts = page.locator(drawnChartsSelector);
      expect(await charts.count(), p.name).toBe(p.charts);
      for (let i = 0; i < p.charts; i++) {
        const chart = charts.nth(i);
        const box = await chart.boundingBox();
        expect(box && box.width > 200 && box.height > 100, `${p.name}: chart ${i} is laid out`).toBe(true);
        const marks = chart.locator(p.marks);
        expect(await marks.count(), `${p.name}: chart ${i} has drawn marks`).toBeGreaterThanOrEqual(1);
        // Some bars are 0 wide (a group that explains nothing): at least one mark must have size.
        const boxes = await Promise.all((await marks.all()).map((m) => m.boundingBox()));
        expect(boxes.some((b) => b !== null && b.width > 1 && b.height > 1), `${p.name}: chart ${i}'s marks have size`).toBe(true);
      }
      expect(await page.locator('table').count(), p.name).toBeGreaterThanOrEqual(2);
      const shot = process.env.EASTWARD_SCREENSHOT;
      if (shot) await page.screenshot({ path: shot.replace(/\.png$/, `.${p.name.replace(/[^a-z]+/g, '-')}.png`), fullPage: false });
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
