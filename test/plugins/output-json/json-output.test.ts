import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { FinalReport, LiveStats, OutputContext, RunConfig } from 'kali';
import { parseInterval, parseJsonOptions } from '../../../plugins/output-json/src/json-options.js';
import { createJsonOutput } from '../../../plugins/output-json/src/json-output.js';

const dir = mkdtempSync(join(tmpdir(), 'kali-json-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function context(options: Record<string, string>): OutputContext {
  return {
    config: {} as RunConfig,
    options,
    interactive: false,
    log: () => {},
    latencyHistogram: () => undefined,
  };
}

const connect = {
  name: 'connect',
  title: 'TCP connect latency',
  count: 2,
  minMs: 0.1,
  meanMs: 0.15,
  maxMs: 0.2,
  percentiles: [{ label: '95', value: 95, ms: 0.2 }],
};

function report(): FinalReport {
  return {
    traffic: { bytesSent: 1000, bytesRcvd: 500, writes: 10, reads: 5, msgsSent: 20, msgsRcvd: 10 },
    conns: { openIn: 1, openOut: 1, connecting: 0, initiated: 1, accepted: 1, failures: 0, timeouts: 0 },
    duration: 2,
    openConnections: 2,
    messageMarkers: true,
    latencies: [connect],
  };
}

function live(elapsed: number): LiveStats {
  return {
    elapsed,
    phase: 'steady',
    steadyElapsed: elapsed,
    duration: 2,
    targetConnections: 1,
    traffic: { bytesSent: 100, bytesRcvd: 50, writes: 1, reads: 1, msgsSent: 2, msgsRcvd: 1 },
    conns: { openIn: 1, openOut: 1, connecting: 0, initiated: 1, accepted: 1, failures: 0, timeouts: 0 },
    rateBitsIn: 400,
    rateBitsOut: 800,
    rateMsgsIn: 1,
    rateMsgsOut: 2,
    latencyP95: { connect: 0.2 },
    latency: { connect },
    messageMarkers: false,
  };
}

const records = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));

describe('JSON output options', () => {
  it('requires json.file, with exit status 64', () => {
    assert.throws(() => parseJsonOptions({}), {
      message: '--output json needs --plugin-option json.file=PATH',
      exitCode: 64,
    });
  });

  it('reads intervals in seconds or milliseconds', () => {
    assert.equal(parseInterval('2'), 2);
    assert.equal(parseInterval('1.5s'), 1.5);
    assert.equal(parseInterval('250ms'), 0.25);
    for (const bad of ['0', '-1s', '1m', 'fast', '']) {
      assert.throws(() => parseInterval(bad), { exitCode: 64 }, bad);
    }
  });

  it('refuses unknown keys and unwritable files at start', () => {
    assert.throws(() => parseJsonOptions({ file: 'x', fiel: 'y' }), { exitCode: 64 });
    assert.throws(() => createJsonOutput(context({ file: join(dir, 'no', 'such', 'dir.json') })), {
      exitCode: 64,
    });
  });
});

describe('JSON output records', () => {
  it('writes one report object with totals, rates and latency', async () => {
    const file = join(dir, 'report.json');
    const out = createJsonOutput(context({ file }));
    out.onStats?.(live(1));
    await out.onReport?.(report());
    await out.close?.({ exitCode: 0 });
    const [only, ...rest] = records(file);
    assert.equal(rest.length, 0);
    assert.deepEqual(only, {
      type: 'report',
      duration: 2,
      traffic: { bytesSent: 1000, bytesRcvd: 500, writes: 10, reads: 5, msgsSent: 20, msgsRcvd: 10 },
      conns: {
        openIn: 1,
        openOut: 1,
        connecting: 0,
        initiated: 1,
        accepted: 1,
        failures: 0,
        timeouts: 0,
        open: 2,
      },
      rates: {
        bitsPerSecondIn: 2000,
        bitsPerSecondOut: 4000,
        bitsPerSecondPerChannel: 3000,
        msgsPerSecondIn: 5,
        msgsPerSecondOut: 10,
      },
      messageMarkers: true,
      latency: {
        connect: {
          title: 'TCP connect latency',
          count: 2,
          minMs: 0.1,
          meanMs: 0.15,
          maxMs: 0.2,
          percentiles: [{ label: '95', percentile: 95, ms: 0.2 }],
        },
      },
    });
  });

  it('adds one JSON line per interval before the report', async () => {
    const file = join(dir, 'lines.jsonl');
    const out = createJsonOutput(context({ file, interval: '500ms' }));
    for (let t = 0.25; t <= 2.01; t += 0.25) out.onStats?.(live(t));
    await out.onReport?.(report());
    await out.close?.({ exitCode: 0 });
    const all = records(file);
    assert.deepEqual(
      all.map((r) => r.type),
      ['interval', 'interval', 'interval', 'interval', 'report'],
    );
    assert.deepEqual(
      all.slice(0, 4).map((r) => r.elapsed),
      [0.5, 1, 1.5, 2],
    );
    assert.equal(all[0].rates.bitsPerSecondOut, 800);
    assert.equal(all[0].latency.connect.percentiles[0].ms, 0.2);
    assert.equal(all[0].traffic.bytesSent, 100);
  });
});
