import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FinalReport } from 'kali';
import { createStatsdOutput } from '../../../plugins/output-statsd/src/statsd-output.js';
import type { StatsdClient } from '../../../plugins/output-statsd/src/statsd-sink.js';
import { histogramView } from '../../../src/engine/histogram-view.js';
import { context, histogram, live, mockClient, summary, traffic } from './fixtures.js';

const ZERO_LINES = [
  'tcpkali.connections.opened:0|c',
  'tcpkali.connections.total:0|g',
  'tcpkali.connections.total.in:0|g',
  'tcpkali.connections.total.out:0|g',
  'tcpkali.traffic.bitrate:0|g',
  'tcpkali.traffic.bitrate.in:0|g',
  'tcpkali.traffic.bitrate.out:0|g',
  'tcpkali.traffic.data:0|c',
  'tcpkali.traffic.data.rcvd:0|c',
  'tcpkali.traffic.data.sent:0|c',
  'tcpkali.traffic.data.reads:0|c',
  'tcpkali.traffic.data.writes:0|c',
  'tcpkali.traffic.msgs.rcvd:0|c',
  'tcpkali.traffic.msgs.sent:0|c',
];

const lineOf = (lines: string[], name: string) => lines.find((l) => l.startsWith(`tcpkali.${name}:`));

function finalReport(partial: Partial<FinalReport> = {}): FinalReport {
  return {
    metrics: [],
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
    ...partial,
  };
}

