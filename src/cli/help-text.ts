import { type HelpGroup, OPTIONS, type OptionSpec } from './option-table.js';

/** Help screens built from the option table, so they can't drift from what the parser accepts. */

const USAGE = 'Usage: kali [options] [-l [host:]port] [host:port[/path] ...]';

const GROUP_TITLES: Record<HelpGroup, string> = {
  general: 'General',
  network: 'Sockets and protocols',
  connections: 'Connections and timing',
  content: 'What to send',
  latency: 'Latency measurement',
  statsd: 'StatsD',
  plugins: 'Plugins (kali only)',
};

const UNITS = [
  'Units:',
  '  <N>, <Rate>        a number, optionally times k (1000) or m (1000000)',
  '  <SizeBytes>        bytes, optionally times k (1024) or m (1048576)',
  '  <Bandwidth>        bytes per second; bps, kbps, Mbps, Gbps count bits,',
  '                     Bps, kBps, MBps, GBps count bytes',
  '  <Time>, <Latency>  seconds, or a number followed by ms, s, m (minutes), h, d or y',
  '  Fractions and exponents are fine: 0.25, 1.5k, 1e3.',
];

function leftColumn(spec: OptionSpec): string {
  const names = [...(spec.short ? [`-${spec.short}`] : []), ...spec.long.map((l) => `--${l}`)].join(', ');
  return spec.placeholder ? `${names} ${spec.placeholder}` : names;
}

function rightColumn(spec: OptionSpec): string {
  const repeat = spec.repeatable ? ' [repeatable]' : '';
  const fallback = spec.defaultText ? ` [default: ${spec.defaultText}]` : '';
  return `${spec.help}${fallback}${repeat}`;
}

const shown = OPTIONS.filter((s) => !s.hidden);
/** One column width for the whole screen; longer option names get a line of their own. */
const WIDTH = Math.min(34, Math.max(...shown.map((s) => leftColumn(s).length)) + 2);

function table(specs: readonly OptionSpec[]): string[] {
  const width = WIDTH;
  return specs.map((spec) => {
    const left = leftColumn(spec);
    return left.length + 2 > width
      ? `  ${left}\n  ${' '.repeat(width)}${rightColumn(spec)}`
      : `  ${left.padEnd(width)}${rightColumn(spec)}`;
  });
}

/** The `-h` screen: the handful of options most runs need. */
export function shortUsage(): string {
  const lines = [
    USAGE,
    'Most used options:',
    ...table(shown.filter((s) => s.inShortHelp)),
    '',
    ...UNITS,
    '',
    'Run `kali --help` for every option.',
  ];
  return `${lines.join('\n')}\n`;
}

/** The `--help` screen: every option, grouped. */
export function longUsage(): string {
  const lines = [USAGE, 'Load-test TCP, TLS and WebSocket servers, or act as a sink for them.'];
  const groups = [...new Set(shown.map((s) => s.group))];
  for (const group of groups) {
    lines.push('', `${GROUP_TITLES[group]}:`, ...table(shown.filter((s) => s.group === group)));
  }
  lines.push('', ...UNITS);
  return `${lines.join('\n')}\n`;
}
