import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContentArg } from 'kali';
import { redisTemplates } from '../../../plugins/protocol-redis/src/redis-commands.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { contentCompiler, message, renderMany, resp } from './helpers.js';

const compile = contentCompiler();
const templates = (...content: ContentArg[]) => redisTemplates(content, compile, kaliApi);
const requests = (...commands: string[]) => templates(...commands.map(message)).request;

describe('redis command encoder', () => {
  it('a command without expressions is a static template: the engine pre-joins it', () => {
    const t = requests('SET key "a value"');
    assert.deepEqual(Buffer.from(t.bytes!), resp('SET', 'key', 'a value'));
    assert.equal(t.maxLength, t.bytes!.length);
    assert.equal(t.bind, undefined);
  });

  it('binary arguments keep their exact bytes and lengths', () => {
    const t = requests('SET k "\\x00\\xff\\r\\n"');
    assert.deepEqual(Buffer.from(t.bytes!), resp('SET', 'k', Uint8Array.of(0, 0xff, 13, 10)));
    assert.deepEqual(Buffer.from(requests('SET k ""').bytes!), resp('SET', 'k', ''));
  });

  it('per-connection values are bound once: the renderer exposes the bytes', () => {
    const t = requests('SET key:\\{connection.uid} value');
    assert.equal(t.bytes, undefined);
    for (const uid of [1, 9, 10, 12345]) {
      const r = t.bind!({ uid, ptr: 1 });
      assert.deepEqual(Buffer.from(r.bytes!), resp('SET', `key:${uid}`, 'value'));
      assert.ok(r.bytes!.length <= t.maxLength);
      assert.deepEqual(renderMany(t, 2, uid), [
        resp('SET', `key:${uid}`, 'value'),
        resp('SET', `key:${uid}`, 'value'),
      ]);
    }
  });

  it('per-request values get the length of what was rendered, wherever the header width falls', () => {
    // 1 to 12 letters: the length header is one or two digits, the room reserved is two.
    const t = requests('SET "k \\{re [a-z]{1,12}}" v\\{re [0-9]{0,3}}');
    const seen = new Set<number>();
    for (const m of renderMany(t, 400, 3)) {
      const match = /^\*3\r\n\$3\r\nSET\r\n\$(\d+)\r\nk ([a-z]+)\r\n\$(\d+)\r\nv([0-9]*)\r\n$/.exec(
        m.toString('latin1'),
      );
      assert.ok(match, JSON.stringify(m.toString('latin1')));
      assert.equal(Number(match[1]), 2 + match[2].length);
      assert.equal(Number(match[3]), 1 + match[4].length);
      seen.add(match[2].length);
    }
    assert.ok(seen.has(1) && seen.has(12), `lengths seen: ${[...seen]}`);
  });

  it('several -m take turns on each connection, each connection from the first', () => {
    const t = requests('SET k:\\{connection.uid} v', 'GET k:\\{connection.uid}', 'PING');
    assert.deepEqual(renderMany(t, 4, 7), [
      resp('SET', 'k:7', 'v'),
      resp('GET', 'k:7'),
      resp('PING'),
      resp('SET', 'k:7', 'v'),
    ]);
    const statics = requests('SET k v', 'GET k');
    assert.equal(statics.bytes, undefined);
    assert.deepEqual(renderMany(statics, 3), [
      resp('SET', 'k', 'v'),
      resp('GET', 'k'),
      resp('SET', 'k', 'v'),
    ]);
  });

  it('message markers are rendered at send time and flag the template', () => {
    const t = requests('SET k \\{message.marker}');
    assert.equal(t.markers, true);
    const [m] = renderMany(t, 1);
    assert.match(
      m.toString('latin1'),
      /^\*3\r\n\$3\r\nSET\r\n\$1\r\nk\r\n\$30\r\nTCPKaliMsgTS-[0-9a-f]{16}\.\r\n$/,
    );
  });

  it('-1 commands form one hello, sent once, with the number of replies it asks for', () => {
    const t = templates(
      message('GET k'),
      { option: 'first-message', value: 'SELECT 1', unescape: false },
      {
        option: 'first-message',
        value: 'CLIENT SETNAME c\\{connection.uid}',
        unescape: false,
      },
    );
    assert.equal(t.helloReplies, 2);
    assert.deepEqual(Buffer.from(t.request.bytes!), resp('GET', 'k'));
    assert.deepEqual(renderMany(t.hello!, 1, 4), [
      Buffer.concat([resp('SELECT', '1'), resp('CLIENT', 'SETNAME', 'c4')]),
    ]);
  });

  it('no -m: nothing to send', () => {
    const t = templates();
    assert.equal(t.request.maxLength, 0);
    assert.equal(t.hello, undefined);
  });

  it('refuses bad commands and -f with one line naming the option and value, exit 64', () => {
    const refused = (arg: ContentArg, text: string) =>
      assert.throws(
        () => templates(arg),
        (e: Error & { exitCode?: number }) =>
          e.exitCode === 64 && e.message === text && !e.message.includes('\n'),
      );
    refused(message(''), "--message='': empty command");
    refused(message('SET k "v'), "--message='SET k \"v': unterminated double quote");
    refused(
      { option: 'first-message', value: "AUTH 'x", unescape: false },
      "--first-message='AUTH 'x': unterminated single quote",
    );
    refused(
      { option: 'message-file', value: 'cmds.txt', unescape: false },
      "--message-file='cmds.txt': redis:// takes its commands from -m and -1, one command each",
    );
  });

  it('a bad expression is the expression plugin’s error, naming the option', () => {
    assert.throws(() => requests('SET k \\{nosuch.thing}'), /--message='\\\{nosuch\.thing\}'/);
  });
});
