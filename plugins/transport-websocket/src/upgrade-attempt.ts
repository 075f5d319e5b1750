import type { Socket } from 'node:net';
import { timedOutError } from '@kali/transport-tcp/timed-out';
import type { ConnectAttempt, StreamHandler } from 'kali';
import { WebSocket } from 'ws';
import { takeOver } from './take-over.js';
import { refusedUpgrade, upgradeFailure } from './upgrade-failure.js';

const kAttempt = Symbol('kali.ws.attempt');

interface TaggedWebSocket extends WebSocket {
  [kAttempt]: UpgradeAttempt;
  _socket: Socket;
}

/**
 * One client connection from the TCP connect to the end of the upgrade (TLS handshake included
 * with --ssl). `ws` may report a failure more than once (terminate() emits 'error' after
 * 'unexpected-response', for one), and an 'error' without a listener would end the process, so
 * its listener stays for good and the handler hears exactly one outcome: onOpen or onClose.
 */
export class UpgradeAttempt implements ConnectAttempt {
  private settled = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly handler: StreamHandler,
    private readonly noDelay: boolean | undefined,
    private readonly secure: boolean,
  ) {
    (ws as TaggedWebSocket)[kAttempt] = this;
    ws.on('error', onError);
    ws.once('open', onOpen);
    ws.once('unexpected-response', onUnexpectedResponse);
  }

  cancel(): void {
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }

  /** --connect-timeout ran out before the upgrade finished. */
  expire(): void {
    if (this.settled) return;
    this.fail(timedOutError('WebSocket upgrade timed out'));
    this.ws.terminate();
  }

  /** `ws` reported an error: the socket's, TLS's, HTTP's or its own check of the response. */
  error(err: Error): void {
    if (!this.settled) this.fail(upgradeFailure(err, this.secure));
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.handler.onClose(err);
  }

  open(): void {
    if (this.settled) return;
    this.settled = true;
    takeOver((this.ws as TaggedWebSocket)._socket, this.handler, this.noDelay);
  }
}

/** ConnectDeadlines' expiry for upgrade attempts. */
export function expireUpgrade(attempt: UpgradeAttempt): void {
  attempt.expire();
}

function onOpen(this: WebSocket): void {
  (this as TaggedWebSocket)[kAttempt].open();
}

function onError(this: WebSocket, err: Error): void {
  (this as TaggedWebSocket)[kAttempt].error(err);
}

function onUnexpectedResponse(this: WebSocket, _req: unknown, res: { statusCode?: number }): void {
  (this as TaggedWebSocket)[kAttempt].fail(refusedUpgrade(res.statusCode));
  // Closes the socket; the 'error' that follows finds the attempt settled.
  this.terminate();
}
