import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunConfig, TransportContext } from 'kali';
import tls from '../../../plugins/transport-tls/src/index.js';
import { configuredPaths, credentialPaths } from '../../../plugins/transport-tls/src/tls-credentials.js';
import websocket from '../../../plugins/transport-websocket/src/index.js';
import { kaliApi } from '../../../src/registry/kali-api.js';

const config = (over: Partial<RunConfig>) =>
  ({ listen: { port: 1 }, ssl: true, pluginOptions: {}, ...over }) as unknown as RunConfig;

function context(over: Partial<RunConfig>, options: Record<string, string> = {}): TransportContext {
  return { config: config(over), options, log: () => {} } as unknown as TransportContext;
}

const refusal = (message: string) => (e: unknown) =>
  (e as Error).message === message && (e as { exitCode?: number }).exitCode === 64;

describe('--ssl-cert and --ssl-key belong to the tls transport (cases 36, 37)', () => {
  it('are declared by it, with tcpkali defaults', () => {
    const plugin = tls(kaliApi);
    assert.deepEqual(
      plugin.options?.map((o) => [o.name, o.default]),
      [
        ['ssl-cert', 'cert.pem'],
        ['ssl-key', 'key.pem'],
      ],
    );
    assert.equal(websocket(kaliApi).options, undefined);
  });
  it('its listener checks the certificate, then the key, in tcpkali words', () => {
    const plugin = tls(kaliApi);
    assert.throws(
      () => plugin.check?.(context({}, { 'ssl-cert': '/nonexistent/cert.pem', 'ssl-key': 'k.pem' })),
      refusal('/nonexistent/cert.pem: Can not access X.509 certificate file.'),
    );
    assert.throws(
      () => plugin.check?.(context({}, { 'ssl-cert': '/dev/null', 'ssl-key': '/nonexistent/key.pem' })),
      refusal('/nonexistent/key.pem: Can not access SSL private key file'),
    );
    // A client needs no files.
    assert.doesNotThrow(() => plugin.check?.(context({ listen: undefined }, { 'ssl-cert': '/nonexistent' })));
  });
  it('the websocket transport over --ssl reads the tls plugin values', () => {
    const over = { websocket: true, pluginOptions: { tls: { 'ssl-cert': '/nonexistent/ws.pem' } } };
    assert.throws(
      () => websocket(kaliApi).check?.(context(over)),
      refusal('/nonexistent/ws.pem: Can not access X.509 certificate file.'),
    );
    assert.deepEqual(configuredPaths(config(over)), { cert: '/nonexistent/ws.pem', key: 'key.pem' });
    assert.deepEqual(credentialPaths(undefined), { cert: 'cert.pem', key: 'key.pem' });
  });
});
