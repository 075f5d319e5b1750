import { describeError, ExitStatus, KaliError } from '../../errors/index.js';
import type { Destination, RunConfig } from '../../interfaces/config.js';
import type { ConnectionCounters, TrafficCounters, WorkerStats } from '../../interfaces/stats.js';
import type { Listener, Transport } from '../../interfaces/transport.js';
import {
  type ControlMessage,
  type Fatal,
  type PipelineResult,
  type PipelineTask,
  SHARED_ACCEPTED_CLOSED,
  SHARED_DUMP_OWNER,
  SHARED_UID,
  type WorkerMessage,
} from '../protocol.js';
import { segmentUid } from '../segment-uids.js';
import { Connection, DUMP_IN, DUMP_OUT } from './connection.js';
import { Connector } from './connector.js';
import { zeroConnections, zeroTraffic } from './counters.js';
import { directStderr } from './direct-stderr.js';
import { dumpLine } from './dump-format.js';
import { LastBytes } from './last-bytes.js';
import { LiveList } from './live-list.js';
import type { Measurements } from './measurements.js';
import { Pacer } from './pacer.js';
import type { PluginMetrics } from './plugin-metrics.js';
import type { RequestOwner } from './request-owner.js';
import { ScratchSlab } from './scratch-slab.js';
import type { SidePlan } from './side-plan.js';
import { StreamSearch } from './stream-search.js';
import { WritePump } from './write-pump.js';

export type { SidePlan };

/** Connect attempts to one destination that all failed before it is skipped while others work. */
const DEAD_DESTINATION_ATTEMPTS = 10;

/**
 * tcpkali uses 256, but a looped-back run at 20k connections/s overflows that while the worker
 * is busy; the kernel caps it at net.core.somaxconn anyway.
 */
const LISTEN_BACKLOG = 65535;
/**
 * How long a stopping worker waits for its connections to report their close. Destroyed sockets
 * report within a few turns; the limit only covers a transport that never does.
 */
const CLOSE_WAIT_MS = 2_000;

/** tcpkali prints a heap address for connection.ptr; kali makes one up from the uid. */
const PTR_BASE = 0x7f3a00000000;
const PTR_STRIDE = 0x1d0;

/** Node 20 has Atomics.waitAsync (ES2024); the compiler's library does not describe it yet. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      a: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/**
 * How long a stopping worker waits for the other listening workers to close their accepted
 * connections before it closes its clients (see stop()).
 */
const ACCEPTED_FIRST_WAIT_MS = 200;

/**
 * Everything one worker thread does: its share of outgoing connections, its listeners, the
 * send machinery (pump for unlimited sending, pacer for limited), and the counters it reports.
 */
export class Pipeline {
  readonly traffic: TrafficCounters = zeroTraffic();
  /**
   * Bytes that set connections up (transport handshakes, first messages), within `traffic`.
   * They stay in the steady figures even when exchanged during ramp-up, as tcpkali counts them:
   * a `-1 ABC` run reports its 3 bytes, a `--ws` run its upgrade.
   */
  readonly setupBytes = { sent: 0, rcvd: 0 };
  readonly conns: ConnectionCounters = zeroConnections();
  readonly pump = new WritePump();
  readonly pacer = new Pacer();
  readonly slab = new ScratchSlab();
  readonly stopSearch: StreamSearch | null;
  readonly keepLastBytes: boolean;
  private readonly lastBytes: LastBytes | null;
  private readonly shared: Int32Array;
  private readonly live = new LiveList<Connection>();
  /** Set while stop() waits for the last connection to close. */
  private onAllClosed: (() => void) | null = null;
  private readonly connector: Connector;
  private readonly listeners: Listener[] = [];
  private readonly attempts: Int32Array;
  private readonly successes: Int32Array;
  private readonly sourceCursor: Int32Array;
  private readonly dumpAll: number;
  private readonly dumpOne: number;
  private nextDestination: number;
  private ramped = false;
  private stopping = false;
  /** The run is ending: no new connections, no failures counted (see 'quiesce'). */
  private quiescing = false;
  private stopFound = false;
  /** The first fatal condition, also returned with the final figures in case the message is late. */
  private fatal: Fatal | undefined;
  private lastFailure: Error | undefined;
  private statsTimer: NodeJS.Timeout | null = null;
  private steadyBaseline?: TrafficCounters;
  private steadyConns?: ConnectionCounters;
  private steadyCounters?: Record<string, number>;
  private steadyFailureReasons?: Record<string, number>;
  /** Failed outgoing attempts by error code (or wording, for errors without one). */
  private readonly failureReasons: Record<string, number> = {};
  /** Histogram deltas shipped from now on hold steady-phase samples only. */
  private steady = false;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private finish!: (r: PipelineResult) => void;
  private readonly writeLog: (line: string) => void;
  readonly done: Promise<PipelineResult>;

