// Instruction-count probe (run under valgrind --tool=callgrind, or node --cpu-prof): the kernel
// plus summaries of one chunk, in-process, on the baseline scenario. Prints a checksum of the
// summary so that two builds can be compared for identical results.
// Usage: node bench/probes/chunkCount.mjs <distDir> [paths=20480]
import path from 'node:path';
import { createHash } from 'node:crypto';
const dist = path.resolve(process.argv[2] ?? 'dist');
const paths = Number(process.argv[3] ?? 20480);
const { loadScenario } = await import(path.join(dist, 'index.js'));
const { prepareParams } = await import(path.join(dist, 'engine/simulate.js'));
const { simulateChunk } = await import(path.join(dist, 'engine/simulateChunk.js'));
const scenario = loadScenario(path.join(dist, '../scenarios/baseline.json'));
const { params } = prepareParams(scenario, {});
const t0 = performance.now();
const summary = simulateChunk({ params, seed: 1, startPath: 0, endPath: paths });
const ms = performance.now() - t0;
const hash = createHash('sha256').update(new Uint8Array(summary.buffer, 0, summary.buffer.byteLength)).digest('hex').slice(0, 16);
console.log(paths, 'paths', ms.toFixed(0), 'ms', 'summary', hash);
