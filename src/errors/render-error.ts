import { ExitStatus } from './exit-status.js';
import { KaliError, oneLine } from './kali-error.js';

/**
 * What the user sees for an error that ends kali: the text for stderr and the exit status. kali's
 * own errors print as they are (tcpkali's wording, sometimes its two lines); anything else is a
 * bug or an escaped library error, printed on one line behind `kali:` with status 1.
 */
export function renderError(err: unknown): { text: string; exitCode: number; usage?: 'short' | 'long' } {
  if (err instanceof KaliError) {
    const usage = (err as { usage?: 'short' | 'long' }).usage;
    return { text: err.message, exitCode: err.exitCode, ...(usage ? { usage } : {}) };
  }
  const e = err as { message?: unknown; exitCode?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // The plugin API's error shape: any Error with a numeric exitCode speaks for itself.
  if (typeof e?.exitCode === 'number') return { text: oneLine(message), exitCode: e.exitCode };
  return { text: `kali: ${oneLine(message)}`, exitCode: ExitStatus.FAILED };
}
