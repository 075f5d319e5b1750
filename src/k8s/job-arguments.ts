import { OPTIONS } from '../cli/option-table.js';
import { parseCommandLine } from '../cli/parse-command-line.js';
import type { PluginOptionSpec } from '../cli/plugin-options.js';
import { JOB_INDEX_VARIABLE } from '../cli/segment-option.js';
import { tokenize } from '../cli/tokenizer.js';
import { UsageFailure } from '../errors/index.js';
import type { RunConfig } from '../interfaces/config.js';

/** The options the Job gives every pod itself; the load's own arguments may not. */
const JOB_OWNED: Record<string, string> = {
  segment: 'it gives every pod --segment auto/N',
  'start-at': 'it gives every pod the same --start-at',
  json: 'each pod writes its result document to stdout (--json -) for kali merge -',
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
): Promise<{ args: string[]; config: RunConfig }> {
  let workersGiven = false;
  for (const token of tokenize(load, [...OPTIONS, ...pluginOptions])) {
    if (token.type !== 'option') continue;
    const name = token.spec.id === 'plugin' ? token.spec.declaration.name : token.spec.id;
    if (name in JOB_OWNED && (token.spec.id !== 'plugin' || token.spec.owner.name === 'json')) {
      throw new UsageFailure(`kali k8s job: leave --${name} to the Job: ${JOB_OWNED[name]}`);
    }
    if (token.spec.id === 'workers') workersGiven = true;
  }
  const args = [
    '--segment',
    `auto/${job.segments}`,
    '--start-at',
    job.startAt,
    '--json',
    '-',
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
