import { isIP } from 'node:net';
import { unescapeText } from '../content/unescape.js';
import { segmentShare } from '../engine/segment-share.js';
import { UsageError } from '../errors/index.js';
import type { ContentArg, ContentOption, DestinationSpec, RunConfig } from '../interfaces/config.js';
import { parseDestination, parseListen } from './addresses.js';
import { displayName, OPTIONS, type OptionId, type OptionSpec } from './option-table.js';
import { defaultValue, parsePluginOptionValue } from './plugin-option-value.js';
import type { PluginOptionSpec } from './plugin-options.js';
import { parseSegment } from './segment-option.js';
import { parseStartAt } from './start-at-option.js';
import { type Token, tokenize } from './tokenizer.js';
import { quantityError, scanQuantity, type UnitKind } from './units.js';
import { parseOnOff, parsePercentiles, parseWholeNumber } from './value-parsers.js';

export type CommandLine =
  | {
      action: 'run';
      config: RunConfig;
      /** WARNING:/NOTE: lines tcpkali prints on stderr while parsing, in order. */
      notices: string[];
    }
  | { action: 'short-help' }
  | { action: 'long-help' }
  | { action: 'version' };

/** What the command line is read against besides itself. */
export interface ParseEnvironment {
  cpus: number;
  /** Environment variables (`--segment auto/N` reads one); process.env when absent. */
  variables?: Readonly<Record<string, string | undefined>>;
  /** Wall-clock milliseconds now (`--start-at` must lie ahead); Date.now when absent. */
  now?: () => number;
}

const DEFAULT_PERCENTILES = ['95', '99', '99.5'];
const DEFAULT_DURATION = 10;

/** What the option loop collects before defaults and cross-option checks are applied. */
interface Collected {
  config: RunConfig;
  notices: string[];
  positionals: string[];
  unescape: boolean;
  workers?: number;
  duration?: number;
  nagle?: boolean;
  writeCombineOff: boolean;
  percentilesGiven: boolean;
  /** `-r @N` typed without a unit (and N > 1): probably meant milliseconds. */
  unitlessLatency?: string;
  /** Plugin options given on the command line, for their checks once it is all read. */
  givenPluginOptions: Set<PluginOptionSpec>;
  /** `--segment`: applied to -c and --connect-rate once both are known. */
  segment?: { index: number; count: number };
}

type OptionToken<S> = Token & { type: 'option'; spec: S };

/**
 * argv (without the program name) to a run configuration, or to one of the informational actions.
 * `pluginOptions` are the installed plugins' declared options (`plugin-options.ts`), read exactly
 * like kali's own. Throws {@link UsageError} with tcpkali's wording for every mistake. Never
 * prints or exits.
 */
export async function parseCommandLine(
  argv: string[],
  env: ParseEnvironment,
  pluginOptions: readonly PluginOptionSpec[] = [],
): Promise<CommandLine> {
  const state: Collected = {
    config: defaultConfig(),
    notices: [],
    positionals: [],
    unescape: false,
    writeCombineOff: false,
    percentilesGiven: false,
    givenPluginOptions: new Set(),
  };
  for (const token of tokenize(argv, [...OPTIONS, ...pluginOptions])) {
    if (token.type === 'positional') {
      state.positionals.push(token.value);
      continue;
    }
    if (token.spec.id === 'plugin') {
      applyPluginOption(state, token.spec, token.value);
      continue;
    }
    const action = applyOption(state, token as OptionToken<OptionSpec>, env);
    if (action) return { action };
  }
  return finish(state, env, pluginOptions);
}

/** A repeatable option collects its values in command-line order; any other keeps the last one. */
function applyPluginOption(state: Collected, spec: PluginOptionSpec, text: string | undefined): void {
  const d = spec.declaration;
  const value = parsePluginOptionValue(d, text);
  state.config.pluginOptions[spec.owner.name] ??= {};
  const values = state.config.pluginOptions[spec.owner.name];
  if (!d.repeatable) values[d.name] = value;
  else if (state.givenPluginOptions.has(spec)) (values[d.name] as unknown[]).push(value);
  else values[d.name] = [value];
  state.givenPluginOptions.add(spec);
}

