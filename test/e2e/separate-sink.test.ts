import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { it } from 'node:test';
import { freePort, waitForListening } from '../helpers/free-port.js';
import { explain, parseReport, runKali, startKali } from '../helpers/run-kali.js';

const CONNECTIONS = 4;
const PUMP_TURN_BYTES = 64 * 256 * 1024;

it('a sink in another process receives what the client reports as sent', { timeout: 25_000 }, async () => {
  const port = await freePort();
  const sink = startKali([`-l127.0.0.1:${port}`, '-T4s'], { timeoutMs: 15_000 });
  await waitForListening('127.0.0.1', port, 5_000);
  // --connect-rate 10k opens all four connections within a millisecond or two (the default 100/s
  // takes 30 ms), which keeps the ramp-up traffic that only the sink counts small.
  const client = await runKali(
    ['-T2s', `-c${CONNECTIONS}`, '--connect-rate', '10k', '-m', 'x'.repeat(1000), `127.0.0.1:${port}`],
    { timeoutMs: 15_000 },
  );
  // The reasoning below needs the sink to outlive the client; on a badly overloaded machine it may not.
  const sinkOutlivedClient = sink.child.exitCode === null && sink.child.signalCode === null;
  const sunk = await sink.done;
  assert.ok(
    sinkOutlivedClient,
    `the sink stopped before the client finished\n${explain(client)}\n${explain(sunk)}`,
  );
  assert.equal(client.code, 0, explain(client));
  assert.equal(sunk.code, 0, explain(sunk));
  const sent = parseReport(client.stdout).bytesSent;
  const received = parseReport(sunk.stdout).bytesRcvd;
  assert.ok(sent > 0, explain(client));
  const both = `${explain(client)}\n${explain(sunk)}`;
  // Downwards there is no tolerance. The client counts a byte as sent once the kernel took it
  // (bytes still queued in user space at the stop are subtracted), the kernel delivers queued
  // bytes after close, and the sink reads silently for a good second after the client is gone.
  // So the sink must have seen every byte the client reports.
  assert.ok(received >= sent, `sink received ${received} bytes, client reports ${sent} sent\n${both}`);
  // Upwards the sink also counts what the client sent before its steady phase began, which the
  // client's report leaves out by design: its ramp-up (a millisecond or two here), and whatever a
  // busy worker writes before it reads the 'steady' message, at most one write-pump turn (64 writes
  // of 256 KiB) per worker. The 1 % on top keeps timing noise out; a lost or doubled worker's
  // figures would still be far outside.
  const workers = Math.min(availableParallelism(), CONNECTIONS);
  const allowed = 0.01 * sent + workers * PUMP_TURN_BYTES;
  const excess = received - sent;
  assert.ok(
    excess <= allowed,
    `sink received ${excess} bytes (${((excess / sent) * 100).toFixed(2)} %) more than sent, allowed ${Math.round(allowed)}\n${both}`,
  );
});
