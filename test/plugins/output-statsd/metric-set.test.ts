import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  figureMetrics,
  latencyMetrics,
  ZERO_FIGURES,
} from '../../../plugins/output-statsd/src/metric-set.js';
import { summary, traffic } from './fixtures.js';

describe('StatsD metric set', () => {
  it('lists counters and gauges in tcpkali order with their types (case-70)', () => {
    const lines = figureMetrics(ZERO_FIGURES).map((m) => `${m.name}:${m.value}|${m.kind}`);
    assert.deepEqual(lines, [
      'connections.opened:0|c',
      'connections.total:0|g',
      'connections.total.in:0|g',
      'connections.total.out:0|g',
      'traffic.bitrate:0|g',
      'traffic.bitrate.in:0|g',
      'traffic.bitrate.out:0|g',
      'traffic.data:0|c',
      'traffic.data.rcvd:0|c',
      'traffic.data.sent:0|c',
      'traffic.data.reads:0|c',
      'traffic.data.writes:0|c',
      'traffic.msgs.rcvd:0|c',
      'traffic.msgs.sent:0|c',
    ]);
  });

  it('sums directions and truncates bit rates to integers', () => {
    const metrics = figureMetrics({
      opened: 3,
      openIn: 2,
      openOut: 5,
      bitsIn: 60.9,
      bitsOut: 63.2,
      traffic: traffic({ bytesSent: 10, bytesRcvd: 7, reads: 2, writes: 4, msgsSent: 9, msgsRcvd: 8 }),
    });
    const value = (name: string) => metrics.find((m) => m.name === name)?.value;
    assert.equal(value('connections.opened'), 3);
    assert.equal(value('connections.total'), 7);
    assert.equal(value('traffic.bitrate'), 123);
    assert.equal(value('traffic.bitrate.in'), 60);
    assert.equal(value('traffic.data'), 17);
    assert.equal(value('traffic.data.writes'), 4);
    assert.equal(value('traffic.msgs.rcvd'), 8);
  });

  it('names latency gauges by percentile label, then min/mean/max, rounded to 0.1 ms', () => {
    const lines = latencyMetrics('connect', summary('connect', 3, 1.26)).map(
      (m) => `${m.name}:${m.value}|${m.kind}`,
    );
    assert.deepEqual(lines, [
      'latency.connect.95:1.3|g',
      'latency.connect.99.5:1.9|g',
      'latency.connect.min:0.6|g',
      'latency.connect.mean:1.3|g',
      'latency.connect.max:2.5|g',
    ]);
  });

  it('sends no latency gauge for a measurement without samples', () => {
    assert.deepEqual(latencyMetrics('firstbyte', summary('firstbyte', 0, 0)), []);
  });
});
