import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunResult } from 'kali';
import { counter } from '../helpers/counter-lines.js';
import { latencyLine } from '../helpers/latency-report.js';
import { startPingServer } from '../helpers/ping-server.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { errorLines, explain, lines, parseReport, runKali } from '../helpers/run-kali.js';

/**
 * kali reports the steady phase only, the server counts everything. Sending starts well after
 * the ramp-up (a few connections are up in milliseconds), so every request kali sent is in its
 * report and the two counts must agree; what may be missing on kali's side is the replies still
 * on their way when the run stopped: at most one per connection with --in-flight 1.
 */
const AFTER_RAMP_UP = ['--delay-send', '0.5s'];

const dir = mkdtempSync(join(tmpdir(), 'kali-redis-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The result document's messages in, and the replies its counters hold, which must agree. */
function messagesAndReplies(file: string): { in: number; replies: number } {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
  const total = (name: string) => {
    const m = doc.metrics[name];
    assert.ok(m?.kind === 'counter', `no counter ${name} in the result`);
    return m.total;
  };
  return { in: doc.traffic.messages.in, replies: total('redis.ok') + total('redis.error') };
}

describe('redis:// against a real redis-server', { timeout: 90_000 }, () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await redis?.close();
  });

  it('every SET kali sent is one the server counted, and the replies agree with both', async () => {
    await redis.command('FLUSHALL');
    const before = await redis.calls('set');
    const json = join(dir, 'set.json');
    const run = await runKali(
      [
        '-c5',
        '--in-flight',
        '1',
        '-T2s',
        ...AFTER_RAMP_UP,
        '-m',
        'SET key:\\{connection.uid} value',
        '--json',
        json,
        `redis://127.0.0.1:${redis.port}`,
      ],
      { timeoutMs: 20_000 },
    );
    assert.equal(run.code, 0, explain(run));
    const served = (await redis.calls('set')) - before;
    // *3 $3 SET $5 key:N $5 value: 35 bytes for uids 1 to 5.
    const sent = parseReport(run.stdout).bytesSent / 35;
    const ok = counter(run.stdout, 'redis ok');
    assert.ok(Number.isInteger(sent), `${sent} requests sent?\n${explain(run)}`);
    assert.ok(served > 1000, `only ${served} SETs served\n${explain(run)}`);
    assert.equal(served, sent, `server counted ${served}, kali sent ${sent}\n${explain(run)}`);
    assert.ok(ok <= sent && ok >= sent - 5, `kali ok ${ok}, sent ${sent}\n${explain(run)}`);
    assert.equal(counter(run.stdout, 'redis error'), 0, explain(run));
    assert.equal(counter(run.stdout, 'Redis protocol errors'), 0, explain(run));
    assert.ok(latencyLine(run.stdout, 'Redis reply latency'), explain(run));
    // Each reply is a message received, as each command is one sent.
    const traffic = messagesAndReplies(json);
    assert.equal(traffic.replies, ok, explain(run));
    assert.equal(traffic.in, traffic.replies, explain(run));
    // Counted messages make a message rate, in the report as in the result.
    assert.equal(JSON.parse(readFileSync(json, 'utf8')).traffic.messageMarkers, true);
    assert.match(run.stdout, /^Aggregate message rate: \d+\.\d{3}↓, \d+\.\d{3}↑ mps$/m, explain(run));
    // \{connection.uid} was evaluated per connection: one key each.
    assert.equal(await redis.command('DBSIZE'), 5);
    assert.equal(await redis.command('GET', 'key:3'), 'value');
  });

  it('error replies are counted as errors; -v shows the first three (one worker)', async () => {
    await redis.command('SET', 'notanumber', 'abc');
    const before = Number(
      /count=(\d+)/.exec((await redis.info('errorstats')).get('errorstat_ERR') ?? 'count=0')?.[1],
    );
    const run = await runKali(
      [
        '-c2',
        '-w1',
        '--in-flight',
        '1',
        '-T1s',
        ...AFTER_RAMP_UP,
        '-v',
        '-m',
        'INCR notanumber',
        '--json',
        join(dir, 'incr.json'),
        `redis://127.0.0.1:${redis.port}`,
      ],
      { timeoutMs: 20_000 },
    );
    assert.equal(run.code, 0, explain(run));
    const errors = counter(run.stdout, 'redis error');
    const served =
      Number(/count=(\d+)/.exec((await redis.info('errorstats')).get('errorstat_ERR') ?? '')?.[1]) - before;
    assert.ok(errors > 100, explain(run));
    assert.ok(
      errors <= served && errors >= served - 2,
      `kali ${errors} errors, server ${served}\n${explain(run)}`,
    );
    assert.equal(counter(run.stdout, 'redis ok'), 0, explain(run));
    // Error replies are messages received too.
    assert.deepEqual(
      messagesAndReplies(join(dir, 'incr.json')),
      { in: errors, replies: errors },
      explain(run),
    );
    const shown = lines(run.stderr).filter((l) => l.startsWith('Redis error reply'));
    assert.equal(shown.length, 3, explain(run));
    assert.match(
      shown[0],
      /^Redis error reply \(connection [12]\): ERR value is not an integer or out of range$/,
    );
  });

  it('an unknown command is an error reply, not a protocol error', async () => {
    const run = await runKali(
      ['-c1', '--in-flight', '4', '-T1s', '-m', 'NOSUCHCOMMAND a "b c"', `redis://127.0.0.1:${redis.port}`],
      { timeoutMs: 20_000 },
    );
    assert.equal(run.code, 0, explain(run));
    assert.ok(counter(run.stdout, 'redis error') > 100, explain(run));
    assert.equal(counter(run.stdout, 'redis ok'), 0, explain(run));
    assert.equal(counter(run.stdout, 'Redis protocol errors'), 0, explain(run));
  });

  it('-1 commands go first on each connection; requests wait for their replies', async () => {
    await redis.command('FLUSHALL');
    const run = await runKali(
      [
        '-c3',
        '--in-flight',
        '1',
        '-T1s',
        '-1',
        'SELECT 2',
        '-1',
        'CLIENT SETNAME kali\\{connection.uid}',
        '-m',
        'SET k:\\{connection.uid} v',
        `redis://127.0.0.1:${redis.port}`,
      ],
      { timeoutMs: 20_000 },
    );
    assert.equal(run.code, 0, explain(run));
    assert.ok(counter(run.stdout, 'redis ok') > 100, explain(run));
    assert.equal(counter(run.stdout, 'redis error'), 0, explain(run));
    // Had a SET gone out before SELECT was answered, database 0 would hold it.
    assert.equal(await redis.command('DBSIZE'), 0);
    const db2 = await redis.command('EVAL', "redis.call('SELECT', 2) return redis.call('DBSIZE')", '0');
    assert.equal(db2, 3);
  });

  it('a hello the server refuses stops the run with its words, exit 69', async () => {
    const run = await runKali(
      ['-c2', '-T2s', '-1', 'AUTH nope', '-m', 'PING', `redis://127.0.0.1:${redis.port}`],
      { timeoutMs: 20_000 },
    );
    assert.equal(run.code, 69, explain(run));
    const errors = errorLines(run.stderr);
    assert.equal(errors.length, 1, explain(run));
    // The server's own words follow; their exact text differs between Redis versions.
    assert.match(
      errors[0],
      /^--first-message='AUTH nope': the server answered with an error: ERR \S/,
      explain(run),
    );
  });

  it('replies that arrive one byte per read are all read, bulk strings included', async () => {
    const proxy = await startDribbleProxy(redis.port);
    try {
      const before = (await redis.calls('set')) + (await redis.calls('get'));
      const run = await runKali(
        [
          '-c2',
          '--in-flight',
          '1',
          '-r20',
          '-T2s',
          ...AFTER_RAMP_UP,
          '--dump-all-in',
          '-m',
          'SET k:\\{connection.uid} "hello world"',
          '-m',
          'GET k:\\{connection.uid}',
          `redis://127.0.0.1:${proxy.port}`,
        ],
        { timeoutMs: 20_000 },
      );
      assert.equal(run.code, 0, explain(run));
      const served = (await redis.calls('set')) + (await redis.calls('get')) - before;
      const ok = counter(run.stdout, 'redis ok');
      assert.ok(ok >= 30, explain(run));
      assert.ok(ok <= served && ok >= served - 2, `kali ok ${ok}, server ${served}\n${explain(run)}`);
      assert.equal(counter(run.stdout, 'redis error'), 0, explain(run));
      assert.equal(counter(run.stdout, 'Redis protocol errors'), 0, explain(run));
      const reads = lines(run.stderr)
        .map((l) => /^Rcv\(\d+, (\d+)\): /.exec(l)?.[1])
        .filter((n) => n !== undefined)
        .map(Number);
      const single = reads.filter((n) => n === 1).length;
      // The proxy leaves a millisecond between bytes: reads of more are the machine stalling.
      assert.ok(
        single >= reads.length * 0.9 && single > 100,
        `${single} of ${reads.length} reads were 1 byte`,
      );
    } finally {
      await proxy.close();
    }
  });
});

