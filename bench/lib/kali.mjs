import { fileURLToPath } from 'node:url';

// Scripts are run from the repo root by convention, but resolving from here makes them work from anywhere.
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const kaliBin = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
export const referenceDir = fileURLToPath(new URL('../reference/', import.meta.url));

/** Reads tcpkali's final summary; the exact byte counts in parentheses are what rates are computed from. */
export function parseReport(stdout) {
  const bytes = (label) => {
    const m = stdout.match(new RegExp(`Total data ${label}:.*\\((\\d+) bytes\\)`));
    return m ? Number(m[1]) : undefined;
  };
  const duration = stdout.match(/Test duration: ([\d.e+-]+) s\./);
  const report = {
    sent: bytes('sent'),
    received: bytes('received'),
    seconds: duration ? Number(duration[1]) : undefined,
  };
  if (report.received === undefined || report.seconds === undefined) return undefined;
  return report;
}
