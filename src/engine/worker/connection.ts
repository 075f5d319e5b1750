import type { ConnectionIdentity } from '../../interfaces/content.js';
import type { ConnectAttempt, Stream, StreamHandler } from '../../interfaces/transport.js';
import { DynamicMessages } from './dynamic-messages.js';
import type { Linked } from './live-list.js';
import type { Paced } from './pacer.js';
import type { Pipeline, SidePlan } from './pipeline.js';
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
export class Connection implements StreamHandler, Writer, Paced, Linked {
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
    const identity = d !== null || m.active ? pipeline.identity(this.uid) : null;
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
    this.obs = m.active ? m.attach(side, identity as ConnectionIdentity, performance.now() * 1000) : null;
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
      if (plan.delaySendMs > 0) this.delayTimer = setTimeout(startBulk, plan.delaySendMs, this);
      else this.pipeline.pump.enqueue(this);
    }
    if (plan.lifetimeMs !== undefined) {
      // A timer per connection only when --channel-lifetime asks for it.
      this.lifeTimer = setTimeout(expire, plan.lifetimeMs, this);
    }
  }

  onData(data: Uint8Array): void {
    const t = this.pipeline.traffic;
    t.bytesRcvd += data.length;
    t.reads++;
    if (this.dump & DUMP_IN) this.pipeline.dumpData('Rcv', this, data);
    if (this.obs !== null) {
      const observers = this.pipeline.measurements.observers;
      const now = performance.now() * 1000;
      for (let i = 0; i < observers.length; i++) {
        const st = this.obs[i];
        if (st !== undefined) observers[i].onData?.(st, data, now);
      }
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
    if (this.plan.mode === 'bulk' && this.plan.sends && performance.now() >= this.sendAt - 1) {
      this.pipeline.pump.enqueue(this);
    }
  }

  onEnd(): void {
    this.pipeline.connectionHalfClosed(this);
  }

  onClose(error: Error | undefined): void {
    const was = this.phase;
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
    this.pipeline.connectionClosed(this, was === Phase.Open, error);
  }

  /** Unlimited sending, called by the pump: one big write (or one message without combining). */
  writeOnce(): boolean {
    if (this.phase !== Phase.Open || this.stream === null) return false;
    if (this.firstPending) {
      this.firstPending = false;
      return this.sendFirst();
    }
    const dyn = this.dyn;
    if (dyn !== null) {
      if (!dyn.hasUnit) return false;
      return this.sendRendered(dyn.renderUnits(this.plan.combine ? BULK_MESSAGES : 1, BULK_WRITE_BYTES));
    }
    const payload = this.plan.payload as StaticPayload;
    if (payload.bulk === undefined) return false;
    if (this.plan.combine) return this.send(payload.bulk, payload.messagesPerBulk);
    return this.send(payload.messages(1), 1);
  }

  private sendFirst(): boolean {
    if (this.dyn !== null) return this.sendRendered(this.dyn.renderFirst());
    return this.send((this.plan.payload as StaticPayload).first as Buffer, 0);
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
    if (plan.mode === 'bulk' || !plan.sends || this.phase !== Phase.Open || now < this.sendAt) return;
    // Tokens accrue while blocked, up to the cap: a slow reader does not lose the schedule.
    this.sendTokens = Math.min(this.sendTokens + plan.sendRate * dt, plan.sendRate * plan.burstSeconds + 1);
    if (this.blocked) return;
    if (this.firstPending) {
      this.firstPending = false;
      if (!this.sendFirst()) return;
    }
    if (plan.mode === 'rate') this.sendMessages();
    else this.sendBytes();
  }

  /** Rate mode: every whole message that fell due, combined into as few writes as allowed. */
  private sendMessages(): void {
    let due = Math.floor(this.sendTokens);
    const dyn = this.dyn;
    if (dyn !== null) {
      if (!dyn.hasUnit) return;
      while (due > 0) {
        const start = dyn.renderUnits(this.plan.combine ? due : 1, BULK_WRITE_BYTES);
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
    if (this.stream) this.stream.destroy();
    else this.attempt?.cancel();
  }
}

function startBulk(conn: Connection): void {
  conn.onDrain();
}

function expire(conn: Connection): void {
  conn.close();
}
