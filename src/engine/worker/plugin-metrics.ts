import type {
  Counter,
  LatencyRecorder,
  MetricDeclaration,
  MetricKind,
  MetricsContext,
} from '../../interfaces/metrics.js';
import type { EncodedLatencies } from '../../interfaces/stats.js';
import { encodeHistogram, type Histogram, newHistogram } from '../histogram.js';

/** A counter is one number on a long-lived object: `add` allocates nothing. */
class CounterCell implements Counter {
  value = 0;
  add(n = 1): void {
    this.value += n;
  }
}

class HistogramRecorder implements LatencyRecorder {
  constructor(readonly histogram: Histogram) {}
  record(micros: number): void {
    // HDR histograms start at 1 µs; a reply faster than the clock's step still happened.
    this.histogram.recordValue(Math.max(micros, 1));
  }
}

/**
 * Every metric recorded in one worker: measurement histograms, plugin counters and latency
 * metrics, request latencies and outcomes. Handed to the main thread with each stats message:
 * counters as cumulative values, histograms as encoded deltas.
 */
export class PluginMetrics {
  private readonly counters = new Map<string, CounterCell>();
  private readonly latencies = new Map<string, HistogramRecorder>();

  /** The handle for `name`, made on first use; one metric name is one kind for the whole run. */
  latency(name: string): HistogramRecorder {
    let r = this.latencies.get(name);
    if (!r) {
      if (this.counters.has(name)) throw kindClash(name, 'latency');
      r = new HistogramRecorder(newHistogram({ forRecording: true }));
      this.latencies.set(name, r);
    }
    return r;
  }

  counter(name: string): CounterCell {
    let c = this.counters.get(name);
    if (!c) {
      if (this.latencies.has(name)) throw kindClash(name, 'counter');
      c = new CounterCell();
      this.counters.set(name, c);
    }
    return c;
  }

  /** A plugin's view: only the metrics it declared, so a typo fails at create() time. */
  contextFor(plugin: string, declared: readonly MetricDeclaration[] | undefined): MetricsContext {
    const find = (name: string, kind: MetricKind) => {
      const d = declared?.find((m) => m.name === name);
      if (!d || d.kind !== kind) {
        throw new Error(`${plugin}: no ${kind} metric "${name}" among its declared metrics`);
      }
    };
    return {
      counter: (name) => {
        find(name, 'counter');
        return this.counter(name);
      },
      latency: (name) => {
        find(name, 'latency');
        return this.latency(name);
      },
    };
  }

  get hasLatencies(): boolean {
    return this.latencies.size > 0;
  }

  counterValues(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, c] of this.counters) out[name] = c.value;
    return out;
  }

  /** Histograms recorded since the previous call, encoded; resets them. */
  takeDeltas(): EncodedLatencies {
    const out: EncodedLatencies = {};
    for (const [name, r] of this.latencies) {
      const h = r.histogram;
      if (h.totalCount === 0) continue;
      out[name] = encodeHistogram(h);
      h.reset();
    }
    return out;
  }
}

function kindClash(name: string, wanted: MetricKind): Error {
  return new Error(`metric "${name}" is used as a ${wanted} and as another kind`);
}
