import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import type { LatencySummary } from 'kali';
import { createStatsdOutput } from '../../../plugins/output-statsd/src/statsd-output.js';
import { context, live, traffic } from './fixtures.js';

/** A latency summary with many percentiles, so one report needs several datagrams. */
function wide(name: string): LatencySummary {
  const labels = ['50', '90', '95', '99', '99.5', '99.9', '99.99', '100'];
  return {
    name,
    title: name,
    count: 10,
    minMs: 0.1,
    meanMs: 12.3,
    maxMs: 456.7,
    percentiles: labels.map((label) => ({ label, value: Number(label), ms: 123.4 })),
  };
}

describe('StatsD datagrams on a real UDP socket', () => {
  it('keeps every datagram within 512 bytes and brackets the run with zero batches', async () => {
    const server = createSocket('udp4');
    const datagrams: string[] = [];
    server.on('message', (m) => datagrams.push(m.toString('utf8')));
    server.bind(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address();
    try {
      const out = createStatsdOutput(context({ port, namespace: 'kali.test' }));
      const latency = { connect: wide('connect'), firstbyte: wide('firstbyte'), message: wide('message') };
      for (let i = 1; i <= 3; i++) {
        out.onStats?.(live({ elapsed: i / 4, traffic: traffic({ bytesSent: 1000 * i }), latency }));
      }
      await out.close?.({ exitCode: 0 });
      const deadline = Date.now() + 2000;
      while (Date.now() < deadline && !datagrams.at(-1)?.includes('traffic.msgs.sent:0|c')) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 50));

      for (const d of datagrams)
        assert.ok(Buffer.byteLength(d) <= 512, `${Buffer.byteLength(d)} bytes:\n${d}`);
      const lines = (d: string) => d.split('\n').filter((l) => l !== '');
      const zeros = (d: string) => lines(d).every((l) => /:0\|[cg]$/.test(l));
      assert.ok(zeros(datagrams[0]) && lines(datagrams[0]).length === 14, datagrams[0]);
      assert.ok(zeros(datagrams.at(-1) ?? '') && lines(datagrams.at(-1) ?? '').length === 14);
      // Each report starts a datagram of its own, like tcpkali's.
      const starts = datagrams.filter((d) => d.startsWith('kali.test.connections.opened:'));
      assert.equal(starts.length, 5);
      const all = datagrams.flatMap(lines);
      assert.equal(all.length, 14 * 2 + 3 * (14 + 3 * 11));
      assert.ok(all.every((l) => /^kali\.test\.[a-z0-9.]+:[\d.]+\|[cg]$/.test(l)));
    } finally {
      server.close();
    }
  });
});
