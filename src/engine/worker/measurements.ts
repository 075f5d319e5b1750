import type { ConnectionIdentity } from '../../interfaces/content.js';
import type { MeasurementContext, MeasurementPlugin, Observer } from '../../interfaces/measurement.js';
import type { EncodedLatencies } from '../../interfaces/stats.js';
import { encodeHistogram, type Histogram, newHistogram } from '../histogram.js';

/**
 * The measurement plugins of one worker: their observers, and one histogram each that the
 * worker ships to the main thread (as a delta) with every statistics report.
 */
export class Measurements {
  readonly observers: Observer[] = [];
  private readonly metrics: string[] = [];
  private readonly histograms: Histogram[] = [];

  constructor(
    plugins: readonly MeasurementPlugin[],
    context: (plugin: MeasurementPlugin, record: (us: number) => void) => MeasurementContext,
  ) {
    for (const plugin of plugins) {
      const h = newHistogram({ forRecording: true });
      const record = (us: number) => h.recordValue(Math.max(us, 1));
      this.histograms.push(h);
      this.metrics.push(plugin.metric);
      this.observers.push(plugin.create(context(plugin, record)));
    }
  }

  get active(): boolean {
    return this.observers.length > 0;
  }

  /** Per-connection states, one per observer (undefined where an observer ignores the connection). */
  attach(side: 'client' | 'server', identity: ConnectionIdentity, now: number): unknown[] {
    const states = new Array<unknown>(this.observers.length);
    for (let i = 0; i < this.observers.length; i++) states[i] = this.observers[i].attach(side, identity, now);
    return states;
  }

  /** Histograms recorded since the previous call, encoded; resets them. */
  takeDeltas(): EncodedLatencies {
    const out: EncodedLatencies = {};
    for (let i = 0; i < this.histograms.length; i++) {
      const h = this.histograms[i];
      if (h.totalCount === 0) continue;
      out[this.metrics[i]] = encodeHistogram(h);
      h.reset();
    }
    return out;
  }
}
