import type {
  ConnectionIdentity,
  MeasurementContext,
  MeasurementPlugin,
  Observer,
  PluginFactory,
} from 'kali';

/**
 * Measures how long outgoing connections take to open, in microseconds. The host merges the
 * samples of every worker and reports them as `<title> at percentiles: …`.
 *
 * Turn it on with `--plugin-option __PLUGIN_NAME__.enabled=true`.
 */
const factory: PluginFactory<MeasurementPlugin> = () => ({
  kind: 'measurement',
  name: '__PLUGIN_NAME__',
  description: 'Time from connect() to an open connection',
  title: '__PLUGIN_NAME__ open time',
  // Outputs key their figures by this (StatsD sends latency.<metric>.*).
  metric: '__PLUGIN_NAME__',
  enabled: (ctx) => ctx.options.enabled === 'true',
  create: (ctx) => new OpenTime(ctx),
});

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
