import { Command } from '@oclif/core';
import { installedInOrder } from '../host/installed-in-order.js';
import type { PluginKind, PluginRef } from '../interfaces/plugin.js';
import { loadCatalog } from '../registry/plugin-catalog.js';
import { PLUGIN_KINDS } from '../registry/read-manifest.js';

/** Lists what the installed plugins (built-in, installed and linked alike) provide. */
export default class Capabilities extends Command {
  static override description =
    'List the transports, content, measurements, outputs and protocols kali can use';
  static override examples = ['<%= config.bin %> capabilities'];

  async run(): Promise<void> {
    const collected = installedInOrder(this.config);
    // The same catalog a run builds, so a plugin listed as usable here loads in a run too.
    const catalog = await loadCatalog(collected);
    const rows: { ref: PluginRef; text: string }[] = [
      ...catalog.plugins.map((p) => ({ ref: p.ref, text: p.plugin.description ?? '' })),
      ...catalog.broken.map((b) => ({ ref: b.ref, text: `(cannot load: ${b.reason})` })),
    ].sort((a, b) => order(a.ref.kind) - order(b.ref.kind) || a.ref.name.localeCompare(b.ref.name));
    const table: string[][] = [['KIND', 'NAME', 'PACKAGE', 'DESCRIPTION']];
    for (const r of rows) table.push([r.ref.kind, r.ref.name, r.ref.packageName, r.text]);
    const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
    for (const r of table)
      this.log(r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]) : cell)).join('  '));
    for (const p of collected.problems) this.logToStderr(`plugin ${p.packageName}: ${p.reason}`);
  }
}

function order(kind: PluginKind): number {
  return PLUGIN_KINDS.indexOf(kind);
}
