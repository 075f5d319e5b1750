import type { MessagePort } from 'node:worker_threads';
import type { Destination, RunConfig } from '../interfaces/config.js';
import type { ConnectionCounters, TrafficCounters, WorkerStats } from '../interfaces/stats.js';
import type { PluginSelection } from '../registry/select-plugins.js';

/**
 * The one long-running task each worker thread runs. Everything is structured-cloneable; plugins
 * travel as module URLs inside `plugins`.
 */
/** Slots of the Int32Array over `PipelineTask.sharedCounters`, shared by all workers. */
export const SHARED_UID = 0;
export const SHARED_DUMP_OWNER = 1;
/** Workers of a shared listening port that have closed their accepted connections (stop()). */
export const SHARED_ACCEPTED_CLOSED = 2;
/** Bytes the main thread allocates for the slots above. */
export const SHARED_COUNTERS_BYTES = 3 * Int32Array.BYTES_PER_ELEMENT;

export interface PipelineTask {
  worker: number;
  workers: number;
  config: RunConfig;
  plugins: PluginSelection;
  destinations: Destination[];
  /** Per destination (same index): local addresses to bind outgoing sockets to, round-robin. */
  sourceAddresses: string[][];
  /** This worker's share of `-c`. */
  connections: number;
  /** This worker's share of `--connect-rate`, per second. */
  connectRate: number;
  /** Addresses this worker listens on: every worker's when `listenShared`, else worker 0's only. */
  listen: { address: string; port: number }[];
  /** Every worker binds the same `listen` addresses (ListenRequest.shared). */
  listenShared: boolean;
  /** Int32 slots shared by all threads: the last `connection.uid`, and the uid being dumped by -d. */
  sharedCounters: SharedArrayBuffer;
  /** What plugins in the main thread handed over to their copies in the workers (KaliApi.handOver). */
  handedOver: [string, Uint8Array][];
  /** How this worker writes to stderr, which it does directly (see worker/direct-stderr.ts). */
  stderr: {
    /** Colour the brackets of dump lines (stderr is a terminal). */
    color: boolean;
    /** Put before every line, e.g. clear-to-end-of-line while a progress line is drawn. */
    prefix: string;
  };
  statsIntervalMs: number;
  /** Whether any metric of the run is a latency: only then does a worker load the WebAssembly recorder. */
  recordsLatencies: boolean;
  /** Content's run-wide random seed (e.g. global.re), the same in every thread. */
  contentSeed: number;
  /** Control and statistics channel; transferred, not cloned. */
  port: MessagePort;
}

/** Main thread → worker. */
export type ControlMessage =
  /** All workers are ready (listeners bound): begin ramp-up. */
  | { type: 'start' }
  /** Ramp-up is over everywhere: remember the counters so the report covers steady state only. */
  | { type: 'steady' }
  /**
   * The run is ending: open no more connections and count no more failures. Sent to every
   * worker before any of them stops, so a listener closing first cannot refuse late reconnects.
   */
  | { type: 'quiesce' }
  /** The rate search: set the per-connection message rate. */
  | { type: 'rate-set'; perSecond: number }
  /** Keyboard `k`/`j`: multiply the message rate. */
  | { type: 'rate-factor'; factor: number }
  /** Post 'stats' now, answering `seq`: interval records cut every worker's figures at one moment. */
  | { type: 'snapshot'; seq: number }
  /** Finish: close connections and return the final figures. */
  | { type: 'stop' };

/** Worker → main thread. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'ramped' }
  /** Answer to 'quiesce': this worker opens no more connections. */
  | { type: 'quiesced' }
  | { type: 'stats'; stats: WorkerStats; answer?: number }
  /** --message-stop matched in this received packet. */
  | { type: 'message-stop'; packet: Uint8Array }
  /**
   * The run cannot go on: a bind failed, a measurement gave up, a plugin threw. The main thread
   * stops the run and prints `message` as the reason.
   */
  | ({ type: 'fatal' } & Fatal);

/** What a pipeline task resolves to. */
export interface PipelineResult {
  stats: WorkerStats;
  /** Traffic counters when 'steady' arrived; undefined if the run never reached steady state. */
  steadyBaseline?: TrafficCounters;
  /** Connection counters at the same moment. */
  steadyConns?: ConnectionCounters;
  /** Plugin counters at the same moment. */
  steadyCounters?: Record<string, number>;
  /** Failure reasons at the same moment. */
  steadyFailureReasons?: Record<string, number>;
  /** Why the last failed connection attempt failed, in the C library's words. */
  lastFailure?: string;
  /** What this worker reported as fatal, if anything (the 'fatal' message may arrive later). */
  fatal?: Fatal;
}

/** Why a worker cannot go on. */
export interface Fatal {
  message: string;
  exitCode: number;
  /**
   * A plugin's deliberate stop (`ctx.fail`, as tcpkali stops on more markers than messages)
   * prints no report, as tcpkali does; a fault (something threw, a worker died) reports the
   * figures measured until then, since a long run's numbers are worth keeping.
   */
  report: boolean;
}
