import type { ConnectionIdentity } from '../../interfaces/content.js';
import type { ProtocolConnection } from '../../interfaces/protocol.js';
import type { ConnectAttempt, Stream, StreamHandler } from '../../interfaces/transport.js';
import { timerDelay } from '../timer-limit.js';
import { DynamicMessages } from './dynamic-messages.js';
import type { Linked } from './live-list.js';
import type { Paced } from './pacer.js';
import type { Pipeline, SidePlan } from './pipeline.js';
import { type RequestEvents, RequestQueue } from './request-queue.js';
import { BULK_WRITE_BYTES, type StaticPayload } from './static-payload.js';
import type { Writer } from './write-pump.js';

/** Cap on messages rendered for one unlimited-rate write (the byte cap usually binds first). */
const BULK_MESSAGES = 65536;

/** Connection phases as small integers: compared on every write, stored on thousands of objects. */
const Phase = { Connecting: 0, Open: 1, Closed: 2 } as const;

/** Per-direction dump flags. */
export const DUMP_IN = 1;
export const DUMP_OUT = 2;

/**
 * One connection's state, and the engine's handler for its transport events. Deliberately a
 * plain class with methods on the prototype: thousands of these exist at once, so no
 * per-connection closures, timers or buffers on the common paths.
 */
export class Connection implements StreamHandler, Writer, Paced, Linked, RequestEvents {
  stream: Stream | null = null;
  /** The transport's handle on the connection while it is being set up. */
  attempt: ConnectAttempt | null = null;
  prevLive: Linked | null = null;
  nextLive: Linked | null = null;
  nextWriter: Writer | null = null;
  queued = false;
  paceIndex = -1;
  /** Global connection number (`connection.uid`). */
  readonly uid: number;
  /** DUMP_IN | DUMP_OUT while this connection is being dumped. */
  dump = 0;
  private phase: number = Phase.Connecting;
  private firstPending: boolean;
  /** Whether writes wait for 'drain'. */
  private blocked = false;
  /** Send budget in messages (rate mode) or bytes (bandwidth mode). */
  private sendTokens = 0;
  /** Read budget in bytes (downstream limit). */
  private readTokens = 0;
  private readPaused = false;
  private lastPace = 0;
  /** performance.now() before which nothing is sent (--delay-send). */
  private sendAt = 0;
  /** Position in the bulk buffer for byte-granular (bandwidth) sending. */
  private bulkOffset = 0;
  /** StreamSearch state for --message-stop. */
  private stopState = 0;
  /** Per-connection state of each measurement observer, when any measurement is on. */
  private readonly obs: unknown[] | null;
  /** Per-connection renderers when the content is dynamic. */
  private readonly dyn: DynamicMessages | null;
  private delayTimer: NodeJS.Timeout | null = null;
  private lifeTimer: NodeJS.Timeout | null = null;
  /** close() was called: the stream is going away, so nothing more is sent. */
  private closing = false;
  /** The peer ended the stream (FIN) or broke it (reset) while it was open. */
  endedByPeer = false;
  /** performance.now() at which --channel-lifetime closes the connection. */
  private lifeEnd = 0;
  /** Outstanding requests, when the run recognises replies. */
  readonly requests: RequestQueue | null;
  /** When in-flight slots freed (ms), oldest first: the due time of the requests that refill them. */
  private freedAt: Float64Array | null = null;
  private freedHead = 0;
  private freedCount = 0;
  /** Replies freed slots during this read: send once the read is processed. */
  private refill = false;
  /** A protocol's hello is out and its answer not yet in: requests wait. */
  private gated: boolean;
  /** The protocol's per-connection state. */
  private proto: unknown;
  private readonly ident: ConnectionIdentity | null;

