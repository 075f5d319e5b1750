import { type KaliError, PluginFailure } from '../errors/index.js';
import type { Output, RunEvent, RunOutcome } from '../interfaces/output.js';
import type { IntervalRecord, RunResult } from '../interfaces/result.js';
import type { FinalReport, LiveStats } from '../interfaces/stats.js';

export interface NamedOutput {
  /** The output plugin's name, for the one line that blames it when it fails. */
  name: string;
  output: Output;
}

/**
 * Hands every event to every output, and keeps one output's failure from silencing the others: a
 * hook that throws or rejects is recorded (the first one wins) and reported through `onFailure`,
 * and the remaining outputs still get their calls, so the report goes out and every output is
 * closed whatever broke.
 */
export class OutputFanout {
  private readonly outputs: NamedOutput[] = [];
  private firstFailure: KaliError | undefined;
  onFailure: (failure: KaliError) => void = () => {};

  add(name: string, output: Output): void {
    this.outputs.push({ name, output });
  }

  /** The first hook failure, if any. */
  get failure(): KaliError | undefined {
    return this.firstFailure;
  }

  event(e: RunEvent): void {
    for (const o of this.outputs) this.call(o, 'onEvent', () => o.output.onEvent?.(e));
  }

  stats(s: LiveStats): void {
    for (const o of this.outputs) this.call(o, 'onStats', () => o.output.onStats?.(s));
  }

  async report(r: FinalReport): Promise<void> {
    for (const o of this.outputs) await this.callAsync(o, 'onReport', () => o.output.onReport?.(r));
  }

  interval(record: IntervalRecord): void {
    for (const o of this.outputs) this.call(o, 'onInterval', () => o.output.onInterval?.(record));
  }

  async result(result: RunResult): Promise<void> {
    for (const o of this.outputs) await this.callAsync(o, 'onResult', () => o.output.onResult?.(result));
  }

  async close(outcome: RunOutcome): Promise<void> {
    for (const o of this.outputs) await this.callAsync(o, 'close', () => o.output.close?.(outcome));
  }

  private call(o: NamedOutput, hook: string, fn: () => unknown): void {
    try {
      const r = fn();
      // A hook typed as returning void may still be async; its rejection is its failure too.
      if (r instanceof Promise) r.catch((err: unknown) => this.failed(o, hook, err));
    } catch (err) {
      this.failed(o, hook, err);
    }
  }

  private async callAsync(o: NamedOutput, hook: string, fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.failed(o, hook, err);
    }
  }

  private failed(o: NamedOutput, hook: string, err: unknown): void {
    if (this.firstFailure) return;
    this.firstFailure = new PluginFailure(`${o.name} output`, hook, err);
    this.onFailure(this.firstFailure);
  }
}
