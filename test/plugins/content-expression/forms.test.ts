import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compile, fromDump, renderOnce } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kali-expr-'));
const first = join(dir, 'first');
writeFileSync(first, 'FIRST');

describe('literal text', () => {
  it('is static and keeps backslashes that do not open an expression (case-60)', () => {
    const t = compile('a\\nb\\x41');
    assert.deepEqual(Buffer.from(t.bytes!), fromDump('a\\\\nb\\\\x41'));
    assert.equal(t.maxLength, 8);
  });

  it('goes through ctx.unescape under -e (case-59)', () => {
    const t = compile('a\\tb|\\x41\\x4a|\\101\\0c|\\\\d|\\e', { unescape: true });
    assert.deepEqual(Buffer.from(t.bytes!), fromDump('atb|AJ|101\\x00c|\\\\\\\\d|e'));
  });

  it('unescapes each literal part on its own around expressions', () => {
    const t = compile('\\x41\\{raw "-"}\\n', { unescape: true });
    assert.equal(Buffer.from(t.bytes!).toString('latin1'), 'A-\n');
  });

  it('compiles an empty argument to an empty static message', () => {
    assert.equal(compile('').bytes!.length, 0);
  });

  it('is wrapped into one text frame with --ws, masked on the client only', () => {
    assert.deepEqual(
      Buffer.from(compile('hello', { ws: true }).bytes!),
      fromDump('\\x81\\x85\\x00\\x00\\x00\\x00hello'),
    );
    assert.deepEqual(
      Buffer.from(compile('hello', { ws: true, side: 'server' }).bytes!),
      fromDump('\\x81\\x05hello'),
    );
  });

  it('is never framed for -H and --latency-marker', () => {
    assert.equal(
      Buffer.from(compile('X-Foo: bar', { ws: true, option: 'header' }).bytes!).toString(),
      'X-Foo: bar',
    );
    assert.equal(
      Buffer.from(compile('PING', { ws: true, option: 'latency-marker' }).bytes!).toString(),
      'PING',
    );
  });

  it('with --ws, message files and first messages are framed like -m', () => {
    for (const option of ['message-file', 'first-message', 'first-message-file'] as const)
      assert.deepEqual(
        Buffer.from(compile('ab', { ws: true, option }).bytes!),
        fromDump('\\x81\\x82\\x00\\x00\\x00\\x00ab'),
      );
  });
});

describe('connection values', () => {
  it('connection.uid and connection.ptr are bound once per connection (case-62)', () => {
    const t = compile('\\{connection.ptr}|\\{connection.uid}|\\{ connection.uid % 3 }');
    assert.equal(t.bytes, undefined);
    const r = t.bind!({ uid: 4, ptr: 0x7f56ec001730 });
    assert.equal(Buffer.from(r.bytes!).toString(), '0x7f56ec001730|4|1');
    assert.ok(t.maxLength >= r.bytes!.length);
  });

  it('chains % and formats the remainder in decimal, for ptr too', () => {
    assert.equal(renderOnce(compile('\\{connection.uid%10%4}'), { uid: 27, ptr: 0 }).toString(), '3');
    assert.equal(renderOnce(compile('\\{connection.ptr % 1000}'), { uid: 1, ptr: 0x1234 }).toString(), '660');
  });

  it('PFX-\\{connection.uid%10} renders like case-13', () => {
    assert.equal(renderOnce(compile('PFX-\\{connection.uid%10}'), { uid: 1, ptr: 1 }).toString(), 'PFX-1');
    assert.equal(renderOnce(compile('PFX-\\{connection.uid%10}'), { uid: 13, ptr: 1 }).toString(), 'PFX-3');
  });

  it('frames per-connection text with --ws, header sized at bind', () => {
    const t = compile('PFX-\\{connection.uid}', { ws: true });
    const r = t.bind!({ uid: 12345, ptr: 1 });
    assert.deepEqual(Buffer.from(r.bytes!), fromDump('\\x81\\x89\\x00\\x00\\x00\\x00PFX-12345'));
  });

  it('connection.re is fixed per connection and differs between connections', () => {
    const t = compile('\\{connection.re [A-Z]{12}}');
    const a = t.bind!({ uid: 1, ptr: 1 });
    const b = t.bind!({ uid: 2, ptr: 2 });
    assert.match(Buffer.from(a.bytes!).toString(), /^[A-Z]{12}$/);
    assert.notEqual(Buffer.from(a.bytes!).toString(), Buffer.from(b.bytes!).toString());
  });

  it('global.re is one value for the whole run', () => {
    const t = compile('\\{global.re [0-9]{4}}');
    assert.match(Buffer.from(t.bytes!).toString(), /^[0-9]{4}$/);
    assert.deepEqual(t.bytes, compile('\\{global.re [0-9]{4}}').bytes);
  });
});

