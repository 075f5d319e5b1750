import { MessageChannel, type MessagePort } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { formatG } from '../cli/units.js';
import { Failure } from '../host/failure.js';
import { attachKeyboard } from '../host/keyboard.js';
import type { Destination, RunConfig } from '../interfaces/config.js';
import type { Output, RunEvent } from '../interfaces/output.js';
import type { LiveStats } from '../interfaces/stats.js';
import type { PluginSelection } from '../registry/select-plugins.js';
import { finalReport, reportFailedConnects } from './final-report.js';
import { encodeHistogram } from './histogram.js';
import type { ControlMessage, PipelineResult, PipelineTask, WorkerMessage } from './protocol.js';
import { RateSearch } from './rate-search.js';
import { settleWithin } from './settle-within.js';
import { rateShare, shareOf } from './split-work.js';
import { StatsMerger } from './stats-merger.js';
import { escapeForDump } from './worker/dump-format.js';

const WORKER_YOUNG_GENERATION_MB = 4;

/** Two SIGINTs closer than this are one press delivered twice. */
const DOUBLE_PRESS_MS = 500;

/** How long workers get to wind down before the report goes out without them. */
const STOP_GRACE_MS = 5000;

/** Both latency measurements (marker and message marker) report under this metric. */
const SEARCH_METRIC = 'message';

/** Workers report at least this often; outputs get a live view at the same cadence. */
const STATS_INTERVAL_MS = 250;

export interface LoadPlan {
  config: RunConfig;
  plugins: PluginSelection;
  destinations: Destination[];
  sourceAddresses: string[][];
  listen: { address: string; port: number }[];
  outputs: Output[];
  contentSeed: number;
  /** Filled in here so outputs created earlier can read the merged histograms. */
  latencyTap: { get(metric: string): string | undefined };
  /** The enabled measurements, in report order. */
  measurements: { metric: string; title: string }[];
  /** React to k/j/q on the terminal (stdin and stdout are a TTY). */
  keyboard: boolean;
  log(line: string): void;
}

type StopReason =
  | { kind: 'duration' }
  | { kind: 'rate-found'; rate: number }
  | { kind: 'rate-impossible' }
  | { kind: 'signal' }
  | { kind: 'ramp-timeout' }
  | { kind: 'message-stop'; packet: Uint8Array }
  | { kind: 'fatal'; failure: Failure };

/**
 * Runs the load: one long pipeline task per worker thread, phases as tcpkali (ramp-up, then the
 * -T clock), live statistics to the outputs, and the final report. Returns the exit status.
 */
