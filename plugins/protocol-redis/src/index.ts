import type { PluginFactory, Protocol, ProtocolPlugin } from 'kali';
import { redisTemplates } from './redis-commands.js';
import type { RedisConnection } from './redis-connection.js';

const PROTOCOL_ERRORS = 'redis.protocol-errors';

/**
 * Redis over RESP2: `redis://host[:port]` selects it, each `-m` is one command in redis-cli's
 * inline syntax (expressions allowed in arguments), sent as a RESP array, and every reply
 * completes the oldest outstanding request, with outcome `error` for error replies. A reply that
 * is not RESP2 is counted and closes its connection.
 */
const redis: PluginFactory<ProtocolPlugin> = (kali) => ({
  kind: 'protocol',
  name: 'redis',
  description: 'Redis (RESP2): -m commands in redis-cli syntax, replies timed and counted as ok or error',
  schemes: ['redis'],
  defaultPort: 6379,
  // A closed loop unless --in-flight says otherwise, as redis-benchmark (-P 1) and the http plugin
  // do: an unbounded pipeline fills the socket buffers and measures their queue, seconds long.
  defaultInFlight: 1,
  requests: { metric: 'redis', title: 'Redis reply latency', outcomes: ['ok', 'error'] },
  metrics: [{ name: PROTOCOL_ERRORS, kind: 'counter', title: 'Redis protocol errors' }],
  check(ctx) {
    if (ctx.config.content.some((a) => a.option === 'header')) {
      throw kali.error('--header: Redis commands have no headers', kali.exit.USAGE);
    }
    redisTemplates(ctx.config.content, ctx.compile, kali);
  },
  async create(ctx): Promise<Protocol<RedisConnection>> {
    const t = redisTemplates(ctx.config.content, ctx.compile, kali);
    // Loaded only by the workers of a redis run (see the http plugin).
    const { RedisConnection, RedisWorker } = await import('./redis-connection.js');
    const worker = new RedisWorker(ctx, ctx.counter(PROTOCOL_ERRORS), t.helloReplies, t.helloText);
    return {
      request: t.request,
      ...(t.hello ? { hello: t.hello } : {}),
      attach: (connection) => new RedisConnection(connection, worker),
      onData: (state, data) => state.parser.feed(data),
      onClose: (state) => state.parser.stop(),
    };
  },
});

export default redis;
