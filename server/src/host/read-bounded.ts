// Reads a user-named file without ever blocking or reading forever: regular files only, at most a limit.
import * as fs from 'node:fs';

/**
 * The bytes of a regular file, or why not. A FIFO or device would block or never end (`/dev/zero`
 * reports size 0), so only regular files are opened, and reading stops one byte past `limit` even
 * when the size the file system reported was wrong.
 */
export function readBounded(file: string, limit: number): { bytes: Buffer } | { problem: string } {
  let fd: number | undefined;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { problem: `skipped: not a regular file (${kindOf(stat)})` };
    if (stat.size > limit) return { problem: tooLarge(stat.size, limit) };
    // O_NONBLOCK: a file swapped for a FIFO between stat and open must not block the open either.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    if (!fs.fstatSync(fd).isFile()) return { problem: 'skipped: not a regular file' };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // Sized from the reported size (not zero-filled): a kernel tree's 10,000 small files are not 10,000 MiB of memset.
      const chunk = Buffer.allocUnsafe(
        Math.min(1 << 20, limit + 1 - total, Math.max(stat.size + 1 - total, 1 << 16)),
      );
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > limit) return { problem: tooLarge(total, limit, 'at least ') };
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    return { problem: `cannot read: ${errorText(error)}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function tooLarge(size: number, limit: number, prefix = ''): string {
  return `skipped: ${prefix}${size} bytes is over the ${limit}-byte limit for a source file`;
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a plain file';
}

export function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOENT') return 'no such file';
  return error instanceof Error ? error.message : String(error);
}
