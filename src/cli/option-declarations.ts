import type { OptionDeclaration, OptionType, OptionValue } from '../interfaces/options.js';

const TYPES: readonly OptionType[] = [
  'flag',
  'string',
  'integer',
  'number',
  'count',
  'size',
  'bandwidth',
  'duration',
  'enum',
];

/** What getopt can read as `--name` or `--name=value`: no `=`, no leading dash, no blanks. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Why a plugin's option declaration cannot be used, or undefined when it can. Plugins are
 * JavaScript, so the types promise nothing: a broken declaration must cost the plugin, not the
 * command line of every run.
 */
export function declarationProblem(d: unknown): string | undefined {
  if (typeof d !== 'object' || d === null) return 'an option declaration must be an object';
  const o = d as Partial<OptionDeclaration>;
  if (typeof o.name !== 'string' || !NAME.test(o.name)) {
    return `option name ${JSON.stringify(o.name)} must be letters, digits, ".", "_" or "-", without leading dashes`;
  }
  const where = `option --${o.name}`;
  if (!TYPES.includes(o.type as OptionType)) return `${where}: unknown type ${JSON.stringify(o.type)}`;
  if (typeof o.description !== 'string') return `${where}: needs a description`;
  if (o.type === 'enum') {
    const choices = o.choices;
    if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => typeof c === 'string')) {
      return `${where}: an enum needs its choices`;
    }
  }
  for (const bound of ['min', 'max'] as const) {
    if (o[bound] !== undefined && typeof o[bound] !== 'number') return `${where}: ${bound} must be a number`;
  }
  if (o.check !== undefined && typeof o.check !== 'function') return `${where}: check must be a function`;
  if (o.default !== undefined && !defaultFits(o as OptionDeclaration, o.default)) {
    return `${where}: default ${JSON.stringify(o.default)} does not fit type ${o.type}`;
  }
  return undefined;
}

function defaultFits(d: OptionDeclaration, value: OptionValue): boolean {
  switch (d.type) {
    case 'flag':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'enum':
      return typeof value === 'string' && (d.choices ?? []).includes(value);
    default:
      return typeof value === 'number' && !Number.isNaN(value);
  }
}
