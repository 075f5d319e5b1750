import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The connection counters of kali's JSON report: totals since the start, not the steady phase only. */
export interface ReportConns {
  openIn: number;
  openOut: number;
  connecting: number;
  initiated: number;
  accepted: number;
  failures: number;
  timeouts: number;
  open: number;
}

/**
 * kali's text report has no connection counts; the JSON output (`--json-file`) has. `args` goes on kali's command
 * line, `read()` parses what it wrote (only a run that reached its report writes one).
 */
export function jsonReport(): { args: string[]; read(): { conns: ReportConns }; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kali-faults-json-'));
  const file = join(dir, 'report.json');
  return {
    args: ['--json-file', file],
    read: () => JSON.parse(readFileSync(file, 'utf8')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
