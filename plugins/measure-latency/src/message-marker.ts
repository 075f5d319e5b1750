import type { ByteSearch, MeasurementPlugin, Observer, PluginFactory } from 'kali';

/** tcpkali's marker: `TCPKaliMsgTS-` + 16 hex digits of the send time in µs since the epoch + `.` */
const PREFIX = new TextEncoder().encode('TCPKaliMsgTS-');
const DOT = 0x2e;

interface MarkerState {
  match: number;
  /** Reading the hex digits of a marker whose prefix has been seen. */
  inDigits: boolean;
  value: number;
}

/**
 * Message markers (--message-marker, or any \{message.marker} in the content): whoever receives
 * them — client or listener — counts messages and measures latency from the embedded send time.
 * That works across processes on one host because the stamp is wall-clock time.
 */
const messageMarker: PluginFactory<MeasurementPlugin> = () => ({
  kind: 'measurement',
  name: 'message-marker',
  title: 'Message latency',
  metric: 'message',
  description: 'Latency and message rate from embedded message markers (--message-marker)',
  // With --latency-marker, latency comes from that marker; both would report as "Message latency".
  enabled: (ctx) =>
    ctx.config.latency.messageMarker && !ctx.config.content.some((a) => a.option === 'latency-marker'),
  create(ctx): Observer<MarkerState> {
    const search: ByteSearch = ctx.createSearch(PREFIX);
    return {
      attach: () => ({ match: 0, inDigits: false, value: 0 }),
      onData(state, data, now) {
        let pos = 0;
        let found = 0;
        if (state.inDigits) {
          pos = readDigits(state, data, 0);
          if (!state.inDigits) {
            found++;
            ctx.record(ctx.toEpochMicros(now) - state.value);
          }
        }
        // A prefix found while digits were pending cannot overlap them: digits end at the dot.
        state.match = search.feed(state.match, data);
        for (let i = 0; i < search.hits; i++) {
          const end = search.hitEnds[i];
          if (end < pos) continue;
          state.inDigits = true;
          state.value = 0;
          pos = readDigits(state, data, end);
          if (!state.inDigits) {
            found++;
            ctx.record(ctx.toEpochMicros(now) - state.value);
          }
        }
        if (found > 0) ctx.countReceived(found);
      },
    };
  },
});

/** Accumulates hex digits from `from` until the dot (marker complete) or the end of the chunk. */
function readDigits(state: MarkerState, data: Uint8Array, from: number): number {
  let i = from;
  for (; i < data.length; i++) {
    const c = data[i];
    if (c === DOT) {
      state.inDigits = false;
      return i + 1;
    }
    // tcpkali reads a non-hex character as 0 rather than giving up on the marker.
    state.value = state.value * 16 + hexValue(c);
  }
  return i;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return 0;
}

export default messageMarker;
