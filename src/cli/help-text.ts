import { type HelpGroup, OPTIONS, type OptionSpec } from './option-table.js';
import { pluginHelpSections } from './plugin-help.js';
import type { PluginOptionSpec } from './plugin-options.js';

/** Help screens built from the option tables, so they can't drift from what the parser accepts. */

const USAGE = 'Usage: kali [options] [-l [host:]port] [host:port[/path] ...]';

const GROUP_TITLES: Record<HelpGroup, string> = {
  general: 'General',
  network: 'Sockets and protocols',
  connections: 'Connections and timing',
  content: 'What to send',
  latency: 'Latency measurement',
  results: 'Results (kali only)',
  distributed: 'Several processes or machines (kali only)',
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

/** One line of an option list: the names and placeholder, then what it does. */
export interface HelpRow {
  left: string;
  right: string;
}

function row(spec: OptionSpec): HelpRow {
  const names = [...(spec.short ? [`-${spec.short}`] : []), ...spec.long.map((l) => `--${l}`)].join(', ');
  const repeat = spec.repeatable ? ' [repeatable]' : '';
  const fallback = spec.defaultText ? ` [default: ${spec.defaultText}]` : '';
  return {
    left: spec.placeholder ? `${names} ${spec.placeholder}` : names,
    right: `${spec.help}${fallback}${repeat}`,
  };
}

const shown = OPTIONS.filter((s) => !s.hidden);
/** One column width for the whole screen; longer option names get a line of their own. */
const WIDTH = Math.min(34, Math.max(...shown.map((s) => row(s).left.length)) + 2);

function table(rows: readonly HelpRow[]): string[] {
  return rows.map(({ left, right }) =>
    left.length + 2 > WIDTH ? `  ${left}\n  ${' '.repeat(WIDTH)}${right}` : `  ${left.padEnd(WIDTH)}${right}`,
  );
}

/** The `-h` screen: the handful of options most runs need; plugins' options are on `--help`. */
export function shortUsage(): string {
  const lines = [
    USAGE,
    'Most used options:',
    ...table(shown.filter((s) => s.inShortHelp).map(row)),
    '',
    ...UNITS,
    '',
    'Run `kali --help` for every option.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Every shown option by group, in help order, with the group's title: for other renderings (the man page). */
export function optionGroups(): { title: string; rows: HelpRow[] }[] {
  const groups = [...new Set(shown.map((s) => s.group))];
  return groups.map((group) => ({
    title: GROUP_TITLES[group],
    rows: shown.filter((s) => s.group === group).map(row),
  }));
}

/** The units paragraph of the help screens. */
export const UNITS_HELP: readonly string[] = UNITS;

/** The `--help` screen: every option, grouped, then each installed plugin's under its name. */
export function longUsage(pluginOptions: readonly PluginOptionSpec[] = []): string {
  const lines = [USAGE, 'Load-test TCP, TLS and WebSocket servers, or act as a sink for them.'];
  const groups = [...new Set(shown.map((s) => s.group))];
  for (const group of groups) {
    lines.push('', `${GROUP_TITLES[group]}:`, ...table(shown.filter((s) => s.group === group).map(row)));
  }
  for (const section of pluginHelpSections(pluginOptions)) {
    lines.push('', section.heading, ...table(section.rows));
  }
  lines.push('', ...UNITS);
  return `${lines.join('\n')}\n`;
}
