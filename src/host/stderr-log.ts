/**
 * What goes before each stderr line while a live progress line may be on screen (stdout is a
 * terminal that understands escapes): clear-to-end-of-line, so the line cleanly replaces the
 * progress text; the next refresh draws the progress line again below it.
 */
export function stderrLinePrefix(interactive: boolean): string {
  return interactive && process.env.TERM !== 'dumb' ? '\x1b[K' : '';
}

/** Writes log lines to stderr from the main thread. */
export function makeStderrLog(prefix: string): (line: string) => void {
  return (line: string) => {
    process.stderr.write(`${prefix}${line}\n`);
  };
}
