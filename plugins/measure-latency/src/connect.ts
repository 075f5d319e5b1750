import type { MeasurementPlugin, Observer, PluginFactory } from 'kali';

interface Pending {
  start: number;
}

/** --latency-connect: from the connect call to the connection being established (clients only). */
const connect: PluginFactory<MeasurementPlugin> = () => ({
  kind: 'measurement',
  name: 'connect',
  title: 'TCP connect latency',
  metric: 'connect',
  // Connections open mostly during ramp-up; a steady-phase-only figure would be empty.
  window: 'run',
  description: 'Time from connect() to established (--latency-connect)',
  enabled: (ctx) => ctx.config.latency.connect,
  create(ctx): Observer<Pending> {
    return {
      attach: (side, _identity, now) => (side === 'client' ? { start: now } : undefined),
      onOpen: (state, now) => ctx.record(now - state.start),
    };
  },
});

export default connect;
