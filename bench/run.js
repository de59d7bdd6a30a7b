// npm run bench: every figure of bench/README.md, each measured in its own process.
// Prints a Markdown table. Timings are not assertions: this machine is shared and noisy.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick'); // smaller sizes, for trying the harness
const measure = (what, paths) => JSON.parse(execFileSync(process.execPath, [path.join(root, 'bench', 'measure.js'), what, String(paths)], { cwd: root, encoding: 'utf8' }));
const fmt = (x) => Math.round(x).toLocaleString('en-US');

const million = quick ? 100_000 : 1_000_000;
const kernel = measure('kernel', 100_000);
const chunk = measure('chunk', 100_000);
const pool1 = measure('pool1', million);
const pool2 = measure('pool2', million);
const rss = [100_000, 1_000_000, 10_000_000].filter((n) => !quick || n <= 1_000_000).map((n) => measure('rss', n));

const out = mkdtempSync(path.join(tmpdir(), 'eastward-bench-'));
const t0 = performance.now();
execFileSync(process.execPath, [path.join(root, 'dist', 'bin.js'), 'run', 'scenarios/baseline.json', '--runs', String(million), '--out', out, '--no-progress'], { cwd: root, stdio: 'ignore' });
const endToEnd = (performance.now() - t0) / 1000;
rmSync(out, { recursive: true, force: true });

const lines = [
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  '',
  '| measurement | figure |',
  '|---|---|',
  `| model kernel, in-process, 1 thread (no summaries) | ${fmt(kernel.pathYearsPerSecond)} path-years/s |`,
  `| kernel + summaries (one chunk), 1 thread | ${fmt(chunk.pathYearsPerSecond)} path-years/s |`,
  `| pool, 1 worker, ${fmt(million)} paths | ${fmt(pool1.pathYearsPerSecond)} path-years/s |`,
  `| pool, 2 workers, ${fmt(million)} paths | ${fmt(pool2.pathYearsPerSecond)} path-years/s |`,
  `| speed-up 2 workers ÷ 1 | ${(pool2.pathYearsPerSecond / pool1.pathYearsPerSecond).toFixed(2)} |`,
  ...rss.map((r) => `| peak RSS, ${fmt(r.paths)} paths (default workers) | ${r.peakRssMb.toFixed(0)} MB (${r.seconds.toFixed(1)} s) |`),
  ...(rss.length === 3 ? [`| RSS ${fmt(rss[2].paths)} ÷ RSS ${fmt(rss[0].paths)} | ${(rss[2].peakRssMb / rss[0].peakRssMb).toFixed(2)} |`] : []),
  `| baseline, ${fmt(million)} paths, end to end through the CLI | ${endToEnd.toFixed(1)} s |`,
];
process.stdout.write(`${lines.join('\n')}\n`);
