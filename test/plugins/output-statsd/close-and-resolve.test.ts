import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import factory from '../../../plugins/output-statsd/src/index.js';
import { resolveStatsdHost } from '../../../plugins/output-statsd/src/resolve-host.js';
import { createStatsdOutput } from '../../../plugins/output-statsd/src/statsd-output.js';
import type { StatsdClient } from '../../../plugins/output-statsd/src/statsd-sink.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { context, live } from './fixtures.js';

const notFound = () => Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' });

describe('--statsd-host resolution', () => {
  it('leaves addresses alone and asks for IPv4 first', async () => {
    const asked: number[] = [];
    const find = async (_host: string, o: { family: 0 | 4 }) => {
      asked.push(o.family);
      return { address: '192.0.2.7' };
    };
    assert.equal(await resolveStatsdHost('::1', find), '::1');
    assert.equal(await resolveStatsdHost('127.0.0.1', find), '127.0.0.1');
    assert.deepEqual(asked, []);
    assert.equal(await resolveStatsdHost('statsd.example', find), '192.0.2.7');
    assert.deepEqual(asked, [4]);
  });

  it('falls back to any family for a name with IPv6 addresses only', async () => {
    const find = async (_host: string, o: { family: 0 | 4 }) => {
      if (o.family === 4) throw notFound();
      return { address: '2001:db8::7' };
    };
    assert.equal(await resolveStatsdHost('v6only.example', find), '2001:db8::7');
  });

  it('turns a name that does not resolve into one line with exit status 68', async () => {
    const find = async () => {
      throw notFound();
    };
    await assert.rejects(resolveStatsdHost('nonexistent.invalid', find), {
      message: 'statsd output: cannot resolve --statsd-host nonexistent.invalid: Name or service not known',
      exitCode: 68,
    });
  });

  it('fails in create(), before any connection, for a real unresolvable name', {
    timeout: 15_000,
  }, async () => {
    const plugin = factory(kaliApi);
    await assert.rejects(
      async () => plugin.create(context({ host: 'nonexistent.invalid' })),
      (err: Error & { exitCode?: number }) => {
        assert.equal(err.exitCode, 68);
        assert.match(err.message, /^statsd output: cannot resolve --statsd-host nonexistent\.invalid: \S.*$/);
        return true;
      },
    );
  });

  it('resolves localhost from the hosts file and sends there', { timeout: 10_000 }, async () => {
    const server = createSocket('udp4');
    const datagrams: string[] = [];
    server.on('message', (m) => datagrams.push(m.toString('utf8')));
    server.bind(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const out = await factory(kaliApi).create(context({ host: 'localhost', port: server.address().port }));
      await out.close?.({ exitCode: 0 });
      const deadline = Date.now() + 2000;
      while (datagrams.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(datagrams.length, 2, datagrams.join('\n---\n'));
    } finally {
      server.close();
    }
  });
});

describe('StatsD close', () => {
  it('sends zero levels, then resolves only once the client has flushed and closed', async () => {
    const steps: string[] = [];
    let finishClose: (() => void) | undefined;
    const client: StatsdClient = {
      increment: () => {},
      gauge: (name, value) => {
        if (name === 'connections.total') steps.push(`connections.total=${value}`);
      },
      flush: () => steps.push('flush'),
      close: (cb) => {
        steps.push('close');
        finishClose = () => cb();
      },
    };
    const out = createStatsdOutput(context(), () => client);
    out.onStats?.(live({ conns: { ...live().conns, openIn: 4500, openOut: 4500 } }));
    steps.length = 0;
    let settled = false;
    const closing = Promise.resolve(out.close?.({ exitCode: 64 })).then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(steps, ['connections.total=0', 'flush', 'close']);
    assert.equal(settled, false, 'close returned before the client finished flushing');
    finishClose?.();
    await closing;
    assert.equal(settled, true);
  });

  it('does not hold the exit when the client never calls back', { timeout: 5000 }, async () => {
    const client: StatsdClient = { increment: () => {}, gauge: () => {}, flush: () => {}, close: () => {} };
    const out = createStatsdOutput(context(), () => client);
    const started = performance.now();
    await out.close?.({ exitCode: 0 });
    const ms = performance.now() - started;
    assert.ok(ms >= 900 && ms < 2000, `${ms} ms`);
  });

  it('to a closed UDP port: no error, no output, and close is quick', { timeout: 10_000 }, async () => {
    const probe = createSocket('udp4');
    probe.bind(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address();
    probe.close();
    const logged: string[] = [];
    const out = createStatsdOutput(context({ port }, undefined, (l) => logged.push(l)));
    for (let i = 1; i <= 8; i++) out.onStats?.(live({ elapsed: i / 4 }));
    const started = performance.now();
    await out.close?.({ exitCode: 0 });
    assert.ok(performance.now() - started < 900, `close took ${performance.now() - started} ms`);
    // Nothing listens, and an unconnected UDP socket hears nothing back: at most one warning.
    assert.ok(logged.length <= 1, logged.join('\n'));
  });
});
