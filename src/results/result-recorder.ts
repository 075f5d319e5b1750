import type { RunConfig } from '../interfaces/config.js';
import type { HistogramView, MetricKind, MetricWindow } from '../interfaces/metrics.js';
import type {
  IntervalRecord,
  ResultConnections,
  ResultMetric,
  ResultTraffic,
  RunResult,
  ThresholdVerdict,
} from '../interfaces/result.js';
import type { FinalReport } from '../interfaces/stats.js';
import { configRecord } from './config-record.js';
import { latencyFigures, metricResults } from './metric-results.js';
import { reportedPercentiles } from './reported-percentiles.js';
import { RESULT_SCHEMA_ID, RESULT_SCHEMA_VERSION } from './result-schema.js';
import { shellLine } from './shell-quote.js';

export interface ResultBasics {
  kaliVersion: string;
  apiVersion: string;
  /** The command line after `kali`. */
  argv: readonly string[];
  config: Readonly<RunConfig>;
  /** Seconds between interval records; null for none. */
  intervalSeconds: number | null;
  metrics: readonly {
    name: string;
    kind: MetricKind;
    title: string;
    plugin: string;
    origin: 'declared' | 'requests';
    window: MetricWindow;
  }[];
}

/** What the end of a run adds to the document. */
export interface RunEnd {
  report: FinalReport;
  connections: ResultConnections;
  thresholds: ThresholdVerdict[];
  exitStatus: number;
}

/**
 * Keeps what the result document needs as the run goes (wall-clock times, interval records) and
 * builds the document: `partial` at any moment during the run, `complete` at the end.
 */
export class ResultRecorder {
  readonly intervals: IntervalRecord[] = [];
  private startMs = Date.now();
  private steadyStartMs: number | null = null;
  private endMs: number | null = null;
  private readonly windows: Map<string, MetricWindow>;

  get intervalSeconds(): number | null {
    return this.basics.intervalSeconds;
  }

  constructor(private readonly basics: ResultBasics) {
    this.windows = new Map(basics.metrics.map((m) => [m.name, m.window]));
  }

  started(): void {
    this.startMs = Date.now();
  }

  steady(): void {
    this.steadyStartMs = Date.now();
  }

  ended(): void {
    this.endMs = Date.now();
  }

  /**
   * The document so far, from the steady intervals recorded (so every figure covers the same
   * window) and the steady phase's histograms.
   */
  partial(steadyHistogram: (metric: string) => HistogramView): RunResult {
    const steady = this.intervals.filter((i) => i.phase === 'steady');
    const seconds = steady.reduce((s, i) => s + (i.end - i.start), 0);
    const sum = (f: (i: IntervalRecord) => number) => steady.reduce((s, i) => s + f(i), 0);
    const last = this.intervals.at(-1);
    const bytes = { in: sum((i) => i.bytes.in), out: sum((i) => i.bytes.out) };
    const messages = { in: sum((i) => i.messages.in), out: sum((i) => i.messages.out) };
    const open = last ? last.open.in + last.open.out : 0;
    const percentiles = reportedPercentiles(this.basics.config.latency.percentiles);
    const metrics: Record<string, ResultMetric> = {};
    for (const m of this.basics.metrics) {
      const about = { title: m.title, plugin: m.plugin, origin: m.origin, window: m.window };
      if (m.kind === 'counter') {
        const total = sum((i) => {
          const c = i.metrics[m.name];
          return c?.kind === 'counter' ? c.total : 0;
        });
        metrics[m.name] = { kind: 'counter', ...about, total, perSecond: seconds > 0 ? total / seconds : 0 };
      } else {
        metrics[m.name] = {
          kind: 'latency',
          ...about,
          ...latencyFigures(steadyHistogram(m.name), percentiles),
        };
      }
    }
    const failedNow = sum((i) => i.failed);
    return this.document('partial', seconds, {
      connections: {
        opened: { in: sum((i) => i.opened.in), out: sum((i) => i.opened.out) },
        openAtEnd: last ? { ...last.open } : { in: 0, out: 0 },
        closedByPeer: { in: 0, out: 0 },
        failed: { total: failedNow, timedOut: 0, byReason: {} },
        run: {
          opened: {
            in: this.intervals.reduce((s, i) => s + i.opened.in, 0),
            out: this.intervals.reduce((s, i) => s + i.opened.out, 0),
          },
          closedByPeer: { in: 0, out: 0 },
          failed: { total: this.intervals.reduce((s, i) => s + i.failed, 0), timedOut: 0, byReason: {} },
        },
      },
      traffic: traffic(bytes, messages, 0, 0, seconds, open, this.basics.config.latency.messageMarker),
      metrics,
      thresholds: [],
      exitStatus: null,
    });
  }

  complete(end: RunEnd): RunResult {
    const r = end.report;
    const t = r.traffic;
    return this.document('complete', r.duration, {
      connections: end.connections,
      traffic: traffic(
        { in: t.bytesRcvd, out: t.bytesSent },
        { in: t.msgsRcvd, out: t.msgsSent },
        t.reads,
        t.writes,
        r.duration,
        r.openConnections,
        r.messageMarkers,
      ),
      metrics: metricResults(
        r.metrics,
        this.windows,
        reportedPercentiles(this.basics.config.latency.percentiles),
      ),
      thresholds: end.thresholds,
      exitStatus: end.exitStatus,
    });
  }

  private document(
    status: RunResult['status'],
    steadySeconds: number,
    figures: Pick<RunResult, 'connections' | 'traffic' | 'metrics' | 'thresholds' | 'exitStatus'>,
  ): RunResult {
    const b = this.basics;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const endMs = status === 'complete' ? (this.endMs ?? Date.now()) : null;
    const steadyEndMs =
      this.steadyStartMs === null
        ? null
        : status === 'complete'
          ? this.steadyStartMs + steadySeconds * 1000
          : null;
    return {
      $schema: RESULT_SCHEMA_ID,
      schemaVersion: RESULT_SCHEMA_VERSION,
      kali: { version: b.kaliVersion, apiVersion: b.apiVersion, node: process.version },
      command: { argv: [...b.argv], line: shellLine(b.argv) },
      config: configRecord(b.config),
      ...(b.config.segment
        ? { segment: { index: b.config.segment.index, count: b.config.segment.count } }
        : {}),
      status,
      time: {
        start: new Date(this.startMs).toISOString(),
        end: iso(endMs),
        steadyStart: iso(this.steadyStartMs),
        steadyEnd: iso(steadyEndMs),
        steadySeconds,
        totalSeconds: ((endMs ?? Date.now()) - this.startMs) / 1000,
      },
      ...figures,
      intervalSeconds: b.intervalSeconds,
      intervals: [...this.intervals],
    };
  }
}

function traffic(
  bytes: { in: number; out: number },
  messages: { in: number; out: number },
  reads: number,
  writes: number,
  seconds: number,
  open: number,
  messageMarkers: boolean,
): ResultTraffic {
  const per = (n: number) => (seconds > 0 ? n / seconds : 0);
  return {
    bytes,
    messages,
    reads,
    writes,
    rates: {
      bits: { in: per(bytes.in * 8), out: per(bytes.out * 8) },
      messages: { in: per(messages.in), out: per(messages.out) },
      bitsPerChannel: per((bytes.in + bytes.out) * 8) / Math.max(1, open),
    },
    messageMarkers,
  };
}
