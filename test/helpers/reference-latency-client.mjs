// A minimal latency client, the yardstick for kali's accuracy: plain `net`, Nagle off, one
// 'PING\n' per connection every `interval` ms, and the time from write() to the reply's data
// event. Run as its own process, like kali, so both see the same scheduling on the machine.
// Usage: node reference-latency-client.mjs <port> <connections> <intervalMs> <seconds> <p,p,…>
import net from 'node:net';

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
for (const s of sockets) {
  const sentAt = [];
  s.on('data', (chunk) => {
    const now = performance.now();
    for (const byte of chunk) if (byte === 10) latencies.push(now - sentAt.shift());
  });
  const timer = setInterval(() => {
    sentAt.push(performance.now());
    s.write('PING\n');
  }, intervalMs);
  setTimeout(() => clearInterval(timer), seconds * 1000);
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
