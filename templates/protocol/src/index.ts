import type {
  ConnectionIdentity,
  ContentArg,
  Counter,
  MessageRenderer,
  MessageTemplate,
  PluginFactory,
  Protocol,
  ProtocolConnection,
  ProtocolContext,
  ProtocolPlugin,
} from 'kali';

/**
 * A line protocol to start from: every request is the `-m` text and a newline, and the server
 * answers each request, in order, with one line starting with `OK` or `ERR`:
 *
 *     kali -m 'GET key' -c10 -r100 -T10s __PLUGIN_NAME__://127.0.0.1:7777
 *
 * kali does the rest: pacing (`-r`, `--in-flight`), timeouts (`--request-timeout`), latency
 * measured from the moment each request was due, a counter per outcome, and every output.
 */
const factory: PluginFactory<ProtocolPlugin> = (kali) => ({
  kind: 'protocol',
  name: '__PLUGIN_NAME__',
  description: '__PLUGIN_NAME__:// requests of one line (-m), answered by OK or ERR lines',
  schemes: ['__PLUGIN_NAME__'],
  defaultPort: 7777,
  // kali records the latency as `__PLUGIN_NAME__` and counts `__PLUGIN_NAME__.ok` and `.err`;
  // an outcome is the index of its word in REPLY_WORDS.
  requests: { metric: '__PLUGIN_NAME__', title: '__PLUGIN_NAME__ reply latency', outcomes: ['ok', 'err'] },
  metrics: [{ name: MALFORMED, kind: 'counter', title: '__PLUGIN_NAME__ malformed replies' }],
  check(ctx) {
    const arg = requestArg(ctx);
    if (arg === undefined) {
      throw kali.error('__PLUGIN_NAME__://: give the request with -m, e.g. -m "GET key"', kali.exit.USAGE);
    }
    // A static request is known here, in the main thread, before any connection is made.
    if (ctx.compile(arg).bytes?.includes(NL)) {
      throw kali.error(`-m ${arg.value}: a __PLUGIN_NAME__ request is one line`, kali.exit.USAGE);
    }
  },
  create(ctx) {
    // check() has made sure there is one.
    const template = ctx.compile(requestArg(ctx) as ContentArg);
    return new LineProtocol(asLine(template), ctx.counter(MALFORMED));
  },
});

const MALFORMED = '__PLUGIN_NAME__.malformed';
const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
/** A reply line starts with one of these, alone or followed by a space; index = outcome. */
const REPLY_WORDS = [new TextEncoder().encode('OK'), new TextEncoder().encode('ERR')];
/** Verdicts besides an outcome index: not decided yet, and not a reply at all. */
const OPEN = -2;
const BAD = -1;

function requestArg(ctx: ProtocolContext): ContentArg | undefined {
  return ctx.config.content.find((a) => a.option === 'message' || a.option === 'message-file');
}

/** Per connection: how far the current reply line has been read. */
class LineState {
  /** Bytes of the current line looked at so far. */
  pos = 0;
  /** Index of the reply word the line started with, or BAD. */
  word = BAD;
  verdict = OPEN;

  constructor(readonly connection: ProtocolConnection) {}
}

/** One per worker thread; its methods run for every reply, so they allocate nothing. */
class LineProtocol implements Protocol<LineState> {
  constructor(
    readonly request: MessageTemplate,
    private readonly malformed: Counter,
  ) {}

  attach(connection: ProtocolConnection): LineState {
    return new LineState(connection);
  }

  /** Replies may arrive split anywhere, or many in one chunk. */
  onData(state: LineState, data: Uint8Array): void {
    let start = 0;
    while (start < data.length) {
      const nl = data.indexOf(NL, start);
      const end = nl < 0 ? data.length : nl;
      for (let i = start; i < end && state.verdict === OPEN; i++) this.look(state, data[i]);
      if (nl < 0) return;
      if (!this.endLine(state)) return;
      start = nl + 1;
    }
  }

  /** Only the first bytes of a line decide its outcome; the rest is skipped. */
  private look(state: LineState, byte: number): void {
    if (state.pos === 0) {
      for (let w = 0; w < REPLY_WORDS.length; w++) if (REPLY_WORDS[w][0] === byte) state.word = w;
      if (state.word === BAD) state.verdict = BAD;
    } else {
      const word = REPLY_WORDS[state.word];
      if (state.pos < word.length) {
        if (byte !== word[state.pos]) state.verdict = BAD;
      } else {
        state.verdict = byte === SPACE || byte === CR ? state.word : BAD;
      }
    }
    state.pos++;
  }

  /** Completes the oldest request; false when the connection had to be closed. */
  private endLine(state: LineState): boolean {
    const whole = state.word !== BAD && state.pos === REPLY_WORDS[state.word].length;
    const verdict = state.verdict !== OPEN ? state.verdict : whole ? state.word : BAD;
    state.pos = 0;
    state.word = BAD;
    state.verdict = OPEN;
    // complete() returns -1 when no request was outstanding: a reply to nothing.
    if (verdict !== BAD && state.connection.requests.complete(verdict) >= 0) return true;
    this.malformed.add();
    // Replies and requests are out of step; a new connection starts clean.
    state.connection.close();
    return false;
  }
}

/** The request template with the newline that ends every request. */
function asLine(template: MessageTemplate): MessageTemplate {
  if (template.bytes !== undefined) {
    const bytes = withNewline(template.bytes);
    return { bytes, maxLength: bytes.length };
  }
  return new LineTemplate(template);
}

/** A request that changes per connection or per message (expressions in `-m`). */
class LineTemplate implements MessageTemplate {
  readonly maxLength: number;

  constructor(private readonly text: MessageTemplate) {
    this.maxLength = text.maxLength + 1;
  }

  bind(connection: ConnectionIdentity): MessageRenderer {
    const renderer = (this.text.bind as NonNullable<MessageTemplate['bind']>).call(this.text, connection);
    return renderer.bytes !== undefined
      ? new FixedLine(withNewline(renderer.bytes))
      : new RenderedLine(renderer);
  }
}

/** Per-connection values only: the same bytes for every request of the connection. */
class FixedLine implements MessageRenderer {
  constructor(readonly bytes: Uint8Array) {}

  render(out: Uint8Array, offset: number): number {
    out.set(this.bytes, offset);
    return this.bytes.length;
  }
}

class RenderedLine implements MessageRenderer {
  constructor(private readonly text: MessageRenderer) {}

  render(out: Uint8Array, offset: number, nowMicros: number): number {
    const length = this.text.render(out, offset, nowMicros);
    out[offset + length] = NL;
    return length + 1;
  }
}

function withNewline(text: Uint8Array): Uint8Array {
  const line = new Uint8Array(text.length + 1);
  line.set(text);
  line[text.length] = NL;
  return line;
}

export default factory;
