import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IJob, Job } from 'kubernetes-models/batch/v1/Job';
import { parse } from 'yaml';
import { type JobManifest, type JobPlan, jobManifest } from '../../src/k8s/job-manifest.js';
import { yamlText } from '../../src/k8s/yaml-text.js';

/**
 * Every field the generator writes exists in the Kubernetes API, with a type it accepts: the
 * runtime validator allows unknown fields (the API server, with kubectl's default strict field
 * validation, refuses them), so the names are checked here, at compile time, against the API's
 * own types. A misspelt field turns its type into `never` and `npm run typecheck` fails.
 */
type KnownFields<T, U> = T extends readonly (infer E)[]
  ? U extends readonly (infer F)[]
    ? readonly KnownFields<E, F>[]
    : never
  : T extends object
    ? { [K in keyof T]: K extends keyof U ? KnownFields<T[K], NonNullable<U[K]>> : never }
    : T extends U
      ? T
      : never;
export const fieldsExist = (m: JobManifest): KnownFields<JobManifest, IJob> => m;

/** A manifest opened up for breaking, which its type rightly forbids. */
// biome-ignore lint/suspicious/noExplicitAny: the edits write wrong types on purpose, at any depth
type Breakable = Record<string, any>;

export function plan(overrides: Partial<JobPlan> = {}): JobPlan {
  return {
    name: 'kali',
    image: 'kali:0.1.0',
    segments: 3,
    args: ['--segment', 'auto/3', '--start-at', '2030-01-01T00:00:00Z', '--json', '-', 'x:1'],
    cpu: '1',
    memory: '1Gi',
    startAt: '2030-01-01T00:00:00Z',
    startDelay: 120,
    kaliVersion: '0.1.0',
    ...overrides,
  };
}

/** What kubectl would send: the YAML read back, validated against the batch/v1 Job schema. */
export function validJob(yaml: string): IJob {
  const doc = parse(yaml, { version: '1.1' }) as IJob;
  new Job(doc).validate();
  return doc;
}

describe('jobManifest', () => {
  it('is an Indexed Job of N pods, each running one segment, that Kubernetes accepts', () => {
    const { manifest, comments } = jobManifest(plan({ deadlineSeconds: 900, namespace: 'load' }));
    const job = validJob(yamlText(manifest, comments));
    assert.deepEqual(job, JSON.parse(JSON.stringify(manifest)));
    const spec = job.spec!;
    assert.equal(spec.completionMode, 'Indexed');
    assert.equal(spec.completions, 3);
    assert.equal(spec.parallelism, 3);
    assert.equal(spec.backoffLimit, 0);
    assert.equal(spec.activeDeadlineSeconds, 900);
    assert.equal(job.metadata?.namespace, 'load');
    const pod = spec.template.spec!;
    assert.equal(pod.restartPolicy, 'Never');
    assert.deepEqual(pod.securityContext?.sysctls, [
      { name: 'net.ipv4.ip_local_port_range', value: '1024 65535' },
    ]);
    const container = pod.containers[0];
    assert.equal(container.image, 'kali:0.1.0');
    assert.deepEqual(container.args, plan().args);
    assert.deepEqual(container.resources, {
      requests: { cpu: '1', memory: '1Gi' },
      limits: { memory: '1Gi' },
    });
  });

  it('leaves out the namespace and the deadline when not given', () => {
    const job = validJob(yamlText(jobManifest(plan()).manifest));
    assert.equal(job.metadata?.namespace, undefined);
    assert.equal(job.spec?.activeDeadlineSeconds, undefined);
  });

  it('the validator does refuse what Kubernetes would', () => {
    const { manifest } = jobManifest(plan());
    const broken = (edit: (m: Breakable) => void) => {
      const m = structuredClone(manifest) as unknown as Breakable;
      edit(m);
      return () => validJob(yamlText(m));
    };
    assert.throws(
      broken((m) => (m.spec.completionMode = 'indexed')),
      /completionMode/,
    );
    assert.throws(
      broken((m) => (m.spec.template.spec.restartPolicy = 'Sometimes')),
      /restartPolicy/,
    );
    assert.throws(
      broken((m) => (m.spec.template.spec.containers[0].args = [1])),
      /args/,
    );
    assert.throws(
      broken((m) => delete m.spec.template.spec.containers[0].name),
      /name/,
    );
  });
});
