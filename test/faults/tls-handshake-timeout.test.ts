import { describe, it } from 'node:test';
import { startSilentPeer } from './helpers/silent-peer.js';
import { expectEveryAttemptTimesOut } from './helpers/timeout-run.js';

describe('--connect-timeout bounds the TLS handshake', { timeout: 30_000 }, () => {
  it('--ssl: a peer that accepts TCP and never answers the ClientHello', async () => {
    const peer = await startSilentPeer({ reads: true });
    try {
      await expectEveryAttemptTimesOut(peer, ['--ssl']);
    } finally {
      await peer.close();
    }
  });
});
