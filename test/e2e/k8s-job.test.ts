import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type IJob, Job } from 'kubernetes-models/batch/v1/Job';
import { parse } from 'yaml';
import { JSON_OPTIONS } from '../../plugins/output-json/src/json-options.js';
import { type CommandLine, parseCommandLine } from '../../src/cli/parse-command-line.js';
import type { RunResult } from '../../src/interfaces/result.js';
import { tableOf } from '../cli/helpers/plugin-table.js';
import { startFirstLineServer } from '../helpers/first-line-server.js';
import { validateResult } from '../helpers/result-schema.js';
import { explain, type KaliRun, lines, runKali } from '../helpers/run-kali.js';

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

/** The manifest as kubectl would send it: read as YAML 1.1, checked against the batch/v1 schema. */
function job(run: KaliRun): IJob {
  assert.equal(run.code, 0, explain(run));
  const doc = parse(run.stdout, { version: '1.1' }) as IJob;
  new Job(doc).validate();
  return doc;
}

const argsOf = (j: IJob) => j.spec?.template.spec?.containers[0].args ?? [];

/** The configuration the pod of `index` would run, read by kali's own parser (`--json` is a plugin's). */
async function podConfig(args: readonly string[], index: number) {
  const { specs } = tableOf({ name: 'json', options: JSON_OPTIONS });
  const parsed = await parseCommandLine(
    [...args],
    { cpus: 64, variables: { JOB_COMPLETION_INDEX: String(index) } },
    specs,
  );
  assert.equal(parsed.action, 'run');
  return (parsed as Extract<CommandLine, { action: 'run' }>).config;
}

