import { randomInt } from 'node:crypto';
import { ContentCompiler } from '../content/compile-content.js';
import { newHistogram } from '../engine/histogram.js';
import { histogramView } from '../engine/histogram-view.js';
import { listenAddresses } from '../engine/listen-addresses.js';
import { OutputFanout } from '../engine/output-fanout.js';
import { resolveDestinations } from '../engine/resolve-destinations.js';
import { type LoadPlan, runLoad } from '../engine/run-load.js';
import { bracket, checkSourceIps, planSourceAddresses } from '../engine/source-addresses.js';
import { toEpochMicros } from '../engine/wall-clock.js';
import { PluginMetrics } from '../engine/worker/plugin-metrics.js';
import { StreamSearch } from '../engine/worker/stream-search.js';
import { asFailure, ExitStatus, KaliError, PluginFailure, UsageFailure } from '../errors/index.js';
import type { RunConfig } from '../interfaces/config.js';
import type { TextSink } from '../interfaces/output.js';
import { API_VERSION } from '../registry/kali-api.js';
import type { PluginCatalog } from '../registry/plugin-catalog.js';
import { selectPlugins } from '../registry/select-plugins.js';
import { ResultRecorder } from '../results/result-recorder.js';
import { parseThreshold } from '../results/thresholds.js';
import { hostContextFor } from './host-context.js';
import { shareListeners } from './listen-sharing.js';
import { runCheck } from './plugin-check.js';
import { runMetrics } from './run-metrics.js';
import { makeStderrLog, stderrLinePrefix } from './stderr-log.js';

/** What the result document says about the program and how it was called. */
export interface RunIdentity {
  version: string;
  /** The command line after `kali`. */
  argv: readonly string[];
}

export interface StartChecks {
  systemWarnings(): string[];
  rampFeasibility(): { warning?: string[]; error?: string[] };
  content(): string | undefined;
}

/**
 * Everything between a parsed command line and the workers: plugin selection from the catalog
 * of installed plugins, content validation, name resolution and tcpkali's start-up lines, in
 * tcpkali's order. Returns the exit status; throws a Failure for anything that stops the run
 * before it starts.
 */
