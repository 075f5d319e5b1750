import type { Socket } from 'node:net';
import type { StreamHandler } from 'kali';
import { SocketStream } from './socket-stream.js';

/**
 * Per-socket state lives in symbol-keyed fields on the socket, and every event listener is one
 * shared function that finds it through `this`: thousands of connections share six functions
 * instead of each holding its own closures.
 */
const kHandler = Symbol('kali.handler');
const kStream = Symbol('kali.stream');
const kError = Symbol('kali.error');

interface TaggedSocket extends Socket {
  [kHandler]: StreamHandler;
  [kStream]: SocketStream | null;
  [kError]: Error | undefined;
}

export function tagSocket(socket: Socket, handler: StreamHandler): void {
  const s = socket as TaggedSocket;
  s[kHandler] = handler;
  s[kStream] = null;
  s[kError] = undefined;
  socket.on('error', onError);
  socket.on('close', onClose);
  socket.on('drain', onDrain);
  socket.on('end', onEnd);
}

/** The socket is connected: hand the engine its stream. */
export function openSocket(socket: Socket): void {
  const s = socket as TaggedSocket;
  const stream = new SocketStream(socket);
  s[kStream] = stream;
  s[kHandler].onOpen(stream);
}

/** `onread` callback for client sockets: `this` is the socket, `buf` the worker's shared buffer. */
export function onClientRead(this: Socket, nread: number, buf: Buffer): boolean {
  (this as TaggedSocket)[kHandler].onData(buf.subarray(0, nread));
  return true;
}

/** 'data' listener for accepted sockets, which Node does not let read into a user buffer. */
export function onServerData(this: Socket, chunk: Buffer): void {
  (this as TaggedSocket)[kHandler].onData(chunk);
}

export function onConnect(this: Socket): void {
  // The connect timeout only guards the handshake; an idle established connection is fine.
  this.setTimeout(0);
  openSocket(this);
}

export function onConnectTimeout(this: Socket): void {
  const err: NodeJS.ErrnoException = new Error('Connection timed out');
  err.code = 'ETIMEDOUT';
  this.destroy(err);
}

function onError(this: Socket, err: Error): void {
  (this as TaggedSocket)[kError] = err;
}

function onClose(this: Socket): void {
  const s = this as TaggedSocket;
  s[kHandler].onClose(s[kError]);
}

function onDrain(this: Socket): void {
  (this as TaggedSocket)[kHandler].onDrain();
}

function onEnd(this: Socket): void {
  (this as TaggedSocket)[kHandler].onEnd();
}
