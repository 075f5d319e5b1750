/** A command line as a POSIX shell would take it back: arguments with anything special single-quoted. */
export function shellLine(argv: readonly string[]): string {
  return argv.map(quote).join(' ');
}

function quote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
