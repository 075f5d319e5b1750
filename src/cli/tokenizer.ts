import { UsageError } from '../errors/index.js';
import { OPTIONS, type OptionSpec, takesValue } from './option-table.js';
import type { PluginOptionSpec } from './plugin-options.js';
import { closestName } from './suggest.js';

/** One row of the command-line table: one of kali's options or one a plugin declared. */
export type CliOption = OptionSpec | PluginOptionSpec;

export type Token =
  | {
      type: 'option';
      spec: CliOption;
      /** Present exactly when the option takes a value (or a plugin flag got `=on`/`=off`). */
      value?: string;
      /** The argv element the option was found in, as typed. */
      arg: string;
    }
  | { type: 'positional'; value: string };

/** A plugin's flag takes no value of its own but may be written `--flag=on` or `--flag=off`. */
const isPluginFlag = (spec: CliOption): boolean => spec.id === 'plugin' && spec.declaration.type === 'flag';

function needsValue(spec: CliOption, form: 'short' | 'long'): boolean {
  if (spec.id === 'plugin') return spec.declaration.type !== 'flag';
  return takesValue(spec, form);
}

/**
 * GNU getopt_long, the way tcpkali drives it: options and positionals may be interleaved, `--` ends
 * the options, short options bundle (`-em x`, `-c10k`, `-vvv`), a required value may be attached
 * (`-T1s`, `--dur=1s`) or be the next element even when that starts with `-` (`-m --help`), and a
 * long option may be abbreviated to any unique prefix.
 *
 * Tokens come out lazily so that the caller can act on each one before the next is even looked
 * at: getopt reports a bad option only when it reaches it, so `--help --foo` shows help while
 * `--foo --help` is an error.
 *
 * Mistakes are getopt's line and tcpkali's `<arg>: unknown option`, without tcpkali's usage
 * screen; an unknown long option close to a known one gets a suggestion on tcpkali's line.
 */
export function* tokenize(
  argv: readonly string[],
  table: readonly CliOption[] = OPTIONS,
  program = 'kali',
): Generator<Token, void, undefined> {
  const fail = (getoptLine: string, arg: string, hint = ''): never => {
    throw new UsageError(`${program}: ${getoptLine}\n${arg}: unknown option${hint}`);
  };
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i++];
    if (arg === '--') {
      while (i < argv.length) yield { type: 'positional', value: argv[i++] };
      return;
    }
    if (arg.startsWith('--')) {
      const body = arg.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
      const spec = findLong(table, name, arg, program, fail);
      if (needsValue(spec, 'long')) {
        let value = inline;
        if (value === undefined) {
          if (i >= argv.length) fail(`option '--${spec.long[0]}' requires an argument`, arg);
          value = argv[i++];
        }
        yield { type: 'option', spec, value, arg };
      } else if (inline !== undefined && isPluginFlag(spec)) {
        yield { type: 'option', spec, value: inline, arg };
      } else {
        if (inline !== undefined) fail(`option '--${spec.long[0]}' doesn't allow an argument`, arg);
        yield { type: 'option', spec, arg };
      }
      continue;
    }
    if (arg.length > 1 && arg.startsWith('-')) {
      for (let j = 1; j < arg.length; j++) {
        const ch = arg[j];
        const spec = table.find((s) => s.short === ch);
        if (!spec) fail(`invalid option -- '${ch}'`, arg);
        if (!needsValue(spec!, 'short')) {
          yield { type: 'option', spec: spec!, arg };
          continue;
        }
        let value = arg.slice(j + 1);
        if (value === '') {
          if (i >= argv.length) fail(`option requires an argument -- '${ch}'`, arg);
          value = argv[i++];
        }
        yield { type: 'option', spec: spec!, value, arg };
        break;
      }
      continue;
    }
    yield { type: 'positional', value: arg };
  }
}

/**
 * Exact names win; otherwise the prefix must point at a single option. Like glibc, a candidate that
 * is an alias of the first match (`--ws`/`--websocket`) does not make the prefix ambiguous, and the
 * possibilities are listed in table order.
 */
function findLong(
  table: readonly CliOption[],
  name: string,
  arg: string,
  program: string,
  fail: (line: string, arg: string, hint?: string) => never,
): CliOption {
  const exact = table.find((s) => s.long.includes(name));
  if (exact) return exact;
  const matches: { spec: CliOption; long: string }[] = [];
  for (const spec of table) {
    for (const long of spec.long) if (name !== '' && long.startsWith(name)) matches.push({ spec, long });
  }
  if (matches.length === 0) {
    const advertised = table.filter((s) => !s.hidden).flatMap((s) => s.long);
    const near = name === '' ? undefined : closestName(name, advertised);
    const hint = near ? `; did you mean --${near}? (${program} --help lists them all)` : '';
    return fail(`unrecognized option '${arg}'`, arg, hint);
  }
  const first = matches[0];
  const listed = matches.filter((m) => m === first || m.spec !== first.spec);
  if (listed.length === 1) return first.spec;
  const possibilities = listed.map((m) => `'--${m.long}'`).join(' ');
  return fail(`option '${arg}' is ambiguous; possibilities: ${possibilities}`, arg);
}
