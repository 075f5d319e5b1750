// A minimal latency client, the yardstick for kali's accuracy: plain `net`, Nagle off, one
// 'PING\n' per connection every `interval` ms on a fixed schedule, and the time to the reply's
// data event counted the way kali counts requests (docs/plugins.md): from the write when it
// happened within one pacer tick of its slot, from slot + tick when the sender fell further
// behind. Timing from the write alone would hide this client's own timer lateness, which kali
// (rightly) does not hide. Run as its own process, like kali, so both see the same scheduling.
// Usage: node reference-latency-client.mjs <port> <connections> <intervalMs> <seconds> <p,p,…>
import net from 'node:net';

const TICK_MS = 5;
const [port, connections, intervalMs, seconds] = process.argv.slice(2, 6).map(Number);
const percentiles = process.argv[6].split(',').map(Number);
const latencies = [];

const sockets = await Promise.all(
  Array.from(
    { length: connections },
    () =>
      new Promise((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
        s.setNoDelay(true);
      }),
  ),
);
const start = performance.now();
const end = start + seconds * 1000;
for (const s of sockets) {
  const sentAt = [];
  s.on('data', (chunk) => {
    const now = performance.now();
    for (const byte of chunk) if (byte === 10) latencies.push(now - sentAt.shift());
  });
  let due = start + intervalMs;
  const send = () => {
    const now = performance.now();
    // Every slot that has come is sent now, as a paced sender catches up.
    while (due <= now && due < end) {
      sentAt.push(Math.min(now, due + TICK_MS));
      s.write('PING\n');
      due += intervalMs;
    }
    if (due < end) setTimeout(send, Math.max(0, due - performance.now()));
  };
  setTimeout(send, intervalMs);
}
setTimeout(
  () => {
    const sorted = latencies.sort((a, b) => a - b);
    const at = (p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
    process.stdout.write(`${JSON.stringify(percentiles.map(at))}\n`);
    process.exit(0);
  },
  seconds * 1000 + 300,
);
