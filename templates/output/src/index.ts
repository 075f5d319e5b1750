import type { FinalReport, Output, OutputContext, OutputPlugin, PluginFactory } from 'kali';

/**
 * An output that prints one summary line on stderr when the run ends. Outputs live in the main
 * thread only, so unlike transports and measurements they may keep any state they like.
 *
 * Turn it on with `kali --output __PLUGIN_NAME__ …`; `--__PLUGIN_NAME__-label TEXT` changes the
 * line's prefix.
 */
const factory: PluginFactory<OutputPlugin> = (kali) => ({
  kind: 'output',
  name: '__PLUGIN_NAME__',
  description: 'One-line run summary on stderr (--output __PLUGIN_NAME__)',
  // kali parses these like its own options and hands the values over as ctx.options.
  options: [
    {
      name: LABEL,
      type: 'string',
      valueName: 'TEXT',
      description: 'Prefix of the __PLUGIN_NAME__ summary line',
      default: '__PLUGIN_NAME__',
    },
  ],
  // Off unless asked for by name, so installing the plugin does not change kali's output.
  enabled: () => false,
  create(ctx) {
    const label = String(ctx.options[LABEL]);
    if (label.trim() === '') throw kali.error(`--${LABEL}: give a label that is not empty`, kali.exit.USAGE);
    return new SummaryLine(ctx, label);
  },
});

const LABEL = '__PLUGIN_NAME__-label';

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
