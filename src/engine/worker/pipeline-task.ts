import { ContentCompiler } from '../../content/compile-content.js';
import { hostContextFor } from '../../host/host-context.js';
import type { ContentPlugin } from '../../interfaces/content.js';
import type { MeasurementPlugin } from '../../interfaces/measurement.js';
import type { PluginRef } from '../../interfaces/plugin.js';
import type { ProtocolPlugin } from '../../interfaces/protocol.js';
import type { TransportPlugin } from '../../interfaces/transport.js';
import { receiveHandedOver } from '../../registry/handed-over.js';
import { loadPlugin } from '../../registry/load-plugin.js';
import { prepareRecording } from '../histogram.js';
import type { PipelineResult, PipelineTask } from '../protocol.js';
import { toEpochMicros } from '../wall-clock.js';
import { faultOf } from './blame-plugin.js';
import { directStderr } from './direct-stderr.js';
import { Measurements } from './measurements.js';
import { Pipeline } from './pipeline.js';
import { PluginMetrics } from './plugin-metrics.js';
import { RequestOwner } from './request-owner.js';
import { sidePlan } from './side-plan.js';
import { StreamSearch } from './stream-search.js';

/**
 * tinypool entry point: one call per worker thread, running for the whole test. Plugins are
 * imported here from their module URLs because functions cannot cross thread boundaries.
 */
export default async function runPipeline(task: PipelineTask): Promise<PipelineResult | undefined> {
  const { config, port } = task;
  const log = directStderr(task.stderr.prefix);
  receiveHandedOver(task.handedOver);
  const refs: PluginRef[] = [
    task.plugins.transport,
    ...task.plugins.content,
    ...task.plugins.measurement,
    ...(task.plugins.protocol ? [task.plugins.protocol] : []),
  ];
  let pipeline: Pipeline | undefined;
  // A plugin hook or transport callback that throws from an event (a socket's 'data', a timer)
  // lands here instead of killing the thread: the run stops with a line naming the plugin, and
  // this worker still returns its figures.
  const onEscape = (err: unknown) => {
    if (pipeline) {
      pipeline.onFault(err);
    } else {
      port.postMessage({ type: 'fatal', ...faultOf(err, refs), report: true });
    }
  };
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
  try {
    const transportPlugin = await loadPlugin<TransportPlugin>(task.plugins.transport);
    const contentPlugins = await Promise.all(task.plugins.content.map((r) => loadPlugin<ContentPlugin>(r)));
    const compilers = {
      client: new ContentCompiler(config, contentPlugins, 'client', task.contentSeed, log),
      server: new ContentCompiler(config, contentPlugins, 'server', task.contentSeed, log),
    };
    const measurementPlugins = await Promise.all(
      task.plugins.measurement.map((r) => loadPlugin<MeasurementPlugin>(r)),
    );
    const protocolPlugin = task.plugins.protocol
      ? await loadPlugin<ProtocolPlugin>(task.plugins.protocol)
      : undefined;
    // The WebAssembly recorder is worth loading whenever anything records latencies, and only
    // then: with hdr-histogram-js itself it costs a thread ~70 ms of start-up.
    if (task.recordsLatencies) await prepareRecording();
    const metrics = new PluginMetrics();
    const replies = protocolPlugin?.requests ?? measurementPlugins.find((m) => m.requests)?.requests;
    const requestOwner = replies ? new RequestOwner(replies, metrics) : null;
    const measurements = new Measurements(measurementPlugins, metrics, (plugin, record) => ({
      ...hostContextFor(config, plugin.name, log),
      ...metrics.contextFor(plugin.name, plugin.metrics),
      worker: task.worker,
      record,
      countReceived: (n) => pipeline?.countReceived(n),
      compile: (arg) => compilers.client.one(arg),
      fail: (message, exitCode) => pipeline?.fail(message, exitCode),
      createSearch: (needle) => new StreamSearch(needle),
      toEpochMicros,
    }));
    const transport = await transportPlugin.create({
      ...hostContextFor(config, transportPlugin.name, log),
      ...metrics.contextFor(transportPlugin.name, transportPlugin.metrics),
      worker: task.worker,
      workers: task.workers,
      compile: (arg) => compilers.client.one(arg),
    });
    const protocol = protocolPlugin
      ? await protocolPlugin.create({
          ...hostContextFor(config, protocolPlugin.name, log),
          ...metrics.contextFor(protocolPlugin.name, protocolPlugin.metrics),
          worker: task.worker,
          compile: (arg) => compilers.client.one(arg),
          fail: (message, exitCode) => pipeline?.fail(message, exitCode),
        })
      : null;
    // A protocol's requests replace the content's messages on the connections it speaks for.
    const clientContent = protocol
      ? { first: protocol.hello ? [protocol.hello] : [], message: [protocol.request], header: [] }
      : compilers.client.all();
    const tracked = requestOwner !== null;
    const built = new Pipeline(
      task,
      transport,
      {
        client: sidePlan(config, clientContent, 'client', { tracked, protocol }),
        server: sidePlan(config, compilers.server.all(), 'server', {
          tracked: tracked && !protocol,
          protocol: null,
        }),
      },
      measurements,
      metrics,
      requestOwner,
    );
    built.onFault = (err) => {
      const { message, exitCode } = faultOf(err, refs);
      built.reportFatal(message, exitCode);
    };
    pipeline = built;
    await pipeline.prepare();
    return await pipeline.done;
  } catch (err) {
    // Set-up failed (a plugin's create(), a bind): nothing was measured yet.
    port.postMessage({ type: 'fatal', ...faultOf(err, refs), report: true });
    port.close();
    return undefined;
  } finally {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
  }
}
