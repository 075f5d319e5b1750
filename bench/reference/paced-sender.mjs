// Reference paced sender: what plain `net` achieves for a fixed message rate per connection, so
// the kali figures can be read against Node's own cost rather than in a vacuum.
// Usage: node paced-sender.mjs --port P --seconds N --connections C --rate R [--message-size 100]
// Prints `started` once connected, then one JSON line: {"bytes":…, "seconds":…} for the window after every connection opened.
import net from 'node:net';
import { numberOption } from '../lib/args.mjs';

const port = numberOption('port', 0);
const seconds = numberOption('seconds', 10);
const connections = numberOption('connections', 1);
const rate = numberOption('rate', 100);
const messageSize = numberOption('message-size', 100);
const TICK_MS = 5;

// Enough copies for the largest batch one tick can owe (the 2 s catch-up cap kali also uses).
const message = Buffer.alloc(messageSize, 'x');
const maxBatch = Math.ceil(rate * 2) + 1;
const block = Buffer.concat(Array(maxBatch).fill(message));

const sockets = [];
const sentMessages = [];
let bytes = 0;
let connected = 0;

for (let i = 0; i < connections; i++) {
  const socket = net.connect(port, '127.0.0.1', () => {
    if (++connected === connections) begin();
  });
  socket.setNoDelay(false);
  // The sink closing first is the normal end of a run, not a failure.
  socket.on('error', () => {});
  sockets.push(socket);
  sentMessages.push(0);
}

function begin() {
  // The benchmark starts its CPU window here, after the connection storm.
  console.log('started');
  const startedAt = performance.now();
  let timer;
  // One schedule for all connections: message k of every connection is due at k / rate s.
  // A socket that is still busy skips the tick and catches up on the next one.
  const tick = () => {
    const elapsed = (performance.now() - startedAt) / 1000;
    const due = Math.floor(rate * elapsed);
    for (let i = 0; i < sockets.length; i++) {
      const owed = Math.min(due - sentMessages[i], maxBatch);
      const socket = sockets[i];
      if (owed <= 0 || socket.writableLength > 0) continue;
      socket.write(block.subarray(0, owed * messageSize));
      sentMessages[i] += owed;
      bytes += owed * messageSize;
    }
    if (elapsed < seconds) timer = setTimeout(tick, TICK_MS);
    else finish(elapsed);
  };
  timer = setTimeout(tick, 0);
  void timer;
}

function finish(elapsed) {
  // Bytes still in user space never reached the kernel: not sent, as kali counts it.
  let unsent = 0;
  for (const s of sockets) unsent += s.writableLength;
  console.log(JSON.stringify({ bytes: bytes - unsent, seconds: elapsed }));
  for (const s of sockets) s.destroy();
  process.exit(0);
}
