import assert from 'node:assert/strict';
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { FinalReport, LiveStats, MetricValue, OutputContext, RunConfig } from 'kali';
import factory from '../../../plugins/output-json/src/index.js';
import { parseJsonOptions } from '../../../plugins/output-json/src/json-options.js';
import { createJsonOutput } from '../../../plugins/output-json/src/json-output.js';
import { type JsonSink, openJsonSink, type SinkIo } from '../../../plugins/output-json/src/json-sink.js';
import { newHistogram } from '../../../src/engine/histogram.js';
import { histogramView } from '../../../src/engine/histogram-view.js';
import { kaliApi } from '../../../src/registry/kali-api.js';

/** The host's wording, as the factory hands it to the output. */
const { describeError } = kaliApi;

const dir = mkdtempSync(join(tmpdir(), 'kali-json-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PERCENTILES = [
  { value: 95, label: '95' },
  { value: 99.5, label: '99.5' },
];

/** The options as the host hands them over: parsed, `--json-interval` in seconds. */
function context(o: { file?: string; interval?: number }): OutputContext {
  return {
    config: { latency: { percentiles: PERCENTILES } } as unknown as RunConfig,
    options: {
      ...(o.file !== undefined ? { 'json-file': o.file } : {}),
      ...(o.interval !== undefined ? { 'json-interval': o.interval } : {}),
    },
    interactive: false,
    log: () => {},
    histogram: () => undefined,
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
    metrics: [],
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
    metrics: [],
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
  it('are --json-file and --json-interval, and a file turns the output on', () => {
    const plugin = factory(kaliApi);
    assert.deepEqual(
      plugin.options?.map((o) => [o.name, o.type]),
      [
        ['json-file', 'string'],
        ['json-interval', 'duration'],
      ],
    );
    assert.equal(plugin.kind === 'output' && plugin.enabled?.(context({ file: 'x.json' })), true);
    assert.equal(plugin.kind === 'output' && plugin.enabled?.(context({})), false);
  });

  it('requires the file, also when named by --output json, with exit status 64', () => {
    assert.throws(() => parseJsonOptions({}), {
      message: '--output json needs --json-file PATH',
      exitCode: 64,
    });
    assert.deepEqual(parseJsonOptions({ 'json-file': '-', 'json-interval': 0.25 }), {
      file: '-',
      interval: 0.25,
    });
  });

  it('refuses unwritable files at start, naming the file', () => {
    const missing = join(dir, 'no', 'such', 'dir.json');
    assert.throws(() => createJsonOutput(context({ file: missing }), describeError), {
      message: `json output: cannot write ${missing}: No such file or directory`,
      exitCode: 64,
    });
    assert.throws(() => createJsonOutput(context({ file: dir }), describeError), {
      message: `json output: cannot write ${dir}: Is a directory`,
      exitCode: 64,
    });
  });
});

describe('JSON output records', () => {
  it('writes one report object with totals, rates and latency', async () => {
    const file = join(dir, 'report.json');
    const out = createJsonOutput(context({ file }), describeError);
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
      metrics: {},
    });
  });

  it('writes plugin metrics: counters with their rate, latency with its histogram', async () => {
    const file = join(dir, 'metrics.json');
    const h = newHistogram();
    for (const us of [1000, 2000, 3000, 4000]) h.recordValue(us);
    const view = histogramView(h);
    const metrics: MetricValue[] = [
      {
        name: 'redis.errors',
        title: 'Redis errors',
        plugin: 'redis',
        origin: 'declared',
        kind: 'counter',
        total: 6,
        perSecond: 3,
      },
      {
        name: 'redis',
        title: 'Redis latency',
        plugin: 'redis',
        origin: 'requests',
        kind: 'latency',
        histogram: view,
      },
    ];
    const out = createJsonOutput(context({ file, interval: 0.5 }), describeError);
    out.onStats?.({ ...live(0.5), metrics });
    await out.onReport?.({ ...report(), metrics });
    await out.close?.({ exitCode: 0 });
    const [interval, last] = records(file);
    assert.deepEqual(interval.metrics, last.metrics);
    assert.deepEqual(last.metrics['redis.errors'], {
      kind: 'counter',
      title: 'Redis errors',
      plugin: 'redis',
      origin: 'declared',
      total: 6,
      perSecond: 3,
    });
    const latency = last.metrics.redis;
    assert.equal(latency.kind, 'latency');
    assert.equal(latency.origin, 'requests');
    assert.equal(latency.count, 4);
    // HDR buckets: equivalent values, not the exact samples.
    assert.equal(latency.minMs, view.minUs / 1000);
    assert.equal(latency.meanMs, view.meanUs / 1000);
    assert.ok(Math.abs(latency.meanMs - 2.5) < 0.01);
    assert.ok(Math.abs(latency.stdevMs - view.stdevUs / 1000) < 1e-9);
    assert.equal(latency.maxMs, view.maxUs / 1000);
    // The configured percentiles with their labels, and the standard ones, ascending.
    assert.deepEqual(
      latency.percentiles.map((p: { label: string }) => p.label),
      ['50', '90', '95', '99', '99.5', '99.9'],
    );
    assert.equal(latency.percentiles[0].ms, view.percentile(50) / 1000);
    assert.equal(latency.histogram, view.encode());
  });

  it('adds one JSON line per interval before the report', async () => {
    const file = join(dir, 'lines.jsonl');
    const out = createJsonOutput(context({ file, interval: 0.5 }), describeError);
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

const haveDevFull = existsSync('/dev/full');
const FULL = { message: 'json output: cannot write /dev/full: No space left on device', exitCode: 1 };

describe('JSON output write errors', () => {
  it('reports a full device once, from onReport, as one line naming the file', {
    skip: !haveDevFull && 'no /dev/full',
  }, async () => {
    const out = createJsonOutput(context({ file: '/dev/full' }), describeError);
    await assert.rejects(async () => out.onReport?.(report()), FULL);
    // Already reported: close must not make the host print the same line twice.
    await out.close?.({ exitCode: 1 });
  });

  it('keeps quiet in onStats, which runs on the host timer, and reports at the end', {
    skip: !haveDevFull && 'no /dev/full',
  }, async () => {
    const out = createJsonOutput(context({ file: '/dev/full', interval: 0.25 }), describeError);
    for (let t = 0.25; t <= 2.01; t += 0.25) assert.doesNotThrow(() => out.onStats?.(live(t)));
    await assert.rejects(async () => out.onReport?.(report()), FULL);
    await out.close?.({ exitCode: 1 });
  });

  it('reports from close when the run ended without a report', {
    skip: !haveDevFull && 'no /dev/full',
  }, async () => {
    const out = createJsonOutput(context({ file: '/dev/full', interval: 0.25 }), describeError);
    out.onStats?.(live(0.5));
    await assert.rejects(async () => out.close?.({ exitCode: 1 }), FULL);
    await out.close?.({ exitCode: 1 });
  });

  it('turns a failing close into the same one line', async () => {
    const file = join(dir, 'close-fails.json');
    let closed = 0;
    const sink: JsonSink = {
      line: () => {},
      close: () => {
        closed++;
        throw Object.assign(new Error('EIO: i/o error, close'), { code: 'EIO', errno: -5 });
      },
    };
    const out = createJsonOutput(context({ file }), describeError, () => sink);
    await out.onReport?.(report());
    await assert.rejects(async () => out.close?.({ exitCode: 0 }), {
      message: `json output: cannot write ${file}: Input/output error`,
      exitCode: 1,
    });
    assert.equal(closed, 1);
  });

  it('cuts a half-written record off, so the file holds whole records only', async () => {
    const file = join(dir, 'half.jsonl');
    let writes = 0;
    // The third write stores half its bytes, then the disk is full.
    const io: SinkIo = {
      openSync,
      closeSync,
      ftruncateSync,
      writeSync: (fd, buffer, offset, length) => {
        if (++writes < 3) return writeSync(fd, buffer, offset, length);
        if (writes === 3) return writeSync(fd, buffer, offset, Math.ceil(length / 2));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
          errno: -28,
        });
      },
    };
    const out = createJsonOutput(context({ file, interval: 0.5 }), describeError, (f) =>
      openJsonSink(f, describeError, io),
    );
    for (let t = 0.5; t <= 2.01; t += 0.5) out.onStats?.(live(t));
    await assert.rejects(async () => out.onReport?.(report()), {
      message: `json output: cannot write ${file}: No space left on device`,
      exitCode: 1,
    });
    await out.close?.({ exitCode: 1 });
    const text = readFileSync(file, 'utf8');
    assert.ok(text.endsWith('\n'), JSON.stringify(text));
    assert.deepEqual(
      records(file).map((r) => r.elapsed),
      [0.5, 1],
    );
  });

  it('finishes a record that the file takes in several writes', async () => {
    const file = join(dir, 'short-writes.json');
    const io: SinkIo = {
      openSync,
      closeSync,
      ftruncateSync,
      writeSync: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, Math.min(length, 7)),
    };
    const out = createJsonOutput(context({ file }), describeError, (f) => openJsonSink(f, describeError, io));
    await out.onReport?.(report());
    await out.close?.({ exitCode: 0 });
    assert.equal(records(file)[0].traffic.bytesSent, 1000);
  });

  it('words system errors as the host does (kali.describeError), without the syscall', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      errno: -28,
    });
    assert.equal(describeError(enospc), 'No space left on device');
    assert.equal(describeError(Object.assign(new Error('x'), { code: 'EACCES' })), 'Permission denied');
    assert.equal(describeError(new Error('first\nsecond')), 'first');
  });
});
