import type { ApiVersion, KaliApi } from './api.js';
import type { RunConfig } from './config.js';
import type { ContentPlugin } from './content.js';
import type { MeasurementPlugin } from './measurement.js';
import type { MetricDeclaration } from './metrics.js';
import type { OptionDeclaration, OptionValues } from './options.js';
import type { OutputPlugin } from './output.js';
import type { ProtocolPlugin } from './protocol.js';
import type { TransportPlugin } from './transport.js';

/**
 * A kali plugin is an npm package whose package.json has an `"oclif": {}` field (so that
 * `kali plugins install` accepts it) and a `"kali"` field naming the plugin API version it was
 * built for and mapping each capability to a compiled ES module:
 *
 *     "kali": { "apiVersion": "1.0", "protocol": { "redis": "./dist/redis.js" } }
 *
 * Each module's default export is a {@link PluginFactory}. The host hands module URLs, never
 * functions, to worker threads, and every thread imports the module itself.
 */
export type PluginKind = 'transport' | 'content' | 'measurement' | 'output' | 'protocol';

/** The `"kali"` field of a plugin's package.json. */
export type PluginManifest = { apiVersion: ApiVersion } & Partial<Record<PluginKind, Record<string, string>>>;

/** Every plugin object carries these. */
export interface PluginBase<K extends PluginKind> {
  kind: K;
  /** Must equal the capability name in the manifest. */
  name: string;
  /** One line for `kali capabilities`. */
  description?: string;
  /**
   * Command-line options this plugin brings (`--statsd-host`, say). The host parses and checks
   * them and hands the values to every hook as `ctx.options`.
   */
  options?: readonly OptionDeclaration[];
  /** Metrics this plugin records in the workers (protocols, measurements and transports). */
  metrics?: readonly MetricDeclaration[];
}

export type Plugin = TransportPlugin | ContentPlugin | MeasurementPlugin | OutputPlugin | ProtocolPlugin;

/**
 * A module's default export: builds the plugin object from the host's runtime helpers.
 * Factories must be cheap and side-effect free: they run in the main thread and again in every
 * worker, and the host imports every installed plugin to read its options.
 */
export type PluginFactory<P extends Plugin = Plugin> = (kali: KaliApi) => P;

/** Where a plugin module came from, as resolved by the host's registry. */
export interface PluginRef {
  kind: PluginKind;
  name: string;
  /** Absolute `file:` URL of the module. */
  href: string;
  /** npm package name that declared it. */
  packageName: string;
}

/** What every plugin hook can see. */
export interface HostContext {
  readonly config: Readonly<RunConfig>;
  /** This plugin's own command-line options, parsed (see {@link PluginBase.options}). */
  readonly options: OptionValues;
  /** Write one line to stderr, keeping the live progress line intact. */
  log(line: string): void;
}

/**
 * Throw this shape (any Error with `exitCode`; `kali.error()` makes one) to stop the run with a
 * one-line message and a specific exit status; tcpkali's codes are used (64 usage, 65 unreadable
 * input, 69 unavailable, 1 runtime failure). Anything else a hook throws is reported as a fault of
 * the plugin, also in one line, with status 1.
 */
export interface PluginError extends Error {
  exitCode?: number;
}
