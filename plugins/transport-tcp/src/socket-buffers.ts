import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { HostContext, KaliApi, SocketOptions } from 'kali';
import type * as Koffi from 'koffi';

/**
 * SO_RCVBUF / SO_SNDBUF through libc, because Node has no API for them on TCP sockets.
 *
 * When the buffers go on matters: Linux derives the window clamp and window scale it offers in
 * the SYN from the receive buffer at connect() time (tcp(7): "the socket buffer size must be set
 * prior to the listen(2) or connect(2) calls in order to have it take effect"). Node only creates
 * a client's descriptor inside the nextTick that also calls connect(2), so no event ever sees it
 * before the SYN. Outgoing sockets therefore get a descriptor made here, with the buffers already
 * set, and handed to Node's handle through `open()` before that nextTick runs.
 */

/** The libc calls kali makes, plus the constants of the platform they came from. */
export interface SockoptLib {
  readonly platform: SocketConstants;
  socket(domain: number, type: number, protocol: number): number;
  setsockopt(fd: number, level: number, name: number, value: Int32Array, length: number): number;
  getsockopt(fd: number, level: number, name: number, value: Int32Array, length: Uint32Array): number;
  close(fd: number): number;
  errno(): number;
}

export type SockoptLoader = () => SockoptLib;

export interface SocketConstants {
  solSocket: number;
  soRcvbuf: number;
  soSndbuf: number;
  afInet: number;
  afInet6: number;
  /** SOCK_STREAM, with non-blocking and close-on-exec folded in where socket(2) takes them. */
  streamType: number;
  /** Linux stores (and reports) twice the requested size, the extra half for its bookkeeping. */
  doubles: boolean;
}

const BSD_SOCKOPTS = { solSocket: 0xffff, soRcvbuf: 0x1002, soSndbuf: 0x1001, afInet: 2, doubles: false };

function constantsFor(platform: string, arch: string): SocketConstants {
  switch (platform) {
    case 'linux':
      // MIPS renumbers SOL_SOCKET and SOCK_STREAM; every other Linux port Node runs on agrees.
      if (arch.startsWith('mips')) throw new Error(`Linux on ${arch} is not supported`);
      return {
        solSocket: 1,
        soRcvbuf: 8,
        soSndbuf: 7,
        afInet: 2,
        afInet6: 10,
        streamType: 1 | 0o4000 | 0o2000000,
        doubles: true,
      };
    case 'darwin':
      return { ...BSD_SOCKOPTS, afInet6: 30, streamType: 1 };
    case 'freebsd':
      return { ...BSD_SOCKOPTS, afInet6: 28, streamType: 1 | 0x20000000 | 0x10000000 };
    default:
      throw new Error(`${platform} is not supported`);
  }
}

function loadLibc(): SockoptLib {
  const platform = constantsFor(process.platform, process.arch);
  // Loaded with require so that sockets can be configured synchronously, and only by runs that ask.
  const koffi = createRequire(import.meta.url)('koffi') as typeof Koffi;
  // null: the symbols Node itself is linked against, whichever libc that is (glibc, musl, libSystem).
  const libc = koffi.load(null);
  return {
    platform,
    socket: libc.func('int socket(int, int, int)'),
    setsockopt: libc.func('int setsockopt(int, int, int, const void *, uint32_t)'),
    getsockopt: libc.func('int getsockopt(int, int, int, void *, void *)'),
    close: libc.func('int close(int)'),
    errno: () => koffi.errno(),
  };
}

let loader: SockoptLoader = loadLibc;
let lib: SockoptLib | undefined;
/** Scratch arguments shared by every call: the calls are synchronous, so one of each is enough. */
const intArg = new Int32Array(1);
const lengthArg = new Uint32Array(1);
/** Buffer sizes for sockets whose descriptor only appears on 'connect' (see applyOnConnect). */
let deferred: SocketOptions = {};

/** Replace how libc is loaded (tests simulate a platform without it); forgets a loaded one. */
export function setSockoptLoader(load: SockoptLoader = loadLibc): void {
  loader = load;
  lib = undefined;
}

function libc(): SockoptLib {
  lib ??= loader();
  return lib;
}

function optionName(opts: SocketOptions): string {
  return opts.rcvbuf !== undefined ? '--rcvbuf' : '--sndbuf';
}

/** int is what the kernel reads; a larger request cannot mean more than the largest int. */
function asInt(bytes: number): number {
  return Math.min(Math.floor(bytes), 0x7fffffff);
}

function setBuffer(l: SockoptLib, fd: number, name: number, bytes: number): boolean {
  intArg[0] = asInt(bytes);
  return l.setsockopt(fd, l.platform.solSocket, name, intArg, 4) === 0;
}

function setBuffers(l: SockoptLib, fd: number, opts: SocketOptions): boolean {
  return (
    (opts.rcvbuf === undefined || setBuffer(l, fd, l.platform.soRcvbuf, opts.rcvbuf)) &&
    (opts.sndbuf === undefined || setBuffer(l, fd, l.platform.soSndbuf, opts.sndbuf))
  );
}

/** getsockopt(SO_RCVBUF or SO_SNDBUF) on `fd`, or -1 when the call fails. */
export function readSocketBuffer(fd: number, which: 'rcvbuf' | 'sndbuf'): number {
  const l = libc();
  lengthArg[0] = 4;
  const name = which === 'rcvbuf' ? l.platform.soRcvbuf : l.platform.soSndbuf;
  return l.getsockopt(fd, l.platform.solSocket, name, intArg, lengthArg) === 0 ? intArg[0] : -1;
}

