import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import type { Listener, RunConfig, SocketOptions, Stream, StreamHandler } from 'kali';
import {
  bufferWarning,
  checkSocketBuffers,
  readSocketBuffer,
  setSockoptLoader,
} from '../../../plugins/transport-tcp/src/socket-buffers.js';
import { TcpTransport } from '../../../plugins/transport-tcp/src/tcp-transport.js';
import { kaliApi } from '../../helpers/kali-api.js';

const linux = process.platform === 'linux';
const sysctl = (name: string) => Number.parseInt(readFileSync(`/proc/sys/net/core/${name}`, 'utf8'), 10);

/** What getsockopt should report for a request the kernel honours: Linux doubles it. */
const honoured = (bytes: number) => (linux ? 2 * bytes : bytes);

class Endpoint implements StreamHandler {
  countTraffic(): void {}
  stream: Stream | undefined;
  readonly opened: Promise<Stream>;
  readonly closed: Promise<Error | undefined>;
  private open!: (s: Stream) => void;
  private close!: (e: Error | undefined) => void;

  constructor() {
    this.opened = new Promise((resolve) => {
      this.open = resolve;
    });
    this.closed = new Promise((resolve) => {
      this.close = resolve;
    });
  }
  onOpen(stream: Stream): void {
    this.stream = stream;
    this.open(stream);
  }
  onData(): void {}
  onDrain(): void {}
  onEnd(): void {}
  onClose(error: Error | undefined): void {
    this.close(error);
  }
}

/** A connected loopback pair whose both ends were given `opts` by the transport. */
async function loopbackPair(
  opts: SocketOptions,
): Promise<{ client: Stream; server: Stream; done(): Promise<void> }> {
  const transport = new TcpTransport();
  const serverEnd = new Endpoint();
  const listener: Listener = await transport.listen(
    { address: '127.0.0.1', port: 0, backlog: 16, ...opts },
    () => serverEnd,
  );
  const clientEnd = new Endpoint();
  transport.connect(
    {
      identity: { uid: 1, ptr: 1 },
      destination: {
        spec: { text: '', host: '127.0.0.1', port: listener.port, path: '' },
        address: '127.0.0.1',
        family: 4,
        port: listener.port,
      },
      localAddress: '127.0.0.1',
      timeoutMs: 2000,
      noDelay: true,
      ...opts,
    },
    clientEnd,
  );
  const [client, server] = await Promise.all([clientEnd.opened, serverEnd.opened]);
  return {
    client,
    server,
    async done() {
      client.destroy();
      server.destroy();
      await Promise.all([clientEnd.closed, serverEnd.closed]);
      await listener.close();
    },
  };
}

function runContext(rcvbuf: number | undefined, sndbuf: number | undefined) {
  const lines: string[] = [];
  const config = { rcvbuf, sndbuf } as RunConfig;
  return { ctx: { config, log: (line: string) => lines.push(line) }, lines };
}

