import assert from 'node:assert/strict';
import { it } from 'node:test';
import { freePort, waitForListening } from '../helpers/free-port.js';
import { explain, lines, parseReport, runKali, startKali } from '../helpers/run-kali.js';

it('connections are spread over every destination', { timeout: 25_000 }, async () => {
  const ports = [await freePort(), await freePort()];
  const sinks = ports.map((p) => startKali([`-l127.0.0.1:${p}`, '-T3s'], { timeoutMs: 15_000 }));
  for (const p of ports) await waitForListening('127.0.0.1', p, 5_000);
  const client = await runKali(['-T1s', '-c4', '-m', 'hello', ...ports.map((p) => `127.0.0.1:${p}`)], {
    timeoutMs: 15_000,
  });
  const sunk = await Promise.all(sinks.map((s) => s.done));
  assert.equal(client.code, 0, explain(client));
  const destinationLines = lines(client.stderr).filter((l) => l.startsWith('Destination: '));
  assert.deepEqual(
    destinationLines,
    ports.map((p) => `Destination: [127.0.0.1]:${p}`),
    explain(client),
  );
  assert.match(client.stderr, /^Ramped up to 4 connections\.$/m, explain(client));
  for (const s of sunk) {
    assert.equal(s.code, 0, explain(s));
    assert.ok(
      parseReport(s.stdout).bytesRcvd > 0,
      `this sink got nothing\n${explain(s)}\n${explain(client)}`,
    );
  }
});
