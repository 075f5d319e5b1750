import { writeSync } from 'node:fs';

const STDERR = 2;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * A worker's log lines go straight to the stderr descriptor, as tcpkali's threads write theirs.
 * Sent through the main thread instead, a flood of `-d` dump lines queued ahead of the control
 * messages (ramped, stats) and starved them, and lines still in flight when the run ended were
 * lost. Writing here also gives dumps natural back-pressure: a slow terminal slows the worker
 * that fills it, not the whole run's bookkeeping.
 */
export function directStderr(prefix: string): (line: string) => void {
  return (line: string) => writeFully(Buffer.from(`${prefix}${line}\n`));
}

function writeFully(bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(STDERR, bytes, offset);
    } catch (err) {
      // stderr may be a non-blocking pipe shared with the main thread: wait for room.
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      // Nobody reads stderr any more (EPIPE, closed descriptor): there is no one to tell.
      return;
    }
  }
}
