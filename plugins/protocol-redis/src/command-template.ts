import type { ConnectionIdentity, MessageRenderer, MessageTemplate } from 'kali';
import type { ArgSyntax } from './inline-syntax.js';
import {
  ARRAY,
  BULK,
  CR,
  concatBytes,
  copyBytes,
  encodeBulk,
  headerLength,
  LF,
  writeDecimal,
  writeHeader,
} from './resp-bytes.js';

/** Literal bytes, or a content template (an expression) evaluated per connection or per request. */
type Part = Uint8Array | MessageTemplate;

/** A command after its expressions were compiled: one list of parts per argument. */
export type CompiledCommand = Part[][];

/** Compiles the expressions of one command; a template that turned out static becomes bytes. */
export function compileCommand(
  args: readonly ArgSyntax[],
  compile: (source: string) => MessageTemplate,
): CompiledCommand {
  return args.map((arg) =>
    joinBytes(
      arg.map((p) => {
        if (p.kind === 'bytes') return p.bytes;
        const t = compile(p.source);
        return t.bytes ?? t;
      }),
    ),
  );
}

/**
 * The message template of a list of commands, sent as RESP arrays of bulk strings. `cycle`: each
 * rendered message is the next command in turn (the requests, one `-m` each); `sequence`: every
 * message holds them all (the hello). Commands without expressions become bytes here, and a
 * single static request a static template, which the engine pre-joins into large writes.
 */
export function commandsTemplate(
  commands: readonly CompiledCommand[],
  mode: 'cycle' | 'sequence',
): MessageTemplate {
  const maxima = commands.map(encodedMax);
  const maxLength = mode === 'cycle' ? Math.max(0, ...maxima) : maxima.reduce((a, b) => a + b, 0);
  const fixed = commands.every((c) => c.every((arg) => arg.every((p) => p instanceof Uint8Array)));
  if (commands.length === 0) return { bytes: new Uint8Array(0), maxLength: 0 };
  if (fixed && (mode === 'sequence' || commands.length === 1)) {
    const bytes = concatBytes(commands.map((c) => encodeStatic(c as Uint8Array[][])));
    return { bytes, maxLength: bytes.length };
  }
  const markers = commands.some((c) =>
    c.some((arg) => arg.some((p) => !(p instanceof Uint8Array) && p.markers)),
  );
  return {
    maxLength,
    markers,
    bind(identity: ConnectionIdentity): MessageRenderer {
      const encoders = commands.map((c) => bindCommand(c, identity));
      return mode === 'cycle' ? new CycleRenderer(encoders) : new SequenceRenderer(encoders);
    },
  };
}

/** Writes one command (or one argument) at `pos` and returns the position after it. */
interface Encoder {
  /** Set when this encoder always writes the same bytes. */
  readonly bytes: Uint8Array | undefined;
  write(out: Uint8Array, pos: number, nowMicros: number): number;
}

class StaticEncoder implements Encoder {
  constructor(readonly bytes: Uint8Array) {}
  write(out: Uint8Array, pos: number): number {
    return copyBytes(out, pos, this.bytes);
  }
}

/** A literal piece inside an argument that also holds per-request values. */
class StaticPart implements MessageRenderer {
  constructor(readonly bytes: Uint8Array) {}
  render(out: Uint8Array, offset: number): number {
    copyBytes(out, offset, this.bytes);
    return this.bytes.length;
  }
}

/**
 * An argument whose length is known only once rendered: its parts are written after room for the
 * longest `$<len>\r\n` it may need, and moved back when the actual header is shorter, so the
 * bytes go straight into the engine's buffer.
 */
class DynamicArg implements Encoder {
  readonly bytes = undefined;
  private readonly room: number;

  constructor(
    private readonly parts: readonly MessageRenderer[],
    maxLength: number,
  ) {
    this.room = headerLength(maxLength);
  }

  write(out: Uint8Array, pos: number, nowMicros: number): number {
    const body = pos + this.room;
    let end = body;
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) end += parts[i].render(out, end, nowMicros);
    const length = end - body;
    let p = pos;
    out[p++] = BULK;
    p = writeDecimal(out, p, length);
    out[p++] = CR;
    out[p++] = LF;
    if (p < body) out.copyWithin(p, body, end);
    p += length;
    out[p++] = CR;
    out[p++] = LF;
    return p;
  }
}

