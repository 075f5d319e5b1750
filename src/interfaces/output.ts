import type { HistogramView } from './metrics.js';
import type { HostContext, PluginBase } from './plugin.js';
import type { IntervalRecord, RunResult } from './result.js';
import type { FinalReport, LiveStats } from './stats.js';

/**
 * Outputs run in the main thread and receive the merged statistics: a live snapshot about four
 * times a second, run events, and the final report.
 */
export interface OutputPlugin extends PluginBase<'output'> {
  /** Whether the configuration turns this output on without `--output <name>`. Default: false. */
  enabled?(ctx: HostContext): boolean;
  create(ctx: OutputContext): Output | Promise<Output>;
  /**
   * Seconds between the interval records this output wants (`onInterval`, and the `intervals`
   * of the result document); undefined for none. The host records at the shortest interval any
   * enabled output asks for, and every output gets the same records. (API 1.1)
   */
  intervalSeconds?(ctx: HostContext): number | undefined;
  /**
   * Whether this output writes to stdout (`--json -`). The human-readable report then goes to
   * stderr: every output writes its text through `OutputContext.text`. (API 1.1)
   */
  ownsStdout?(ctx: HostContext): boolean;
  /**
   * The command-line arguments that make this output write the run's result document, alone,
   * to stdout (`['--json', '-']`). Commands that collect result documents from many processes
   * use them instead of knowing an output by name: `kali k8s job` gives them to every pod, whose
   * logs `kali merge -` then reads, and refuses a load that sets the options they name. (API 1.2)
   */
  readonly resultToStdout?: readonly string[];
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
  /** Where human-readable text goes: stdout, or stderr when another output owns stdout. (API 1.1) */
  readonly text: TextSink;
  /**
   * The result document so far: status `partial`, the steady phase's figures up to the last
   * interval record, every interval record. For outputs that keep a file current during the run,
   * so that a killed run leaves a valid result behind. (API 1.1)
   */
  result(): RunResult;
}

export interface TextSink {
  write(text: string): void;
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
  /** One interval ended: its own figures, not cumulative (see `intervalSeconds`). (API 1.1) */
  onInterval?(record: IntervalRecord): void;
  /**
   * The run's result document, complete: after every output's `onReport`, with the thresholds
   * judged and the exit status decided. Also after a run that failed but still reported. (API 1.1)
   */
  onResult?(result: RunResult): void | Promise<void>;
  /** Last call, also after failed runs: flush and release. */
  close?(outcome: RunOutcome): void | Promise<void>;
}
