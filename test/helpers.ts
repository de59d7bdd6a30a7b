import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHistory, type History } from '../src/data/history.js';
import { baseYearData } from '../src/models/baseState.js';
import { loadScenarioFile } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/types.js';
import { modelSeries, modelStructure, seriesInfo, type SeriesInfo } from '../src/models/series.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const history: History = loadHistory();
/** The last data year, derived from data/ (never hard-coded). */
export const baseYear: number = baseYearData(history).year;

export function scenarioFile(name: string): string {
  return path.join(root, 'scenarios', name);
}

export function loadLibraryScenario(name: string): Scenario {
  return loadScenarioFile(scenarioFile(name), { baseYear }).scenario;
}

/** A RandomStream stand-in that always returns the same numbers (for hand-checked block tests). */
export function fixedStream(uniform: number, normal: number) {
  return { uniform: () => uniform, normal: () => normal } as unknown as import('../src/random/stream.js').RandomStream;
}

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The series of a baseline run, in row order (built from the model's blocks, as a run builds them). */
export const BASELINE_SERIES: readonly SeriesInfo[] = seriesInfo(modelSeries(modelStructure(loadLibraryScenario('baseline.json'))));

/** Row of a baseline series in a path's output buffer. */
export function seriesRow(name: string): number {
  const row = BASELINE_SERIES.findIndex((s) => s.name === name);
  if (row < 0) throw new Error(`no series ${name}`);
  return row;
}
