import { asFailure } from '../../errors/index.js';
import type { PluginRef } from '../../interfaces/plugin.js';

/**
 * Names the plugin whose code threw, from the error's stack: the first frame inside a plugin
 * package's folder. Errors that escape to the worker's top level carry no other hint, and a user
 * with five plugins installed needs to know which one to blame.
 */
export function blamePlugin(err: unknown, refs: readonly PluginRef[]): PluginRef | undefined {
  const stack = (err as { stack?: unknown } | undefined)?.stack;
  if (typeof stack !== 'string') return undefined;
  const folders = refs.map((r) => ({ ref: r, folder: r.href.slice(0, r.href.lastIndexOf('/') + 1) }));
  for (const line of stack.split('\n').slice(1)) {
    const hit = folders.find((f) => line.includes(f.folder));
    if (hit) return hit.ref;
  }
  return undefined;
}

/** One line for an error that escaped a worker: who threw, and what. */
export function describeFault(err: unknown, refs: readonly PluginRef[]): string {
  const ref = blamePlugin(err, refs);
  const what =
    err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  const text = what.replace(/\s*\n\s*/g, ' ');
  return ref ? `plugin ${ref.packageName} (${ref.kind} "${ref.name}"): ${text}` : text;
}

/**
 * The reason and exit status to report for an error thrown inside a worker. An error with an
 * `exitCode` was thrown on purpose (the plugin API's error contract) and speaks for itself; any
 * other is a fault, reported with the plugin it came from.
 */
export function faultOf(err: unknown, refs: readonly PluginRef[]): { message: string; exitCode: number } {
  const failure = asFailure(err);
  const deliberate = typeof (err as { exitCode?: unknown } | undefined)?.exitCode === 'number';
  return { message: deliberate ? failure.message : describeFault(err, refs), exitCode: failure.exitCode };
}
