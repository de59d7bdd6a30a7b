import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from './processes.js';

/**
 * writeFilesAtomically for paths relative to `dir`; returns the full paths written.
 *
 * @example
 * writeFilesUnder('out/baseline', { 'report.json': json, 'charts/a.svg': svg });
 */
export function writeFilesUnder(dir: string, files: Readonly<Record<string, FileContent>>, signal?: AbortSignal): string[] {
  const targets = Object.fromEntries(Object.entries(files).map(([rel, text]) => [path.join(dir, rel), text]));
  writeFilesAtomically(targets, signal);
  return Object.keys(targets);
}

/** What a file holds: text (written as UTF-8) or bytes (a shard). */
export type FileContent = string | Uint8Array;

/** Prefix of the temporary names this module uses; each name ends with its writer's pid. */
export const TEMP_PREFIX = '.eastward-tmp-';

/** The pid a temporary name ends with (`….svg.1234`, `…-new-1234`), if it is one of ours. */
export function temporaryOwner(name: string): number | undefined {
  if (!name.startsWith(TEMP_PREFIX)) return undefined;
  const m = /[.-](\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * Write several files so that each appears complete or not at all: every file is first written to
 * a temporary name beside its target, and only when all are written are they renamed into place.
 * On any failure, or when `signal` is aborted before the renames start (Ctrl-C while charts were
 * rendered), the temporary files are removed and nothing is renamed. Temporaries that a killed
 * writer left in the target folders are removed first (only those whose owner is dead).
 *
 * @example
 * writeFilesAtomically({ 'out/report.json': json, 'out/summary.csv': csv });
 */
export function writeFilesAtomically(files: Readonly<Record<string, FileContent>>, signal?: AbortSignal): void {
  signal?.throwIfAborted();
  for (const dir of new Set(Object.keys(files).map((f) => path.dirname(f)))) removeStaleTemporaries(dir);
  const temps: Array<[string, string]> = [];
  try {
    for (const [target, content] of Object.entries(files)) {
      mkdirSync(path.dirname(target), { recursive: true });
      const temp = path.join(path.dirname(target), `${TEMP_PREFIX}${path.basename(target)}.${process.pid}`);
      temps.push([temp, target]);
      writeFileSync(temp, content);
    }
    signal?.throwIfAborted();
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
 * removed; if the new one cannot be moved in, the old one is put back). An aborted `signal` before
 * the first rename leaves the old folder untouched. For folders the caller owns (a batch's report
 * folders), not for a user's --out.
 *
 * @example
 * replaceDirectoryAtomically('out/baseline', { 'report.json': json, 'charts/a.svg': svg });
 */
export function replaceDirectoryAtomically(dir: string, files: Readonly<Record<string, string>>, signal?: AbortSignal): void {
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
    signal?.throwIfAborted();
    const moved = moveAside(dir, old);
    try {
      renameSync(fresh, dir);
    } catch (e) {
      if (moved) renameSync(old, dir); // the old report stays readable rather than vanishing
      throw e;
    }
    if (moved) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(fresh, { recursive: true, force: true });
    throw e;
  }
}

/** Rename `dir` to `aside`; false when there was no `dir`. */
function moveAside(dir: string, aside: string): boolean {
  try {
    renameSync(dir, aside);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Remove what an interrupted writer left in `dir`: temporary files and folders of this module
 * whose owner (the pid at the end of the name) is no longer running — a live writer's temporaries
 * are left alone. A folder moved aside but not yet replaced is put back. Returns the names removed.
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
    const owner = temporaryOwner(n);
    if (owner === undefined || isProcessAlive(owner)) continue;
    const old = /^(.+)-old-\d+$/.exec(n.slice(TEMP_PREFIX.length));
    if (old && !names.includes(old[1])) {
      renameSync(path.join(dir, n), path.join(dir, old[1])); // killed between the two renames: restore
      continue;
    }
    rmSync(path.join(dir, n), { recursive: true, force: true });
    removed.push(n);
  }
  return removed;
}
