import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { errorLines, explain, hasStackTrace, runKali } from '../helpers/run-kali.js';

/**
 * Options the parser accepts but the engine cannot honour yet must be refused, never silently
 * ignored. Delete a row when its option is implemented (its own tests then cover it).
 */
// Empty since --statsd landed: every option the first engine refused (-r, bandwidth, lifetime,
// delay-send, active listeners, write-combine off, socket buffers, message-stop, -v, dumps,
// WebSocket, TLS, headers, latency, statsd) now works. A row looks like
//   { args: ['--ws'], option: '--websocket' },
const NOT_YET: { args: string[]; option: string }[] = [];

// Refusals come before any connection is made, so the runs take a fraction of a second each.
describe('options not supported yet are refused', { concurrency: 4 }, () => {
  for (const { args, option } of NOT_YET) {
    it(args.join(' '), { timeout: 15_000 }, async () => {
      const port = await freePort();
      const run = await runKali([...args, '-T1s', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`], {
        timeoutMs: 10_000,
      });
      assert.notEqual(run.code, 0, explain(run));
      assert.ok(!hasStackTrace(run.stderr), explain(run));
      const error = errorLines(run.stderr);
      assert.equal(error.length, 1, `expected one error line\n${explain(run)}`);
      assert.ok(error[0].includes(option), `the error should name ${option}\n${explain(run)}`);
      assert.match(error[0], /not supported yet/, explain(run));
      assert.equal(run.stdout, '', explain(run));
    });
  }
});
