import { createRequire } from 'node:module';
import { isIPv6 } from 'node:net';
import { endianness } from 'node:os';
import { getSystemErrorName } from 'node:util';
import type * as Koffi from 'koffi';

/**
 * Listening sockets that every worker of a run can bind on one address and port, through libc,
 * because Node 20's net has no `reusePort` (it came in 22.12).
 *
 * Linux's SO_REUSEPORT lets sockets of one user bind the same address and port and hashes each
 * incoming connection to one of them, so every worker thread accepts its share instead of one
 * thread receiving everything. Only Linux is used: BSD and macOS accept the option but hand every
 * connection to one socket (FreeBSD balances only with SO_REUSEPORT_LB).
 *
 * The descriptor is made here, bound, and handed to `server.listen({ fd })`, which gives it to a
 * TCP handle and calls listen(2): from then on Node owns it and closes it with the server.
 */
interface ListenLib {
  socket(domain: number, type: number, protocol: number): number;
  setsockopt(fd: number, level: number, name: number, value: Int32Array, length: number): number;
  bind(fd: number, address: Uint8Array, length: number): number;
  inetPton(family: number, text: string, out: Uint8Array): number;
  close(fd: number): number;
  errno(): number;
}

const AF_INET = 2;
const AF_INET6 = 10;
/** SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC: libuv expects non-blocking descriptors. */
const STREAM = 1 | 0o4000 | 0o2000000;
const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;
const SO_REUSEPORT = 15;
const IPPROTO_IPV6 = 41;
const IPV6_V6ONLY = 26;
const EINVAL = 22;

let lib: ListenLib | null | undefined;
const one = new Int32Array([1]);
const require = createRequire(import.meta.url);

// MIPS, SPARC and Alpha number SOL_SOCKET and SO_REUSEPORT differently; Node runs on none of
// them but MIPS.
const supportedPlatform = () => process.platform === 'linux' && !process.arch.startsWith('mips');

function load(): ListenLib | null {
  if (!supportedPlatform()) return null;
  try {
    const koffi = require('koffi') as typeof Koffi;
    const libc = koffi.load(null);
    return {
      socket: libc.func('int socket(int, int, int)'),
      setsockopt: libc.func('int setsockopt(int, int, int, const void *, uint32_t)'),
      bind: libc.func('int bind(int, const void *, uint32_t)'),
      inetPton: libc.func('int inet_pton(int, const char *, void *)'),
      close: libc.func('int close(int)'),
      errno: () => koffi.errno(),
    };
  } catch {
    return null;
  }
}

/**
 * Whether listening sockets can be shared by workers on this machine. Asked in the main thread,
 * which never binds them: finding koffi is enough there, loading it (10 ms) is the workers' job.
 */
export function canShareListeners(): boolean {
  if (lib !== undefined) return lib !== null;
  if (!supportedPlatform()) return false;
  try {
    require.resolve('koffi');
    return true;
  } catch {
    return false;
  }
}

/**
 * A bound, not yet listening, non-blocking descriptor for `address:port` that other workers can
 * bind too. IPv6 addresses are IPv6 only, as Node's own listeners here are, so that `::` and
 * `0.0.0.0` on one port do not collide. Throws an error shaped like Node's (code, errno, syscall).
 */
export function sharedListenSocket(address: string, port: number): number {
  if (lib === undefined) lib = load();
  if (lib === null) throw new Error('shared listening sockets need Linux and the koffi package');
  const l = lib;
  const v6 = isIPv6(address);
  const sockaddr = socketAddress(l, v6, address, port);
  const fd = l.socket(v6 ? AF_INET6 : AF_INET, STREAM, 0);
  if (fd < 0) throw systemError(l.errno(), 'socket', address, port);
  const fail = (syscall: string): never => {
    const errno = l.errno();
    l.close(fd);
    throw systemError(errno, syscall, address, port);
  };
  // SO_REUSEADDR as Node sets it on every listener: a restarted run binds despite TIME_WAIT.
  if (l.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, one, 4) !== 0) fail('setsockopt');
  if (l.setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, one, 4) !== 0) fail('setsockopt');
  if (v6 && l.setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, one, 4) !== 0) fail('setsockopt');
  if (l.bind(fd, sockaddr, sockaddr.length) !== 0) fail('bind');
  return fd;
}

/** struct sockaddr_in / sockaddr_in6: family in host order, port in network order. */
function socketAddress(l: ListenLib, v6: boolean, address: string, port: number): Uint8Array {
  const out = Buffer.alloc(v6 ? 28 : 16);
  if (endianness() === 'LE') out.writeUInt16LE(v6 ? AF_INET6 : AF_INET, 0);
  else out.writeUInt16BE(v6 ? AF_INET6 : AF_INET, 0);
  out.writeUInt16BE(port, 2);
  // sin_addr at 4; sin6_addr at 8, after sin6_flowinfo. A scoped address (fe80::1%eth0) has no
  // single binary form without its interface index, which inet_pton does not read.
  const bytes = out.subarray(v6 ? 8 : 4, v6 ? 24 : 8);
  if (l.inetPton(v6 ? AF_INET6 : AF_INET, address, bytes) !== 1) {
    throw systemError(EINVAL, 'inet_pton', address, port);
  }
  return out;
}

function systemError(errno: number, syscall: string, address: string, port: number): NodeJS.ErrnoException {
  const code = getSystemErrorName(-errno);
  const err: NodeJS.ErrnoException = new Error(`${syscall} ${code} ${address}:${port}`);
  err.code = code;
  // Node's convention (and describeError's lookup): libuv's negative numbers.
  err.errno = -errno;
  err.syscall = syscall;
  return err;
}