describe('redis:// against what is not redis', { timeout: 60_000 }, () => {
  it('a reply that is not RESP2 is counted, its connection replaced, and the run goes on', async () => {
    const server = await startPingServer({ reply: Buffer.from('?garbage\r\n') });
    try {
      const run = await runKali(
        ['-c2', '-v', '--in-flight', '1', '-T1s', '-m', 'PING', `redis://127.0.0.1:${server.port}`],
        {
          timeoutMs: 20_000,
        },
      );
      assert.equal(run.code, 0, explain(run));
      const errors = counter(run.stdout, 'Redis protocol errors');
      assert.ok(errors >= 10, explain(run));
      assert.ok(server.connections >= errors, explain(run));
      assert.equal(counter(run.stdout, 'redis ok'), 0, explain(run));
      const shown = lines(run.stderr).filter((l) => l.startsWith('Redis protocol error'));
      assert.ok(shown.length >= 1 && shown.length <= 3, explain(run));
      assert.match(
        shown[0],
        /^Redis protocol error \(connection \d+\): unknown reply type byte; closing the connection$/,
      );
    } finally {
      await server.close();
    }
  });

  it('a command redis-cli would refuse stops kali before it connects: one line, exit 64', async () => {
    const run = await runKali(['-T1s', '-m', 'SET k "unterminated', 'redis://127.0.0.1:1'], {
      timeoutMs: 20_000,
    });
    assert.equal(run.code, 64, explain(run));
    assert.deepEqual(
      errorLines(run.stderr),
      ["--message='SET k \"unterminated': unterminated double quote"],
      explain(run),
    );
    assert.equal(run.stdout, '', explain(run));
  });
});

/**
 * Between kali and redis: requests pass as they come, replies go back one byte per write, a
 * millisecond apart, so that each byte is a read of its own on kali's side.
 */
async function startDribbleProxy(redisPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    client.setNoDelay(true);
    const upstream = connect({ host: '127.0.0.1', port: redisPort });
    sockets.add(client).add(upstream);
    const pending: number[] = [];
    let timer: NodeJS.Timeout | undefined;
    const drip = () => {
      const b = pending.shift();
      if (b === undefined || client.destroyed) {
        timer = undefined;
        return;
      }
      client.write(Uint8Array.of(b));
      timer = setTimeout(drip, 1);
    };
    upstream.on('data', (d: Buffer) => {
      pending.push(...d);
      timer ??= setTimeout(drip, 1);
    });
    client.on('data', (d) => upstream.write(d));
    const end = () => {
      if (timer) clearTimeout(timer);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
