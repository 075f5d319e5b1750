import type {
  ByteSearch,
  ContentArg,
  MeasurementContext,
  MeasurementPlugin,
  Observer,
  PluginFactory,
  RequestTracker,
} from 'kali';

interface MarkerState {
  search: ByteSearch;
  match: number;
  requests: RequestTracker;
  /** Hits still to be skipped (--latency-marker-skip). */
  skip: number;
}

const MORE_RECEIVED =
  'More messages received than sent. Choose a different --latency-marker.\nUse -d option to dump received message data.';

/**
 * --latency-marker: every message sent is a request; every marker found in the received stream
 * (also when split across reads) completes the oldest outstanding one, and the host records the
 * latency from the moment it was due. This is what makes `--in-flight` work with plain content.
 * The first --latency-marker-skip hits of a connection are dropped together with the requests
 * they answer, so later hits still pair with the right messages (tcpkali keeps those send times,
 * which shifts every later figure by skip/rate).
 */
const marker: PluginFactory<MeasurementPlugin> = () => ({
  kind: 'measurement',
  name: 'marker',
  title: 'Message latency',
  metric: 'message',
  description: 'Request-response latency from a marker in the replies (--latency-marker)',
  requests: { metric: 'message', title: 'Message latency' },
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
      attach(_side, identity, _now, requests) {
        // Only connections that send messages (and so have requests) expect markers back.
        if (requests === undefined) return undefined;
        const search = shared ?? ctx.createSearch(renderOnce(template, identity));
        return { search, match: 0, requests, skip };
      },
      onData(state, data) {
        state.match = state.search.feed(state.match, data);
        for (let i = state.search.hits; i > 0; i--) {
          if (state.requests.outstanding === 0) {
            ctx.fail(MORE_RECEIVED, 1);
            return;
          }
          if (state.skip > 0) {
            state.skip--;
            state.requests.discard();
          } else {
            state.requests.complete();
          }
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
