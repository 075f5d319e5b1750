// Reference sink: what plain `net` can absorb on loopback, so kali's sink can be judged against it.
// Usage: node node-sink.mjs --port P --seconds N
// Prints `listening <port>` when ready, then one JSON line {bytes, seconds} and exits.
import net from 'node:net';
import { numberOption } from '../lib/args.mjs';

const port = numberOption('port', 0);
const seconds = numberOption('seconds', 10);

let bytes = 0;
let firstAt;

const server = net.createServer((socket) => {
  // Like iperf3, the clock starts with the traffic, so start-up of the sender is not counted as idle time.
  if (firstAt === undefined) {
    firstAt = process.hrtime.bigint();
    setTimeout(finish, seconds * 1000);
  }
  socket.on('data', (chunk) => {
    bytes += chunk.length;
  });
  socket.on('error', () => {});
});

function finish() {
  const elapsed = Number(process.hrtime.bigint() - firstAt) / 1e9;
  console.log(JSON.stringify({ bytes, seconds: elapsed }));
  process.exit(0);
}

server.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));

// A sender that never comes must not leave this process waiting forever.
setTimeout(() => {
  if (firstAt === undefined) {
    console.error('no connection within 30 s');
    process.exit(1);
  }
}, 30_000).unref();
