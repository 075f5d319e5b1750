/**
 * Every exit status kali uses, in one table. The numbers are tcpkali's (sysexits.h) so scripts
 * written for tcpkali keep working; kali adds only what tcpkali has no word for.
 */
export const ExitStatus = {
  /** The run finished as asked. */
  OK: 0,
  /** The run failed: connections could not be made, a worker or plugin failed, an output broke. */
  FAILED: 1,
  /** `--message-stop` found its string in received data. */
  MESSAGE_STOP: 2,
  /** EX_USAGE: the command line asks for something kali will not do. */
  USAGE: 64,
  /**
   * The run was interrupted (SIGINT, SIGTERM, SIGHUP or `q`): tcpkali reuses EX_USAGE for Ctrl+C,
   * and kali keeps that status for every signal so one check covers them all.
   */
  INTERRUPTED: 64,
  /** EX_DATAERR: a message file or other input could not be read or is too large. */
  DATA: 65,
  /** EX_NOHOST: a destination name did not resolve. */
  NO_HOST: 68,
  /** EX_UNAVAILABLE: cannot listen, or `-r @Latency` found no rate. */
  UNAVAILABLE: 69,
  /** EX_SOFTWARE: kali's own installation is broken (a template missing). */
  SOFTWARE: 70,
  /** EX_CANTCREAT: `kali plugins new` cannot create its folder. */
  CANT_CREATE: 73,
  /** A `--threshold` failed (k6's status, which CI systems already know). */
  THRESHOLD: 99,
} as const;

export type ExitStatusCode = (typeof ExitStatus)[keyof typeof ExitStatus];
