import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newHistogram } from '../../src/engine/histogram.js';
import { histogramView } from '../../src/engine/histogram-view.js';
import type { RunConfig } from '../../src/interfaces/config.js';
import type { IntervalRecord } from '../../src/interfaces/result.js';
import { ResultRecorder } from '../../src/results/result-recorder.js';

const config = {
  duration: Number.POSITIVE_INFINITY,
  latency: { percentiles: [{ value: 95, label: '95' }], messageMarker: true },
} as unknown as RunConfig;

function interval(start: number, phase: IntervalRecord['phase'], msgsIn: number, ok: number): IntervalRecord {
  const zero = { in: 0, out: 0 };
  return {
    start,
    end: start + 1,
    phase,
    open: { in: 0, out: 2 },
    connecting: 0,
    opened: phase === 'ramp-up' ? { in: 0, out: 2 } : zero,
    failed: 0,
    bytes: { in: msgsIn * 10, out: 0 },
    messages: { in: msgsIn, out: 0 },
    rates: { bits: { in: msgsIn * 80, out: 0 }, messages: { in: msgsIn, out: 0 } },
    metrics: { ok: { kind: 'counter', total: ok, perSecond: ok } },
  };
}

describe('ResultRecorder', () => {
  const recorder = () =>
    new ResultRecorder({
      kaliVersion: '9.9.9',
      apiVersion: '1.1',
      argv: ['-m', "it's", '127.0.0.1:1'],
      config,
      intervalSeconds: 1,
      metrics: [
        { name: 'ok', kind: 'counter', title: 'ok', plugin: 'p', origin: 'requests', window: 'steady' },
        {
          name: 'message',
          kind: 'latency',
          title: 'Message latency',
          plugin: 'm',
          origin: 'declared',
          window: 'steady',
        },
      ],
    });

  it('a partial document sums the steady intervals only, so every figure covers one window', () => {
    const r = recorder();
    r.started();
    r.intervals.push(
      interval(0, 'ramp-up', 1000, 1000),
      interval(1, 'steady', 100, 10),
      interval(2, 'steady', 300, 30),
    );
    const h = newHistogram();
    h.recordValue(1500);
    const doc = r.partial(() => histogramView(h));
    assert.equal(doc.status, 'partial');
    assert.equal(doc.exitStatus, null);
    assert.equal(doc.time.end, null);
    assert.equal(doc.time.steadySeconds, 2);
    assert.deepEqual(doc.traffic.messages, { in: 400, out: 0 });
    assert.equal(doc.traffic.rates.messages.in, 200);
    const ok = doc.metrics.ok;
    assert.deepEqual(ok.kind === 'counter' && [ok.total, ok.perSecond], [40, 20]);
    const message = doc.metrics.message;
    assert.equal(message.kind === 'latency' && message.count, 1);
    assert.deepEqual(message.kind === 'latency' && Object.keys(message.percentiles), [
      '50',
      '90',
      '95',
      '99',
      '99.9',
    ]);
    assert.equal(doc.intervals.length, 3);
    assert.equal(doc.connections.run.opened.out, 2);
    assert.equal(doc.connections.opened.out, 0);
  });

  it('names itself: schema, versions, the command line quoted for a shell, JSON-safe config', () => {
    const doc = recorder().partial(() => histogramView(newHistogram()));
    assert.equal(doc.$schema, 'urn:kali:result-schema:1.0');
    assert.equal(doc.schemaVersion, '1.0');
    assert.equal(doc.kali.version, '9.9.9');
    assert.equal(doc.command.line, "-m 'it'\\''s' 127.0.0.1:1");
    assert.equal(doc.config.duration, null);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(doc)));
    assert.equal('segment' in doc, false);
  });

  it('carries the segment of a --segment run, K and N only', () => {
    const segment = { index: 2, count: 3, wholeConnections: 10, wholeConnectRate: 100 };
    const doc = new ResultRecorder({
      kaliVersion: '9.9.9',
      apiVersion: '1.1',
      argv: [],
      config: { ...config, segment },
      intervalSeconds: null,
      metrics: [],
    }).partial(() => histogramView(newHistogram()));
    assert.deepEqual(doc.segment, { index: 2, count: 3 });
    // The whole load's figures stay with the configuration.
    assert.deepEqual(doc.config.segment, segment);
  });
});