  constructor(
    private readonly pipeline: Pipeline,
    readonly side: 'client' | 'server',
    /** Index into the worker's destination list (client side), -1 for accepted connections. */
    readonly destination: number,
    private readonly plan: SidePlan,
  ) {
    this.uid = pipeline.nextUid();
    this.firstPending = plan.hasFirst;
    const d = plan.dynamic;
    const m = pipeline.measurements;
    const identity = d !== null || m.active || plan.protocol !== null ? pipeline.identity(this.uid) : null;
    this.ident = identity;
    this.gated = plan.protocol?.hello !== undefined;
    const owner = pipeline.requestOwner;
    this.requests = plan.tracksRequests && owner !== null ? new RequestQueue(owner, this) : null;
    if (this.requests !== null && Number.isFinite(plan.inFlight))
      this.freedAt = new Float64Array(plan.inFlight);
    this.dyn = d
      ? new DynamicMessages(
          d.firstMax,
          d.unitMax,
          d.first,
          d.unit,
          identity as ConnectionIdentity,
          pipeline.slab,
        )
      : null;
    this.obs = m.active
      ? m.attach(side, identity as ConnectionIdentity, performance.now() * 1000, this.requests ?? undefined)
      : null;
  }

  get identity(): ConnectionIdentity {
    return this.ident ?? this.pipeline.identity(this.uid);
  }

  get isOpen(): boolean {
    return this.phase === Phase.Open;
  }

  onOpen(stream: Stream): void {
    this.stream = stream;
    this.attempt = null;
    this.phase = Phase.Open;
    const handshake = stream.handshakeBytes;
    if (handshake !== undefined) {
      const t = this.pipeline.traffic;
      t.bytesSent += handshake.sent;
      t.bytesRcvd += handshake.received;
      const setup = this.pipeline.setupBytes;
      setup.sent += handshake.sent;
      setup.rcvd += handshake.received;
      if (handshake.sent > 0) t.writes++;
      if (handshake.received > 0) t.reads++;
    }
    const plan = this.plan;
    const paced = plan.mode !== 'bulk' || plan.readLimit !== undefined;
    const now = paced || this.obs !== null || plan.delaySendMs > 0 ? performance.now() : 0;
    // Pacing clocks are doubles (a boxed number per field in V8): set them only when used.
    if (paced) this.lastPace = now;
    this.pipeline.connectionOpened(this);
    if (this.obs !== null) {
      const observers = this.pipeline.measurements.observers;
      for (let i = 0; i < observers.length; i++) {
        const st = this.obs[i];
        if (st !== undefined) observers[i].onOpen?.(st, now * 1000);
      }
    }
    // The connection is its own ProtocolConnection (no object per connection); a protocol always
    // comes with request tracking, so `requests` is set.
    if (plan.protocol !== null) this.proto = plan.protocol.attach(this as unknown as ProtocolConnection);
    if (plan.readLimit !== undefined) {
      this.readTokens = 0;
      this.pauseReading();
    }
    if (plan.sends) {
      if (plan.delaySendMs > 0) this.sendAt = now + plan.delaySendMs;
      // The first message goes out at once instead of a full 1/rate after connect.
      this.sendTokens = plan.mode === 'rate' ? 1 : 0;
    }
    if (paced) this.pipeline.pacer.add(this);
    if (plan.mode === 'bulk' && plan.sends) {
      if (plan.delaySendMs > 0)
        this.delayTimer = setTimeout(Connection.startBulk, timerDelay(plan.delaySendMs), this);
      else this.pipeline.pump.enqueue(this);
    }
    if (plan.lifetimeMs !== undefined) {
      // A timer per connection only when --channel-lifetime asks for it.
      this.lifeEnd = performance.now() + plan.lifetimeMs;
      this.lifeTimer = setTimeout(Connection.expire, timerDelay(plan.lifetimeMs), this);
    }
  }

  onData(data: Uint8Array): void {
    const t = this.pipeline.traffic;
    t.bytesRcvd += data.length;
    t.reads++;
    if (this.dump & DUMP_IN) this.pipeline.dumpData('Rcv', this, data);
    const protocol = this.plan.protocol;
    if (protocol !== null) protocol.onData(this.proto, data, performance.now() * 1000);
    if (this.obs !== null) {
      const observers = this.pipeline.measurements.observers;
      const now = performance.now() * 1000;
      for (let i = 0; i < observers.length; i++) {
        const st = this.obs[i];
        if (st !== undefined) observers[i].onData?.(st, data, now);
      }
    }
    if (this.refill) {
      this.refill = false;
      this.sendFreed();
    }
    const search = this.pipeline.stopSearch;
    if (search !== null) {
      this.stopState = search.feed(this.stopState, data as Buffer);
      if (search.hits > 0) this.pipeline.messageStopFound(data);
    }
    if (this.pipeline.keepLastBytes) this.pipeline.rememberReceived(data);
    if (this.plan.readLimit !== undefined) {
      this.readTokens -= data.length;
      if (this.readTokens < 0) this.pauseReading();
    }
  }

