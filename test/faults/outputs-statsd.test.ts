import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { errorLines, explain, hasStackTrace, lines, runKali, startKali } from '../helpers/run-kali.js';

/**
 * StatsD when nobody listens, when the daemon's name does not resolve, and when the run is
 * stopped by a signal: the load test must neither die nor fill stderr, and the dashboards must
 * be left at zero.
 */

/** A UDP port that was free a moment ago: datagrams sent there reach nobody. */
async function closedUdpPort(type: 'udp4' | 'udp6', host: string): Promise<number> {
  const s = createSocket(type);
  s.bind(0, host);
  await once(s, 'listening');
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function loopback(extra: string[], duration = '-T2s') {
  const port = await freePort();
  return runKali(
    [duration, '-c1', '-m', 'x', '-r', '20', ...extra, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`],
    {
      timeoutMs: 20_000,
    },
  );
}

const statsdLines = (stderr: string) => lines(stderr).filter((l) => /statsd/i.test(l));

describe('StatsD output faults', { concurrency: 2 }, () => {
  for (const [type, host] of [
    ['udp4', '127.0.0.1'],
    ['udp6', '::1'],
  ] as const) {
    it(`to a closed port on ${host}: the run completes with its report, exit 0, no spam`, {
      timeout: 30_000,
    }, async () => {
      const udp = await closedUdpPort(type, host);
      const run = await loopback(['--statsd', '--statsd-host', host, '--statsd-port', String(udp)]);
      assert.equal(run.code, 0, explain(run));
      assert.match(run.stdout, /^Test duration: \S+ s\.$/m, explain(run));
      assert.deepEqual(errorLines(run.stderr), [], explain(run));
      assert.ok(statsdLines(run.stderr).length <= 1, explain(run));
      assert.ok(!hasStackTrace(run.stderr), explain(run));
    });
  }

  it('with a host name that does not resolve: one line before the run, exit 68', {
    timeout: 30_000,
  }, async () => {
    const run = await loopback(['--statsd', '--statsd-host', 'nonexistent.invalid'], '-T10s');
    assert.equal(run.code, 68, explain(run));
    const errors = errorLines(run.stderr);
    assert.equal(errors.length, 1, explain(run));
    assert.match(
      errors[0],
      /^statsd output: cannot resolve --statsd-host nonexistent\.invalid: \S/,
      explain(run),
    );
    assert.equal(run.stdout, '', explain(run));
    assert.doesNotMatch(run.stderr, /Ramped up/, explain(run));
    assert.ok(!hasStackTrace(run.stderr), explain(run));
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`a run ended by ${signal} leaves the connection gauges at 0`, { timeout: 30_000 }, async () => {
      const server = createSocket('udp4');
      const datagrams: string[] = [];
      server.on('message', (m) => datagrams.push(m.toString('utf8')));
      server.bind(0, '127.0.0.1');
      await once(server, 'listening');
      try {
        const port = await freePort();
        const kali = startKali(
          [
            '--statsd',
            '--statsd-port',
            String(server.address().port),
            '-T1h',
            '-c3',
            '-m',
            'x',
            '-r',
            '20',
            `-l127.0.0.1:${port}`,
            `127.0.0.1:${port}`,
          ],
          { timeoutMs: 20_000 },
        );
        await kali.waitForStderr(/^Ramped up to 3 connections\.$/, 10_000);
        await new Promise((r) => setTimeout(r, 600));
        kali.child.kill(signal);
        const run = await kali.done;
        // Loopback datagrams are queued before close returns; give the event loop a moment.
        await new Promise((r) => setTimeout(r, 200));
        const why = `${explain(run)}\n${datagrams.join('\n---\n')}`;
        assert.equal(run.signal, null, `killed by the signal instead of finishing\n${why}`);
        const gauge = (name: string) =>
          datagrams
            .flatMap((d) => d.split('\n'))
            .filter((l) => l.startsWith(`tcpkali.${name}:`) && l.endsWith('|g'))
            .map((l) => Number(l.slice(l.indexOf(':') + 1, -2)));
        const total = gauge('connections.total');
        assert.ok(total.includes(6), `never saw the 6 open connections\n${why}`);
        assert.equal(total.at(-1), 0, why);
        assert.equal(gauge('connections.total.out').at(-1), 0, why);
        assert.equal(gauge('traffic.bitrate').at(-1), 0, why);
      } finally {
        server.close();
      }
    });
  }
});
