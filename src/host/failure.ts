/**
 * A run that ends with a one-line message and a tcpkali exit status instead of a stack trace.
 * Anything that stops kali on purpose throws one of these; the command prints `message` on
 * stderr and exits with `exitCode`.
 */
export class Failure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'Failure';
  }
}

/** EX_USAGE (64): the command line asks for something kali will not do. */
export class UsageFailure extends Failure {
  constructor(message: string) {
    super(message, 64);
  }
}

/** Turns a plugin's thrown error into a Failure, keeping its exit code when it set one. */
export function asFailure(err: unknown, fallbackExit = 1): Failure {
  if (err instanceof Failure) return err;
  if (err instanceof Error) {
    const code = (err as { exitCode?: unknown }).exitCode;
    return new Failure(err.message, typeof code === 'number' ? code : fallbackExit);
  }
  return new Failure(String(err), fallbackExit);
}
