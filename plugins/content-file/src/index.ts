import type { ContentArg, ContentPlugin, PluginFactory } from 'kali';
import { describeReadError, FileLimitError, readBounded } from './bounded-read.js';

const FILE_OPTIONS = new Set(['message-file', 'first-message-file']);

/**
 * Loads `-f` and `--first-message-file` contents. The bytes then go through the content chain
 * like any inline message, so a file may hold expressions too.
 */
const file: PluginFactory<ContentPlugin> = (kali) => ({
  kind: 'content',
  name: 'file',
  description: 'Message contents read from files',
  load(arg: ContentArg) {
    if (!FILE_OPTIONS.has(arg.option)) return undefined;
    try {
      return readBounded(arg.value, kali);
    } catch (e) {
      // A file that cannot be opened gets tcpkali's wording; tcpkali has no limits, so kali's
      // own refusals name the option as well, for runs with several files.
      const where = e instanceof FileLimitError ? `--${arg.option}=${arg.value}` : arg.value;
      // exit.DATA is 65, tcpkali's status for a message file it cannot read.
      throw kali.error(`${where}: ${describeReadError(e)}`, kali.exit.DATA);
    }
  },
});

export default file;
