import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import type { KaliApi } from 'kali';

/** No message, certificate or key is this large; `-f /dev/zero` would otherwise eat all memory. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * How long a pipe, FIFO or device may take to reach its end. Process substitution
 * (`-f <(generate)`) finishes well within it; a FIFO nobody writes to must not hold the run.
 */
export const STREAM_WAIT_MS = 3000;

export interface ReadLimits {
  maxBytes?: number;
  waitMs?: number;
}

/** A file kali refuses to read to its end; `message` is the reason, for the caller's one line. */
export class FileLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileLimitError';
  }
}

// A FIFO or pipe yields its bytes once, yet files are read in the main thread and again in each
// worker: the main thread hands what it read over to the workers (KaliApi.handOver).
const SHARED_PREFIX = '@kali/content-file:stream:';

/** The part of the plugin API that carries a pipe's bytes from the main thread to the workers. */
export type HandOver = Pick<KaliApi, 'handOver' | 'handedOver'>;

// O_NONBLOCK keeps open() of a FIFO without a writer from blocking the thread for good.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const STREAM_CHUNK = 1024 * 1024;
const MIN_CHUNK = 64 * 1024;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Reads a whole file synchronously (content plugins load synchronously), but never more than
 * `maxBytes` and, for anything that is not a regular file, never for longer than `waitMs`.
 * Throws the system error when the file cannot be read, a FileLimitError past a limit.
 */
export function readBounded(path: string, kali: HandOver, limits: ReadLimits = {}): Buffer {
  const maxBytes = limits.maxBytes ?? MAX_FILE_BYTES;
  const waitMs = limits.waitMs ?? STREAM_WAIT_MS;
  const key = SHARED_PREFIX + resolve(path);
  const shared = kali.handedOver(key);
  if (shared !== undefined) return Buffer.from(shared.buffer, shared.byteOffset, shared.byteLength);
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) {
      // Checked first so that a huge file is refused without reading it; the size is only a
      // hint otherwise (/proc files claim 0 bytes, and a file may grow while it is read).
      if (stat.size > maxBytes) throw tooLarge(maxBytes);
      return readToEnd(fd, stat, maxBytes, Number.POSITIVE_INFINITY);
    }
    const bytes = readToEnd(fd, stat, maxBytes, waitMs);
    kali.handOver(key, bytes);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function readToEnd(fd: number, stat: Stats, maxBytes: number, waitMs: number): Buffer {
  const deadline = performance.now() + waitMs;
  const chunks: Buffer[] = [];
  let total = 0;
  // A FIFO that no process has opened for writing reads as end of file, exactly like one whose
  // writer has finished. Only data, or EAGAIN (a writer with nothing to say yet), proves that a
  // writer came; until then an empty read means "not yet".
  let writerSeen = !stat.isFIFO();
  let pauseMs = 1;
  let scratch: Buffer | undefined;
  for (;;) {
    const room = maxBytes + 1 - total;
    let chunk: Buffer;
    if (stat.isFile()) {
      chunk = Buffer.allocUnsafe(Math.min(room, Math.max(stat.size - total + 1, MIN_CHUNK)));
    } else {
      scratch ??= Buffer.allocUnsafe(STREAM_CHUNK);
      chunk = scratch.subarray(0, Math.min(room, STREAM_CHUNK));
    }
    const n = readOnce(fd, chunk);
    if (n > 0) {
      // Pipes deliver 64 KiB at a time: copy out of the scratch buffer rather than keep 1 MiB
      // alive per read.
      chunks.push(scratch ? Buffer.from(chunk.subarray(0, n)) : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge(maxBytes);
      writerSeen = true;
      pauseMs = 1;
      continue;
    }
    if (n === 0 && writerSeen) break;
    if (n < 0) writerSeen = true;
    if (performance.now() >= deadline) {
      throw new FileLimitError(
        writerSeen
          ? `no end of file within ${seconds(waitMs)}`
          : `no writer opened it within ${seconds(waitMs)}`,
      );
    }
    Atomics.wait(sleeper, 0, 0, pauseMs);
    pauseMs = Math.min(pauseMs * 2, 20);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** Bytes read, 0 at end of file, -1 when a non-blocking descriptor has nothing yet. */
function readOnce(fd: number, into: Buffer): number {
  try {
    return readSync(fd, into, 0, into.length, null);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return -1;
    throw e;
  }
}

function tooLarge(maxBytes: number): FileLimitError {
  return new FileLimitError(`larger than ${size(maxBytes)}, the most kali reads from one file`);
}

function size(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

/**
 * Why a read failed, as a reason after "name: ": the C library's wording for system errors (as
 * tcpkali prints them), the limit for FileLimitError.
 */
export function describeReadError(e: unknown): string {
  if (e instanceof FileLimitError) return e.message;
  const errno = (e as NodeJS.ErrnoException).errno;
  const text = typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined;
  if (text) return text.charAt(0).toUpperCase() + text.slice(1);
  return e instanceof Error ? e.message : String(e);
}
