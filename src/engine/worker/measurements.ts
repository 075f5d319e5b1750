import type { ConnectionIdentity } from '../../interfaces/content.js';
import type { MeasurementContext, MeasurementPlugin, Observer } from '../../interfaces/measurement.js';
import type { RequestTracker } from '../../interfaces/requests.js';
import type { PluginMetrics } from './plugin-metrics.js';

/**
 * The measurement plugins of one worker and their observers. Each measurement records into the
 * latency metric named after it, kept by the worker's {@link PluginMetrics}.
 */
export class Measurements {
  readonly observers: Observer[] = [];
  /** Index of the observer that recognises replies (gets the request trackers), or -1. */
  private readonly requestObserver: number;

  constructor(
    plugins: readonly MeasurementPlugin[],
    metrics: PluginMetrics,
    context: (plugin: MeasurementPlugin, record: (us: number) => void) => MeasurementContext,
  ) {
    for (const plugin of plugins) {
      const recorder = metrics.latency(plugin.metric);
      this.observers.push(plugin.create(context(plugin, (us) => recorder.record(us))));
    }
    this.requestObserver = plugins.findIndex((p) => p.requests !== undefined);
  }

  get active(): boolean {
    return this.observers.length > 0;
  }

  /** Per-connection states, one per observer (undefined where an observer ignores the connection). */
  attach(
    side: 'client' | 'server',
    identity: ConnectionIdentity,
    now: number,
    requests: RequestTracker | undefined,
  ): unknown[] {
    const states = new Array<unknown>(this.observers.length);
    for (let i = 0; i < this.observers.length; i++) {
      states[i] = this.observers[i].attach(
        side,
        identity,
        now,
        i === this.requestObserver ? requests : undefined,
      );
    }
    return states;
  }
}
