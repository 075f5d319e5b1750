import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  extraMetrics,
  metricLines,
  metricProgress,
} from '../../../plugins/output-console/src/metric-lines.js';
import { newHistogram } from '../../../src/engine/histogram.js';
import { histogramView } from '../../../src/engine/histogram-view.js';
import type { MetricValue, RunConfig } from '../../../src/index.js';

function latency(name: string, origin: 'declared' | 'requests', samplesUs: number[]): MetricValue {
  const h = newHistogram();
  for (const v of samplesUs) h.recordValue(v);
  return {
    kind: 'latency',
    name,
    title: `${name} latency`,
    plugin: 'p',
    origin,
    histogram: histogramView(h),
  };
}

function counter(
  name: string,
  origin: 'declared' | 'requests',
  total: number,
  perSecond: number,
): MetricValue {
  return { kind: 'counter', name, title: name.replace('.', ' '), plugin: 'p', origin, total, perSecond };
}

const tcpkaliLike = { destinations: [{ text: 'h:1', host: 'h', port: 1, path: '' }] } as unknown as RunConfig;
const withProtocol = {
  destinations: [{ text: 'redis://h', host: 'h', port: 6379, path: '', scheme: 'redis' }],
} as unknown as RunConfig;
const percentiles = [
  { value: 50, label: '50' },
  { value: 99, label: '99' },
];

describe('console metric lines', () => {
  const metrics = [
    latency('message', 'requests', [1000]),
    counter('message.ok', 'requests', 10, 5),
    counter('plugin.errors', 'declared', 3, 1.5),
  ];

  it('adds the declared metrics to a tcpkali command line, and the request counters only beyond it', () => {
    const printed = new Set(['message']);
    assert.deepEqual(
      extraMetrics(metrics, tcpkaliLike, printed).map((m) => m.name),
      ['plugin.errors'],
    );
    assert.deepEqual(
      extraMetrics(metrics, withProtocol, printed).map((m) => m.name),
      ['message.ok', 'plugin.errors'],
    );
    assert.deepEqual(
      extraMetrics(metrics, { ...tcpkaliLike, inFlight: 1 } as RunConfig, new Set()).map((m) => m.name),
      ['message', 'message.ok', 'plugin.errors'],
    );
  });

  it('prints latencies like tcpkali and counters with their rate', () => {
    assert.deepEqual(
      metricLines(
        [latency('redis', 'requests', [1000, 3000]), counter('redis.ok', 'requests', 42, 21)],
        percentiles,
      ),
      ['redis latency at percentiles: 1.0/3.0 ms (50/99%)', 'redis ok: 42 (21.0/s)'],
    );
  });

  it('shows rates and p95 on the live line, and nothing when there is nothing', () => {
    assert.equal(metricProgress([]), '');
    assert.equal(
      metricProgress([counter('redis.ok', 'requests', 42, 21.4), latency('redis', 'requests', [2000])]),
      ' (redis ok=21/s, redis=2.0 ms⁹⁵ᵖ)',
    );
    // Counters that never moved stay off the line.
    assert.equal(metricProgress([counter('redis.error', 'requests', 0, 0)]), '');
  });
});
