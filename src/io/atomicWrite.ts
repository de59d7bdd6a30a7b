import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Write several files so that each appears complete or not at all: every file is first written to
 * a temporary name beside its target, and only when all are written are they renamed into place.
 * On any failure the temporary files are removed.
 *
 * @example
 * writeFilesAtomically({ 'out/report.json': json, 'out/summary.csv': csv });
 */
export function writeFilesAtomically(files: Readonly<Record<string, string>>): void {
  const temps: Array<[string, string]> = [];
  try {
    for (const [target, content] of Object.entries(files)) {
      mkdirSync(path.dirname(target), { recursive: true });
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
      temps.push([temp, target]);
      writeFileSync(temp, content);
    }
    for (const [temp, target] of temps) renameSync(temp, target);
  } catch (e) {
    for (const [temp] of temps) rmSync(temp, { force: true });
    throw e;
  }
}
