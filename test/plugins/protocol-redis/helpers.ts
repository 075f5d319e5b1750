import type { ContentArg, MessageTemplate, RunConfig } from 'kali';
import expressionFactory from '../../../plugins/content-expression/src/index.js';
import { ContentCompiler } from '../../../src/content/compile-content.js';
import { kaliApi } from '../../helpers/kali-api.js';

/** The host's content compiler with kali's expression plugin, as protocol contexts get it. */
export function contentCompiler(): (arg: ContentArg) => MessageTemplate {
  const config = { websocket: false, content: [], pluginOptions: {} } as unknown as RunConfig;
  const compiler = new ContentCompiler(config, [expressionFactory(kaliApi)], 'client', 7);
  return (arg) => compiler.one(arg);
}

export const message = (value: string): ContentArg => ({ option: 'message', value, unescape: false });

/** A command as RESP, built the obvious way, to compare the encoder with. */
export function resp(...args: (string | Uint8Array)[]): Buffer {
  const parts = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a, 'utf8') : Buffer.from(a);
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
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
    // Nothing written outside [offset, offset + len).
    for (let j = 0; j < offset; j++)
      if (buf[j] !== 0xee) throw new Error(`byte ${j} before the message written`);
    for (let j = offset + len; j < buf.length; j++)
      if (buf[j] !== 0xee && j >= offset + template.maxLength)
        throw new Error(`byte ${j} after maxLength written`);
    out.push(Buffer.from(buf.subarray(offset, offset + len)));
  }
  return out;
}