export async function startLoad(
  config: RunConfig,
  catalog: PluginCatalog,
  checks: StartChecks,
  identity: RunIdentity,
): Promise<number> {
  const interactive = process.stdout.isTTY === true;
  const logPrefix = stderrLinePrefix(interactive);
  const log = makeStderrLog(logPrefix);
  const contextFor = (name: string) => hostContextFor(config, name, log);

  // The catalog was loaded before the command line was read (plugins declare options), and its
  // broken plugins were reported then.
  let { selection, loaded } = selectPlugins(catalog, config, contextFor);
  const transport = loaded.transport;
  await runCheck(`${transport.name} transport`, () => transport.check?.(contextFor(transport.name)));
  // Compile once here so a bad message stops the run before any thread starts.
  const contentSeed = randomInt(2 ** 31);
  const compiler = () => new ContentCompiler(config, loaded.content, 'client', contentSeed, log);
  const compiled = compiler().all();
  // Content carrying message markers switches marker mode on, as --message-marker does.
  const carriesMarkers = [...compiled.first, ...compiled.message].some((t) => t.markers === true);
  if (carriesMarkers && !config.latency.messageMarker) {
    config.latency.messageMarker = true;
    ({ selection, loaded } = selectPlugins(catalog, config, contextFor));
  }
  // A protocol's closed loop by default; an upstream bandwidth limit sends partial requests, so
  // it keeps the open loop it asked for.
  const inFlight = loaded.protocol?.defaultInFlight;
  if (
    inFlight !== undefined &&
    config.inFlight === undefined &&
    config.channelBandwidthUpstream === undefined
  ) {
    config.inFlight = inFlight;
  }
  const metrics = runMetrics(loaded, config);
  const metricKinds = new Map(metrics.metrics.map((m) => [m.name, m.kind]));
  const thresholds = config.thresholds.map((t) => parseThreshold(t, metricKinds));
  if (config.thresholdAbort && thresholds.length === 0) {
    throw new UsageFailure('--threshold-abort needs at least one --threshold');
  }
  // Checks record nothing; a scratch registry gives them the same handles workers get.
  const scratch = new PluginMetrics();
  const fail = (message: string, exitCode: number): never => {
    throw new KaliError(message, exitCode);
  };
  if (loaded.protocol) {
    const p = loaded.protocol;
    await runCheck(`${p.name} protocol`, () =>
      p.check?.({
        ...contextFor(p.name),
        ...scratch.contextFor(p.name, p.metrics),
        worker: -1,
        compile: (arg) => compiler().one(arg),
        fail,
      }),
    );
  }
  for (const m of loaded.measurement) {
    await runCheck(`${m.name} measurement`, () =>
      m.check?.({
        ...contextFor(m.name),
        ...scratch.contextFor(m.name, m.metrics),
        worker: -1,
        record: () => {},
        countReceived: () => {},
        compile: (arg) => compiler().one(arg),
        fail,
        createSearch: (needle) => new StreamSearch(needle),
        toEpochMicros,
      }),
    );
  }

  for (const line of checks.systemWarnings()) log(line);
  await checkSourceIps(config.sourceIps);
  const destinations = await resolveDestinations(config.destinations);
  for (const d of destinations) log(`Destination: ${bracket(d.address)}:${d.port}`);
  const sources = await planSourceAddresses(destinations, config.sourceIps);
  for (const line of sources.lines) log(line);
  const listen = await listenAddresses(config.listen);
  for (const l of listen) log(`Listen on: ${bracket(l.address)}:${l.port}`);
  const listenShared = await shareListeners(transport, contextFor(transport.name), listen);
  const contentError = checks.content();
  if (contentError) throw new UsageFailure(contentError);
  const ramp = checks.rampFeasibility();
  if (ramp.error) throw new KaliError(ramp.error.join('\n'), ExitStatus.USAGE);
  for (const line of ramp.warning ?? []) log(line);

  const outputs = new OutputFanout();
  const latencyTap: LoadPlan['latencyTap'] = {
    get: () => undefined,
    partialResult: () => results.partial(() => histogramView(newHistogram())),
  };
  const intervalSeconds = recordingInterval(
    loaded.output.map((p) => p.intervalSeconds?.(contextFor(p.name))),
  );
  // An output that writes to stdout (`--json -`) gets it alone: the human report goes to stderr.
  const ownsStdout = loaded.output.some((p) => p.ownsStdout?.(contextFor(p.name)) === true);
  const text = ownsStdout ? stderrText : stdoutText;
  const results = new ResultRecorder({
    kaliVersion: identity.version,
    apiVersion: API_VERSION,
    argv: identity.argv,
    config,
    // --threshold-abort judges at every interval, recorded or not.
    intervalSeconds: intervalSeconds ?? (config.thresholdAbort ? 1 : null),
    metrics: metrics.metrics,
  });
  let exitCode: number = ExitStatus.FAILED;
  try {
    for (const plugin of loaded.output) {
      let output: Awaited<ReturnType<typeof plugin.create>>;
      try {
        output = await plugin.create({
          ...contextFor(plugin.name),
          interactive,
          histogram: (metric) => latencyTap.get(metric),
          text,
          result: () => latencyTap.partialResult(),
        });
      } catch (err) {
        throw new PluginFailure(`${plugin.name} output`, 'create', err);
      }
      outputs.add(plugin.name, output);
    }
    exitCode = await runLoad({
      config,
      plugins: selection,
      destinations,
      sourceAddresses: sources.perDestination,
      listen,
      listenShared,
      outputs,
      contentSeed,
      latencyTap,
      measurements: loaded.measurement.map((m) => ({
        metric: m.metric,
        title: m.title,
        window: m.window ?? 'steady',
      })),
      metrics,
      results,
      thresholds,
      text,
      keyboard: interactive && process.stdin.isTTY === true,
      log,
      logPrefix,
    });
  } catch (err) {
    const failure = asFailure(err);
    exitCode = failure.exitCode;
    await outputs.close({ exitCode });
    throw failure;
  }
  await outputs.close({ exitCode });
  // An output that failed while closing (a result file that could not be flushed) fails the run.
  if (outputs.failure) throw outputs.failure;
  return exitCode;
}

const stdoutText: TextSink = { write: (t) => void process.stdout.write(t) };
const stderrText: TextSink = { write: (t) => void process.stderr.write(t) };

/** The shortest interval any output asks for; undefined when none asks. */
function recordingInterval(asked: readonly (number | undefined)[]): number | undefined {
  const valid = asked.filter((s): s is number => s !== undefined && Number.isFinite(s) && s > 0);
  return valid.length > 0 ? Math.min(...valid) : undefined;
}
