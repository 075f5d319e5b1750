import type { Counter, LatencyRecorder } from '../../interfaces/metrics.js';
import type { RequestDeclaration } from '../../interfaces/requests.js';
import type { PluginMetrics } from './plugin-metrics.js';

/** The outcomes a request declaration counts when it names none. */
export const DEFAULT_OUTCOMES: readonly string[] = ['ok'];

/** The metric names a request declaration stands for: its latency, one counter per outcome, timeouts. */
export function requestMetricNames(decl: RequestDeclaration): {
  latency: string;
  outcomes: string[];
  timeout: string;
} {
  return {
    latency: decl.metric,
    outcomes: (decl.outcomes ?? DEFAULT_OUTCOMES).map((o) => `${decl.metric}.${o}`),
    timeout: `${decl.metric}.timeout`,
  };
}

/**
 * Where completed requests go in one worker: the latency metric of the plugin that recognises
 * replies and its outcome counters. One per worker; every connection's queue shares it.
 */
export class RequestOwner {
  readonly latency: LatencyRecorder;
  readonly outcomes: Counter[];
  readonly timeouts: Counter;

  constructor(decl: RequestDeclaration, metrics: PluginMetrics) {
    const names = requestMetricNames(decl);
    this.latency = metrics.latency(names.latency);
    this.outcomes = names.outcomes.map((n) => metrics.counter(n));
    this.timeouts = metrics.counter(names.timeout);
  }

  completed(latencyUs: number, outcome: number): void {
    this.latency.record(latencyUs);
    const counter = this.outcomes[outcome] ?? this.outcomes[0];
    counter.add(1);
  }
}
