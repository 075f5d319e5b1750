import {
  closeSync,
  openSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';

/** The file calls the output makes, so that tests can make any of them fail, or write short. */
export interface FileIo {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  /** Undefined when nothing is there. */
  statSync(path: string): Stats | undefined;
  realpathSync(path: string): string;
}

export const realIo: FileIo = {
  openSync,
  writeSync,
  closeSync,
  renameSync,
  unlinkSync,
  statSync: (path) => statSync(path, { throwIfNoEntry: false }),
  realpathSync,
};

/** Hands all of `bytes` over, however many calls it takes (a signal, a pipe, a nearly full disk). */
export function writeAll(io: FileIo, fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += io.writeSync(fd, bytes, done, bytes.length - done);
}
