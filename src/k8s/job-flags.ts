import { scanQuantity } from '../cli/units.js';
import { UsageFailure } from '../errors/index.js';

/** Kubernetes names (a Job's, a namespace's): a DNS label. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^\d+(\.\d+)?(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
/** `--start-at` refuses anything further ahead. */
const MAX_START_DELAY = 24 * 60 * 60;
/** Kubernetes' own bound on an Indexed Job's completions. */
const MAX_SEGMENTS = 100_000;

/**
 * The flags of `kali k8s job`, checked here so that a mistake is one line from the generator
 * rather than a manifest the API server refuses, or N pods that fail.
 */
export function checkJobFlags(flags: {
  segments: number;
  name: string;
  namespace?: string;
  image: string;
  cpu: string;
  memory: string;
  startDelay: string;
}): { startDelaySeconds: number; cpus: number } {
  if (!Number.isInteger(flags.segments) || flags.segments < 1 || flags.segments > MAX_SEGMENTS) {
    throw new UsageFailure(`kali k8s job: --segments=${flags.segments}: Expected 1 to ${MAX_SEGMENTS} pods`);
  }
  // A pod's host name is the Job's name and its index, and must itself be a DNS label.
  const longest = 63 - 1 - String(flags.segments - 1).length;
  if (!DNS_LABEL.test(flags.name) || flags.name.length > longest) {
    throw new UsageFailure(
      `kali k8s job: --name=${flags.name}: Expected at most ${longest} lower-case letters, digits and -, starting and ending with a letter or digit`,
    );
  }
  if (flags.namespace !== undefined && (!DNS_LABEL.test(flags.namespace) || flags.namespace.length > 63)) {
    throw new UsageFailure(
      `kali k8s job: --namespace=${flags.namespace}: Expected a Kubernetes namespace name`,
    );
  }
  if (flags.image === '' || /\s/.test(flags.image)) {
    throw new UsageFailure(`kali k8s job: --image=${flags.image}: Expected an image reference`);
  }
  const cpu = CPU.exec(flags.cpu);
  const cpus = cpu ? Number(cpu[1]) / (cpu[2] === 'm' ? 1000 : 1) : 0;
  if (!(cpus > 0)) {
    throw new UsageFailure(
      `kali k8s job: --cpu=${flags.cpu}: Expected CPUs as Kubernetes writes them (1, 2, 500m)`,
    );
  }
  if (!MEMORY.test(flags.memory) || Number.parseFloat(flags.memory) <= 0) {
    throw new UsageFailure(
      `kali k8s job: --memory=${flags.memory}: Expected bytes as Kubernetes writes them (512Mi, 2Gi)`,
    );
  }
  const delay = scanQuantity('time', flags.startDelay);
  if (!delay.ok || !(delay.value > 0) || delay.value >= MAX_START_DELAY) {
    throw new UsageFailure(
      `kali k8s job: --start-delay=${flags.startDelay}: Expected a time from now to start at, under a day (90s, 5m)`,
    );
  }
  return { startDelaySeconds: delay.value, cpus };
}
