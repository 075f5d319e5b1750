import type { FinalReport, Output, OutputContext, OutputPlugin, PluginFactory } from 'kali';

/**
 * An output that prints one summary line on stderr when the run ends. Outputs live in the main
 * thread only, so unlike transports and measurements they may keep any state they like.
 *
 * Turn it on with `kali --output __PLUGIN_NAME__ …`; `--plugin-option __PLUGIN_NAME__.label=X`
 * changes the line's prefix.
 */
const factory: PluginFactory<OutputPlugin> = (options) => ({
  kind: 'output',
  name: '__PLUGIN_NAME__',
  description: 'One-line run summary on stderr',
  // Off unless asked for by name, so installing the plugin does not change kali's output.
  enabled: () => false,
  create: (ctx) => new SummaryLine(ctx, options.label ?? '__PLUGIN_NAME__'),
});

class SummaryLine implements Output {
  constructor(
    private readonly ctx: OutputContext,
    private readonly label: string,
  ) {}

  onReport(report: FinalReport): void {
    const seconds = report.duration;
    const mbps = (bytes: number) => (seconds > 0 ? ((bytes * 8) / seconds / 1e6).toFixed(3) : '0.000');
    this.ctx.log(
      `${this.label}: ${mbps(report.traffic.bytesRcvd)} Mbps in, ${mbps(report.traffic.bytesSent)} Mbps out, ` +
        `${report.openConnections} connections, ${seconds.toFixed(1)} s`,
    );
  }
}

export default factory;