describe('StatsD output', () => {
  it('sends all zeros at start and at close', async () => {
    const mock = mockClient();
    const out = createStatsdOutput(context(), mock.factory);
    assert.deepEqual(mock.take(), ZERO_LINES);
    await out.close?.({ exitCode: 0 });
    assert.deepEqual(mock.take(), ZERO_LINES);
  });

  it('uses the configured namespace as prefix', async () => {
    const mock = mockClient();
    const out = createStatsdOutput(context({ namespace: 'load.a' }), mock.factory);
    assert.equal(mock.take()[0], 'load.a.connections.opened:0|c');
    await out.close?.({ exitCode: 0 });
  });

  it('puts segment.<K> after the namespace in a --segment run, so segments do not overwrite each other', async () => {
    const segmented = (namespace: string) => {
      const ctx = context({ namespace });
      const segment = { index: 2, count: 3, wholeConnections: 10, wholeConnectRate: 100 };
      return { ...ctx, config: { ...ctx.config, segment } };
    };
    for (const [namespace, line] of [
      ['tcpkali', 'tcpkali.segment.2.connections.opened:0|c'],
      ['', 'segment.2.connections.opened:0|c'],
    ]) {
      const mock = mockClient();
      const out = createStatsdOutput(segmented(namespace), mock.factory);
      assert.equal(mock.take()[0], line);
      await out.close?.({ exitCode: 0 });
    }
  });

  it('turns cumulative counters into deltas and reports gauges as levels', async () => {
    const mock = mockClient();
    const out = createStatsdOutput(context(), mock.factory);
    mock.take();
    out.onStats?.(
      live({ traffic: traffic({ bytesSent: 10, bytesRcvd: 4, writes: 2, reads: 1 }), rateBitsIn: 32.7 }),
    );
    let lines = mock.take();
    assert.equal(lineOf(lines, 'connections.opened'), 'tcpkali.connections.opened:1|c');
    assert.equal(lineOf(lines, 'traffic.data'), 'tcpkali.traffic.data:14|c');
    assert.equal(lineOf(lines, 'traffic.data.sent'), 'tcpkali.traffic.data.sent:10|c');
    assert.equal(lineOf(lines, 'traffic.bitrate.in'), 'tcpkali.traffic.bitrate.in:32|g');
    assert.equal(lineOf(lines, 'connections.total'), 'tcpkali.connections.total:2|g');

    out.onStats?.(
      live({ elapsed: 0.5, traffic: traffic({ bytesSent: 25, bytesRcvd: 4, writes: 5, reads: 1 }) }),
    );
    lines = mock.take();
    assert.equal(lineOf(lines, 'connections.opened'), 'tcpkali.connections.opened:0|c');
    assert.equal(lineOf(lines, 'traffic.data'), 'tcpkali.traffic.data:15|c');
    assert.equal(lineOf(lines, 'traffic.data.rcvd'), 'tcpkali.traffic.data.rcvd:0|c');
    assert.equal(lineOf(lines, 'traffic.data.writes'), 'tcpkali.traffic.data.writes:3|c');
    await out.close?.({ exitCode: 0 });
  });

  it('skips latency gauges while a measurement is empty, then sends the run so far', async () => {
    const mock = mockClient();
    const out = createStatsdOutput(context(), mock.factory);
    mock.take();
    out.onStats?.(live({ latency: { connect: summary('connect', 0, 0) } }));
    assert.equal(
      mock.take().some((l) => l.includes('latency')),
      false,
    );
    out.onStats?.(live({ elapsed: 0.5, latency: { connect: summary('connect', 2, 0.14) } }));
    const latency = mock.take().filter((l) => l.includes('latency'));
    assert.deepEqual(latency, [
      'tcpkali.latency.connect.95:0.1|g',
      'tcpkali.latency.connect.99.5:0.2|g',
      'tcpkali.latency.connect.min:0.1|g',
      'tcpkali.latency.connect.mean:0.1|g',
      'tcpkali.latency.connect.max:0.3|g',
    ]);
    await out.close?.({ exitCode: 0 });
  });

  it('sends the rest of the run with the final figures, then zeros', async () => {
    const mock = mockClient();
    const out = createStatsdOutput(context(), mock.factory);
    // Ramp-up traffic is counted live, but left out of the final report's totals.
    out.onStats?.(live({ phase: 'ramp-up', traffic: traffic({ bytesSent: 3 }) }));
    out.onStats?.(live({ elapsed: 0.5, traffic: traffic({ bytesSent: 20 }) }));
    mock.take();
    await out.onReport?.(
      finalReport({
        traffic: traffic({ bytesSent: 30 }),
        conns: {
          openIn: 0,
          openOut: 0,
          connecting: 0,
          initiated: 2,
          accepted: 1,
          failures: 0,
          timeouts: 0,
          closedByPeerIn: 0,
          closedByPeerOut: 0,
        },
        latencies: [summary('connect', 2, 1)],
      }),
    );
    const last = mock.take();
    assert.equal(lineOf(last, 'traffic.data.sent'), 'tcpkali.traffic.data.sent:13|c');
    assert.equal(lineOf(last, 'connections.opened'), 'tcpkali.connections.opened:1|c');
    assert.equal(lineOf(last, 'connections.total'), 'tcpkali.connections.total:0|g');
    assert.equal(lineOf(last, 'latency.connect.95'), 'tcpkali.latency.connect.95:1|g');
    await out.close?.({ exitCode: 0 });
    assert.deepEqual(mock.take(), ZERO_LINES);
  });

  it('with a latency window, sends latency once per window from that window only', async () => {
    const h = histogram();
    const mock = mockClient();
    const ctx = context({ latencyWindow: 1 }, (m) => (m === 'connect' ? histogramView(h) : undefined));
    const out = createStatsdOutput(ctx, mock.factory);
    const tick = (elapsed: number) => {
      out.onStats?.(live({ elapsed, latency: { connect: summary('connect', h.totalCount, 99) } }));
      return mock.take().filter((l) => l.includes('latency'));
    };
    mock.take();
    h.recordValue(10_000);
    h.recordValue(10_000);
    assert.deepEqual(tick(0.25), [], 'window still open');
    assert.deepEqual(tick(0.75), []);
    assert.deepEqual(tick(1.0), [
      'tcpkali.latency.connect.95:10|g',
      'tcpkali.latency.connect.99.5:10|g',
      'tcpkali.latency.connect.min:10|g',
      'tcpkali.latency.connect.mean:10|g',
      'tcpkali.latency.connect.max:10|g',
    ]);
    h.recordValue(50_000);
    assert.deepEqual(tick(1.5), []);
    const second = tick(2.25);
    assert.equal(second[0], 'tcpkali.latency.connect.95:50|g', 'only the second window’s sample');
    assert.equal(second[2], 'tcpkali.latency.connect.min:50|g');
    // A window without samples sends nothing rather than stale values.
    assert.deepEqual(tick(3.0), []);
    await out.close?.({ exitCode: 0 });
  });

  it('warns once about send errors and keeps going', async () => {
    const logged: string[] = [];
    let fail: ((e: Error) => void) | undefined;
    const client: StatsdClient = {
      increment: () => fail?.(new Error('send ECONNREFUSED')),
      gauge: () => {
        throw new Error('socket gone');
      },
      flush: () => {},
      close: (cb) => cb(new Error('close failed')),
    };
    const out = createStatsdOutput(
      context({}, undefined, (l) => logged.push(l)),
      (o) => {
        fail = o.onError;
        return client;
      },
    );
    out.onStats?.(live());
    await out.onReport?.(finalReport());
    await out.close?.({ exitCode: 0 });
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(logged[0], /^WARNING: StatsD 127\.0\.0\.1:8125: .*further StatsD errors are not shown$/);
  });
});
