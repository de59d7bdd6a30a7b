import { linkSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TEMP_PREFIX } from './atomicWrite.js';
import { isProcessAlive } from './processes.js';

/** An output folder that cannot be used (a file, unwritable, locked by another batch): bad input, exit 2. */
export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

/** The folder itself if it exists, else its nearest existing ancestor. */
function nearestExisting(dir: string): { at: string; isDirectory: boolean } {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    try {
      return { at, isDirectory: statSync(at).isDirectory() };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || path.dirname(at) === at) throw e;
    }
  }
}

/**
 * Check, before any simulation, that `dir` can receive output: it is a folder or can be made one,
 * and a file can be created where it will be (tried for real, so read-only file systems, missing
 * permissions and a file in the way are all found, as root too). Throws an OutputFolderError
 * naming the option and the place.
 *
 * @example
 * checkOutputFolder('/etc/passwd', '--out'); // throws: --out /etc/passwd: is a file, not a folder
 */
export function checkOutputFolder(dir: string, option = '--out'): void {
  const fail = (why: string) => new OutputFolderError(`${option} ${dir}: ${why}`);
  let existing: { at: string; isDirectory: boolean };
  try {
    existing = nearestExisting(dir);
  } catch (e) {
    throw fail(`cannot be reached (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (!existing.isDirectory) throw fail(existing.at === path.resolve(dir) ? 'is a file, not a folder' : `${existing.at} is a file, so the folder cannot be made`);
  const probe = path.join(existing.at, `${TEMP_PREFIX}probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (e) {
    throw fail(`cannot write in ${existing.at} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/**
 * Check, before any simulation, that a file can be written at `file` (a shard): not a folder or
 * other non-file in the way, and its folder writable (see checkOutputFolder).
 *
 * @example
 * checkOutputFile('/tmp', '--partial'); // throws: --partial /tmp: is a folder, not a file
 */
export function checkOutputFile(file: string, option: string): void {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(file);
  } catch {
    st = undefined; // nothing there yet: the usual case
  }
  if (st && !st.isFile()) throw new OutputFolderError(`${option} ${file}: ${st.isDirectory() ? 'is a folder, not a file' : 'is not a regular file'}`);
  checkOutputFolder(path.dirname(path.resolve(file)), option);
}

/** The lock file a batch holds in its output folder. */
export const LOCK_FILE = '.eastward-lock';

/** The pid written in a lock file, or undefined while it is unreadable. */
function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    return Number.isSafeInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Take the exclusive lock of an output folder for this process, or throw an OutputFolderError
 * naming the live holder's pid. A lock left by a dead process (SIGKILL) is taken over. The lock
 * appears with its content in one step (a hard link of a written file), so a reader never sees an
 * empty lock. Returns the function that releases it (only if it is still ours).
 *
 * @example
 * const release = acquireFolderLock('out/batch');
 * try { … } finally { release(); }
 */
export function acquireFolderLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, LOCK_FILE);
  const mine = path.join(dir, `${TEMP_PREFIX}lock.${process.pid}`);
  writeFileSync(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, lock);
        return () => {
          if (lockHolder(lock) === process.pid) rmSync(lock, { force: true });
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = lockHolder(lock);
      if (holder !== undefined && isProcessAlive(holder)) {
        throw new OutputFolderError(`${dir} is in use by another eastward batch (pid ${holder}); wait for it to finish, or give another --out`);
      }
      if (holder !== undefined) rmSync(lock, { force: true }); // its holder is dead: a stale lock
    }
    throw new OutputFolderError(`${dir}: could not take the lock ${lock}`);
  } finally {
    rmSync(mine, { force: true });
  }
}
