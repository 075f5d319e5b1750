import type { ContentPlugin, MessageTemplate, PluginFactory } from 'kali';

/**
 * Content arguments that start with `__PLUGIN_NAME__:` belong to this plugin, e.g.
 * `-m '__PLUGIN_NAME__:ping'`: it sends the rest of the argument `--__PLUGIN_NAME__-repeat N`
 * times as one message. Anything else is left to other content plugins.
 */
const factory: PluginFactory<ContentPlugin> = (kali) => ({
  kind: 'content',
  name: '__PLUGIN_NAME__',
  description: 'Messages written as __PLUGIN_NAME__:<text>, repeated --__PLUGIN_NAME__-repeat times',
  // Above the built-in literal plugin, which accepts everything and so must be asked last.
  priority: 10,
  // kali parses these like its own options and hands the values over as ctx.options.
  options: [
    {
      name: REPEAT,
      type: 'integer',
      valueName: 'N',
      description: 'How many times a __PLUGIN_NAME__: message repeats its text',
      default: 1,
    },
  ],
  compile(source, ctx): MessageTemplate | undefined {
    if (!startsWith(source.bytes, PREFIX)) return undefined;
    const repeat = Number(ctx.options[REPEAT]);
    if (!Number.isInteger(repeat) || repeat < 1) {
      // Compiling runs in the main thread before any worker starts, so this stops the run cleanly.
      throw kali.error(`--${REPEAT}=${repeat}: expected a whole number of at least 1`, kali.exit.USAGE);
    }
    let body = source.bytes.subarray(PREFIX.length);
    if (source.unescape) body = ctx.unescape(body);
    // Compiled once per thread; a static template lets the engine pre-join copies into big writes.
    const bytes = new Uint8Array(body.length * repeat);
    for (let i = 0; i < repeat; i++) bytes.set(body, i * body.length);
    return { bytes, maxLength: bytes.length };
  },
});

const NAME = '__PLUGIN_NAME__';
const PREFIX = new TextEncoder().encode(`${NAME}:`);
const REPEAT = `${NAME}-repeat`;

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

export default factory;