export async function runLoad(plan: LoadPlan): Promise<number> {
  const { config } = plan;
  const workers = config.workers;
  const pool = new Tinypool({
    filename: new URL('./worker/pipeline-task.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    isolateWorkers: false,
    // The hot paths allocate almost nothing, so a small young generation costs no throughput but
    // keeps each worker's heap from ballooning: about 1.5 KiB less peak memory per socket at 9k
    // connections.
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const ports: MessagePort[] = [];
  const merger = new StatsMerger(workers);
  const sharedCounters = new SharedArrayBuffer(8);
  plan.latencyTap.get = (metric) =>
    merger.has(metric) ? encodeHistogram(merger.histogram(metric)) : undefined;
  const targets: number[] = [];

  let readyCount = 0;
  let rampedCount = 0;
  let stopReason: StopReason | undefined;
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

  // The listening worker accepts every looped-back connection; when there are other workers it
  // opens none itself, or a fast ramp-up starves its accept loop and the kernel drops SYNs.
  const listenerOnly = plan.listen.length > 0 && workers > 1;
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
        case 'stats':
          merger.update(m.stats);
          break;
        case 'log':
          plan.log(m.line);
          break;
        case 'message-stop':
          stop({ kind: 'message-stop', packet: m.packet });
          break;
        case 'fatal':
          stop({ kind: 'fatal', failure: new Failure(m.message, m.exitCode) });
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
      listen: i === 0 ? plan.listen : [],
      sharedCounters,
      colorDumps: process.stderr.isTTY === true && process.env.TERM !== 'dumb',
      statsIntervalMs: STATS_INTERVAL_MS,
      contentSeed: plan.contentSeed,
      port: port2,
    };
    tasks.push(pool.run(task, { transferList: [port2] }));
  }
  const send = (m: ControlMessage) => {
    for (const p of ports) p.postMessage(m);
  };
  const emit = (e: RunEvent) => {
    for (const o of plan.outputs) o.onEvent?.(e);
  };

  let firstSigintAt = 0;
  const onSigint = () => {
    if (stopReason?.kind === 'signal') {
      // A second Ctrl+C means "now": no report, tcpkali's interrupted status. One press can
      // arrive twice (a signal to the process group plus a wrapper forwarding it), so a repeat
      // within half a second is the same press.
      if (performance.now() - firstSigintAt > DOUBLE_PRESS_MS) process.exit(64);
      return;
    }
    firstSigintAt = performance.now();
    plan.log('Ctrl+C pressed, finishing up...');
    emit({ type: 'interrupted', reason: 'signal' });
    stop({ kind: 'signal' });
  };
  process.on('SIGINT', onSigint);
  const detachKeyboard = plan.keyboard
    ? attachKeyboard({
        rate: (factor) => send({ type: 'rate-factor', factor }),
        quit: () => {
          emit({ type: 'interrupted', reason: 'keyboard' });
          stop({ kind: 'signal' });
        },
      })
    : () => {};

  try {
    while (readyCount < workers && !stopReason) await waitForChange();
    if (stopReason?.kind === 'fatal') return await abort(stopReason.failure);
    const startedAt = performance.now();
    let steadyAt = 0;
    send({ type: 'start' });

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
        messageMarkers: config.latency.messageMarker,
      };
    };
    let search: RateSearch | undefined;
    const ticker = setInterval(() => {
      const s = live();
      for (const o of plan.outputs) o.onStats?.(s);
      if (search && !stopReason) {
        const outcome = search.look(performance.now(), merger.window(SEARCH_METRIC));
        if (outcome.kind === 'found') stop({ kind: 'rate-found', rate: outcome.rate });
        else if (outcome.kind === 'impossible') stop({ kind: 'rate-impossible' });
      }
    }, STATS_INTERVAL_MS);

    try {
      let timer: NodeJS.Timeout | undefined;
      const armTimer = (seconds: number, reason: StopReason) => {
        if (Number.isFinite(seconds)) timer = setTimeout(() => stop(reason), seconds * 1000);
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
        send({ type: 'steady' });
        if (config.messageRate.kind === 'latency') {
          search = new RateSearch(
            config.messageRate.seconds * 1000,
            plan.log,
            (perSecond) => send({ type: 'rate-set', perSecond }),
            () => merger.resetWindow(SEARCH_METRIC),
          );
          search.start(steadyAt);
        }
        armTimer(config.duration, { kind: 'duration' });
        while (!stopReason) await waitForChange();
        clearTimeout(timer);
      }
    } finally {
      clearInterval(ticker);
    }
    const endedAt = performance.now();
    // Connections open at the end, as seen before anything is closed: stopping the listener
    // first closes the clients' sockets before their workers take their final figures.
    const openAtEnd = merger.totals().conns;
    if (listenerOnly) {
      // The side that closes first keeps the TIME_WAIT state. Closing the accepted sockets first
      // leaves it on the listener's port instead of on thousands of ephemeral ports, which would
      // slow every connect() of the next run for a minute.
      ports[0].postMessage({ type: 'stop' } satisfies ControlMessage);
      await tasks[0];
      for (const p of ports.slice(1)) p.postMessage({ type: 'stop' } satisfies ControlMessage);
    } else {
      send({ type: 'stop' });
    }
    const results = await settleWithin(tasks, STOP_GRACE_MS, plan.log);
    const reason = stopReason as StopReason;
    if (reason.kind === 'fatal') return await abort(reason.failure);
    if (reason.kind === 'message-stop') {
      plan.log(`Last packet(${reason.packet.length}): [${escapeForDump(reason.packet)}]`);
      process.stdout.write(`Found --message-stop="${config.messageStop}", aborting.\n`);
      return 2;
    }
    if (reason.kind === 'ramp-timeout') {
      const n = config.connections;
      reportFailedConnects(results, finalReport(results, 0, config), config, plan.log);
      return await abort(
        new Failure(
          `Could not create ${n} connection${n === 1 ? '' : 's'} in allotted time (${config.duration}s)`,
          1,
        ),
      );
    }
    for (const r of results) if (r) merger.update(r.stats);
    const report = finalReport(results, steadyAt === 0 ? 0 : (endedAt - steadyAt) / 1000, config);
    report.openConnections = openAtEnd.openIn + openAtEnd.openOut;
    report.latencies = plan.measurements.map((m) =>
      merger.summary(m.metric, m.title, config.latency.percentiles),
    );
    reportFailedConnects(results, report, config, plan.log);
    const latency = config.messageRate.kind === 'latency' ? config.messageRate.text : '';
    if (reason.kind === 'rate-found') {
      process.stdout.write(`Best --message-rate for latency ${latency}⁹⁵ᵖ is ${reason.rate}\n`);
    }
    // One last live view with every worker's final counters, so exporters that send deltas
    // (StatsD counters) end on the exact totals.
    const last = live();
    for (const o of plan.outputs) o.onStats?.(last);
    for (const o of plan.outputs) await o.onReport?.(report);
    if (reason.kind === 'signal') return 64;
    if (reason.kind === 'rate-impossible') {
      plan.log(
        `Best --message-rate for latency ${latency} can not be determined: even 1 message per second is too slow`,
      );
      return 69;
    }
    if (search && reason.kind === 'duration') {
      plan.log(
        `Failed to find the best --message-rate for latency ${latency} in -T${formatG(config.duration)} seconds`,
      );
      return 69;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    detachKeyboard();
    for (const p of ports) p.close();
    await pool.destroy();
  }

  async function abort(failure: Failure): Promise<never> {
    send({ type: 'stop' });
    await Promise.race([Promise.allSettled(tasks), new Promise((r) => setTimeout(r, 1000))]);
    throw failure;
  }
}
