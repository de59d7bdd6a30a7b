import { readdirSync } from 'node:fs';
import path from 'node:path';
import { scenarioSchemaPath } from '../paths.js';
import { LIBRARY_SPECIFIER, libraryScenarioDir } from './load.js';

/**
 * The shipped library's scenarios, by id (file name without `.json`), sorted: what
 * `eastward new --from` accepts.
 *
 * @example
 * libraryScenarioIds(); // ['baseline', 'de-escalation', 'high-oil', …]
 */
export function libraryScenarioIds(): string[] {
  return readdirSync(libraryScenarioDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * A scenario id from a file name: lower case, runs of other characters turned into '-', leading
 * ones dropped, at most 64 characters (the schema's id pattern `^[a-z0-9][a-z0-9_-]*$`).
 * Undefined when nothing usable is left.
 *
 * @example
 * scenarioIdFromFile('my/Cheap Oil 2026.json'); // 'cheap-oil-2026'
 */
export function scenarioIdFromFile(file: string): string | undefined {
  const id = path
    .basename(file, path.extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return id === '' ? undefined : id;
}

/**
 * The document `eastward new <file> --from <id>` writes: `$schema` as a path relative to the
 * file (for editors), `extends` the library scenario by its package specifier (valid wherever
 * the file lies), the id from the file name, and a name and description to fill in.
 *
 * @example
 * newScenarioDocument('work/cheap-oil.json', 'baseline', 'cheap-oil');
 * // { $schema: '../schemas/scenario.schema.json', extends: 'eastward/scenarios/baseline.json', id: 'cheap-oil', name: 'cheap-oil (edit: …)', description: 'Edit: …' }
 */
export function newScenarioDocument(file: string, from: string, id: string): Record<string, string> {
  const schema = path.relative(path.dirname(path.resolve(file)), scenarioSchemaPath).split(path.sep).join('/');
  return {
    $schema: schema,
    extends: `${LIBRARY_SPECIFIER}${from}.json`,
    id,
    name: `${id} (edit: a short title for reports)`,
    description: `Edit: what this scenario asks, and what it changes from ${from}. Everything not set here is inherited from ${LIBRARY_SPECIFIER}${from}.json; add only the values you change (see README, Scenarios).`,
  };
}
