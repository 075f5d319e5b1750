import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as hdr from 'hdr-histogram-js';
import type { MetricKind } from '../../src/interfaces/metrics.js';
import type { RunResult } from '../../src/interfaces/result.js';
import { judge, lostCause, parseThreshold, verdictLine } from '../../src/results/thresholds.js';

const METRICS = new Map<string, MetricKind>([
  ['message', 'latency'],
  ['redis.errors', 'counter'],
  ['http.5xx', 'counter'],
]);

/** A histogram of 1..1000 ms, one sample each, as a result holds it. */
function histogram(): string {
  const h = hdr.build({ bitBucketSize: 32, autoResize: true, numberOfSignificantValueDigits: 3 });
  for (let ms = 1; ms <= 1000; ms++) h.recordValue(ms * 1000);
  return hdr.encodeIntoCompressedBase64(h);
}

function result(): RunResult {
  const inOut = (i: number, o: number) => ({ in: i, out: o });
  return {
    $schema: 'urn:kali:result-schema:1.0',
    schemaVersion: '1.0',
    kali: { version: '0', apiVersion: '1.1', node: 'v20' },
    command: { argv: [], line: '' },
    config: {},
    status: 'complete',
    time: { start: '', end: '', steadyStart: '', steadyEnd: '', steadySeconds: 10, totalSeconds: 10 },
    connections: {
      opened: inOut(2, 2),
      openAtEnd: inOut(2, 2),
      closedByPeer: inOut(0, 1),
      failed: { total: 3, timedOut: 1, byReason: { ECONNREFUSED: 2, ETIMEDOUT: 1 } },
      run: {
        opened: inOut(2, 2),
        closedByPeer: inOut(0, 1),
        failed: { total: 3, timedOut: 1, byReason: {} },
      },
    },
    traffic: {
      bytes: inOut(1000, 2000),
      messages: inOut(100, 200),
      reads: 1,
      writes: 1,
      rates: { bits: inOut(800, 1600), messages: inOut(10, 20), bitsPerChannel: 600 },
      messageMarkers: true,
    },
    metrics: {
      message: {
        kind: 'latency',
        title: 'Message latency',
        plugin: 'message-marker',
        origin: 'declared',
        window: 'steady',
        count: 1000,
        min: 1,
        mean: 500.5,
        stdev: 288.7,
        max: 1000,
        percentiles: { '50': 500, '99': 990 },
        histogram: histogram(),
      },
      'redis.errors': {
        kind: 'counter',
        title: 'errors',
        plugin: 'redis',
        origin: 'declared',
        window: 'steady',
        total: 7,
        perSecond: 0.7,
      },
      'http.5xx': {
        kind: 'counter',
        title: '5xx',
        plugin: 'http',
        origin: 'declared',
        window: 'steady',
        total: 0,
        perSecond: 0,
      },
    },
    intervalSeconds: null,
    intervals: [],
    thresholds: [],
    exitStatus: 0,
  };
}

const verdict = (expression: string) => judge([parseThreshold(expression, METRICS)], result())[0];

describe('--threshold', () => {
  it('reads latency figures in ms, with time units on the limit', () => {
    assert.equal(verdict('message.p99<1s').passed, true);
    assert.equal(verdict('message.p99<990ms').passed, false);
    assert.equal(verdict('message.p99<=990').passed, true);
    assert.equal(verdict('message.max<=1000000us').passed, true);
    assert.equal(verdict('message.count==1000').value, 1000);
    assert.equal(verdict('message.mean>500').passed, true);
  });

  it('computes a percentile the result does not list from its histogram', () => {
    const v = verdict('message.p90<2s');
    assert.ok(Math.abs((v.value as number) - 900) < 1, String(v.value));
  });

  it('reads counters (dots in their names), rates, traffic and connections', () => {
    assert.equal(verdict('http.5xx==0').passed, true);
    assert.equal(verdict('redis.errors<5').passed, false);
    assert.equal(verdict('redis.errors.rate<1/s').passed, true);
    assert.equal(verdict('traffic.msgs.in.rate>=10').passed, true);
    assert.equal(verdict('traffic.bits.out.rate>1.5k').passed, true);
    assert.equal(verdict('traffic.bytes.out==2000').passed, true);
    assert.equal(verdict('connections.failed==3').passed, true);
    assert.equal(verdict('connections.closed_by_peer.out!=0').passed, true);
  });

  it('refuses, naming the option and the value, what it cannot judge', () => {
    const refused = (expression: string, why: RegExp) =>
      assert.throws(
        () => parseThreshold(expression, METRICS),
        (err: Error & { exitCode?: number }) => {
          assert.equal(err.exitCode, 64);
          assert.ok(err.message.startsWith(`--threshold=${expression}: `), err.message);
          assert.match(err.message, why);
          return true;
        },
      );
    refused('connect.p99<5ms', /no metric "connect".*its metrics are message, redis\.errors, http\.5xx/);
    refused('message.p99<5xs', /not a time unit/);
    refused('message.p99', /expected <figure><op><number>/);
    refused('message.p101<5', /not a figure of latency metric message/);
    refused('redis.errors.max<5', /not a figure of counter redis\.errors/);
    refused('traffic.bits.in<5', /traffic figures are/);
    refused('connections.opened<5', /connection figures are/);
    refused('http.5xx<5/s', /not a multiplier/);
  });

  it('fails a figure without data and says so', () => {
    const r = result();
    const m = r.metrics.message;
    if (m.kind === 'latency') m.count = 0;
    const [v] = judge([parseThreshold('message.p99<5ms', METRICS)], r);
    assert.equal(v.value, null);
    assert.equal(v.passed, false);
    assert.equal(verdictLine(v), 'Threshold FAILED: message.p99<5ms (message.p99 = no data)');
  });

  it('words each verdict on one line with the value and unit', () => {
    assert.equal(
      verdictLine(verdict('message.p99<1s')),
      'Threshold passed: message.p99<1s (message.p99 = 990 ms)',
    );
    assert.equal(
      verdictLine(verdict('redis.errors.rate<1')),
      'Threshold passed: redis.errors.rate<1 (redis.errors.rate = 0.7/s)',
    );
  });

  it('gives up early only on figures that can only grow past an upper bound', () => {
    const t = (e: string) => parseThreshold(e, METRICS);
    assert.equal(lostCause([t('redis.errors<5')], result())?.expression, 'redis.errors<5');
    assert.equal(lostCause([t('redis.errors<=7')], result()), undefined);
    assert.equal(lostCause([t('message.max<1s')], result())?.expression, 'message.max<1s');
    // Percentiles and rates may still come back; lower bounds may still be reached.
    assert.equal(
      lostCause([t('message.p99<5ms'), t('redis.errors.rate<0.1'), t('http.5xx>3')], result()),
      undefined,
    );
  });
});
