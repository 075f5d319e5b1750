import type { HistogramView } from './metrics.js';
import type { PluginError } from './plugin.js';

/**
 * The plugin API version this host implements, `major.minor`. A plugin's manifest names the
 * version it was built for (`"kali": { "apiVersion": "1.0", … }`); the host loads it when the
 * majors are equal and its own minor is at least the plugin's. Minor versions only add; anything
 * that breaks a plugin built for `1.x` makes version 2 (see docs/plugins.md, "Versions").
 */
export type ApiVersion = `${number}.${number}`;

/** Exit statuses a plugin may fail with (tcpkali's, from sysexits.h). */
export interface ExitStatuses {
  /** The run failed. */
  readonly FAILED: 1;
  /** The command line asks for something the plugin cannot do. */
  readonly USAGE: 64;
  /** Input (a file, a message) could not be read or is invalid. */
  readonly DATA: 65;
  /** A host name did not resolve. */
  readonly NO_HOST: 68;
  /** A service is unavailable (cannot listen, a server refused). */
  readonly UNAVAILABLE: 69;
}

/**
 * What the host hands every plugin factory: its runtime helpers. A plugin imports only types
 * from `kali` and gets everything that runs from here or from the contexts of its hooks, so it
 * works wherever it is installed and whatever copy of kali loads it.
 */
export interface KaliApi {
  readonly apiVersion: ApiVersion;
  readonly exit: ExitStatuses;
  /**
   * The error to throw for a clean stop: one line on stderr, the given status (default
   * `exit.FAILED`), no stack trace.
   */
  error(message: string, exitCode?: number): PluginError;
  /**
   * The C library's wording of a system error ("No space left on device", "Connection refused"),
   * as kali's own messages use it, instead of Node's "ENOSPC: no space left on device, write";
   * any other error's own message, on one line.
   */
  describeError(err: unknown): string;
  /**
   * A histogram of a result document (`LatencyResult.histogram`, HdrHistogram's compressed
   * base64) decoded, to read any percentile or the buckets. Throws a one-line error for text
   * that is not such a histogram. (API 1.1)
   */
  decodeHistogram(encoded: string): HistogramView;
  /**
   * Main thread, before the run starts: bytes that can be read only once (a pipe's, a FIFO's),
   * under a key of the plugin's choosing, so that the same plugin in every worker gets them with
   * `handedOver(key)` instead of reading an empty pipe. (API 1.4)
   */
  handOver(key: string, bytes: Uint8Array): void;
  /** What the main thread handed over under `key`, in any thread; undefined if nothing. (API 1.4) */
  handedOver(key: string): Uint8Array | undefined;
}
