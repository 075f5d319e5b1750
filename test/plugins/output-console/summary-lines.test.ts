import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { latencyLine, summaryLines } from '../../../plugins/output-console/src/summary-lines.js';
import { conns, latency, report, traffic } from './fixtures.js';

/** The stdout summary block of a recorded tcpkali run (non-tty cases only). */
function referenceSummary(caseNo: string): string[] {
  const text = readFileSync(`/work/shared/reference/outputs/case-${caseNo}.txt`, 'utf8');
  const body = text.split('--- stdout')[1].split('\n').slice(1);
  return body.slice(0, body.findIndex((line) => line.startsWith('Test duration:')) + 1);
}

const case06 = [
  'Total data sent:     5547.5 MiB (5816952135 bytes)',
  'Total data received: 5535.1 MiB (5804018825 bytes)',
  'Bandwidth per channel: 2322.647⇅ Mbps (290330.9 kBps)',
  'Aggregate bandwidth: 23200.623↓, 23252.322↑ Mbps',
  'Packet rate estimate: 2156733.6↓, 1995793.3↑ (12↓, 45↑ TCP MSS/op)',
  'Test duration: 2.00133 s.',
];

describe('summaryLines', () => {
  it('reproduces case-06 (-c10 against its own listener) character for character', () => {
    // reads/writes/duration solved from the Aggregate and Packet rate lines: 20 channels open.
    const lines = summaryLines(
      report({
        traffic: traffic({ bytesSent: 5816952135, bytesRcvd: 5804018825, reads: 359695, writes: 88761 }),
        conns: conns({ openIn: 10, openOut: 10 }),
        duration: 2.00133205,
        openConnections: 20,
      }),
    );
    assert.deepEqual(lines, case06);
  });

  it('matches the recorded file for case-06, so the fixture above is what tcpkali printed', () => {
    assert.deepEqual(referenceSummary('06'), case06);
  });

  it('reproduces case-05 (idle run) with zero operations', () => {
    const lines = summaryLines(report({ duration: 2.006757, openConnections: 2 }));
    assert.deepEqual(lines, referenceSummary('05'));
  });

  it('reproduces case-12: message rate and message latency lines', () => {
    const lines = summaryLines(
      report({
        traffic: traffic({
          bytesSent: 1650,
          bytesRcvd: 1650,
          reads: 50,
          writes: 50,
          msgsSent: 50,
          msgsRcvd: 50,
        }),
        duration: 5.002041,
        openConnections: 2,
        messageMarkers: true,
        latencies: [
          latency('message', 'Message latency', [
            ['95', 0.4],
            ['99', 0.5],
            ['99.5', 0.5],
          ]),
        ],
      }),
    );
    assert.deepEqual(lines, referenceSummary('12'));
  });

  it('reproduces case-75: percentile labels exactly as typed', () => {
    const lines = summaryLines(
      report({
        traffic: traffic({
          bytesSent: 6231,
          bytesRcvd: 6231,
          reads: 201,
          writes: 201,
          msgsSent: 201,
          msgsRcvd: 201,
        }),
        duration: 2.002372,
        openConnections: 2,
        messageMarkers: true,
        latencies: [
          latency('message', 'Message latency', [
            ['50', 0.1],
            ['99.9', 0.3],
            ['100', 0.3],
          ]),
        ],
      }),
    );
    assert.deepEqual(lines, referenceSummary('75'));
  });

  it('reproduces case-64 (client side): send-only traffic over 10 outgoing channels', () => {
    const lines = summaryLines(
      report({
        traffic: traffic({ bytesSent: 62837, writes: 2027, msgsSent: 2027 }),
        duration: 2.005278,
        openConnections: 10,
        messageMarkers: true,
        latencies: [
          latency('message', 'Message latency', [
            ['95', 0],
            ['99', 0],
            ['99.5', 0],
          ]),
        ],
      }),
    );
    assert.deepEqual(lines, referenceSummary('64'));
  });

  it('reproduces case-11: connect and first-byte latency lines in order', () => {
    const points: [string, number][] = [
      ['50', 0],
      ['100', 0],
    ];
    const lines = summaryLines(
      report({
        duration: 2.00785,
        latencies: [
          latency('connect', 'TCP connect latency', points),
          latency('firstbyte', 'First byte latency', points),
        ],
      }),
    );
    assert.deepEqual(lines, referenceSummary('11'));
  });

  it('counts at least one channel when every connection has closed', () => {
    const lines = summaryLines(
      report({ traffic: traffic({ bytesSent: 1000, bytesRcvd: 1000 }), duration: 1, openConnections: 0 }),
    );
    assert.equal(lines[2], 'Bandwidth per channel: 0.016⇅ Mbps (2.0 kBps)');
  });

  it('reports zero rates for a zero-length run instead of NaN', () => {
    const lines = summaryLines(
      report({ traffic: traffic({ bytesSent: 10, writes: 1 }), duration: 0, messageMarkers: true }),
    );
    assert.equal(lines[3], 'Aggregate bandwidth: 0.000↓, 0.000↑ Mbps');
    assert.equal(lines[4], 'Aggregate message rate: 0.000↓, 0.000↑ mps');
    assert.equal(lines[5], 'Packet rate estimate: 0.0↓, 0.0↑ (0↓, 1↑ TCP MSS/op)');
    assert.equal(lines[6], 'Test duration: 0 s.');
  });

  it('uses the integer average bytes per op for the MSS estimate', () => {
    // 2921 / 2 = 1460 (integer division), so one segment per op, not two.
    const lines = summaryLines(report({ traffic: traffic({ bytesRcvd: 2921, reads: 2 }), duration: 1 }));
    assert.equal(lines[4], 'Packet rate estimate: 2.0↓, 0.0↑ (1↓, 0↑ TCP MSS/op)');
  });
});

describe('latencyLine', () => {
  it('keeps trailing zeros in labels such as 50.0/100.0', () => {
    const line = latencyLine(
      latency('firstbyte', 'First byte latency', [
        ['50.0', 1.25],
        ['100.0', 12.34],
      ]),
    );
    assert.equal(line, 'First byte latency at percentiles: 1.2/12.3 ms (50.0/100.0%)');
  });

  it('prints values with one decimal', () => {
    const line = latencyLine(
      latency('connect', 'TCP connect latency', [
        ['95', 2.1],
        ['99', 2.14],
        ['99.5', 120],
      ]),
    );
    assert.equal(line, 'TCP connect latency at percentiles: 2.1/2.1/120.0 ms (95/99/99.5%)');
  });
});
