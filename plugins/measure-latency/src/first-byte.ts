import type { MeasurementPlugin, Observer, PluginFactory } from 'kali';

interface Waiting {
  start: number;
  seen: boolean;
}

/** --latency-first-byte: from the connect call to the first byte received (clients only). */
const firstByte: PluginFactory<MeasurementPlugin> = () => ({
  kind: 'measurement',
  name: 'first-byte',
  title: 'First byte latency',
  metric: 'firstbyte',
  // Connections open mostly during ramp-up; a steady-phase-only figure would be empty.
  window: 'run',
  description: 'Time from connect() to the first byte received (--latency-first-byte)',
  enabled: (ctx) => ctx.config.latency.firstByte,
  create(ctx): Observer<Waiting> {
    return {
      attach: (side, _identity, now) => (side === 'client' ? { start: now, seen: false } : undefined),
      onData(state, _data, now) {
        if (state.seen) return;
        state.seen = true;
        ctx.record(now - state.start);
      },
    };
  },
});

export default firstByte;