  onDrain(): void {
    if (this.phase !== Phase.Open) return;
    this.blocked = false;
    // Timers may fire a fraction of a millisecond before performance.now() reaches sendAt.
    if (this.plan.mode === 'bulk' && this.plan.sends && !this.gated && performance.now() >= this.sendAt - 1) {
      this.pipeline.pump.enqueue(this);
    }
  }

  onEnd(): void {
    this.endedByPeer = true;
    this.pipeline.connectionHalfClosed(this);
  }

  /** Timers carry the connection as their argument rather than a closure per connection. */
  private static startBulk(conn: Connection): void {
    const left = conn.sendAt - performance.now();
    if (left >= 1) conn.delayTimer = setTimeout(Connection.startBulk, timerDelay(left), conn);
    else conn.onDrain();
  }

  private static expire(conn: Connection): void {
    const left = conn.lifeEnd - performance.now();
    if (left >= 1) conn.lifeTimer = setTimeout(Connection.expire, timerDelay(left), conn);
    else conn.close();
  }

  onClose(error: Error | undefined): void {
    const was = this.phase;
    if (error !== undefined && was === Phase.Open) this.endedByPeer = true;
    this.phase = Phase.Closed;
    if (this.delayTimer) clearTimeout(this.delayTimer);
    if (this.lifeTimer) clearTimeout(this.lifeTimer);
    this.pipeline.pacer.remove(this);
    if (this.obs !== null) {
      const observers = this.pipeline.measurements.observers;
      const now = performance.now() * 1000;
      for (let i = 0; i < observers.length; i++) {
        const st = this.obs[i];
        if (st !== undefined) observers[i].onClose?.(st, now);
      }
    }
    if (was === Phase.Open && this.plan.protocol !== null) this.plan.protocol.onClose?.(this.proto);
    this.pipeline.connectionClosed(this, was === Phase.Open, error);
  }

  countTraffic(sent: number, received: number): void {
    const t = this.pipeline.traffic;
    t.bytesSent += sent;
    t.bytesRcvd += received;
  }

  /** RequestEvents: a reply freed an in-flight slot (a timed-out request closes the connection). */
  requestCompleted(nowMs: number): void {
    // A protocol's parser frames replies, so each is a message received, as each request sent is
    // one out. Without a protocol, received bytes have no framing: only message markers count
    // messages in (tcpkali's rule), and a --latency-marker hit is not one.
    if (this.plan.protocol !== null) this.pipeline.traffic.msgsRcvd++;
    const freed = this.freedAt;
    if (freed === null) return;
    if (this.freedCount < freed.length) {
      freed[(this.freedHead + this.freedCount) % freed.length] = nowMs;
      this.freedCount++;
    }
    this.refill = true;
  }

  requestOverflow(): void {
    this.pipeline.fail('Sending messages too fast: too many are still waiting for their replies.', 1);
  }

  /** ProtocolConnection: the hello exchange is over; requests may flow. */
  ready(): void {
    if (!this.gated) return;
    this.gated = false;
    this.sendFreed();
  }

  /** ProtocolConnection: bytes that are not requests (pings, acknowledgements). */
  write(bytes: Uint8Array): boolean {
    if (this.phase !== Phase.Open || this.stream === null || this.closing) return false;
    return this.send(bytes as Buffer, 0);
  }

  /** Requests the in-flight limit lets out now (Infinity without a limit). */
  private freeSlots(): number {
    const q = this.requests;
    return q === null ? Number.POSITIVE_INFINITY : this.plan.inFlight - q.outstanding;
  }

  /**
   * Slots freed by replies (or the hello answered): send what is allowed at once, from the read
   * handler, rather than a turn later, as a closed-loop client must.
   */
  private sendFreed(): void {
    if (this.phase !== Phase.Open || this.closing || this.blocked || this.gated || !this.plan.sends) return;
    if (this.plan.mode === 'bulk') {
      if (performance.now() >= this.sendAt - 1 && this.writeOnce()) this.pipeline.pump.enqueue(this);
    } else if (this.plan.mode === 'rate') {
      this.sendMessages();
    }
  }

