import { type HelpRow, optionGroups, UNITS_HELP } from './help-text.js';
import type { ManCommand } from './plugin-commands.js';
import { pluginHelpSections } from './plugin-help.js';
import type { PluginOptionSpec } from './plugin-options.js';

/**
 * kali(1) in roff, from the same tables as `kali --help`, so that the page cannot drift from what
 * the parser accepts. Built at build time with the built-in plugins' options and commands.
 */
export function manPage(
  version: string,
  date: string,
  pluginOptions: readonly PluginOptionSpec[],
  commands: readonly ManCommand[] = [],
): string {
  // First words of the commands; the plugins' come from their packages, as in the COMMANDS list.
  const first = commands.map((c) => c.usage.split(' ')[0]);
  const topics = [...new Set(['merge', 'compare', 'k8s', ...first, 'plugins', 'capabilities', 'help'])];
  const out: string[] = [
    `.TH KALI 1 "${date}" "kali ${roff(version)}" "User Commands"`,
    '.SH NAME',
    'kali \\- TCP, TLS and WebSocket load generator and sink, compatible with tcpkali',
    '.SH SYNOPSIS',
    '.B kali',
    '[\\fIoptions\\fR] [\\fB\\-l\\fR [\\fIhost\\fB:\\fR]\\fIport\\fR] [\\fIhost\\fB:\\fIport\\fR[\\fB/\\fIpath\\fR] ...]',
    '.br',
    '.B kali',
    '[\\fIoptions\\fR] \\fIscheme\\fB://\\fIhost\\fR[\\fB:\\fIport\\fR][\\fB/\\fIpath\\fR] ...',
    '.br',
    '.B kali',
    `${topics.map((w) => `\\fB${roff(w)}\\fR`).join('|')} ...`,
    '.SH DESCRIPTION',
    'kali opens connections to the destinations and sends traffic: messages at a rate, files,',
    'expressions, WebSocket frames, or requests of a protocol plugin selected by the URL scheme.',
    "With \\fB\\-l\\fR it also listens, as a sink. It keeps tcpkali's command line, its report on",
    'stdout and its exit statuses, and adds plugins (transports, content, measurements, outputs,',
    'protocols), result documents, thresholds and reports.',
    '.SH OPTIONS',
  ];
  for (const group of optionGroups()) out.push(`.SS ${roff(group.title)}`, ...rows(group.rows));
  const sections = pluginHelpSections(pluginOptions);
  if (sections.length > 0) {
    out.push(
      '.SH PLUGIN OPTIONS',
      'Options that the built-in plugins declare; installed plugins add theirs to \\fBkali \\-\\-help\\fR.',
    );
    for (const s of sections) out.push(`.SS ${roff(s.heading.replace(/:$/, ''))}`, ...rows(s.rows));
  }
  out.push('.SH UNITS', '.nf', ...UNITS_HELP.slice(1).map((l) => roff(l.trimStart())), '.fi');
  out.push(
    '.SH COMMANDS',
    ...commandItem(
      'merge FILE... [--json OUT]',
      'Add up result documents of runs made side by side and report them as one run.',
    ),
    ...commandItem(
      'compare BASE NEW [--tolerance PCT]...',
      'Compare two result documents; exit 1 when a figure got worse than tolerated.',
    ),
    ...commandItem(
      'k8s job --segments N [options] -- <kali arguments>',
      'Print a Kubernetes Indexed Job that runs a load in N pods.',
    ),
    // The plugins' own commands, as their packages declare them: the host names none.
    ...commands.flatMap((c) => commandItem(c.usage, c.summary)),
    ...commandItem(
      'plugins [install|link|inspect|new] ...',
      'Manage plugins; new writes a plugin package from a template.',
    ),
    ...commandItem('capabilities', 'List what the installed plugins provide.'),
    '.SH EXIT STATUS',
    ...exitItem('0', 'the run finished as asked'),
    ...exitItem('1', 'the run failed (connections, a worker, a plugin or an output)'),
    ...exitItem('2', '\\-\\-message\\-stop found its text'),
    ...exitItem('64', 'usage error, or interrupted (Ctrl+C, q, SIGTERM, SIGHUP) after the report'),
    ...exitItem('65', 'unreadable or invalid input (a message file, a result document)'),
    ...exitItem('68', 'a destination name did not resolve'),
    ...exitItem('69', 'cannot listen, or \\-r @Latency found no rate'),
    ...exitItem('99', 'a \\-\\-threshold failed'),
    '.SH SEE ALSO',
    '.BR tcpkali (1).',
    'The documentation in the package: README.md, docs/plugins.md, docs/results.md, docs/compatibility.md.',
  );
  return `${out.join('\n')}\n`;
}

function rows(list: readonly HelpRow[]): string[] {
  return list.flatMap((r) => ['.TP', `.B ${roff(r.left)}`, roff(r.right)]);
}

function commandItem(usage: string, text: string): string[] {
  return ['.TP', `.B kali ${roff(usage)}`, roff(text)];
}

function exitItem(code: string, text: string): string[] {
  return ['.TP', `.B ${code}`, text];
}

/** Text as roff prints it: backslashes and hyphens escaped, no line read as a request. */
function roff(text: string): string {
  const escaped = text.replaceAll('\\', '\\e').replaceAll('-', '\\-');
  return /^[.']/.test(escaped) ? `\\&${escaped}` : escaped;
}
