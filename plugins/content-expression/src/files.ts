import { describeReadError, type HandOver, readBounded } from '@kali/content-file/bounded-read';
import { ExpressionError, printable } from './errors.js';

/**
 * Reads the `\{<file>}` pieces of one value while compiling, each file once however often it is
 * named. A file that cannot be read fails with exit 1 and tcpkali's wording.
 */
export function fileReader(kali: HandOver): (name: string) => Uint8Array {
  const seen = new Map<string, Uint8Array>();
  return (name) => {
    let bytes = seen.get(name);
    if (bytes === undefined) {
      bytes = readExpressionFile(name, kali);
      seen.set(name, bytes);
    }
    return bytes;
  };
}

export function readExpressionFile(name: string, kali: HandOver): Uint8Array {
  try {
    return readBounded(name, kali);
  } catch (e) {
    throw new ExpressionError(`Can't open "${printable(name)}": ${describeReadError(e)}`);
  }
}
