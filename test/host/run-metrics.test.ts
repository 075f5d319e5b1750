import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runMetrics } from '../../src/host/run-metrics.js';
import type { RunConfig } from '../../src/interfaces/config.js';
import type { MeasurementPlugin } from '../../src/interfaces/measurement.js';
import type { ProtocolPlugin } from '../../src/interfaces/protocol.js';
import type { LoadedPlugins } from '../../src/registry/select-plugins.js';

const config = (extra: Partial<RunConfig> = {}) =>
  ({ messageRate: { kind: 'unlimited' }, ...extra }) as RunConfig;

function loaded(
  measurement: Partial<MeasurementPlugin>[] = [],
  protocol?: Partial<ProtocolPlugin>,
): LoadedPlugins {
  return {
    transport: { kind: 'transport', name: 'tcp', create: () => ({}) as never },
    content: [],
    output: [],
    measurement: measurement.map(
      (m) =>
        ({
          kind: 'measurement',
          enabled: () => true,
          create: () => ({}) as never,
          ...m,
        }) as MeasurementPlugin,
    ),
    ...(protocol
      ? {
          protocol: {
            kind: 'protocol',
            schemes: ['x'],
            create: () => ({}) as never,
            ...protocol,
          } as ProtocolPlugin,
        }
      : {}),
  };
}

const marker = {
  name: 'marker',
  metric: 'message',
  title: 'Message latency',
  requests: { metric: 'message', title: 'Message latency' },
};
const redis = {
  name: 'redis',
  requests: { metric: 'redis', title: 'Redis reply latency', outcomes: ['ok', 'error'] },
  metrics: [{ name: 'redis.protocol-errors', kind: 'counter' as const, title: 'Redis protocol errors' }],
};

describe('runMetrics', () => {
  it('lists measurements, declared metrics, and the request latency with one counter per outcome', () => {
    const m = runMetrics(
      loaded([{ name: 'connect', metric: 'connect', title: 'TCP connect latency', window: 'run' }], redis),
      config(),
    );
    assert.deepEqual(
      m.metrics.map((x) => [x.name, x.kind, x.origin, x.window]),
      [
        ['connect', 'latency', 'declared', 'run'],
        ['redis.protocol-errors', 'counter', 'declared', 'steady'],
        ['redis', 'latency', 'requests', 'steady'],
        ['redis.ok', 'counter', 'requests', 'steady'],
        ['redis.error', 'counter', 'requests', 'steady'],
      ],
    );
    assert.equal(m.requests?.plugin, 'redis');
  });

  it('adds a timeout counter only when --request-timeout makes timeouts possible', () => {
    const names = runMetrics(loaded([marker]), config({ requestTimeout: 1 })).metrics.map((x) => x.name);
    assert.deepEqual(names, ['message', 'message.ok', 'message.timeout']);
  });

  it('refuses two plugins that recognise replies, --in-flight with none, and one metric name twice', () => {
    assert.throws(() => runMetrics(loaded([marker], redis), config()), /both recognise replies/);
    assert.throws(
      () => runMetrics(loaded(), config({ inFlight: 1 })),
      /^Error: --in-flight needs replies|--in-flight needs replies/,
    );
    assert.throws(
      () =>
        runMetrics(
          loaded([
            { name: 'a', metric: 'same', title: 'A' },
            { name: 'b', metric: 'same', title: 'B' },
          ]),
          config(),
        ),
      /Plugins a and b both record a metric named "same"/,
    );
  });

  it('checks --rate-metric against the run’s latency metrics', () => {
    const search = { messageRate: { kind: 'latency', seconds: 0.02, text: '20ms' } } as Partial<RunConfig>;
    assert.throws(
      () => runMetrics(loaded([marker]), config({ rateMetric: 'nope', ...search })),
      /no such latency metric in this run \(available: message\)/,
    );
    assert.throws(
      () => runMetrics(loaded([marker]), config({ rateMetric: 'message' })),
      /applies to -r @<Latency> only/,
    );
    assert.equal(
      runMetrics(loaded([marker]), config({ rateMetric: 'message', ...search })).metrics.length,
      2,
    );
  });
});
