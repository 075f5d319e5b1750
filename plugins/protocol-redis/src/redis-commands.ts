import type { ContentArg, KaliApi, MessageTemplate } from 'kali';
import { type CompiledCommand, commandsTemplate, compileCommand } from './command-template.js';
import { InlineSyntaxError, splitCommand } from './inline-syntax.js';

/** The run's Redis traffic: the requests (`-m`, in turn) and the hello (`-1`, all at once). */
export interface RedisTemplates {
  request: MessageTemplate;
  hello?: MessageTemplate;
  /** Replies the hello asks for (one per `-1`), and its text for messages. */
  helloReplies: number;
  helloText: string;
}

interface Read {
  arg: ContentArg;
  command: CompiledCommand;
}

/** The longest value quoted in a message: the option says where to look. */
const SHOWN_VALUE = 80;

/**
 * Reads the commands from the content arguments and compiles their expressions with the host's
 * content plugins. Each `-m` is one command, each `-1` a command sent once per connection before
 * any request (AUTH, SELECT). Throws one-line usage errors (exit 64) naming the option and value.
 */
export function redisTemplates(
  content: readonly ContentArg[],
  compile: (arg: ContentArg) => MessageTemplate,
  kali: KaliApi,
): RedisTemplates {
  const requests: Read[] = [];
  const hellos: Read[] = [];
  for (const arg of content) {
    if (arg.option === 'message-file' || arg.option === 'first-message-file') {
      throw kali.error(
        `${optionValue(arg)}: redis:// takes its commands from -m and -1, one command each`,
        kali.exit.USAGE,
      );
    }
    if (arg.option !== 'message' && arg.option !== 'first-message') continue;
    let syntax: ReturnType<typeof splitCommand>;
    try {
      syntax = splitCommand(arg.value);
    } catch (err) {
      if (err instanceof InlineSyntaxError)
        throw kali.error(`${optionValue(arg)}: ${err.message}`, kali.exit.USAGE);
      throw err;
    }
    // Expressions keep the option (`--ws` framing and errors depend on it); their text is never unescaped.
    const command = compileCommand(syntax, (source) =>
      compile({ option: arg.option, value: source, unescape: false }),
    );
    (arg.option === 'message' ? requests : hellos).push({ arg, command });
  }
  const hello =
    hellos.length > 0
      ? commandsTemplate(
          hellos.map((h) => h.command),
          'sequence',
        )
      : undefined;
  return {
    request: commandsTemplate(
      requests.map((r) => r.command),
      'cycle',
    ),
    ...(hello ? { hello } : {}),
    helloReplies: hellos.length,
    helloText: hellos.map((h) => optionValue(h.arg)).join(' '),
  };
}

/** `--message='SET k v'`, on one line and of reasonable length. */
export function optionValue(arg: ContentArg): string {
  const chars = [...arg.value];
  const shown = chars.length > SHOWN_VALUE ? `${chars.slice(0, SHOWN_VALUE).join('')}...` : arg.value;
  return `--${arg.option}='${printable(shown)}'`;
}

/** Control characters escaped, so the message stays on one line whatever the value holds. */
function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0))
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}
