import type { RunResult } from 'kali';
import { formatCount, formatRate, formatSeconds, formatSi } from './format-number.js';

type Pairs = [string, string][];

/** When and how the run went: the first thing a reader of a report wants to know. */
export function runFacts(result: RunResult): Pairs {
  const t = result.time;
  const pairs: Pairs = [
    ['status', result.status],
    ['exit status', result.exitStatus === null ? 'still running' : String(result.exitStatus)],
    ['start', t.start],
    ['end', t.end ?? 'still running'],
    ['duration', `${formatSeconds(t.totalSeconds)} s (steady phase ${formatSeconds(t.steadySeconds)} s)`],
  ];
  if (result.mergedFrom !== undefined) pairs.push(['merged from', `${result.mergedFrom} results`]);
  pairs.push([
    'kali',
    `${result.kali.version} (plugin API ${result.kali.apiVersion}, Node ${result.kali.node})`,
  ]);
  return pairs;
}

/** Steady-phase totals and rates, as kali's text report gives them. */
export function trafficFacts(result: RunResult): Pairs {
  const c = result.connections;
  const tr = result.traffic;
  const pairs: Pairs = [
    ['connections opened', `${formatCount(c.opened.out)} out, ${formatCount(c.opened.in)} in`],
    ['open at the end', `${formatCount(c.openAtEnd.out)} out, ${formatCount(c.openAtEnd.in)} in`],
    ['failed connects', `${formatCount(c.failed.total)} (${formatCount(c.failed.timedOut)} timed out)`],
    ['closed by peer', `${formatCount(c.closedByPeer.out)} out, ${formatCount(c.closedByPeer.in)} in`],
    ['data sent', `${formatCount(tr.bytes.out)} bytes, ${formatSi(tr.rates.bits.out, 'bit/s')}`],
    ['data received', `${formatCount(tr.bytes.in)} bytes, ${formatSi(tr.rates.bits.in, 'bit/s')}`],
    ['bandwidth per channel', formatSi(tr.rates.bitsPerChannel, 'bit/s')],
  ];
  if (tr.messageMarkers) {
    pairs.push(
      ['messages sent', `${formatCount(tr.messages.out)} (${formatRate(tr.rates.messages.out)}/s)`],
      ['messages received', `${formatCount(tr.messages.in)} (${formatRate(tr.rates.messages.in)}/s)`],
    );
  }
  return pairs;
}

/**
 * The settings that shape a load, out of the resolved configuration. The document keeps every
 * option (the page shows the whole of it too); these are the ones worth a glance. Each is looked
 * up defensively: a result from another kali version may lack some or shape them differently.
 */
export function configHighlights(config: Record<string, unknown>): Pairs {
  const pairs: Pairs = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') pairs.push([label, value]);
  };
  add('destinations', list(config.destinations));
  add('listen', listen(config.listen));
  add('connections', plain(config.connections));
  add('connect rate', plain(config.connectRate, '/s'));
  add('duration', config.duration === null ? 'until stopped' : plain(config.duration, ' s'));
  add('message rate', messageRate(config.messageRate));
  add('in flight', plain(config.inFlight));
  add('request timeout', plain(config.requestTimeout, ' s'));
  add('channel bandwidth up', bandwidth(config.channelBandwidthUpstream));
  add('channel bandwidth down', bandwidth(config.channelBandwidthDownstream));
  add('transport', transport(config));
  add('workers', plain(config.workers));
  return pairs;
}

function plain(value: unknown, suffix = ''): string | undefined {
  if (typeof value === 'number' || typeof value === 'string') return `${value}${suffix}`;
  return undefined;
}

function list(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value
    .map((d) => (typeof d === 'object' && d !== null && 'text' in d ? String(d.text) : String(d)))
    .join(' ');
}

function listen(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('port' in value)) return plain(value);
  const host = 'host' in value && typeof value.host === 'string' ? value.host : '*';
  return `${host.includes(':') ? `[${host}]` : host}:${value.port}`;
}

function messageRate(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return plain(value, '/s');
  if (value.kind === 'unlimited') return 'unlimited';
  if (value.kind === 'fixed' && 'perSecond' in value) return `${value.perSecond}/s per connection`;
  if ('text' in value) return `@${value.text} (search)`;
  return undefined;
}

/** Bytes per second in the configuration; shown in bits, as the options take them. */
function bandwidth(value: unknown): string | undefined {
  return typeof value === 'number' ? formatSi(value * 8, 'bit/s') : undefined;
}

function transport(config: Record<string, unknown>): string | undefined {
  if (typeof config.transport === 'string') return config.transport;
  const layers = [config.websocket === true ? 'websocket' : '', config.ssl === true ? 'tls' : ''];
  const named = layers.filter((l) => l !== '').join(' over ');
  return named === '' ? undefined : named;
}
