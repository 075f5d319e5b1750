import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FinalReport, MetricValue } from 'kali';
import { createStatsdOutput } from '../../../plugins/output-statsd/src/statsd-output.js';
import { newHistogram } from '../../../src/engine/histogram.js';
import { histogramView } from '../../../src/engine/histogram-view.js';
import { context, live, mockClient, summary, traffic } from './fixtures.js';

function latency(name: string, samplesUs: number[]): MetricValue {
  const h = newHistogram();
  for (const us of samplesUs) h.recordValue(us);
  return {
    name,
    title: `${name} latency`,
    plugin: 'redis',
    origin: 'requests',
    kind: 'latency',
    histogram: histogramView(h),
  };
}

function counter(name: string, total: number, perSecond: number): MetricValue {
  return { name, title: name, plugin: 'redis', origin: 'requests', kind: 'counter', total, perSecond };
}

function report(metrics: MetricValue[]): FinalReport {
  return {
    metrics,
    traffic: traffic(),
    conns: {
      openIn: 1,
      openOut: 1,
      connecting: 0,
      initiated: 1,
      accepted: 1,
      failures: 0,
      timeouts: 0,
      closedByPeerIn: 0,
      closedByPeerOut: 0,
    },
    duration: 2,
    openConnections: 2,
    messageMarkers: false,
    latencies: [],
  };
}

const pluginLines = (lines: string[]) =>
  lines.filter((l) => l.startsWith('tcpkali.plugin.') || l.startsWith('tcpkali.latency.'));

describe('StatsD output: plugin metrics', () => {
  it('counters as the change of their total, with a rate gauge', () => {
    const mock = mockClient();
    const out = createStatsdOutput(context(), mock.factory);
    mock.take();
    out.onStats?.(live({ metrics: [counter('redis.ok', 4, 2.004)] }));
    assert.deepEqual(pluginLines(mock.take()), [
      'tcpkali.plugin.redis.ok:4|c',
      'tcpkali.plugin.redis.ok.rate:2|g',
    ]);
    out.onStats?.(live({ metrics: [counter('redis.ok', 10, 3)] }));
    assert.deepEqual(pluginLines(mock.take()), [
      'tcpkali.plugin.redis.ok:6|c',
      'tcpkali.plugin.redis.ok.rate:3|g',
    ]);
  });

  it('the final report adds the ramp-up counts to the steady ones, then close zeros them', async () => {
    const mock = mockClient();
    const out = createStatsdOutput(context(), mock.factory);
    out.onStats?.(live({ phase: 'ramp-up', metrics: [counter('redis.ok', 3, 1)] }));
    out.onStats?.(live({ metrics: [counter('redis.ok', 8, 1)] }));
    mock.take();
    // 12 in the steady phase, 3 before it: 15 in all, 8 already sent.
    out.onReport?.(report([counter('redis.ok', 12, 6)]));
    assert.deepEqual(pluginLines(mock.take()), [
      'tcpkali.plugin.redis.ok:7|c',
      'tcpkali.plugin.redis.ok.rate:6|g',
    ]);
    await out.close?.({ exitCode: 0 });
    const closing = mock.take();
    assert.ok(closing.includes('tcpkali.plugin.redis.ok:0|c'), closing.join('\n'));
    assert.ok(closing.includes('tcpkali.plugin.redis.ok.rate:0|g'), closing.join('\n'));
  });

  it('latency metrics as gauges per configured percentile, like the measurements', () => {
    const mock = mockClient();
    const out = createStatsdOutput(context(), mock.factory);
    mock.take();
    // `connect` is a measurement: its summary already gives tcpkali's lines, once.
    const metrics = [latency('connect', [500]), latency('redis', [1000, 2000, 3000, 4000])];
    out.onStats?.(live({ latency: { connect: summary('connect', 1, 0.5) }, metrics }));
    const lines = pluginLines(mock.take());
    assert.deepEqual(
      lines.map((l) => l.replace(/:[\d.]+\|g$/, '')),
      [
        'tcpkali.latency.connect.95',
        'tcpkali.latency.connect.99.5',
        'tcpkali.latency.connect.min',
        'tcpkali.latency.connect.mean',
        'tcpkali.latency.connect.max',
        'tcpkali.latency.redis.95',
        'tcpkali.latency.redis.99.5',
        'tcpkali.latency.redis.min',
        'tcpkali.latency.redis.mean',
        'tcpkali.latency.redis.max',
      ],
    );
    assert.ok(lines.includes('tcpkali.latency.redis.min:1|g'), lines.join('\n'));
    assert.ok(lines.includes('tcpkali.latency.redis.max:4|g'), lines.join('\n'));
  });

  it('an empty latency metric sends nothing, as a measurement without samples', () => {
    const mock = mockClient();
    const out = createStatsdOutput(context(), mock.factory);
    mock.take();
    out.onStats?.(live({ metrics: [latency('redis', [])] }));
    assert.deepEqual(pluginLines(mock.take()), []);
  });

  it('with --statsd-latency-window, latency metrics are windowed too', () => {
    const mock = mockClient();
    const h = newHistogram();
    h.recordValue(7000);
    const ctx = context({ latencyWindow: 1 }, (m) => (m === 'redis' ? histogramView(h) : undefined));
    const out = createStatsdOutput(ctx, mock.factory);
    mock.take();
    const metrics = [latency('redis', [7000])];
    out.onStats?.(live({ elapsed: 0.5, metrics }));
    assert.deepEqual(pluginLines(mock.take()), []);
    out.onStats?.(live({ elapsed: 1, metrics }));
    assert.ok(pluginLines(mock.take()).includes('tcpkali.latency.redis.max:7|g'));
  });
});
