import { Command } from '@oclif/core';
import type { PluginKind } from '../interfaces/plugin.js';
import { collectPluginRefs, type InstalledPackage } from '../registry/collect-plugin-refs.js';
import { loadPlugin } from '../registry/load-plugin.js';

const KIND_ORDER: PluginKind[] = ['transport', 'content', 'measurement', 'output'];

/** Lists what the installed plugins (built-in, installed and linked alike) provide. */
export default class Capabilities extends Command {
  static override description = 'List the transports, content, measurements and outputs kali can use';
  static override examples = ['<%= config.bin %> capabilities'];

  async run(): Promise<void> {
    const packages: InstalledPackage[] = this.config.getPluginsList().map((p) => ({
      name: p.name,
      root: p.root,
      pjson: p.pjson as InstalledPackage['pjson'],
    }));
    const refs = collectPluginRefs(packages).sort(
      (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name),
    );
    const rows: string[][] = [['KIND', 'NAME', 'PACKAGE', 'DESCRIPTION']];
    for (const ref of refs) {
      let description: string;
      try {
        description = (await loadPlugin(ref)).description ?? '';
      } catch (err) {
        description = `(cannot load: ${(err as Error).message})`;
      }
      rows.push([ref.kind, ref.name, ref.packageName, description]);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows)
      this.log(r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]) : cell)).join('  '));
  }
}