  constructor(
    private readonly task: PipelineTask,
    private readonly transport: Transport,
    private readonly plans: { client: SidePlan; server: SidePlan },
    readonly measurements: Measurements,
    readonly metrics: PluginMetrics,
    /** Where completed requests are recorded, when the run recognises replies. */
    readonly requestOwner: RequestOwner | null,
  ) {
    const { config } = task;
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
    this.shared = new Int32Array(task.sharedCounters);
    this.writeLog = directStderr(task.stderr.prefix);
    const n = task.destinations.length;
    this.attempts = new Int32Array(n);
    this.successes = new Int32Array(n);
    this.sourceCursor = new Int32Array(n);
    // Spread workers over the destination list so small -c values still reach every destination.
    this.nextDestination = n > 0 ? task.worker % n : 0;
    this.connector = new Connector(
      task.connections,
      task.connectRate,
      () => this.conns.openOut + this.conns.connecting,
      () => this.openOne(),
    );
    this.stopSearch = config.messageStop ? new StreamSearch(Buffer.from(config.messageStop, 'utf8')) : null;
    this.keepLastBytes = config.verbose >= 2;
    this.lastBytes = this.keepLastBytes ? new LastBytes(1500) : null;
    const d = config.dump;
    this.dumpAll = (d.allIn ? DUMP_IN : 0) | (d.allOut ? DUMP_OUT : 0);
    this.dumpOne = (d.oneIn ? DUMP_IN : 0) | (d.oneOut ? DUMP_OUT : 0);
  }

  get config(): RunConfig {
    return this.task.config;
  }

  post(message: WorkerMessage): void {
    this.task.port.postMessage(message);
  }

  log(line: string): void {
    this.writeLog(line);
  }

  nextUid(): number {
    return segmentUid(Atomics.add(this.shared, SHARED_UID, 1) + 1, this.task.config.segment);
  }

  /** What content may know of a connection; `ptr` only has to be unique and pointer-like. */
  identity(uid: number): { uid: number; ptr: number } {
    return { uid, ptr: PTR_BASE + uid * PTR_STRIDE };
  }

  /** Bind listeners; the main thread starts the load once every worker is ready. */
  async prepare(): Promise<void> {
    const { config } = this.task;
    for (const addr of this.task.listen) {
      try {
        const listener = await this.transport.listen(
          {
            address: addr.address,
            port: addr.port,
            backlog: LISTEN_BACKLOG,
            ...(this.task.listenShared ? { shared: true } : {}),
            ...socketOptions(config),
          },
          () => new Connection(this, 'server', -1, this.plans.server),
        );
        this.listeners.push(listener);
      } catch (err) {
        const where = `[${addr.address}]:${addr.port}`;
        throw new KaliError(
          `Bind ${where} is not done on thread ${this.task.worker}: ${describeError(err)}`,
          ExitStatus.UNAVAILABLE,
          'E_LISTEN',
        );
      }
    }
    this.task.port.on('message', (m: ControlMessage) => this.onControl(m));
    this.post({ type: 'ready' });
  }

