import { ContentCompiler } from '../../content/compile-content.js';
import { asFailure } from '../../host/failure.js';
import { hostContextFor } from '../../host/host-context.js';
import type { ContentPlugin } from '../../interfaces/content.js';
import type { MeasurementPlugin } from '../../interfaces/measurement.js';
import type { TransportPlugin } from '../../interfaces/transport.js';
import { loadPlugin } from '../../registry/load-plugin.js';
import { prepareRecording } from '../histogram.js';
import type { PipelineResult, PipelineTask } from '../protocol.js';
import { toEpochMicros } from '../wall-clock.js';
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
  const log = (line: string) => port.postMessage({ type: 'log', line });
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
    // Measurement hooks reach the pipeline, which is built after them.
    let pipeline: Pipeline | undefined;
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
    pipeline = new Pipeline(
      task,
      transport,
      {
        client: sidePlan(config, compilers.client.all(), 'client'),
        server: sidePlan(config, compilers.server.all(), 'server'),
      },
      measurements,
    );
    await pipeline.prepare();
    return await pipeline.done;
  } catch (err) {
    const failure = asFailure(err);
    port.postMessage({ type: 'fatal', message: failure.message, exitCode: failure.exitCode });
    port.close();
    return undefined;
  }
}
