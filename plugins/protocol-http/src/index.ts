import type { PluginFactory, Protocol, ProtocolContext, ProtocolPlugin } from 'kali';
import type { HttpConnection } from './http-connection.js';
import { httpRequests } from './http-requests.js';
import { METHOD_OPTION } from './method-option.js';
import { OUTCOMES } from './outcomes.js';

const MALFORMED = 'http.malformed';
const SERVER_CLOSED = 'http.server_closed';

const defaultPort = (scheme: string): number => (scheme === 'https' ? 443 : 80);

/**
 * HTTP/1.1: `http://host[:port]/path` (or `https://`, over TLS) selects it. Requests go over
 * keep-alive connections, one at a time unless `--in-flight` asks for pipelining, with the
 * method of `--method`, the `-H` headers and each `-m` body in turn; every response completes the oldest outstanding request (responses come in order, also
 * when pipelined) with its status class as the outcome. A response that is not HTTP/1.x is
 * counted and closes its connection; so does one that announces `Connection: close`, after it.
 */
const http: PluginFactory<ProtocolPlugin> = (kali) => {
  const requests = (ctx: ProtocolContext) =>
    httpRequests(ctx.config, ctx.options, ctx.compile, kali, defaultPort);
  return {
    kind: 'protocol',
    name: 'http',
    description:
      'HTTP/1.1 over keep-alive connections: --method, -H headers, -m bodies; responses counted per status class',
    schemes: ['http', 'https'],
    defaultPort: 80,
    defaultPortFor: defaultPort,
    transportFor: (scheme) => (scheme === 'https' ? 'tls' : undefined),
    // HTTP/1.1 servers expect one request at a time; --in-flight N asks for pipelining.
    defaultInFlight: 1,
    requests: { metric: 'http', title: 'HTTP response latency', outcomes: OUTCOMES, label: 'HTTP' },
    metrics: [
      { name: MALFORMED, kind: 'counter', title: 'HTTP malformed responses' },
      { name: SERVER_CLOSED, kind: 'counter', title: 'HTTP connections closed by the server' },
    ],
    options: [METHOD_OPTION],
    check(ctx) {
      requests(ctx);
    },
    async create(ctx): Promise<Protocol<HttpConnection>> {
      const r = requests(ctx);
      // The response parser and connection state are loaded only by the workers of an http run;
      // the main thread imports every protocol to match the URL scheme.
      const { HttpConnection, HttpWorker } = await import('./http-connection.js');
      const worker = new HttpWorker(ctx, ctx.counter(MALFORMED), ctx.counter(SERVER_CLOSED), r.headRequests);
      return {
        request: r.request,
        attach: (connection) => new HttpConnection(connection, worker),
        onData: (state, data) => state.parser.feed(data),
        onClose: (state) => state.closed(),
      };
    },
  };
};

export default http;
