import { after, before, describe, it } from 'node:test';
import { startSilentPeer } from './helpers/silent-peer.js';
import { expectEveryAttemptTimesOut } from './helpers/timeout-run.js';
import { type Certificate, makeCertificate } from './helpers/tls-fixtures.js';
import { startTlsPeer } from './helpers/tls-peer.js';

/** Before the fix these connections stayed open, uncounted, for the whole run. */
describe('--connect-timeout bounds the WebSocket upgrade', { timeout: 90_000, concurrency: 1 }, () => {
  let certificate: Certificate;
  before(() => {
    certificate = makeCertificate();
  });
  after(() => certificate.remove());

  it('--ws: a peer that accepts TCP and never answers the upgrade request', async () => {
    const peer = await startSilentPeer({ reads: true });
    try {
      await expectEveryAttemptTimesOut(peer, ['--ws']);
    } finally {
      await peer.close();
    }
  });

  it('--ws --ssl: a peer that never answers the TLS ClientHello', async () => {
    const peer = await startSilentPeer({ reads: true });
    try {
      await expectEveryAttemptTimesOut(peer, ['--ws', '--ssl']);
    } finally {
      await peer.close();
    }
  });

  it('--ws --ssl: a TLS peer that completes the handshake and never answers the upgrade', async () => {
    const peer = await startTlsPeer(certificate);
    try {
      await expectEveryAttemptTimesOut(peer, ['--ws', '--ssl']);
    } finally {
      await peer.close();
    }
  });
});
