import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** A file read whole, or why it was not. */
export type RegularFileRead = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** What a path is when it is not a regular file, in words a user recognises. */
function notRegular(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'is a folder, not a file';
  if (st.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (st.isCharacterDevice()) return 'is a character device, not a regular file';
  if (st.isBlockDevice()) return 'is a block device, not a regular file';
  if (st.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/**
 * Read at most `limit` bytes from an open descriptor. The buffer starts at the size fstat gave
 * (plus one byte, to notice growth) and doubles only if the file grew while it was read: a small
 * file never costs a `limit`-sized zero-filled buffer (16 MB for a data file).
 */
function readAtMost(fd: number, sizeHint: number, limit: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(limit, sizeHint + 1));
  let filled = 0;
  for (;;) {
    const n = readSync(fd, buffer, filled, buffer.length - filled, null);
    if (n === 0) break;
    filled += n;
    if (filled === buffer.length) {
      if (buffer.length >= limit) break;
      const grown = Buffer.allocUnsafe(Math.min(limit, 2 * buffer.length));
      buffer.copy(grown, 0, 0, filled);
      buffer = grown;
    }
  }
  return buffer.subarray(0, filled);
}

/** A file's bytes read whole, or why they were not. */
export type RegularBytesRead = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: string };

/**
 * Read a user-supplied file only if it is a regular file of at most `maxBytes`: a FIFO, a
 * device (`/dev/zero`, `/dev/urandom`, a symlink to one), a socket or a folder is refused with a
 * reason instead of blocking forever or reading without end. The file is opened non-blocking (so
 * opening a FIFO with no writer returns at once) and checked with fstat on the open descriptor, so
 * a file swapped between a check and the read cannot slip through.
 *
 * @example
 * readRegularBytes('/dev/zero', 1024).ok; // false
 */
export function readRegularBytes(file: string, maxBytes: number): RegularBytesRead {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(e)})` };
  }
  try {
    const st = fstatSync(fd);
    const refused = notRegular(st);
    if (refused) return { ok: false, reason: refused };
    if (st.size > maxBytes) return { ok: false, reason: `file is ${st.size} bytes; at most ${maxBytes} bytes are allowed` };
    const bytes = readAtMost(fd, st.size, maxBytes + 1);
    if (bytes.length > maxBytes) return { ok: false, reason: `file is over ${maxBytes} bytes; at most ${maxBytes} bytes are allowed` };
    return { ok: true, bytes };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'EISDIR' ? 'is a folder, not a file' : `cannot read file (${code ?? String(e)})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * readRegularBytes for a text file: its bytes as UTF-8.
 *
 * @example
 * const r = readRegularFile('/dev/zero', 4 * 1024 * 1024);
 * r.ok; // false
 * r.ok || r.reason; // 'is a character device, not a regular file'
 */
export function readRegularFile(file: string, maxBytes: number): RegularFileRead {
  const read = readRegularBytes(file, maxBytes);
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : read;
}
