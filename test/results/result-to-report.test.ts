import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine } from '../../src/cli/parse-command-line.js';
import type { RunConfig } from '../../src/interfaces/config.js';
import { reportConfig, resultToReport } from '../../src/results/result-to-report.js';
import { counterMetric, latencyMetric, makeResult } from './fixtures.js';

const PERCENTILES = [
  { value: 95, label: '95' },
  { value: 99.5, label: '99.5' },
];

describe('resultToReport', () => {
  const result = makeResult({
    seconds: 4,
    bytesIn: 100,
    bytesOut: 300,
    msgsIn: 3,
    msgsOut: 4,
    open: 6,
    failed: 2,
    metrics: {
      connect: {
        ...latencyMetric([500, 700], ['50'], 'TCP connect latency'),
        plugin: 'connect',
        window: 'run',
      },
      message: latencyMetric([1_000, 2_000, 3_000]),
      'redis.error': counterMetric(8, 4),
    },
  });

  it('holds the traffic, the duration and the connections open at the end', () => {
    const r = resultToReport(result, [], PERCENTILES);
    assert.deepEqual(r.traffic, {
      bytesSent: 300,
      bytesRcvd: 100,
      writes: 7,
      reads: 5,
      msgsSent: 4,
      msgsRcvd: 3,
    });
    assert.equal(r.duration, 4);
    assert.equal(r.openConnections, 6);
    assert.equal(r.messageMarkers, true);
    assert.equal(r.conns.failures, 2);
    assert.equal(r.conns.initiated, 3 + 2);
  });

  it('gives the measurements tcpkali’s latency lines at the configured percentiles, in their order', () => {
    const r = resultToReport(result, ['message', 'connect', 'firstbyte'], PERCENTILES);
    assert.deepEqual(
      r.latencies.map((l) => [l.name, l.title, l.count]),
      [
        ['message', 'Message latency', 3],
        ['connect', 'TCP connect latency', 2],
      ],
    );
    const [message] = r.latencies;
    assert.deepEqual(
      message.percentiles.map((p) => p.label),
      ['95', '99.5'],
    );
    // 99.5 is not among the stored labels: it is read from the histogram.
    assert.ok(Math.abs(message.percentiles[1].ms - 3) < 0.01, String(message.percentiles[1].ms));
  });

  it('lists every metric with decoded histograms', () => {
    const r = resultToReport(result, [], PERCENTILES);
    assert.deepEqual(
      r.metrics.map((m) => [m.name, m.kind]),
      [
        ['connect', 'latency'],
        ['message', 'latency'],
        ['redis.error', 'counter'],
      ],
    );
    const message = r.metrics[1];
    assert.ok(message.kind === 'latency' && message.histogram.count === 3);
    const counter = r.metrics[2];
    assert.ok(counter.kind === 'counter' && counter.total === 8 && counter.perSecond === 2);
  });
});

describe('reportConfig', () => {
  async function defaults(): Promise<RunConfig> {
    const parsed = await parseCommandLine(['--listen-port=1'], { cpus: 1 });
    assert.equal(parsed.action, 'run');
    const config = (parsed as { config: RunConfig }).config;
    config.pluginOptions = { json: {}, statsd: { 'statsd-port': 8125 } };
    return config;
  }

  it('the run’s own settings, infinite values restored, over the defaults', async () => {
    const stored = {
      duration: null,
      channelLifetime: null,
      destinations: [{ text: 'redis://h:1', host: 'h', port: 1, path: '', scheme: 'redis' }],
      inFlight: 4,
      latency: { percentiles: PERCENTILES, messageMarker: true },
      connections: 'many',
    };
    const config = reportConfig(stored, await defaults(), new Set());
    assert.equal(config.duration, Number.POSITIVE_INFINITY);
    assert.equal(config.channelLifetime, Number.POSITIVE_INFINITY);
    assert.equal(config.destinations[0].scheme, 'redis');
    assert.equal(config.inFlight, 4);
    assert.deepEqual(config.latency.percentiles, PERCENTILES);
    assert.equal(config.latency.messageMarker, true);
    assert.equal(config.latency.connect, false, 'what the document lacks keeps its default');
    assert.equal(config.connections, 1, 'a value of the wrong type keeps the default');
  });

  it('outputs as a run with no output options: no --output, output plugins at their defaults', async () => {
    const stored = {
      outputs: ['statsd'],
      pluginOptions: { json: { json: 'run.json' }, statsd: { statsd: true }, redis: { 'redis-db': 2 } },
    };
    const config = reportConfig(stored, await defaults(), new Set(['json', 'statsd', 'console']));
    assert.deepEqual(config.outputs, []);
    assert.deepEqual(config.pluginOptions.json, {});
    assert.deepEqual(config.pluginOptions.statsd, { 'statsd-port': 8125 });
    assert.deepEqual(config.pluginOptions.redis, { 'redis-db': 2 }, 'other plugins keep the run’s options');
  });

  it('a document with nothing usable gives the defaults', async () => {
    const base = await defaults();
    const config = reportConfig({ latency: { percentiles: 'p99' } }, base, new Set());
    assert.deepEqual(config.latency, base.latency);
  });
});
