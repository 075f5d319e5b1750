import { closeSync, openSync, writeSync } from 'node:fs';
import { JsonOptionError } from './json-options.js';

export interface JsonSink {
  line(value: unknown): void;
  close(): void;
}

/**
 * `-` is stdout, written through process.stdout so the record lands after the console summary
 * that went the same way. A file is opened at once, so a bad path stops the run before it starts.
 */
export function openJsonSink(file: string): JsonSink {
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
    fd = openSync(file, 'w');
  } catch (err) {
    throw new JsonOptionError(`--plugin-option json.file=${file}: ${(err as Error).message}`);
  }
  return {
    line: (value) => {
      if (fd !== undefined) writeSync(fd, `${JSON.stringify(value)}\n`);
    },
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
