import { UsageFailure } from '../errors/index.js';
import type { OutputPlugin } from '../interfaces/output.js';
import { ofKind, type PluginCatalog } from '../registry/plugin-catalog.js';

/** The output every pod of a Job writes its result document through, and how it is asked to. */
export interface ResultOutput {
  /** The output plugin's name: the owner of the options `args` sets. */
  plugin: string;
  /** The arguments that send the document to stdout, as the plugin declares them. */
  args: readonly string[];
}

/**
 * The output that writes the result document to stdout, found by what it declares
 * (`resultToStdout`) rather than by name, so that the Job depends on no particular plugin. The
 * first in load order wins: built-ins come first, so an installed plugin cannot change what
 * every pod writes behind the user's back.
 */
export function resultOutput(catalog: PluginCatalog): ResultOutput {
  for (const { plugin } of ofKind<OutputPlugin>(catalog, 'output')) {
    const args: unknown = plugin.resultToStdout;
    if (Array.isArray(args) && args.length > 0 && args.every((a) => typeof a === 'string')) {
      return { plugin: plugin.name, args };
    }
  }
  throw new UsageFailure(
    'kali k8s job: no output plugin can write the result document to stdout, which kali merge - reads from the pods’ logs',
  );
}