/** Every plugin that declares options gets its record, with defaults for what was not given. */
function applyPluginDefaults(state: Collected, specs: readonly PluginOptionSpec[]): void {
  for (const spec of specs) {
    state.config.pluginOptions[spec.owner.name] ??= {};
    const values = state.config.pluginOptions[spec.owner.name];
    const fallback = defaultValue(spec.declaration);
    if (!state.givenPluginOptions.has(spec) && fallback !== undefined)
      values[spec.declaration.name] = fallback;
  }
}

/** The plugins' own checks of what was given, in table order, once everything is known. */
function checkPluginOptions(state: Collected, specs: readonly PluginOptionSpec[]): void {
  for (const spec of specs) {
    const check = spec.declaration.check;
    if (!check || !state.givenPluginOptions.has(spec)) continue;
    const value = state.config.pluginOptions[spec.owner.name][spec.declaration.name];
    const problem = check.call(spec.declaration, value, state.config);
    if (problem !== undefined) throw new UsageError(problem);
  }
}

function defaultConfig(): RunConfig {
  return {
    destinations: [],
    connections: 1,
    connectRate: 100,
    connectTimeout: 1,
    channelLifetime: Number.POSITIVE_INFINITY,
    listenMode: 'silent',
    duration: DEFAULT_DURATION,
    delaySend: 0,
    messageRate: { kind: 'unlimited' },
    content: [],
    latency: {
      connect: false,
      firstByte: false,
      markerSkip: 0,
      percentiles: DEFAULT_PERCENTILES.map((label) => ({ value: Number(label), label })),
      messageMarker: false,
    },
    workers: 1,
    verbose: 0,
    dump: { oneIn: false, oneOut: false, allIn: false, allOut: false },
    sourceIps: [],
    writeCombine: true,
    websocket: false,
    ssl: false,
    outputs: [],
    thresholds: [],
    thresholdAbort: false,
    pluginOptions: {},
  };
}

/**
 * Reads a number with a unit. When no number can be read at all, tcpkali's parser returned -1 and
 * the option's own range check fired, so `tcpkaliMessage` (that check's text) is used; a bad unit
 * or an infinite value gets kali's one-line message naming the option and the value.
 */
function quantity(kind: UnitKind, token: OptionToken<OptionSpec>, tcpkaliMessage?: string): number {
  const text = token.value!;
  const result = scanQuantity(kind, text);
  if (result.ok) return result.value;
  if (result.problem === 'not-a-number' && tcpkaliMessage) throw new UsageError(tcpkaliMessage);
  throw quantityError(kind, displayName(token.spec), text, result);
}

function addContent(state: Collected, option: ContentOption, value: string): void {
  const arg: ContentArg = { option, value, unescape: state.unescape };
  state.config.content.push(arg);
}

type Informational = 'short-help' | 'long-help' | 'version';

