import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { formatG } from '../cli/units.js';
import { ExitStatus, KaliError, WorkerFailure } from '../errors/index.js';
import { attachKeyboard } from '../host/keyboard.js';
import type { RunMetrics } from '../host/run-metrics.js';
import { interruptLine, onInterrupt } from '../host/signals.js';
import type { Destination, RunConfig } from '../interfaces/config.js';
import type { HistogramView, MetricValue, MetricWindow } from '../interfaces/metrics.js';
import type { RunEvent, TextSink } from '../interfaces/output.js';
import type { RunResult } from '../interfaces/result.js';
import type { LiveStats, WorkerStats } from '../interfaces/stats.js';
import { handedOverEntries } from '../registry/handed-over.js';
import type { PluginSelection } from '../registry/select-plugins.js';
import { connectionFigures } from '../results/connection-figures.js';
import { IntervalRecorder } from '../results/interval-recorder.js';
import { reportedPercentiles } from '../results/reported-percentiles.js';
import type { ResultRecorder } from '../results/result-recorder.js';
import { judge, lostCause, type Threshold, verdictLine } from '../results/thresholds.js';
import { countsMessages } from './counts-messages.js';
import { finalReport, reportFailedConnects } from './final-report.js';
import { histogramView } from './histogram-view.js';
import { lostWorkerResult } from './lost-worker.js';
import type { OutputFanout } from './output-fanout.js';
import {
  type ControlMessage,
  type PipelineResult,
  type PipelineTask,
  SHARED_COUNTERS_BYTES,
  type WorkerMessage,
} from './protocol.js';
import { RateSearch } from './rate-search.js';
import { settleWithin } from './settle-within.js';
import { rateShare, shareOf } from './split-work.js';
import { StatsMerger } from './stats-merger.js';
import { timerDelay } from './timer-limit.js';
import { wakeAt } from './wake-at.js';
import { blamePlugin, faultOf } from './worker/blame-plugin.js';
import { escapeForDump } from './worker/dump-format.js';
import { orDeath } from './worker-death.js';
import { workerPool } from './worker-pool.js';

/** How long workers get to wind down before the report goes out without them. */
const STOP_GRACE_MS = 5000;

/** How long workers get to confirm they stopped connecting before listeners close anyway. */
const QUIESCE_GRACE_MS = 1000;

/** Both latency measurements (marker and message marker) report under this metric. */
const MESSAGE_METRIC = 'message';

/** Workers report at least this often; outputs get a live view at the same cadence. */
const STATS_INTERVAL_MS = 250;

/** How long an interval record waits for the workers' figures of the moment. */
const SNAPSHOT_WAIT_MS = 200;

export interface LoadPlan {
  config: RunConfig;
  plugins: PluginSelection;
  destinations: Destination[];
  sourceAddresses: string[][];
  listen: { address: string; port: number }[];
  /** The transport lets every worker bind `listen` (see host/listen-sharing.ts). */
  listenShared: boolean;
  outputs: OutputFanout;
  contentSeed: number;
  /** Filled in here so outputs created earlier can read the merged histograms and the result so far. */
  latencyTap: { get(metric: string): HistogramView | undefined; partialResult(): RunResult };
  /** Every metric the plugins record, and who recognises replies. */
  metrics: RunMetrics;
  /** The enabled measurements, in report order, and the window their line covers. */
  measurements: { metric: string; title: string; window: MetricWindow }[];
  /** Builds the result document; its interval setting says whether to record intervals. */
  results: ResultRecorder;
  /** `--threshold`s, judged on the result at the end (and at each interval with --threshold-abort). */
  thresholds: readonly Threshold[];
  /** Where the human-readable lines go (stdout, unless an output owns it). */
  text: TextSink;
  /** React to k/j/q on the terminal (stdin and stdout are a TTY). */
  keyboard: boolean;
  log(line: string): void;
  /** What `log` puts before each line; workers write their own lines with the same prefix. */
  logPrefix: string;
}

