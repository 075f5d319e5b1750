import type { ContentPlugin, MessageTemplate, PluginError, PluginFactory } from 'kali';

/**
 * Content arguments that start with `__PLUGIN_NAME__:` belong to this plugin, e.g.
 * `-m '__PLUGIN_NAME__:ping'`; it sends the rest of the argument `--plugin-option
 * __PLUGIN_NAME__.repeat=N` times as one message. Anything else is left to other plugins.
 */
const factory: PluginFactory<ContentPlugin> = (options) => {
  const prefix = Buffer.from('__PLUGIN_NAME__:');
  const repeat = Number(options.repeat ?? '1');
  return {
    kind: 'content',
    name: '__PLUGIN_NAME__',
    description: 'Messages written as __PLUGIN_NAME__:<text>',
    // Above the built-in literal plugin, which accepts everything and so must be asked last.
    priority: 10,
    compile(source, ctx): MessageTemplate | undefined {
      if (!startsWith(source.bytes, prefix)) return undefined;
      if (!Number.isInteger(repeat) || repeat < 1) {
        // Runs in the main thread before any worker starts, so this stops the run cleanly.
        const err: PluginError = new Error(
          `--plugin-option __PLUGIN_NAME__.repeat=${options.repeat}: expected a whole number >= 1`,
        );
        err.exitCode = 64;
        throw err;
      }
      let body = source.bytes.subarray(prefix.length);
      if (source.unescape) body = ctx.unescape(body);
      // Compiled once per thread; a static template lets the engine pre-join copies into big writes.
      const bytes = new Uint8Array(body.length * repeat);
      for (let i = 0; i < repeat; i++) bytes.set(body, i * body.length);
      return { bytes, maxLength: bytes.length };
    },
  };
};

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

export default factory;
