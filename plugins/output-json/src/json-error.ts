import { getSystemErrorMap } from 'node:util';

/**
 * How the JSON output fails: one line that names the output and the file, with tcpkali's exit
 * status, which the host prints as it is (the plugin error contract: any Error with `exitCode`).
 */
export class JsonOutputError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'JsonOutputError';
  }
}

/** 64: the command line names a file kali cannot create, so nothing is run. */
export const EXIT_USAGE = 64;
/** 1: the file stopped taking data during the run. */
export const EXIT_FAILURE = 1;

export function cannotWrite(file: string, err: unknown, exitCode: number): JsonOutputError {
  return new JsonOutputError(`json output: cannot write ${file}: ${describeError(err)}`, exitCode);
}

const systemErrors = getSystemErrorMap();

/** Where libuv's wording differs from glibc's strerror(), which users know from other tools. */
const GLIBC_WORDING: Record<string, string> = {
  EISDIR: 'Is a directory',
  EIO: 'Input/output error',
};

/**
 * "No space left on device" rather than Node's "ENOSPC: no space left on device, write", which
 * would repeat the syscall and, for open, the path a second time.
 */
export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  if (typeof e?.code === 'string' && GLIBC_WORDING[e.code]) return GLIBC_WORDING[e.code];
  if (typeof e?.errno === 'number') {
    const entry = systemErrors.get(e.errno);
    if (entry) return capitalize(entry[1]);
  }
  if (typeof e?.code === 'string') {
    for (const [, [name, text]] of systemErrors) if (name === e.code) return capitalize(text);
  }
  const message = e instanceof Error ? e.message : String(err);
  return message.split('\n')[0];
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
