import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { explain, runKali } from '../helpers/run-kali.js';

/** Dump lines as [length, escaped bytes] pairs (the escaped text may span lines; we only need its start). */
function sends(stderr: string): { length: number; text: string }[] {
  return [...stderr.matchAll(/^Snd\(\d+, (\d+)\): \[(.{0,80})/gm)].map((m) => ({
    length: Number(m[1]),
    text: m[2],
  }));
}

const hex = (bytes: number[]) => bytes.map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');

/**
 * The header of a masked (client) text frame, as tcpkali's dump escapes it: FIN|text, then the
 * mask bit with a 7-bit length, 126 + 16-bit or 127 + 64-bit length, then the all-zero mask key.
 */
function clientTextHeader(length: number): string {
  if (length <= 125) return hex([0x81, 0x80 | length, 0, 0, 0, 0]);
  if (length <= 0xffff) return hex([0x81, 0x80 | 126, length >> 8, length & 0xff, 0, 0, 0, 0]);
  const big = [
    0,
    0,
    0,
    0,
    (length >>> 24) & 0xff,
    (length >>> 16) & 0xff,
    (length >>> 8) & 0xff,
    length & 0xff,
  ];
  return hex([0x81, 0x80 | 127, ...big, 0, 0, 0, 0]);
}

describe('content expressions end to end', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kali-expr-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('-m PFX-\\{connection.uid%10} with -d shows PFX-1', async () => {
    const port = await freePort();
    const run = await runKali(
      ['-T1s', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`, '-r3', '-m', 'PFX-\\{connection.uid%10}', '-d'],
      { timeoutMs: 15_000 },
    );
    assert.equal(run.code, 0, explain(run));
    assert.match(run.stderr, /^Snd\(\d+, 5\): \[PFX-1\]$/m, explain(run));
  });

  // 63 KiB fits the 16-bit length, 65 KiB and 1000 KiB need the 64-bit one.
  for (const kib of [63, 65, 1000]) {
    for (const ws of [false, true]) {
      it(`\\{ws.text <file>} with a ${kib} KiB file${ws ? ' and --ws' : ''} is one frame`, async () => {
        const file = join(dir, `payload-${kib}.txt`);
        writeFileSync(file, 'a'.repeat(kib * 1024));
        const port = await freePort();
        const args = ['-T1s', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`, '-r1', '--dump-all-out'];
        const run = await runKali([...args, ...(ws ? ['--ws'] : []), '-m', `\\{ws.text <${file}>}`], {
          timeoutMs: 30_000,
        });
        assert.equal(run.code, 0, explain(run));
        const payload = kib * 1024;
        const header = clientTextHeader(payload);
        const headerBytes = payload <= 0xffff ? 8 : 14;
        const frame = sends(run.stderr).find((s) => s.length === payload + headerBytes);
        assert.ok(frame, `no ${payload + headerBytes}-byte write in the dump\n${run.stderr.slice(0, 2000)}`);
        assert.ok(
          frame.text.startsWith(`${header}aaaa`),
          `frame starts ${frame.text}, expected ${header}aaaa`,
        );
      });
    }
  }
});