describe('kali k8s job', { timeout: 120_000 }, () => {
  it('writes a valid Indexed Job for several loads, every argument quoted so it comes back as given', async () => {
    const loads: { flags: string[]; load: string[]; segments: number }[] = [
      { flags: ['--segments', '1'], load: ['-c1', '127.0.0.1:9000'], segments: 1 },
      {
        flags: [
          '--segments',
          '3',
          '--name',
          'load-test',
          '--namespace',
          'perf',
          '--image',
          'registry.example/kali:1',
        ],
        load: ['-c', '10k', '--connect-rate=1k', '-T', '5m', '-m', 'two words', 'target.example:80'],
        segments: 3,
      },
      {
        flags: ['--segments', '4', '--cpu', '2500m', '--memory', '4Gi', '--start-delay', '5m'],
        load: [
          '-e',
          '-1',
          'id=\\{connection.uid}\\n',
          '-m',
          'say "hi" # not a comment',
          '-m',
          "it's: {a, b} [c] & *d !e |f >g %h @i `j` ~",
          '-m',
          '-starts-with-a-dash',
          '-m',
          'on',
          '-m',
          '0x10',
          '-m',
          'é日本🚀',
          '-H',
          'X-Test: yes',
          '--ws',
          '10.0.0.1:8080/path?q=1',
        ],
        segments: 4,
      },
    ];
    for (const { flags, load, segments } of loads) {
      const before = Date.now();
      const run = await runKali(['k8s', 'job', ...flags, '--', ...load], { timeoutMs: 20_000 });
      const j = job(run);
      const spec = j.spec!;
      assert.equal(spec.completionMode, 'Indexed', run.stdout);
      assert.equal(spec.completions, segments);
      assert.equal(spec.parallelism, segments);
      assert.equal(spec.backoffLimit, 0);
      const args = argsOf(j);
      // The load's own arguments, exactly, after the Job's.
      assert.deepEqual(args.slice(args.length - load.length), load, run.stdout);
      assert.deepEqual(args.slice(0, 6), [
        '--segment',
        `auto/${segments}`,
        '--start-at',
        args[3],
        '--json',
        '-',
      ]);
      const delay = flags.includes('--start-delay') ? 300_000 : 120_000;
      const startAt = Date.parse(args[3]);
      assert.ok(startAt >= before + delay && startAt <= Date.now() + delay + 1000, `${args[3]}`);
      // The CPU request sets -w: Node 20 would count the node's CPUs, not the pod's.
      assert.equal(args[6], flags.includes('2500m') ? '--workers=3' : '--workers=1');
      for (let index = 0; index < segments; index++) {
        const config = await podConfig(args, index);
        assert.equal(config.segment?.index, index + 1);
        assert.equal(config.segment?.count, segments);
      }
    }
  });

  it('keeps -w when the load gives it, and leaves out the deadline for a run without end', async () => {
    const run = await runKali(['k8s', 'job', '--segments', '2', '--', '-w', '4', '-T', '-1', 'x:1'], {
      timeoutMs: 20_000,
    });
    const j = job(run);
    assert.ok(!argsOf(j).some((a) => a.startsWith('--workers')), run.stdout);
    assert.equal(j.spec?.activeDeadlineSeconds, undefined);
  });

  it('refuses in one line, exit 64: a bad flag, options the Job owns, a load kali would refuse', async () => {
    const cases: [string[], string][] = [
      [['--segments', '0', '--', 'x:1'], 'kali k8s job: --segments=0: Expected 1 to 100000 pods'],
      [['--', 'x:1'], 'kali k8s job: Missing required flag segments'],
      [
        ['--segments', '2', 'x:1'],
        'kali k8s job: give the load after --, as for a run (see kali k8s job --help)',
      ],
      [
        ['--segments', '2', '--', '--segment', '1/2', 'x:1'],
        'kali k8s job: leave --segment to the Job: it gives every pod --segment auto/N',
      ],
      [
        ['--segments', '2', '--', '--json', 'out.json', 'x:1'],
        'kali k8s job: leave --json to the Job: each pod writes its result document to stdout (--json -) for kali merge -',
      ],
      [
        ['--segments', '2', '--name', 'Not_A_Name', '--', 'x:1'],
        'kali k8s job: --name=Not_A_Name: Expected at most 61 lower-case letters, digits and -, starting and ending with a letter or digit',
      ],
      [['--segments', '2', '--', '-c', '-5', 'x:1'], 'Expecting --connections > 0'],
      [['--segments', '2', '--'], 'Expecting target <host:port> or --listen-port. See -h or --help.'],
    ];
    await Promise.all(
      cases.map(async ([args, message]) => {
        const run = await runKali(['k8s', 'job', ...args], { timeoutMs: 20_000 });
        assert.equal(run.code, 64, explain(run));
        assert.deepEqual(lines(run.stderr), [message], explain(run));
        assert.equal(run.stdout, '', explain(run));
      }),
    );
  });

  it('the whole flow on this machine: the pods of the Job, their logs, kali merge -', async () => {
    const server = await startFirstLineServer();
    try {
      const c = 7;
      const generated = await runKali(
        [
          'k8s',
          'job',
          '--segments',
          '3',
          '--start-delay',
          '6s',
          '--',
          `-c${c}`,
          '-T1s',
          '--latency-connect',
          '-e',
          '-1',
          '\\{connection.uid}\\n',
          `127.0.0.1:${server.port}`,
        ],
        { timeoutMs: 20_000 },
      );
      const args = argsOf(job(generated));
      // Each pod as the kubelet starts it: the image's entrypoint is kali, the index in its environment.
      const pods = await Promise.all(
        [0, 1, 2].map((index) =>
          runKali(args, { timeoutMs: 40_000, env: { JOB_COMPLETION_INDEX: String(index) } }),
        ),
      );
      for (const pod of pods) assert.equal(pod.code, 0, explain(pod));
      assert.deepEqual(
        server.firstLines.map(Number).sort((a, b) => a - b),
        Array.from({ length: c }, (_, i) => i + 1),
      );
      // kubectl logs gives each pod's stderr and stdout together, one pod after the other.
      const logs = pods.map((p) => `${p.stderr}${p.stdout}`).join('');
      const merged = await kaliWithInput(['merge', '-', '--json', '-'], logs);
      assert.equal(merged.code, 0, merged.stderr);
      assert.doesNotMatch(merged.stderr, /WARNING/, merged.stderr);
      const sum = JSON.parse(merged.stdout) as RunResult;
      validateResult(sum);
      assert.equal(sum.mergedFrom, 3);
      assert.equal(sum.connections.run.opened.out, c);
      assert.equal((sum.metrics.connect as { count: number }).count, c);
      assert.match(merged.stderr, /^Total data sent: /m, merged.stderr);
    } finally {
      await server.close();
    }
  });
});

/** `kali args…` with `input` on standard input (the shared helper gives children none). */
function kaliWithInput(
  args: string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}
