import type { ContentContext, ContentOption, MessageTemplate } from 'kali';
import factory from '../../../plugins/content-expression/src/index.js';
import { unescapeBytes } from '../../../src/content/unescape.js';
import { kaliApi } from '../../helpers/kali-api.js';

export interface CompileOptions {
  ws?: boolean;
  side?: 'client' | 'server';
  option?: ContentOption;
  unescape?: boolean;
  seed?: number;
}

const plugin = factory(kaliApi);

export function compile(text: string | Uint8Array, o: CompileOptions = {}): MessageTemplate {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const ctx: ContentContext = {
    config: { websocket: o.ws ?? false } as ContentContext['config'],
    options: {},
    log: () => {},
    side: o.side ?? 'client',
    unescape: unescapeBytes,
    seed: o.seed ?? 7,
  };
  const template = plugin.compile!(
    {
      option: o.option ?? 'message',
      bytes,
      unescape: o.unescape ?? false,
      origin: Buffer.from(bytes).toString('utf8'),
    },
    ctx,
  );
  if (!template) throw new Error('the expression plugin declined a source');
  return template;
}

/** One rendered message, through `bind` + `render` for dynamic templates. */
export function renderOnce(
  template: MessageTemplate,
  identity = { uid: 1, ptr: 0x7f56ec001730 },
  nowMicros = 1_700_000_000_000_000,
): Buffer {
  if (template.bytes) return Buffer.from(template.bytes);
  const renderer = template.bind!(identity);
  const out = new Uint8Array(template.maxLength);
  const n = renderer.render(out, 0, nowMicros);
  return Buffer.from(out.subarray(0, n));
}

/** Reads tcpkali's `-d` dump notation (`\xHH`, `\\`, `\r`, `\n`) back into bytes. */
export function fromDump(dump: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < dump.length; i++) {
    if (dump[i] !== '\\') {
      bytes.push(dump.charCodeAt(i));
      continue;
    }
    const c = dump[++i];
    if (c === 'x') {
      bytes.push(Number.parseInt(dump.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === 'r') bytes.push(0x0d);
    else if (c === 'n') bytes.push(0x0a);
    else bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

/** Catches the error a compile throws, failing if it does not throw. */
export function compileError(text: string, o: CompileOptions = {}): Error & { exitCode?: number } {
  try {
    compile(text, o);
  } catch (e) {
    return e as Error & { exitCode?: number };
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}
