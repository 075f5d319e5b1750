import type { HandOver } from '@kali/content-file/bounded-read';
import type {
  ContentContext,
  ContentOption,
  ContentPlugin,
  ContentSource,
  MessageTemplate,
  PluginFactory,
} from 'kali';
import { ExpressionError, optionValue, Reporter } from './errors.js';
import { fileReader } from './files.js';
import { MAX_MESSAGE } from './limits.js';
import { parse } from './parser.js';
import { combine, hashBytes } from './random.js';
import { compileTemplate } from './template.js';

/** Options whose plain text `--ws` turns into text frames; headers and the latency marker stay as typed. */
const FRAMED: ReadonlySet<ContentOption> = new Set([
  'message',
  'message-file',
  'first-message',
  'first-message-file',
]);

export { MAX_MESSAGE } from './limits.js';

/**
 * tcpkali's content language: literal text with `\{…}` expressions, plus WebSocket framing. It
 * compiles every inline argument (not only those with `\{`), because with `--ws` even plain text
 * must go out as a text frame.
 */
const expression: PluginFactory<ContentPlugin> = (kali) => ({
  kind: 'content',
  name: 'expression',
  description: 'tcpkali \\{...} expressions (connection.uid, re, message.marker, ws.*…) and --ws framing',
  priority: 0,
  compile(source: ContentSource, ctx: ContentContext): MessageTemplate {
    return compileExpression(source, ctx, kali);
  },
});

export function compileExpression(
  source: ContentSource,
  ctx: ContentContext,
  kali: HandOver,
): MessageTemplate {
  const report = new Reporter(source.option, source.origin, source.bytes);
  const parts = parse(source.bytes, report, {
    unescapeText: source.unescape ? (b) => ctx.unescape(b) : undefined,
    unescapeQuoted: (b) => ctx.unescape(b),
    readFile: fileReader(kali),
  });
  // Until every host passes a seed, 0 keeps workers in agreement (they all see the same value).
  const runSeed = ctx.seed ?? 0;
  const template = compileTemplate(parts, {
    wrapText: ctx.config.websocket === true && FRAMED.has(source.option),
    masked: ctx.side === 'client',
    seed: combine(runSeed, hashBytes(source.bytes), hashBytes(Buffer.from(source.option))),
  });
  if (template.maxLength > MAX_MESSAGE)
    throw new ExpressionError(
      `${optionValue(source.option, source.origin)}: one message may reach ${template.maxLength} bytes, more than the ${MAX_MESSAGE} kali allows`,
    );
  return template;
}

export default expression;
