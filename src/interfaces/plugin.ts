import type { RunConfig } from './config.js';
import type { ContentPlugin } from './content.js';
import type { MeasurementPlugin } from './measurement.js';
import type { OutputPlugin } from './output.js';
import type { TransportPlugin } from './transport.js';

/**
 * A kali plugin is an npm package whose package.json has an `"oclif": {}` field (so that
 * `kali plugins install` accepts it) and a `"kali"` field mapping each capability to a compiled
 * ES module:
 *
 *     "kali": { "transport": { "quic": "./dist/quic.js" }, "output": { "influx": "./dist/influx.js" } }
 *
 * Each module's default export is a {@link PluginFactory}. The host hands module URLs, never
 * functions, to worker threads, and every thread imports the module itself.
 */
export type PluginKind = 'transport' | 'content' | 'measurement' | 'output';

/** The `"kali"` field of a plugin's package.json. */
export type PluginManifest = Partial<Record<PluginKind, Record<string, string>>>;

/** Every plugin object carries these. */
export interface PluginBase<K extends PluginKind> {
  kind: K;
  /** Must equal the capability name in the manifest. */
  name: string;
  /** One line for `kali capabilities`. */
  description?: string;
}

export type Plugin = TransportPlugin | ContentPlugin | MeasurementPlugin | OutputPlugin;

/**
 * A module's default export. `options` are the `--plugin-option <name>.<key>=<value>` pairs given
 * for this capability name. Factories must be cheap and side-effect free: they run in the main
 * thread and again in every worker.
 */
export type PluginFactory<P extends Plugin = Plugin> = (options: Readonly<Record<string, string>>) => P;

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
  /** Options given with `--plugin-option <name>.<key>=<value>` for this plugin. */
  readonly options: Readonly<Record<string, string>>;
  /** Write one line to stderr, keeping the live progress line intact. */
  log(line: string): void;
}

/**
 * Throw this shape (any Error with `exitCode`) to stop the run with a one-line message and a
 * specific exit status; tcpkali's codes are used (64 usage, 65 unreadable input, 69 unavailable,
 * 1 runtime failure).
 */
export interface PluginError extends Error {
  exitCode?: number;
}
