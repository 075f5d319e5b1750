import { type FileIo, writeAll } from './file-io.js';

/** The temporary file a document is written to before it replaces `path`: same directory, so rename is atomic. */
export function temporaryPath(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/**
 * Replaces the contents of `path` with `bytes` so that a reader, or a run killed by SIGKILL at
 * any moment, sees either the previous document or the new one, never a mix or a truncated
 * file: write a temporary file beside it, then rename it over `path`. Rename within a directory
 * is atomic. No fsync: what is written survives the process, which is the failure this guards
 * against; surviving a power cut would cost a disk flush per rewrite.
 */
export function replaceFile(io: FileIo, path: string, bytes: Uint8Array): void {
  const tmp = temporaryPath(path);
  let fd: number | undefined = io.openSync(tmp, 'w');
  try {
    writeAll(io, fd, bytes);
    const open = fd;
    fd = undefined;
    // Network file systems may report a failed write only at close.
    io.closeSync(open);
    io.renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeQuietly(io, fd);
    removeQuietly(io, tmp);
    throw err;
  }
}

function closeQuietly(io: FileIo, fd: number): void {
  try {
    io.closeSync(fd);
  } catch {
    // The write already failed; that is the error worth reporting.
  }
}

function removeQuietly(io: FileIo, path: string): void {
  try {
    io.unlinkSync(path);
  } catch {
    // Already gone, or the directory refuses: nothing more to do about a temporary file.
  }
}