describe('socket buffers', () => {
  test('64k on both ends of a loopback pair reads back as the kernel stores it', async () => {
    const pair = await loopbackPair({ rcvbuf: 64 * 1024, sndbuf: 64 * 1024 });
    try {
      for (const stream of [pair.client, pair.server]) {
        assert.ok(stream.fd >= 0);
        assert.equal(readSocketBuffer(stream.fd, 'rcvbuf'), honoured(65536));
        assert.equal(readSocketBuffer(stream.fd, 'sndbuf'), honoured(65536));
      }
    } finally {
      await pair.done();
    }
  });

  test('the client receive buffer is in place before the SYN, so the window scale follows it', {
    skip: !linux && 'TCP_INFO layout is read as Linux has it',
  }, async () => {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const getsockopt = koffi.load(null).func('int getsockopt(int, int, int, void *, void *)');
    const rcvWscale = (fd: number) => {
      const info = Buffer.alloc(256);
      const length = new Uint32Array([info.length]);
      assert.equal(getsockopt(fd, 6 /* IPPROTO_TCP */, 11 /* TCP_INFO */, info, length), 0);
      // tcpi_snd_wscale:4 then tcpi_rcv_wscale:4 in byte 6.
      return info[6] >> 4;
    };
    // 4 KiB fits a 16-bit window: a buffer set before connect(2) leaves nothing to scale, while
    // one set after the handshake would find the scale already chosen from the default buffer.
    const pair = await loopbackPair({ rcvbuf: 4096 });
    try {
      assert.equal(rcvWscale(pair.client.fd), 0);
    } finally {
      await pair.done();
    }
  });

  test('a size beyond the kernel maximum is clamped and reported once per option', {
    skip: !linux,
  }, async () => {
    const huge = 1024 * 1024 * 1024;
    const rmemMax = sysctl('rmem_max');
    const wmemMax = sysctl('wmem_max');
    const { ctx, lines } = runContext(huge, huge);
    checkSocketBuffers(ctx, kaliApi);
    assert.deepEqual(lines, [
      `WARNING: --rcvbuf ${huge} has no full effect: the kernel applied ${rmemMax} bytes (SO_RCVBUF reads back ${2 * rmemMax}; Linux doubles the value and caps it at net.core.rmem_max=${rmemMax})`,
      `WARNING: --sndbuf ${huge} has no full effect: the kernel applied ${wmemMax} bytes (SO_SNDBUF reads back ${2 * wmemMax}; Linux doubles the value and caps it at net.core.wmem_max=${wmemMax})`,
    ]);

    const pair = await loopbackPair({ rcvbuf: huge, sndbuf: huge });
    try {
      assert.equal(readSocketBuffer(pair.client.fd, 'rcvbuf'), 2 * rmemMax);
      assert.equal(readSocketBuffer(pair.server.fd, 'sndbuf'), 2 * wmemMax);
    } finally {
      await pair.done();
    }
  });

  test('a size the kernel honours passes the start-up check silently', () => {
    const { ctx, lines } = runContext(64 * 1024, 64 * 1024);
    checkSocketBuffers(ctx, kaliApi);
    assert.deepEqual(lines, []);
  });

  test('a size raised to the kernel minimum says so', () => {
    assert.equal(
      bufferWarning('--rcvbuf', 1, 2304, { doubles: true }, 4194304),
      'WARNING: --rcvbuf 1 has no full effect: the kernel applied 1152 bytes (SO_RCVBUF reads back 2304; Linux doubles the value and raises it to its minimum)',
    );
    assert.equal(bufferWarning('--sndbuf', 5000, 5000, { doubles: false }, undefined), undefined);
    assert.equal(
      bufferWarning('--sndbuf', 5000, 4096, { doubles: false }, undefined),
      'WARNING: --sndbuf 5000 has no full effect: the kernel applied 4096 bytes (SO_SNDBUF reads back 4096)',
    );
  });

  test('without a usable libc the option is refused at start-up, naming it', () => {
    setSockoptLoader(() => {
      throw new Error('win32 is not supported');
    });
    try {
      assert.throws(() => checkSocketBuffers(runContext(65536, undefined).ctx, kaliApi), {
        message: '--rcvbuf: cannot set socket buffer sizes on this platform (win32 is not supported)',
        exitCode: 64,
      });
      assert.throws(() => checkSocketBuffers(runContext(undefined, 65536).ctx, kaliApi), {
        message: '--sndbuf: cannot set socket buffer sizes on this platform (win32 is not supported)',
        exitCode: 64,
      });
      // Runs without the options never touch the library.
      assert.doesNotThrow(() => checkSocketBuffers(runContext(undefined, undefined).ctx, kaliApi));
    } finally {
      setSockoptLoader();
    }
  });

  test('a socket that cannot be opened for the check is one line with the reason, exit 1', () => {
    const EMFILE = 24;
    setSockoptLoader(() => ({
      platform: {
        solSocket: 1,
        soRcvbuf: 8,
        soSndbuf: 7,
        afInet: 2,
        afInet6: 10,
        streamType: 1,
        doubles: true,
      },
      socket: () => -1,
      setsockopt: () => 0,
      getsockopt: () => 0,
      close: () => 0,
      errno: () => EMFILE,
    }));
    try {
      assert.throws(() => checkSocketBuffers(runContext(65536, undefined).ctx, kaliApi), {
        message: '--rcvbuf: cannot open a socket to check it: Too many open files',
        exitCode: 1,
      });
    } finally {
      setSockoptLoader();
    }
  });
});
