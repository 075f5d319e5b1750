import type { OptionDeclaration } from '../interfaces/options.js';
import type { PluginRef } from '../interfaces/plugin.js';
import type { BrokenPlugin, PluginCatalog } from '../registry/plugin-catalog.js';
import { declarationProblem } from './option-declarations.js';
import { OPTIONS } from './option-table.js';

/** One plugin option in the command-line table, beside kali's own `OptionSpec`s. */
export interface PluginOptionSpec {
  id: 'plugin';
  /** One name, no aliases and no short form: the declaration's `name`. */
  long: readonly [string];
  short?: undefined;
  hidden?: undefined;
  repeatable: boolean;
  /** The plugin that declared it; its values go to `config.pluginOptions[owner.name]`. */
  owner: PluginRef;
  /** The owner's one-line description, for the heading of its options in `--help`. */
  ownerDescription?: string;
  declaration: OptionDeclaration;
}

export interface PluginOptionTable {
  /** The catalog without the plugins refused here, which join its broken ones. */
  catalog: PluginCatalog;
  /** Every accepted plugin's options, in catalog order. */
  specs: PluginOptionSpec[];
}

/**
 * Collects the options of every loaded plugin. One option has one owner: a plugin whose option
 * is one of kali's, or one an earlier plugin (in oclif's order: built-ins first) already declared,
 * or whose declarations are unusable, is refused as a whole, like a plugin that failed to load,
 * so that no command line changes meaning because of what is installed.
 */
export function pluginOptionTable(catalog: PluginCatalog): PluginOptionTable {
  const kaliNames = new Set(OPTIONS.flatMap((s) => s.long));
  const owners = new Map<string, PluginRef>();
  const specs: PluginOptionSpec[] = [];
  const refused: BrokenPlugin[] = [];
  const accepted: PluginCatalog['plugins'] = [];
  for (const entry of catalog.plugins) {
    const { ref, plugin } = entry;
    const declared: unknown = plugin.options ?? [];
    const problem = Array.isArray(declared)
      ? problemWith(declared, kaliNames, owners)
      : 'its options must be an array of option declarations';
    if (problem) {
      refused.push({ ref, reason: problem });
      continue;
    }
    accepted.push(entry);
    for (const declaration of declared as OptionDeclaration[]) {
      owners.set(declaration.name, ref);
      specs.push({
        id: 'plugin',
        long: [declaration.name],
        repeatable: declaration.repeatable === true,
        owner: ref,
        ...(plugin.description !== undefined ? { ownerDescription: plugin.description } : {}),
        declaration,
      });
    }
  }
  return { catalog: { plugins: accepted, broken: [...catalog.broken, ...refused] }, specs };
}

function problemWith(
  declared: readonly unknown[],
  kaliNames: ReadonlySet<string>,
  owners: ReadonlyMap<string, PluginRef>,
): string | undefined {
  const own = new Set<string>();
  for (const d of declared) {
    const problem = declarationProblem(d);
    if (problem) return problem;
    const { name } = d as OptionDeclaration;
    if (kaliNames.has(name)) return `its option --${name} is one of kali's own options`;
    const owner = owners.get(name);
    if (owner) {
      return `its option --${name} is already declared by plugin ${owner.packageName} (${owner.kind} "${owner.name}")`;
    }
    if (own.has(name)) return `it declares option --${name} twice`;
    own.add(name);
  }
  return undefined;
}
