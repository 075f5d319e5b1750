import assert from 'node:assert/strict';
import { it } from 'node:test';
import { errorLines, explain, lines, parseReport, startKali } from '../helpers/run-kali.js';
import { jsonReport } from './helpers/json-report.js';
import { sampleRss } from './helpers/rss.js';
import { startSilentPeer } from './helpers/silent-peer.js';

const CONNECTIONS = 10;
/** Far above kali's idle footprint (about 100 MB), far below what unbounded queueing reaches. */
const RSS_LIMIT_KIB = 300 * 1024;

/**
 * A peer that accepts and never reads: the kernel buffers fill, write() starts returning false,
 * and kali must wait for 'drain' instead of queueing its unlimited send rate in user space.
 */
it('a never-reading peer: kali stays within bounded memory', { timeout: 40_000 }, async () => {
  const peer = await startSilentPeer({ reads: false });
  const json = jsonReport();
  try {
    const kali = startKali(
      ['-T4s', `-c${CONNECTIONS}`, '-m', 'x'.repeat(1000), ...json.args, `127.0.0.1:${peer.port}`],
      { timeoutMs: 30_000 },
    );
    const rss = sampleRss(kali.child.pid as number, 100);
    const run = await kali.done;
    const { maxKiB, samples } = rss.stop();
    assert.equal(run.code, 0, explain(run));
    assert.deepEqual(errorLines(run.stderr), [], explain(run));
    assert.ok(lines(run.stderr).includes(`Ramped up to ${CONNECTIONS} connections.`), explain(run));
    assert.ok(samples >= 30, `only ${samples} RSS samples\n${explain(run)}`);
    assert.ok(maxKiB < RSS_LIMIT_KIB, `kali grew to ${Math.round(maxKiB / 1024)} MB\n${explain(run)}`);
    // Nothing was read, so nothing came back, and the connections stayed: no reconnects.
    assert.equal(parseReport(run.stdout).bytesRcvd, 0, explain(run));
    const { conns } = json.read();
    assert.equal(conns.initiated, CONNECTIONS, explain(run));
    assert.equal(conns.failures, 0, explain(run));
    assert.equal(conns.open, CONNECTIONS, explain(run));
    assert.equal(peer.accepted, CONNECTIONS, explain(run));
  } finally {
    await peer.close();
    json.remove();
  }
});
