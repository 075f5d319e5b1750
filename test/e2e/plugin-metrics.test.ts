import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { validateResult } from '../helpers/result-schema.js';
import { explain, lines, runKali } from '../helpers/run-kali.js';

/**
 * A protocol plugin's metrics (here the redis plugin's request latency and outcome counters)
 * reach every output: a line each after tcpkali's report, a metrics object in the JSON result,
 * and StatsD packets, all for the same steady-phase window.
 */
describe('plugin metrics reach the console, JSON and StatsD', { timeout: 60_000 }, () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await redis.close();
  });

  it('redis ok/error counts and latency, everywhere', { timeout: 40_000 }, async () => {
    const statsd = createSocket('udp4');
    const packets: string[] = [];
    statsd.on('message', (m) => packets.push(m.toString('utf8')));
    await new Promise<void>((resolve) => statsd.bind(0, '127.0.0.1', resolve));
    const statsdPort = statsd.address().port;
    const file = join(mkdtempSync(join(tmpdir(), 'kali-metrics-')), 'result.json');
    try {
      const run = await runKali(
        [
          '-c4',
          '--in-flight',
          '1',
          '-T2s',
          '-m',
          'SET key:\\{connection.uid} v',
          '-m',
          'INCR key:\\{connection.uid}',
          '--json',
          file,
          '--statsd',
          '--statsd-host',
          '127.0.0.1',
          '--statsd-port',
          String(statsdPort),
          `redis://127.0.0.1:${redis.port}`,
        ],
        { timeoutMs: 30_000 },
      );
      assert.equal(run.code, 0, explain(run));
      const out = lines(run.stdout);
      // tcpkali's lines first, then the plugin's.
      const duration = out.findIndex((l) => l.startsWith('Test duration: '));
      assert.ok(duration > 0, explain(run));
      const extra = out.slice(duration + 1);
      const ok = /^redis ok: (\d+) \(([\d.]+)\/s\)$/.exec(extra.find((l) => l.startsWith('redis ok:')) ?? '');
      const errors = /^redis error: (\d+) /.exec(extra.find((l) => l.startsWith('redis error:')) ?? '');
      assert.ok(ok && errors, explain(run));
      // The two commands alternate on each connection: SET succeeds, INCR of a string fails.
      assert.ok(Number(ok[1]) > 100, explain(run));
      assert.ok(Math.abs(Number(ok[1]) - Number(errors[1])) <= 4, explain(run));
      assert.ok(
        extra.some((l) => /^Redis reply latency at percentiles: [\d.]+\/[\d.]+\/[\d.]+ ms/.test(l)),
        explain(run),
      );

      const report = JSON.parse(readFileSync(file, 'utf8'));
      validateResult(report);
      assert.equal(report.status, 'complete');
      assert.equal(report.metrics['redis.ok'].total, Number(ok[1]));
      assert.equal(report.metrics['redis.error'].total, Number(errors[1]));
      const latency = report.metrics.redis;
      assert.equal(latency.kind, 'latency');
      assert.equal(latency.count, Number(ok[1]) + Number(errors[1]));
      assert.equal(typeof latency.percentiles['99.9'], 'number');
      assert.equal(typeof latency.histogram, 'string');

      // StatsD: the outcome counters as counts whose sum over the run is the total.
      await new Promise((r) => setTimeout(r, 200));
      const sum = (name: string) =>
        packets
          .flatMap((p) => p.split('\n'))
          .map((l) => new RegExp(`^[\\w.]*plugin\\.${name.replace('.', '\\.')}:(\\d+)\\|c$`).exec(l))
          .reduce((n, m) => n + (m ? Number(m[1]) : 0), 0);
      assert.ok(sum('redis.ok') >= Number(ok[1]), `statsd saw ${sum('redis.ok')} ok\n${packets.join('\n')}`);
      assert.ok(sum('redis.error') >= Number(errors[1]), packets.join('\n'));
    } finally {
      statsd.close();
    }
  });
});
