import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { singleLine, tlsFailure } from '../../plugins/transport-tls/src/tls-failure.js';
import { refusedUpgrade, upgradeFailure } from '../../plugins/transport-websocket/src/upgrade-failure.js';

/** OpenSSL 3's text as Node 20 hands it over, trailing newline included. */
const WRONG_VERSION =
  'C0D6FF26B37F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';
const ALERT =
  '80AB0C1E4C7F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1586:SSL alert number 40\n';

function errnoError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe('TLS failure reasons are one readable line', () => {
  it("uses OpenSSL's reason when Node gives it", () => {
    const err = errnoError(WRONG_VERSION, {
      code: 'ERR_SSL_WRONG_VERSION_NUMBER',
      library: 'SSL routines',
      reason: 'wrong version number',
    });
    const out = tlsFailure(err, true);
    assert.equal(out.message, 'TLS handshake failed: wrong version number');
    assert.equal((out as NodeJS.ErrnoException).code, undefined);
    assert.equal(out.cause, err);
  });

  it('finds the reason inside a system error (wss: "write EPROTO …"), and drops its errno', () => {
    const err = errnoError(`write EPROTO ${ALERT}`, { code: 'EPROTO', errno: -71, syscall: 'write' });
    const out = tlsFailure(err, true) as NodeJS.ErrnoException;
    assert.equal(out.message, 'TLS handshake failed: sslv3 alert handshake failure');
    // With the errno kept, the engine would print the C library's "Protocol error" instead.
    assert.equal(out.errno, undefined);
  });

  it('says the peer closed the connection when Node says it disconnected during the handshake', () => {
    const err = errnoError(
      'Client network socket disconnected before secure TLS connection was established',
      {
        code: 'ECONNRESET',
      },
    );
    assert.equal(tlsFailure(err, true).message, 'TLS handshake failed: the peer closed the connection');
  });

  it('after the handshake, names the connection rather than the handshake', () => {
    const err = errnoError(ALERT, { library: 'SSL routines', reason: 'decryption failed or bad record mac' });
    assert.equal(
      tlsFailure(err, false).message,
      'TLS connection failed: decryption failed or bad record mac',
    );
  });

  it('passes system errors and timeouts through, for the engine to word and count', () => {
    const reset = errnoError('read ECONNRESET', { code: 'ECONNRESET', errno: -104, syscall: 'read' });
    const timeout = errnoError('Connection timed out', { code: 'ETIMEDOUT' });
    assert.equal(tlsFailure(reset, true), reset);
    assert.equal(tlsFailure(timeout, true), timeout);
  });

  it('keeps only the first line of anything else, with its code', () => {
    const err = errnoError('something odd\n  more detail\n', { code: 'ESOMETHING' });
    const out = singleLine(err) as NodeJS.ErrnoException;
    assert.equal(out.message, 'something odd');
    assert.equal(out.code, 'ESOMETHING');
  });
});

describe('WebSocket upgrade failure reasons', () => {
  it('a refusal names the HTTP status', () => {
    assert.equal(refusedUpgrade(503).message, 'WebSocket upgrade refused: HTTP 503');
  });

  it("prefixes ws's and the HTTP parser's own complaints", () => {
    const parse = errnoError('Parse Error: Expected HTTP/', { code: 'HPE_INVALID_CONSTANT' });
    assert.equal(
      upgradeFailure(parse, false).message,
      'WebSocket upgrade failed: Parse Error: Expected HTTP/',
    );
    const accept = new Error('Invalid Sec-WebSocket-Accept header');
    assert.equal(
      upgradeFailure(accept, false).message,
      'WebSocket upgrade failed: Invalid Sec-WebSocket-Accept header',
    );
  });

  it('words a hang-up without an errno as the peer closing', () => {
    const hangUp = errnoError('socket hang up', { code: 'ECONNRESET' });
    assert.equal(
      upgradeFailure(hangUp, false).message,
      'WebSocket upgrade failed: the peer closed the connection',
    );
  });

  it('with --ssl, hands TLS errors to the TLS wording; system errors and timeouts pass through', () => {
    const tls = errnoError(`write EPROTO ${WRONG_VERSION}`, { code: 'EPROTO', errno: -71 });
    assert.equal(upgradeFailure(tls, true).message, 'TLS handshake failed: wrong version number');
    const refused = errnoError('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED', errno: -111 });
    assert.equal(upgradeFailure(refused, true), refused);
    const timeout = errnoError('WebSocket upgrade timed out', { code: 'ETIMEDOUT' });
    assert.equal(upgradeFailure(timeout, false), timeout);
  });
});
