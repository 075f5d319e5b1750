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

/** The host's wording of a system error (`kali.describeError`). */
export type DescribeError = (err: unknown) => string;

export function cannotWrite(
  file: string,
  err: unknown,
  exitCode: number,
  describe: DescribeError,
): JsonOutputError {
  return new JsonOutputError(`json output: cannot write ${file}: ${describe(err)}`, exitCode);
}

/** Errors that are one-liners already pass through; anything else still names the output and file. */
export function asOneLine(err: unknown, file: string, describe: DescribeError): Error {
  if (err instanceof Error && typeof (err as { exitCode?: unknown }).exitCode === 'number') return err;
  return cannotWrite(file, err, EXIT_FAILURE, describe);
}
