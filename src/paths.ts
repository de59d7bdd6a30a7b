import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Root of the installed package (the folder holding `data/`, `schemas/`, `scenarios/`). Works from `src/` and `dist/`. */
export const packageRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Folder of the shipped historical series and the generated calibration. */
export const dataDir: string = path.join(packageRoot, 'data');

/** The scenario JSON Schema. */
export const scenarioSchemaPath: string = path.join(packageRoot, 'schemas', 'scenario.schema.json');

/** Engine version, written into reports so that a batch can tell stale reports apart. */
export const engineVersion = '0.2.0';
