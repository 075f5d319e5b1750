import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { explain, lines, parseReport, reportShape, runKali } from '../helpers/run-kali.js';

const CONNECTIONS = 10;

/** The most a TCP send buffer grows to (Linux: tcp_wmem's maximum; 4 MiB is its default). */
function sendBufferMax(): number {
  try {
    const max = Number(readFileSync('/proc/sys/net/ipv4/tcp_wmem', 'utf8').trim().split(/\s+/)[2]);
    return Number.isFinite(max) && max > 0 ? max : 4 * 1024 * 1024;
  } catch {
    return 4 * 1024 * 1024;
  }
}

// reference/outputs/case-06.txt (`tcpkali -T2s -l127.0.0.1:P 127.0.0.1:P -c10 -m Z`) with every
// number masked: the summary lines and their order are tcpkali's.
const CASE_06_SHAPE = [
  'Total data sent:     # <unit> (# bytes)',
  'Total data received: # <unit> (# bytes)',
  'Bandwidth per channel: #⇅ Mbps (# kBps)',
  'Aggregate bandwidth: #↓, #↑ Mbps',
  'Packet rate estimate: #↓, #↑ (#↓, #↑ TCP MSS/op)',
  'Test duration: # s.',
];

it('client and sink in one process: tcpkali report, bytes flow both counted', {
  timeout: 20_000,
}, async () => {
  const port = await freePort();
  const run = await runKali(
    ['-T2s', `-l127.0.0.1:${port}`, `-c${CONNECTIONS}`, '-m', 'hello', `127.0.0.1:${port}`],
    {
      timeoutMs: 15_000,
    },
  );
  assert.equal(run.code, 0, explain(run));
  assert.deepEqual(reportShape(run.stdout), CASE_06_SHAPE, explain(run));
  // The loopback interface is `lo` on Linux, `lo0` elsewhere.
  const stderr = lines(run.stderr).map((l) => l.replace(/^(Interface|Using interface) \S+ /, '$1 <lo> '));
  assert.deepEqual(
    stderr,
    [
      `Destination: [127.0.0.1]:${port}`,
      'Interface <lo> address [127.0.0.1]:0',
      `Using interface <lo> to connect to [127.0.0.1]:${port}`,
      `Listen on: [127.0.0.1]:${port}`,
      `Ramped up to ${CONNECTIONS} connections.`,
    ],
    explain(run),
  );
  const report = parseReport(run.stdout);
  assert.ok(report.bytesSent > 0, explain(run));
  // Both counts cover the same steady phase of one process, and differ by what sat in the socket
  // buffers when that phase began and ended: bytes written but not yet read. On loopback that is
  // at most about a send buffer per connection. With 1 % on top, for timing noise between the
  // threads, gross errors (a worker's figures lost or counted twice, ramp-up left in) still show.
  const allowed = 0.01 * report.bytesSent + CONNECTIONS * sendBufferMax();
  const drift = Math.abs(report.bytesRcvd - report.bytesSent);
  assert.ok(
    drift <= allowed,
    `received differs from sent by ${drift} bytes (${((drift / report.bytesSent) * 100).toFixed(2)} %), allowed ${Math.round(allowed)}\n${explain(run)}`,
  );
});

it('connection set-up counts in the report, as tcpkali counts it: first messages, the WebSocket upgrade', {
  timeout: 30_000,
}, async () => {
  const run = async (args: string[]) => {
    const port = await freePort();
    const r = await runKali(['-T1s', ...args, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`], {
      timeoutMs: 15_000,
    });
    assert.equal(r.code, 0, explain(r));
    return parseReport(r.stdout);
  };
  // Sent during ramp-up, which the report otherwise leaves out.
  const first = await run(['-1', 'ABC']);
  assert.equal(first.bytesSent, 3);
  // The listener in the same process may take the 3 bytes before it hears the steady phase began
  // (then they are ramp-up traffic it received), or after; both are correct accounts of it.
  assert.ok(first.bytesRcvd === 3 || first.bytesRcvd === 0, JSON.stringify(first));
  // The client's upgrade request and the listener's 101 answer, each counted once on each side.
  const ws = await run(['--ws']);
  assert.ok(ws.bytesSent > 200 && ws.bytesSent === ws.bytesRcvd, JSON.stringify(ws));
});
