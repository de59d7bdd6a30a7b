import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * writeFilesAtomically for paths relative to `dir`; returns the full paths written.
 *
 * @example
 * writeFilesUnder('out/baseline', { 'report.json': json, 'charts/a.svg': svg });
 */
export function writeFilesUnder(dir: string, files: Readonly<Record<string, string>>): string[] {
  const targets = Object.fromEntries(Object.entries(files).map(([rel, text]) => [path.join(dir, rel), text]));
  writeFilesAtomically(targets);
  return Object.keys(targets);
}

/** Prefix of the temporary names this module uses; stale ones (a killed process) are safe to delete. */
export const TEMP_PREFIX = '.eastward-tmp-';

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
      const temp = path.join(path.dirname(target), `${TEMP_PREFIX}${path.basename(target)}.${process.pid}`);
      temps.push([temp, target]);
      writeFileSync(temp, content);
    }
    for (const [temp, target] of temps) renameSync(temp, target);
  } catch (e) {
    for (const [temp] of temps) rmSync(temp, { force: true });
    throw e;
  }
}

/**
 * Replace the folder `dir` with one holding exactly `files` (paths relative to `dir`), so that a
 * reader sees the old folder or the new one, never a mix: the new folder is written under a
 * temporary name beside it and renamed into place (the old one is moved aside first and then
 * removed). For folders the caller owns (a batch's report folders), not for a user's --out.
 *
 * @example
 * replaceDirectoryAtomically('out/baseline', { 'report.json': json, 'charts/a.svg': svg });
 */
export function replaceDirectoryAtomically(dir: string, files: Readonly<Record<string, string>>): void {
  const parent = path.dirname(dir);
  const name = path.basename(dir);
  mkdirSync(parent, { recursive: true });
  const fresh = path.join(parent, `${TEMP_PREFIX}${name}-new-${process.pid}`);
  const old = path.join(parent, `${TEMP_PREFIX}${name}-old-${process.pid}`);
  rmSync(fresh, { recursive: true, force: true });
  try {
    for (const [rel, content] of Object.entries(files)) {
      const target = path.join(fresh, rel);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    let moved = false;
    try {
      renameSync(dir, old);
      moved = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    renameSync(fresh, dir);
    if (moved) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(fresh, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Remove what an interrupted writer left in `dir`: temporary files and folders of this module
 * (names starting with TEMP_PREFIX). A folder moved aside but not yet replaced is put back.
 * Returns the names removed.
 */
export function removeStaleTemporaries(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const old = n.startsWith(TEMP_PREFIX) ? /^(.+)-old-\d+$/.exec(n.slice(TEMP_PREFIX.length)) : null;
    if (old && !names.includes(old[1])) {
      renameSync(path.join(dir, n), path.join(dir, old[1])); // killed between the two renames: restore
      continue;
    }
    if (n.startsWith(TEMP_PREFIX)) {
      rmSync(path.join(dir, n), { recursive: true, force: true });
      removed.push(n);
    }
  }
  return removed;
}
