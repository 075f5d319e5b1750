import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compile, fromDump, renderOnce } from './helpers.js';

/** Expected bytes are the `Snd(...)` dumps of tcpkali 1.2 runs (shared/reference/outputs). */

const CASE_100 =
  '\\{ws.ping}\\{ws.pong "p"}\\{ws.close}\\{ws.binary "b" rsv1}\\{ws.text "t" ...}\\{ws.continuation "c"}\\{raw "RAW"}plain';

/** The start of case-100's first data write: two whole messages, client side, --ws. */
const CASE_100_SND =
  '\\x89\\x80\\x00\\x00\\x00\\x00\\x8a\\x81\\x00\\x00\\x00\\x00p\\x88\\x80\\x00\\x00\\x00\\x00\\xc2\\x81\\x00\\x00\\x00\\x00b\\x01\\x81\\x00\\x00\\x00\\x00t\\x80\\x81\\x00\\x00\\x00\\x00cRAW\\x81\\x85\\x00\\x00\\x00\\x00plain\\x89\\x80\\x00\\x00\\x00\\x00\\x8a\\x81\\x00\\x00\\x00\\x00p\\x88\\x80\\x00\\x00\\x00\\x00\\xc2\\x81\\x00\\x00\\x00\\x00b\\x01\\x81\\x00\\x00\\x00\\x00t\\x80\\x81\\x00\\x00\\x00\\x00cRAW\\x81\\x85\\x00\\x00\\x00\\x00plain';

describe('case-100: every frame type, raw and plain text', () => {
  const client = fromDump(CASE_100_SND).subarray(0, 54);

  it('matches tcpkali byte for byte with --ws on the client', () => {
    const t = compile(CASE_100, { ws: true });
    assert.deepEqual(Buffer.from(t.bytes!), client);
    assert.deepEqual(Buffer.concat([t.bytes!, t.bytes!]), fromDump(CASE_100_SND));
    assert.equal(t.maxLength, 54);
  });

  it('leaves "plain" unframed without --ws', () => {
    const t = compile(CASE_100);
    assert.deepEqual(Buffer.from(t.bytes!), Buffer.concat([client.subarray(0, 43), Buffer.from('plain')]));
  });

  it('drops the mask bit and key on the listener side', () => {
    const frames = '\\x89\\x00\\x8a\\x01p\\x88\\x00\\xc2\\x01b\\x01\\x01t\\x80\\x01cRAW';
    assert.deepEqual(
      Buffer.from(compile(CASE_100, { ws: true, side: 'server' }).bytes!),
      fromDump(`${frames}\\x81\\x05plain`),
    );
    assert.deepEqual(Buffer.from(compile(CASE_100, { side: 'server' }).bytes!), fromDump(`${frames}plain`));
  });
});

describe('case-89: flags, file payloads, a bare <file>', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kali-case89-'));
  const file = join(dir, 'tk71.first');
  writeFileSync(file, 'FIRST');
  const source = `\\{ws.ping}\\{ws.text "t" rsv1 rsv2 rsv3 ...}\\{raw "R"}\\{ws.binary <"${file}">}|\\{<${file}>}`;
  const frames =
    '\\x89\\x80\\x00\\x00\\x00\\x00q\\x81\\x00\\x00\\x00\\x00tR\\x82\\x85\\x00\\x00\\x00\\x00FIRST';

  it('matches the two Snd(17, 55) writes of tcpkali without --ws', () => {
    const t = compile(source);
    const message = Buffer.from(t.bytes!);
    assert.deepEqual(message, fromDump(`${frames}|FIRST`));
    // tcpkali cut the repeated message at byte boundaries (-r1 budget): 55 + 55 bytes.
    const writes = Buffer.concat([
      fromDump(
        '\\x89\\x80\\x00\\x00\\x00\\x00q\\x81\\x00\\x00\\x00\\x00tR\\x82\\x85\\x00\\x00\\x00\\x00FIRST|FIRST\\x89\\x80\\x00\\x00\\x00\\x00q\\x81\\x00\\x00\\x00\\x00tR\\x82\\x85\\x00\\x00\\x00\\x00FIRS',
      ),
      fromDump(
        'T|FIRST\\x89\\x80\\x00\\x00\\x00\\x00q\\x81\\x00\\x00\\x00\\x00tR\\x82\\x85\\x00\\x00\\x00\\x00FIRST|FIRST\\x89\\x80\\x00\\x00\\x00\\x00q\\x81\\x00\\x00\\x00\\x00tR\\x82\\x85\\x00',
      ),
    ]);
    assert.equal(writes.length, 110);
    assert.deepEqual(writes, Buffer.concat([message, message, message, message]).subarray(0, 110));
    assert.equal(message.length, 31);
  });

  it('frames the trailing text with --ws', () => {
    assert.deepEqual(
      Buffer.from(compile(source, { ws: true }).bytes!),
      fromDump(`${frames}\\x81\\x86\\x00\\x00\\x00\\x00|FIRST`),
    );
  });

  it('server side, with and without --ws', () => {
    const serverFrames = '\\x89\\x00q\\x01tR\\x82\\x05FIRST';
    assert.deepEqual(
      Buffer.from(compile(source, { side: 'server' }).bytes!),
      fromDump(`${serverFrames}|FIRST`),
    );
    assert.deepEqual(
      Buffer.from(compile(source, { side: 'server', ws: true }).bytes!),
      fromDump(`${serverFrames}\\x81\\x06|FIRST`),
    );
  });
});

describe('other recorded runs', () => {
  it('case-15: ws.binary without --ws', () => {
    assert.deepEqual(
      Buffer.from(compile('\\{ws.binary "explicit data"}').bytes!),
      fromDump('\\x82\\x8d\\x00\\x00\\x00\\x00explicit data'),
    );
  });

  it('case-16: an explicit frame is not wrapped again with --ws', () => {
    assert.deepEqual(
      Buffer.from(compile('\\{ws.text "hi"}', { ws: true }).bytes!),
      fromDump('\\x81\\x82\\x00\\x00\\x00\\x00hi'),
    );
  });

  it('case-72: a marker in -1 and -m', () => {
    for (const option of ['first-message', 'message'] as const) {
      const t = compile('\\{message.marker}', { option });
      assert.equal(renderOnce(t, undefined, 0x6610663e3666a).toString(), 'TCPKaliMsgTS-0006610663e3666a.');
    }
  });

  it('case-90: the listener renders its own uid', () => {
    assert.equal(
      renderOnce(compile('S\\{connection.uid}', { side: 'server' }), { uid: 4, ptr: 9 }).toString(),
      'S4',
    );
  });

  it('case-62: the shape of every per-connection form', () => {
    const t = compile(
      '\\{connection.ptr}|\\{connection.uid}|\\{connection.uid%3}|\\{global.re [0-9]{4}}|\\{connection.re [A-Z]{3}}|\\{re x(ab|cd)?y*}',
    );
    const text = renderOnce(t, { uid: 1, ptr: 0x7f56ec001730 }).toString();
    assert.match(text, /^0x7f56ec001730\|1\|1\|[0-9]{4}\|[A-Z]{3}\|x(ab|cd)?y{0,16}$/);
  });
});
