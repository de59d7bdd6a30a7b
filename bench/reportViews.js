// node bench/reportViews.js (after npm run build): time reportFiles() — report.html, report.md and
// the charts rendered to SVG — on the baseline report, four times (the first loads vega).
// Prints figures; asserts nothing (this machine is shared and noisy).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { loadScenario, runScenario, reportFiles } = await import(path.join(root, 'dist', 'index.js'));
const report = await runScenario(loadScenario(path.join(root, 'scenarios', 'baseline.json')), { runs: 10_000, seed: 1, workers: 0 });
const times = [];
let files = {};
for (let i = 0; i < 4; i++) {
  const t = performance.now();
  files = await reportFiles(report);
  times.push(Math.round(performance.now() - t));
}
const bytes = Object.values(files).reduce((a, s) => a + Buffer.byteLength(s), 0);
console.log(`reportFiles: ${times.join(', ')} ms; ${Object.keys(files).length} files, ${(bytes / 1e6).toFixed(2)} MB`);
