import type { OptionDeclaration, OptionValue, OptionValues, RunConfig } from 'kali';
import { formatG } from './format-g.js';

/** tcpkali's StatsD options, with its defaults and its messages. */
export const STATSD_OPTIONS: readonly OptionDeclaration[] = [
  { name: 'statsd', type: 'flag', default: false, description: 'Send metrics to StatsD' },
  {
    name: 'statsd-host',
    type: 'string',
    valueName: 'host',
    default: '127.0.0.1',
    description: 'StatsD host',
    check: (host) => (host === '' ? '--statsd-host: Expected a host name' : undefined),
  },
  {
    name: 'statsd-port',
    type: 'integer',
    valueName: 'port',
    default: 8125,
    min: 1,
    max: 65535,
    description: 'StatsD UDP port',
  },
  {
    name: 'statsd-namespace',
    type: 'string',
    default: 'tcpkali',
    description: 'Prefix of every metric name',
  },
  {
    name: 'statsd-latency-window',
    type: 'duration',
    description: 'Report latencies per window of this length instead of per run',
    check: windowProblem,
  },
];

/** Checked against --duration once the command line is read, in tcpkali's words. */
function windowProblem(
  value: OptionValue | readonly OptionValue[],
  config: Readonly<RunConfig>,
): string | undefined {
  const window = value as number;
  if (window < 0.5) return `--statsd-latency-window=${formatG(window)}s is too small. Try 0.5s.`;
  if (window > config.duration) {
    return `--statsd-latency-window=${formatG(window)}s is longer than --duration=${formatG(config.duration)}s.`;
  }
  return undefined;
}

export interface StatsdSettings {
  enabled: boolean;
  host: string;
  port: number;
  namespace: string;
  /** Seconds; undefined when latencies are reported over the whole run. */
  latencyWindow?: number;
}

/** The host hands over parsed values with defaults applied; the fallbacks cover hand-made contexts. */
export function statsdSettings(options: OptionValues): StatsdSettings {
  const window = options['statsd-latency-window'];
  return {
    enabled: options.statsd === true,
    host: typeof options['statsd-host'] === 'string' ? options['statsd-host'] : '127.0.0.1',
    port: typeof options['statsd-port'] === 'number' ? options['statsd-port'] : 8125,
    namespace: typeof options['statsd-namespace'] === 'string' ? options['statsd-namespace'] : 'tcpkali',
    ...(typeof window === 'number' ? { latencyWindow: window } : {}),
  };
}
