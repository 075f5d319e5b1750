import type { OutputPlugin, PluginFactory } from 'kali';
import { JSON_OPTIONS, JSON_PLUGIN } from './json-options.js';
import { createJsonOutput } from './json-output.js';

/** Machine-readable results: `--json-file PATH` (and `--json-interval T`). */
const factory: PluginFactory<OutputPlugin> = (kali) => ({
  kind: 'output',
  name: JSON_PLUGIN,
  description: 'Results as JSON: the final report, and a record per interval if asked',
  options: JSON_OPTIONS,
  enabled: (ctx) => ctx.options['json-file'] !== undefined,
  create: (ctx) => createJsonOutput(ctx, kali.describeError),
});

export default factory;
