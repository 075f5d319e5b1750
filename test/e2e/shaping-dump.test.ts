import assert from 'node:assert/strict';
import { it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { explain, runKali } from '../helpers/run-kali.js';

/** -e turns `\xHH` into the byte (behavior §6); argv cannot carry a NUL any other way. */
const everyByte = Array.from({ length: 256 }, (_, b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');

/** Behavior §5, spelled out here rather than imported, so the test does not trust the code it checks. */
function tcpkaliEscape(b: number, isLast: boolean): string {
  if (b === 0x5c) return '\\\\';
  if (b === 0x0d) return '\\r';
  if (b === 0x0a) return isLast ? '\\n' : '\\n\n\t';
  if (b >= 0x20 && b <= 0x7e) return String.fromCharCode(b);
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

it('dumps all 256 byte values escaped as tcpkali does', { timeout: 20_000 }, async () => {
  const port = await freePort();
  const run = await runKali(
    ['-e', '-m', everyByte, '--dump-all-out', '-r1', '-T1s', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`],
    { timeoutMs: 10_000 },
  );
  assert.equal(run.code, 0, explain(run));
  const expected = Array.from({ length: 256 }, (_, b) => tcpkaliEscape(b, b === 255)).join('');
  const head = /^Snd\(\d+, 256\): \[/m.exec(run.stderr);
  assert.ok(head, `no 256-byte Snd line\n${explain(run)}`);
  const start = head.index + head[0].length;
  // The escaped text spans two lines (LF is followed by a real newline and a tab), so compare
  // the exact stretch of stderr rather than a line.
  assert.equal(run.stderr.slice(start, start + expected.length + 2), `${expected}]\n`);
});
