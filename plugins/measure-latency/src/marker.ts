import type {
  ByteSearch,
  ContentArg,
  MeasurementContext,
  MeasurementPlugin,
  Observer,
  PluginFactory,
} from 'kali';
import { MAX_OUTSTANDING, SendTimes } from './send-times.js';

interface MarkerState {
  search: ByteSearch;
  match: number;
  sent: SendTimes;
  /** Hits still to be skipped (--latency-marker-skip). */
  skip: number;
}

const MORE_RECEIVED =
  'More messages received than sent. Choose a different --latency-marker.\nUse -d option to dump received message data.';

/**
 * --latency-marker: every message sent pushes its send time; every marker found in the received
 * stream (also when split across reads) takes the oldest one, and the difference is the latency.
 * The first --latency-marker-skip hits of a connection are dropped together with the send times
 * they answer, so later hits still pair with the right messages (tcpkali keeps those send times,
 * which shifts every later figure by skip/rate).
 */
const marker: PluginFactory<MeasurementPlugin> = () => ({
  kind: 'measurement',
  name: 'marker',
  title: 'Message latency',
  metric: 'message',
  description: 'Request-response latency from a marker in the replies (--latency-marker)',
  enabled: (ctx) => markerArg(ctx.config.content) !== undefined,
  check(ctx) {
    const arg = markerArg(ctx.config.content) as ContentArg;
    const t = ctx.compile(arg);
    if (t.maxLength === 0) ctx.fail('--latency-marker: Expected a non-empty marker', 64);
  },
  create(ctx): Observer<MarkerState> {
    const template = ctx.compile(markerArg(ctx.config.content) as ContentArg);
    const shared = template.bytes ? ctx.createSearch(template.bytes) : undefined;
    const skip = ctx.config.latency.markerSkip;
    return {
      attach(side, identity) {
        // Only the side that sends messages expects markers back.
        if (side === 'server' && ctx.config.listenMode !== 'active') return undefined;
        const search = shared ?? ctx.createSearch(renderOnce(template, identity));
        return { search, match: 0, sent: new SendTimes(), skip };
      },
      onSend(state, messages, now) {
        state.sent.push(now, messages);
        if (state.sent.length > MAX_OUTSTANDING) {
          ctx.fail('Sending messages too fast: too many are still waiting for their --latency-marker.', 1);
        }
      },
      onData(state, data, now) {
        state.match = state.search.feed(state.match, data);
        for (let i = state.search.hits; i > 0; i--) {
          const sentAt = state.sent.shift();
          if (sentAt < 0) {
            ctx.fail(MORE_RECEIVED, 1);
            return;
          }
          if (state.skip > 0) state.skip--;
          else ctx.record(now - sentAt);
        }
      },
    };
  },
});

function markerArg(content: readonly ContentArg[]): ContentArg | undefined {
  let found: ContentArg | undefined;
  for (const a of content) if (a.option === 'latency-marker') found = a;
  return found;
}

/** A marker with per-connection expressions is evaluated once for each connection. */
function renderOnce(
  template: ReturnType<MeasurementContext['compile']>,
  identity: Parameters<Observer['attach']>[1],
): Uint8Array {
  const r = (template.bind as NonNullable<typeof template.bind>)(identity);
  if (r.bytes) return r.bytes;
  const out = new Uint8Array(template.maxLength);
  const n = r.render(out, 0, Date.now() * 1000);
  return out.subarray(0, n);
}

export default marker;
