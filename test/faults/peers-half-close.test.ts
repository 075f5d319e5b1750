import assert from 'node:assert/strict';
import { it } from 'node:test';
import { explain, lines, runKali } from '../helpers/run-kali.js';
import { startHalfClosePeer } from './helpers/half-close-peer.js';
import { jsonReport } from './helpers/json-report.js';

const count = (stderr: string, re: RegExp) => lines(stderr).filter((l) => re.test(l)).length;

/**
 * The peer sends FIN at once and keeps reading. tcpkali closes a connection when a read returns
 * 0 (logging "Connection half-closed by …" at -vv) and opens another; kali does the same.
 */
it('a peer that half-closes: each connection is closed and replaced, none fails', {
  timeout: 30_000,
}, async () => {
  const peer = await startHalfClosePeer();
  const json = jsonReport();
  try {
    const run = await runKali(['-vv', '-T2s', '-c2', '-m', 'hello', ...json.args, `127.0.0.1:${peer.port}`], {
      timeoutMs: 20_000,
    });
    assert.equal(run.code, 0, explain(run));
    const opened = count(
      run.stderr,
      /^Connection \[127\.0\.0\.1\]:\d+ -> \[127\.0\.0\.1\]:\d+ opened as \d+$/,
    );
    const halfClosed = count(
      run.stderr,
      new RegExp(`^Connection half-closed by \\[127\\.0\\.0\\.1\\]:${peer.port}$`),
    );
    const { conns } = json.read();
    assert.equal(conns.failures, 0, explain(run));
    assert.ok(conns.initiated > 20, `only ${conns.initiated} connections\n${explain(run)}`);
    // Those still connecting at -T (two at most) never opened.
    assert.ok(
      opened <= conns.initiated && opened >= conns.initiated - 2,
      `${opened} opened\n${explain(run)}`,
    );
    // Every connection but those open at -T (two at most) saw the FIN.
    assert.ok(
      halfClosed <= opened && halfClosed >= opened - 2,
      `${halfClosed} of ${opened}\n${explain(run)}`,
    );
    assert.ok(peer.accepted >= halfClosed, explain(run));
    // -vv adds connection lines and per-worker statistics, but nothing about a failure.
    assert.equal(count(run.stderr, /^Closing |rror/), 0, explain(run));
  } finally {
    await peer.close();
    json.remove();
  }
});
