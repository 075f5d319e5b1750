/**
 * kali's own command-line options, declared once. The tokenizer, the option handlers, the help
 * screens and the oclif flag definitions are all derived from this list, so an option added here
 * is recognised, documented and completed everywhere at once. Plugins declare theirs
 * (`plugin-options.ts`); the tokenizer reads both as one table.
 */

/** What the option's value looks like; drives help placeholders and oclif flag types. */
export type ValueKind =
  | 'none'
  | 'count'
  | 'integer'
  | 'n'
  | 'rate'
  | 'rate-or-latency'
  | 'size'
  | 'bandwidth'
  | 'time'
  | 'on-off'
  | 'string'
  | 'file'
  | 'host-port'
  | 'listen-mode'
  | 'percentiles';

export type OptionId =
  | 'short-help'
  | 'help'
  | 'version'
  | 'verbose'
  | 'dump-one'
  | 'dump-one-in'
  | 'dump-one-out'
  | 'dump-all'
  | 'dump-all-in'
  | 'dump-all-out'
  | 'nagle'
  | 'rcvbuf'
  | 'sndbuf'
  | 'source-ip'
  | 'write-combine'
  | 'workers'
  | 'websocket'
  | 'ssl'
  | 'header'
  | 'connections'
  | 'connect-rate'
  | 'connect-timeout'
  | 'channel-lifetime'
  | 'channel-bandwidth-upstream'
  | 'channel-bandwidth-downstream'
  | 'listen-port'
  | 'listen-mode'
  | 'duration'
  | 'delay-send'
  | 'unescape-message-args'
  | 'first-message'
  | 'first-message-file'
  | 'message'
  | 'message-file'
  | 'message-rate'
  | 'message-stop'
  | 'latency-connect'
  | 'latency-first-byte'
  | 'latency-marker'
  | 'latency-marker-skip'
  | 'latency-percentiles'
  | 'message-marker'
  | 'in-flight'
  | 'request-timeout'
  | 'rate-metric'
  | 'server'
  | 'transport'
  | 'output'
  | 'threshold'
  | 'threshold-abort'
  | 'segment'
  | 'start-at';

export type HelpGroup =
  | 'general'
  | 'network'
  | 'connections'
  | 'content'
  | 'latency'
  | 'results'
  | 'distributed'
  | 'plugins';

export interface OptionSpec {
  id: OptionId;
  /** Long names without `--`; the first is the one shown in messages and help. */
  long: string[];
  short?: string;
  kind: ValueKind;
  /** Can be given several times and every value counts. */
  repeatable: boolean;
  /** Placeholder shown in help, e.g. `<Time>`. */
  placeholder?: string;
  /** Default shown in help, when one is worth mentioning. */
  defaultText?: string;
  help: string;
  group: HelpGroup;
  /** Listed on the short `-h` screen too. */
  inShortHelp?: boolean;
  /** Recognised (so the error can be specific) but not advertised. */
  hidden?: boolean;
}

/**
 * Whether the option consumes a value. A counter is the odd one: `-v` counts, while its long form
 * `--verbose N` sets the level.
 */
export function takesValue(spec: OptionSpec, form: 'short' | 'long'): boolean {
  if (spec.kind === 'count') return form === 'long';
  return spec.kind !== 'none';
}

const o = (spec: Omit<OptionSpec, 'repeatable'> & { repeatable?: boolean }): OptionSpec => ({
  repeatable: false,
  ...spec,
});

/**
 * Order matters: getopt lists the candidates of an ambiguous prefix in table order, and tcpkali's
 * order puts `--message-marker` after `--message-stop` (see the `--mess` case).
 */
