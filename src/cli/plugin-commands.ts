import type { Command, Config } from '@oclif/core';

/** A command for the man page: how it is called and what it does, in one line each. */
export interface ManCommand {
  usage: string;
  summary: string;
}

/**
 * The commands that kali plugin packages bring (a package with a `kali` manifest and oclif
 * commands), for the man page. Read from oclif's command list, so that the host names none of
 * them: a built-in plugin's command is documented the way a third party's would be.
 */
export function pluginCommands(config: Pick<Config, 'commands' | 'plugins'>): ManCommand[] {
  const out: ManCommand[] = [];
  for (const command of config.commands) {
    const pkg = command.pluginName === undefined ? undefined : config.plugins.get(command.pluginName);
    if (pkg === undefined || (pkg.pjson as { kali?: unknown }).kali === undefined) continue;
    if (command.hidden) continue;
    out.push(manCommand(command));
  }
  return out.sort((a, b) => a.usage.localeCompare(b.usage));
}

/**
 * `report RESULT -o FILE.html` from the command's id, its arguments (optional ones bracketed)
 * and its required flags; the summary, or else the first sentence of the description.
 */
export function manCommand(command: Command.Loadable): ManCommand {
  const words = [command.id.replaceAll(':', ' ')];
  for (const [name, arg] of Object.entries(command.args ?? {})) {
    words.push(arg.required ? name.toUpperCase() : `[${name.toUpperCase()}]`);
  }
  for (const [name, flag] of Object.entries(command.flags ?? {})) {
    if (!flag.required) continue;
    const option = flag.char !== undefined ? `-${flag.char}` : `--${name}`;
    const value = flag.type === 'option' ? ` ${flag.helpValue ?? name.toUpperCase()}` : '';
    words.push(`${option}${value}`);
  }
  const described = command.summary ?? command.description?.split(/(?<=\.)\s/)[0] ?? '';
  return { usage: words.join(' '), summary: described };
}
