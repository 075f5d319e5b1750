import type { OptionValue } from './options.js';

/**
 * The parsed command line: plain, structured-cloneable data. The main thread builds it once and
 * every worker receives a copy, so it must never hold functions, class instances or handles.
 */

/** One `host:port[/path]` argument as the user typed it, before name resolution. */
export interface DestinationSpec {
  /** The argument exactly as typed (used for the WebSocket `Host:` header). */
  text: string;
  /** Host name or address literal, without IPv6 brackets. */
  host: string;
  port: number;
  /** Text after the first `/`, without that slash; empty when absent. */
  path: string;
  /**
   * The URL scheme when the destination was written as a URL (`redis://host:port`), lower case;
   * it selects the protocol plugin that declares it. Undefined for tcpkali's plain `host:port`.
   */
  scheme?: string;
}

/** A destination after resolution: one entry per address the name resolved to. */
export interface Destination {
  spec: DestinationSpec;
  address: string;
  family: 4 | 6;
  port: number;
}

/** Where a content argument came from. */
export type ContentOption =
  | 'message'
  | 'message-file'
  | 'first-message'
  | 'first-message-file'
  | 'header'
  | 'latency-marker';

/**
 * One traffic-content argument in command-line order. Content plugins compile these; `-e` applies
 * only to arguments that follow it, so each argument remembers whether it was unescaped.
 */
export interface ContentArg {
  option: ContentOption;
  /** The argument text, or the file name for the `*-file` options. */
  value: string;
  /** True when `-e` preceded this argument on the command line. */
  unescape: boolean;
}

export type MessageRate =
  | { kind: 'unlimited' }
  | { kind: 'fixed'; perSecond: number }
  /** `-r @Latency`: search for the best rate whose p95 latency stays under `seconds`. */
  | { kind: 'latency'; seconds: number; text: string };

export interface Percentile {
  /** 0..100 */
  value: number;
  /** Exactly as typed, for the report's `(95/99/99.5%)` label. */
  label: string;
}

export interface ListenSpec {
  /** Undefined means all addresses (`0.0.0.0` and `::`). */
  host?: string;
  port: number;
}

export interface DumpFlags {
  oneIn: boolean;
  oneOut: boolean;
  allIn: boolean;
  allOut: boolean;
}

/**
 * kali extension (`--segment K/N`): this process runs the K-th of N shares of a load spread over
 * several processes or machines (docs/distributed.md). `connections` and `connectRate` of the
 * {@link RunConfig} are already this segment's share; the whole load's figures are kept here.
 */
export interface SegmentSpec {
  /** K: 1 to `count`. */
  index: number;
  /** N. */
  count: number;
  /** `-c` of the whole load, all segments together. */
  wholeConnections: number;
  /** `--connect-rate` of the whole load, all segments together. */
  wholeConnectRate: number;
}

export interface RunConfig {
  destinations: DestinationSpec[];
  /** `-c`: concurrent outgoing connections (tcpkali truncates fractions); with `segment`, its share. */
  connections: number;
  /** Connections per second, all workers together; with `segment`, its share. */
  connectRate: number;
  /** Seconds. */
  connectTimeout: number;
  /** Seconds; Infinity when unset. */
  channelLifetime: number;
  /** Bytes per second; undefined when unlimited. */
  channelBandwidthUpstream?: number;
  /** Bytes per second; undefined when unlimited, 0 means never read. */
  channelBandwidthDownstream?: number;
  listen?: ListenSpec;
  listenMode: 'silent' | 'active';
  /** Seconds of steady state after ramp-up; Infinity for `-T -1`. */
  duration: number;
  /** Seconds. */
  delaySend: number;
  messageRate: MessageRate;
  /** All traffic-content arguments in command-line order. */
  content: ContentArg[];
  /** kali extension (`--in-flight`): outstanding requests per connection; undefined: no limit. */
  inFlight?: number;
  /** kali extension (`--request-timeout`), seconds; undefined: requests never time out. */
  requestTimeout?: number;
  /** kali extension (`--rate-metric`): the latency metric `-r @Latency` judges. */
  rateMetric?: string;
  /** `--message-stop`, already unescaped if `-e` preceded it. */
  messageStop?: string;
  latency: {
    connect: boolean;
    firstByte: boolean;
    markerSkip: number;
    percentiles: Percentile[];
    messageMarker: boolean;
  };
  workers: number;
  /** 0..3 */
  verbose: number;
  dump: DumpFlags;
  /** Undefined: leave the socket option alone. */
  nagle?: boolean;
  rcvbuf?: number;
  sndbuf?: number;
  sourceIps: string[];
  writeCombine: boolean;
  /** `--ws`: selects the WebSocket transport and makes content plugins frame plain text. */
  websocket: boolean;
  /** `--ssl`: selects TLS, alone or under `--ws`; the transport plugin declares its own files. */
  ssl: boolean;
  /** kali extension (`--transport`): force a transport plugin by name. */
  transport?: string;
  /** kali extension (`--output`): extra output plugins by name, in order. */
  outputs: string[];
  /** kali extension (`--threshold`): pass/fail criteria as typed, judged after the run. */
  thresholds: string[];
  /** kali extension (`--threshold-abort`): stop once a threshold can no longer pass. */
  thresholdAbort: boolean;
  /** kali extension (`--segment`): the share of a load spread over several processes this one runs. */
  segment?: SegmentSpec;
  /** kali extension (`--start-at`): wall-clock milliseconds since the epoch at which ramp-up begins. */
  startAt?: number;
  /**
   * Every loaded plugin's declared options (`PluginBase.options`), parsed, defaults applied, by
   * plugin name then option name; repeatable ones as arrays in command-line order. A hook sees
   * its own plugin's record as `ctx.options`.
   */
  pluginOptions: Record<string, Record<string, OptionValue | OptionValue[]>>;
}
