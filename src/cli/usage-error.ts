/** EX_USAGE from sysexits.h: what tcpkali returns for every command-line mistake. */
export const EX_USAGE = 64;

/**
 * A command-line mistake. The caller prints `message` on stderr as is (it may span several lines,
 * like getopt's complaint followed by tcpkali's own), then the usage text named by `usage` on
 * stdout, and exits with `exitCode`.
 */
export class UsageError extends Error {
  readonly exitCode: number;
  readonly usage?: 'short' | 'long';

  constructor(message: string, options: { exitCode?: number; usage?: 'short' | 'long' } = {}) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = options.exitCode ?? EX_USAGE;
    if (options.usage) this.usage = options.usage;
  }
}
