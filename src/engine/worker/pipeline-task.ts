import { ContentCompiler } from '../../content/compile-content.js';
import { hostContextFor } from '../../host/host-context.js';
import type { ContentPlugin } from '../../interfaces/content.js';
import type { MeasurementPlugin } from '../../interfaces/measurement.js';
import type { PluginRef } from '../../interfaces/plugin.js';
import type { TransportPlugin } from '../../interfaces/transport.js';
import { loadPlugin } from '../../registry/load-plugin.js';
import { prepareRecording } from '../histogram.js';
import type { PipelineResult, PipelineTask } from '../protocol.js';
import { toEpochMicros } from '../wall-clock.js';
import { faultOf } from './blame-plugin.js';
import { directStderr } from './direct-stderr.js';
import { Measurements } from './measurements.js';
import { Pipeline } from './pipeline.js';
import { sidePlan } from './side-plan.js';
import { StreamSearch } from './stream-search.js';

/**
 * tinypool entry point: one call per worker thread, running for the whole test. Plugins are
 * imported here from their module URLs because functions cannot cross thread boundaries.
 */
export default async function runPipeline(task: PipelineTask): Promise<PipelineResult | undefined> {
  const { config, port } = task;
  const log = directStderr(task.stderr.prefix);
  const refs: PluginRef[] = [task.plugins.transport, ...task.plugins.content, ...task.plugins.measurement];
  let pipeline: Pipeline | undefined;
  // A plugin hook or transport callback that throws from an event (a socket's 'data', a timer)
  // lands here instead of killing the thread: the run stops with a line naming the plugin, and
  // this worker still returns its figures.
  const onEscape = (err: unknown) => {
    if (pipeline) {
      pipeline.onFault(err);
    } else {
      port.postMessage({ type: 'fatal', ...faultOf(err, refs) });
    }
  };
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
  try {
    const options = (name: string) => config.pluginOptions[name] ?? {};
    const transportPlugin = await loadPlugin<TransportPlugin>(
      task.plugins.transport,
      options(task.plugins.transport.name),
    );
    const contentPlugins = await Promise.all(
      task.plugins.content.map((r) => loadPlugin<ContentPlugin>(r, options(r.name))),
    );
    const compilers = {
      client: new ContentCompiler(config, contentPlugins, 'client', task.contentSeed),
      server: new ContentCompiler(config, contentPlugins, 'server', task.contentSeed),
    };
    const measurementPlugins = await Promise.all(
      task.plugins.measurement.map((r) => loadPlugin<MeasurementPlugin>(r, options(r.name))),
    );
    if (measurementPlugins.length > 0) await prepareRecording();
    const measurements = new Measurements(measurementPlugins, (plugin, record) => ({
      ...hostContextFor(config, plugin.name, log),
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
      worker: task.worker,
      workers: task.workers,
      compile: (arg) => compilers.client.one(arg),
    });
    const built = new Pipeline(
      task,
      transport,
      {
        client: sidePlan(config, compilers.client.all(), 'client'),
        server: sidePlan(config, compilers.server.all(), 'server'),
      },
      measurements,
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
    port.postMessage({ type: 'fatal', ...faultOf(err, refs) });
    port.close();
    return undefined;
  } finally {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
  }
}
