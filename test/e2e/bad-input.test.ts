import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { closeServer, freePort, holdPort } from '../helpers/free-port.js';
import { errorLines, explain, hasStackTrace, type KaliRun, runKali } from '../helpers/run-kali.js';

/**
 * Every mistake ends with tcpkali's exit status and its error on stderr: one line, or getopt's
 * two (`<getopt message>` + `<argv>: unknown option`, maybe with a suggestion), after whatever
 * start-up lines tcpkali prints first. Never a JavaScript stack trace, nor a usage screen.
 */
interface BadInput {
  name: string;
  args: () => Promise<string[]>;
  /** Exact status, or just "not zero" where kali deliberately differs from tcpkali. */
  code: number | 'non-zero';
  /** The error lines exactly, or a pattern for the single line. */
  error: string[] | RegExp;
}

const dir = mkdtempSync(join(tmpdir(), 'kali-bad-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const closed = async () => `127.0.0.1:${await freePort()}`;

const CASES: BadInput[] = [
  {
    name: 'unknown flag (case-27)',
    args: async () => ['--foo', '-T1s', await closed()],
    code: 64,
    error: ["kali: unrecognized option '--foo'", '--foo: unknown option'],
  },
  {
    // tcpkali's two lines, the second naming the option probably meant; no usage screen.
    name: 'mistyped option, with a suggestion',
    args: async () => ['--conections', '10', '-T1s', await closed()],
    code: 64,
    error: [
      "kali: unrecognized option '--conections'",
      '--conections: unknown option; did you mean --connections? (kali --help lists them all)',
    ],
  },
  {
    name: "a plugin's option with a bad value",
    args: async () => ['--statsd-port', '65536', '-T1s', await closed()],
    code: 64,
    error: ['--statsd-port=65536 is not in [1..65535]'],
  },
  {
    name: 'missing argument (case-136)',
    args: async () => ['-c'],
    code: 64,
    error: ["kali: option requires an argument -- 'c'", '-c: unknown option'],
  },
  {
    // tcpkali prints a warning and runs forever (case-45); kali refuses the typo instead.
    name: 'unknown time unit',
    args: async () => ['-T', '5x', await closed()],
    code: 64,
    error: /5x/,
  },
  {
    name: 'unparsable connection count (case-28)',
    args: async () => ['-c', 'abc', '-T1s', await closed()],
    code: 64,
    error: ['Expecting --connections > 0'],
  },
  {
    // tcpkali silently wraps 99999 to 34463 (case-38); kali refuses it.
    name: 'destination port above 65535',
    args: async () => ['-T1s', '127.0.0.1:99999'],
    code: 'non-zero',
    error: /99999/,
  },
  {
    name: 'destination port 0',
    args: async () => ['-T1s', '127.0.0.1:0'],
    code: 'non-zero',
    error: /\b0\b/,
  },
  {
    name: 'listen port 0 (case-78)',
    args: async () => ['-T1s', '-l', '0'],
    code: 64,
    error: ['--listen-port=0 is not in [1..65535]'],
  },
  {
    // The resolver's wording varies (NXDOMAIN or an unreachable name server), the prefix does not.
    name: 'unresolvable host',
    args: async () => ['-T1s', 'no-such-host.invalid:80'],
    code: 68,
    error: /^kali: Resolving no-such-host\.invalid:80: \S/,
  },
  {
    name: 'refused connection (case-34)',
    args: async () => ['-T1s', await closed()],
    code: 1,
    error: ['Could not create 1 connection in allotted time (1s)'],
  },
  {
    name: 'unreadable message file (case-40)',
    args: async () => ['-f', join(dir, 'missing'), '-T1s', await closed()],
    code: 65,
    error: [`${join(dir, 'missing')}: No such file or directory`],
  },
  {
    name: 'source address not on this host (case-81)',
    args: async () => {
      const port = await freePort();
      return ['-T2s', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`, '--source-ip', '10.9.9.9'];
    },
    code: 64,
    error: [
      '[10.9.9.9]:0 is not local: Cannot assign requested address',
      '--source-ip=10.9.9.9: local IP address expected',
    ],
  },
  {
    name: 'a bare word that is neither a command nor host:port',
    args: async () => ['foo'],
    code: 64,
    error: /foo/,
  },
];

function check(run: KaliRun, c: BadInput): void {
  if (c.code === 'non-zero') assert.ok(run.code !== 0 && run.code !== null, explain(run));
  else assert.equal(run.code, c.code, explain(run));
  assert.doesNotMatch(run.stdout, /^Usage:/m, explain(run));
  assert.ok(!hasStackTrace(run.stderr) && !hasStackTrace(run.stdout), `stack trace leaked\n${explain(run)}`);
  const error = errorLines(run.stderr);
  if (Array.isArray(c.error)) {
    assert.deepEqual(error, c.error, explain(run));
  } else {
    assert.equal(error.length, 1, `expected one error line\n${explain(run)}`);
    assert.match(error[0], c.error, explain(run));
  }
  // The error comes last: nothing may follow it (a report, a second complaint).
  assert.ok(run.stderr.trimEnd().endsWith(error[error.length - 1]), explain(run));
}

describe('bad input', { concurrency: 4 }, () => {
  for (const c of CASES) {
    it(c.name, { timeout: 15_000 }, async () => {
      check(await runKali(await c.args(), { timeoutMs: 10_000 }), c);
    });
  }

  it('listen port already taken (case-113)', { timeout: 15_000 }, async () => {
    const held = await holdPort();
    const { port } = held.address() as { port: number };
    try {
      const run = await runKali(['-T1s', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`], { timeoutMs: 10_000 });
      check(run, {
        name: 'bind conflict',
        args: async () => [],
        code: 69,
        error: [`Bind [127.0.0.1]:${port} is not done on thread 0: Address already in use`],
      });
    } finally {
      await closeServer(held);
    }
  });
});
