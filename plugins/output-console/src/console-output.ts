import type { FinalReport, LiveStats, Output, OutputContext, RunEvent } from 'kali';
import { extraMetrics, metricLines, metricProgress } from './metric-lines.js';
import { progressLine } from './progress-line.js';
import { rampRibbon } from './ramp-ribbon.js';
import { summaryLines } from './summary-lines.js';
import { summaryTable } from './summary-table.js';
import { readTerminalFacts, type TerminalFacts } from './terminal-facts.js';
import { type ConsoleWriter, processWriter } from './writer.js';

const CLEAR_EOL = '\x1b[K';
const HIDE_CURSOR = '\x1b[?25l';
/** xterm's cnorm, which is what tcpkali emits through terminfo. */
const SHOW_CURSOR = '\x1b[?12l\x1b[?25h';

export interface ConsoleDeps {
  writer: ConsoleWriter;
  facts: TerminalFacts;
  /** Runs `restore` if the process exits while the cursor is hidden; returns the unregistration. */
  onExit(restore: () => void): () => void;
}

function defaultDeps(ctx: OutputContext): ConsoleDeps {
  return {
    // The report goes where the host says: stdout, or stderr when another output owns stdout.
    writer: { stdout: (text) => ctx.text.write(text), stderr: processWriter.stderr },
    facts: readTerminalFacts(),
    onExit(restore) {
      process.once('exit', restore);
      return () => {
        process.off('exit', restore);
      };
    },
  };
}

/** Measurement names the configuration turns on, so the line shows `?` before the first sample. */
function configuredMeasurements(ctx: OutputContext): string[] {
  const latency = ctx.config?.latency;
  const names: string[] = [];
  if (latency?.connect) names.push('connect');
  if (latency?.firstByte) names.push('firstbyte');
  if (latency?.messageMarker) names.push('message');
  return names;
}

/** tcpkali's line is kept as it is until the rate differs from the `-r` given. */
function configuredRate(ctx: OutputContext): number | undefined {
  const rate = ctx.config?.messageRate;
  return rate?.kind === 'fixed' ? rate.perSecond : undefined;
}

export function createConsoleOutput(ctx: OutputContext, deps: Partial<ConsoleDeps> = {}): Output {
  const { writer, facts, onExit } = { ...defaultDeps(ctx), ...deps };
  const live = ctx.interactive && facts.canDraw;
  const eol = facts.escapes ? CLEAR_EOL : '';
  const configured = configuredMeasurements(ctx);
  const rateGiven = configuredRate(ctx);
  const rateChanged = (stats: LiveStats) => stats.targetRate !== undefined && stats.targetRate !== rateGiven;

  /** A progress line is on screen, cursor parked at its start by the trailing `\r`. */
  let lineDrawn = false;
  let cursorHidden = false;
  let reported = false;
  let closed = false;
  let unregisterExit: (() => void) | undefined;

  function restoreCursor(): void {
    if (!cursorHidden) return;
    cursorHidden = false;
    writer.stdout(SHOW_CURSOR);
  }

  function hideCursor(): void {
    if (cursorHidden || !facts.escapes) return;
    cursorHidden = true;
    writer.stdout(HIDE_CURSOR);
    unregisterExit = onExit(restoreCursor);
  }

  /** Leaves the cursor at the start of an empty line so the next output starts clean. */
  function eraseLine(): void {
    if (!lineDrawn) return;
    lineDrawn = false;
    if (eol !== '') writer.stderr(eol);
  }

  function draw(stats: LiveStats): string {
    if (stats.phase === 'ramp-up') {
      const seen = stats.conns.initiated + stats.conns.accepted;
      return rampRibbon(stats.conns.openOut, stats.targetConnections, seen, facts.columns);
    }
    const measurements = new Set([...configured, ...Object.keys(stats.latencyP95)]);
    // Message markers always carry a timestamp, so tcpkali measures their latency. (Protocol runs
    // count messages too, but their latency is the protocol's own metric.)
    if (ctx.config.latency.messageMarker) measurements.add('message');
    const extra = extraMetrics(stats.metrics, ctx.config, measurements);
    return (
      progressLine(stats, {
        clock: facts.clock,
        measurements: [...measurements],
        showRate: rateChanged(stats),
      }) + metricProgress(extra)
    );
  }

  return {
    onEvent(event: RunEvent) {
      if (!live || closed) return;
      if (event.type === 'ramp-up-started') hideCursor();
    },

    onStats(stats: LiveStats) {
      // After the summary the line would be drawn below it; tcpkali stops drawing there.
      if (!live || closed || reported) return;
      hideCursor();
      writer.stderr(`${draw(stats)}${eol}\r`);
      lineDrawn = true;
    },

    onReport(report: FinalReport) {
      reported = true;
      eraseLine();
      const printed = new Set(report.latencies.map((l) => l.name));
      const extra = metricLines(
        extraMetrics(report.metrics, ctx.config, printed),
        ctx.config.latency.percentiles,
      );
      const table = ctx.options.summary === true ? summaryTable(report.metrics) : [];
      writer.stdout(`${[...summaryLines(report), ...extra, ...table].join('\n')}\n`);
    },

    close() {
      if (closed) return;
      closed = true;
      if (lineDrawn && !facts.escapes) {
        // Without clear-to-EOL the last line can only be kept and stepped over.
        writer.stderr('\n');
        lineDrawn = false;
      }
      eraseLine();
      restoreCursor();
      unregisterExit?.();
      unregisterExit = undefined;
    },
  };
}
