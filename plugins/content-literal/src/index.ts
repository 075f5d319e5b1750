import type { ContentPlugin, ContentSource, PluginFactory } from 'kali';

/** The byte pair `\{` that opens an expression in tcpkali's content language. */
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;

/**
 * Content taken as it is (after `-e` unescaping). It has the lowest priority, so a plugin that
 * understands `\{…}` expressions gets the first look at every argument; if none is installed,
 * an expression is refused here rather than sent as literal bytes.
 */
const literal: PluginFactory<ContentPlugin> = (kali) => ({
  kind: 'content',
  name: 'literal',
  description: 'Message bytes as given, with -e unescaping',
  priority: -100,
  compile(source: ContentSource, ctx) {
    if (hasExpression(source.bytes)) {
      throw kali.error(
        `--${source.option}=${source.origin}: expressions (\\{...}) need an expression content plugin, and none is installed`,
        kali.exit.FAILED,
      );
    }
    const bytes = source.unescape ? ctx.unescape(source.bytes) : source.bytes;
    return { bytes, maxLength: bytes.length };
  },
});

function hasExpression(bytes: Uint8Array): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === BACKSLASH && bytes[i + 1] === OPEN_BRACE) return true;
  }
  return false;
}

export default literal;
