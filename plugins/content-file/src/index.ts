import type { ContentArg, ContentPlugin, PluginError, PluginFactory } from 'kali';
import { describeReadError, FileLimitError, readBounded } from './bounded-read.js';

const FILE_OPTIONS = new Set(['message-file', 'first-message-file']);

/** EX_NOINPUT: tcpkali's status for a message file it cannot read. */
const EX_NOINPUT = 65;

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
      return readBounded(arg.value);
    } catch (e) {
      // A file that cannot be opened gets tcpkali's wording; tcpkali has no limits, so kali's
      // own refusals name the option as well, for runs with several files.
      const where = e instanceof FileLimitError ? `--${arg.option}=${arg.value}` : arg.value;
      const err: PluginError = new Error(`${where}: ${describeReadError(e)}`);
      err.exitCode = EX_NOINPUT;
      throw err;
    }
  },
});

export default file;