  /**
   * Records `k` requests about to be written. Unlimited and closed-loop sending: each is due when
   * its slot freed (now, if it was free already). Paced sending passes its schedule instead.
   */
  private pushRequests(k: number, now: number): void {
    const q = this.requests as RequestQueue;
    const freed = this.freedAt;
    for (let i = 0; i < k; i++) {
      let due = now;
      if (freed !== null && this.freedCount > 0) {
        due = freed[this.freedHead];
        this.freedHead = (this.freedHead + 1) % freed.length;
        this.freedCount--;
      }
      q.push(due);
    }
  }

  /**
   * Paced sending: the j-th of the due messages fell due when the token bucket passed j + 1.
   * The pacer visits connections once a tick, so a message sent within one tick of its slot
   * counts from its send time; only lateness beyond that (a busy machine, a full --in-flight
   * window) counts against the server, from slot + tick.
   */
  private pushScheduled(k: number, tokens: number, now: number): void {
    const q = this.requests as RequestQueue;
    const msPerMessage = 1000 / this.plan.sendRate;
    const slack = this.pipeline.pacer.tickMs();
    for (let j = 0; j < k; j++) q.push(Math.min(now, now - (tokens - j - 1) * msPerMessage + slack));
    // Slots freed meanwhile are used by these requests; their free times do not matter.
    this.freedCount = 0;
  }

  /** Unlimited sending, called by the pump: one big write (or one message without combining). */
  writeOnce(): boolean {
    if (this.phase !== Phase.Open || this.stream === null || this.closing) return false;
    if (this.firstPending) {
      this.firstPending = false;
      return this.sendFirst() && !this.gated;
    }
    if (this.gated) return false;
    const q = this.requests;
    // With an in-flight limit the pump stops here; a reply brings the connection back.
    const free = this.freeSlots();
    if (free <= 0) return false;
    const dyn = this.dyn;
    if (dyn !== null) {
      if (!dyn.hasUnit) return false;
      const start = dyn.renderUnits(this.plan.combine ? Math.min(BULK_MESSAGES, free) : 1, BULK_WRITE_BYTES);
      if (q !== null) this.pushRequests(dyn.count, performance.now());
      return this.sendRendered(start) && this.freeSlots() > 0;
    }
    const payload = this.plan.payload as StaticPayload;
    if (payload.bulk === undefined) return false;
    if (q === null) {
      if (this.plan.combine) return this.send(payload.bulk, payload.messagesPerBulk);
      return this.send(payload.messages(1), 1);
    }
    const k = this.plan.combine ? Math.min(free, payload.messagesPerBulk) : 1;
    this.pushRequests(k, performance.now());
    return (
      this.send(k === payload.messagesPerBulk ? payload.bulk : payload.messages(k), k) && this.freeSlots() > 0
    );
  }

  private sendFirst(): boolean {
    const setup = this.pipeline.setupBytes;
    if (this.dyn !== null) {
      const start = this.dyn.renderFirst();
      setup.sent += this.dyn.end - start;
      return this.sendRendered(start);
    }
    const first = (this.plan.payload as StaticPayload).first as Buffer;
    setup.sent += first.length;
    return this.send(first, 0);
  }

  /** Writes what `dyn` just rendered at `start` of the worker's slab. */
  private sendRendered(start: number): boolean {
    const dyn = this.dyn as DynamicMessages;
    const slab = this.pipeline.slab;
    const end = dyn.end;
    const more = this.send(slab.buf.subarray(start, end), dyn.count);
    slab.settle(end, (this.stream as Stream).bufferedAmount > 0);
    return more;
  }

  /** Paced sending and reading, called by the pacer every tick. */
  pace(now: number): void {
    const plan = this.plan;
    const dt = (now - this.lastPace) / 1000;
    this.lastPace = now;
    if (plan.readLimit !== undefined && plan.readLimit > 0) {
      this.readTokens = Math.min(this.readTokens + plan.readLimit * dt, plan.readLimit * plan.burstSeconds);
      if (this.readPaused && this.readTokens >= 0) {
        this.readPaused = false;
        this.stream?.resume();
      }
    }
    if (plan.mode === 'bulk' || !plan.sends || this.phase !== Phase.Open || this.closing || now < this.sendAt)
      return;
    // Tokens accrue while blocked, up to the cap: a slow reader does not lose the schedule.
    this.sendTokens = Math.min(this.sendTokens + plan.sendRate * dt, plan.sendRate * plan.burstSeconds + 1);
    if (this.blocked) return;
    if (this.firstPending) {
      this.firstPending = false;
      if (!this.sendFirst()) return;
    }
    if (this.gated) return;
    if (plan.mode === 'rate') this.sendMessages();
    else this.sendBytes();
  }

