import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { KaliError } from '../../src/errors/index.js';
import { shareListeners } from '../../src/host/listen-sharing.js';
import type { RunConfig } from '../../src/interfaces/config.js';
import type { HostContext } from '../../src/interfaces/plugin.js';
import type { TransportPlugin } from '../../src/interfaces/transport.js';
import { freePort } from '../helpers/free-port.js';

const ctx: HostContext = { config: {} as RunConfig, options: {}, log: () => {} };

const transport = (sharesListeners?: TransportPlugin['sharesListeners']): TransportPlugin => ({
  kind: 'transport',
  name: 'fake',
  create: () => ({}) as never,
  ...(sharesListeners ? { sharesListeners } : {}),
});

describe('shareListeners', () => {
  it('shares a free port when the transport can', async () => {
    const port = await freePort();
    assert.equal(
      await shareListeners(
        transport(() => true),
        ctx,
        [{ address: '127.0.0.1', port }],
      ),
      true,
    );
  });

  it('keeps one listening worker for a transport that cannot, or does not say', async () => {
    const port = await freePort();
    const listen = [{ address: '127.0.0.1', port }];
    assert.equal(
      await shareListeners(
        transport(() => false),
        ctx,
        listen,
      ),
      false,
    );
    assert.equal(await shareListeners(transport(), ctx, listen), false);
  });

  it('never shares without listeners, or with a kernel-chosen port (each worker would get its own)', async () => {
    assert.equal(
      await shareListeners(
        transport(() => true),
        ctx,
        [],
      ),
      false,
    );
    assert.equal(
      await shareListeners(
        transport(() => true),
        ctx,
        [{ address: '127.0.0.1', port: 0 }],
      ),
      false,
    );
  });

  it('does not share a port that is taken, so the bind fails as it always did', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((r) => taken.listen({ host: '127.0.0.1', port }, r));
    try {
      assert.equal(
        await shareListeners(
          transport(() => true),
          ctx,
          [{ address: '127.0.0.1', port }],
        ),
        false,
      );
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });

  it('names the transport when its sharesListeners throws', async () => {
    const port = await freePort();
    await assert.rejects(
      shareListeners(
        transport(() => {
          throw new TypeError('boom');
        }),
        ctx,
        [{ address: '127.0.0.1', port }],
      ),
      (e: KaliError) =>
        e instanceof KaliError && e.message === 'fake transport: sharesListeners() threw TypeError: boom',
    );
  });
});
