import { ExitStatus } from './exit-status.js';

/**
 * Anything that stops kali on purpose: a one-line message and an exit status, never a stack
 * trace. `code` names the kind of failure for programs (JSON results, tests); `message` is for
 * people.
 */
export class KaliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly code: string = 'E_FAILED',
  ) {
    super(message);
    this.name = 'KaliError';
  }
}

/** The command line asks for something kali will not do (EX_USAGE). */
export class UsageFailure extends KaliError {
  constructor(message: string) {
    super(message, ExitStatus.USAGE, 'E_USAGE');
    this.name = 'UsageFailure';
  }
}

/**
 * A command-line mistake that tcpkali answers with its own wording and sometimes a usage text:
 * `message` may span getopt's line and tcpkali's, and `usage` names the text to print on stdout.
 */
export class UsageError extends KaliError {
  readonly usage?: 'short' | 'long';

  constructor(message: string, options: { exitCode?: number; usage?: 'short' | 'long' } = {}) {
    super(message, options.exitCode ?? ExitStatus.USAGE, 'E_USAGE');
    this.name = 'UsageError';
    if (options.usage) this.usage = options.usage;
  }
}

/**
 * A plugin's hook threw or rejected. An error the plugin threw on purpose (one with an `exitCode`,
 * the plugin API's contract) already says what went wrong and keeps its wording and status; any
 * other is a bug in the plugin, reported with the plugin, the hook and the error's own text.
 */
export class PluginFailure extends KaliError {
  constructor(
    readonly plugin: string,
    hook: string,
    cause: unknown,
  ) {
    const inner = asFailure(cause);
    const deliberate = typeof (cause as { exitCode?: unknown } | undefined)?.exitCode === 'number';
    const kind = cause instanceof Error && cause.name !== 'Error' ? `${cause.name}: ` : '';
    super(
      deliberate ? inner.message : `${plugin}: ${hook}() threw ${kind}${inner.message}`,
      inner.exitCode,
      'E_PLUGIN',
    );
    this.name = 'PluginFailure';
  }
}

/** A worker thread died or let an exception escape. */
export class WorkerFailure extends KaliError {
  constructor(
    readonly worker: number,
    message: string,
  ) {
    super(`worker ${worker}: ${message}`, ExitStatus.FAILED, 'E_WORKER');
    this.name = 'WorkerFailure';
  }
}

/** EX_USAGE (64): kept for callers that only need the status. */
export const EX_USAGE = ExitStatus.USAGE;

/**
 * Turns anything thrown into a KaliError. A plugin's error keeps its `exitCode` when it set one
 * (the PluginError contract of the plugin API); anything else becomes a run failure.
 */
export function asFailure(err: unknown, fallbackExit: number = ExitStatus.FAILED): KaliError {
  if (err instanceof KaliError) return err;
  if (err instanceof Error) {
    const code = (err as { exitCode?: unknown }).exitCode;
    return new KaliError(oneLine(err.message), typeof code === 'number' ? code : fallbackExit);
  }
  return new KaliError(oneLine(String(err)), fallbackExit);
}

/** Messages from libraries (OpenSSL, V8) can span lines; a failure is reported on one. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join(' ');
}
