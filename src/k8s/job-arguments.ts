import { OPTIONS } from '../cli/option-table.js';
import { parseCommandLine } from '../cli/parse-command-line.js';
import type { PluginOptionSpec } from '../cli/plugin-options.js';
import { JOB_INDEX_VARIABLE } from '../cli/segment-option.js';
import { tokenize } from '../cli/tokenizer.js';
import { UsageFailure } from '../errors/index.js';
import type { RunConfig } from '../interfaces/config.js';
import type { ResultOutput } from './result-output.js';

/** kali's options that the Job gives every pod itself; the load's own arguments may not. */
const JOB_OWNED: Record<string, string> = {
  segment: 'it gives every pod --segment auto/N',
  'start-at': 'it gives every pod the same --start-at',
};

/**
 * The container arguments of every pod: the Job's own options, then the load's arguments as
 * given after `--`. They are read here with kali's parser, as the pod will read them, so that a
 * mistake stops the generator instead of N pods; `-w` follows the CPU request unless given,
 * since Node 20 counts the node's CPUs, not the container's share.
 */
export async function jobArguments(
  load: readonly string[],
  job: { segments: number; startAt: string; workers: number },
  pluginOptions: readonly PluginOptionSpec[],
  result: ResultOutput,
): Promise<{ args: string[]; config: RunConfig }> {
  // The result output's options that its stdout arguments set (`--x` of `--x -`): given
  // again in the load, they would send the document elsewhere and leave kali merge - without it.
  const resultOwned = new Set(result.args.filter((a) => a.startsWith('--')).map((a) => a.slice(2)));
  const resultWhy = `each pod writes its result document to stdout (${result.args.join(' ')}) for kali merge -`;
  let workersGiven = false;
  for (const token of tokenize(load, [...OPTIONS, ...pluginOptions])) {
    if (token.type !== 'option') continue;
    if (token.spec.id === 'plugin') {
      const name = token.spec.declaration.name;
      if (token.spec.owner.name === result.plugin && resultOwned.has(name)) {
        throw new UsageFailure(`kali k8s job: leave --${name} to the Job: ${resultWhy}`);
      }
    } else if (token.spec.id in JOB_OWNED) {
      throw new UsageFailure(
        `kali k8s job: leave --${token.spec.id} to the Job: ${JOB_OWNED[token.spec.id]}`,
      );
    }
    if (token.spec.id === 'workers') workersGiven = true;
  }
  const args = [
    '--segment',
    `auto/${job.segments}`,
    '--start-at',
    job.startAt,
    ...result.args,
    ...(workersGiven ? [] : [`--workers=${job.workers}`]),
    ...load,
  ];
  // As the first pod will read them; the node's CPUs are not known here, so -w is not capped.
  const parsed = await parseCommandLine(
    args,
    { cpus: Number.MAX_SAFE_INTEGER, variables: { [JOB_INDEX_VARIABLE]: '0' } },
    pluginOptions,
  );
  if (parsed.action !== 'run') {
    throw new UsageFailure('kali k8s job: the arguments after -- ask for help or the version, not a load');
  }
  return { args, config: parsed.config };
}