  private onControl(m: ControlMessage): void {
    switch (m.type) {
      case 'start':
        this.statsTimer = setInterval(
          () => this.post({ type: 'stats', stats: this.snapshot() }),
          this.task.statsIntervalMs,
        );
        if (this.task.connections > 0 && this.task.destinations.length > 0) this.connector.start();
        this.startRequestTimeouts();
        break;
      case 'steady':
        // Bytes still queued in user space at this moment are sent during the steady phase.
        this.steadyBaseline = {
          ...this.traffic,
          bytesSent: Math.max(0, this.traffic.bytesSent - this.unsentBytes() - this.setupBytes.sent),
          bytesRcvd: this.traffic.bytesRcvd - this.setupBytes.rcvd,
        };
        this.steadyConns = { ...this.conns };
        this.steadyCounters = this.metrics.counterValues();
        this.steadyFailureReasons = { ...this.failureReasons };
        // Ship the ramp-up samples now, so that every later delta is steady phase only.
        this.post({ type: 'stats', stats: this.snapshot() });
        this.steady = true;
        break;
      case 'rate-set':
        for (const plan of [this.plans.client, this.plans.server]) {
          if (plan.mode === 'rate') plan.sendRate = m.perSecond;
        }
        break;
      case 'snapshot':
        this.post({ type: 'stats', stats: this.snapshot(), answer: m.seq });
        break;
      case 'rate-factor':
        for (const plan of [this.plans.client, this.plans.server]) {
          if (plan.mode === 'rate') plan.sendRate *= m.factor;
        }
        break;
      case 'quiesce':
        this.quiesce();
        this.post({ type: 'quiesced' });
        break;
      case 'stop':
        void this.stop();
        break;
    }
  }

  private openOne(): void {
    const d = this.pickDestination();
    const destination: Destination = this.task.destinations[d];
    const sources = this.task.sourceAddresses[d];
    let localAddress: string | undefined;
    if (sources && sources.length > 0) {
      localAddress = sources[this.sourceCursor[d] % sources.length];
      this.sourceCursor[d]++;
    }
    this.attempts[d]++;
    this.conns.connecting++;
    this.conns.initiated++;
    const conn = new Connection(this, 'client', d, this.plans.client);
    this.live.add(conn);
    const { config } = this.task;
    conn.attempt = this.transport.connect(
      {
        destination,
        identity: this.identity(conn.uid),
        localAddress,
        timeoutMs: config.connectTimeout * 1000,
        ...socketOptions(config),
      },
      conn,
    );
  }

  private pickDestination(): number {
    const n = this.task.destinations.length;
    for (let tries = 0; tries < n; tries++) {
      const d = this.nextDestination;
      this.nextDestination = (d + 1) % n;
      if (this.attempts[d] < DEAD_DESTINATION_ATTEMPTS || this.successes[d] > 0) return d;
    }
    // Every destination looks dead: keep trying them all in turn.
    const d = this.nextDestination;
    this.nextDestination = (d + 1) % n;
    return d;
  }

  connectionOpened(conn: Connection): void {
    if (conn.side === 'client') {
      this.conns.connecting--;
      this.conns.openOut++;
      this.successes[conn.destination]++;
      if (this.config.verbose >= 2) {
        const s = conn.stream;
        if (s)
          this.log(
            `Connection [${s.localAddress}]:${s.localPort} -> [${s.remoteAddress}]:${s.remotePort} opened as ${s.fd}`,
          );
      }
      if (!this.ramped && this.conns.openOut >= this.task.connections) {
        this.ramped = true;
        this.post({ type: 'ramped' });
      }
    } else {
      this.live.add(conn);
      this.conns.accepted++;
      this.conns.openIn++;
    }
    this.chooseDump(conn);
  }

  /** --dump-all-*: every connection; --dump-one-*: one connection at a time across all workers. */
  private chooseDump(conn: Connection): void {
    let dump = this.dumpAll;
    const eligible = this.config.destinations.length > 0 ? 'client' : 'server';
    if (this.dumpOne !== 0 && conn.side === eligible) {
      if (Atomics.compareExchange(this.shared, SHARED_DUMP_OWNER, 0, conn.uid) === 0) dump |= this.dumpOne;
    }
    conn.dump = dump;
  }

  connectionHalfClosed(conn: Connection): void {
    if (this.config.verbose >= 2 && conn.stream) {
      this.log(`Connection half-closed by [${conn.stream.remoteAddress}]:${conn.stream.remotePort}`);
    }
  }

