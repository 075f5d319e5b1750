import { readFileSync } from 'node:fs';
import { getSystemErrorMap } from 'node:util';
import type { ContentArg, ContentPlugin, PluginError, PluginFactory } from 'kali';

const FILE_OPTIONS = new Set(['message-file', 'first-message-file']);

/**
 * Loads `-f` and `--first-message-file` contents. The bytes then go through the content chain
 * like any inline message, so a file may hold expressions too.
 */
const file: PluginFactory<ContentPlugin> = () => ({
  kind: 'content',
  name: 'file',
  description: 'Message contents read from files',
  load(arg: ContentArg) {
    if (!FILE_OPTIONS.has(arg.option)) return undefined;
    try {
      return readFileSync(arg.value);
    } catch (e) {
      // EX_NOINPUT, with the C library's wording, as tcpkali reports it.
      const err: PluginError = new Error(`${arg.value}: ${errnoText(e)}`);
      err.exitCode = 65;
      throw err;
    }
  },
});

function errnoText(e: unknown): string {
  const errno = (e as NodeJS.ErrnoException).errno;
  const text = typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined;
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : (e as Error).message;
}

export default file;
