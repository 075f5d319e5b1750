import { describeError } from '../../host/error-text.js';
import { Failure } from '../../host/failure.js';
import type { Destination, RunConfig } from '../../interfaces/config.js';
import type { ConnectionCounters, TrafficCounters, WorkerStats } from '../../interfaces/stats.js';
import type { Listener, Transport } from '../../interfaces/transport.js';
import type { ControlMessage, PipelineResult, PipelineTask, WorkerMessage } from '../protocol.js';
import { Connection } from './connection.js';
import { Connector } from './connector.js';
import { zeroConnections, zeroTraffic } from './counters.js';
import type { StaticPayload } from './static-payload.js';
import { WritePump } from './write-pump.js';

/** Connect attempts to one destination that all failed before it is skipped while others work. */
const DEAD_DESTINATION_ATTEMPTS = 10;

/**
 * tcpkali uses 256, but a looped-back run at 20k connections/s overflows that while the worker
 * is busy; the kernel caps it at net.core.somaxconn anyway.
 */
const LISTEN_BACKLOG = 65535;

/**
 * Everything one worker thread does: its share of outgoing connections, its listeners, the
 * write pump, and the counters it reports to the main thread.
 */
export class Pipeline {
  readonly traffic: TrafficCounters = zeroTraffic();
  readonly conns: ConnectionCounters = zeroConnections();
  readonly pump = new WritePump();
  /** Whether client connections have anything to write. */
  readonly sending: boolean;
  private readonly live = new Set<Connection>();
  private readonly connector: Connector;
  private readonly listeners: Listener[] = [];
  private readonly attempts: Int32Array;
  private readonly successes: Int32Array;
  private readonly sourceCursor: Int32Array;
  private nextDestination: number;
  private ramped = false;
  private stopping = false;
  private statsTimer: NodeJS.Timeout | null = null;
  private steadyBaseline?: TrafficCounters;
  private steadyConns?: ConnectionCounters;
  private finish!: (r: PipelineResult) => void;
  readonly done: Promise<PipelineResult>;

  constructor(
    private readonly task: PipelineTask,
    private readonly transport: Transport,
    readonly payload: StaticPayload,
  ) {
    this.sending = payload.first !== undefined || payload.bulk !== undefined;
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
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
  }

  get config(): RunConfig {
    return this.task.config;
  }

  post(message: WorkerMessage): void {
    this.task.port.postMessage(message);
  }

  log(line: string): void {
    this.post({ type: 'log', line });
  }

  /** Bind listeners; the main thread starts the load once every worker is ready. */
  async prepare(): Promise<void> {
    const { config } = this.task;
    for (const addr of this.task.listen) {
      try {
        const listener = await this.transport.listen(
          { address: addr.address, port: addr.port, backlog: LISTEN_BACKLOG, noDelay: noDelayOf(config) },
          () => new Connection(this, 'server', -1),
        );
        this.listeners.push(listener);
      } catch (err) {
        const where = `[${addr.address}]:${addr.port}`;
        throw new Failure(
          `Bind ${where} is not done on thread ${this.task.worker}: ${describeError(err)}`,
          69,
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
        break;
      case 'steady':
        this.steadyBaseline = { ...this.traffic };
        this.steadyConns = { ...this.conns };
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
    const conn = new Connection(this, 'client', d);
    this.live.add(conn);
    const { config } = this.task;
    this.transport.connect(
      {
        destination,
        localAddress,
        timeoutMs: config.connectTimeout * 1000,
        noDelay: noDelayOf(config),
        rcvbuf: config.rcvbuf,
        sndbuf: config.sndbuf,
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
      if (!this.ramped && this.conns.openOut >= this.task.connections) {
        this.ramped = true;
        this.post({ type: 'ramped' });
      }
    } else {
      this.live.add(conn);
      this.conns.accepted++;
      this.conns.openIn++;
    }
  }

  connectionClosed(conn: Connection, wasOpen: boolean, error: Error | undefined): void {
    this.live.delete(conn);
    if (conn.side === 'server') {
      if (wasOpen) this.conns.openIn--;
      return;
    }
    if (wasOpen) {
      this.conns.openOut--;
    } else {
      this.conns.connecting--;
      this.conns.failures++;
      if ((error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') this.conns.timeouts++;
    }
    if (!this.stopping) this.connector.wake();
  }

  snapshot(): WorkerStats {
    return {
      worker: this.task.worker,
      at: Date.now(),
      traffic: { ...this.traffic },
      conns: { ...this.conns },
      latency: {},
    };
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.connector.stop();
    this.pump.stop();
    if (this.statsTimer) clearInterval(this.statsTimer);
    for (const conn of this.live) this.traffic.bytesSent -= conn.unsentBytes();
    const stats = this.snapshot();
    for (const conn of this.live) conn.close();
    await Promise.all(this.listeners.map((l) => l.close()));
    await this.transport.close?.();
    this.task.port.close();
    this.finish({ stats, steadyBaseline: this.steadyBaseline, steadyConns: this.steadyConns });
  }
}

/** `--nagle on` means TCP_NODELAY off; no `--nagle` leaves the socket alone. */
function noDelayOf(config: RunConfig): boolean | undefined {
  return config.nagle === undefined ? undefined : !config.nagle;
}
