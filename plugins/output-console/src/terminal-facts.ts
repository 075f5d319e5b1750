/** What the console output needs to know about the terminal, read once per run. */
export interface TerminalFacts {
  /**
   * Whether a progress line can be drawn at all. tcpkali draws only when terminfo setup succeeds,
   * which it never does without a TERM.
   */
  canDraw: boolean;
  /** False for TERM=dumb: no clear-to-EOL and no cursor hiding, just carriage returns. */
  escapes: boolean;
  /** Clock-face emoji need a UTF-8 locale ($LANG containing "utf-8"). */
  clock: boolean;
  columns: number;
}

export const DEFAULT_COLUMNS = 80;

export function readTerminalFacts(
  env: NodeJS.ProcessEnv = process.env,
  columns: number | undefined = process.stdout.columns,
): TerminalFacts {
  const term = env.TERM ?? '';
  return {
    canDraw: term !== '',
    escapes: term !== '' && term !== 'dumb',
    clock: (env.LANG ?? '').toLowerCase().includes('utf-8'),
    columns: columns !== undefined && columns > 0 ? columns : DEFAULT_COLUMNS,
  };
}