function applyOption(
  state: Collected,
  token: OptionToken<OptionSpec>,
  env: ParseEnvironment,
): Informational | undefined {
  const { config, notices } = state;
  const value = token.value ?? '';
  const id: OptionId = token.spec.id;
  switch (id) {
    case 'short-help':
      return 'short-help';
    case 'help':
      return 'long-help';
    case 'version':
      return 'version';
    case 'verbose':
      if (token.value === undefined) {
        // -v counts; tcpkali has only four levels, so extra v's change nothing.
        config.verbose = Math.min(3, config.verbose + 1);
      } else {
        const level = parseWholeNumber(value);
        if (level === undefined || level < 0 || level > 3) throw new UsageError('Expecting --verbose=[0..3]');
        config.verbose = level;
      }
      return;
    case 'dump-one':
      config.dump.oneIn = true;
      config.dump.oneOut = true;
      return;
    case 'dump-one-in':
      config.dump.oneIn = true;
      return;
    case 'dump-one-out':
      config.dump.oneOut = true;
      return;
    case 'dump-all':
      config.dump.allIn = true;
      config.dump.allOut = true;
      return;
    case 'dump-all-in':
      config.dump.allIn = true;
      return;
    case 'dump-all-out':
      config.dump.allOut = true;
      return;
    case 'nagle': {
      const on = parseOnOff(value);
      if (on === undefined) throw new UsageError('Expecting --nagle "on" or "off"');
      state.nagle = on;
      return;
    }
    case 'rcvbuf':
    case 'sndbuf': {
      const message = `Expecting --${id} > 0`;
      const bytes = Math.trunc(quantity('size', token, message));
      if (!(bytes > 0)) throw new UsageError(message);
      config[id] = bytes;
      return;
    }
    case 'source-ip':
      if (isIP(value) === 0) throw new UsageError(`--source-ip=${value}: local IP address expected`);
      config.sourceIps.push(value);
      return;
    case 'write-combine': {
      const on = parseOnOff(value);
      if (on === undefined) throw new UsageError('Expecting --write-combine off');
      if (on) notices.push('NOTE: --write-combine on is a default setting');
      state.writeCombineOff = !on;
      return;
    }
    case 'workers': {
      // tcpkali's -w takes a value, so `-ws` reads as `-w s`: say what was probably meant.
      if (value === 's')
        throw new UsageError('Expected -w <N> (--workers) or --ws (--websocket), but not -ws.');
      const n = parseWholeNumber(value);
      if (n === undefined) throw new UsageError(`--workers=${value}: Expected a whole number`);
      if (n < 1) throw new UsageError('Expected --workers > 1');
      if (n > env.cpus) {
        throw new UsageError(`Value --workers=${n} is unreasonably large, only ${env.cpus} CPUs detected`);
      }
      state.workers = n;
      return;
    }
    case 'websocket':
      config.websocket = true;
      return;
    case 'ssl':
      config.ssl = true;
      return;
    case 'header':
      addHeader(state, value);
      return;
    case 'connections': {
      const message = 'Expecting --connections > 0';
      const n = quantity('n', token, message);
      if (n < 0) throw new UsageError(message);
      config.connections = Math.trunc(n);
      return;
    }
    case 'connect-rate':
      config.connectRate = positive(quantity('n', token, positiveMessage(id, value)), id, value);
      return;
    case 'connect-timeout':
      config.connectTimeout = positive(quantity('time', token, positiveMessage(id, value)), id, value);
      return;
    case 'channel-lifetime':
      config.channelLifetime = nonNegative(quantity('time', token, nonNegativeMessage(id, value)), id, value);
      return;
    case 'channel-bandwidth-upstream':
      config.channelBandwidthUpstream = positive(
        quantity('bandwidth', token, positiveMessage(id, value)),
        id,
        value,
      );
      return;
    case 'channel-bandwidth-downstream':
      config.channelBandwidthDownstream = nonNegative(
        quantity('bandwidth', token, nonNegativeMessage(id, value)),
        id,
        value,
      );
      return;
    case 'listen-port':
      config.listen = parseListen(value);
      return;
    case 'listen-mode':
      if (value !== 'silent' && value !== 'active') {
        throw new UsageError(`--listen-mode=${value} is not one of {silent|active}`);
      }
      config.listenMode = value;
      return;
    case 'duration': {
      const seconds = quantity('time', token);
      if (seconds === -1) {
        state.duration = Number.POSITIVE_INFINITY;
        return;
      }
      state.duration = positive(seconds, id, value);
      return;
    }
    case 'delay-send':
      config.delaySend = nonNegative(quantity('time', token), id, value);
      return;
    case 'unescape-message-args':
      state.unescape = true;
      return;
    case 'first-message':
    case 'first-message-file':
    case 'message':
    case 'message-file':
      addContent(state, id, value);
      return;
    case 'message-rate':
      setMessageRate(state, token);
      return;
    case 'message-stop':
      config.messageStop = messageStop(value, state.unescape);
      return;
    case 'latency-connect':
      config.latency.connect = true;
      return;
    case 'latency-first-byte':
      config.latency.firstByte = true;
      return;
    case 'latency-marker':
      if (value === '') throw new UsageError('--latency-marker: Expected a non-empty marker');
      if (config.latency.messageMarker) {
        throw new UsageError('--latency-marker: --message-marker is already specified, use one or the other');
      }
      // Only one marker can be searched for: a later one replaces the earlier.
      config.content = config.content.filter((arg) => arg.option !== 'latency-marker');
      addContent(state, 'latency-marker', value);
      return;
    case 'latency-marker-skip': {
      const message = '--latency-marker-skip: Failed to parse or out of range expression';
      const n = quantity('n', token, message);
      if (n < 0) throw new UsageError(message);
      config.latency.markerSkip = Math.trunc(n);
      return;
    }
    case 'latency-percentiles': {
      const parsed = parsePercentiles(value);
      config.latency.percentiles = state.percentilesGiven
        ? [...config.latency.percentiles, ...parsed]
        : parsed;
      state.percentilesGiven = true;
      return;
    }
    case 'message-marker':
      if (config.content.some((arg) => arg.option === 'latency-marker')) {
        throw new UsageError('--message-marker: --latency-marker is already specified, use one or the other');
      }
      config.latency.messageMarker = true;
      return;
    case 'server':
      throw new UsageError('--server: tcpkali orchestration servers are not supported by kali');
    case 'in-flight': {
      const n = quantity('n', token, '--in-flight: Expected a whole number of requests, at least 1');
      if (!Number.isInteger(n) || n < 1)
        throw new UsageError(`--in-flight=${value}: Expected a whole number of requests, at least 1`);
      config.inFlight = n;
      return;
    }
    case 'request-timeout':
      config.requestTimeout = positive(quantity('time', token, positiveMessage(id, value)), id, value);
      return;
    case 'threshold':
      config.thresholds.push(value);
      return;
    case 'threshold-abort':
      config.thresholdAbort = true;
      return;
    case 'rate-metric':
      if (value === '') throw new UsageError('--rate-metric: Expected a latency metric name');
      config.rateMetric = value;
      return;
    case 'transport':
      if (value === '') throw new UsageError('--transport: Expected a transport plugin name');
      config.transport = value;
      return;
    case 'output':
      if (value === '') throw new UsageError('--output: Expected an output plugin name');
      config.outputs.push(value);
      return;
    case 'segment':
      state.segment = parseSegment(value, env.variables ?? process.env);
      return;
    case 'start-at':
      config.startAt = parseStartAt(value, (env.now ?? Date.now)());
      return;
    default: {
      const unhandled: never = id;
      throw new Error(`option ${String(unhandled)} has no handler`);
    }
  }
}

