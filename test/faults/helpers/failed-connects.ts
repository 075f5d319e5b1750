import type { KaliRun } from '../../helpers/run-kali.js';
import { lines } from '../../helpers/run-kali.js';

/** kali's one-line summary of failed connects at -v0, taken apart. */
export interface FailedConnects {
  failures: number;
  timeouts: number;
  last: string;
}

const SUMMARY = /^Connection attempts that failed: (\d+) \((\d+) timed out, last: (.*)\); -v shows each$/;

/** The summary line of a run; throws (with the whole run) when there is none. */
export function failedConnects(run: KaliRun, explain: (r: KaliRun) => string): FailedConnects {
  for (const l of lines(run.stderr)) {
    const m = SUMMARY.exec(l);
    if (m) return { failures: Number(m[1]), timeouts: Number(m[2]), last: m[3] };
  }
  throw new Error(`no "Connection attempts that failed" line\n${explain(run)}`);
}

/** The reasons of the `-v` lines `Closing [addr]:port: reason` for one destination. */
export function closingReasons(run: KaliRun, port: number): string[] {
  const prefix = `Closing [127.0.0.1]:${port}: `;
  return lines(run.stderr)
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length));
}

/** What kali prints, and exits 1 with, when -c connections could not be opened within -T. */
export function rampUpFailure(connections: number, seconds: number): string {
  return `Could not create ${connections} connection${connections === 1 ? '' : 's'} in allotted time (${seconds}s)`;
}