interface TcpHandle {
  fd: number;
  open(fd: number): number;
}

function failSocket(socket: Socket, l: SockoptLib): void {
  socket.destroy(new Error(`setsockopt(SO_RCVBUF/SO_SNDBUF) failed: errno ${l.errno()}`));
}

/**
 * Put `opts.rcvbuf` / `opts.sndbuf` on a socket kali just created (`family` given: an outgoing
 * socket whose connect() Node has queued but not run) or just accepted.
 */
export function applySocketBuffers(socket: Socket, opts: SocketOptions, family: 4 | 6 | undefined): void {
  const l = libc();
  const handle = (socket as unknown as { _handle: TcpHandle | null })._handle;
  if (handle === null) return;
  if (handle.fd >= 0) {
    if (!setBuffers(l, handle.fd, opts)) failSocket(socket, l);
    return;
  }
  if (family !== undefined) {
    const fd = l.socket(family === 6 ? l.platform.afInet6 : l.platform.afInet, l.platform.streamType, 0);
    if (fd >= 0) {
      if (!setBuffers(l, fd, opts)) {
        l.close(fd);
        failSocket(socket, l);
        return;
      }
      // Node binds (for --source-ip) and connects whatever descriptor its handle holds.
      if (handle.open(fd) === 0) return;
      l.close(fd);
    }
  }
  // No descriptor of our own (descriptors exhausted, or no family to make one): set the buffers
  // once Node's descriptor exists, after the handshake, as setting them any later would be.
  deferred = opts;
  socket.on('connect', applyOnConnect);
}

/** Shared by every deferred socket; the sizes are the run's, identical for all of them. */
function applyOnConnect(this: Socket): void {
  const fd = (this as unknown as { _handle: TcpHandle | null })._handle?.fd ?? -1;
  const l = libc();
  if (fd >= 0 && !setBuffers(l, fd, deferred)) failSocket(this, l);
}

/** The warning for one option when the kernel did not apply `requested`; undefined when it did. */
export function bufferWarning(
  option: '--rcvbuf' | '--sndbuf',
  requested: number,
  readBack: number,
  platform: Pick<SocketConstants, 'doubles'>,
  kernelMax: number | undefined,
): string | undefined {
  const factor = platform.doubles ? 2 : 1;
  if (readBack === asInt(requested) * factor) return undefined;
  const name = option === '--rcvbuf' ? 'SO_RCVBUF' : 'SO_SNDBUF';
  const applied = Math.floor(readBack / factor);
  let why = '';
  if (platform.doubles) {
    const sysctl = option === '--rcvbuf' ? 'net.core.rmem_max' : 'net.core.wmem_max';
    why =
      applied < requested
        ? `; Linux doubles the value and caps it at ${sysctl}${kernelMax === undefined ? '' : `=${kernelMax}`}`
        : '; Linux doubles the value and raises it to its minimum';
  }
  return `WARNING: ${option} ${requested} has no full effect: the kernel applied ${applied} bytes (${name} reads back ${readBack}${why})`;
}

function linuxMax(option: '--rcvbuf' | '--sndbuf'): number | undefined {
  try {
    const file = option === '--rcvbuf' ? 'rmem_max' : 'wmem_max';
    return Number.parseInt(readFileSync(`/proc/sys/net/core/${file}`, 'utf8'), 10);
  } catch {
    return undefined;
  }
}

/**
 * Start-up check on the main thread, once per run: refuse the options when libc cannot be
 * reached, and warn (as tcpkali does before any connection) when the kernel will not apply a
 * size, found by setting it on a scratch TCP socket and reading it back. `kali` is the API the
 * calling plugin's factory received: its errors are the ones the host loading it understands.
 */
export function checkSocketBuffers(
  ctx: Pick<HostContext, 'config' | 'log'>,
  kali: Pick<KaliApi, 'error' | 'exit' | 'describeError'>,
): void {
  const opts: SocketOptions = { rcvbuf: ctx.config.rcvbuf, sndbuf: ctx.config.sndbuf };
  if (opts.rcvbuf === undefined && opts.sndbuf === undefined) return;
  let l: SockoptLib;
  try {
    l = libc();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw kali.error(
      `${optionName(opts)}: cannot set socket buffer sizes on this platform (${reason})`,
      kali.exit.USAGE,
    );
  }
  const fd = l.socket(l.platform.afInet, l.platform.streamType, 0);
  if (fd < 0) {
    // Out of descriptors, most likely: the C library's words, as for every system error.
    const reason = kali.describeError({ errno: -l.errno() });
    throw kali.error(`${optionName(opts)}: cannot open a socket to check it: ${reason}`, kali.exit.FAILED);
  }
  try {
    for (const [option, requested] of [
      ['--rcvbuf', opts.rcvbuf],
      ['--sndbuf', opts.sndbuf],
    ] as const) {
      if (requested === undefined) continue;
      const which = option === '--rcvbuf' ? 'rcvbuf' : 'sndbuf';
      if (!setBuffers(l, fd, { [which]: requested })) {
        throw kali.error(
          `${option} ${requested}: setsockopt refused it (errno ${l.errno()})`,
          kali.exit.USAGE,
        );
      }
      const readBack = readSocketBuffer(fd, which);
      const line = bufferWarning(
        option,
        requested,
        readBack,
        l.platform,
        l.platform.doubles ? linuxMax(option) : undefined,
      );
      if (line) ctx.log(line);
    }
  } finally {
    l.close(fd);
  }
}