const positiveMessage = (id: string, text: string): string => `Expected positive --${id}=${text}`;
const nonNegativeMessage = (id: string, text: string): string => `Expected non-negative --${id}=${text}`;

function positive(n: number, id: string, text: string): number {
  if (!(n > 0)) throw new UsageError(positiveMessage(id, text));
  return n;
}

function nonNegative(n: number, id: string, text: string): number {
  if (!(n >= 0)) throw new UsageError(nonNegativeMessage(id, text));
  return n;
}

function addHeader(state: Collected, value: string): void {
  if (value === '') {
    state.notices.push('WARNING: --header="" value is empty, ignored');
    return;
  }
  // A line break would end the header block of the upgrade request early.
  const bytes = state.unescape ? unescapeText(value) : new TextEncoder().encode(value);
  if (bytes.includes(0x0a) || bytes.includes(0x0d)) {
    throw new UsageError(`--header="${value}" must not contain a line break`);
  }
  if (!/^[A-Za-z]/.test(value)) {
    state.notices.push(`WARNING: --header="${value}" starts with '${value[0]}', are you sure?`);
  }
  addContent(state, 'header', value);
}

function setMessageRate(state: Collected, token: OptionToken<OptionSpec>): void {
  const text = token.value!;
  const previous = state.config.messageRate.kind;
  if (text.startsWith('@')) {
    const latencyText = text.slice(1);
    const result = scanQuantity('time', latencyText);
    if (!result.ok) throw quantityError('time', '--message-rate', text, result);
    if (!(result.value > 0)) throw new UsageError(`--message-rate=${text}: Expected a positive latency`);
    if (previous === 'fixed') {
      state.notices.push(
        `WARNING: --message-rate ${text} overrides previous fixed --message-rate specification.`,
      );
    }
    state.config.messageRate = { kind: 'latency', seconds: result.value, text: latencyText };
    state.unitlessLatency = result.unit === '' && result.value > 1 ? latencyText : undefined;
    return;
  }
  const message = 'Expecting --message-rate > 0';
  const perSecond = quantity('n', token, message);
  if (!(perSecond > 0)) throw new UsageError(message);
  if (previous === 'latency') {
    state.notices.push(
      `WARNING: --message-rate ${text} overrides previous dynamic --message-rate specification.`,
    );
  }
  state.config.messageRate = { kind: 'fixed', perSecond };
  state.unitlessLatency = undefined;
}

