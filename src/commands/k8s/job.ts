import { Command, Flags } from '@oclif/core';
import { pluginOptionTable } from '../../cli/plugin-options.js';
import { ExitStatus, renderError, UsageFailure } from '../../errors/index.js';
import { installedInOrder } from '../../host/installed-in-order.js';
import { jobArguments } from '../../k8s/job-arguments.js';
import { checkJobFlags } from '../../k8s/job-flags.js';
import { jobManifest } from '../../k8s/job-manifest.js';
import { resultOutput } from '../../k8s/result-output.js';
import { yamlText } from '../../k8s/yaml-text.js';
import { loadCatalog } from '../../registry/plugin-catalog.js';

/** Pod start-up, ramp-up and shutdown around the two -T's, in seconds. */
const DEADLINE_SPARE = 300;

/**
 * `kali k8s job --segments N -- <kali arguments>`: prints the manifest of a Kubernetes Indexed
 * Job that runs the load in N pods, one segment each, started together; their results are added
 * up with `kubectl logs … | kali merge -`. See docs/distributed.md.
 */
export default class K8sJob extends Command {
  static override summary = 'Print a Kubernetes Indexed Job that runs a load in N pods, one segment each.';
  static override description =
    'Writes the YAML of a batch/v1 Job on stdout: N pods (completionMode Indexed), each running kali with --segment auto/N, the same --start-at a while from now, and its result document written to stdout so that kubectl logs of all the pods can be piped into kali merge -. The load is given after --, as for a run. See docs/distributed.md.';
  static override strict = false;
  static override usage =
    '<%= command.id %> --segments N [--image IMAGE] [--name NAME] [--namespace NS] [--start-delay TIME] [--cpu CPU] [--memory BYTES] -- <kali arguments>';
  static override flags = {
    segments: Flags.integer({ description: 'How many pods share the load', required: true, helpValue: 'N' }),
    image: Flags.string({
      description: 'Container image with kali as its entrypoint (default: kali:<this version>)',
    }),
    name: Flags.string({ description: 'Name of the Job', default: 'kali', helpValue: 'NAME' }),
    namespace: Flags.string({
      description: 'Namespace of the Job (default: the one kubectl uses)',
      helpValue: 'NS',
    }),
    'start-delay': Flags.string({
      description: 'How long after generating the pods start the load (long enough to pull the image)',
      default: '2m',
      helpValue: 'TIME',
    }),
    cpu: Flags.string({
      description: 'CPU request of each pod; also sets -w unless given',
      default: '1',
      helpValue: 'CPU',
    }),
    memory: Flags.string({
      description: 'Memory request and limit of each pod',
      default: '1Gi',
      helpValue: 'BYTES',
    }),
  };
  static override examples = [
    '<%= config.bin %> k8s job --segments 4 -- -c 40k --connect-rate 4k -T 5m -m hi target.example:80 | kubectl apply -f -',
    "<%= config.bin %> k8s job --segments 2 --image registry.example/kali:0.1.0 -- -c100 -e -1 'id=\\{connection.uid}\\n' svc:9000",
  ];

  async run(): Promise<void> {
    process.exit(await this.execute());
  }

  private async execute(): Promise<number> {
    try {
      // Everything after -- is the load, read by kali's own parser, not oclif's.
      const dash = this.argv.indexOf('--');
      if (dash < 0)
        throw new UsageFailure(
          'kali k8s job: give the load after --, as for a run (see kali k8s job --help)',
        );
      const own = this.argv.slice(0, dash);
      const load = this.argv.slice(dash + 1);
      const flags = await this.readFlags(own);
      const image = flags.image ?? `kali:${this.config.version}`;
      const { startDelaySeconds, cpus } = checkJobFlags({ ...flags, image });
      const now = Date.now();
      // A whole second, so that the manifest reads well; every pod gets the same moment.
      const startAtMs = Math.ceil((now + startDelaySeconds * 1000) / 1000) * 1000;
      const startAt = new Date(startAtMs).toISOString().replace('.000Z', 'Z');
      const { catalog, specs } = pluginOptionTable(await loadCatalog(installedInOrder(this.config)));
      const { args, config } = await jobArguments(
        load,
        { segments: flags.segments, startAt, workers: Math.max(1, Math.ceil(cpus)) },
        specs,
        resultOutput(catalog),
      );
      const { manifest, comments } = jobManifest({
        name: flags.name,
        ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
        image,
        segments: flags.segments,
        args,
        cpu: flags.cpu,
        memory: flags.memory,
        startAt,
        startDelay: startDelaySeconds,
        ...(Number.isFinite(config.duration)
          ? { deadlineSeconds: Math.ceil((startAtMs - now) / 1000 + 2 * config.duration + DEADLINE_SPARE) }
          : {}),
        kaliVersion: this.config.version,
      });
      process.stdout.write(yamlText(manifest, comments));
      return ExitStatus.OK;
    } catch (err) {
      const { text, exitCode } = renderError(err);
      process.stderr.write(`${text}\n`);
      return exitCode;
    }
  }

  private async readFlags(own: string[]): Promise<JobFlags> {
    try {
      const { argv, flags } = await this.parse(K8sJob, own);
      if (argv.length > 0) {
        throw new UsageFailure(
          `kali k8s job: unexpected ${String(argv[0])} before -- (see kali k8s job --help)`,
        );
      }
      const { segments, image, name, namespace, cpu, memory } = flags;
      return { segments, image, name, namespace, cpu, memory, startDelay: flags['start-delay'] };
    } catch (err) {
      if (err instanceof UsageFailure) throw err;
      throw new UsageFailure(`kali k8s job: ${oclifProblem(err)}`);
    }
  }
}

interface JobFlags {
  segments: number;
  image?: string;
  name: string;
  namespace?: string;
  cpu: string;
  memory: string;
  startDelay: string;
}

/**
 * oclif's parse errors spread over lines, between a heading and a hint that help exists; what is
 * wrong, on one line.
 */
function oclifProblem(err: unknown): string {
  return (err instanceof Error ? err.message : String(err))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== 'The following error occurred:' && !l.startsWith('See more help'))
    .join(': ');
}
