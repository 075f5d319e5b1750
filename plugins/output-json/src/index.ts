import type { OutputPlugin, PluginFactory } from 'kali';
import { JSON_OPTIONS, JSON_PLUGIN, jsonFile, jsonInterval } from './json-options.js';

/** The run's result document (docs/result.schema.json) as JSON: `--json FILE`, `-` for stdout. */
const factory: PluginFactory<OutputPlugin> = (kali) => ({
  kind: 'output',
  name: JSON_PLUGIN,
  description: 'The result document as JSON, kept current during the run',
  options: JSON_OPTIONS,
  enabled: (ctx) => jsonFile(ctx.options) !== undefined,
  intervalSeconds: (ctx) => jsonInterval(ctx.options),
  // stdout then holds the document alone; the text report goes to stderr.
  ownsStdout: (ctx) => jsonFile(ctx.options) === '-',
  // kali k8s job asks every pod for its document this way, for kali merge - to read.
  resultToStdout: ['--json', '-'],
  // Loaded when --json is given, not by every run that only lists the options.
  create: async (ctx) => (await import('./json-output.js')).createJsonOutput(ctx, kali.describeError),
});

export default factory;
