// Reference sender: the cheapest way plain `net` can push messages, to show what part of kali's
// throughput is lost to kali itself rather than to Node.
// Usage: node node-sender.mjs --port P --seconds N [--connections C] [--message-size 1000] [--write-size 1048576]
import net from 'node:net';
import { numberOption } from '../lib/args.mjs';

const port = numberOption('port', 0);
const seconds = numberOption('seconds', 10);
const connections = numberOption('connections', 1);
const messageSize = numberOption('message-size', 1000);
const writeSize = numberOption('write-size', 1 << 20);

// Whole messages only, as a load generator would write them; large writes are what make Node fast (§5).
const message = Buffer.alloc(messageSize, 'x');
const block = Buffer.concat(Array(Math.max(1, Math.floor(writeSize / messageSize))).fill(message));

// Writes that the kernel accepts at once return true synchronously; an unbounded loop would never
// yield to the event loop (node-findings §4), so each tick writes at most this many blocks.
const writesPerTick = 16;

let stopping = false;

function pump(socket) {
  if (stopping || socket.destroyed) return;
  for (let i = 0; i < writesPerTick; i++) {
    if (!socket.write(block)) {
      socket.once('drain', () => pump(socket));
      return;
    }
  }
  setImmediate(() => pump(socket));
}

let open = connections;
for (let i = 0; i < connections; i++) {
  const socket = net.connect(port, '127.0.0.1', () => pump(socket));
  // The sink closing first is the normal end of a run, not a failure.
  socket.on('error', () => {});
  socket.on('close', () => {
    if (--open === 0) process.exit(0);
  });
}

setTimeout(() => {
  stopping = true;
  process.exit(0);
}, seconds * 1000);
