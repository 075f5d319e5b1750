import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port.js';
import { linkPlugin } from '../helpers/private-plugins.js';
import { errorLines, explain, lines, parseReport, runKali } from '../helpers/run-kali.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/options-plugin', import.meta.url));
const CLASH =
  'WARNING: plugin kali-options-fixture (output "optclash") is skipped: its option --statsd-host is already declared by plugin @kali/output-statsd (output "statsd")';

describe("plugins' command-line options", { concurrency: 2, timeout: 120_000 }, () => {
  it('kali --help lists each plugin option under its plugin; -h stays short', {
    timeout: 20_000,
  }, async () => {
    const help = await runKali(['--help'], { timeoutMs: 15_000 });
    assert.equal(help.code, 64, explain(help));
    const text = help.stdout;
    for (const heading of ['Output plugin statsd', 'Output plugin json', 'Transport plugin tls']) {
      assert.match(text, new RegExp(`^${heading} — .*:$`, 'm'), heading);
    }
    assert.match(text, /^ {2}--statsd-host <host> +StatsD host \[default: 127\.0\.0\.1\]$/m);
    assert.match(text, /^ {2}--statsd-port <port> +StatsD UDP port \[default: 8125\]$/m);
    assert.match(text, /^ {2}--ssl-cert <file> +.*\[default: cert\.pem\]$/m);
    assert.match(text, /^ {2}--json <FILE> /m);
    const short = await runKali(['-h'], { timeoutMs: 15_000 });
    assert.doesNotMatch(short.stdout, /--statsd|--json|plugin/, explain(short));
  });

  it('a mistyped plugin option is refused with a suggestion, and no usage screen', {
    timeout: 20_000,
  }, async () => {
    const run = await runKali(['--statsd', '--statsd-hots', 'h', '-T1s', '127.0.0.1:1'], {
      timeoutMs: 15_000,
    });
    assert.equal(run.code, 64, explain(run));
    assert.deepEqual(
      errorLines(run.stderr),
      [
        "kali: unrecognized option '--statsd-hots'",
        '--statsd-hots: unknown option; did you mean --statsd-host? (kali --help lists them all)',
      ],
      explain(run),
    );
    assert.equal(run.stdout, '', explain(run));
  });

  it('a bad value of a plugin option is one line, exit 64, before anything starts', {
    timeout: 20_000,
  }, async () => {
    const run = await runKali(['--statsd-port=0x', '-T1s', '127.0.0.1:1'], { timeoutMs: 15_000 });
    assert.equal(run.code, 64, explain(run));
    assert.deepEqual(errorLines(run.stderr), ['--statsd-port=0x is not in [1..65535]'], explain(run));
    assert.equal(run.stdout, '', explain(run));
  });

  describe('an installed plugin', () => {
    let env: Record<string, string>;
    before(async () => {
      env = await linkPlugin(FIXTURE);
    });

    it('gets its parsed values, defaults applied; one whose option is taken is skipped', {
      timeout: 25_000,
    }, async () => {
      const port = await freePort();
      const run = await runKali(
        [
          '-T1s',
          '--optecho-l',
          'hi there',
          '--optecho-tag=b',
          '--optecho-tag',
          'a',
          `-l127.0.0.1:${port}`,
          `127.0.0.1:${port}`,
        ],
        { timeoutMs: 20_000, env },
      );
      assert.equal(run.code, 0, explain(run));
      const stderr = lines(run.stderr);
      assert.ok(stderr.includes(CLASH), explain(run));
      const echoed = stderr.find((l) => l.startsWith('optecho: '));
      assert.ok(echoed, explain(run));
      assert.deepEqual(JSON.parse(echoed.slice('optecho: '.length)), {
        'optecho-label': 'hi there',
        'optecho-tag': ['b', 'a'],
        'optecho-wait': 1.5,
      });
      parseReport(run.stdout);
    });

    it('is listed by --help; the skipped one is not', { timeout: 20_000 }, async () => {
      const run = await runKali(['--help'], { timeoutMs: 15_000, env });
      assert.match(run.stdout, /^Output plugin optecho — Prints its options:$/m, explain(run));
      assert.match(run.stdout, /^ {2}--optecho-tag <text> +Tags, in order \[repeatable\]$/m, explain(run));
      assert.match(run.stdout, /^ {2}--optecho-wait <Time> +A time \[default: 1\.5s\]$/m, explain(run));
      assert.doesNotMatch(run.stdout, /optclash/, explain(run));
      assert.ok(lines(run.stderr).includes(CLASH), explain(run));
    });
  });
});
