import type { ContentArg, MessageTemplate, RunConfig } from 'kali';
import expressionFactory from '../../../plugins/content-expression/src/index.js';
import fileFactory from '../../../plugins/content-file/src/index.js';
import { ResponseParser, type ResponseSink } from '../../../plugins/protocol-http/src/response-parser.js';
import { ContentCompiler } from '../../../src/content/compile-content.js';
import { kaliApi } from '../../helpers/kali-api.js';

/** The host's content compiler with kali's file and expression plugins, as protocol contexts get it. */
export function contentCompiler(): (arg: ContentArg) => MessageTemplate {
  const config = { websocket: false, content: [], pluginOptions: {} } as unknown as RunConfig;
  const plugins = [fileFactory(kaliApi), expressionFactory(kaliApi)];
  const compiler = new ContentCompiler(config, plugins, 'client', 7);
  return (arg) => compiler.one(arg);
}

/** What a parser reported, in order: `200`, `200 close`, or `malformed: reason`. */
export class Recorder implements ResponseSink {
  events: string[] = [];
  response(status: number, close: boolean): void {
    this.events.push(close ? `${status} close` : `${status}`);
  }
  malformed(reason: string): void {
    this.events.push(`malformed: ${reason}`);
  }
}

/** Feeds `chunks` to a new parser; `end` closes the connection afterwards. */
export function parse(chunks: readonly Uint8Array[], opts: { head?: boolean; end?: boolean } = {}): string[] {
  const r = new Recorder();
  const parser = new ResponseParser(r, opts.head ?? false);
  for (const c of chunks) parser.feed(c);
  if (opts.end) parser.end();
  return r.events;
}

export const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

/** `data` cut at the given offsets (taken modulo its length), in order. */
export function cut(data: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => (data.length === 0 ? 0 : c % data.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(data.subarray(prev, c));
    prev = c;
  }
  out.push(data.subarray(prev));
  return out;
}

/** Messages `n` renders in a row for one connection, each at an offset inside a larger buffer. */
export function renderMany(template: MessageTemplate, n: number, uid = 1, offset = 5): Buffer[] {
  if (template.bytes) return Array.from({ length: n }, () => Buffer.from(template.bytes as Uint8Array));
  const renderer = template.bind!({ uid, ptr: 0x1000 + uid });
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const buf = new Uint8Array(offset + template.maxLength + 3).fill(0xee);
    const len = renderer.render(buf, offset, 1_700_000_000_000_000 + i);
    if (len > template.maxLength)
      throw new Error(`rendered ${len} bytes, more than maxLength ${template.maxLength}`);
    for (let j = 0; j < offset; j++)
      if (buf[j] !== 0xee) throw new Error(`byte ${j} before the message written`);
    for (let j = offset + template.maxLength; j < buf.length; j++)
      if (buf[j] !== 0xee) throw new Error(`byte ${j} after maxLength written`);
    out.push(Buffer.from(buf.subarray(offset, offset + len)));
  }
  return out;
}