/** Matched against raw received bytes, so it must be literal and is unescaped right here. */
function messageStop(value: string, unescapeIt: boolean): string {
  if (value === '') throw new UsageError('--message-stop: Expected a non-empty string');
  if (value.includes('\\{'))
    throw new UsageError(`--message-stop="${value}" must not contain \\{…} expressions`);
  if (!unescapeIt) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(unescapeText(value));
  } catch {
    throw new UsageError(`--message-stop="${value}": the unescaped value must be valid UTF-8 text`);
  }
}

/** Defaults that depend on other options, then the checks that span several options. */
function finish(
  state: Collected,
  env: ParseEnvironment,
  pluginOptions: readonly PluginOptionSpec[],
): CommandLine {
  const { config, notices } = state;
  const destinations: DestinationSpec[] = state.positionals.map(parseDestination);
  config.destinations = destinations;

  const has = (...options: ContentOption[]): boolean =>
    config.content.some((a) => options.includes(a.option));
  // A protocol named by a URL scheme may read headers too (and refuses them if it has none).
  const protocolRun = destinations.some((d) => d.scheme !== undefined);
  if (has('header') && !config.websocket && !protocolRun)
    throw new UsageError('--header option ignored without --websocket');

  if (state.unitlessLatency !== undefined) {
    const spec = state.unitlessLatency;
    notices.push(
      `WARNING: --message-rate @${spec}: target latency is greater than one second, which is probably not what you want`,
      `WARNING: Suggesting using --message-rate @${spec}ms`,
    );
  }

  // tcpkali's -r @L silently switched -T to "forever", losing a -T typed before it; kali keeps
  // the user's -T and only changes the default.
  config.duration =
    state.duration ?? (config.messageRate.kind === 'latency' ? Number.POSITIVE_INFINITY : DEFAULT_DURATION);

  // Segments split the load first, so that everything after (the worker count, ramp-up checks,
  // plugins' checks) sees what this process will do.
  if (state.segment) Object.assign(config, segmentShare(config, state.segment.index, state.segment.count));

  // Where tcpkali checked its own output options against --duration.
  applyPluginDefaults(state, pluginOptions);
  checkPluginOptions(state, pluginOptions);

  if (state.writeCombineOff) {
    config.writeCombine = false;
    if (state.nagle === undefined) {
      notices.push('NOTE: --write-combine=off presumes --nagle=off.');
      state.nagle = false;
    } else if (state.nagle) {
      notices.push('WARNING: --write-combine=off makes little sense with --nagle=on.');
    }
  }
  if (state.nagle !== undefined) config.nagle = state.nagle;

  if (config.messageRate.kind !== 'unlimited' && config.channelBandwidthUpstream !== undefined) {
    throw new UsageError(
      '--message-rate and --channel-bandwidth-upstream both set the sending rate; use one of them',
    );
  }

  if (destinations.length === 0 && !config.listen) {
    throw new UsageError('Expecting target <host:port> or --listen-port. See -h or --help.', {
      usage: 'short',
    });
  }

  const cpus = Math.max(1, env.cpus);
  config.workers = state.workers ?? (config.listen ? cpus : Math.max(1, Math.min(cpus, config.connections)));
  return { action: 'run', config, notices };
}