type StopReason =
  | { kind: 'duration' }
  | { kind: 'rate-found'; rate: number }
  | { kind: 'rate-impossible' }
  | { kind: 'signal'; signal: string }
  | { kind: 'ramp-timeout' }
  | { kind: 'message-stop'; packet: Uint8Array }
  | { kind: 'threshold' }
  | { kind: 'fatal' };

/**
 * Runs the load: one long pipeline task per worker thread, phases as tcpkali (ramp-up, then the
 * -T clock), live statistics to the outputs, and the final report. Returns the exit status.
 */
export async function runLoad(plan: LoadPlan): Promise<number> {
  const { config } = plan;
  const workers = config.workers;
  const pool = workerPool(workers);
  const ports: MessagePort[] = [];
  const merger = new StatsMerger(workers);
  const sharedCounters = new SharedArrayBuffer(SHARED_COUNTERS_BYTES);
  // Read once: what plugins handed over is complete before the load starts.
  const handedOver = handedOverEntries();
  plan.latencyTap.get = (metric) =>
    merger.has(metric) ? histogramView(merger.histogram(metric)) : undefined;
  const partialResult = () => plan.results.partial((metric) => histogramView(merger.steadyHistogram(metric)));
  plan.latencyTap.partialResult = partialResult;
  // `-r @Latency` judges the metric named by --rate-metric, else the replies' own latency, else
  // tcpkali's message latency.
  const searchMetric = config.rateMetric ?? plan.metrics.requests?.decl.metric ?? MESSAGE_METRIC;
  const metricValues = (steady: boolean, seconds: number): MetricValue[] => {
    const counters = steady ? steadyCounters() : merger.counters();
    const whole = merger.counters();
    return plan.metrics.metrics.map((m): MetricValue => {
      // The final report covers each metric's window: the steady phase, or the whole run.
      const final = steady && m.window === 'steady';
      if (m.kind === 'counter') {
        const total = (final ? counters[m.name] : whole[m.name]) ?? 0;
        const perSecond = steady ? (seconds > 0 ? total / seconds : 0) : merger.counterRate(m.name);
        return { ...m, kind: 'counter', total, perSecond };
      }
      const h = final ? merger.steadyHistogram(m.name) : merger.histogram(m.name);
      return { ...m, kind: 'latency', histogram: histogramView(h) };
    });
  };
  let finalResults: (PipelineResult | undefined)[] = [];
  /** Counters over the steady phase: each worker's final values minus those at 'steady'. */
  const steadyCounters = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of finalResults) {
      if (!r) continue;
      for (const name in r.stats.counters) {
        out[name] = (out[name] ?? 0) + r.stats.counters[name] - (r.steadyCounters?.[name] ?? 0);
      }
    }
    return out;
  };
  const targets: number[] = [];
  /** The 'snapshot' request whose answers are awaited, if any. */
  let snapshot: { seq: number; left: number; done(): void } | undefined;
  let snapshotSeq = 0;
  /**
   * Every worker's figures as of now: interval records cut all of them at one moment instead of
   * at whatever 250 ms report each sent last, which would make a 1 s interval's rate read ±25%.
   * A worker too busy to answer within SNAPSHOT_WAIT_MS is read as it last reported.
   */
  const freshFigures = () =>
    new Promise<void>((resolve) => {
      const seq = ++snapshotSeq;
      const finish = () => {
        clearTimeout(deadline);
        if (snapshot?.seq === seq) snapshot = undefined;
        resolve();
      };
      const deadline = setTimeout(finish, SNAPSHOT_WAIT_MS);
      snapshot = { seq, left: workers, done: finish };
      send({ type: 'snapshot', seq });
    });

  /** Each worker's last report before the steady phase: the baseline of a worker lost later. */
  let reportsAtSteady: (WorkerStats | undefined)[] = [];
  let readyCount = 0;
  let rampedCount = 0;
  let quiescedCount = 0;
  let stopReason: StopReason | undefined;
  /** The first failure of the run, whatever else stopped it; it decides the exit status. */
  let failure: KaliError | undefined;
  let wake: () => void = () => {};
  const changed = () => wake();
  const waitForChange = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  const stop = (reason: StopReason) => {
    if (!stopReason) stopReason = reason;
    changed();
  };
  /** Whether the failure still gets the figures reported (see Fatal.report). */
  let reportFailure = true;
  const fail = (f: KaliError, report = true) => {
    if (!failure) reportFailure = report;
    failure ??= f;
    stop({ kind: 'fatal' });
  };
  plan.outputs.onFailure = fail;
  // Anything thrown from an event in the main thread during the run (an output's socket, a
  // timer) ends the run like a worker's fault would: report, close outputs, exit 1.
  const onEscape = (err: unknown) => {
    const { message, exitCode } = faultOf(err, plan.plugins.output);
    fail(new KaliError(blamePlugin(err, plan.plugins.output) ? message : `kali: ${message}`, exitCode));
  };
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);

  // With a shared listening port every worker accepts its share and opens its share. Otherwise
  // the one listening worker accepts every looped-back connection; when there are other workers
  // it opens none itself, or a fast ramp-up starves its accept loop and the kernel drops SYNs.
  const listenShared = plan.listenShared && workers > 1;
  const listenerOnly = plan.listen.length > 0 && workers > 1 && !listenShared;
  const clientWorkers = listenerOnly ? workers - 1 : workers;
  const clientShare = (i: number) =>
    listenerOnly
      ? i === 0
        ? 0
        : shareOf(config.connections, clientWorkers, i - 1)
      : shareOf(config.connections, workers, i);

  const tasks: Promise<PipelineResult | undefined>[] = [];
  for (let i = 0; i < workers; i++) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    const connections = config.destinations.length > 0 ? clientShare(i) : 0;
    targets.push(connections);
    port1.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'ready':
          readyCount++;
          changed();
          break;
        case 'ramped':
          rampedCount++;
          changed();
          break;
        case 'quiesced':
          quiescedCount++;
          changed();
          break;
        case 'stats':
          merger.update(m.stats);
          if (m.answer !== undefined && snapshot?.seq === m.answer && --snapshot.left === 0) snapshot.done();
          break;
        case 'message-stop':
          stop({ kind: 'message-stop', packet: m.packet });
          break;
        case 'fatal':
          fail(new KaliError(m.message, m.exitCode), m.report);
          break;
      }
    });
    const task: PipelineTask = {
      worker: i,
      workers,
      config,
      plugins: plan.plugins,
      destinations: plan.destinations,
      sourceAddresses: plan.sourceAddresses,
      connections,
      connectRate: rateShare(config.connectRate, connections, config.connections, clientWorkers),
      listen: i === 0 || listenShared ? plan.listen : [],
      listenShared,
      sharedCounters,
      handedOver,
      stderr: {
        color: process.stderr.isTTY === true && process.env.TERM !== 'dumb',
        prefix: plan.logPrefix,
      },
      statsIntervalMs: STATS_INTERVAL_MS,
      contentSeed: plan.contentSeed,
      recordsLatencies: plan.metrics.metrics.some((m) => m.kind === 'latency'),
      port: port2,
    };
    // A worker that dies rejects its task at any moment; handled here, at once, it becomes the
    // run's failure instead of an unhandled rejection that would take the process down.
    const result = pool.run(task, { transferList: [port2] }).then(
      (r: PipelineResult | undefined) => {
        if (r?.fatal) fail(new KaliError(r.fatal.message, r.fatal.exitCode), r.fatal.report);
        return r;
      },
      (err: unknown) => {
        fail(new WorkerFailure(i, `stopped unexpectedly: ${(err as Error)?.message ?? err}`));
        return undefined;
      },
    );
    tasks.push(orDeath(result, port1, () => fail(new WorkerFailure(i, 'exited unexpectedly'))));
  }
  const send = (m: ControlMessage) => {
    for (const p of ports) p.postMessage(m);
  };
  const emit = (e: RunEvent) => plan.outputs.event(e);

  const detachSignals = onInterrupt((signal) => {
    plan.log(interruptLine(signal));
    emit({ type: 'interrupted', reason: 'signal' });
    stop({ kind: 'signal', signal });
  });
  // What the live line shows after k/j or a step of the rate search.
  let targetRate = config.messageRate.kind === 'fixed' ? config.messageRate.perSecond : undefined;
  const detachKeyboard = plan.keyboard
    ? attachKeyboard({
        rate: (factor) => {
          if (targetRate !== undefined) targetRate *= factor;
          send({ type: 'rate-factor', factor });
        },
        quit: () => {
          emit({ type: 'interrupted', reason: 'keyboard' });
          stop({ kind: 'signal', signal: 'keyboard' });
        },
      })
    : () => {};

  try {
    while (readyCount < workers && !stopReason) await waitForChange();
    // A worker that could not set up (a bind, a plugin's create()) ends the run before it
    // starts, as tcpkali does for a failed bind: nothing was measured, so there is no report.
    if (failure) return await abort(failure);
    // --start-at: every segment of a load ramps up at the same wall-clock moment. A signal
    // meanwhile stops the run as one during ramp-up does, except that no connection is opened.
    let interruptedWaiting = false;
    if (config.startAt !== undefined && !stopReason) {
      plan.log(`Starting at ${new Date(config.startAt).toISOString()} (--start-at)`);
      const cancel = wakeAt(config.startAt, changed);
      while (!stopReason && Date.now() < config.startAt) await waitForChange();
      cancel();
      interruptedWaiting = stopReason !== undefined;
    }
    const startedAt = performance.now();
    let steadyAt = 0;
    if (!interruptedWaiting) send({ type: 'start' });
    plan.results.started();
    const intervals = new IntervalRecorder(
      merger,
      plan.metrics.metrics,
      reportedPercentiles(config.latency.percentiles),
    );
    const takeInterval = (
      at: number,
      phase: 'ramp-up' | 'steady' = steadyAt === 0 ? 'ramp-up' : 'steady',
    ) => {
      const record = intervals.take((at - startedAt) / 1000, phase);
      plan.results.intervals.push(record);
      plan.outputs.interval(record);
    };
    const intervalMs = (plan.results.intervalSeconds ?? 0) * 1000;
    let intervalTicker: NodeJS.Timeout | undefined;
    /** Records are taken one at a time, in order, and none once the run ended. */
    let recording = Promise.resolve();
    let recordingOpen = true;
    const recordInterval = (phase?: 'ramp-up' | 'steady') => {
      const at = performance.now();
      const next = recording.then(async () => {
        await freshFigures();
        if (recordingOpen) takeInterval(at, phase);
      });
      recording = next;
      return next;
    };
    const startIntervals = () => {
      if (intervalMs <= 0) return;
      clearInterval(intervalTicker);
      intervalTicker = setInterval(async () => {
        await recordInterval();
        if (!config.thresholdAbort || stopReason) return;
        const lost = lostCause(plan.thresholds, partialResult());
        if (lost) {
          plan.log(`Threshold ${lost.expression} can no longer pass; stopping (--threshold-abort)`);
          stop({ kind: 'threshold' });
        }
      }, timerDelay(intervalMs));
    };
    startIntervals();

    const target = targets.reduce((a, b) => a + b, 0);
    const metrics = plan.measurements.map((m) => m.metric);
    const rampWorkers = targets.filter((t) => t > 0).length;
    const live = (): LiveStats => {
      const now = performance.now();
      const { traffic, conns } = merger.sample(now / 1000);
      return {
        elapsed: (now - startedAt) / 1000,
        phase: steadyAt === 0 ? 'ramp-up' : 'steady',
        steadyElapsed: steadyAt === 0 ? 0 : (now - steadyAt) / 1000,
        duration: config.duration,
        targetConnections: target,
        traffic,
        conns,
        ...merger.rates(),
        latencyP95: merger.p95(metrics),
        latency: Object.fromEntries(
          plan.measurements.map((m) => [
            m.metric,
            merger.summary(m.metric, m.title, config.latency.percentiles),
          ]),
        ),
        messageMarkers: countsMessages(config),
        metrics: metricValues(false, 0),
        targetRate,
      };
    };
    let search: RateSearch | undefined;
    const ticker = setInterval(() => {
      plan.outputs.stats(live());
      if (search && !stopReason) {
        const outcome = search.look(performance.now(), merger.window(searchMetric));
        if (outcome.kind === 'found') stop({ kind: 'rate-found', rate: outcome.rate });
        else if (outcome.kind === 'impossible') stop({ kind: 'rate-impossible' });
      }
    }, STATS_INTERVAL_MS);

    try {
      let timer: NodeJS.Timeout | undefined;
      // Node's timers may fire a fraction of a millisecond early by the monotonic clock; a run
      // asked to last -T must report at least -T, so an early timer waits out the rest.
      const armTimer = (seconds: number, reason: StopReason) => {
        if (!Number.isFinite(seconds)) return;
        const until = performance.now() + seconds * 1000;
        const fire = () => {
          const left = until - performance.now();
          if (left > 0) timer = setTimeout(fire, timerDelay(Math.ceil(left)));
          else stop(reason);
        };
        timer = setTimeout(fire, timerDelay(seconds * 1000));
      };
      if (rampWorkers > 0) {
        emit({ type: 'ramp-up-started', target });
        armTimer(config.duration, { kind: 'ramp-timeout' });
        while (rampedCount < rampWorkers && !stopReason) await waitForChange();
        clearTimeout(timer);
        if (!stopReason) {
          plan.log(`Ramped up to ${target} connections.`);
          emit({ type: 'ramped-up', connections: target });
        }
      }
      if (!stopReason) {
        steadyAt = performance.now();
        reportsAtSteady = merger.lastReports();
        send({ type: 'steady' });
        plan.results.steady();
        // The ramp-up's last stretch is an interval of its own, so steady intervals hold steady
        // figures only and start with the steady phase.
        if (intervalTicker) {
          void recordInterval('ramp-up');
          startIntervals();
        }
        if (config.messageRate.kind === 'latency') {
          search = new RateSearch(
            config.messageRate.seconds * 1000,
            plan.log,
            (perSecond) => {
              targetRate = perSecond;
              send({ type: 'rate-set', perSecond });
            },
            () => merger.resetWindow(searchMetric),
          );
          search.start(steadyAt);
        }
        armTimer(config.duration, { kind: 'duration' });
        while (!stopReason) await waitForChange();
        clearTimeout(timer);
      }
    } finally {
      clearInterval(ticker);
      clearInterval(intervalTicker);
      await recording;
      recordingOpen = false;
    }
    const endedAt = performance.now();
    plan.results.ended();
    // Connections open at the end, as seen before anything is closed: stopping the listener
    // first closes the clients' sockets before their workers take their final figures.
    const openAtEnd = merger.totals().conns;
    // Every worker stops connecting before any listener closes, or the clients' reconnects
    // (--channel-lifetime, closed connections being replaced) would meet a closed port and be
    // counted as refused after the run was over.
    send({ type: 'quiesce' });
    const quiesceDeadline = setTimeout(changed, QUIESCE_GRACE_MS);
    const quiesceStarted = performance.now();
    while (quiescedCount < workers && performance.now() - quiesceStarted < QUIESCE_GRACE_MS)
      await waitForChange();
    clearTimeout(quiesceDeadline);
    if (listenerOnly) {
      // The side that closes first keeps the TIME_WAIT state. Closing the accepted sockets first
      // leaves it on the listener's port instead of on thousands of ephemeral ports, which would
      // slow every connect() of the next run for a minute.
      ports[0].postMessage({ type: 'stop' } satisfies ControlMessage);
      await settleWithin(tasks.slice(0, 1), STOP_GRACE_MS, () => {});
      for (const p of ports.slice(1)) p.postMessage({ type: 'stop' } satisfies ControlMessage);
    } else {
      send({ type: 'stop' });
    }
    // A worker that died or did not stop in time counts with what it reported last, so the
    // figures measured until the failure are all in the report.
    const settled = await settleWithin(tasks, STOP_GRACE_MS, plan.log);
    const lastReports = merger.lastReports();
    const results = settled.map((r, i) => r ?? lostWorkerResult(lastReports[i], reportsAtSteady[i]));
    const reason = stopReason as StopReason;
    if (reason.kind === 'message-stop' && !failure) {
      plan.log(`Last packet(${reason.packet.length}): [${escapeForDump(reason.packet)}]`);
      plan.text.write(`Found --message-stop="${config.messageStop}", aborting.\n`);
      return 2;
    }
    if (reason.kind === 'ramp-timeout' && !failure) {
      // tcpkali prints no summary when ramp-up fails.
      const n = config.connections;
      reportFailedConnects(results, finalReport(results, 0, config), config, plan.log);
      throw new KaliError(
        `Could not create ${n} connection${n === 1 ? '' : 's'} in allotted time (${config.duration}s)`,
        ExitStatus.FAILED,
        'E_RAMP_UP',
      );
    }
    if (failure && !reportFailure) throw failure;
    for (const r of results) if (r) merger.update(r.stats);
    finalResults = results;
    // The stretch since the last interval, with every worker's final figures.
    if (intervalTicker && plan.results.intervals.at(-1)?.end !== (endedAt - startedAt) / 1000)
      takeInterval(endedAt);
    const steadySeconds = steadyAt === 0 ? 0 : (endedAt - steadyAt) / 1000;
    const report = finalReport(results, steadySeconds, config);
    report.openConnections = openAtEnd.openIn + openAtEnd.openOut;
    // The steady phase, like the traffic figures; a run stopped before it has nothing in it.
    report.latencies = plan.measurements.map((m) =>
      merger.summary(m.metric, m.title, config.latency.percentiles, m.window === 'steady'),
    );
    report.metrics = metricValues(true, steadySeconds);
    reportFailedConnects(results, report, config, plan.log);
    const latency = config.messageRate.kind === 'latency' ? config.messageRate.text : '';
    if (reason.kind === 'rate-found') {
      plan.text.write(`Best --message-rate for latency ${latency}⁹⁵ᵖ is ${reason.rate}\n`);
    }
    // One last live view with every worker's final counters, so exporters that send deltas
    // (StatsD counters) end on the exact totals.
    plan.outputs.stats(live());
    await plan.outputs.report(report);
    const end = { report, connections: connectionFigures(results, openAtEnd), thresholds: [], exitStatus: 0 };
    const verdicts = judge(plan.thresholds, plan.results.complete(end));
    for (const v of verdicts) plan.text.write(`${verdictLine(v)}\n`);
    if (reason.kind === 'rate-impossible') {
      plan.log(
        `Best --message-rate for latency ${latency} can not be determined: even 1 message per second is too slow`,
      );
    } else if (search && reason.kind === 'duration') {
      plan.log(
        `Failed to find the best --message-rate for latency ${latency} in -T${formatG(config.duration)} seconds`,
      );
    }
    // A failure outranks everything: the figures above are what was measured until it happened,
    // and the status says the run cannot be trusted. Then a threshold that failed (k6's 99), then
    // how the run was stopped.
    const thresholdFailed = verdicts.some((v) => !v.passed) || reason.kind === 'threshold';
    const exitStatus = failure
      ? failure.exitCode
      : thresholdFailed
        ? ExitStatus.THRESHOLD
        : reason.kind === 'signal'
          ? ExitStatus.INTERRUPTED
          : reason.kind === 'rate-impossible' || (search && reason.kind === 'duration')
            ? ExitStatus.UNAVAILABLE
            : ExitStatus.OK;
    await plan.outputs.result(plan.results.complete({ ...end, thresholds: verdicts, exitStatus }));
    if (failure) throw failure;
    return exitStatus;
  } finally {
    detachSignals();
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
    detachKeyboard();
    for (const p of ports) p.close();
    // A thread that exited on its own never lets destroy() settle; the run is over regardless.
    await settleWithin([pool.destroy().then(() => undefined)], QUIESCE_GRACE_MS, () => {});
  }

  async function abort(f: KaliError): Promise<never> {
    send({ type: 'stop' });
    await settleWithin(tasks, QUIESCE_GRACE_MS, () => {});
    throw f;
  }
}