class CommandEncoder implements Encoder {
  readonly bytes = undefined;
  constructor(
    private readonly header: Uint8Array,
    private readonly args: readonly Encoder[],
  ) {}
  write(out: Uint8Array, pos: number, nowMicros: number): number {
    pos = copyBytes(out, pos, this.header);
    const args = this.args;
    for (let i = 0; i < args.length; i++) pos = args[i].write(out, pos, nowMicros);
    return pos;
  }
}

/** One request per message, the commands in turn. */
class CycleRenderer implements MessageRenderer {
  readonly bytes: Uint8Array | undefined;
  private next = 0;
  constructor(private readonly encoders: readonly Encoder[]) {
    this.bytes = encoders.length === 1 ? encoders[0].bytes : undefined;
  }
  render(out: Uint8Array, offset: number, nowMicros: number): number {
    const e = this.encoders[this.next];
    if (++this.next === this.encoders.length) this.next = 0;
    return e.write(out, offset, nowMicros) - offset;
  }
}

/** Every command in one message. */
class SequenceRenderer implements MessageRenderer {
  readonly bytes: Uint8Array | undefined;
  constructor(private readonly encoders: readonly Encoder[]) {
    const all = encoders.every((e) => e.bytes !== undefined);
    this.bytes = all ? concatBytes(encoders.map((e) => e.bytes as Uint8Array)) : undefined;
  }
  render(out: Uint8Array, offset: number, nowMicros: number): number {
    let pos = offset;
    for (let i = 0; i < this.encoders.length; i++) pos = this.encoders[i].write(out, pos, nowMicros);
    return pos - offset;
  }
}

/** Per connection: values fixed for the connection become bytes; what is left renders per request. */
function bindCommand(command: CompiledCommand, identity: ConnectionIdentity): Encoder {
  const args = command.map((arg): Encoder => {
    const parts = joinBytes(
      arg.map((p) => {
        if (p instanceof Uint8Array) return p;
        const r = (p.bind as NonNullable<MessageTemplate['bind']>)(identity);
        return r.bytes ?? r;
      }),
    );
    if (parts.every((p) => p instanceof Uint8Array)) return new StaticEncoder(encodeBulk(concatBytes(parts)));
    const renderers = parts.map((p) => (p instanceof Uint8Array ? new StaticPart(p) : p));
    return new DynamicArg(renderers, argMax(arg));
  });
  const header = arrayHeader(command.length);
  if (args.every((a) => a.bytes !== undefined))
    return new StaticEncoder(concatBytes([header, ...args.map((a) => a.bytes as Uint8Array)]));
  return new CommandEncoder(header, args);
}

function encodeStatic(command: Uint8Array[][]): Uint8Array {
  return concatBytes([arrayHeader(command.length), ...command.map((arg) => encodeBulk(concatBytes(arg)))]);
}

function arrayHeader(n: number): Uint8Array {
  const out = new Uint8Array(headerLength(n));
  writeHeader(out, 0, ARRAY, n);
  return out;
}

const partMax = (p: Part): number => (p instanceof Uint8Array ? p.length : p.maxLength);

function argMax(arg: readonly Part[]): number {
  let n = 0;
  for (const p of arg) n += partMax(p);
  return n;
}

/** The longest encoding of a command: each argument at its longest, with the header that needs. */
function encodedMax(command: CompiledCommand): number {
  let n = headerLength(command.length);
  for (const arg of command) {
    const max = argMax(arg);
    n += headerLength(max) + max + 2;
  }
  return n;
}

/** Adjacent byte parts joined: fewer copies per request. */
function joinBytes<T>(parts: readonly (Uint8Array | T)[]): (Uint8Array | T)[] {
  const out: (Uint8Array | T)[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p instanceof Uint8Array && last instanceof Uint8Array) out[out.length - 1] = concatBytes([last, p]);
    else if (!(p instanceof Uint8Array) || p.length > 0) out.push(p);
  }
  return out;
}
