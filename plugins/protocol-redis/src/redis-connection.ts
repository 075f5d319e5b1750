import type { Counter, ProtocolConnection, ProtocolContext } from 'kali';
import { ReplyParser, type ReplySink } from './reply-parser.js';

/**
 * Error replies and protocol errors shown with -v, for the whole run; the rest are only counted.
 * Workers cannot agree on who shows what, so each shows its share (at least one).
 */
const SHOWN = 3;

/** Outcome indexes, as declared in `requests.outcomes`. */
const OK = 0;
const ERROR = 1;

/** What every connection of one worker shares: counters, the log and how much was shown. */
export class RedisWorker {
  readonly keepErrors: boolean;
  private readonly share: number;
  private errorsShown = 0;
  private protocolShown = 0;
  private helloFailed = false;

  constructor(
    private readonly ctx: ProtocolContext,
    private readonly protocolErrors: Counter,
    /** Replies the hello asks for (0: no hello), and its text for messages. */
    readonly helloReplies: number,
    private readonly helloText: string,
  ) {
    // Error texts are kept only where they can be shown: -v, or a refused hello.
    this.keepErrors = ctx.config.verbose >= 1 || helloReplies > 0;
    const workers = Math.max(1, ctx.config.workers ?? 1);
    this.share = Math.max(1, Math.ceil((SHOWN - Math.max(0, ctx.worker)) / workers));
  }

  errorReply(uid: number, text: string): void {
    if (this.ctx.config.verbose < 1 || this.errorsShown >= this.share) return;
    this.errorsShown++;
    this.ctx.log(`Redis error reply (connection ${uid}): ${text}`);
  }

  protocolError(uid: number, reason: string): void {
    this.protocolErrors.add(1);
    if (this.ctx.config.verbose < 1 || this.protocolShown >= this.share) return;
    this.protocolShown++;
    this.ctx.log(`Redis protocol error (connection ${uid}): ${reason}; closing the connection`);
  }

  /** Every connection would be refused the same way: the run cannot measure anything. */
  helloRefused(text: string): void {
    if (this.helloFailed) return;
    this.helloFailed = true;
    this.ctx.fail(`${this.helloText}: the server answered with an error: ${text}`, 69);
  }
}

/** One connection: its parser, and what a reply means for its requests. */
export class RedisConnection implements ReplySink {
  readonly parser: ReplyParser;
  /** Hello replies still to come; requests wait for them. */
  private helloLeft: number;

  constructor(
    private readonly connection: ProtocolConnection,
    private readonly worker: RedisWorker,
  ) {
    this.parser = new ReplyParser(this, worker.keepErrors);
    this.helloLeft = worker.helloReplies;
  }

  reply(error: boolean): void {
    if (this.helloLeft > 0) {
      if (error) {
        this.parser.stop();
        this.worker.helloRefused(this.parser.errorText());
      } else if (--this.helloLeft === 0) {
        this.connection.ready();
      }
      return;
    }
    if (this.connection.requests.complete(error ? ERROR : OK) < 0) {
      // A reply nobody asked for (a push, or a command that answers twice) would be taken for the
      // answer to the next request and skew every latency after it.
      this.malformed('a reply to no request');
      return;
    }
    if (error && this.worker.keepErrors)
      this.worker.errorReply(this.connection.identity.uid, this.parser.errorText());
  }

  malformed(reason: string): void {
    this.parser.stop();
    this.worker.protocolError(this.connection.identity.uid, reason);
    this.connection.close();
  }
}
