import type { Counter, ProtocolConnection, ProtocolContext } from 'kali';
import { outcomeOf } from './outcomes.js';
import { ResponseParser, type ResponseSink } from './response-parser.js';

/**
 * Malformed responses shown with -v, for the whole run; the rest are only counted. Workers cannot
 * agree on who shows what, so each shows its share (at least one).
 */
const SHOWN = 3;

/** What every connection of one worker shares: the counters, the log, and the request method. */
export class HttpWorker {
  private readonly share: number;
  private shown = 0;

  constructor(
    private readonly ctx: ProtocolContext,
    private readonly malformedCounter: Counter,
    readonly serverClosed: Counter,
    /** HEAD requests: no response has a body. */
    readonly headRequests: boolean,
  ) {
    const workers = Math.max(1, ctx.config.workers ?? 1);
    this.share = Math.max(1, Math.ceil((SHOWN - Math.max(0, ctx.worker)) / workers));
  }

  malformed(uid: number, reason: string): void {
    this.malformedCounter.add(1);
    if (this.ctx.config.verbose < 1 || this.shown >= this.share) return;
    this.shown++;
    this.ctx.log(`HTTP malformed response (connection ${uid}): ${reason}; closing the connection`);
  }
}

/** One connection: its parser, and what a response means for its requests. */
export class HttpConnection implements ResponseSink {
  readonly parser: ResponseParser;
  /** The connection is closing: a body it ends may complete a request that timed out already. */
  private closing = false;
  /** The outcome of the response after which the server closes, until the connection has closed. */
  private lastOutcome = -1;

  constructor(
    private readonly connection: ProtocolConnection,
    private readonly worker: HttpWorker,
  ) {
    this.parser = new ResponseParser(this, worker.headRequests);
  }

  response(status: number, close: boolean): void {
    const requests = this.connection.requests;
    if (close && !this.closing) {
      if (requests.outstanding === 0) {
        this.malformed('a response to no request');
        return;
      }
      // Completing now would free the request's slot while the connection is still open, and the
      // engine would fill it with a request the server never reads: complete once it has closed.
      this.lastOutcome = outcomeOf(status);
      this.parser.stop();
      this.connection.close();
      return;
    }
    if (requests.complete(outcomeOf(status)) >= 0) {
      if (close) this.worker.serverClosed.add(1);
    } else if (!this.closing) {
      // Pairing it with the next request would skew every latency after it.
      this.malformed('a response to no request');
    }
  }

  malformed(reason: string): void {
    this.parser.stop();
    this.worker.malformed(this.connection.identity.uid, reason);
    this.connection.close();
  }

  /** The connection closed: the last response completes now, or one whose body the close ends. */
  closed(): void {
    this.closing = true;
    if (this.lastOutcome < 0) this.parser.end();
    else if (this.connection.requests.complete(this.lastOutcome) >= 0) this.worker.serverClosed.add(1);
  }
}
