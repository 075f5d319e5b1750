import type { Histogram } from './histogram.js';

/** tcpkali starts every search at this per-connection rate. */
export const INITIAL_RATE = 100;
/** After a rate change, latencies of messages queued at the old rate are not representative. */
const WARM_UP_MS = 500;
/** A step needs at least this long and this many samples before it can be judged stable. */
const MIN_STEP_MS = 1000;
const MIN_SAMPLES = 200;
/** Latencies are judged in slices of this length. */
const SLICE_MS = 500;
/** Stable: the p95 moved less than this between two consecutive slices. */
const STABLE_CHANGE = 0.1;
/** A step is judged on what it has after this long, stable or not. */
const MAX_STEP_MS = 6000;
/** Far over the target: no need to wait for stability to call the step bad. */
const CLEARLY_OVER = 2;
/** Done when the bracket around the best rate is this narrow. */
const PRECISION = 1.05;

export type SearchOutcome = { kind: 'searching' } | { kind: 'found'; rate: number } | { kind: 'impossible' };

/**
 * The `-r @Latency` search: find the highest per-connection message rate whose 95th-percentile
 * latency stays at or under the target. Unlike tcpkali's fixed ten-second steps, each step lasts
 * only until its p95 is stable (or clearly over the target), then the rate doubles until a step
 * fails and bisects the bracket until it is within 5 %.
 */
export class RateSearch {
  rate = INITIAL_RATE;
  private lo = 0;
  private hi = Number.POSITIVE_INFINITY;
  private stepStart = 0;
  private warmedUp = false;
  private lastP95 = Number.NaN;
  private lastLook = 0;
  private stepSamples = 0;

  constructor(
    private readonly targetMs: number,
    private readonly announce: (line: string) => void,
    private readonly setRate: (rate: number) => void,
    private readonly resetWindow: () => void,
  ) {}

  start(nowMs: number): void {
    this.beginStep(nowMs, false);
  }

  /**
   * Call a few times a second with the latencies recorded since the last window reset. Every half
   * second the window becomes one slice and is reset, so each judgement is about recent replies:
   * a backlog inherited from an overloaded step shows as a falling p95, which is waited out
   * rather than blamed on the current rate.
   */
  look(nowMs: number, window: Histogram): SearchOutcome {
    const inStep = nowMs - this.stepStart;
    if (!this.warmedUp) {
      if (inStep < WARM_UP_MS) return { kind: 'searching' };
      this.warmedUp = true;
      this.resetWindow();
      this.lastLook = nowMs;
      return { kind: 'searching' };
    }
    if (nowMs - this.lastLook < SLICE_MS) return { kind: 'searching' };
    const n = window.totalCount;
    const p95 = n > 0 ? window.getValueAtPercentile(95) / 1000 : Number.NaN;
    this.resetWindow();
    this.lastLook = nowMs;
    this.stepSamples += n;
    const previous = this.lastP95;
    this.lastP95 = p95;
    // A trend needs two slices: the first slice of a step may still be draining the last one.
    const rising = p95 >= previous * (1 - STABLE_CHANGE);
    let verdict: 'good' | 'bad' | undefined;
    if (n >= MIN_SAMPLES / 4 && p95 > CLEARLY_OVER * this.targetMs && rising) verdict = 'bad';
    else {
      const settled =
        inStep >= WARM_UP_MS + MIN_STEP_MS &&
        this.stepSamples >= MIN_SAMPLES &&
        Math.abs(p95 - previous) <= STABLE_CHANGE * Math.max(previous, 0.001);
      if (settled || inStep >= MAX_STEP_MS) verdict = n > 0 && p95 <= this.targetMs ? 'good' : 'bad';
    }
    if (verdict === undefined) return { kind: 'searching' };
    return this.decide(verdict === 'good', nowMs);
  }

  private decide(good: boolean, nowMs: number): SearchOutcome {
    if (good) this.lo = this.rate;
    else this.hi = this.rate;
    if (this.lo > 0 && this.hi / this.lo <= PRECISION) return { kind: 'found', rate: this.lo };
    if (this.hi === Number.POSITIVE_INFINITY) this.rate = this.lo * 2;
    else if (this.lo === 0) this.rate = this.hi / 4;
    else this.rate = (this.lo + this.hi) / 2;
    if (this.rate < 1) return { kind: 'impossible' };
    this.rate = Math.round(this.rate);
    this.beginStep(nowMs);
    return { kind: 'searching' };
  }

  private beginStep(nowMs: number, announce = true): void {
    const hi = this.hi === Number.POSITIVE_INFINITY ? 'inf' : String(this.hi);
    if (announce) this.announce(`Attempting --message-rate ${this.rate} (in range ${this.lo}..${hi})`);
    this.setRate(this.rate);
    this.resetWindow();
    this.stepStart = nowMs;
    this.warmedUp = false;
    this.lastP95 = Number.NaN;
    this.stepSamples = 0;
  }
}
