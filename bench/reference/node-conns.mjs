// Reference for connection cost: a client and a server in one process, like kali `-l P ... 127.0.0.1:P`,
// written with nothing but `net`. The parent measures its memory from /proc, exactly as it does kali's.
// Usage: node node-conns.mjs --connections 9000 --connect-rate 20000 --seconds 3
// Prints `listening <port>` at start-up and `Ramped up to N connections.` on stderr, like tcpkali.
import net from 'node:net';
import { numberOption } from '../lib/args.mjs';

const target = numberOption('connections', 9000);
const rate = numberOption('connect-rate', 20_000);
const seconds = numberOption('seconds', 3);
const maxUnaccepted = numberOption('max-unaccepted', 1000);

// Both ends are kept referenced so that nothing is collected while the memory is being measured.
const accepted = [];
const opened = [];
let connected = 0;

const server = net.createServer((socket) => {
  socket.on('error', () => {});
  accepted.push(socket);
});
server.maxConnections = Number.POSITIVE_INFINITY;

function onConnected() {
  connected++;
  if (connected === target) rampedUp();
}

function rampedUp() {
  console.error(`Ramped up to ${target} connections.`);
  // Hold the connections as long as kali's -T does, so both peaks are taken under the same conditions.
  setTimeout(() => {
    console.log(JSON.stringify({ accepted: accepted.length, opened: opened.length }));
    process.exit(0);
  }, seconds * 1000);
}

// A token bucket on a short timer, which is how tcpkali paces --connect-rate.
function ramp() {
  const startedAt = performance.now();
  const tick = setInterval(() => {
    const due = Math.min(target, Math.floor(((performance.now() - startedAt) / 1000) * rate));
    // Connects are cheaper than accepts, so at 20k/s the accept queue fills and the kernel drops SYNs,
    // which then wait a 1 s retransmit. Capping unaccepted connections avoids that on any machine.
    while (opened.length < due && opened.length - accepted.length < maxUnaccepted) {
      const socket = net.connect(port, '127.0.0.1', onConnected);
      socket.on('error', (err) => {
        console.error(`connect failed: ${err.message}`);
        process.exit(1);
      });
      opened.push(socket);
    }
    if (opened.length === target) clearInterval(tick);
  }, 1);
}

let port;
// The backlog must exceed maxUnaccepted; the kernel caps it at net.core.somaxconn anyway.
server.listen(0, '127.0.0.1', 4096, () => {
  port = server.address().port;
  console.error(`listening ${port}`);
  if (target === 0) rampedUp();
  else ramp();
});
