import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { cannotWrite, type DescribeError, EXIT_FAILURE, EXIT_USAGE } from './json-error.js';

export interface JsonSink {
  /** Writes one whole record; throws a one-line JsonOutputError when the file refuses it. */
  line(value: unknown): void;
  /** Releases the file; throws a one-line JsonOutputError when closing fails. */
  close(): void;
}

/** The file calls the sink makes, so tests can make a write fail halfway. */
export interface SinkIo {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  ftruncateSync(fd: number, length: number): void;
  closeSync(fd: number): void;
}

const realIo: SinkIo = { openSync, writeSync, ftruncateSync, closeSync };

/**
 * `-` is stdout, written through process.stdout so the record lands after the console summary
 * that went the same way. A file is opened at once, so a bad path stops the run before it starts.
 *
 * Records are written synchronously, each whole, so that when a hook returns its record is in
 * the file: a run stopped by a signal (the host calls onReport and close, then exits) leaves
 * complete JSON behind, and no stream can emit an 'error' event that nobody listens to.
 */
export function openJsonSink(file: string, describe: DescribeError, io: SinkIo = realIo): JsonSink {
  if (file === '-') {
    return {
      line: (value) => {
        process.stdout.write(`${JSON.stringify(value)}\n`);
      },
      close: () => {},
    };
  }
  let fd: number | undefined;
  try {
    fd = io.openSync(file, 'w');
  } catch (err) {
    throw cannotWrite(file, err, EXIT_USAGE, describe);
  }
  // Where the last whole record ends, to cut a half-written one off again.
  let complete = 0;
  return {
    line: (value) => {
      if (fd === undefined) return;
      const bytes = Buffer.from(`${JSON.stringify(value)}\n`);
      let done = 0;
      try {
        // A write may take only part of the buffer (a signal, a pipe, a nearly full disk).
        while (done < bytes.length) done += io.writeSync(fd, bytes, done, bytes.length - done);
      } catch (err) {
        if (done > 0) {
          try {
            io.ftruncateSync(fd, complete);
          } catch {
            // Devices and pipes cannot be truncated; what reached them is out of our hands.
          }
        }
        throw cannotWrite(file, err, EXIT_FAILURE, describe);
      }
      complete += bytes.length;
    },
    close: () => {
      if (fd === undefined) return;
      const open = fd;
      fd = undefined;
      try {
        io.closeSync(open);
      } catch (err) {
        // Network file systems may report a failed write only at close.
        throw cannotWrite(file, err, EXIT_FAILURE, describe);
      }
    },
  };
}
