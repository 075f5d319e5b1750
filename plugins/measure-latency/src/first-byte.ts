import type { MeasurementPlugin, Observer, PluginFactory } from 'kali';

interface Waiting {
  start: number;
  seen: boolean;
}

/**
 * --latency-first-byte: from the connect call (or, on the listener's side, the accept) to the
 * first byte received. tcpkali measures both sides, so a client talking to a silent `-l` sink in
 * the same process reports the sink's wait for the client's first message.
 */
const firstByte: PluginFactory<MeasurementPlugin> = () => ({
  kind: 'measurement',
  name: 'first-byte',
  title: 'First byte latency',
  metric: 'firstbyte',
  // Connections open mostly during ramp-up; a steady-phase-only figure would be empty.
  window: 'run',
  description: 'Time from connect() or accept to the first byte received (--latency-first-byte)',
  enabled: (ctx) => ctx.config.latency.firstByte,
  create(ctx): Observer<Waiting> {
    return {
      attach: (_side, _identity, now) => ({ start: now, seen: false }),
      onData(state, _data, now) {
        if (state.seen) return;
        state.seen = true;
        ctx.record(now - state.start);
      },
    };
  },
});

export default firstByte;
