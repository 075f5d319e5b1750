/** A refusal of `kali plugins new`: one line and a sysexits status. */
export class ScaffoldError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'ScaffoldError';
  }
}

/** sysexits: usage error, internal software error, cannot create output. */
export const EX_USAGE = 64;
export const EX_SOFTWARE = 70;
export const EX_CANTCREAT = 73;
