import type { OutputPlugin, PluginFactory } from 'kali';
import { createConsoleOutput } from './console-output.js';

/**
 * tcpkali's console output: the final summary on stdout, and on a terminal the live progress
 * line (ramp-up ribbon, then traffic rates) on stderr.
 */
const factory: PluginFactory<OutputPlugin> = () => ({
  kind: 'output',
  name: 'console',
  description: 'tcpkali-style live progress line and final summary',
  options: [
    {
      name: 'summary',
      type: 'flag',
      description: 'After the report, a table of every latency metric (p50…max, mean) and counter',
    },
  ],
  enabled: () => true,
  create: (ctx) => createConsoleOutput(ctx),
});

export default factory;