export const OPTIONS: readonly OptionSpec[] = [
  o({
    id: 'short-help',
    long: [],
    short: 'h',
    kind: 'none',
    help: 'Show the short help, then exit',
    group: 'general',
    inShortHelp: true,
  }),
  o({
    id: 'help',
    long: ['help'],
    kind: 'none',
    help: 'Show the full help, then exit',
    group: 'general',
    inShortHelp: true,
  }),
  o({
    id: 'version',
    long: ['version'],
    kind: 'none',
    help: 'Show the version, then exit',
    group: 'general',
  }),
  o({
    id: 'verbose',
    long: ['verbose'],
    short: 'v',
    kind: 'count',
    placeholder: '<0..3>',
    defaultText: '0',
    help: 'Raise (-v, -vv, -vvv) or set how much is logged',
    group: 'general',
  }),
  o({
    id: 'dump-one',
    long: ['dump-one'],
    short: 'd',
    kind: 'none',
    help: 'Show the data sent and received on one connection',
    group: 'general',
    inShortHelp: true,
  }),
  o({
    id: 'dump-one-in',
    long: ['dump-one-in'],
    kind: 'none',
    help: 'Show the data received on one connection',
    group: 'general',
  }),
  o({
    id: 'dump-one-out',
    long: ['dump-one-out'],
    kind: 'none',
    help: 'Show the data sent on one connection',
    group: 'general',
  }),
  o({
    id: 'dump-all',
    long: ['dump-all'],
    kind: 'none',
    help: 'Show the data sent and received on every connection',
    group: 'general',
  }),
  o({
    id: 'dump-all-in',
    long: ['dump-all-in'],
    kind: 'none',
    help: 'Show the data received on every connection',
    group: 'general',
  }),
  o({
    id: 'dump-all-out',
    long: ['dump-all-out'],
    kind: 'none',
    help: 'Show the data sent on every connection',
    group: 'general',
  }),
  o({
    id: 'nagle',
    long: ['nagle'],
    kind: 'on-off',
    placeholder: '<on|off>',
    help: 'Turn the Nagle algorithm on or off (TCP_NODELAY)',
    group: 'network',
  }),
  o({
    id: 'rcvbuf',
    long: ['rcvbuf'],
    kind: 'size',
    placeholder: '<SizeBytes>',
    help: 'Socket receive buffer size (SO_RCVBUF)',
    group: 'network',
  }),
  o({
    id: 'sndbuf',
    long: ['sndbuf'],
    kind: 'size',
    placeholder: '<SizeBytes>',
    help: 'Socket send buffer size (SO_SNDBUF)',
    group: 'network',
  }),
  o({
    id: 'source-ip',
    long: ['source-ip'],
    kind: 'string',
    repeatable: true,
    placeholder: '<IP>',
    help: 'Local address to connect from (repeat for several)',
    group: 'network',
  }),
  o({
    id: 'write-combine',
    long: ['write-combine'],
    kind: 'on-off',
    placeholder: '<on|off>',
    defaultText: 'on',
    help: 'off: write each message separately (implies --nagle=off)',
    group: 'network',
  }),
  o({
    id: 'workers',
    long: ['workers'],
    short: 'w',
    kind: 'integer',
    placeholder: '<N>',
    defaultText: 'CPU count',
    help: 'Number of worker threads',
    group: 'network',
  }),
  o({
    id: 'websocket',
    long: ['ws', 'websocket'],
    kind: 'none',
    help: 'Speak WebSocket (RFC 6455)',
    group: 'network',
    inShortHelp: true,
  }),
  o({ id: 'ssl', long: ['ssl'], kind: 'none', help: 'Wrap connections in TLS', group: 'network' }),
  o({
    id: 'header',
    long: ['header'],
    short: 'H',
    kind: 'string',
    repeatable: true,
    placeholder: '<text>',
    help: "Extra header line for the WebSocket upgrade request, or for a protocol's requests",
    group: 'network',
  }),
  o({
    id: 'connections',
    long: ['connections'],
    short: 'c',
    kind: 'n',
    placeholder: '<N>',
    defaultText: '1',
    help: 'How many connections to hold open',
    group: 'connections',
    inShortHelp: true,
  }),
  o({
    id: 'connect-rate',
    long: ['connect-rate'],
    kind: 'rate',
    placeholder: '<Rate>',
    defaultText: '100',
    help: 'New connections per second, at most',
    group: 'connections',
  }),
  o({
    id: 'connect-timeout',
    long: ['connect-timeout'],
    kind: 'time',
    placeholder: '<Time>',
    defaultText: '1s',
    help: 'Give up on a connection attempt after this long',
    group: 'connections',
  }),
  o({
    id: 'channel-lifetime',
    long: ['channel-lifetime'],
    kind: 'time',
    placeholder: '<Time>',
    help: 'Close each connection after this long',
    group: 'connections',
  }),
  o({
    id: 'channel-bandwidth-upstream',
    long: ['channel-bandwidth-upstream'],
    kind: 'bandwidth',
    placeholder: '<Bandwidth>',
    help: 'Sending speed limit per connection',
    group: 'connections',
  }),
  o({
    id: 'channel-bandwidth-downstream',
    long: ['channel-bandwidth-downstream'],
    kind: 'bandwidth',
    placeholder: '<Bandwidth>',
    help: 'Receiving speed limit per connection (0: never read)',
    group: 'connections',
  }),
  o({
    id: 'listen-port',
    long: ['listen-port'],
    short: 'l',
    kind: 'host-port',
    placeholder: '<[host:]port>',
    help: 'Accept connections on this port',
    group: 'connections',
    inShortHelp: true,
  }),
  o({
    id: 'listen-mode',
    long: ['listen-mode'],
    kind: 'listen-mode',
    placeholder: '<silent|active>',
    defaultText: 'silent',
    help: 'silent: only read; active: also send the messages',
    group: 'connections',
  }),
  o({
    id: 'duration',
    long: ['duration'],
    short: 'T',
    kind: 'time',
    placeholder: '<Time>',
    defaultText: '10s',
    help: 'Stop after this long (-1: run until interrupted)',
    group: 'connections',
    inShortHelp: true,
  }),
  o({
    id: 'delay-send',
    long: ['delay-send'],
    kind: 'time',
    placeholder: '<Time>',
    help: 'Wait this long after connecting before sending',
    group: 'connections',
  }),
  o({
    id: 'unescape-message-args',
    long: ['unescape-message-args'],
    short: 'e',
    kind: 'none',
    help: 'Turn \\n, \\xHH, \\0ooo… into bytes in the content options after it',
    group: 'content',
    inShortHelp: true,
  }),
  o({
    id: 'first-message',
    long: ['first-message'],
    short: '1',
    kind: 'string',
    repeatable: true,
    placeholder: '<text>',
    help: 'Send this once when a connection opens',
    group: 'content',
    inShortHelp: true,
  }),
  o({
    id: 'first-message-file',
    long: ['first-message-file'],
    kind: 'file',
    repeatable: true,
    placeholder: '<file>',
    help: 'Send this file once when a connection opens',
    group: 'content',
  }),
  o({
    id: 'message',
    long: ['message'],
    short: 'm',
    kind: 'string',
    repeatable: true,
    placeholder: '<text>',
    help: 'Send this over and over (several are joined)',
    group: 'content',
    inShortHelp: true,
  }),
  o({
    id: 'message-file',
    long: ['message-file'],
    short: 'f',
    kind: 'file',
    repeatable: true,
    placeholder: '<file>',
    help: 'Send this file over and over',
    group: 'content',
  }),
  o({
    id: 'message-rate',
    long: ['message-rate'],
    short: 'r',
    kind: 'rate-or-latency',
    placeholder: '<Rate|@Latency>',
    help: 'Messages per second per connection, or @Latency to search for the best rate',
    group: 'content',
    inShortHelp: true,
  }),
  o({
    id: 'message-stop',
    long: ['message-stop'],
    kind: 'string',
    placeholder: '<text>',
    help: 'Exit (code 2) when this is received',
    group: 'content',
  }),
  o({
    id: 'latency-connect',
    long: ['latency-connect'],
    kind: 'none',
    help: 'Measure how long connecting takes',
    group: 'latency',
  }),
  o({
    id: 'latency-first-byte',
    long: ['latency-first-byte'],
    kind: 'none',
    help: 'Measure how long until the first byte arrives',
    group: 'latency',
  }),
  o({
    id: 'latency-marker',
    long: ['latency-marker'],
    kind: 'string',
    placeholder: '<text>',
    help: 'Measure request/response time by finding this in replies',
    group: 'latency',
  }),
  o({
    id: 'latency-marker-skip',
    long: ['latency-marker-skip'],
    kind: 'n',
    placeholder: '<N>',
    defaultText: '0',
    help: 'Ignore the first N markers found on each connection',
    group: 'latency',
  }),
  o({
    id: 'latency-percentiles',
    long: ['latency-percentiles'],
    kind: 'percentiles',
    repeatable: true,
    placeholder: '<list>',
    defaultText: '95,99,99.5',
    help: 'Percentiles to report, separated by , or /',
    group: 'latency',
  }),
  o({
    id: 'message-marker',
    long: ['message-marker'],
    kind: 'none',
    help: 'Find \\{message.marker} timestamps in received data',
    group: 'latency',
  }),
  o({
    id: 'in-flight',
    long: ['in-flight'],
    kind: 'n',
    placeholder: '<N>',
    help: 'At most N requests awaiting a reply per connection (1: closed loop; needs replies recognised)',
    group: 'latency',
  }),
  o({
    id: 'request-timeout',
    long: ['request-timeout'],
    kind: 'time',
    placeholder: '<Time>',
    help: 'A request unanswered this long counts as a timeout; its connection is replaced',
    group: 'latency',
  }),
  o({
    id: 'rate-metric',
    long: ['rate-metric'],
    kind: 'string',
    placeholder: '<metric>',
    help: "Latency metric that -r @Latency judges (default: the replies' latency, else message)",
    group: 'latency',
  }),
  o({
    id: 'server',
    long: ['server'],
    kind: 'host-port',
    placeholder: '<host:port>',
    help: 'tcpkali orchestration server (not supported by kali)',
    group: 'plugins',
    hidden: true,
  }),
  o({
    id: 'transport',
    long: ['transport'],
    kind: 'string',
    placeholder: '<name>',
    help: 'Use this transport plugin',
    group: 'plugins',
  }),
  o({
    id: 'output',
    long: ['output'],
    kind: 'string',
    repeatable: true,
    placeholder: '<name>',
    help: 'Also report through this output plugin',
    group: 'plugins',
  }),
  o({
    id: 'threshold',
    long: ['threshold'],
    kind: 'string',
    repeatable: true,
    placeholder: '<figure><op><value>',
    help: 'Pass/fail criterion judged after the run, e.g. message.p99<5ms; exit 99 if one fails',
    group: 'results',
  }),
  o({
    id: 'threshold-abort',
    long: ['threshold-abort'],
    kind: 'none',
    help: 'Stop the run as soon as a --threshold can no longer pass',
    group: 'results',
  }),
  o({
    id: 'segment',
    long: ['segment'],
    kind: 'string',
    placeholder: '<K/N|auto/N>',
    help: 'Run share K of N of -c and --connect-rate (auto: K from JOB_COMPLETION_INDEX, 0-based)',
    group: 'distributed',
  }),
  o({
    id: 'start-at',
    long: ['start-at'],
    kind: 'string',
    placeholder: '<RFC3339|UnixSeconds>',
    help: 'Wait until this wall-clock time before ramping up (within the next day)',
    group: 'distributed',
  }),
];

export function optionById(id: OptionId): OptionSpec {
  const spec = OPTIONS.find((s) => s.id === id);
  if (!spec) throw new Error(`no option ${id}`);
  return spec;
}

/** `--name` for messages: the option's primary long name, or `-x` for short-only ones. */
export function displayName(spec: OptionSpec): string {
  return spec.long.length > 0 ? `--${spec.long[0]}` : `-${spec.short}`;
}
