import type { YamlComments } from './yaml-text.js';

/** The `node` user of the official Node.js images, which kali's Dockerfile runs as. */
const NODE_USER = 1000;

/** What `kali k8s job` asks for, after its flags were checked. */
export interface JobPlan {
  name: string;
  namespace?: string;
  image: string;
  segments: number;
  /** The container's arguments: kali's, `--segment auto/N` and the rest included. */
  args: string[];
  cpu: string;
  memory: string;
  /** The wall-clock time every segment starts at, as given to `--start-at`. */
  startAt: string;
  /** Seconds from generating the manifest to `startAt`, as asked for. */
  startDelay: number;
  /** Seconds after which Kubernetes stops the Job; undefined for a run without a -T. */
  deadlineSeconds?: number;
  kaliVersion: string;
}

/** The part of the Kubernetes API this generator writes (tests check it against the real types). */
export interface JobManifest {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  spec: {
    completionMode: 'Indexed';
    completions: number;
    parallelism: number;
    backoffLimit: number;
    activeDeadlineSeconds?: number;
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        restartPolicy: 'Never';
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: {
              weight: number;
              podAffinityTerm: {
                labelSelector: { matchLabels: Record<string, string> };
                topologyKey: string;
              };
            }[];
          };
        };
        securityContext: {
          runAsNonRoot: boolean;
          runAsUser: number;
          seccompProfile: { type: 'RuntimeDefault' };
          sysctls: { name: string; value: string }[];
        };
        containers: {
          name: string;
          image: string;
          args: string[];
          securityContext: { allowPrivilegeEscalation: boolean; capabilities: { drop: string[] } };
          resources: { requests: { cpu: string; memory: string }; limits: { memory: string } };
        }[];
      };
    };
  };
}

/**
 * A Kubernetes Indexed Job that runs one segment of the load in each of `segments` pods: the
 * pod's completion index becomes its segment (`--segment auto/N`), every pod waits for the same
 * `--start-at`, and each writes its result document on stdout for `kali merge -`.
 */
export function jobManifest(plan: JobPlan): { manifest: JobManifest; comments: YamlComments } {
  const labels = { 'app.kubernetes.io/name': 'kali', 'app.kubernetes.io/instance': plan.name };
  const manifest: JobManifest = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: plan.name, ...(plan.namespace ? { namespace: plan.namespace } : {}), labels },
    spec: {
      completionMode: 'Indexed',
      completions: plan.segments,
      parallelism: plan.segments,
      backoffLimit: 0,
      ...(plan.deadlineSeconds !== undefined ? { activeDeadlineSeconds: plan.deadlineSeconds } : {}),
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchLabels: { 'job-name': plan.name } },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
          securityContext: {
            runAsNonRoot: true,
            runAsUser: NODE_USER,
            seccompProfile: { type: 'RuntimeDefault' },
            sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }],
          },
          containers: [
            {
              name: 'kali',
              image: plan.image,
              args: plan.args,
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              resources: {
                requests: { cpu: plan.cpu, memory: plan.memory },
                limits: { memory: plan.memory },
              },
            },
          ],
        },
      },
    },
  };
  const pod = 'spec.template.spec';
  const comments: YamlComments = new Map([
    [
      'apiVersion',
      [
        `kali ${plan.kaliVersion}: one load in ${plan.segments} segments, one per pod of an Indexed Job`,
        `(--segment auto/${plan.segments} reads the pod's JOB_COMPLETION_INDEX). Every pod starts the`,
        `load at ${plan.startAt}, ${plan.startDelay} s after this was generated: apply it now.`,
        'A pod that starts later refuses to run (its share would not line up with the others).',
        '',
        '  kubectl apply -f job.yaml',
        `  kubectl wait --for=condition=complete --timeout=1h job/${plan.name}`,
        `  kubectl logs -l job-name=${plan.name} --tail=-1 | kali merge -`,
        '',
        'docs/distributed.md in kali says more.',
      ],
    ],
    [
      'spec.backoffLimit',
      ['A retried pod would start after --start-at and be refused: a failed segment stays failed.'],
    ],
    ['spec.activeDeadlineSeconds', ['Start delay, ramp-up and -T twice over, and 5 minutes to spare.']],
    ['spec.template.spec.affinity', ['Segments on different nodes where there are enough of them.']],
    [
      `${pod}.securityContext`,
      [
        'kali needs no privileges: this passes the restricted Pod Security Standard. The user is',
        "the node images' own (uid 1000), so an image that would run as root works as well.",
      ],
    ],
    [
      `${pod}.securityContext.sysctls`,
      [
        'Every outgoing connection holds an ephemeral port: give the pod the whole range. This',
        'sysctl is namespaced and on the safe list, allowed without kubelet configuration.',
        'Unsafe ones (net.ipv4.tcp_tw_reuse=1 to reuse TIME_WAIT ports sooner, net.core.somaxconn',
        'for a listening kali) need kubelet --allowed-unsafe-sysctls and a PodSecurity exemption.',
      ],
    ],
    [
      `${pod}.containers[0].args`,
      [
        'Node.js raises its open files limit (ulimit -n) to the hard limit the container runtime',
        'gives (often 1048576, or 524288); no pod field sets it. kali warns at start-up when it',
        'is too low for -c. The result document goes to stdout, the report to stderr.',
      ],
    ],
    [
      `${pod}.containers[0].resources`,
      [
        'No CPU limit: throttling a load generator delays its sends and distorts the latencies',
        'it measures. The CPU request sets -w unless the arguments give it.',
      ],
    ],
  ]);
  return { manifest, comments };
}
