import { ExitStatus, KaliError } from '../errors/index.js';

/** A refusal of `kali plugins new`: one line and a sysexits status from the host's table. */
export class ScaffoldError extends KaliError {
  constructor(message: string, exitCode: number) {
    super(message, exitCode, 'E_SCAFFOLD');
    this.name = 'ScaffoldError';
  }
}

export const EX_USAGE = ExitStatus.USAGE;
export const EX_SOFTWARE = ExitStatus.SOFTWARE;
export const EX_CANTCREAT = ExitStatus.CANT_CREATE;
