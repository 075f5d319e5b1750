import type { OutputPlugin, PluginFactory } from 'kali';
import { createJsonOutput } from './json-output.js';

/** Machine-readable results: `--output json --plugin-option json.file=PATH`. */
const factory: PluginFactory<OutputPlugin> = () => ({
  kind: 'output',
  name: 'json',
  description: 'final report (and optional per-interval records) as JSON; --output json',
  create: (ctx) => createJsonOutput(ctx),
});

export default factory;
