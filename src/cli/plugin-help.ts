import type { OptionDeclaration, OptionType, OptionValue } from '../interfaces/options.js';
import type { HelpRow } from './help-text.js';
import type { PluginOptionSpec } from './plugin-options.js';
import { formatG } from './units.js';

/** Placeholders in kali's own words, so a plugin's `<Time>` reads like `-T <Time>`. */
const PLACEHOLDERS: Record<OptionType, string> = {
  flag: '',
  string: '<text>',
  integer: '<N>',
  number: '<number>',
  count: '<N>',
  size: '<SizeBytes>',
  bandwidth: '<Bandwidth>',
  duration: '<Time>',
  enum: '',
};

export interface PluginHelpSection {
  heading: string;
  rows: HelpRow[];
}

/** One section per plugin that declares options, in table order, generated from the declarations. */
export function pluginHelpSections(specs: readonly PluginOptionSpec[]): PluginHelpSection[] {
  const sections = new Map<string, PluginHelpSection>();
  for (const spec of specs) {
    const { owner } = spec;
    const key = `${owner.kind}:${owner.name}`;
    let section = sections.get(key);
    if (!section) {
      const about = spec.ownerDescription ? ` — ${spec.ownerDescription}` : '';
      const kind = owner.kind.charAt(0).toUpperCase() + owner.kind.slice(1);
      section = { heading: `${kind} plugin ${owner.name}${about}:`, rows: [] };
      sections.set(key, section);
    }
    section.rows.push(helpRow(spec.declaration));
  }
  return [...sections.values()];
}

function helpRow(d: OptionDeclaration): HelpRow {
  const placeholder = d.valueName
    ? `<${d.valueName}>`
    : d.type === 'enum'
      ? `<${(d.choices ?? []).join('|')}>`
      : PLACEHOLDERS[d.type];
  const fallback =
    d.default === undefined || d.default === false ? '' : ` [default: ${shownDefault(d, d.default)}]`;
  return {
    left: placeholder ? `--${d.name} ${placeholder}` : `--${d.name}`,
    right: `${d.description}${fallback}${d.repeatable ? ' [repeatable]' : ''}`,
  };
}

/** Defaults are stored in base units; shown with the unit so that they can be typed back. */
function shownDefault(d: OptionDeclaration, value: OptionValue): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (d.type === 'duration') return `${formatG(value)}s`;
  if (d.type === 'bandwidth') return `${formatG(value)}bps`;
  return formatG(value);
}