describe('per-message values', () => {
  it('re draws a new value for each message', () => {
    const t = compile('GET /\\{re [a-z]{8}} HTTP/1.1\r\n\r\n');
    const r = t.bind!({ uid: 1, ptr: 1 });
    const out = new Uint8Array(t.maxLength);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const n = r.render(out, 0, 0);
      const text = Buffer.from(out.subarray(0, n)).toString();
      assert.match(text, /^GET \/[a-z]{8} HTTP\/1\.1\r\n\r\n$/);
      seen.add(text);
    }
    assert.ok(seen.size > 15);
    assert.equal(t.maxLength, 5 + 8 + 13);
  });

  it('message.marker stamps the send time: 30 bytes, 16 zero-padded hex digits (case-61)', () => {
    const t = compile('M\\{message.marker}');
    assert.equal(t.markers, true);
    assert.equal(t.maxLength, 31);
    const r = t.bind!({ uid: 1, ptr: 1 });
    const out = new Uint8Array(31);
    r.render(out, 0, 0x6610662d1f863);
    assert.equal(Buffer.from(out).toString(), 'MTCPKaliMsgTS-0006610662d1f863.');
    r.render(out, 0, 0);
    assert.equal(Buffer.from(out).toString(), 'MTCPKaliMsgTS-0000000000000000.');
  });

  it('renders at an offset and returns the length only', () => {
    const t = compile('ab\\{message.marker}');
    const out = new Uint8Array(100).fill(0x2a);
    const n = t.bind!({ uid: 1, ptr: 1 }).render(out, 10, 1);
    assert.equal(n, 32);
    assert.equal(out[9], 0x2a);
    assert.equal(out[42], 0x2a);
    assert.equal(Buffer.from(out.subarray(10, 42)).toString(), 'abTCPKaliMsgTS-0000000000000001.');
  });

  it('markers is false without message.marker', () => {
    assert.ok(!compile('\\{re a}').markers);
  });
});

describe('files and raw', () => {
  it('<file> and <"quoted file"> insert the contents read at compile time', () => {
    assert.equal(Buffer.from(compile(`[\\{<${first}>}]`).bytes!).toString(), '[FIRST]');
    assert.equal(Buffer.from(compile(`[\\{< "${first}" >}]`).bytes!).toString(), '[FIRST]');
  });

  it('raw "str", raw <file> and raw {EXPR} are not framed under --ws', () => {
    assert.equal(Buffer.from(compile('\\{raw "a\\x41"}', { ws: true }).bytes!).toString(), 'aA');
    assert.equal(Buffer.from(compile(`\\{raw <${first}>}`, { ws: true }).bytes!).toString(), 'FIRST');
    const t = compile('\\{raw {connection.uid % 7}}', { ws: true });
    assert.equal(renderOnce(t, { uid: 9, ptr: 1 }).toString(), '2');
  });

  it('quoted strings are always unescaped, even without -e', () => {
    assert.deepEqual(Buffer.from(compile('\\{raw "\\"q\\"\\n"}').bytes!), Buffer.from('"q"\n'));
  });
});

describe('ws.* frames', () => {
  it('concatenates payload pieces and sets FIN, RSV and the opcode', () => {
    const t = compile(`\\{ws.binary "ab" <${first}> "\\x00" rsv2 ...}`, { side: 'server' });
    assert.deepEqual(Buffer.from(t.bytes!), fromDump('\\x22\\x08abFIRST\\x00'));
  });

  it('knows every opcode name', () => {
    const names = {
      continuation: 0x80,
      cont: 0x80,
      text: 0x81,
      binary: 0x82,
      close: 0x88,
      ping: 0x89,
      pong: 0x8a,
    };
    for (const [name, first] of Object.entries(names)) {
      assert.deepEqual(
        Buffer.from(compile(`\\{ws.${name}}`, { side: 'server' }).bytes!),
        Buffer.from([first, 0]),
      );
    }
  });

  it('uses 16- and 64-bit lengths for long payloads', () => {
    const long = 'x'.repeat(300);
    const t16 = Buffer.from(compile(`\\{ws.text "${long}"}`).bytes!);
    assert.deepEqual(t16.subarray(0, 8), Buffer.from([0x81, 0xfe, 0x01, 0x2c, 0, 0, 0, 0]));
    assert.equal(t16.length, 308);
    const t64 = Buffer.from(compile(`\\{ws.binary "${'y'.repeat(70000)}"}`, { side: 'server' }).bytes!);
    assert.deepEqual(t64.subarray(0, 10), Buffer.from([0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70]));
    assert.equal(t64.length, 70010);
  });

  it('sizes the header of a frame around variable content at render time', () => {
    const t = compile('\\{re [a-z]{100,200}}', { ws: true });
    assert.equal(t.maxLength, 200 + 8);
    const r = t.bind!({ uid: 3, ptr: 1 });
    const out = new Uint8Array(t.maxLength);
    const sizes = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const n = r.render(out, 0, 0);
      const frame = Buffer.from(out.subarray(0, n));
      const length = frame[1] === 0xfe ? frame.readUInt16BE(2) : frame[1] & 0x7f;
      const header = frame[1] === 0xfe ? 8 : 6;
      assert.equal(frame[0], 0x81);
      assert.equal(n, header + length);
      assert.match(frame.subarray(header).toString(), /^[a-z]{100,200}$/);
      sizes.add(header);
    }
    assert.deepEqual([...sizes].sort(), [6, 8]);
  });

  it('crosses the 64-bit length boundary at render time too', () => {
    const t = compile('\\{re (ab){32766,32770}}', { ws: true, side: 'server' });
    const r = t.bind!({ uid: 1, ptr: 1 });
    const out = new Uint8Array(t.maxLength);
    for (let i = 0; i < 40; i++) {
      const n = r.render(out, 0, 0);
      const frame = Buffer.from(out.subarray(0, n));
      const length = frame[1] === 126 ? frame.readUInt16BE(2) : Number(frame.readBigUInt64BE(2));
      assert.equal(n, (frame[1] === 126 ? 4 : 10) + length);
      assert.ok(n <= t.maxLength);
    }
  });
});
