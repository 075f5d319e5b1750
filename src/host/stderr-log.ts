/**
 * Writes log lines to stderr. While a live progress line may be on screen (stdout is a terminal
 * that understands escapes), each line starts with clear-to-end-of-line so it cleanly replaces
 * the progress text; the next refresh draws the progress line again below it.
 */
export function makeStderrLog(interactive: boolean): (line: string) => void {
  const prefix = interactive && process.env.TERM !== 'dumb' ? '\x1b[K' : '';
  return (line: string) => {
    process.stderr.write(`${prefix}${line}\n`);
  };
}