  /** Rate mode: every whole message that fell due, combined into as few writes as allowed. */
  private sendMessages(): void {
    let due = Math.min(Math.floor(this.sendTokens), this.freeSlots());
    const q = this.requests;
    const now = q !== null ? performance.now() : 0;
    const dyn = this.dyn;
    if (dyn !== null) {
      if (!dyn.hasUnit) return;
      while (due > 0) {
        const start = dyn.renderUnits(this.plan.combine ? due : 1, BULK_WRITE_BYTES);
        if (q !== null) this.pushScheduled(dyn.count, this.sendTokens, now);
        due -= dyn.count;
        this.sendTokens -= dyn.count;
        if (!this.sendRendered(start)) return;
      }
      return;
    }
    const payload = this.plan.payload as StaticPayload;
    if (payload.bulk === undefined) return;
    while (due > 0) {
      const k = this.plan.combine ? Math.min(due, payload.messagesPerBulk) : 1;
      if (q !== null) this.pushScheduled(k, this.sendTokens, now);
      due -= k;
      this.sendTokens -= k;
      if (!this.send(payload.messages(k), k)) return;
    }
  }

  /**
   * Bandwidth mode: a byte budget taken from the repeating stream, wherever messages fall.
   * Dynamic content cannot be cut ahead of rendering, so it goes out in whole messages while
   * the budget covers the longest one.
   */
  private sendBytes(): void {
    const dyn = this.dyn;
    if (dyn !== null) {
      if (!dyn.hasUnit) return;
      while (this.sendTokens >= dyn.unitMax) {
        const start = dyn.renderUnits(1, dyn.unitMax);
        this.sendTokens -= dyn.end - start;
        if (!this.sendRendered(start)) return;
      }
      return;
    }
    const payload = this.plan.payload as StaticPayload;
    const bulk = payload.bulk;
    if (bulk === undefined) return;
    let due = Math.floor(this.sendTokens);
    while (due > 0) {
      const n = Math.min(due, bulk.length - this.bulkOffset);
      const unit = payload.unitLength;
      const msgs = Math.floor((this.bulkOffset + n) / unit) - Math.floor(this.bulkOffset / unit);
      const chunk = bulk.subarray(this.bulkOffset, this.bulkOffset + n);
      this.bulkOffset = (this.bulkOffset + n) % bulk.length;
      due -= n;
      this.sendTokens -= n;
      if (!this.send(chunk, msgs)) return;
    }
  }

  private send(chunk: Buffer, messages: number): boolean {
    const t = this.pipeline.traffic;
    t.bytesSent += chunk.length;
    t.writes++;
    t.msgsSent += messages;
    if (this.dump & DUMP_OUT) this.pipeline.dumpData('Snd', this, chunk);
    if (this.obs !== null && messages > 0) {
      const observers = this.pipeline.measurements.observers;
      const now = performance.now() * 1000;
      for (let i = 0; i < observers.length; i++) {
        const st = this.obs[i];
        if (st !== undefined) observers[i].onSend?.(st, messages, now);
      }
    }
    const more = (this.stream as Stream).write(chunk);
    if (!more) this.blocked = true;
    return more;
  }

  private pauseReading(): void {
    if (!this.readPaused) {
      this.readPaused = true;
      this.stream?.pause();
    }
  }

  /** Bytes counted as sent that never left user space; subtracted when the run stops. */
  unsentBytes(): number {
    return this.stream?.bufferedAmount ?? 0;
  }

  close(): void {
    // The stream reports its close on a later turn; nothing more is written meanwhile (a
    // protocol that closes on a bad reply must not get a request sent after it).
    this.closing = true;
    if (this.stream) this.stream.destroy();
    else this.attempt?.cancel();
  }
}
