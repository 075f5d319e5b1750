import type { HistogramView } from './metrics.js';
import type { HostContext, PluginBase } from './plugin.js';
import type { FinalReport, LiveStats } from './stats.js';

/**
 * Outputs run in the main thread and receive the merged statistics: a live snapshot about four
 * times a second, run events, and the final report.
 */
export interface OutputPlugin extends PluginBase<'output'> {
  /** Whether the configuration turns this output on without `--output <name>`. Default: false. */
  enabled?(ctx: HostContext): boolean;
  create(ctx: OutputContext): Output | Promise<Output>;
}

export interface OutputContext extends HostContext {
  /** Whether stdout is an interactive terminal (live progress is drawn only then). */
  readonly interactive: boolean;
  /**
   * The run's latency histogram for `metric` so far (all workers merged, ramp-up included),
   * decoded — for outputs that need more than the summaries, such as differences between two
   * moments. A snapshot: later samples do not change it. Undefined before the run starts or for
   * unknown metrics.
   */
  histogram(metric: string): HistogramView | undefined;
}

export type RunEvent =
  | { type: 'ramp-up-started'; target: number }
  | { type: 'ramped-up'; connections: number }
  | { type: 'interrupted'; reason: 'signal' | 'keyboard' };

/** How a run ended: tcpkali's exit codes. */
export interface RunOutcome {
  exitCode: number;
}

export interface Output {
  onEvent?(event: RunEvent): void;
  onStats?(stats: LiveStats): void;
  /** The steady phase ended; print or send the final figures. */
  onReport?(report: FinalReport): void | Promise<void>;
  /** Last call, also after failed runs: flush and release. */
  close?(outcome: RunOutcome): void | Promise<void>;
}
