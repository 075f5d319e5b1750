import type { OutputPlugin, PluginFactory } from 'kali';
import { HTML_OPTIONS, HTML_PLUGIN } from './html-options.js';

/** A report people can read: `--report FILE.html` writes one self-contained page per run. */
const factory: PluginFactory<OutputPlugin> = (kali) => ({
  kind: 'output',
  name: HTML_PLUGIN,
  description: 'HTML report: the run, its thresholds and metrics, latency and timeline charts',
  options: HTML_OPTIONS,
  enabled: (ctx) => ctx.options.report !== undefined,
  // The timeline charts need a record per second; the page draws whatever the host recorded.
  intervalSeconds: () => 1,
  // Every run imports every output plugin to read its options; the renderer (~20 ms, most of it
  // setting up Intl.NumberFormat) is loaded only by runs that write a report.
  create: async (ctx) => (await import('./html-output.js')).createHtmlOutput(ctx, kali),
});

export default factory;
