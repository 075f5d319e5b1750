import type {
  ConnectionIdentity,
  MeasurementContext,
  MeasurementPlugin,
  Observer,
  PluginFactory,
} from 'kali';

/**
 * Measures how long outgoing connections take to open, in microseconds. kali merges the samples
 * of every worker and reports them as `__PLUGIN_NAME__ open time at percentiles: …`.
 *
 * Turn it on with `--__PLUGIN_NAME__`.
 */
const factory: PluginFactory<MeasurementPlugin> = (kali) => ({
  kind: 'measurement',
  name: '__PLUGIN_NAME__',
  description: 'Time from connect() to an open connection (--__PLUGIN_NAME__)',
  title: '__PLUGIN_NAME__ open time',
  // Outputs key their figures by this (StatsD sends latency.<metric>.*).
  metric: '__PLUGIN_NAME__',
  // Connections open mostly during ramp-up, so the report covers the whole run, not only the
  // steady phase after it.
  window: 'run',
  // kali parses these like its own options and hands the values over as ctx.options.
  options: [{ name: FLAG, type: 'flag', description: 'Time how long outgoing connections take to open' }],
  enabled: (ctx) => ctx.options[FLAG] === true,
  // Main thread, before any connection: refuse what cannot be measured.
  check(ctx) {
    if (ctx.config.destinations.length === 0) {
      throw kali.error('--__PLUGIN_NAME__ times outgoing connections: give a destination', kali.exit.USAGE);
    }
  },
  create: (ctx) => new OpenTime(ctx),
});

/** The option that turns it on: `--__PLUGIN_NAME__`. */
const FLAG = '__PLUGIN_NAME__';

/** Per-connection data: `attach` creates it once, the hooks get it back, so no maps or closures. */
interface ConnectionState {
  startedAt: number;
}

/** One per worker thread; its hooks run on every connection event, so they must stay cheap. */
class OpenTime implements Observer<ConnectionState> {
  constructor(private readonly ctx: MeasurementContext) {}

  attach(side: 'client' | 'server', _identity: ConnectionIdentity, now: number): ConnectionState | undefined {
    // Accepted connections are open the moment they are seen; returning nothing skips them.
    return side === 'client' ? { startedAt: now } : undefined;
  }

  onOpen(state: ConnectionState, now: number): void {
    this.ctx.record(now - state.startedAt);
  }
}

export default factory;
