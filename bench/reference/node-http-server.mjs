// The plainest HTTP/1.1 server Node has: every request is answered 200 with a small fixed body, so
// the benchmark measures the clients, not the application. Runs in its own process, so its CPU
// time can be told apart from the client's.
// GET /__requests answers {"requests": N}, the requests served so far (itself not counted), so the
// benchmark can count what the server saw over a window, the same way for every client.
// Usage: node node-http-server.mjs --port P   (prints `listening <port>` when ready)
import http from 'node:http';
import { numberOption } from '../lib/args.mjs';

const port = numberOption('port', 0);
const BODY = Buffer.from('hello from node\n');
const HEADERS = { 'Content-Type': 'text/plain', 'Content-Length': BODY.length };

let requests = 0;

const server = http.createServer((req, res) => {
  if (req.url === '/__requests') {
    res.writeHead(200, { 'Content-Type': 'application/json', Connection: 'close' });
    res.end(JSON.stringify({ requests }));
    return;
  }
  requests++;
  res.writeHead(200, HEADERS);
  res.end(BODY);
});
// Node closes a keep-alive connection after 5 s idle; nginx waits 60. Clients at -r1 are never
// idle that long, but the two servers should not differ in what they do to a client.
server.keepAliveTimeout = 60_000;
server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () =>
  console.log(`listening ${server.address().port}`),
);
