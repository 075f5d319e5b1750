/**
 * Counter lines that kali prints after tcpkali's summary for plugin metrics and request
 * outcomes: `<title>: <total> (<rate>/s)`, e.g. `redis ok: 8923 (4461.5/s)`.
 */
export function counterLine(stdout: string, title: string): number | undefined {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^${escaped}: (\\d+) \\([\\d.]+/s\\)$`, 'm').exec(stdout);
  return m ? Number(m[1]) : undefined;
}

/** Like counterLine, but the line must be there. */
export function counter(stdout: string, title: string): number {
  const n = counterLine(stdout, title);
  if (n === undefined) throw new Error(`no "${title}: N (r/s)" line in the report:\n${stdout}`);
  return n;
}
