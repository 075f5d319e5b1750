import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../../src/interfaces/result.js';
import { validateResult } from '../../helpers/result-schema.js';

/** The connection counts the fault tests check, from the result document: whole run, not steady phase. */
export interface ReportConns {
  openIn: number;
  openOut: number;
  accepted: number;
  /** Outgoing attempts that ended one way or the other: made, or failed. */
  initiated: number;
  failures: number;
  timeouts: number;
  open: number;
}

/**
 * kali's text report has no connection counts; the result document (`--json FILE`) has. `args`
 * goes on kali's command line, `read()` parses what it wrote.
 */
export function jsonReport(): {
  args: string[];
  read(): { conns: ReportConns; doc: RunResult };
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'kali-faults-json-'));
  const file = join(dir, 'report.json');
  return {
    args: ['--json', file],
    read: () => {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
      // Faulty peers make unusual documents: every one must still match the schema.
      validateResult(doc);
      const c = doc.connections;
      const conns: ReportConns = {
        openIn: c.openAtEnd.in,
        openOut: c.openAtEnd.out,
        accepted: c.run.opened.in,
        initiated: c.run.opened.out + c.run.failed.total,
        failures: c.run.failed.total,
        timeouts: c.run.failed.timedOut,
        open: c.openAtEnd.in + c.openAtEnd.out,
      };
      return { conns, doc };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
