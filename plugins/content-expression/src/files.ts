import { readFileSync } from 'node:fs';
import { getSystemErrorMap } from 'node:util';
import { ExpressionError, printable } from './errors.js';

/** `\{<file>}` contents are read once, while compiling; tcpkali fails with exit 1 and this wording. */
export function readExpressionFile(name: string): Uint8Array {
  try {
    return readFileSync(name);
  } catch (e) {
    throw new ExpressionError(`Can't open "${printable(name)}": ${reason(e)}`);
  }
}

function reason(e: unknown): string {
  const errno = (e as NodeJS.ErrnoException).errno;
  const text = typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined;
  if (text) return text.charAt(0).toUpperCase() + text.slice(1);
  return e instanceof Error ? e.message : String(e);
}
