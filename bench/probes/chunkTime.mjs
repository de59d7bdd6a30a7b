// Wall-clock probe: the kernel plus summaries of one chunk, in-process, for any scenario file,
// three times (the first includes JIT warm-up). Noisy on a shared machine: compare builds
// interleaved, or use the instruction-count probes. Usage: node bench/probes/chunkTime.mjs <distDir> <scenario.json> [paths=20480]
import path from 'node:path';
const dist = path.resolve(process.argv[2] ?? 'dist');
const file = process.argv[3]; const paths = Number(process.argv[4] ?? 20480);
const { loadScenario } = await import(path.join(dist, 'index.js'));
const { prepareParams } = await import(path.join(dist, 'engine/simulate.js'));
const { simulateChunk } = await import(path.join(dist, 'engine/simulateChunk.js'));
const { params } = prepareParams(loadScenario(file), {});
for (let r = 0; r < 3; r++) { const t0 = performance.now(); simulateChunk({ params, seed: 1, startPath: 0, endPath: paths }); console.log(path.basename(file), paths, (performance.now() - t0).toFixed(0), 'ms'); }