  connectionClosed(conn: Connection, wasOpen: boolean, error: Error | undefined): void {
    this.live.remove(conn);
    if (this.onAllClosed !== null && this.live.empty) this.onAllClosed();
    Atomics.compareExchange(this.shared, SHARED_DUMP_OWNER, conn.uid, 0);
    // What the peer ends while the run goes on; not what kali closes (lifetime, timeouts, stop).
    const byPeer = wasOpen && !this.quiescing && !this.stopping && conn.endedByPeer;
    if (conn.side === 'server') {
      if (wasOpen) this.conns.openIn--;
      if (byPeer) this.conns.closedByPeerIn++;
      return;
    }
    if (wasOpen) {
      this.conns.openOut--;
      if (byPeer) this.conns.closedByPeerOut++;
    } else if (this.quiescing) {
      // Attempts cut short because the run ended are not failures of the target.
      this.conns.connecting--;
    } else {
      this.conns.connecting--;
      this.conns.failures++;
      if ((error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') this.conns.timeouts++;
      const reason = failureReason(error);
      this.failureReasons[reason] = (this.failureReasons[reason] ?? 0) + 1;
      this.lastFailure = error;
      if (this.config.verbose >= 1) {
        const d = this.task.destinations[conn.destination];
        this.log(`Closing [${d.address}]:${d.port}: ${describeError(error)}`);
      }
    }
    if (!this.quiescing) this.connector.wake();
  }

  dumpData(direction: 'Snd' | 'Rcv', conn: Connection, data: Uint8Array): void {
    this.log(dumpLine(direction, conn.stream?.fd ?? -1, data, this.task.stderr.color));
  }

  rememberReceived(data: Uint8Array): void {
    this.lastBytes?.add(data);
  }

  /** A measurement found the run meaningless (e.g. more markers than messages): end it. */
  fail(message: string, exitCode: number): void {
    if (!this.stopping) this.reportFatal(message, exitCode, false);
  }

  /** The first fatal condition of this worker goes to the main thread; later ones add nothing. */
  reportFatal(message: string, exitCode: number, report = true): void {
    if (this.fatal) return;
    this.fatal = { message, exitCode, report };
    this.post({ type: 'fatal', ...this.fatal });
  }

  /**
   * Something this worker runs threw: a plugin hook, a transport callback. Reported once; the
   * main thread then stops the run like any other stop, so the figures so far still count.
   * Set by the task, which knows the plugins and can name the one at fault.
   */
  onFault: (err: unknown) => void = (err) => this.reportFatal(String(err), ExitStatus.FAILED);

  countReceived(messages: number): void {
    this.traffic.msgsRcvd += messages;
  }

  /** --message-stop matched: tell the main thread once; it ends the run. */
  messageStopFound(data: Uint8Array): void {
    if (this.stopFound) return;
    this.stopFound = true;
    this.post({ type: 'message-stop', packet: Buffer.from(data) });
  }

  snapshot(): WorkerStats {
    return {
      worker: this.task.worker,
      at: Date.now(),
      // Bytes still queued in user space are not sent yet: counted once the kernel takes them,
      // as the final figures are, so that consecutive reports never go backwards.
      traffic: { ...this.traffic, bytesSent: this.traffic.bytesSent - this.unsentBytes() },
      conns: { ...this.conns },
      latency: this.metrics.takeDeltas(),
      steady: this.steady,
      counters: this.metrics.counterValues(),
      failureReasons: { ...this.failureReasons },
    };
  }

  /**
   * `--request-timeout`: a request outstanding longer than that counts as a timeout and its
   * connection is closed (and replaced), since a late reply would otherwise be taken for the
   * answer to the next request. One timer per worker, ticking at a tenth of the timeout.
   */
  private startRequestTimeouts(): void {
    const seconds = this.config.requestTimeout;
    if (seconds === undefined || this.requestOwner === null) return;
    const limitMs = seconds * 1000;
    const tick = Math.min(Math.max(limitMs / 10, 5), 1000);
    this.timeoutTimer = setInterval(() => {
      const now = performance.now();
      for (const conn of this.live.toArray()) {
        const q = conn.requests;
        if (q !== null && q.outstanding > 0 && now - q.oldestDue > limitMs) {
          q.expireOldest();
          conn.close();
        }
      }
    }, tick);
  }

  /** Bytes counted as sent at write() that are still waiting in user space. */
  private unsentBytes(): number {
    return this.live.sum(unsentOf);
  }

  /** Stop opening connections; what still fails from now on is the run ending, not the target. */
  quiesce(): void {
    this.quiescing = true;
    this.connector.stop();
  }

  private closeAll(live: readonly Connection[], side: Connection['side']): void {
    for (const conn of live) {
      if (conn.side !== side) continue;
      try {
        conn.close();
      } catch (err) {
        this.onFault(err);
      }
    }
  }

  /** With a shared port, a client's peer may be another worker's accepted connection. */
  private async acceptedClosedEverywhere(): Promise<void> {
    const workers = this.task.workers;
    const deadline = performance.now() + ACCEPTED_FIRST_WAIT_MS;
    let seen = Atomics.add(this.shared, SHARED_ACCEPTED_CLOSED, 1) + 1;
    Atomics.notify(this.shared, SHARED_ACCEPTED_CLOSED);
    while (seen < workers) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      const wait = waitAsync(this.shared, SHARED_ACCEPTED_CLOSED, seen, left);
      if (wait.async) await wait.value;
      seen = Atomics.load(this.shared, SHARED_ACCEPTED_CLOSED);
    }
  }

  /** Resolves once no connection is left, or after `limitMs` for one that never reports. */
  private allClosed(limitMs: number): Promise<void> {
    if (this.live.empty) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, limitMs);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.onAllClosed = null;
        resolve();
      }
      this.onAllClosed = done;
    });
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.quiesce();
    this.pump.stop();
    this.pacer.stop();
    if (this.statsTimer) clearInterval(this.statsTimer);
    if (this.timeoutTimer) clearInterval(this.timeoutTimer);
    this.traffic.bytesSent -= this.unsentBytes();
    const live = this.live.toArray();
    // Traffic and connections as they were when the run ended; the metrics only after every
    // connection closed and the observers' onStop, so what plugins count at the end counts.
    const traffic = { ...this.traffic };
    const conns = { ...this.conns };
    // Accepted connections close first, in every worker, before any client: the side that closes
    // first keeps the TIME_WAIT state, which on the listener's one port is harmless, but on
    // thousands of ephemeral ports would slow every connect() of the next run for a minute.
    this.closeAll(live, 'server');
    if (this.task.listenShared) await this.acceptedClosedEverywhere();
    this.closeAll(live, 'client');
    try {
      await Promise.all(this.listeners.map((l) => l.close()));
      await this.transport.close?.();
    } catch (err) {
      this.onFault(err);
    }
    // Sockets report their close some turns later (a handle's close callback, a TLS or WebSocket
    // close on top of it); every onClose hook runs before the figures are taken, so what plugins
    // count there, or throw there, is part of this worker's result.
    await this.allClosed(CLOSE_WAIT_MS);
    for (const observer of this.measurements.observers) {
      try {
        observer.onStop?.();
      } catch (err) {
        this.onFault(err);
      }
    }
    const stats: WorkerStats = {
      ...this.snapshot(),
      traffic,
      conns,
    };
    if (this.config.verbose >= 2) this.logExitStatistics(stats);
    this.task.port.close();
    this.finish({
      stats,
      steadyBaseline: this.steadyBaseline,
      steadyConns: this.steadyConns,
      steadyCounters: this.steadyCounters,
      steadyFailureReasons: this.steadyFailureReasons,
      lastFailure: this.lastFailure && describeError(this.lastFailure),
      fatal: this.fatal,
    });
  }

  /** tcpkali's per-worker summary at -vv. */
  private logExitStatistics(stats: WorkerStats): void {
    const c = stats.conns;
    const t = stats.traffic;
    const last = this.lastBytes;
    this.log(
      [
        `Exiting worker ${this.task.worker}`,
        '  0↓, 0↑ open connections (0 connecting)',
        `  ${c.initiated + c.accepted} connections_counter `,
        `  ↳ ${c.initiated} connections_initiated`,
        `  ↳ ${c.accepted} connections_accepted`,
        `  ${c.failures} connection_failures`,
        `  ↳ ${c.timeouts} connection_timeouts`,
        `  ${t.bytesSent} worker_data_sent`,
        `  ${t.bytesRcvd} worker_data_rcvd`,
        `  ${t.writes} worker_num_writes`,
        `  ${t.reads} worker_num_reads`,
        last ? last.describe() : 'Last received bytes (0): []',
      ].join('\n'),
    );
  }
}

function unsentOf(conn: Connection): number {
  return conn.unsentBytes();
}

/** Machines read codes (`ECONNREFUSED`); errors without one (a WebSocket upgrade refused) by wording. */
function failureReason(error: Error | undefined): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : describeError(error);
}

function socketOptions(config: RunConfig) {
  return {
    // `--nagle on` means TCP_NODELAY off; no `--nagle` leaves the socket alone.
    noDelay: config.nagle === undefined ? undefined : !config.nagle,
    rcvbuf: config.rcvbuf,
    sndbuf: config.sndbuf,
  };
}
